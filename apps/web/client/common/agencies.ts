import { useCallback } from 'react';
import { get } from '../api/client';
import { useLocalName } from '../i18n/language';
import { useLoad } from './use-load';

/** GET indicators /v1/agencies: an agency version, with the agencies it succeeded and that succeeded it. */
export interface Agency {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: string;
  orgUnitCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  successors: { code: string; effectiveFrom: string }[];
  predecessors: { code: string; effectiveFrom: string }[];
}

const loaded = new Map<string, Promise<Agency[]>>();

/**
 * The agencies, asked once per tab (they change by decision, not by the minute): every version of each, or
 * with `at` (YYYY-MM-DD) the versions in force that day, named as they were then. A failed read is asked
 * again next time.
 */
export function loadAgencies(at?: string): Promise<Agency[]> {
  const key = at ?? 'every version';
  let agencies = loaded.get(key);
  if (!agencies) {
    const read = get<{ data: Agency[] }>('indicators', '/v1/agencies', { at }).then((r) => r.data);
    read.catch(() => {
      // Unless the catalogue was forgotten and asked again meanwhile.
      if (loaded.get(key) === read) loaded.delete(key);
    });
    loaded.set(key, read);
    agencies = read;
  }
  return agencies;
}

/** Drops what was read: the live stream said the catalogue changed. */
export function forgetAgencies(): void {
  loaded.clear();
}

/** Agencies by code; of several versions of one code, the one in force, else the one that ended last. */
export function agencyIndex(list: readonly Agency[]): Map<string, Agency> {
  const index = new Map<string, Agency>();
  for (const a of list) {
    const known = index.get(a.code);
    if (!known || (known.validTo !== null && (a.validTo === null || a.validTo > known.validTo))) index.set(a.code, a);
  }
  return index;
}

/**
 * `name('SKHCN')` → "Sở Khoa học và Công nghệ" (or the English name), the code while the names load or when
 * they cannot be read (names only dress the codes), "—" for no agency.
 */
export function useAgencyName() {
  const localName = useLocalName();
  const { data } = useLoad(() => loadAgencies().then(agencyIndex), []);
  return useCallback(
    (code: string | null | undefined) => {
      if (!code) return '—';
      const agency = data?.get(code);
      return agency ? localName(agency) : code;
    },
    [data, localName],
  );
}
