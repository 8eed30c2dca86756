import { PeriodicJob } from './exclusive-job';

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
