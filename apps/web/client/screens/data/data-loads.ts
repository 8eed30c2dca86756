import { get } from '../../api/client';
import type { Person } from '../../auth/session';
import { type Agency, agencyIndex, loadAgencies } from '../../common/agencies';
import { cursorTrail } from '../../common/table';

/*
 * What the agency's data work reads from the indicators service: the shapes it answers with, the catalogue
 * (indicator and agency names), the approval queues and the refused events. No React or Ant Design here: the app
 * asks for a screen's first data with these before the screen's code has arrived (first-data.ts).
 */

export type ApprovalStatus = 'pending' | 'approved' | 'returned';

/** One cell of GET /v1/indicator-values/approvals. Numbers are decimal strings: shown as sent, never rounded. */
export interface ApprovalCell {
  indicatorCode: string;
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  reportId: string;
  reportingAgency: string;
  reportedAt: string;
  approvalStatus: ApprovalStatus;
  approvalReason: string | null;
  approvalChangedBy: string | null;
  approvalChangedAt: string | null;
}

interface ApprovalPage {
  agency: string;
  status: ApprovalStatus;
  data: ApprovalCell[];
  nextCursor: string | null;
}

export interface Indicator {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  aggregation: string;
  periodType: string;
  responsibleAgency?: string | null;
  ratio: {
    factor?: number;
    numeratorVi?: string;
    numeratorEn?: string;
    denominatorVi?: string;
    denominatorEn?: string;
  } | null;
  bounds?: { min?: number | null; max?: number | null } | null;
}

export interface Catalogue {
  indicators: Map<string, Indicator>;
  agencies: Map<string, Agency>;
}

const EMPTY_CATALOGUE: Catalogue = { indicators: new Map(), agencies: new Map() };
let catalogue: Promise<Catalogue> | undefined;

/**
 * Indicator and agency names, read once per page load (the catalogue changes with a release, not between
 * screens). When it cannot be read the screens still work, with codes for names.
 */
export function loadCatalogue(): Promise<Catalogue> {
  catalogue ??= Promise.all([get<{ data: Indicator[] }>('indicators', '/v1/indicators'), loadAgencies()]).then(
    ([indicators, agencies]) => ({
      indicators: new Map(indicators.data.map((i) => [i.code, i])),
      agencies: agencyIndex(agencies),
    }),
    () => {
      catalogue = undefined;
      return EMPTY_CATALOGUE;
    },
  );
  return catalogue;
}

/** Pages read of an approval queue at most: 20 × 500 cells. */
const QUEUE_PAGES = 20;
const QUEUE_PAGE_SIZE = 500;

/**
 * The whole queue of the caller's agency in one state, following the service's cursor. The service filters
 * by indicator and period only; the screens also filter by org unit and reporting agency, so they hold the
 * queue (68 cells on the demo province: one request) and filter and page it here.
 */
export function loadQueue(status: ApprovalStatus): Promise<{ cells: ApprovalCell[]; truncated: boolean }> {
  return loadAllCells('/v1/indicator-values/approvals', { status });
}

/** Every value the caller's agency reported that its approvers returned (the reporter's list to correct). */
export function loadReturnedCells(): Promise<{ cells: ApprovalCell[]; truncated: boolean }> {
  return loadAllCells('/v1/indicator-values/returned', {});
}

async function loadAllCells(
  path: string,
  query: Record<string, string>,
): Promise<{ cells: ApprovalCell[]; truncated: boolean }> {
  const cells: ApprovalCell[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < QUEUE_PAGES; page++) {
    const answer = await get<ApprovalPage>('indicators', path, { ...query, limit: QUEUE_PAGE_SIZE, cursor });
    cells.push(...answer.data);
    if (!answer.nextCursor) return { cells, truncated: false };
    cursor = answer.nextCursor;
  }
  return { cells, truncated: true };
}

/** A cell's name in the address, in test ids and as a row key: `FIBRE_HH-825-2024S2` (codes hold no hyphen). */
export function cellKey(cell: { indicatorCode: string; orgUnitCode: string; period: string }): string {
  return `${cell.indicatorCode}-${cell.orgUnitCode}-${cell.period}`;
}

export function parseCellKey(key: string): { indicatorCode: string; orgUnitCode: string; period: string } | undefined {
  const match = /^([A-Z][A-Z0-9_]{1,63})-(\d{2,5})-(\d{4}(?:S[12]|Q[1-4]|\d{2})?)$/.exec(key);
  return match ? { indicatorCode: match[1], orgUnitCode: match[2], period: match[3] } : undefined;
}

/** One refused event of GET /v1/rejections. */
export interface Rejection {
  id: string;
  channel: 'kafka' | 'rest' | 'xlsx';
  topic: string | null;
  partition: number | null;
  offset: string | null;
  eventId: string | null;
  eventType: string | null;
  reasonCode: string;
  reason: string;
  rejectedAt: string;
}

/** The service lets only these name another agency than the token's. */
export const seesEveryAgency = (person: Person) =>
  person.roles.includes('programme-office') || person.roles.includes('admin');

/** The screen's filters as the address holds them, and their defaults. */
export const REFUSAL_FILTERS = {
  service: 'indicators',
  reason: '',
  from: '',
  to: '',
  agency: '',
  size: '20',
  pages: '',
};

/** A page of refused events as the filters ask; only the programme office and admins may name another agency. */
export function loadRefusals(filters: typeof REFUSAL_FILTERS, anyAgency: boolean) {
  return get<{ items: Rejection[]; nextCursor: string | null }>(
    filters.service === 'tasks' ? 'tasks' : 'indicators',
    '/v1/rejections',
    {
      agency: anyAgency ? filters.agency || undefined : undefined,
      reasonCode: filters.reason || undefined,
      from: filters.from ? `${filters.from}T00:00:00+07:00` : undefined,
      to: filters.to ? `${filters.to}T23:59:59+07:00` : undefined,
      limit: Number(filters.size) || 20,
      cursor: cursorTrail(filters.pages).cursor,
    },
  );
}
