import { parser } from '@prometheus-io/lezer-promql';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { parseAllDocuments } from 'yaml';
import { checkWithKubernetesModels } from './kubernetes-models-check';
import { type Labels, matchesLabelSelector, matchesSelectorObject, type SelectorObject } from './label-selector';

/*
 * The operators' resources (k8s/components: monitoring, keda, network-policies; k8s/strimzi is
 * strimzi-resources.spec.ts) against their schemas, against each other and against the code: every PromQL
 * expression parses and reads metrics the services publish, every alert links a runbook that exists, every
 * consuming service scales on its own groups within its topics' partitions, and every service reaches only
 * what it needs. The web app (apps/web) is scraped like the services, is not scaled by KEDA (it consumes
 * nothing), and reaches nothing but DNS and the four services' HTTP ports.
 */

type Obj = Record<string, unknown>;
const ROOT = resolve(__dirname, '../..');
const COMPONENTS = join(ROOT, 'k8s/components');
const SERVICES = ['tasks', 'indicators', 'notifications', 'reporting'] as const;
type Service = (typeof SERVICES)[number];
/** What runs from the image: the four services and the web app. */
const WORKLOADS = ['web', ...SERVICES] as const;
type Workload = (typeof WORKLOADS)[number];

/** The consumer groups each service joins: the defaults of their config classes (apps/<service>/src/config). */
const CONSUMER_GROUPS: Record<Service, string[]> = {
  tasks: ['tasks-progress-intake', 'tasks-indicator-readings'],
  indicators: ['indicators-intake'],
  notifications: ['notifications-rules'],
  reporting: ['reporting-aggregates', 'reporting-tasks'],
};

interface Loaded {
  file: string;
  obj: Obj;
}

const rel = (file: string) => relative(ROOT, file);
const load = (file: string): Loaded[] =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Obj)
    .filter(Boolean)
    .map((obj) => ({ file: rel(file), obj }));
const nameOf = (o: Obj) => String((o.metadata as Obj | undefined)?.name);
const describe_ = (l: Loaded) => `${l.file} ${String(l.obj.kind)}/${nameOf(l.obj)}`;

const componentNames = readdirSync(COMPONENTS).filter((n) => statSync(join(COMPONENTS, n)).isDirectory());
const kustomizations = Object.fromEntries(
  componentNames.map((n) => [n, load(join(COMPONENTS, n, 'kustomization.yaml'))[0].obj]),
);
const resources: Loaded[] = componentNames.flatMap((n) =>
  ((kustomizations[n].resources ?? []) as string[]).flatMap((r) => load(join(COMPONENTS, n, r))),
);
const ofKind = (kind: string) => resources.filter((r) => r.obj.kind === kind);

const base = (kind: string, service: Workload): Obj => {
  const file = join(ROOT, 'k8s/base', service, kind === 'Deployment' ? 'deployment.yaml' : 'configmap.yaml');
  return load(file)[0].obj;
};
const podTemplate = (service: Workload) => (base('Deployment', service).spec as Obj).template as Obj;
const podLabels = (service: Workload) => (podTemplate(service).metadata as Obj).labels as Record<string, string>;
/** The container port named http of a component's pods. */
const httpPort = (service: Workload) =>
  (((podTemplate(service).spec as Obj).containers as Obj[])[0].ports as Obj[]).find((p) => p.name === 'http')
    ?.containerPort as number | undefined;
const BASE_DEPLOYMENTS = readdirSync(join(ROOT, 'k8s/base'))
  .filter((n) => existsSync(join(ROOT, 'k8s/base', n, 'deployment.yaml')))
  .map((n) => load(join(ROOT, 'k8s/base', n, 'deployment.yaml'))[0].obj);

describe('k8s/components', () => {
  it('has the monitoring, keda and network-policies components, each a Kustomize Component with files that exist', () => {
    expect(componentNames.sort()).toEqual(['keda', 'monitoring', 'network-policies']);
    const problems: string[] = [];
    for (const name of componentNames) {
      const k = kustomizations[name];
      if (k.apiVersion !== 'kustomize.config.k8s.io/v1alpha1' || k.kind !== 'Component')
        problems.push(`k8s/components/${name}: must be apiVersion kustomize.config.k8s.io/v1alpha1, kind Component`);
      const files = [
        ...((k.resources ?? []) as string[]),
        ...((k.configMapGenerator ?? []) as Obj[]).flatMap((g) => (g.files ?? []) as string[]),
      ];
      for (const f of files)
        if (!existsSync(join(COMPONENTS, name, f))) problems.push(`k8s/components/${name}: ${f} does not exist`);
    }
    expect(problems).toEqual([]);
  });

  it('the production overlay takes every component and the Strimzi resources', () => {
    const production = load(join(ROOT, 'k8s/overlays/production/kustomization.yaml'))[0].obj;
    const taken = ((production.components ?? []) as string[]).map((c) =>
      rel(resolve(ROOT, 'k8s/overlays/production', c)),
    );
    expect(taken.sort()).toEqual([...componentNames.map((n) => `k8s/components/${n}`), 'k8s/strimzi'].sort());
  });

  it('every object validates against its schema (Kubernetes, KEDA, Prometheus Operator), with no unknown field', () => {
    const checks = checkWithKubernetesModels(resources.map((r) => ({ obj: r.obj, mode: 'resource' as const })));
    const problems = resources.flatMap((r, i) => {
      const c = checks[i];
      if (!c.supported) return [`${describe_(r)}: not a kind the checker knows`];
      return [
        ...(c.schemaErrors ?? []).map((e) => `${describe_(r)} ${e.path.join('.')}: ${e.message}`),
        ...(c.unknownFields ?? []).map((p) => `${describe_(r)}: unknown field ${p.join('.')}`),
      ];
    });
    expect(resources.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('every object lives in the dxhub namespace, labelled part of dxhub', () => {
    const problems = resources
      .filter((r) => {
        const m = r.obj.metadata as Obj;
        return m.namespace !== 'dxhub' || (m.labels as Obj | undefined)?.['app.kubernetes.io/part-of'] !== 'dxhub';
      })
      .map(describe_);
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// KEDA

describe('KEDA: consumers scale on their groups’ lag', () => {
  const scaled = ofKind('ScaledObject');
  const auths = new Map(ofKind('TriggerAuthentication').map((a) => [nameOf(a.obj), a.obj]));
  const topicPartitions = load(join(ROOT, 'k8s/strimzi/kafka-topics.yaml')).map(
    (t) => ((t.obj.spec as Obj).partitions as number) ?? 0,
  );
  /** The production overlay's service settings: base ConfigMap data with the overlay's ConfigMap patches. */
  const productionConfig = (service: Service): Record<string, string> => {
    const dir = join(ROOT, 'k8s/overlays/production');
    const patches = ((load(join(dir, 'kustomization.yaml'))[0].obj.patches ?? []) as Obj[])
      .filter((p) => typeof p.path === 'string')
      .flatMap((p) => load(join(dir, String(p.path))))
      .filter((p) => p.obj.kind === 'ConfigMap');
    return Object.assign(
      {},
      base('ConfigMap', service).data as Record<string, string>,
      ...patches.map((p) => p.obj.data as Record<string, string>),
    );
  };

  it.each(SERVICES)('%s has one ScaledObject on its Deployment, a trigger per consumer group', (service) => {
    const mine = scaled.filter((s) => ((s.obj.spec as Obj).scaleTargetRef as Obj).name === service);
    expect(mine.map((s) => nameOf(s.obj))).toEqual([service]);
    const spec = mine[0].obj.spec as Obj;
    expect((spec.scaleTargetRef as Obj).kind ?? 'Deployment').toBe('Deployment');
    expect(nameOf(base('Deployment', service))).toBe(service);
    const triggers = spec.triggers as Obj[];
    expect(triggers.map((t) => t.type)).toEqual(triggers.map(() => 'kafka'));
    expect(triggers.map((t) => (t.metadata as Obj).consumerGroup).sort()).toEqual([...CONSUMER_GROUPS[service]].sort());
  });

  it.each(SERVICES)(
    '%s: never more replicas than partitions, never fewer than two (the PodDisruptionBudget keeps one)',
    (service) => {
      const spec = scaled.find((s) => nameOf(s.obj) === service)!.obj.spec as Obj;
      const partitions = Math.min(
        ...topicPartitions,
        Number((base('ConfigMap', service).data as Obj).KAFKA_TOPIC_PARTITIONS),
      );
      expect(spec.maxReplicaCount).toBeLessThanOrEqual(partitions);
      expect(spec.minReplicaCount).toBeGreaterThanOrEqual(2);
      for (const t of spec.triggers as Obj[]) expect((t.metadata as Obj).allowIdleConsumers).toBe('false');
    },
  );

  it.each(SERVICES)(
    '%s: reads the lag with its own credentials, as its pods reach the broker in production',
    (service) => {
      const spec = scaled.find((s) => nameOf(s.obj) === service)!.obj.spec as Obj;
      const config = productionConfig(service);
      for (const t of spec.triggers as Obj[]) {
        const metadata = t.metadata as Obj;
        expect(metadata.bootstrapServersFromEnv).toBe('KAFKA_BROKERS');
        expect(config.KAFKA_BROKERS).toBeTruthy();
        expect(metadata.sasl).toBe(config.KAFKA_SASL_MECHANISM.replace(/-/g, '_').replace('sha_512', 'sha512'));
        expect(metadata.tls).toBe(config.KAFKA_SSL === 'true' ? 'enable' : 'disable');
        const auth = auths.get(String((t.authenticationRef as Obj).name));
        expect(auth?.spec).toEqual({
          secretTargetRef: [
            { parameter: 'username', name: `dxhub-${service}-credentials`, key: 'KAFKA_SASL_USERNAME' },
            { parameter: 'password', name: `dxhub-${service}-credentials`, key: 'KAFKA_SASL_PASSWORD' },
          ],
        });
      }
    },
  );

  it('leaves the replica count to the autoscaler: removes it from exactly the Deployments it scales', () => {
    const patches = (kustomizations.keda.patches ?? []) as Obj[];
    expect(patches).toEqual([
      {
        target: { kind: 'Deployment', labelSelector: expect.any(String) },
        patch: expect.stringMatching(/op: remove\s+path: \/spec\/replicas/),
      },
    ]);
    const selector = String((patches[0].target as Obj).labelSelector);
    const patched = BASE_DEPLOYMENTS.filter((d) =>
      matchesLabelSelector(selector, (d.metadata as Obj).labels as Labels),
    );
    const scaledTargets = scaled.map((s) => String(((s.obj.spec as Obj).scaleTargetRef as Obj).name));
    expect(patched.map(nameOf).sort()).toEqual([...scaledTargets].sort());
  });

  it('does not scale the web app: it consumes nothing, so it keeps the replicas its overlay gives it', () => {
    expect(scaled.filter((s) => ((s.obj.spec as Obj).scaleTargetRef as Obj).name === 'web')).toEqual([]);
    expect(resources.filter((r) => r.obj.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    expect((base('Deployment', 'web').spec as Obj).replicas).toBeGreaterThanOrEqual(2);
  });
});

// ---------------------------------------------------------------------------------------------------
// NetworkPolicies

/**
 * A peer and port a policy lets traffic go to or come from, as text: `namespace=kafka pods{…} TCP/9092`. A peer
 * with only a podSelector is in the policy's own namespace (dxhub).
 */
function allowed(policies: Obj[], direction: 'ingress' | 'egress'): string[] {
  return policies
    .flatMap((p) => (((p.spec as Obj)[direction] ?? []) as Obj[]).map((rule) => ({ rule, policy: p })))
    .flatMap(({ rule, policy }) => {
      const peers = ((rule[direction === 'ingress' ? 'from' : 'to'] ?? []) as Obj[]).map((peer) => {
        const nsSelector = peer.namespaceSelector as Obj | undefined;
        const ns = nsSelector
          ? (nsSelector.matchLabels as Obj | undefined)?.['kubernetes.io/metadata.name']
          : (policy.metadata as Obj).namespace;
        const pods = peer.podSelector as Obj | undefined;
        const block = peer.ipBlock as Obj | undefined;
        if (block) return `ip ${String(block.cidr)} except ${((block.except ?? []) as string[]).length} private ranges`;
        const podText = pods
          ? ` pods${JSON.stringify(pods.matchLabels ?? {})}${pods.matchExpressions ? JSON.stringify(pods.matchExpressions) : ''}`
          : '';
        return `namespace=${String(ns)}${podText}`;
      });
      const ports = ((rule.ports ?? []) as Obj[]).map((p) => `${String(p.protocol)}/${String(p.port)}`);
      return peers.flatMap((peer) => ports.map((port) => `${peer} ${port}`));
    })
    .sort();
}

describe('NetworkPolicies: each service and the web app reach only what they need', () => {
  const policies = ofKind('NetworkPolicy').map((p) => p.obj);
  const selecting = (service: Workload, type: 'Ingress' | 'Egress') =>
    policies.filter((p) => {
      const spec = p.spec as Obj;
      return (
        ((spec.policyTypes ?? []) as string[]).includes(type) &&
        matchesSelectorObject(spec.podSelector as SelectorObject, podLabels(service))
      );
    });
  const webPods = `namespace=dxhub pods${JSON.stringify({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'dxhub' })}`;
  const dns = [
    'namespace=kube-system pods{"k8s-app":"kube-dns"} TCP/53',
    'namespace=kube-system pods{"k8s-app":"kube-dns"} UDP/53',
  ];

  const PRIVATE_RANGES = [
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.168.0.0/16',
  ];
  const platformEgress = [
    'ip 0.0.0.0/0 except 6 private ranges TCP/443',
    'namespace=kafka pods{"strimzi.io/cluster":"dxhub","strimzi.io/kind":"Kafka"} TCP/9092',
    'namespace=kafka pods{"strimzi.io/cluster":"dxhub","strimzi.io/kind":"Kafka"} TCP/9093',
    'namespace=kube-system pods{"k8s-app":"kube-dns"} TCP/53',
    'namespace=kube-system pods{"k8s-app":"kube-dns"} UDP/53',
    'namespace=postgres TCP/5432',
  ];
  const deliveryEgress = ['TCP/443', 'TCP/587', 'TCP/465', 'TCP/25'].map(
    (port) => `ip 0.0.0.0/0 except 6 private ranges ${port}`,
  );

  it.each(SERVICES)(
    '%s: a default deny both ways, then only the HTTP port from ingress, Prometheus and the web app',
    (service) => {
      const denyAll = selecting(service, 'Ingress').filter((p) => !(p.spec as Obj).ingress && !(p.spec as Obj).egress);
      expect(denyAll.map((p) => ((p.spec as Obj).policyTypes as string[]).sort())).toEqual([['Egress', 'Ingress']]);
      expect(allowed(selecting(service, 'Ingress'), 'ingress')).toEqual(
        ['namespace=ingress-nginx TCP/http', 'namespace=monitoring TCP/http', `${webPods} TCP/http`].sort(),
      );
      expect(httpPort(service)).toBeDefined();
    },
  );

  it.each(SERVICES)('%s: out only to DNS, the brokers, PostgreSQL and the issuer’s keys', (service) => {
    const expected = [...platformEgress, ...(service === 'notifications' ? deliveryEgress : [])].sort();
    expect(allowed(selecting(service, 'Egress'), 'egress')).toEqual(expected);
  });

  it('web: a default deny both ways, then only its HTTP port (3000) from ingress and Prometheus', () => {
    const denyAll = selecting('web', 'Ingress').filter((p) => !(p.spec as Obj).ingress && !(p.spec as Obj).egress);
    expect(denyAll.map((p) => ((p.spec as Obj).policyTypes as string[]).sort())).toEqual([['Egress', 'Ingress']]);
    expect(allowed(selecting('web', 'Ingress'), 'ingress')).toEqual([
      'namespace=ingress-nginx TCP/http',
      'namespace=monitoring TCP/http',
    ]);
    expect(httpPort('web')).toBe(3000);
  });

  it('web: out only to DNS and each service’s pods on that service’s HTTP port (no broker, database or outside address)', () => {
    const services = SERVICES.map(
      (service) => `namespace=dxhub pods${JSON.stringify(podSelectorOf(service))} TCP/${httpPort(service)}`,
    );
    expect(allowed(selecting('web', 'Egress'), 'egress')).toEqual([...dns, ...services].sort());
  });

  it('every pod a rule names exists: each podSelector of a peer selects some DX Hub pods', () => {
    const peers = policies.flatMap((p) =>
      [...(((p.spec as Obj).ingress ?? []) as Obj[]), ...(((p.spec as Obj).egress ?? []) as Obj[])].flatMap((r) =>
        [...((r.from ?? []) as Obj[]), ...((r.to ?? []) as Obj[])].filter(
          (peer) => peer.podSelector && !peer.namespaceSelector,
        ),
      ),
    );
    expect(peers.length).toBeGreaterThan(0);
    for (const peer of peers) {
      const selected = WORKLOADS.filter((c) => matchesSelectorObject(peer.podSelector as SelectorObject, podLabels(c)));
      expect({ peer, selects: selected.length > 0 }).toEqual({ peer, selects: true });
    }
  });

  /** The Deployment's own selector: what a policy names to reach exactly that service's pods. */
  function podSelectorOf(service: Service) {
    return ((base('Deployment', service).spec as Obj).selector as Obj).matchLabels as Record<string, string>;
  }

  it('never lets a public-address rule reach a private range', () => {
    const blocks = policies.flatMap((p) =>
      (((p.spec as Obj).egress ?? []) as Obj[]).flatMap((r) =>
        ((r.to ?? []) as Obj[]).filter((peer) => peer.ipBlock).map((peer) => peer.ipBlock as Obj),
      ),
    );
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect([...((b.except ?? []) as string[])].sort()).toEqual(PRIVATE_RANGES);
  });
});

// ---------------------------------------------------------------------------------------------------
// Scraping

describe('PodMonitor: every DX Hub pod is scraped', () => {
  const monitors = ofKind('PodMonitor').map((m) => m.obj);

  it.each(WORKLOADS)('%s: selected by the PodMonitor, scraped at /metrics on its named port http', (service) => {
    const mine = monitors.filter((m) =>
      matchesSelectorObject((m.spec as Obj).selector as SelectorObject, podLabels(service)),
    );
    expect(mine.map(nameOf)).toEqual(['dxhub']);
    const endpoints = (mine[0].spec as Obj).podMetricsEndpoints as Obj[];
    expect(endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
    expect(httpPort(service)).toBeDefined();
  });
});

// ---------------------------------------------------------------------------------------------------
// Alert rules and dashboard: PromQL, metrics, runbooks

/** Metric name → label names, as the code defines them (counter/gauge/histogram of @dxhub/observability). */
function metricsInCode(): Map<string, Set<string>> {
  const metrics = new Map<string, Set<string>>();
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? e.name === 'node_modules' || e.name === 'test'
          ? []
          : files(join(dir, e.name))
        : /\.ts$/.test(e.name) && !/spec\.ts$/.test(e.name)
          ? [join(dir, e.name)]
          : [],
    );
  const definition =
    /\b(?:counter|gauge|histogram)\(\s*'([a-z_:][a-z0-9_:]*)'\s*,\s*'(?:[^'\\]|\\.)*'\s*(?:,\s*\[([^\]]*)\])?/g;
  for (const file of [...files(join(ROOT, 'apps')), ...files(join(ROOT, 'libs'))]) {
    for (const m of readFileSync(file, 'utf8').matchAll(definition)) {
      const labels = [...(m[2] ?? '').matchAll(/'([^']+)'/g)].map((l) => l[1]);
      metrics.set(m[1], new Set([...(metrics.get(m[1]) ?? []), ...labels]));
    }
  }
  return metrics;
}

/**
 * Published by the messaging pipeline (libs/messaging) under these names and labels: consumer lag per group
 * and partition, dead letters by reason code.
 */
const MESSAGING_METRICS: Record<string, string[]> = {
  dx_consumer_lag: ['group', 'topic', 'partition'],
  dx_messages_dead_lettered_total: ['topic', 'reason'],
};
/** Labels every series has: the service's default label, and what the PodMonitor's scrape adds. */
const COMMON_LABELS = ['service', 'namespace', 'pod', 'container', 'endpoint', 'job', 'instance'];

const published = new Map<string, Set<string>>();
beforeAll(async () => {
  for (const [name, labels] of metricsInCode()) published.set(name, labels);
  for (const [name, labels] of Object.entries(MESSAGING_METRICS))
    published.set(name, new Set([...(published.get(name) ?? []), ...labels]));
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const m of await registry.getMetricsAsJSON()) published.set(m.name, new Set(['le', 'type', 'space', 'kind']));
});

/** The series a metric name in PromQL may stand for: a histogram's _bucket, _sum and _count are its own. */
function publishedLabels(name: string): Set<string> | undefined {
  const histogram = /^(.*)_(bucket|sum|count)$/.exec(name);
  const labels = published.get(name) ?? (histogram ? published.get(histogram[1]) : undefined);
  if (!labels) return undefined;
  return new Set([...labels, ...COMMON_LABELS, ...(histogram?.[2] === 'bucket' ? ['le'] : [])]);
}

/** Problems of one PromQL expression: syntax, metrics nobody publishes, labels none of its metrics has. */
function promqlProblems(expr: string): string[] {
  const query = expr.replace(/\$__rate_interval|\$__range|\$__interval/g, '5m');
  const tree = parser.parse(query);
  const problems: string[] = [];
  const metrics: string[] = [];
  const labels: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) problems.push(`syntax error at ${node.from}: …${query.slice(node.from, node.from + 30)}`);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector')
        metrics.push(query.slice(node.from, node.to));
      if (node.name === 'LabelName') labels.push(query.slice(node.from, node.to));
    },
  });
  const known = metrics.map((m) => ({ m, labels: publishedLabels(m) }));
  for (const { m, labels: l } of known) if (!l) problems.push(`no service publishes ${m}`);
  for (const label of new Set(labels)) {
    if (!known.some((k) => k.labels?.has(label))) problems.push(`no metric of the expression has the label ${label}`);
  }
  if (metrics.length === 0) problems.push('reads no metric');
  return problems;
}

/** GitHub's anchors for the headings of a Markdown file. */
function anchorsOf(markdown: string): Set<string> {
  return new Set(
    [...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

describe('alert rules (PrometheusRule)', () => {
  const rules = ofKind('PrometheusRule').flatMap((r) =>
    (((r.obj.spec as Obj).groups ?? []) as Obj[]).flatMap((g) => (g.rules ?? []) as Obj[]),
  );
  const operations = join(ROOT, 'docs/operations.md');

  it('every expression parses and reads only metrics and labels the services publish', () => {
    expect(rules.length).toBeGreaterThan(0);
    const problems = rules.flatMap((r) => promqlProblems(String(r.expr)).map((p) => `${String(r.alert)}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('the expression check itself refuses a typo in a metric, a label and the syntax', () => {
    expect(promqlProblems('sum by (grup) (rate(dx_outbox_publshed_total[5m])')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^syntax error/),
        'no service publishes dx_outbox_publshed_total',
        'no metric of the expression has the label grup',
      ]),
    );
  });

  it('every alert has a severity, a summary and a runbook link to a section of docs/operations.md that exists', () => {
    const anchors = anchorsOf(existsSync(operations) ? readFileSync(operations, 'utf8') : '');
    const problems = rules.flatMap((r) => {
      const out: string[] = [];
      const labels = (r.labels ?? {}) as Obj;
      const annotations = (r.annotations ?? {}) as Obj;
      if (!['warning', 'critical'].includes(String(labels.severity))) out.push('severity must be warning or critical');
      if (!annotations.summary) out.push('no summary');
      const link = /^https:\/\/github\.com\/example\/dxhub\/blob\/main\/docs\/operations\.md#([\w-]+)$/.exec(
        String(annotations.runbook_url),
      );
      if (!link)
        out.push(`runbook_url must link a section of docs/operations.md, got ${String(annotations.runbook_url)}`);
      else if (!anchors.has(link[1])) out.push(`docs/operations.md has no section #${link[1]}`);
      return out.map((p) => `${String(r.alert)}: ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it('alerts on consumer lag, dead letters, outbox age, report-to-aggregate latency, HTTP errors and delivery failures', () => {
    const watched = (metric: string) => rules.filter((r) => String(r.expr).includes(metric)).map((r) => r.alert);
    for (const metric of [
      'dx_consumer_lag',
      'dx_messages_dead_lettered_total',
      'dx_outbox_oldest_unpublished_age_seconds',
      'dx_outbox_checked_timestamp_seconds',
      'dx_indicator_report_to_aggregate_seconds_bucket',
      'http_request_duration_seconds_count{status=~"5.."}',
      'dx_notifications_sends_total{outcome="failed"}',
    ]) {
      expect({ metric, alerts: watched(metric).length > 0 }).toEqual({ metric, alerts: true });
    }
  });
});

describe('the Grafana dashboard', () => {
  const generator = (kustomizations.monitoring.configMapGenerator as Obj[])[0];
  const file = join(COMPONENTS, 'monitoring', ((generator.files ?? []) as string[])[0] ?? 'missing');
  const dashboard = JSON.parse(readFileSync(file, 'utf8')) as Obj;
  const panels = dashboard.panels as Obj[];
  const graphs = panels.filter((p) => p.type !== 'row');
  const targets = graphs.flatMap((p) =>
    (p.targets as Obj[]).map((t) => ({
      panel: String(p.title),
      refId: t.refId,
      expr: String(t.expr),
      datasource: t.datasource,
    })),
  );

  it('is a dashboard with a uid, a Prometheus data-source variable every query uses, and panels in a 24-column grid', () => {
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    const variables = (dashboard.templating as Obj).list as Obj[];
    expect(variables.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of panels) {
      const { x, y, w, h } = p.gridPos as Record<string, number>;
      expect({ panel: p.title, fits: x >= 0 && w > 0 && h > 0 && x + w <= 24 }).toEqual({ panel: p.title, fits: true });
      for (let i = x; i < x + w; i++)
        for (let j = y; j < y + h; j++) {
          expect({ panel: p.title, overlaps: cells.has(`${i},${j}`) }).toEqual({ panel: p.title, overlaps: false });
          cells.add(`${i},${j}`);
        }
    }
    for (const t of targets)
      expect({ panel: t.panel, datasource: t.datasource }).toEqual({
        panel: t.panel,
        datasource: { type: 'prometheus', uid: '${datasource}' },
      });
  });

  it('every query parses and reads only metrics and labels the services publish', () => {
    expect(targets.length).toBeGreaterThan(0);
    const problems = targets.flatMap((t) =>
      [...(t.refId ? [] : ['no refId']), ...promqlProblems(String(t.expr))].map((p) => `${t.panel}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('shows intake rate and latency, lag per group and partition, dead letters by reason, outbox depth and age, HTTP errors and delivery failures', () => {
    const shown = (pattern: RegExp) => targets.some((t) => pattern.test(String(t.expr)));
    for (const pattern of [
      /rate\(dx_indicator_reports_applied_total/,
      /histogram_quantile\(0\.99, sum by \(le\) \(rate\(dx_indicator_report_to_aggregate_seconds_bucket/,
      /max by \(group, topic, partition\) \(dx_consumer_lag\)/,
      /sum by \(reason\) \(rate\(dx_messages_dead_lettered_total/,
      /dx_outbox_backlog/,
      /dx_outbox_oldest_unpublished_age_seconds/,
      /http_request_duration_seconds_count\{status=~"5\.\."\}/,
      /dx_notifications_sends_total\{outcome="failed"\}/,
    ]) {
      expect({ pattern: String(pattern), shown: shown(pattern) }).toEqual({ pattern: String(pattern), shown: true });
    }
  });

  it('is shipped as a ConfigMap Grafana’s dashboard sidecar picks up', () => {
    expect(generator).toMatchObject({
      name: 'dxhub-grafana-dashboard',
      namespace: 'dxhub',
      options: { disableNameSuffixHash: true, labels: { grafana_dashboard: '1' } },
    });
    expect(dirname(rel(file))).toBe('k8s/components/monitoring/grafana');
  });
});
