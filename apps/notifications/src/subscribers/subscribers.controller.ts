import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@dxhub/auth';
import { AGENCY_CODE_PATTERN } from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import type { AgencySettings, Subscriber } from './subscriber';
import { AgencySettingsDto } from './dto/agency-settings.dto';
import { SubscriberQueryDto } from './dto/subscriber-query.dto';
import { SubscriberDto } from './dto/subscriber.dto';
import { SubscribersService } from './subscribers.service';

const agencyCode = (code: string): string => {
  if (!AGENCY_CODE_PATTERN.test(code))
    throw new DomainException(DomainErrorKind.INVALID_INPUT, 'INVALID_AGENCY_CODE', `'${code}' is not an agency code`);
  return code;
};

@ApiTags('directory')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@ApiForbiddenResponse({ description: 'Rule `role-required`: admin or programme-office.' })
@Roles('admin', 'programme-office')
@Controller('v1')
export class SubscribersController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Get('subscribers')
  @ApiOperation({ summary: 'The directory of people notices are addressed to (by agency and role)' })
  list(@Query() query: SubscriberQueryDto): Promise<Subscriber[]> {
    return this.subscribers.list(query.agency);
  }

  @Get('subscribers/:userId')
  @ApiNotFoundResponse({ description: 'Not in the directory.' })
  async one(@Param('userId') userId: string): Promise<Subscriber> {
    const s = await this.subscribers.get(userId);
    if (!s) throw new DomainException(DomainErrorKind.NOT_FOUND, 'SUBSCRIBER_NOT_FOUND', `no subscriber ${userId}`);
    return s;
  }

  @Put('subscribers/:userId')
  @ApiOperation({ summary: 'Add or replace a subscriber (userId = the JWT sub)' })
  @ApiOkResponse()
  put(@Param('userId') userId: string, @Body() dto: SubscriberDto): Promise<Subscriber> {
    return this.subscribers.upsert(userId, dto);
  }

  @Delete('subscribers/:userId')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Not in the directory.' })
  remove(@Param('userId') userId: string): Promise<void> {
    return this.subscribers.remove(userId);
  }

  @Get('agencies/:code/notification-settings')
  @ApiOperation({ summary: 'An agency’s notification settings (its own admin or the programme office)' })
  @ApiNotFoundResponse({ description: 'Nothing set for this agency.' })
  settings(
    @Param('code') code: string,
    @CurrentPrincipal() me: Principal,
  ): Promise<AgencySettings & { hasWebhookSecret: boolean }> {
    return this.subscribers.agencySettingsFor(me, agencyCode(code));
  }

  @Put('agencies/:code/notification-settings')
  @ApiOperation({
    summary: 'Set an agency’s webhook (URL + signing secret), contact e-mail and default preferences',
    description:
      'Only the agency’s own admin or the programme office (rule `agency-settings-by-own-admin`). The webhook must ' +
      'resolve to public addresses only (400 `WEBHOOK_TARGET_NOT_ALLOWED`) and be https in production. The change is ' +
      'audited and every admin of the agency gets an inbox notice.',
  })
  @ApiBadRequestResponse({ description: 'An invalid body, or a webhook to an internal address.' })
  putSettings(
    @Param('code') code: string,
    @Body() dto: AgencySettingsDto,
    @CurrentPrincipal() me: Principal,
  ): Promise<AgencySettings & { hasWebhookSecret: boolean }> {
    return this.subscribers.setAgencySettings(agencyCode(code), dto, me);
  }
}
