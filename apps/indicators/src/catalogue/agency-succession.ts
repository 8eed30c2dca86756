/** One version of an agency: a code with its names and inclusive validity (null = unbounded). */
export interface AgencyRecord {
  code: string;
  nameVi: string;
  nameEn: string;
  validFrom: string | null;
  validTo: string | null;
}

/** `successorCode` takes over `predecessorCode`'s responsibilities from `effectiveFrom`. */
export interface AgencySuccession {
  predecessorCode: string;
  successorCode: string;
  effectiveFrom: string;
}

export type AgencyResolution =
  | { found: true; agency: AgencyRecord; via: string[] }
  | { found: false; reason: string; via: string[]; candidates: string[] };

/** Longer chains than this are a data error (a loop the visited check would also catch). */
const MAX_HOPS = 16;

/** Whether an agency version is in force on an ISO date. */
export function inForce(agency: Pick<AgencyRecord, 'validFrom' | 'validTo'>, date: string): boolean {
  return (agency.validFrom === null || agency.validFrom <= date) && (agency.validTo === null || date <= agency.validTo);
}

/**
 * The agency that holds `code`'s responsibilities on `date`: `code` itself when one of its versions is in
 * force then, otherwise its successor, followed link by link (`via` lists the codes left behind, in order).
 *
 * - Several predecessors, one successor (SNNPTNT and STNMT → SNNMT): each resolves to the successor.
 * - Several successors of one agency: the links effective on or before the date with the latest
 *   effective date count (a later link replaces an earlier one). Two or more of them on that date is a
 *   split (a district People's Committee into communes): no single agency holds the responsibility, so
 *   the answer is "not found", naming the candidates, rather than a guess.
 * - An agency that ended with no successor effective by the date (the district People's Committees after
 *   2025-06-30, whose commune successors are not seeded), or that was not yet in force, is "not found"
 *   with the reason.
 */
export function resolveAgencyOn(
  agencies: readonly AgencyRecord[],
  successions: readonly AgencySuccession[],
  code: string,
  date: string,
): AgencyResolution {
  const via: string[] = [];
  let current = code;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const versions = agencies.filter((a) => a.code === current);
    if (versions.length === 0) return notFound(`unknown agency '${current}'`, via);
    const version = versions.find((a) => inForce(a, date));
    if (version) return { found: true, agency: version, via };

    const effective = successions.filter((s) => s.predecessorCode === current && s.effectiveFrom <= date);
    if (effective.length === 0) return notFound(whyNotInForce(current, versions, successions, date), via);
    const latest = effective.reduce(
      (max, s) => (s.effectiveFrom > max ? s.effectiveFrom : max),
      effective[0].effectiveFrom,
    );
    const next = effective
      .filter((s) => s.effectiveFrom === latest)
      .map((s) => s.successorCode)
      .sort();
    if (next.length > 1) {
      return notFound(
        `agency ${current} was succeeded by ${next.join(', ')} from ${latest}: the responsibility has to be assigned to one of them`,
        [...via, current],
        next,
      );
    }
    via.push(current);
    if (via.includes(next[0]))
      return notFound(`the successor links of ${code} form a loop: ${[...via, next[0]].join(' → ')}`, via);
    current = next[0];
  }
  return notFound(`more than ${MAX_HOPS} successor links from ${code}`, via);
}

function whyNotInForce(
  code: string,
  versions: AgencyRecord[],
  successions: readonly AgencySuccession[],
  date: string,
): string {
  if (versions.every((v) => v.validFrom !== null && date < v.validFrom)) {
    const first = versions.map((v) => v.validFrom as string).sort()[0];
    return `agency ${code} was not yet in force on ${date} (in force from ${first})`;
  }
  const ended = versions
    .map((v) => v.validTo)
    .filter((to): to is string => to !== null && to < date)
    .sort()
    .at(-1);
  const later = successions
    .filter((s) => s.predecessorCode === code)
    .map((s) => `${s.successorCode} from ${s.effectiveFrom}`);
  if (later.length > 0) return `agency ${code} ended on ${ended}; its successor takes over later (${later.join(', ')})`;
  return `agency ${code} ended on ${ended} and no successor is recorded`;
}

function notFound(reason: string, via: string[], candidates: string[] = []): AgencyResolution {
  return { found: false, reason, via, candidates };
}
