import { EVENT_CATALOG } from '@dxhub/contracts';
import { NOTIFICATION_RULES } from './notification-rules';

/*
 * The events the rules read belong to other services (tasks, indicators, reporting). Each arrives checked
 * against its payload class in libs/contracts (the messaging pipeline validates it before the rules see
 * it); test/contracts/notifications-rules.contract.spec.ts feeds every catalogue example through the rules.
 */

/** The event types the rules engine consumes: those with a rule. */
export const CONSUMED_EVENT_TYPES = [...new Set(NOTIFICATION_RULES.map((r) => r.eventType))];

/** The topics those types are published on (logical names, without KAFKA_TOPIC_PREFIX). */
export const CONSUMED_TOPICS = [
  ...new Set(
    CONSUMED_EVENT_TYPES.map((type) => {
      const route = EVENT_CATALOG[type].route;
      if (route.kind !== 'service') throw new TypeError(`${type} is not published on a service topic`);
      return route.topic;
    }),
  ),
].sort();
