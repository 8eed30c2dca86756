import { type AccessDecision, mayReportValue } from '@dxhub/auth';
import { agencySource, type CloudEvent, type IndicatorValueReportedV1 } from '@dxhub/contracts';
import { requirePeriod } from '@dxhub/periods';
import type { AcceptedReport } from '../aggregates/accepted-report';
import type { CatalogueService } from '../catalogue/catalogue.service';

/** `rule` is set when an access rule (libs/auth AccessRule) refused it rather than a catalogue rule. */
export type ReportCheck = { ok: true; report: AcceptedReport } | { ok: false; reason: string; rule?: string };

/**
 * Checks a contract-valid report against the catalogue. The agency is the one the topic belongs to (the
 * broker's ACLs hold each agency to its own topics, and the messaging pipeline holds `ce_source` to it) or
 * the REST caller's token's.
 */
export function checkReport(
  catalogue: CatalogueService,
  agencyCode: string,
  topic: string,
  event: CloudEvent<IndicatorValueReportedV1>,
  receivedAt: Date,
): ReportCheck {
  const data = event.data;
  const period = requirePeriod(data.period); // the contract already checked the notation
  const indicator = catalogue.indicatorOn(data.indicatorCode, period.end);
  if (!indicator) return { ok: false, reason: `unknown indicator '${data.indicatorCode}'` };

  if (period.type !== indicator.periodType) {
    return {
      ok: false,
      reason: `period '${data.period}' is ${period.type} but indicator ${indicator.code} is reported ${indicator.periodType}`,
    };
  }
  const unit = catalogue.orgUnitOn(data.orgUnitCode, period.end);
  if (!unit) {
    const known = catalogue.orgUnitVersions(data.orgUnitCode).length > 0;
    return {
      ok: false,
      reason: known
        ? `org unit '${data.orgUnitCode}' does not exist on ${period.end} (the end of period ${period.id})`
        : `unknown org unit '${data.orgUnitCode}'`,
    };
  }

  // Bounds are compared without dividing, so a ratio exactly on a bound is not lost to rounding.
  let scaled: number;
  let per: number;
  if (indicator.aggregation === 'RATIO') {
    if (data.numerator === undefined || data.denominator === undefined) {
      return { ok: false, reason: `indicator ${indicator.code} is a RATIO: send numerator and denominator, not value` };
    }
    scaled = data.numerator * (indicator.factor ?? 1);
    per = data.denominator;
  } else {
    if (data.value === undefined) {
      return {
        ok: false,
        reason: `indicator ${indicator.code} is ${indicator.aggregation}: send value, not numerator and denominator`,
      };
    }
    scaled = data.value;
    per = 1;
  }
  const what = indicator.aggregation === 'RATIO' ? 'ratio' : 'value';
  const shown = () => Number((scaled / per).toPrecision(12));
  if (indicator.boundsMin !== null && scaled < indicator.boundsMin * per) {
    return { ok: false, reason: `${what} ${shown()} is below the minimum ${indicator.boundsMin} of ${indicator.code}` };
  }
  if (indicator.boundsMax !== null && scaled > indicator.boundsMax * per) {
    return { ok: false, reason: `${what} ${shown()} is above the maximum ${indicator.boundsMax} of ${indicator.code}` };
  }

  // The access rules last: a report that is wrong in itself is refused with that reason, whoever sent it.
  const scope = reportingScope(
    catalogue,
    agencyCode,
    data.indicatorCode,
    data.orgUnitCode,
    unit.id,
    period.end,
    receivedAt,
  );
  if (!scope.allowed) return { ok: false, rule: scope.rule, reason: `${scope.reason} (rule ${scope.rule})` };

  return {
    ok: true,
    report: {
      eventSource: agencySource(agencyCode),
      eventId: event.id,
      agencyCode,
      topic,
      indicatorCode: indicator.code,
      orgUnitId: unit.id,
      period: period.id,
      periodEnd: period.end,
      // String(n) is the shortest text that round-trips the JSON number: exact in PostgreSQL numeric.
      value: data.value === undefined ? null : String(data.value),
      numerator: data.numerator === undefined ? null : String(data.numerator),
      denominator: data.denominator === undefined ? null : String(data.denominator),
      reportedAt: event.time ? new Date(event.time).toISOString() : receivedAt.toISOString(),
    },
  };
}

/**
 * The access rules `agency-reports-own-indicators` and `agency-reports-own-org-units` (libs/auth) for one
 * value, with the facts the catalogue holds: who answers for the indicator on the period's end (or today,
 * after a succession), and whether the unit lies at or under an org unit assigned to the agency then.
 */
export function reportingScope(
  catalogue: CatalogueService,
  agencyCode: string,
  indicatorCode: string,
  orgUnitCode: string,
  orgUnitId: number,
  periodEnd: string,
  receivedAt: Date,
): AccessDecision {
  const responsible = catalogue.responsibleAgenciesFor(indicatorCode, periodEnd, receivedAt.toISOString().slice(0, 10));
  return mayReportValue({
    agencyCode,
    indicatorCode,
    responsibleAgencies: responsible.codes,
    noResponsibleReason: responsible.reason,
    orgUnitCode,
    orgUnitLineage: catalogue.orgUnitLineage(orgUnitId, periodEnd),
    agencyOrgUnits: catalogue.agencyOrgUnits(agencyCode),
  });
}
