import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@dxhub/auth';
import { FIRST_SERVED_YEAR, isServedDate, isServedYear, LAST_SERVED_YEAR, SERVED_RANGE_TEXT } from '@dxhub/calendar';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { CalendarService, type CalendarYearView } from './calendar.service';
import { CalendarNoticeDto } from './dto/calendar-notice.dto';
import { WorkingDaysQueryDto } from './dto/working-days-query.dto';

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
  @ApiBadRequestResponse({
    description: `A date is not YYYY-MM-DD ${SERVED_RANGE_TEXT}, or the sum falls outside those years.`,
  })
  workingDays(@Query() q: WorkingDaysQueryDto): Record<string, unknown> {
    const cal = this.calendars.calendar();
    return {
      from: q.from,
      isWorkingDay: cal.isWorkingDay(q.from),
      ...(q.to ? { to: q.to, workingDays: cal.workingDaysBetween(q.from, q.to) } : {}),
      ...(q.add !== undefined ? { add: q.add, date: cal.addWorkingDays(q.from, q.add) } : {}),
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
  async addNotice(@Body() dto: CalendarNoticeDto, @CurrentPrincipal() principal: Principal): Promise<CalendarYearView> {
    const wrongYear = [...dto.daysOff, ...dto.workingDays].filter(
      (d) => !isServedDate(d) || !d.startsWith(`${dto.year}-`),
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
  year(@Param('year', ParseIntPipe) year: number): CalendarYearView {
    if (!isServedYear(year))
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'DATE_OUT_OF_RANGE',
        `year must be between ${FIRST_SERVED_YEAR} and ${LAST_SERVED_YEAR}, got ${year}`,
      );
    return this.calendars.year(year);
  }
}
