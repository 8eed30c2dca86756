/** The PostgreSQL schema the notifications service owns; no other service reads it. */
export const NOTIFICATIONS_SCHEMA = 'notifications';
