import { useCallback } from 'react';
import { get } from '../../api/client';
import { useLocalName } from '../../i18n/language';
import { useLoad } from '../../common/use-load';

interface Agency {
  code: string;
  nameVi: string;
  nameEn: string;
  validTo: string | null;
}

let agencies: Promise<Map<string, Agency>> | undefined;

/**
 * The agencies' names (indicators service, GET /v1/agencies), loaded once per page. Names only dress the codes:
 * when they cannot be loaded the codes are shown alone, and the next screen asks again.
 */
function loadAgencies(): Promise<Map<string, Agency>> {
  agencies ??= get<{ data: Agency[] }>('indicators', '/v1/agencies').then(
    (r) => {
      const byCode = new Map<string, Agency>();
      // Every version of an agency is listed: the one still in force names it.
      for (const a of r.data) if (!byCode.has(a.code) || a.validTo === null) byCode.set(a.code, a);
      return byCode;
    },
    () => {
      agencies = undefined;
      return new Map<string, Agency>();
    },
  );
  return agencies;
}

/** `name('SKHCN')` → "Sở Khoa học và Công nghệ" (or the English name), or the code while unknown. */
export function useAgencyName() {
  const localName = useLocalName();
  const { data } = useLoad(() => loadAgencies(), []);
  return useCallback(
    (code: string | null | undefined) => {
      if (!code) return '—';
      const agency = data?.get(code);
      return agency ? localName(agency) : code;
    },
    [data, localName],
  );
}
