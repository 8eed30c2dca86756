import { isTransientFailure } from './failure-policy';

describe('isTransientFailure', () => {
  it.each([
    ['a numeric overflow (22003)', { code: '22003' }, false],
    ['a foreign-key violation (23503)', { code: '23503' }, false],
    ['an undefined column (42703)', { code: '42703' }, false],
    ['a serialization failure (40001)', { code: '40001' }, true],
    ['a deadlock (40P01)', { code: '40P01' }, true],
    ['the server shutting down (57P01)', { code: '57P01' }, true],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['an unknown error', new Error('boom'), true],
  ])('%s → transient: %s', (_what, error, transient) => {
    expect(isTransientFailure(error)).toBe(transient);
  });
});
