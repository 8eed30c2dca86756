// Types of no-new-date.cjs for its spec.
import type { Rule } from 'eslint';

declare const rule: Rule.RuleModule;
export = rule;
