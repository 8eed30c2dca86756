/** The PostgreSQL schema the indicators service owns; no other service reads it. */
export const INDICATORS_SCHEMA = 'indicators';
