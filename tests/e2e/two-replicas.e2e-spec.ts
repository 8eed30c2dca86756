import { KafkaConfig, KafkaGateway, readGroupHealth } from '@dxhub/messaging';
import {
  AgencyProducer,
  agencyReportHeaders,
  bearer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  serviceTestEnv,
  type TestDatabase,
  testKafkaBrokers,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * Two replicas of every service on one database and one broker (topics of two partitions, so each replica of a
 * consumer group holds one): live streams reach their clients whichever replica committed the change. A
 * client of either reporting replica sees every aggregate change, a client of either notifications replica
 * every notice, though each change was projected, and each notice delivered, by one replica. Eight services,
 * six indicator reports and seven task assignments; about two minutes.
 */
const ROOT = join(__dirname, '../..');
const SERVICES = ['tasks', 'indicators', 'notifications', 'reporting'] as const;
type Service = (typeof SERVICES)[number];
/** Replica A on 3151-3154, replica B on 3161-3164. */
const PORTS: Record<Service, [number, number]> = {
  tasks: [3151, 3161],
  indicators: [3152, 3162],
  notifications: [3153, 3163],
  reporting: [3154, 3164],
};
const url = (service: Service, replica: 0 | 1, path: string) => `http://127.0.0.1:${PORTS[service][replica]}${path}`;

/** Province figures (org unit 82) for 2024 after the reports below, worked out in aggregates-matrix.e2e-spec.ts. */
const REPORTS: [agency: string, indicator: string, orgUnit: string, period: string, figures: object][] = [
  ['VPUBND', 'DVC_APPS_ONLINE', '28249', '202401', { value: 10 }],
  ['VPUBND', 'TTHC_TOANTRINH', '28249', '202401', { numerator: 3, denominator: 4 }],
  ['VPUBND', 'DVC_AVG_DAYS', '28249', '2024Q1', { value: 4 }],
  ['STTTT', 'DTI_RANK_TG', '815', '2024', { value: 15 }],
  ['STTTT', 'DTI_TG', '815', '2024', { value: 0.7 }],
  ['STTTT', 'BTS_COUNT', '28249', '2024S2', { value: 7 }],
];
const PROVINCE_2024: Record<string, number> = {
  DVC_APPS_ONLINE: 10,
  TTHC_TOANTRINH: 75,
  DVC_AVG_DAYS: 4,
  DTI_RANK_TG: 15,
  DTI_TG: 0.7,
  BTS_COUNT: 7,
};
/** The seeded tasks SKHCN leads (seeds/programme.json): assigning each notifies SKHCN's reporters. */
const SKHCN_TASKS = ['G1.N1.T2', 'G1.N2.T1', 'G1.N4.T1', 'G1.N4.T2', 'G1.N6.T1', 'G1.N6.T2', 'G3.N8.T1'];

/** The events of a server-sent-event stream, as they arrive. */
class StreamRecorder {
  readonly events: Record<string, unknown>[] = [];
  private readonly abort = new AbortController();
  private reading?: Promise<void>;

  async open(address: string, headers: Record<string, string>): Promise<void> {
    const res = await fetch(address, { headers, signal: this.abort.signal });
    if (!res.ok || !res.body) throw new Error(`${address} answered ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    this.reading = (async () => {
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          buffer = buffer.slice(end + 2);
          if (data) this.events.push(JSON.parse(data) as Record<string, unknown>);
        }
      }
    })();
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }
}

/** A counter's value summed over its series with the given labels, from a /metrics page. */
async function metric(address: string, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(address)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe('two replicas of every service behave as one', () => {
  let database: TestDatabase;
  const prefix = uniqueTopicPrefix('replicas');
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const gateway = new KafkaGateway(
    Object.assign(new KafkaConfig(), { KAFKA_BROKERS: testKafkaBrokers(), KAFKA_TOPIC_PREFIX: prefix }),
    'replicas-test',
  );
  const viewer = bearer({ agency: 'SYT', roles: ['viewer'] });
  const office = {
    ...bearer({ agency: 'STTTT', roles: ['programme-office', 'admin'] }),
    'content-type': 'application/json',
  };
  const hanh = bearer({ agency: 'SKHCN', roles: ['reporter'], sub: 'hanh' });

  beforeAll(async () => {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status).toBe(0);
    database = await createTestDatabase('replicas');
    const env = {
      ...process.env,
      ...serviceTestEnv(database, prefix),
      KAFKA_TOPIC_PARTITIONS: '2',
      INDICATORS_PUBLIC_URL: url('indicators', 0, ''),
      AGENCY_TOPIC_REFRESH_MS: '5000',
    };
    for (const service of SERVICES) {
      for (const port of PORTS[service]) {
        const child = spawn(process.execPath, [join(ROOT, 'dist/apps', service, 'src/main.js')], {
          cwd: ROOT,
          env: { ...env, PORT: String(port) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout?.on('data', (c: Buffer) => output.push(`${service}:${port} ${c.toString()}`));
        child.stderr?.on('data', (c: Buffer) => output.push(`${service}:${port} ${c.toString()}`));
        children.push(child);
      }
    }
    try {
      for (const service of SERVICES) {
        for (const replica of [0, 1] as const) {
          await waitFor(
            async () => ((await fetch(url(service, replica, '/health/ready'))).ok ? true : undefined),
            240000,
            `${service} replica ${replica} to be ready`,
          );
        }
      }
      // Both replicas of each consumer group hold a partition before anything is published.
      await waitFor(
        async () => {
          const groups = await readGroupHealth(gateway, ['reporting-aggregates', 'notifications-rules']);
          return groups.length === 2 &&
            groups.every(
              (g) => g.state === 'Stable' && g.members.length === 2 && g.members.every((m) => m.partitions > 0),
            )
            ? true
            : undefined;
        },
        120000,
        'the consumer groups to share their partitions between the two replicas',
      );
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n--- the services' output (last 4000 characters) ---\n${output.join('').slice(-4000)}`,
      );
    }
  });

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await gateway.close();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('both dashboard streams see every aggregate change, whichever replica projected it', async () => {
    const streams = [new StreamRecorder(), new StreamRecorder()];
    await Promise.all(streams.map((s, i) => s.open(url('reporting', i as 0 | 1, '/v1/stream'), viewer)));
    const consumed = (replica: 0 | 1) =>
      metric(url('reporting', replica, '/metrics'), 'dx_messages_consumed_total', { topic: 'dx.indicators.events' });
    const before = await Promise.all([consumed(0), consumed(1)]);

    const producer = await AgencyProducer.connect('replicas-agency');
    try {
      for (const [i, [agency, indicatorCode, orgUnitCode, period, figures]] of REPORTS.entries()) {
        await producer.send(`${prefix}dx.agency.${agency}.indicator-values`, [
          {
            key: indicatorCode,
            value: JSON.stringify({ indicatorCode, orgUnitCode, period, ...figures }),
            headers: agencyReportHeaders(agency, `replicas-${i}`),
          },
        ]);
      }
    } finally {
      await producer.close();
    }

    /** The province's 2024 figure of each indicator as the stream last told it. */
    const provinceFigures = (s: StreamRecorder) => {
      const figures: Record<string, number> = {};
      for (const e of s.events) {
        if (e.kind !== 'aggregates') continue;
        for (const a of e.aggregates as { indicatorCode: string; orgUnitCode: string; period: string; value: number }[])
          if (a.orgUnitCode === '82' && a.period === '2024') figures[a.indicatorCode] = a.value;
      }
      return figures;
    };
    try {
      for (const [i, s] of streams.entries()) {
        await waitFor(
          async () => {
            const figures = provinceFigures(s);
            return Object.entries(PROVINCE_2024).every(([k, v]) => Math.abs((figures[k] ?? NaN) - v) < 1e-9)
              ? true
              : undefined;
          },
          60000,
          `reporting replica ${i}'s stream to show every province figure (it has ${JSON.stringify(provinceFigures(s))})`,
        );
      }
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
    // Each replica projected part of the changes (its own partition): each stream also carried the other's.
    const after = await Promise.all([consumed(0), consumed(1)]);
    expect([after[0] - before[0] > 0, after[1] - before[1] > 0]).toEqual([true, true]);
    // And either replica answers with the same, exact figures.
    for (const replica of [0, 1] as const) {
      for (const [indicator, value] of Object.entries(PROVINCE_2024)) {
        const res = await fetch(
          url('reporting', replica, `/v1/aggregates?indicator=${indicator}&orgUnit=82&period=2024`),
          {
            headers: viewer,
          },
        );
        expect({ replica, indicator, value: ((await res.json()) as { value: number }).value }).toEqual({
          replica,
          indicator,
          value: expect.closeTo(value, 9),
        });
      }
    }
  });

  it('both inbox streams of a user get every notice, whichever replica delivered it', async () => {
    const put = await fetch(url('notifications', 1, '/v1/subscribers/hanh'), {
      method: 'PUT',
      headers: office,
      body: JSON.stringify({
        agencyCode: 'SKHCN',
        roles: ['reporter'],
        email: 'hanh.tran@skhcn.example.vn',
        locale: 'vi',
      }),
    });
    expect(put.status).toBe(200);
    const streams = [new StreamRecorder(), new StreamRecorder()];
    await Promise.all(streams.map((s, i) => s.open(url('notifications', i as 0 | 1, '/v1/inbox/stream'), hanh)));
    const sent = (replica: 0 | 1) =>
      metric(url('notifications', replica, '/metrics'), 'dx_notifications_sends_total', {
        channel: 'inbox',
        outcome: 'sent',
      });
    const before = await Promise.all([sent(0), sent(1)]);

    // The programme office assigns the tasks, half through each tasks replica.
    for (const [i, code] of SKHCN_TASKS.entries()) {
      const res = await fetch(url('tasks', (i % 2) as 0 | 1, `/v1/tasks/${code}/transitions`), {
        method: 'POST',
        headers: office,
        body: JSON.stringify({ action: 'assign' }),
      });
      expect({ code, status: res.status }).toEqual({ code, status: 200 });
    }

    const assigned = (s: StreamRecorder) =>
      new Set(
        s.events
          .map((e) => String(e.subject ?? ''))
          .filter((subject) => subject.startsWith('Nhiệm vụ được giao: '))
          .map((subject) => subject.slice('Nhiệm vụ được giao: '.length)),
      );
    try {
      for (const [i, s] of streams.entries()) {
        await waitFor(
          async () => (SKHCN_TASKS.every((code) => assigned(s).has(code)) ? true : undefined),
          60000,
          `notifications replica ${i}'s stream to show the seven assignments (it has ${[...assigned(s)].join(', ')})`,
        );
      }
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
    // Each notice was delivered by one replica only, and both streams showed the same notices, with the same ids.
    const after = await Promise.all([sent(0), sent(1)]);
    expect(after[0] - before[0] + (after[1] - before[1])).toBeGreaterThanOrEqual(SKHCN_TASKS.length);
    const ids = streams.map((s) =>
      s.events
        .filter((e) => String(e.subject).startsWith('Nhiệm vụ được giao: '))
        .map((e) => String(e.id))
        .sort(),
    );
    expect(ids[0]).toEqual(ids[1]);
    const inbox = (await (await fetch(url('notifications', 0, '/v1/inbox?limit=50'), { headers: hanh })).json()) as {
      items: { id: string }[];
    };
    expect(ids[0].every((id) => inbox.items.some((item) => item.id === id))).toBe(true);
  });

  it('every replica runs its outbox relay check and says when it last drained', async () => {
    for (const service of SERVICES) {
      for (const replica of [0, 1] as const) {
        const checked = await waitFor(
          async () => {
            const value = await metric(url(service, replica, '/metrics'), 'dx_outbox_checked_timestamp_seconds', {
              service,
            });
            return value > 0 ? value : undefined;
          },
          90000,
          `${service} replica ${replica} to check its outbox`,
        );
        expect(Date.now() / 1000 - checked).toBeLessThan(120);
      }
    }
  });
});
