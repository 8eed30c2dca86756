// dxhub/no-new-date (eslint.config.mjs, issue 18): `new Date()` with no argument is refused; a Date made from a
// value is not.
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

import rule from './no-new-date.cjs';

const MESSAGE = 'Inject Clock (@dxhub/calendar) instead of new Date()';

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run('no-new-date', rule, {
  valid: [
    'export const epoch = new Date(0);',
    "export const parsed = new Date('2026-01-01T00:00:00Z');",
    'export const copy = (d: Date) => new Date(d.getTime());',
    'export const stamp = Date.now();',
  ],
  invalid: [
    { code: 'export const now = new Date();', errors: [{ message: MESSAGE }] },
    { code: 'export const now = new Date;', errors: [{ message: MESSAGE }] },
    { code: 'export const iso = () => new Date().toISOString();', errors: [{ message: MESSAGE }] },
  ],
});
