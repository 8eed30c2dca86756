import { Injectable } from '@nestjs/common';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { subPeriods } from '@dxhub/periods';
import { resolveAggregateAddress } from '../catalogue/aggregate-address';
import { CatalogueService } from '../catalogue/catalogue.service';
import { decodeExplainCursor, encodeExplainCursor } from './explain-cursor';
import {
  type ChildFigureRow,
  ExplainRepository,
  type ExplainedReportRow,
  type OwnFigureRow,
} from './explain.repository';

export const EXPLAIN_DEFAULT_LIMIT = 100;

/** What one part of an aggregate adds to it. */
export interface Contribution {
  orgUnitCode: string;
  orgUnitName: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Reports it covers. */
  valueCount: number;
}

/** One current report under the aggregate, with who sent it. */
export interface ExplainedReport {
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  agencyCode: string;
  eventId: string;
  eventSource: string;
  reportedAt: string;
  receivedAt: string;
  channel: string;
  /** False when the rule over time passes it over: with LAST, only the unit's latest reported sub-period counts. */
  counted: boolean;
}

export interface Explanation {
  indicator: string;
  orgUnit: { code: string; nameVi: string };
  period: string;
  /** The rules the figure follows: over org units, over time (for a coarser period), and a RATIO's factor. */
  rules: { orgUnit: string; time: string | null; factor: number | null; reportedPeriodType: string };
  aggregate: {
    value: number | null;
    numerator: number;
    denominator: number;
    valueCount: number;
    unitCount: number;
    version: number;
    updatedAt: string;
  };
  /** The org unit's own figure (its own reports), null when it reported none. */
  own: Contribution | null;
  /** Each direct child's aggregate (in the hierarchy on the period's last day) that has values. */
  children: Contribution[];
  /** Every current report the figure is built from, by org unit code and period; paged. */
  reports: ExplainedReport[];
  nextCursor: string | null;
}

/**
 * How an aggregate was built, down to the reports: the org unit's own figure, each child's aggregate,
 * and the individual current reports under it (agency, times, event id), for agencies tracing a wrong
 * number to its input. Read from the same tables the roll-up writes.
 */
@Injectable()
export class AggregateExplainService {
  constructor(
    private readonly repository: ExplainRepository,
    private readonly catalogue: CatalogueService,
  ) {}

  async explain(
    indicatorCode: string,
    orgUnitCode: string,
    periodId: string,
    limit = EXPLAIN_DEFAULT_LIMIT,
    cursor?: string,
  ): Promise<Explanation> {
    const { indicator, orgUnit, period } = resolveAggregateAddress(
      this.catalogue,
      indicatorCode,
      orgUnitCode,
      periodId,
    );
    const after = cursor === undefined ? null : decodeExplainCursor(cursor);
    if (cursor !== undefined && after === null) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'INVALID_CURSOR',
        'cursor is not one this endpoint returned',
      );
    }
    const at = { indicatorCode: indicator.code, orgUnitId: orgUnit.id, period: period.id };
    const aggregate = await this.repository.aggregate(at);
    if (!aggregate) {
      throw new DomainException(
        DomainErrorKind.NOT_FOUND,
        'AGGREGATE_NOT_FOUND',
        `no value of ${indicator.code} is reported for ${orgUnit.code} or below it in ${period.id}`,
      );
    }
    const reported = period.type === indicator.periodType;
    const subs = reported ? null : subPeriods(period, indicator.periodType as Parameters<typeof subPeriods>[1]);
    const [own, children, reports] = await Promise.all([
      this.repository.ownFigure(at, reported),
      this.repository.children(at, period.end),
      this.repository.reports(
        at,
        subs && [subs[0].id, subs[subs.length - 1].id],
        indicator.timeAggregation,
        limit,
        after,
      ),
    ]);
    const page = reports.slice(0, limit);
    const last = page[page.length - 1];
    return {
      indicator: indicator.code,
      orgUnit: { code: orgUnit.code, nameVi: orgUnit.nameVi },
      period: period.id,
      rules: {
        orgUnit: indicator.orgUnitAggregation,
        time: reported ? null : indicator.timeAggregation,
        factor: indicator.factor,
        reportedPeriodType: indicator.periodType,
      },
      aggregate: {
        value: num(aggregate.value),
        numerator: Number(aggregate.numerator),
        denominator: Number(aggregate.denominator),
        valueCount: Number(aggregate.value_count),
        unitCount: Number(aggregate.unit_count),
        version: Number(aggregate.version),
        updatedAt: new Date(aggregate.updated_at).toISOString(),
      },
      own: own ? toContribution({ ...own, org_unit_code: orgUnit.code, org_unit_name: orgUnit.nameVi }) : null,
      children: children.map(toContribution),
      reports: page.map(toReport),
      nextCursor:
        reports.length > limit
          ? encodeExplainCursor({
              orgUnitCode: String(last.org_unit_code),
              period: String(last.period),
              orgUnitId: Number(last.org_unit_id),
            })
          : null,
    };
  }
}

function num(text: unknown): number | null {
  return text === null || text === undefined ? null : Number(text);
}

function toContribution(
  row: (OwnFigureRow | ChildFigureRow) & { org_unit_code: string; org_unit_name: string },
): Contribution {
  return {
    orgUnitCode: String(row.org_unit_code),
    orgUnitName: String(row.org_unit_name),
    value: num(row.value),
    numerator: num(row.numerator),
    denominator: num(row.denominator),
    valueCount: Number(row.value_count),
  };
}

function toReport(row: ExplainedReportRow): ExplainedReport {
  return {
    orgUnitCode: String(row.org_unit_code),
    orgUnitName: String(row.org_unit_name),
    period: String(row.period),
    value: num(row.value),
    numerator: num(row.numerator),
    denominator: num(row.denominator),
    agencyCode: String(row.agency_code),
    eventId: String(row.event_id),
    eventSource: String(row.event_source),
    reportedAt: new Date(row.reported_at).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    channel: String(row.topic),
    counted: row.counted === true,
  };
}
