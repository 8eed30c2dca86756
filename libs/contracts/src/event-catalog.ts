/*
 * ┌──────────────────────────────────────────────────────────────────────────┐
 * │ Event types are public API. Never rename one or change a payload in a    │
 * │ breaking way: add a new version (a new payload class) beside it.         │
 * └──────────────────────────────────────────────────────────────────────────┘
 */
import { INDICATOR_FIGURE_EVENTS } from './catalog/indicator-figure-events.catalog';
import { TASK_EVENTS } from './catalog/task-events.catalog';
import { APPROVAL_EVENTS } from './catalog/approval-events.catalog';
import { OBLIGATION_EVENTS } from './catalog/obligation-events.catalog';
import { REJECTION_EVENTS } from './catalog/rejection-events.catalog';
import type { EventCatalog } from './event-types';

export * from './event-types';

/**
 * Every event of the platform: its payload class, route, message key, description and example, by event type. The
 * definitions live by family under catalog/; this is their union, in the order the AsyncAPI document lists them.
 */
export const EVENT_CATALOG: EventCatalog = {
  ...INDICATOR_FIGURE_EVENTS,
  ...TASK_EVENTS,
  ...APPROVAL_EVENTS,
  ...OBLIGATION_EVENTS,
  ...REJECTION_EVENTS,
};
