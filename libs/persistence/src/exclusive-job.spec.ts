import { drainExclusively, PeriodicJob } from './exclusive-job';

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs on every tick, skipping the ticks while a run is in flight, and stop() waits for that run', async () => {
    let finish: () => void = () => undefined;
    let calls = 0;
    const job = new PeriodicJob(
      1000,
      () => {
        calls++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      () => undefined,
    );
    job.start();
    await jest.advanceTimersByTimeAsync(3500);
    expect(calls).toBe(1);
    finish();
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await jest.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(2);
  });

  it('reports a failed run and tries again on the next tick; an interval of 0 never starts', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const failing = new PeriodicJob(
      1000,
      () => {
        calls++;
        return Promise.reject(new Error('database down'));
      },
      (error) => errors.push(error),
    );
    failing.start();
    await jest.advanceTimersByTimeAsync(2000);
    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['database down', 'database down']);
    await failing.stop();

    let offCalls = 0;
    const off = new PeriodicJob(
      0,
      () => Promise.resolve(offCalls++),
      () => undefined,
    );
    off.start();
    await jest.advanceTimersByTimeAsync(10000);
    expect(offCalls).toBe(0);
  });
});

describe('drainExclusively', () => {
  /**
   * A DataSource whose transactions answer the lock query with `locked`, then run the work. The transaction's
   * connection is a QueryRunner answering structured results, as the SQL statement helpers ask TypeORM for.
   */
  const dataSource = (locked: boolean) =>
    ({
      transaction: async <T>(work: (m: unknown) => Promise<T>) =>
        work({ isReleased: false, query: async () => ({ records: [{ locked }], affected: 1 }) }),
    }) as unknown as Parameters<typeof drainExclusively>[0];

  it('takes rounds while they come back full, and adds them up', async () => {
    const queue = [3, 3, 1];
    let rounds = 0;
    const total = await drainExclusively(dataSource(true), 'q', 3, async () => {
      rounds++;
      const taken = queue.shift() ?? 0;
      return { taken, changed: taken - 1 };
    });
    expect(rounds).toBe(3);
    expect(total).toEqual({ taken: 7, changed: 4 });
  });

  it('does nothing while another replica holds the lock', async () => {
    let rounds = 0;
    const total = await drainExclusively(dataSource(false), 'q', 3, async () => {
      rounds++;
      return { taken: 3, changed: 3 };
    });
    expect(rounds).toBe(0);
    expect(total).toEqual({ taken: 0, changed: 0 });
  });
});
