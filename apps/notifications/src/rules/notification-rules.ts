import { INDICATOR_RULES } from './indicator-rules';
import { REJECTION_RULES } from './rejection-rules';
import { REPORTING_RULES } from './reporting-rules';
import type { NotificationRule } from './rule-vocabulary';
import { TASK_RULES } from './task-rules';

// What a rule is and how its texts are filled; exported from here too, where the rules have always been read.
export {
  type Locale,
  type LinkedService,
  type NotificationRule,
  type RecipientSpec,
  render,
  SEVERITIES,
  type ServiceLink,
  type Severity,
  type Template,
  textFields,
} from './rule-vocabulary';

/** The rules, one per event type. The ids are stable (preferences, metrics and deliveries name them). */
export const NOTIFICATION_RULES: NotificationRule[] = [
  ...TASK_RULES,
  ...INDICATOR_RULES,
  ...REPORTING_RULES,
  ...REJECTION_RULES,
];

const BY_TYPE = new Map<string, NotificationRule>(NOTIFICATION_RULES.map((r) => [r.eventType, r]));

export function ruleFor(eventType: string): NotificationRule | undefined {
  return BY_TYPE.get(eventType);
}

/**
 * The rule of the notice an agency's admins get when its notification settings change (SubscribersService): no
 * event of another service gives it, so it is not in the table, but the queue claims it like any other.
 */
export const SETTINGS_CHANGED_RULE = 'agency-settings-changed';
