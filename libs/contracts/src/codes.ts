/** Indicator codes: upper-case, digits and underscores (`DVCTT_L4`). */
export const INDICATOR_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

/** GSO administrative-unit codes: 2 digits (province), 3 (district level), 5 (commune level). */
export const ORG_UNIT_CODE_PATTERN = /^(\d{2}|\d{3}|\d{5})$/;

/** A calendar date, YYYY-MM-DD (validity bounds, effective dates). */
export const ISO_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
