/** The PostgreSQL schema the reporting service owns; it is built only from events. */
export const REPORTING_SCHEMA = 'reporting';
