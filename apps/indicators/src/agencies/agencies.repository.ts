import { execute, type SqlExecutor } from '@dxhub/persistence';

/** Adds an agency added through the API: one version, in force from `validFrom` (null: from the beginning). */
export async function insertAgency(
  m: SqlExecutor,
  agency: {
    code: string;
    nameVi: string;
    nameEn: string;
    kind: string;
    orgUnitCode: string | null;
    validFrom: string | null;
  },
): Promise<void> {
  await execute(
    m,
    `INSERT INTO agencies (code, name_vi, name_en, kind, org_unit_code, validity, source)
         VALUES ($1, $2, $3, $4, $5, daterange($6::date, NULL, '[]'), 'added through the API')`,
    [agency.code, agency.nameVi, agency.nameEn, agency.kind, agency.orgUnitCode, agency.validFrom],
  );
}
