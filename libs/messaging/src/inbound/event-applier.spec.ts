import { EventTypes, RejectionCodes } from '@dxhub/contracts';
import type { EntityManager } from 'typeorm';
import { EventApplier, type EventHandler, type Transact } from './event-applier';
import type { Inbound } from './inbound-event';

type Reported = Inbound<typeof EventTypes.INDICATOR_VALUE_REPORTED>;

/*
 * The applier against a fake transaction: the inbox is a set of claimed keys, a transaction's claims and
 * effects land only when it commits, and the handler is scripted per test. What it proves is the policy:
 * each event applied once, a duplicate recognised, a refusal released, a permanent failure narrowed down
 * to the events that cause it, a transient one handed back to the caller.
 */

function event(id: string, source = '/agencies/STTTT'): Reported {
  return {
    topic: 'dx.agency.STTTT.indicator-values',
    partition: 0,
    offset: id,
    key: 'BTS_COUNT',
    type: EventTypes.INDICATOR_VALUE_REPORTED,
    event: {
      specversion: '1.0',
      id,
      source,
      type: EventTypes.INDICATOR_VALUE_REPORTED,
      data: { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S2', value: 1 },
    },
    agencyCode: 'STTTT',
    receivedAt: new Date('2026-01-01T00:00:00Z'),
    record: { key: null, value: null, headers: {} },
  } as Reported;
}

const events = (...ids: string[]) => ids.map((id) => event(id));

class FakeDatabase {
  inbox = new Set<string>();
  applied: string[] = [];
  transactions: string[][] = [];

  /**
   * A transaction: the fake inbox answers INSERT … RETURNING and DELETE as PostgreSQL would. The statement helpers
   * see a QueryRunner (`isReleased`) and ask for structured results ({ records, affected }).
   */
  transact: Transact = async <R>(work: (tx: EntityManager) => Promise<R>): Promise<R> => {
    const claimed = new Set(this.inbox);
    const applied: string[] = [];
    const answer = (sql: string, params: string[][]): unknown[] => {
      if (sql.includes('INSERT INTO processed_events')) {
        const rows: { source: string; id: string }[] = [];
        params[0].forEach((source, i) => {
          const key = `${source}|${params[1][i]}`;
          if (!claimed.has(key)) rows.push({ source, id: params[1][i] });
          claimed.add(key);
        });
        return rows;
      }
      if (sql.includes('DELETE FROM processed_events')) {
        params[0].forEach((source, i) => claimed.delete(`${source}|${params[1][i]}`));
        return [];
      }
      if (sql === 'apply') {
        applied.push(...params[0]);
        return [];
      }
      throw new Error(`unexpected SQL: ${sql}`);
    };
    const tx = {
      isReleased: false,
      query: async (sql: string, params: string[][], structured?: boolean) => {
        const rows = answer(sql, params);
        return structured ? { records: rows, affected: rows.length } : rows;
      },
    } as unknown as EntityManager;
    const result = await work(tx);
    this.inbox = claimed;
    this.applied.push(...applied);
    this.transactions.push(applied);
    return result;
  };
}

const sqlError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { name: 'QueryFailedError', code });

/** A handler that applies every event it is given, except as `fail` says: throw for these ids. */
function handler(
  fail: (ids: string[]) => Error | undefined = () => undefined,
): EventHandler<typeof EventTypes.INDICATOR_VALUE_REPORTED> {
  return async (tx, given) => {
    const ids = given.map((e) => e.event.id);
    const error = fail(ids);
    if (error) throw error;
    await tx.query('apply', [ids]);
  };
}

const noPause = async () => undefined;

function applier(db: FakeDatabase, handle: EventHandler<typeof EventTypes.INDICATOR_VALUE_REPORTED>, max = 100) {
  return new EventApplier(db.transact, { handle, maxEventsPerTransaction: max, transactionsAtOnce: 1 });
}

describe('EventApplier', () => {
  it('applies each event once: a second delivery and a repeat within the batch are duplicates', async () => {
    const db = new FakeDatabase();
    const apply = applier(db, handler());
    expect(await apply.apply(events('a', 'b', 'a'), 'grouped', noPause)).toEqual({
      applied: 2,
      duplicates: 1,
      failed: [],
    });
    expect(await apply.apply(events('a', 'b', 'c'), 'grouped', noPause)).toEqual({
      applied: 1,
      duplicates: 2,
      failed: [],
    });
    expect(db.applied).toEqual(['a', 'b', 'c']);
  });

  it('dead-letters refused events with their reason and releases their claims (they may be sent again)', async () => {
    const db = new FakeDatabase();
    let refuse = true;
    const apply = applier(db, async (tx, given) => {
      const refused = refuse ? given.filter((e) => e.event.id === 'bad') : [];
      await tx.query('apply', [given.filter((e) => !refused.includes(e)).map((e) => e.event.id)]);
      return { refused: refused.map((e) => ({ event: e, reason: 'unknown org unit' })) };
    });
    const first = await apply.apply(events('ok', 'bad'), 'grouped', noPause);
    expect(first.applied).toBe(1);
    expect(first.failed.map((f) => [f.event.event.id, f.reason])).toEqual([
      ['bad', { code: RejectionCodes.REFUSED, message: 'unknown org unit' }],
    ]);
    refuse = false; // the agency fixed the cause and sends the same id again
    expect(await apply.apply(events('bad'), 'grouped', noPause)).toEqual({ applied: 1, duplicates: 0, failed: [] });
    expect(db.applied).toEqual(['ok', 'bad']);
  });

  it('narrows a permanent failure down to the events that cause it; the others are applied', async () => {
    const db = new FakeDatabase();
    const poison = new Set(['p3', 'p7']);
    const apply = applier(
      db,
      handler((ids) => (ids.some((id) => poison.has(id)) ? sqlError('54000') : undefined)),
    );
    const ids = Array.from({ length: 10 }, (_, i) => (poison.has(`p${i}`) ? `p${i}` : `e${i}`));
    const outcome = await apply.apply(events(...ids), 'grouped', noPause);
    expect(outcome.applied).toBe(8);
    expect(outcome.failed.map((f) => [f.event.event.id, f.reason.code, f.errorClass])).toEqual([
      ['p3', RejectionCodes.PROCESSING_FAILED, 'QueryFailedError 54000'],
      ['p7', RejectionCodes.PROCESSING_FAILED, 'QueryFailedError 54000'],
    ]);
    expect(db.applied.sort()).toEqual(ids.filter((id) => !poison.has(id)).sort());
  });

  it('hands a transient failure back to the caller with nothing half-done', async () => {
    const db = new FakeDatabase();
    const apply = applier(
      db,
      handler(() => sqlError('40P01')),
    );
    await expect(apply.apply(events('a', 'b'), 'grouped', noPause)).rejects.toMatchObject({ code: '40P01' });
    expect(db.inbox.size).toBe(0);
    expect(db.applied).toEqual([]);
  });

  it('in isolate mode gives up an event that keeps failing transiently, and applies the rest', async () => {
    const db = new FakeDatabase();
    const apply = applier(
      db,
      handler((ids) => (ids.includes('stuck') ? sqlError('55P03') : undefined)),
    );
    const outcome = await apply.apply(events('a', 'stuck', 'b'), 'isolate', noPause);
    expect(outcome.applied).toBe(2);
    expect(outcome.failed).toMatchObject([
      {
        event: { offset: 'stuck' },
        reason: { code: RejectionCodes.RETRIES_EXHAUSTED },
        errorClass: 'QueryFailedError 55P03',
      },
    ]);
  });

  it('cuts a batch into transactions of at most maxEventsPerTransaction', async () => {
    const db = new FakeDatabase();
    const apply = applier(db, handler(), 4);
    await apply.apply(events(...'abcdefghij'.split('')), 'grouped', noPause);
    expect(db.transactions).toEqual([
      ['a', 'b', 'c', 'd'],
      ['e', 'f', 'g', 'h'],
      ['i', 'j'],
    ]);
  });

  it('runs what after-commit step the handler returns once the transaction committed', async () => {
    const db = new FakeDatabase();
    const seen: string[] = [];
    const apply = applier(db, async (tx, given) => {
      await tx.query('apply', [given.map((e) => e.event.id)]);
      return { afterCommit: () => seen.push(`after ${db.applied.length}`) };
    });
    await apply.apply(events('a', 'b'), 'grouped', noPause);
    expect(seen).toEqual(['after 2']);
  });
});

describe('EventApplier group commit', () => {
  it('applies batches that arrive together in one transaction and answers each its own', async () => {
    const db = new FakeDatabase();
    const apply = new EventApplier(db.transact, {
      handle: handler(),
      maxEventsPerTransaction: 100,
      transactionsAtOnce: 1,
    });
    const [a, b] = await Promise.all([
      apply.apply(events('a1', 'a2'), 'grouped', noPause),
      apply.apply(events('b1', 'b2', 'a1'), 'grouped', noPause),
    ]);
    expect(a).toEqual({ applied: 2, duplicates: 0, failed: [] });
    expect(b).toEqual({ applied: 2, duplicates: 1, failed: [] });
    expect(db.transactions).toEqual([['a1', 'a2', 'b1', 'b2']]);
  });

  it('runs a group again batch by batch when one batch fails it for good: the others are not held back', async () => {
    const db = new FakeDatabase();
    const apply = new EventApplier(db.transact, {
      handle: handler((ids) => (ids.includes('poison') ? sqlError('23514') : undefined)),
      maxEventsPerTransaction: 100,
      transactionsAtOnce: 1,
    });
    const [good, bad] = await Promise.all([
      apply.apply(events('g1', 'g2'), 'grouped', noPause),
      apply.apply(events('b1', 'poison'), 'grouped', noPause),
    ]);
    expect(good).toEqual({ applied: 2, duplicates: 0, failed: [] });
    expect(bad.applied).toBe(1);
    expect(bad.failed.map((f) => f.event.event.id)).toEqual(['poison']);
    expect(db.applied.sort()).toEqual(['b1', 'g1', 'g2']);
  });
});
