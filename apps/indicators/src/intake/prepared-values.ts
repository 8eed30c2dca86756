import { HttpStatus } from '@nestjs/common';
import {
  agencySource,
  checkEventId,
  checkEventTime,
  type CloudEvent,
  EventTypes,
  IndicatorValueReportedV1,
  type RejectionCode,
  RejectionCodes,
  type RejectionReason,
  validatePayload,
} from '@dxhub/contracts';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { SubmissionOutcome } from './indicator-intake.service';

/*
 * What the JSON and the spreadsheet intake do alike to a value before it is submitted, and to the outcomes after.
 */

/** One value on its way in: a checked event, or the reason it never became one. */
export type Prepared =
  | { ok: true; event: CloudEvent<IndicatorValueReportedV1> }
  | { ok: false; id: string | null; code: RejectionCode; reason: string };

export type Outcome = SubmissionOutcome['status'];

/** What both intake endpoints say about who may report what. */
export const AGENCY_NOTE =
  'Needs the **reporter** role. The reporting agency is the bearer token’s `agency` claim. `agencyCode` in the request is optional ' +
  'and only checked: if it names another agency the request is refused with **403** (rule `agency-matches-token`). An agency ' +
  'reports only indicators it is responsible for (the catalogue’s responsible agency, following successions) and only for org ' +
  'units at or under those assigned to it: a value outside them refuses the **whole request with 403** naming the rule ' +
  '(`agency-reports-own-indicators`, `agency-reports-own-org-units`) and listing the values in `details.denied`. Writes are ' +
  'rate-limited per agency (**429** with Retry-After).';

/**
 * Turns one JSON value into a checked CloudEvent: the envelope fields (`id`, `reportedAt`) are taken off
 * and the rest must pass the event contract exactly as a Kafka event's body does (unknown properties named).
 */
export function prepareRow(agencyCode: string, row: unknown, now: Date): Prepared {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { ok: false, id: null, code: RejectionCodes.PAYLOAD_INVALID, reason: 'a value must be a JSON object' };
  }
  const { id, reportedAt, ...payload } = row as Record<string, unknown>;
  const problems: RejectionReason[] = [];
  // The envelope rules a Kafka record meets, for the envelope fields of a REST value.
  const idProblem = id === undefined ? null : checkEventId(id);
  const timeProblem = checkEventTime(reportedAt, now, 'reportedAt');
  for (const problem of [idProblem, timeProblem]) if (problem) problems.push(problem);
  const validId = id !== undefined && !idProblem ? (id as string) : null;
  const checked = validatePayload(IndicatorValueReportedV1, payload);
  if (!checked.ok) problems.push({ code: RejectionCodes.PAYLOAD_INVALID, message: checked.reason });
  const eventId = validId;
  if (!checked.ok || problems.length > 0) {
    // The first problem's code, as a Kafka record's envelope is refused by its first broken rule.
    return { ok: false, id: eventId, code: problems[0].code, reason: problems.map((p) => p.message).join('; ') };
  }
  return {
    ok: true,
    event: {
      specversion: '1.0',
      id: eventId ?? randomUUID(),
      source: agencySource(agencyCode),
      type: EventTypes.INDICATOR_VALUE_REPORTED,
      time: typeof reportedAt === 'string' ? reportedAt : now.toISOString(),
      datacontenttype: 'application/json',
      data: checked.payload,
    },
  };
}

export function tally(outcomes: { status: Outcome }[]): { accepted: number; duplicates: number; rejected: number } {
  const count = (status: Outcome) => outcomes.filter((o) => o.status === status).length;
  return { accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected') };
}

/**
 * 422 when every value was refused: nothing changed, and a client that only looks at the status must not
 * take it for success. The body stays the per-value report, with the fields of an error body added.
 * All duplicates is a retry of something applied, so it stays 200.
 */
export function refuseIfNothingAccepted<T extends { accepted: number; duplicates: number; rejected: number }>(
  res: Response,
  report: T,
  message: string,
): T & { statusCode?: number; error?: string; message?: string } {
  if (report.rejected === 0 || report.accepted > 0 || report.duplicates > 0) return report;
  res.status(HttpStatus.UNPROCESSABLE_ENTITY);
  return { statusCode: HttpStatus.UNPROCESSABLE_ENTITY, error: 'NO_VALUES_ACCEPTED', message, ...report };
}
