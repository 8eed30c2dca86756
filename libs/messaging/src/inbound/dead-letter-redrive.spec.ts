import { matchesReason, REDRIVEN_FROM_HEADER, redrivenMessage, redriveTopics } from './dead-letter-redrive';

const record = {
  partition: 1,
  offset: '17',
  key: Buffer.from('BTS_COUNT'),
  value: Buffer.from('{"value":412}'),
  headers: {
    ce_id: 'e-1',
    ce_source: '/agencies/STTTT',
    dx_dlq_reason: 'org unit 999 does not exist',
    dx_dlq_reason_code: 'refused',
    dx_dlq_original_topic: 'dx.agency.STTTT.indicator-values',
    [REDRIVEN_FROM_HEADER]: 'an earlier re-drive',
  },
};

describe('dead-letter re-drive', () => {
  it('goes back to the topic the dead-letter topic belongs to, whichever of the two is named', () => {
    const both = { deadLetterTopic: 'dx.tasks.events.dlq', target: 'dx.tasks.events' };
    expect(redriveTopics('dx.tasks.events')).toEqual(both);
    expect(redriveTopics('dx.tasks.events.dlq')).toEqual(both);
  });

  it('sends the original key, value and headers, without the dead-letter headers, saying where it came from', () => {
    expect(redrivenMessage(record, 'dx.agency.STTTT.indicator-values.dlq')).toEqual({
      key: record.key,
      value: record.value,
      headers: {
        ce_id: 'e-1',
        ce_source: '/agencies/STTTT',
        [REDRIVEN_FROM_HEADER]: 'dx.agency.STTTT.indicator-values.dlq/1/17',
      },
    });
  });

  it('filters by the reason code or a part of the reason', () => {
    expect(matchesReason(record, 'refused')).toBe(true);
    expect(matchesReason(record, 'does not exist')).toBe(true);
    expect(matchesReason(record, 'invalid')).toBe(false);
    expect(matchesReason(record, undefined)).toBe(true);
  });
});
