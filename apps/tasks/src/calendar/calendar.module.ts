import { Module } from '@nestjs/common';
import { ClockModule } from '@dxhub/calendar';
import { CalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';

/**
 * Time and working days: the service's one Clock (tests move it: there must be one instance) and the working-day
 * calendar with the administrators' notices.
 */
@Module({
  imports: [ClockModule],
  controllers: [CalendarController],
  providers: [CalendarService, CalendarRepository],
  exports: [ClockModule, CalendarService],
})
export class CalendarModule {}
