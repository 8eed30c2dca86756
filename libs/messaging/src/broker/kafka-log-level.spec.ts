import { logLevel } from 'kafkajs';
import { kafkaLogLevel } from './kafka-log-level';

const response = (error: string) => ({
  namespace: 'Connection',
  label: 'ERROR',
  log: { timestamp: '2026-11-27T20:00:00.000Z', message: 'Response Metadata(key: 3, version: 6)', error },
});

describe('kafkaLogLevel', () => {
  it('logs an error response that kafkajs retries at debug level', () => {
    const entry = { ...response('This server is not the leader for that topic-partition'), level: logLevel.ERROR };
    expect(kafkaLogLevel(entry)).toBe('debug');
    const loading = {
      ...response("The coordinator is loading and hence can't process requests for this group"),
      level: logLevel.ERROR,
    };
    expect(kafkaLogLevel(loading)).toBe('debug');
  });

  it('logs a heartbeat answered during a rebalance as information: the consumer rejoins', () => {
    const entry = {
      ...response('The group is rebalancing, so a rejoin is needed'),
      log: {
        timestamp: '',
        message: 'Response Heartbeat(key: 12, version: 3)',
        error: 'The group is rebalancing, so a rejoin is needed',
      },
      level: logLevel.ERROR,
    };
    expect(kafkaLogLevel(entry)).toBe('log');
  });

  it('keeps errors kafkajs does not retry, and other entries, at their level', () => {
    const denied = {
      ...response('Not authorized to access topics: [Topic authorization failed]'),
      level: logLevel.ERROR,
    };
    expect(kafkaLogLevel(denied)).toBe('error');
    const crash = {
      namespace: 'Consumer',
      label: 'ERROR',
      log: { timestamp: '', message: 'Crash: KafkaJSNumberOfRetriesExceeded' },
      level: logLevel.ERROR,
    };
    expect(kafkaLogLevel(crash)).toBe('error');
    expect(
      kafkaLogLevel({ ...response('This server is not the leader for that topic-partition'), level: logLevel.INFO }),
    ).toBe('log');
  });

  it('logs the bounded-retries warning of the idempotent producer at debug level', () => {
    const entry = {
      namespace: 'Producer',
      label: 'WARN',
      log: { timestamp: '', message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees' },
      level: logLevel.WARN,
    };
    expect(kafkaLogLevel(entry)).toBe('debug');
    expect(kafkaLogLevel({ ...entry, log: { ...entry.log, message: 'Another warning' } })).toBe('warn');
  });

  it('leaves a refused CreateTopics to ensureTopics, which retries it and throws what it cannot get past', () => {
    const entry = {
      ...response('Topic with this name already exists'),
      log: {
        ...response('').log,
        message: 'Response CreateTopics(key: 19, version: 3)',
        error: 'Topic creation errors',
      },
      level: logLevel.ERROR,
    };
    expect(kafkaLogLevel(entry)).toBe('debug');
  });
});
