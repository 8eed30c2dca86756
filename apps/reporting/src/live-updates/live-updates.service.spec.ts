import { MAX_BROADCAST_BYTES } from '@dxhub/persistence';
import { splitForBroadcast } from './live-updates.service';

const aggregate = (i: number) => ({
  indicatorCode: 'FIBRE_HH',
  orgUnitCode: String(800 + (i % 50)),
  orgUnitName: 'Thị xã Gò Công (Tiền Giang)',
  period: '2024S2',
  value: 41250.5 + i,
  version: i,
});

describe('splitForBroadcast', () => {
  it('keeps an update without aggregates whole', () => {
    expect(splitForBroadcast({ kind: 'report', reportId: 'r-1' })).toEqual([{ kind: 'report', reportId: 'r-1' }]);
  });

  it('splits 1,000 changed aggregates into parts that each fit one NOTIFY, losing none and keeping their order', () => {
    const aggregates = Array.from({ length: 1000 }, (_, i) => aggregate(i));
    const parts = splitForBroadcast({ kind: 'aggregates', aggregates });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.kind).toBe('aggregates');
      // The envelope (replica id, field names) takes at most 200 bytes more.
      expect(Buffer.byteLength(JSON.stringify(part)) + 200).toBeLessThanOrEqual(MAX_BROADCAST_BYTES);
    }
    expect(parts.flatMap((p) => p.aggregates)).toEqual(aggregates);
  });
});
