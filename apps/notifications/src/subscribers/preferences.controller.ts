import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@dxhub/auth';
import { PreferencesDto } from '../preferences/dto/preferences.dto';
import { effectivePreferences, type Preferences } from '../preferences/preferences';
import { SubscribersService } from './subscribers.service';

@ApiTags('preferences')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/preferences')
export class PreferencesController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Get()
  @ApiOperation({ summary: 'My preferences as they apply (mine, else my agency’s defaults, else the platform’s)' })
  @ApiOkResponse({ type: PreferencesDto })
  async mine(@CurrentPrincipal() principal: Principal): Promise<Preferences> {
    const me = await this.subscribers.get(principal.sub);
    const agency = await this.subscribers.agencySettings(principal.agency).catch(() => undefined);
    return effectivePreferences(me?.preferences ?? null, agency?.preferences ?? null);
  }

  @Put()
  @ApiOperation({ summary: 'Set my channels per severity, quiet hours and daily digest' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiBadRequestResponse({ description: 'The body is invalid (the message names the field).' })
  async set(@CurrentPrincipal() principal: Principal, @Body() dto: PreferencesDto): Promise<Preferences> {
    const prefs: Preferences = { channels: dto.channels, quietHours: dto.quietHours ?? null, digest: dto.digest };
    await this.subscribers.setPreferences(principal.sub, principal.agency, principal.roles, prefs);
    return prefs;
  }
}
