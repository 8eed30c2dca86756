import { AccessDeniedError, type Principal } from '@dxhub/auth';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { QueryRunner } from 'typeorm';
import { RejectionsQueryDto } from './dto/rejections-query.dto';
import {
  decodeRejectionCursor,
  encodeRejectionCursor,
  readRejections,
  rejectionsAgency,
  type RejectionFilter,
} from './rejection-query';

const reporter: Principal = { sub: 'u-1', agency: 'SKHCN', roles: ['reporter'] };
const office: Principal = { sub: 'u-2', agency: 'VPUBND', roles: ['programme-office'] };

/** The messages class-validator gives for a query string, as the HTTP layer would turn it. */
function problems(query: Record<string, string>): string[] {
  return validateSync(plainToInstance(RejectionsQueryDto, query)).flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('rejection query', () => {
  it('gives back the position a cursor was made from, and refuses text it did not make', () => {
    const cursor = encodeRejectionCursor({ atMicros: '1796540645123456', id: '1042' });
    expect(decodeRejectionCursor(cursor)).toEqual({ atMicros: '1796540645123456', id: '1042' });
    expect(decodeRejectionCursor('1042')).toBeNull();
    expect(decodeRejectionCursor(Buffer.from('rj1:1:0').toString('base64url'))).toBeNull();
    expect(decodeRejectionCursor(Buffer.from("rj1:1:1' OR 1=1").toString('base64url'))).toBeNull();
    expect(decodeRejectionCursor('not base64!')).toBeNull();
  });

  it('reads the token’s agency; another agency only for the programme office and admins', () => {
    expect(rejectionsAgency(reporter, undefined)).toBe('SKHCN');
    expect(rejectionsAgency(reporter, 'SKHCN')).toBe('SKHCN');
    expect(() => rejectionsAgency(reporter, 'STC')).toThrow(AccessDeniedError);
    expect(() => rejectionsAgency(reporter, 'STC')).toThrow(/token is for agency 'SKHCN'/);
    expect(rejectionsAgency(office, undefined)).toBe('VPUBND');
    expect(rejectionsAgency(office, 'SKHCN')).toBe('SKHCN');
    expect(rejectionsAgency({ ...reporter, roles: ['admin'] }, 'STC')).toBe('STC');
  });

  it('asks for one row more than a page and makes the cursor of a page’s last row only when there is more', async () => {
    const calls: unknown[][] = [];
    const row = (id: number) => ({
      id: String(id),
      channel: 'kafka',
      topic: 'dx.agency.SKHCN.indicator-values',
      partition: 0,
      offset: String(id),
      eventId: `e-${id}`,
      eventType: 'dx.indicator-value.reported',
      reasonCode: 'body-not-json',
      reason: 'the body is not JSON',
      rejectedAt: new Date(Date.UTC(2026, 10, 27, 3, 4, id)),
      atMicros: String(Date.UTC(2026, 10, 27, 3, 4, id) * 1000),
    });
    let answer = [row(9), row(8), row(7)];
    // A QueryRunner as the statement helpers use it: structured results ({ records, affected }).
    const executor = {
      isReleased: false,
      query: async (_sql: string, params: unknown[]) => {
        calls.push(params);
        return { records: answer, affected: answer.length };
      },
    } as unknown as QueryRunner;
    const filter: RejectionFilter = {
      agency: 'SKHCN',
      from: new Date('2026-11-27T00:00:00Z'),
      reasonCode: 'body-not-json',
      limit: 2,
    };
    const first = await readRejections(executor, filter);
    expect(calls[0]).toEqual(['SKHCN', '2026-11-27T00:00:00.000Z', null, 'body-not-json', null, null, 3]);
    expect(first.items.map((i) => i.id)).toEqual(['9', '8']);
    expect(first.items[0]).toEqual({
      id: '9',
      channel: 'kafka',
      topic: 'dx.agency.SKHCN.indicator-values',
      partition: 0,
      offset: '9',
      eventId: 'e-9',
      eventType: 'dx.indicator-value.reported',
      reasonCode: 'body-not-json',
      reason: 'the body is not JSON',
      rejectedAt: '2026-11-27T03:04:09.000Z',
    });
    const after = decodeRejectionCursor(first.nextCursor as string);
    expect(after).toEqual({ atMicros: String(Date.UTC(2026, 10, 27, 3, 4, 8) * 1000), id: '8' });

    answer = [row(7)];
    const second = await readRejections(executor, { ...filter, after: after! });
    expect(calls[1].slice(4)).toEqual([after!.atMicros, '8', 3]);
    expect(second).toEqual({ items: [expect.objectContaining({ id: '7' })], nextCursor: null });
  });

  it('refuses a query it cannot read, saying which parameter and why', () => {
    expect(problems({})).toEqual([]);
    expect(
      problems({
        from: '2026-11-01T00:00:00+07:00',
        to: '2026-11-30T23:59:59Z',
        reasonCode: 'time-in-future',
        limit: '500',
      }),
    ).toEqual([]);
    expect(problems({ from: '2026-11-01' })).toEqual([
      "from must be an RFC 3339 time with its offset, such as 2026-11-27T08:00:00+07:00, got '2026-11-01'",
    ]);
    expect(problems({ to: '9999-01-01T00:00:00Z' })).toEqual([
      "to must be an ISO 8601 time between 2000-01-01 and 2100-12-31, got '9999-01-01T00:00:00Z'",
    ]);
    expect(problems({ reasonCode: 'bad-json' })[0]).toMatch(/^reasonCode must be one of body-empty, /);
    expect(problems({ limit: '501' })).toEqual(['limit must not be greater than 500']);
    expect(problems({ limit: '0' })).toEqual(['limit must not be less than 1']);
    expect(problems({ agency: 'skhcn' })).toEqual(['agency must be an agency code (A-Z, 0-9)']);
  });
});
