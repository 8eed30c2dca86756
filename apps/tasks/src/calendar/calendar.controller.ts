import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@dxhub/auth';
import { isIsoDate } from '@dxhub/calendar';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { CalendarService } from './calendar.service';
import { CalendarNoticeDto } from './dto/calendar-notice.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/calendar')
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  @Get('working-days')
  @ApiOperation({
    summary:
      'Working days between two dates (after `from`, up to and including `to`) and `from` plus `add` working days',
  })
  @ApiQuery({ name: 'from', example: '2026-02-12' })
  @ApiQuery({ name: 'to', required: false, example: '2026-02-24' })
  @ApiQuery({ name: 'add', required: false, example: 5 })
  @ApiBadRequestResponse({ description: 'A date is not YYYY-MM-DD.' })
  workingDays(
    @Query('from') from: string,
    @Query('to') to?: string,
    @Query('add') add?: string,
  ): Record<string, unknown> {
    const cal = this.calendars.calendar();
    const bad = [from, to].filter((d) => d !== undefined && !isIsoDate(d));
    if (bad.length > 0 || (add !== undefined && !/^-?\d{1,4}$/.test(add))) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'INVALID_DATE',
        'from and to must be dates YYYY-MM-DD and add a whole number',
      );
    }
    return {
      from,
      isWorkingDay: cal.isWorkingDay(from),
      ...(to ? { to, workingDays: cal.workingDaysBetween(from, to) } : {}),
      ...(add !== undefined ? { add: Number(add), date: cal.addWorkingDays(from, Number(add)) } : {}),
    };
  }

  @Get('notices')
  @ApiOperation({ summary: 'The yearly notices entered by administrators (on top of the built-in ones)' })
  async notices(): Promise<{ data: unknown[] }> {
    return { data: await this.calendars.notices() };
  }

  @Post('notices')
  @Roles('admin', 'programme-office')
  @ApiOperation({ summary: "Add the government's announced days off and swapped working days for a year" })
  @ApiCreatedResponse({ description: 'The year as the calendar now sees it.' })
  async addNotice(@Body() dto: CalendarNoticeDto, @CurrentPrincipal() principal: Principal): Promise<unknown> {
    const wrongYear = [...dto.daysOff, ...dto.workingDays].filter(
      (d) => !isIsoDate(d) || !d.startsWith(`${dto.year}-`),
    );
    if (wrongYear.length > 0) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'INVALID_DATE',
        `dates not in ${dto.year} or not dates: ${wrongYear.join(', ')}`,
      );
    }
    await this.calendars.addNotice(dto, principal.sub);
    return this.calendars.year(dto.year);
  }

  @Get(':year')
  @ApiOperation({ summary: "A year's holidays and announced days off, and its number of working days" })
  year(@Param('year', ParseIntPipe) year: number): unknown {
    return this.calendars.year(year);
  }
}
