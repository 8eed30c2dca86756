import { Inject, Injectable } from '@nestjs/common';
import { PeriodType } from '@dxhub/periods';
import {
  type Column,
  column,
  returningRows,
  rowShape,
  selectFirst,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import type { CreateObligationDto } from './dto/create-obligation.dto';
import { ORG_UNIT_COVERAGES, type Obligation } from './obligation';
import { DUE_ANCHORS } from './obligation-schedule';

/** Columns of `obligations` as the API's names. */
const OBLIGATION_COLUMNS = `code, name_vi AS "nameVi", name_en AS "nameEn", agency_code AS "agencyCode",
  period_type AS "periodType", indicator_codes AS "indicatorCodes", org_unit_codes AS "orgUnitCodes", coverage,
  due_anchor AS "dueAnchor", due_working_days AS "dueWorkingDays", valid_from::text AS "validFrom",
  valid_to::text AS "validTo", origin`;

export type ObligationEventKind = 'opened' | 'due-soon' | 'overdue';

/** A column holding one of `values` (a CHECK or the code keeps it to them). */
function oneOf<T extends string>(expected: string, values: readonly T[]): Column<T> {
  return {
    expected,
    accepts: (value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value),
  };
}

const obligationRow = rowShape({
  code: column.text,
  nameVi: column.text,
  nameEn: column.text,
  agencyCode: column.text,
  periodType: oneOf('period type', Object.values(PeriodType)),
  indicatorCodes: column.textArray,
  orgUnitCodes: column.textArray,
  coverage: oneOf('coverage', ORG_UNIT_COVERAGES),
  dueAnchor: oneOf('due anchor', DUE_ANCHORS),
  dueWorkingDays: column.number,
  validFrom: column.nullable(column.text),
  validTo: column.nullable(column.text),
  origin: oneOf('origin', ['seed', 'api'] as const),
});

const codeRow = rowShape({ code: column.text });
const receiptRow = rowShape({
  indicator: column.text,
  unitId: column.number,
  period: column.text,
  receivedOn: column.text,
});
const emittedRow = rowShape({
  code: column.text,
  period: column.text,
  kind: oneOf<ObligationEventKind>('obligation event kind', ['opened', 'due-soon', 'overdue']),
});
const kindRow = rowShape({ kind: column.text });

/** An obligation seeded from the catalogue: one indicator, its agency's org unit and the units under it. */
export interface SeededObligation {
  code: string;
  nameVi: string;
  nameEn: string;
  agency: string;
  periodType: string;
  orgUnit: string;
}

/** The obligations (obligations), the receipts they count (indicator_reports) and the events they fired. */
@Injectable()
export class ObligationsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Inserts the seeded obligations that do not exist yet, in the caller's transaction; returns the codes it inserted. */
  async insertSeeded(
    m: SqlExecutor,
    rows: SeededObligation[],
    due: { dueAnchor: string; dueWorkingDays: number },
  ): Promise<string[]> {
    const inserted = await returningRows(
      m,
      codeRow,
      `INSERT INTO obligations (code, name_vi, name_en, agency_code, period_type, indicator_codes, org_unit_codes,
                                coverage, due_anchor, due_working_days, origin)
       SELECT c, nv, ne, a, pt, ARRAY[c], ARRAY[ou], 'UNIT_AND_CHILDREN', $7, $8, 'seed'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS s(c, nv, ne, a, pt, ou)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [
        rows.map((r) => r.code),
        rows.map((r) => r.nameVi),
        rows.map((r) => r.nameEn),
        rows.map((r) => r.agency),
        rows.map((r) => r.periodType),
        rows.map((r) => r.orgUnit),
        due.dueAnchor,
        due.dueWorkingDays,
      ],
    );
    return inserted.map((r) => r.code);
  }

  list(filter: { agency?: string; indicator?: string } = {}): Promise<Obligation[]> {
    return selectRows(
      this.dataSource,
      obligationRow,
      `SELECT ${OBLIGATION_COLUMNS} FROM obligations
       WHERE ($1::text IS NULL OR agency_code = $1) AND ($2::text IS NULL OR $2 = ANY(indicator_codes))
       ORDER BY code`,
      [filter.agency ?? null, filter.indicator ?? null],
    );
  }

  get(code: string): Promise<Obligation | undefined> {
    return selectFirst(
      this.dataSource,
      obligationRow,
      `SELECT ${OBLIGATION_COLUMNS} FROM obligations WHERE code = $1`,
      [code],
    );
  }

  /** Inserts an obligation defined through the API in the caller's transaction; false when its code exists. */
  async insert(m: SqlExecutor, dto: CreateObligationDto): Promise<boolean> {
    const inserted = await returningRows(
      m,
      codeRow,
      `INSERT INTO obligations (code, name_vi, name_en, agency_code, period_type, indicator_codes, org_unit_codes,
                                coverage, due_anchor, due_working_days, valid_from, valid_to, origin)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'api')
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [
        dto.code,
        dto.nameVi.normalize('NFC'),
        dto.nameEn,
        dto.agencyCode,
        dto.periodType,
        [...new Set(dto.indicatorCodes)],
        [...new Set(dto.orgUnitCodes)],
        dto.coverage,
        dto.dueAnchor,
        dto.dueWorkingDays,
        dto.validFrom ?? null,
        dto.validTo ?? null,
      ],
    );
    return inserted.length > 0;
  }

  /** The Vietnamese date of the first receipt of each (indicator, org unit, period) that has one. */
  receipts(
    reports: { indicatorCode: string; orgUnitId: number; period: string }[],
  ): Promise<{ indicator: string; unitId: number; period: string; receivedOn: string }[]> {
    return selectRows(
      this.dataSource,
      receiptRow,
      `SELECT c.indicator, c.unit_id AS "unitId", c.period,
              to_char(min(r.received_at) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS "receivedOn"
       FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::int[], $3::text[]) AS u(indicator, unit_id, period)) c
       JOIN indicator_reports r ON r.indicator_code = c.indicator AND r.org_unit_id = c.unit_id AND r.period = c.period
       GROUP BY c.indicator, c.unit_id, c.period`,
      [reports.map((r) => r.indicatorCode), reports.map((r) => r.orgUnitId), reports.map((r) => r.period)],
    );
  }

  /** The events emitted for any of the obligations in any of the periods. */
  emittedEvents(
    m: SqlExecutor,
    obligationCodes: string[],
    periods: string[],
  ): Promise<{ code: string; period: string; kind: ObligationEventKind }[]> {
    return selectRows(
      m,
      emittedRow,
      `SELECT obligation_code AS code, period, kind FROM obligation_events_emitted
       WHERE obligation_code = ANY($1::text[]) AND period = ANY($2::text[])`,
      [obligationCodes, periods],
    );
  }

  /** Records an event under its (obligation, period, kind); false when it was emitted before. */
  async claimEvent(
    m: SqlExecutor,
    event: { obligationCode: string; period: string; kind: ObligationEventKind; eventId: string },
  ): Promise<boolean> {
    const rows = await returningRows(
      m,
      kindRow,
      `INSERT INTO obligation_events_emitted (obligation_code, period, kind, event_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING kind`,
      [event.obligationCode, event.period, event.kind, event.eventId],
    );
    return rows.length > 0;
  }
}
