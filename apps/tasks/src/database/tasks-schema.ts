/** The PostgreSQL schema the tasks service owns; no other service reads it. */
export const TASKS_SCHEMA = 'tasks';
