import { classifyFailure, isTransientFailure } from './failure-policy';

const sqlError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { name: 'QueryFailedError', code });

describe('classifyFailure', () => {
  it.each([
    ['a numeric overflow (22003)', sqlError('22003'), false],
    ['a foreign-key violation (23503)', sqlError('23503'), false],
    ['an undefined column (42703)', sqlError('42703'), false],
    ['an index row too large (54000)', sqlError('54000'), false],
    ['an internal error (XX000)', sqlError('XX000'), false],
    ['a serialization failure (40001)', sqlError('40001'), true],
    ['a deadlock (40P01)', sqlError('40P01'), true],
    ['a lock not available (55P03)', sqlError('55P03'), true],
    ['the backend terminated (57P01, pg_terminate_backend)', sqlError('57P01'), true],
    ['too many connections (53300)', sqlError('53300'), true],
    ['a connection failure (08006)', sqlError('08006'), true],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['a connection the server dropped', new Error('Connection terminated unexpectedly'), true],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect'), true],
    [
      'a retriable Kafka error',
      Object.assign(new Error('not leader'), { name: 'KafkaJSProtocolError', retriable: true }),
      true,
    ],
    ['a lost broker connection', Object.assign(new Error('closed'), { name: 'KafkaJSConnectionError' }), true],
    [
      'a Kafka error that is not retriable',
      Object.assign(new Error('too large'), { name: 'KafkaJSProtocolError', retriable: false }),
      false,
    ],
    ['a defect', new TypeError("Cannot read properties of undefined (reading 'x')"), false],
    ['an unknown error', new Error('boom'), false],
    ['a thrown string', 'boom', false],
    ['null', null, false],
  ])('%s → transient: %s', (_what, error, transient) => {
    expect(isTransientFailure(error)).toBe(transient);
  });

  it('names the class for headers and metrics: the error name and its code', () => {
    expect(classifyFailure(sqlError('54000')).errorClass).toBe('QueryFailedError 54000');
    expect(classifyFailure(new TypeError('x')).errorClass).toBe('TypeError');
    expect(
      classifyFailure(Object.assign(new Error('x'), { name: 'QueryFailedError', driverError: { code: '23505' } })),
    ).toEqual({ transient: false, errorClass: 'QueryFailedError 23505' });
  });

  it('judges a kafkajs give-up by the error it gave up on', () => {
    const gaveUp = (cause: unknown) =>
      Object.assign(new Error('retries'), { name: 'KafkaJSNumberOfRetriesExceeded', cause });
    expect(isTransientFailure(gaveUp(Object.assign(new Error('x'), { name: 'KafkaJSConnectionError' })))).toBe(true);
    expect(isTransientFailure(gaveUp(new TypeError('x')))).toBe(false);
  });
});
