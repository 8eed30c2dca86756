import { Injectable } from '@nestjs/common';
import { AccessDeniedError, agencyMatchesToken, assertAllowed, type Principal } from '@dxhub/auth';
import { Clock } from '@dxhub/calendar';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { parsePeriod } from '@dxhub/periods';
import { CatalogueService } from '../catalogue/catalogue.service';
import { IndicatorIntakeService, type Submission } from './indicator-intake.service';
import type { Outcome, Prepared } from './prepared-values';
import { reportingScope } from './report-check';

/** At most this many denied values are listed in a 403 body. */
const MAX_DENIED_LISTED = 100;

/**
 * What the JSON and the spreadsheet intake share between reading a request and answering it: the reporting agency,
 * the access rules over the request as a whole, and the one intake path (IndicatorIntakeService.submit).
 */
@Injectable()
export class ValueSubmissionService {
  constructor(
    private readonly intake: IndicatorIntakeService,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
  ) {}

  /** The time a request is checked against (event times, responsibilities). */
  now(): Date {
    return this.clock.now();
  }

  /** The token's agency; an agencyCode in the request must name the same one. */
  reportingAgency(principal: Principal, claimed: string | undefined): string {
    assertAllowed(agencyMatchesToken(principal, claimed));
    return this.knownAgency(principal.agency);
  }

  /**
   * The access rules decide for the request as a whole: one value outside the agency's indicators or org
   * units refuses all of them with 403 (the rule of the first), rather than applying the rest — a client
   * sending another agency's figures has a wrong setup, not a bad row. Values the catalogue check would
   * refuse anyway (unknown indicator or unit) are left to it, with their own reasons.
   */
  refuseOutOfScope(agencyCode: string, prepared: Prepared[], now: Date, what: 'values' | 'rows'): void {
    const denied: { index: number; rule: string; reason: string }[] = [];
    prepared.forEach((p, index) => {
      if (!p.ok) return;
      const data = p.event.data;
      const period = parsePeriod(data.period);
      const unit = period && this.catalogue.orgUnitOn(data.orgUnitCode, period.end);
      if (!period || !unit || !this.catalogue.indicatorOn(data.indicatorCode, period.end)) return;
      const decision = reportingScope(
        this.catalogue,
        agencyCode,
        data.indicatorCode,
        data.orgUnitCode,
        unit.id,
        period.end,
        now,
      );
      if (!decision.allowed) denied.push({ index, rule: decision.rule, reason: decision.reason });
    });
    if (denied.length === 0) return;
    throw new AccessDeniedError(
      denied[0].rule,
      `${denied.length} of ${prepared.length} ${what} ${denied.length === 1 ? 'is' : 'are'} outside agency ${agencyCode}'s responsibilities, so none was applied; first: ${denied[0].reason}`,
      { denied: denied.slice(0, MAX_DENIED_LISTED), deniedCount: denied.length },
    );
  }

  private knownAgency(agencyCode: string): string {
    if (!this.catalogue.agencyCodes().includes(agencyCode)) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'UNKNOWN_AGENCY',
        `unknown agency '${agencyCode}': see GET /v1/agencies`,
        { agencyCode },
      );
    }
    return agencyCode;
  }

  /** Submits the prepared values through the one intake path; results in input order, with the id each used. */
  async submit(
    agencyCode: string,
    channel: 'rest' | 'xlsx',
    prepared: Prepared[],
  ): Promise<{ status: Outcome; reason?: string; id: string | null }[]> {
    const submissions: Submission[] = prepared.flatMap((p) => (p.ok ? [{ agencyCode, channel, event: p.event }] : []));
    const refusedEarlier = prepared.flatMap((p) =>
      p.ok ? [] : [{ agencyCode, channel, eventId: p.id, code: p.code, reason: p.reason }],
    );
    // Also a request with no usable value goes through: its refusals are logged and the agency told.
    const outcomes = await this.intake.submit(submissions, refusedEarlier);
    // The same id twice in one request is stored once, but submit() reports every copy of a stored id as
    // accepted; here the copies after the first accepted one are what they are, duplicates.
    const acceptedIds = new Set<string>();
    let next = 0;
    return prepared.map((p) => {
      if (!p.ok) return { status: 'rejected', reason: p.reason, id: p.id };
      const outcome = outcomes[next++];
      if (outcome.status !== 'accepted') return { ...outcome, id: p.event.id };
      if (acceptedIds.has(p.event.id)) return { status: 'duplicate', id: p.event.id };
      acceptedIds.add(p.event.id);
      return { status: 'accepted', id: p.event.id };
    });
  }
}
