import { type AgencyRecord, type AgencySuccession, resolveAgencyOn } from '../catalogue/agency-succession';

/** Who approves a cell's value, and the path that led there. */
export type ApproverResolution =
  | { found: true; agency: string; declared: string; via: string[]; fallback: boolean }
  | { found: false; declared: string; reason: string };

/**
 * The agency that approves an indicator's values on `today`: the definition's `approvingAgency`, else the
 * programme office, followed along its successor links to the agency holding that role today (STTTT's lead
 * role for digital transformation passed to SKHCN on 2025-03-01). A declared approver that ended without a
 * single successor falls back to the programme office, which runs the programme the figures serve.
 */
export function resolveApprover(
  agencies: readonly AgencyRecord[],
  successions: readonly AgencySuccession[],
  declared: string | null,
  programmeOffice: string,
  today: string,
): ApproverResolution {
  const first = declared ?? programmeOffice;
  const resolved = resolveAgencyOn(agencies, successions, first, today);
  if (resolved.found)
    return { found: true, agency: resolved.agency.code, declared: first, via: resolved.via, fallback: false };
  if (first === programmeOffice) return { found: false, declared: first, reason: resolved.reason };
  const office = resolveAgencyOn(agencies, successions, programmeOffice, today);
  if (office.found)
    return { found: true, agency: office.agency.code, declared: first, via: office.via, fallback: true };
  return { found: false, declared: first, reason: `${resolved.reason}; the programme office: ${office.reason}` };
}
