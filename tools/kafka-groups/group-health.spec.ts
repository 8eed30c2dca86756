import { decodeMemberAssignment, partitionLag } from '@dxhub/messaging';
import { formatGroupHealth } from './group-health';
import { parseArgs } from './describe';

/** A consumer protocol MemberAssignment: version, [topic, [partition]], user data. */
function assignment(topics: [string, number[]][]): Buffer {
  const parts: Buffer[] = [Buffer.from([0, 1]), int32(topics.length)];
  for (const [topic, partitions] of topics) {
    const name = Buffer.from(topic, 'utf8');
    parts.push(Buffer.from([name.length >> 8, name.length & 0xff]), name, int32(partitions.length));
    for (const p of partitions) parts.push(int32(p));
  }
  parts.push(int32(-1)); // no user data
  return Buffer.concat(parts);
}
function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

describe('consumer group health', () => {
  it('decodes which partitions a member holds', () => {
    expect(
      decodeMemberAssignment(
        assignment([
          ['dx.indicators.events', [0, 2]],
          ['dx.tasks.events', [1]],
        ]),
      ),
    ).toEqual([
      { topic: 'dx.indicators.events', partitions: [0, 2] },
      { topic: 'dx.tasks.events', partitions: [1] },
    ]);
    expect(decodeMemberAssignment(Buffer.alloc(0))).toEqual([]);
  });

  it('counts lag from the committed offset, or from the log start before the first commit', () => {
    expect(partitionLag('40', '0', '52')).toBe(12);
    expect(partitionLag(null, '7', '52')).toBe(45);
    expect(partitionLag('60', '0', '52')).toBe(0);
  });

  it('prints the partitions behind and the ones no member holds', () => {
    const text = formatGroupHealth({
      groupId: 'indicators-intake',
      state: 'Stable',
      members: [{ member: 'dxhub-indicators@10.0.0.7', partitions: 1 }],
      partitions: [
        {
          topic: 'dx.agency.STTTT.indicator-values',
          partition: 0,
          committed: '10',
          end: '15',
          lag: 5,
          member: 'dxhub-indicators@10.0.0.7',
        },
        { topic: 'dx.agency.STTTT.indicator-values', partition: 1, committed: '3', end: '3', lag: 0, member: null },
      ],
      totalLag: 5,
    });
    expect(text.split('\n')).toEqual([
      'indicators-intake: Stable, 1 member(s), lag 5',
      '  member dxhub-indicators@10.0.0.7 holds 1 partition(s)',
      '  dx.agency.STTTT.indicator-values[0] committed 10 end 15 lag 5 (dxhub-indicators@10.0.0.7)',
      '  dx.agency.STTTT.indicator-values[1] committed 3 end 3 lag 0 (no member)',
    ]);
  });

  it('takes --group more than once, a rewind time for named groups, and refuses anything else', () => {
    expect(parseArgs(['--group=a', '--group=b', '--json'])).toEqual({ groups: ['a', 'b'], json: true });
    expect(parseArgs(['--group=a', '--rewind-to=2026-03-01T00:00:00Z'])).toEqual({
      groups: ['a'],
      json: false,
      rewindTo: new Date('2026-03-01T00:00:00Z'),
    });
    expect(parseArgs(['--group=a', '--rewind-to=earliest']).rewindTo).toBe('earliest');
    expect(() => parseArgs(['--rewind-to=earliest'])).toThrow(/--rewind-to needs --group/);
    expect(() => parseArgs(['--group=a', '--rewind-to=yesterday'])).toThrow(/unknown argument/);
    expect(() => parseArgs(['--grop=a'])).toThrow(/unknown argument '--grop=a'/);
  });
});
