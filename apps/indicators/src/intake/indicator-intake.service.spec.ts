import type { CloudEvent, IndicatorValueReportedV1 } from '@dxhub/contracts';
import type { OutboxRelayService } from '@dxhub/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { applyReports } from '../aggregates/aggregate-writer';
import type { ApprovingAgenciesService } from '../approval/approving-agencies.service';
import type { PeriodLocksService } from '../approval/period-locks.service';
import type { CatalogueService } from '../catalogue/catalogue.service';
import type { IndicatorsConfig } from '../config/indicators.config';
import { IndicatorIntakeService, type Submission } from './indicator-intake.service';
import { type AcceptedReport, reportKey } from './report-check';

// The catalogue check and the SQL are tested elsewhere: here every report passes, and applyReports stores
// what it is given (or fails as a test tells it to).
jest.mock('./report-check', () => ({
  ...jest.requireActual('./report-check'),
  checkReport: (
    _catalogue: unknown,
    agencyCode: string,
    topic: string,
    event: CloudEvent<IndicatorValueReportedV1>,
  ) => ({
    ok: true,
    report: {
      eventSource: event.source,
      eventId: event.id,
      agencyCode,
      topic,
      indicatorCode: event.data.indicatorCode,
    } as AcceptedReport,
  }),
}));
jest.mock('../aggregates/aggregate-writer', () => ({ applyReports: jest.fn() }));
jest.mock('../aggregates/aggregation-rules', () => ({ rulesFromCatalogue: () => () => ({}) }));

const applied = applyReports as jest.MockedFunction<typeof applyReports>;

function submissions(prefix: string, count: number, indicatorCode = 'BTS_COUNT'): Submission[] {
  return Array.from({ length: count }, (_, i) => ({
    agencyCode: 'STTTT',
    channel: 'dx.agency.STTTT.indicator-values',
    event: {
      specversion: '1.0',
      id: `${prefix}-${i}`,
      source: '/agencies/STTTT',
      type: 'dx.indicator-value.reported',
      data: { indicatorCode, orgUnitCode: '815', period: '2024S2', value: 1 },
    },
  }));
}

function intakeWith(transactions: number, maxReportsPerTransaction = 10_000) {
  const transaction = jest.fn(async (work: (m: EntityManager) => Promise<unknown>) =>
    work({ query: jest.fn(async () => []) } as unknown as EntityManager),
  );
  const intake = new IndicatorIntakeService(
    { transaction } as unknown as DataSource,
    {} as CatalogueService,
    { nudge: jest.fn() } as unknown as OutboxRelayService,
    { lookup: () => ({}) } as unknown as ApprovingAgenciesService,
    { refusals: async () => new Map() } as unknown as PeriodLocksService,
    {
      INTAKE_TRANSACTIONS: transactions,
      INTAKE_MAX_REPORTS_PER_TRANSACTION: maxReportsPerTransaction,
    } as IndicatorsConfig,
  );
  return { intake, transaction };
}

/** What each applyReports call was given: the event ids, in order. */
const groups = () => applied.mock.calls.map(([, reports]) => reports.map((r) => r.eventId));

beforeEach(() => {
  applied.mockReset();
  applied.mockImplementation(async (_m, reports) => new Set(reports.map(reportKey)));
});

describe('IndicatorIntakeService group commit', () => {
  it('applies the submissions that arrive together in one transaction and answers each its own', async () => {
    const { intake, transaction } = intakeWith(2);
    const [a, b] = await Promise.all([intake.submit(submissions('a', 2)), intake.submit(submissions('b', 3))]);
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(groups()).toEqual([['a-0', 'a-1', 'b-0', 'b-1', 'b-2']]);
    expect(a).toEqual([{ status: 'accepted' }, { status: 'accepted' }]);
    expect(b).toHaveLength(3);
  });

  it('reports an event two submissions of one group carry as stored once, a duplicate the second time', async () => {
    const { intake } = intakeWith(1);
    const [first, second] = await Promise.all([
      intake.submit(submissions('same', 1)),
      intake.submit(submissions('same', 1)),
    ]);
    expect([first, second]).toEqual([[{ status: 'accepted' }], [{ status: 'duplicate' }]]);
  });

  it('gathers what arrives while a transaction runs into the next one', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    applied.mockImplementationOnce(async (_m, reports) => gate.then(() => new Set(reports.map(reportKey))));
    const { intake } = intakeWith(1);
    const first = intake.submit(submissions('a', 1));
    while (applied.mock.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(groups()).toEqual([['a-0']]); // running, held at the gate
    const later = [intake.submit(submissions('b', 1)), intake.submit(submissions('c', 1))];
    release();
    await Promise.all([first, ...later]);
    expect(groups()).toEqual([['a-0'], ['b-0', 'c-0']]);
  });

  it('takes at most INTAKE_MAX_REPORTS_PER_TRANSACTION reports in one transaction, a larger submission alone', async () => {
    const { intake } = intakeWith(1, 10_000);
    await Promise.all(['a', 'b', 'c'].map((p) => intake.submit(submissions(p, 4000))));
    expect(groups().map((g) => g.length)).toEqual([8000, 4000]);

    applied.mockClear();
    const small = intakeWith(1, 2500).intake;
    await Promise.all([
      small.submit(submissions('d', 3000)),
      small.submit(submissions('e', 1000)),
      small.submit(submissions('f', 1000)),
    ]);
    expect(groups().map((g) => g.length)).toEqual([3000, 2000]);
  });

  it('retries a group that fails on its data submission by submission, so only the bad one fails', async () => {
    applied.mockImplementation(async (_m, reports) => {
      if (reports.some((r) => r.indicatorCode === 'BAD'))
        throw Object.assign(new Error('numeric field overflow'), { code: '22003' });
      return new Set(reports.map(reportKey));
    });
    const { intake, transaction } = intakeWith(1);
    const [good, bad] = await Promise.allSettled([
      intake.submit(submissions('good', 2)),
      intake.submit(submissions('bad', 1, 'BAD')),
    ]);
    expect(transaction).toHaveBeenCalledTimes(3);
    expect(good).toEqual({ status: 'fulfilled', value: [{ status: 'accepted' }, { status: 'accepted' }] });
    expect(bad).toEqual({ status: 'rejected', reason: expect.objectContaining({ code: '22003' }) });
  });

  it('fails every submission of a group on a transient failure, for each batch to retry', async () => {
    applied.mockRejectedValueOnce(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    const { intake, transaction } = intakeWith(1);
    const outcomes = await Promise.allSettled([intake.submit(submissions('a', 1)), intake.submit(submissions('b', 1))]);
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    // The intake is not stuck: the next submission gets its own transaction.
    await expect(intake.submit(submissions('c', 1))).resolves.toEqual([{ status: 'accepted' }]);
  });
});
