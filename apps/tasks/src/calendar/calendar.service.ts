import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { auditRequestIn } from '@dxhub/audit';
import { type IsoDate, WorkingDayCalendar, type YearNotice } from '@dxhub/calendar';
import { DataSource } from 'typeorm';
import { CalendarRepository } from './calendar.repository';

/** A notice as stored: the yearly days off and swapped working days the government announced. */
/** A year as the calendar sees it: its holidays and announced days off, and its number of working days. */
export interface CalendarYearView {
  year: number;
  holidays: { date: IsoDate; name: string }[];
  workingDayCount: number;
}

export interface StoredNotice extends YearNotice {
  id: string;
  createdAt: Date;
  createdBy: string;
}

/**
 * The working-day calendar with the notices an administrator entered (calendar_notices) on top of the built-in
 * ones. Reloaded from the database before each scheduler run and after each change, so replicas agree.
 */
@Injectable()
export class CalendarService implements OnModuleInit {
  private current = new WorkingDayCalendar();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly repository: CalendarRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  calendar(): WorkingDayCalendar {
    return this.current;
  }

  async reload(): Promise<WorkingDayCalendar> {
    this.current = new WorkingDayCalendar().withNotices(await this.notices());
    return this.current;
  }

  async notices(): Promise<StoredNotice[]> {
    const rows = await this.repository.notices();
    return rows.map((r) => ({ ...r, source: r.source ?? undefined }));
  }

  async addNotice(notice: YearNotice, createdBy: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.repository.insert(m, notice, createdBy);
      await auditRequestIn(m, { year: notice.year });
    });
    await this.reload();
  }

  /** A year as the calendar sees it: holidays, swapped working days, and the count of working days. */
  year(year: number): CalendarYearView {
    const cal = this.current;
    return {
      year,
      holidays: cal.holidays(year),
      workingDayCount: cal.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`),
    };
  }
}
