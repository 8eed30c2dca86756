/**
 * The deployment files (k8s/, docker-compose.yml, Dockerfile) checked without a cluster or a Docker
 * engine: Kubernetes schemas and field names (kubernetes-models-check.ts says how), the wiring between
 * objects (ports, probes, selectors, Secrets), the overlays' paths and patch targets, and the compose
 * file's services and health checks. kustomization.yaml is not a Kubernetes API object; its keys are
 * checked against KUSTOMIZATION_FIELDS. Everything is deployed for the four services and for the web app
 * (apps/web), which runs from the same image but has no database, no Kafka and no credentials.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { type CheckResult, checkWithKubernetesModels } from './kubernetes-models-check';
import { matchesLabelSelector } from './label-selector';

const ROOT = resolve(__dirname, '../..');
const BASE = join(ROOT, 'k8s/base');
const OVERLAYS = join(ROOT, 'k8s/overlays');
const COMPOSE = join(ROOT, 'docker-compose.yml');
const DOCKERFILE = join(ROOT, 'Dockerfile');
const ENV_EXAMPLE = join(ROOT, '.env.example');
const KAFKA_START_SCRIPT = 'infra/compose/kafka-sasl-start.sh';

const SERVICES = { tasks: 3001, indicators: 3002, notifications: 3003, reporting: 3004 } as const;
type ServiceName = keyof typeof SERVICES;
const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];
/** What the image runs (SERVICE): the four services and the web app's server, each on its default port. */
const COMPONENTS = { web: 3000, ...SERVICES } as const;
type ComponentName = keyof typeof COMPONENTS;
const COMPONENT_NAMES = Object.keys(COMPONENTS) as ComponentName[];
const isService = (name: ComponentName): name is ServiceName => name !== 'web';
/** Settings only a process with a database, a broker or token verification has: never the web app's. */
const BACKEND_SETTING = /^(DATABASE_|KAFKA_|AUTH_)/;
/** The web app's environment variable naming each service's origin. */
const WEB_TARGET_VARIABLE: Record<ServiceName, string> = {
  tasks: 'TASKS_URL',
  indicators: 'INDICATORS_URL',
  notifications: 'NOTIFICATIONS_URL',
  reporting: 'REPORTING_URL',
};

/** The kustomization.yaml fields these files may use (kustomize's own schema is not available offline). */
const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'labels',
  'commonAnnotations',
  'resources',
  'components',
  'patches',
  'replicas',
  'images',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
]);
const KUSTOMIZE_PATCH_FIELDS = new Set(['path', 'patch', 'target', 'options']);
const KUSTOMIZE_TARGET_FIELDS = new Set([
  'group',
  'version',
  'kind',
  'name',
  'namespace',
  'labelSelector',
  'annotationSelector',
]);

// ---------------------------------------------------------------------------------------------------
// YAML loading, with positions for messages

type Obj = Record<string, unknown>;

interface LoadedDoc {
  file: string; // relative to the repo root
  index: number; // position in a multi-document file
  doc: Document;
  lines: LineCounter;
  obj: Obj;
}

const rel = (file: string) => relative(ROOT, file);
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function loadYaml(file: string, options: { merge?: boolean } = {}): { docs: LoadedDoc[]; errors: string[] } {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(readFileSync(file, 'utf8'), { lineCounter: lines, merge: options.merge ?? false });
  const errors: string[] = [];
  const docs: LoadedDoc[] = [];
  // parseAllDocuments returns an EmptyStream (not an array) for a file without documents.
  const list = Array.isArray(parsed) ? parsed : [];
  list.forEach((doc, index) => {
    for (const e of [...doc.errors, ...doc.warnings]) {
      const pos = e.linePos?.[0];
      errors.push(`${rel(file)}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`);
    }
    const obj: unknown = doc.toJS();
    if (obj === null || obj === undefined) return; // an empty document (e.g. after a trailing ---)
    if (!isObj(obj)) errors.push(`${rel(file)} document ${index + 1}: expected a mapping, got ${JSON.stringify(obj)}`);
    else docs.push({ file: rel(file), index, doc, lines, obj });
  });
  if (docs.length === 0 && errors.length === 0) errors.push(`${rel(file)}: no YAML documents`);
  return { docs, errors };
}

/** file:line for a key path inside a loaded document (the line of the key itself). */
function where(d: LoadedDoc | undefined, path: (string | number)[] = []): string {
  if (!d) return 'k8s/base (object missing)';
  let offset: number | undefined;
  if (path.length > 0) {
    const parent = d.doc.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(last));
      offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
    }
    offset ??= (d.doc.getIn(path, true) as { range?: [number, number, number] } | undefined)?.range?.[0];
  }
  offset ??= d.doc.contents?.range?.[0];
  return offset === undefined ? d.file : `${d.file}:${d.lines.linePos(offset).line}`;
}

const fieldPath = (path: (string | number)[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('');

const describeObj = (d: LoadedDoc) =>
  `${String(d.obj.kind)} ${String((d.obj.metadata as Obj | undefined)?.name ?? '?')}`;

function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? yamlFilesUnder(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
    )
    .sort();
}

const isKustomization = (file: string) => /(^|\/)kustomization\.ya?ml$/.test(file);

// ---------------------------------------------------------------------------------------------------
// Everything under k8s/base, loaded once

const baseFiles = yamlFilesUnder(BASE);
const baseLoad = baseFiles.map((f) => ({ file: f, ...loadYaml(f) }));
const baseParseErrors = baseLoad.flatMap((l) => l.errors);
const baseKustomization = baseLoad.find((l) => rel(l.file) === 'k8s/base/kustomization.yaml')?.docs[0];
const baseObjects = baseLoad.filter((l) => !isKustomization(l.file)).flatMap((l) => l.docs);

const labelsOf = (d: LoadedDoc) => ((d.obj.metadata as Obj | undefined)?.labels ?? {}) as Record<string, string>;
const nameOf = (d: LoadedDoc) => String((d.obj.metadata as Obj | undefined)?.name ?? '');
const ofKind = (kind: string) => baseObjects.filter((d) => d.obj.kind === kind);
const forService = (kind: string, svc: ComponentName) =>
  ofKind(kind).filter((d) => labelsOf(d)['app.kubernetes.io/name'] === svc);
const configOf = (svc: ComponentName) =>
  ((forService('ConfigMap', svc)[0]?.obj as unknown as IConfigMap | undefined)?.data ?? {}) as Record<string, string>;

function matchesSelector(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false; // an empty selector is a mistake here
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

let baseChecks: CheckResult[] = [];

beforeAll(() => {
  baseChecks = checkWithKubernetesModels(baseObjects.map((d) => ({ obj: d.obj, mode: 'resource' as const })));
});

describe('k8s/base', () => {
  it('exists and every YAML file in it parses', () => {
    expect(baseFiles.length).toBeGreaterThan(0);
    expect(baseParseErrors).toEqual([]);
  });

  it('every object is a supported Kubernetes kind and validates against its schema', () => {
    const problems = baseObjects.flatMap((d, i) => {
      const r = baseChecks[i];
      if (!r.supported) {
        return [
          `${where(d)}: ${String(d.obj.apiVersion)}/${String(d.obj.kind)} is not a kind this test knows (add it to KINDS)`,
        ];
      }
      return (r.schemaErrors ?? []).map((e) => {
        const path = e.path.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        return `${where(d, path)} (${describeObj(d)}): ${fieldPath(path) || '(the object)'} ${e.message}`;
      });
    });
    expect(problems).toEqual([]);
  });

  it('no object has a field its Kubernetes schema does not define', () => {
    const problems = baseObjects.flatMap((d, i) =>
      (baseChecks[i].unknownFields ?? []).map(
        (p) => `${where(d, p)} (${describeObj(d)}): unknown field ${fieldPath(p)}`,
      ),
    );
    expect(problems).toEqual([]);
  });

  it('kustomization.yaml lists every manifest in base, and only files that exist', () => {
    expect(baseKustomization).toBeDefined();
    const k = baseKustomization!;
    const problems = kustomizationProblems(k);
    const resources = ((k.obj.resources ?? []) as string[]).map((r) => resolve(BASE, r));
    for (const f of baseFiles) {
      if (!isKustomization(f) && !resources.includes(f))
        problems.push(`${where(k, ['resources'])}: ${rel(f)} is not listed in resources`);
    }
    if (k.obj.namespace !== 'dxhub')
      problems.push(`${where(k, ['namespace'])}: namespace must be dxhub, got ${String(k.obj.namespace)}`);
    const ns = ofKind('Namespace');
    if (ns.length !== 1 || nameOf(ns[0]) !== 'dxhub') problems.push('k8s/base: expected one Namespace named dxhub');
    expect(problems).toEqual([]);
  });

  it.each(COMPONENT_NAMES)('%s has exactly one Deployment, Service, ConfigMap and PodDisruptionBudget', (svc) => {
    const problems: string[] = [];
    for (const kind of ['Deployment', 'Service', 'ConfigMap', 'PodDisruptionBudget']) {
      const found = forService(kind, svc);
      if (found.length !== 1) {
        problems.push(
          `k8s/base: expected one ${kind} labelled app.kubernetes.io/name=${svc}, found ${found.length}` +
            (found.length ? ` (${found.map((d) => where(d)).join(', ')})` : ''),
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('every object carries the app.kubernetes.io labels', () => {
    const problems = baseObjects
      .filter((d) => d.obj.kind !== 'Namespace')
      .flatMap((d) => {
        const l = labelsOf(d);
        const out: string[] = [];
        if (!COMPONENT_NAMES.includes(l['app.kubernetes.io/name'] as ComponentName))
          out.push(
            `${where(d, ['metadata', 'labels'])} (${describeObj(d)}): label app.kubernetes.io/name must name a service or web`,
          );
        if (l['app.kubernetes.io/part-of'] !== 'dxhub')
          out.push(
            `${where(d, ['metadata', 'labels'])} (${describeObj(d)}): label app.kubernetes.io/part-of must be dxhub`,
          );
        if (!l['app.kubernetes.io/component'])
          out.push(
            `${where(d, ['metadata', 'labels'])} (${describeObj(d)}): label app.kubernetes.io/component is missing`,
          );
        return out;
      });
    expect(problems).toEqual([]);
  });

  describe.each(COMPONENT_NAMES)('the %s Deployment', (svc) => {
    const port = COMPONENTS[svc];
    const d = forService('Deployment', svc)[0];
    const dep = d?.obj as unknown as IDeployment | undefined;
    const podSpecPath = ['spec', 'template', 'spec'];
    const containers = dep?.spec?.template?.spec?.containers ?? [];
    const c = containers[0];
    const cPath = [...podSpecPath, 'containers', 0];
    const at = (...p: (string | number)[]) => where(d, [...cPath, ...p]);

    it('runs the dxhub image with SERVICE, PORT and HOST set, on a container port named http', () => {
      expect(d).toBeDefined();
      const problems: string[] = [];
      if (containers.length !== 1)
        problems.push(
          `${where(d, [...podSpecPath, 'containers'])}: expected one container, found ${containers.length}`,
        );
      if (!c?.image?.startsWith('ghcr.io/example/dxhub:'))
        problems.push(`${at('image')}: image must be ghcr.io/example/dxhub:<tag> (overlays retag it), got ${c?.image}`);
      const env = Object.fromEntries((c?.env ?? []).map((e) => [e.name, e.value]));
      if (env.SERVICE !== svc) problems.push(`${at('env')}: env SERVICE must be ${svc}, got ${env.SERVICE}`);
      if (env.PORT !== String(port)) problems.push(`${at('env')}: env PORT must be "${port}", got ${env.PORT}`);
      if (env.HOST !== '0.0.0.0') problems.push(`${at('env')}: env HOST must be 0.0.0.0, got ${env.HOST}`);
      const http = (c?.ports ?? []).filter((p) => p.name === 'http');
      if (http.length !== 1 || http[0].containerPort !== port)
        problems.push(`${at('ports')}: expected one port named http with containerPort ${port}`);
      if (dep?.spec?.replicas !== 2)
        problems.push(`${where(d, ['spec', 'replicas'])}: base replicas must be 2, got ${dep?.spec?.replicas}`);
      const pod = dep?.spec?.template?.metadata?.labels;
      if (!matchesSelector(dep?.spec?.selector?.matchLabels, pod))
        problems.push(`${where(d, ['spec', 'selector'])}: selector.matchLabels must match the pod template's labels`);
      expect(problems).toEqual([]);
    });

    it('probes /health/live and /health/ready on the named port http', () => {
      const problems: string[] = [];
      const probes = [
        ['livenessProbe', '/health/live'],
        ['readinessProbe', '/health/ready'],
        ['startupProbe', '/health/live'],
      ] as const;
      for (const [probe, path] of probes) {
        const get = c?.[probe]?.httpGet;
        if (!get) problems.push(`${at()}: ${probe}.httpGet is missing`);
        else {
          if (get.path !== path)
            problems.push(`${at(probe, 'httpGet', 'path')}: ${probe}.httpGet.path must be ${path}, got ${get.path}`);
          if (get.port !== 'http')
            problems.push(
              `${at(probe, 'httpGet', 'port')}: ${probe}.httpGet.port must be the named port http, got ${get.port}`,
            );
        }
      }
      if (isService(svc) && (c?.startupProbe?.failureThreshold ?? 0) < 30)
        problems.push(
          `${at('startupProbe')}: startupProbe.failureThreshold must be at least 30 (migrations run at boot)`,
        );
      // The web app only reads its files at start, but on a throttled CPU that can take a while: 20 s at least.
      const startup = c?.startupProbe;
      if (!isService(svc) && (startup?.periodSeconds ?? 10) * (startup?.failureThreshold ?? 3) < 20)
        problems.push(
          `${at('startupProbe')}: startupProbe must allow at least 20 s (periodSeconds x failureThreshold)`,
        );
      expect(problems).toEqual([]);
    });

    it(
      isService(svc)
        ? 'takes settings from its ConfigMap and credentials from a required Secret'
        : 'takes settings from its ConfigMap only: it holds no credentials, so it mounts no Secret',
      () => {
        const problems: string[] = [];
        const from = c?.envFrom ?? [];
        const cm = from.find((e) => e.configMapRef)?.configMapRef;
        const configMap = forService('ConfigMap', svc)[0];
        if (!cm || !configMap || cm.name !== nameOf(configMap))
          problems.push(
            `${at('envFrom')}: envFrom.configMapRef must name the ${svc} ConfigMap (${configMap && nameOf(configMap)})`,
          );
        const secret = from.find((e) => e.secretRef)?.secretRef;
        if (isService(svc)) {
          if (secret?.name !== `dxhub-${svc}-credentials`)
            problems.push(
              `${at('envFrom')}: envFrom.secretRef.name must be dxhub-${svc}-credentials, got ${secret?.name}`,
            );
          if (secret?.optional !== false) problems.push(`${at('envFrom')}: envFrom.secretRef.optional must be false`);
        } else {
          if (secret) problems.push(`${at('envFrom')}: ${svc} holds no credentials: no envFrom.secretRef`);
          const fromSecret = (c?.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);
          if (fromSecret.length > 0) problems.push(`${at('env')}: ${svc} reads ${fromSecret.join(', ')} from a Secret`);
          if ((dep?.spec?.template?.spec?.volumes ?? []).some((v) => v.secret || v.projected))
            problems.push(`${where(d, [...podSpecPath, 'volumes'])}: ${svc} mounts no Secret`);
        }
        expect(problems).toEqual([]);
      },
    );

    it('runs non-root, read-only, without capabilities, within resource limits', () => {
      const problems: string[] = [];
      const sc = c?.securityContext;
      const psc = dep?.spec?.template?.spec?.securityContext;
      if (sc?.runAsNonRoot !== true && psc?.runAsNonRoot !== true)
        problems.push(`${at('securityContext')}: runAsNonRoot must be true`);
      if ((sc?.runAsUser ?? psc?.runAsUser) !== 1000)
        problems.push(`${at('securityContext')}: runAsUser must be 1000 (the image's node user)`);
      if (sc?.readOnlyRootFilesystem !== true)
        problems.push(`${at('securityContext')}: readOnlyRootFilesystem must be true`);
      if (sc?.allowPrivilegeEscalation !== false)
        problems.push(`${at('securityContext')}: allowPrivilegeEscalation must be false`);
      if (JSON.stringify(sc?.capabilities?.drop) !== '["ALL"]')
        problems.push(`${at('securityContext')}: capabilities.drop must be [ALL]`);
      if ((sc?.seccompProfile ?? psc?.seccompProfile)?.type !== 'RuntimeDefault')
        problems.push(`${at('securityContext')}: seccompProfile.type must be RuntimeDefault`);
      const r = c?.resources;
      // The web app serves files from memory and pipes answers through: a quarter of a service's CPU, half its memory.
      const expected = isService(svc)
        ? { 'requests.cpu': '100m', 'requests.memory': '256Mi', 'limits.cpu': '1', 'limits.memory': '512Mi' }
        : { 'requests.cpu': '50m', 'requests.memory': '128Mi', 'limits.cpu': '500m', 'limits.memory': '256Mi' };
      const actual = {
        'requests.cpu': r?.requests?.cpu,
        'requests.memory': r?.requests?.memory,
        'limits.cpu': r?.limits?.cpu,
        'limits.memory': r?.limits?.memory,
      };
      for (const [k, v] of Object.entries(expected)) {
        if (String(actual[k as keyof typeof actual]) !== v)
          problems.push(`${at('resources')}: resources.${k} must be ${v}, got ${actual[k as keyof typeof actual]}`);
      }
      // The V8 old space stays within two thirds of the memory limit, leaving the rest for the young generation,
      // code and buffers: raising one without the other gets the pod OOM-killed.
      const oldSpace = Number(/--max-old-space-size=(\d+)/.exec(configOf(svc).NODE_OPTIONS ?? '')?.[1]);
      const limitMi = Number(/^(\d+)Mi$/.exec(String(r?.limits?.memory ?? ''))?.[1]);
      if (!(oldSpace > 0 && oldSpace <= (limitMi * 2) / 3))
        problems.push(
          `${at('resources')}: NODE_OPTIONS --max-old-space-size (${oldSpace}) must be set, at most two thirds of limits.memory (${limitMi}Mi)`,
        );
      expect(problems).toEqual([]);
    });

    it('drains before SIGTERM and has time to shut down gracefully', () => {
      const problems: string[] = [];
      const grace = dep?.spec?.template?.spec?.terminationGracePeriodSeconds;
      const preStop = c?.lifecycle?.preStop;
      const sleepSeconds =
        preStop?.sleep?.seconds ??
        (preStop?.exec?.command?.[0] === 'sleep' ? Number(preStop.exec.command[1]) : undefined);
      if (sleepSeconds !== 5)
        problems.push(`${at('lifecycle')}: lifecycle.preStop must sleep 5 s, got ${JSON.stringify(preStop)}`);
      const configMap = forService('ConfigMap', svc)[0]?.obj as unknown as IConfigMap | undefined;
      const shutdownMs = Number(configMap?.data?.SHUTDOWN_TIMEOUT_MS ?? 15000);
      if (grace !== 30)
        problems.push(
          `${where(d, [...podSpecPath, 'terminationGracePeriodSeconds'])}: terminationGracePeriodSeconds must be 30, got ${grace}`,
        );
      if ((grace ?? 30) * 1000 <= (sleepSeconds ?? 0) * 1000 + shutdownMs) {
        problems.push(
          `${where(d, [...podSpecPath, 'terminationGracePeriodSeconds'])}: must exceed preStop (${sleepSeconds} s) + SHUTDOWN_TIMEOUT_MS (${shutdownMs} ms)`,
        );
      }
      expect(problems).toEqual([]);
    });

    it('is scraped by Prometheus on its port at /metrics', () => {
      const a = dep?.spec?.template?.metadata?.annotations ?? {};
      const problems: string[] = [];
      const annotations = where(d, ['spec', 'template', 'metadata', 'annotations']);
      if (a['prometheus.io/scrape'] !== 'true') problems.push(`${annotations}: prometheus.io/scrape must be "true"`);
      if (a['prometheus.io/port'] !== String(port))
        problems.push(`${annotations}: prometheus.io/port must be "${port}"`);
      if (a['prometheus.io/path'] !== '/metrics') problems.push(`${annotations}: prometheus.io/path must be /metrics`);
      expect(problems).toEqual([]);
    });
  });

  it.each(COMPONENT_NAMES)(
    'the %s Service is a ClusterIP on port 80 targeting the named port http of its pods',
    (svc) => {
      const d = forService('Service', svc)[0];
      expect(d).toBeDefined();
      const s = d.obj as unknown as IService;
      const pods = (forService('Deployment', svc)[0]?.obj as unknown as IDeployment | undefined)?.spec?.template
        ?.metadata?.labels;
      const problems: string[] = [];
      if ((s.spec?.type ?? 'ClusterIP') !== 'ClusterIP')
        problems.push(`${where(d, ['spec', 'type'])}: type must be ClusterIP`);
      const ports = s.spec?.ports ?? [];
      if (ports.length !== 1 || ports[0].port !== 80)
        problems.push(`${where(d, ['spec', 'ports'])}: expected one port 80`);
      ports.forEach((p, i) => {
        if (p.targetPort !== 'http')
          problems.push(
            `${where(d, ['spec', 'ports', i, 'targetPort'])}: targetPort must be the named port http, got ${p.targetPort}`,
          );
      });
      if (!matchesSelector(s.spec?.selector, pods))
        problems.push(`${where(d, ['spec', 'selector'])}: selector must match the ${svc} Deployment's pod labels`);
      expect(problems).toEqual([]);
    },
  );

  it.each(COMPONENT_NAMES)('the %s PodDisruptionBudget keeps one of its pods (minAvailable 1)', (svc) => {
    const d = forService('PodDisruptionBudget', svc)[0];
    expect(d).toBeDefined();
    const pdb = d.obj as unknown as IPodDisruptionBudget;
    const pods = (forService('Deployment', svc)[0]?.obj as unknown as IDeployment | undefined)?.spec?.template?.metadata
      ?.labels;
    const problems: string[] = [];
    if (pdb.spec?.minAvailable !== 1)
      problems.push(`${where(d, ['spec', 'minAvailable'])}: minAvailable must be 1, got ${pdb.spec?.minAvailable}`);
    if (!matchesSelector(pdb.spec?.selector?.matchLabels, pods))
      problems.push(`${where(d, ['spec', 'selector'])}: selector must match the ${svc} Deployment's pod labels`);
    expect(problems).toEqual([]);
  });

  it('no ConfigMap holds a secret', () => {
    const problems = ofKind('ConfigMap').flatMap((d) =>
      Object.keys((d.obj as unknown as IConfigMap).data ?? {})
        // DATABASE_URL carries the database password; the SASL user belongs with its password.
        .filter((k) => /PASSWORD|SECRET/.test(k) || k === 'DATABASE_URL' || k === 'KAFKA_SASL_USERNAME')
        .map(
          (k) =>
            `${where(d, ['data', k])} (${describeObj(d)}): ${k} is a secret; it belongs in the Secret dxhub-<service>-credentials`,
        ),
    );
    expect(problems).toEqual([]);
  });

  it('the web app has no database, Kafka or token-verification settings', () => {
    const cm = forService('ConfigMap', 'web')[0];
    const dep = forService('Deployment', 'web')[0]?.obj as unknown as IDeployment | undefined;
    const problems = [
      ...Object.keys(configOf('web')),
      ...(dep?.spec?.template?.spec?.containers ?? []).flatMap((c) => (c.env ?? []).map((e) => e.name)),
    ]
      .filter((k) => BACKEND_SETTING.test(k))
      .map((k) => `${where(cm, ['data', k])}: the web app has no database, broker or token to verify; drop ${k}`);
    expect(cm).toBeDefined();
    expect(problems).toEqual([]);
  });

  it.each(SERVICE_NAMES)("the web app forwards /api/%s/ to that service's Service, by name, on its port", (svc) => {
    const variable = WEB_TARGET_VARIABLE[svc];
    const cm = forService('ConfigMap', 'web')[0];
    const service = forService('Service', svc)[0]?.obj as unknown as IService | undefined;
    const value = configOf('web')[variable];
    const problems: string[] = [];
    let url: URL | undefined;
    try {
      url = new URL(value ?? '');
    } catch {
      problems.push(`${where(cm, ['data', variable])}: ${variable} must be a URL, got ${value}`);
    }
    if (url) {
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      if (url.protocol !== 'http:' || url.hostname !== service?.metadata?.name || url.pathname !== '/')
        problems.push(
          `${where(cm, ['data', variable])}: ${variable} must be http://${service?.metadata?.name} (the Service, no path), got ${value}`,
        );
      if (!(service?.spec?.ports ?? []).some((p) => p.port === port))
        problems.push(
          `${where(cm, ['data', variable])}: ${variable} uses port ${port}, which the ${svc} Service lacks`,
        );
    }
    expect(problems).toEqual([]);
  });

  it('the web app signs people in at an issuer, with its public client (never development tokens)', () => {
    const data = configOf('web');
    const cm = forService('ConfigMap', 'web')[0];
    const problems: string[] = [];
    if (!/^https:\/\/\S+$/.test(data.WEB_OIDC_ISSUER ?? ''))
      problems.push(`${where(cm, ['data', 'WEB_OIDC_ISSUER'])}: WEB_OIDC_ISSUER must be an https issuer URL`);
    if (!/^[\w.-]+$/.test(data.WEB_OIDC_CLIENT_ID ?? ''))
      problems.push(`${where(cm, ['data', 'WEB_OIDC_CLIENT_ID'])}: WEB_OIDC_CLIENT_ID must name the public client`);
    // The services' issuer, where the tokens the services accept come from.
    for (const svc of SERVICE_NAMES)
      if (configOf(svc).AUTH_ISSUER !== data.WEB_OIDC_ISSUER)
        problems.push(`${where(cm, ['data', 'WEB_OIDC_ISSUER'])}: WEB_OIDC_ISSUER must be ${svc}'s AUTH_ISSUER`);
    expect(problems).toEqual([]);
  });

  it("reporting's root leads to the web app (WEB_PUBLIC_URL), and the old dashboard settings are gone", () => {
    const problems: string[] = [];
    if (!/^https:\/\/[^/\s]+$/.test(configOf('reporting').WEB_PUBLIC_URL ?? ''))
      problems.push("reporting-config: WEB_PUBLIC_URL must be the web app's https origin");
    for (const d of ofKind('ConfigMap'))
      for (const k of Object.keys((d.obj as unknown as IConfigMap).data ?? {}))
        if (k.startsWith('DASHBOARD_')) problems.push(`${where(d, ['data', k])}: ${k} is no longer a setting`);
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Overlays

function kustomizationProblems(k: LoadedDoc): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(k.obj)) {
    if (!KUSTOMIZATION_FIELDS.has(key)) problems.push(`${where(k, [key])}: unknown kustomization field ${key}`);
  }
  if (k.obj.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.obj.kind !== 'Kustomization') {
    problems.push(`${where(k)}: expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization`);
  }
  const dir = dirname(join(ROOT, k.file));
  ((k.obj.resources ?? []) as unknown[]).forEach((r, i) => {
    const target = typeof r === 'string' ? resolve(dir, r) : undefined;
    if (!target || !existsSync(target))
      problems.push(`${where(k, ['resources', i])}: resource ${String(r)} does not exist`);
    else if (statSync(target).isDirectory() && !existsSync(join(target, 'kustomization.yaml'))) {
      problems.push(`${where(k, ['resources', i])}: directory ${String(r)} has no kustomization.yaml`);
    }
  });
  return problems;
}

/** Does a base object match a kustomize patch target (kind, name regex, labelSelector as kubectl reads it)? */
function targetMatches(target: Obj, d: LoadedDoc): boolean {
  if (target.kind !== undefined && target.kind !== d.obj.kind) return false;
  if (target.name !== undefined && !new RegExp(`^(?:${String(target.name)})$`).test(nameOf(d))) return false;
  if (target.labelSelector !== undefined && !matchesLabelSelector(String(target.labelSelector), labelsOf(d)))
    return false;
  return true;
}

const overlayNames = existsSync(OVERLAYS)
  ? readdirSync(OVERLAYS)
      .filter((n) => statSync(join(OVERLAYS, n)).isDirectory())
      .sort()
  : [];

/** An overlay's ConfigMap data and Deployment replicas after its patches (the subset of kustomize used here). */
interface Rendered {
  configData: Record<string, Record<string, string>>; // ConfigMap name → data
  replicas: Record<string, number | undefined>; // Deployment name → replicas
}

describe('k8s/overlays', () => {
  it('has the local and production overlays', () => {
    expect(overlayNames).toEqual(expect.arrayContaining(['local', 'production']));
  });

  const loadOverlay = (name: string) => {
    const file = join(OVERLAYS, name, 'kustomization.yaml');
    if (!existsSync(file)) return { errors: [`k8s/overlays/${name}: kustomization.yaml is missing`], k: undefined };
    const { docs, errors } = loadYaml(file);
    return { errors, k: docs[0] };
  };

  /** The objects an overlay adds of its own: its resources that are files (not ../../base). */
  const overlayObjects = (name: string): { docs: LoadedDoc[]; errors: string[] } => {
    const dir = join(OVERLAYS, name);
    const { k, errors } = loadOverlay(name);
    const files = ((k?.obj.resources ?? []) as string[])
      .map((r) => resolve(dir, r))
      .filter((f) => existsSync(f) && statSync(f).isFile());
    const loaded = files.map((f) => loadYaml(f));
    return { docs: loaded.flatMap((l) => l.docs), errors: [...errors, ...loaded.flatMap((l) => l.errors)] };
  };

  /** Applies the overlay's replicas and strategic-merge patches to the base, as far as this test needs. */
  function render(k: LoadedDoc, problems: string[]): Rendered {
    const rendered: Rendered = {
      configData: Object.fromEntries(
        ofKind('ConfigMap').map((d) => [nameOf(d), { ...((d.obj.data ?? {}) as Record<string, string>) }]),
      ),
      replicas: Object.fromEntries(
        ofKind('Deployment').map((d) => [nameOf(d), (d.obj as unknown as IDeployment).spec?.replicas]),
      ),
    };
    const dir = dirname(join(ROOT, k.file));
    const patchChecks: { obj: unknown; mode: 'patch'; doc: LoadedDoc }[] = [];

    ((k.obj.patches ?? []) as unknown[]).forEach((entry, i) => {
      const p = entry as Obj;
      const here = where(k, ['patches', i]);
      for (const key of Object.keys(p))
        if (!KUSTOMIZE_PATCH_FIELDS.has(key)) problems.push(`${here}: unknown patch field ${key}`);
      for (const key of Object.keys((p.target ?? {}) as Obj))
        if (!KUSTOMIZE_TARGET_FIELDS.has(key)) problems.push(`${here}: unknown target field ${key}`);
      let patchDocs: LoadedDoc[] = [];
      if (typeof p.path === 'string') {
        const file = resolve(dir, p.path);
        if (!existsSync(file)) {
          problems.push(`${where(k, ['patches', i, 'path'])}: patch file ${p.path} does not exist`);
          return;
        }
        const loaded = loadYaml(file);
        problems.push(...loaded.errors);
        patchDocs = loaded.docs;
      } else if (typeof p.patch !== 'string') {
        problems.push(`${here}: a patch needs a path or an inline patch`);
        return;
      }
      const isJsonPatch = typeof p.patch === 'string' && /^\s*-\s*op:/m.test(p.patch);
      // The objects this patch applies to: its target, or else the kind and name in the patch itself.
      const target: Obj | undefined = isObj(p.target)
        ? p.target
        : patchDocs[0] && { kind: patchDocs[0].obj.kind, name: nameOf(patchDocs[0]) };
      if (!target) {
        problems.push(`${here}: an inline patch needs a target`);
        return;
      }
      const matched = baseObjects.filter((d) => targetMatches(target, d));
      if (matched.length === 0)
        problems.push(`${here}: the patch targets ${JSON.stringify(target)}, which matches nothing in k8s/base`);
      if (isJsonPatch) return; // JSON 6902 patches: target checked; their effect is not evaluated here
      for (const pd of patchDocs) {
        if (isObj(p.target) && p.target.kind !== undefined && pd.obj.kind !== p.target.kind) {
          problems.push(
            `${where(pd)}: patch kind ${String(pd.obj.kind)} differs from its target kind ${String(p.target.kind)}`,
          );
        }
        patchChecks.push({ obj: pd.obj, mode: 'patch', doc: pd });
        for (const m of matched) {
          if (m.obj.kind === 'ConfigMap' && pd.obj.kind === 'ConfigMap')
            Object.assign(rendered.configData[nameOf(m)], (pd.obj.data ?? {}) as Obj);
          const replicas = (pd.obj.spec as Obj | undefined)?.replicas;
          if (m.obj.kind === 'Deployment' && typeof replicas === 'number') rendered.replicas[nameOf(m)] = replicas;
        }
      }
    });

    // Patch files must also use only fields their kind defines.
    if (patchChecks.length > 0) {
      checkWithKubernetesModels(patchChecks.map(({ obj, mode }) => ({ obj, mode }))).forEach((r, i) => {
        const pd = patchChecks[i].doc;
        if (!r.supported)
          problems.push(
            `${where(pd)}: ${String(pd.obj.apiVersion)}/${String(pd.obj.kind)} is not a kind this test knows`,
          );
        for (const p of r.unknownFields ?? [])
          problems.push(`${where(pd, p)} (patch of ${String(pd.obj.kind)}): unknown field ${fieldPath(p)}`);
      });
    }

    ((k.obj.replicas ?? []) as Obj[]).forEach((r, i) => {
      const name = String(r.name);
      if (!(name in rendered.replicas))
        problems.push(`${where(k, ['replicas', i])}: replicas names ${name}, which is not a Deployment in k8s/base`);
      else rendered.replicas[name] = Number(r.count);
    });

    const baseImages = new Set(
      ofKind('Deployment').flatMap((d) =>
        ((d.obj as unknown as IDeployment).spec?.template?.spec?.containers ?? []).map(
          (c) => String(c.image).split(':')[0],
        ),
      ),
    );
    ((k.obj.images ?? []) as Obj[]).forEach((img, i) => {
      if (!baseImages.has(String(img.name)))
        problems.push(`${where(k, ['images', i])}: image ${String(img.name)} is not used by any base Deployment`);
    });
    return rendered;
  }

  const expectations: Record<string, { config: Record<string, string>; replicas: number; webReplicas: number }> = {
    local: { config: { KAFKA_SASL_MECHANISM: 'none' }, replicas: 1, webReplicas: 1 },
    production: {
      config: {
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        // SASL_SSL: production refuses SCRAM over plaintext (libs/messaging KafkaConfig).
        KAFKA_SSL: 'true',
        KAFKA_REPLICATION_FACTOR: '3',
        DATABASE_CREATE_IF_MISSING: 'false',
      },
      // Before KEDA's component takes the services' counts over; the web app keeps its 2 (nothing scales it).
      replicas: 2,
      webReplicas: 2,
    },
  };

  it.each(overlayNames)(
    '%s: kustomization.yaml resolves its resources and patches onto objects in k8s/base',
    (name) => {
      const { errors, k } = loadOverlay(name);
      expect(errors).toEqual([]);
      const problems = kustomizationProblems(k!);
      if (!((k!.obj.resources ?? []) as string[]).some((r) => resolve(dirname(join(ROOT, k!.file)), r) === BASE)) {
        problems.push(`${where(k!, ['resources'])}: the overlay must build on ../../base`);
      }
      render(k!, problems);
      expect(problems).toEqual([]);
    },
  );

  it.each(Object.keys(expectations))('%s: sets the Kafka security, replication and replicas it is meant to', (name) => {
    const { errors, k } = loadOverlay(name);
    expect(errors).toEqual([]);
    const problems: string[] = [];
    const rendered = render(k!, problems);
    const want = expectations[name];
    for (const svc of SERVICE_NAMES) {
      const cm = forService('ConfigMap', svc)[0];
      const data = cm ? rendered.configData[nameOf(cm)] : undefined;
      for (const [key, value] of Object.entries(want.config)) {
        if (data?.[key] !== value)
          problems.push(
            `${k!.file}: after patches, ConfigMap ${cm && nameOf(cm)} ${key} must be ${value}, got ${data?.[key]}`,
          );
      }
      const dep = forService('Deployment', svc)[0];
      const replicas = dep ? rendered.replicas[nameOf(dep)] : undefined;
      if (replicas !== want.replicas)
        problems.push(`${k!.file}: Deployment ${svc} must run ${want.replicas} replica(s), got ${replicas}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(Object.keys(expectations))(
    '%s: runs the web app, and its patches give the web app no Kafka or database settings',
    (name) => {
      const { errors, k } = loadOverlay(name);
      expect(errors).toEqual([]);
      const problems: string[] = [];
      const rendered = render(k!, problems);
      const cm = forService('ConfigMap', 'web')[0];
      const dep = forService('Deployment', 'web')[0];
      const data = cm ? rendered.configData[nameOf(cm)] : undefined;
      if (!data) problems.push(`${k!.file}: no web ConfigMap`);
      for (const key of Object.keys(data ?? {}))
        if (BACKEND_SETTING.test(key))
          problems.push(
            `${k!.file}: after patches, ConfigMap ${cm && nameOf(cm)} has ${key}: narrow the patch's target`,
          );
      const replicas = dep ? rendered.replicas[nameOf(dep)] : undefined;
      if (replicas !== expectations[name].webReplicas)
        problems.push(
          `${k!.file}: Deployment web must run ${expectations[name].webReplicas} replica(s), got ${replicas}`,
        );
      expect(problems).toEqual([]);
    },
  );

  it.each(overlayNames)(
    '%s: the objects it adds validate against their schemas and live in the namespace dxhub',
    (name) => {
      const { docs, errors } = overlayObjects(name);
      expect(errors).toEqual([]);
      const checks = checkWithKubernetesModels(docs.map((d) => ({ obj: d.obj, mode: 'resource' as const })));
      const problems = docs.flatMap((d, i) => {
        const r = checks[i];
        if (!r.supported) return [`${where(d)}: ${String(d.obj.apiVersion)}/${String(d.obj.kind)} is not a known kind`];
        const out = [
          ...(r.schemaErrors ?? []).map((e) => `${where(d)} (${describeObj(d)}): ${e.path.join('.')} ${e.message}`),
          ...(r.unknownFields ?? []).map((p) => `${where(d, p)} (${describeObj(d)}): unknown field ${fieldPath(p)}`),
        ];
        // The overlays set no namespace of their own (base's is not applied to them): without one, an object lands
        // in whatever namespace kubectl's context points at.
        if ((d.obj.metadata as Obj | undefined)?.namespace !== 'dxhub')
          out.push(`${where(d, ['metadata'])} (${describeObj(d)}): metadata.namespace must be dxhub`);
        if (labelsOf(d)['app.kubernetes.io/part-of'] !== 'dxhub')
          out.push(
            `${where(d, ['metadata', 'labels'])} (${describeObj(d)}): label app.kubernetes.io/part-of must be dxhub`,
          );
        return out;
      });
      expect(problems).toEqual([]);
    },
  );

  it('production: an Ingress takes people to the web app, and the addresses the services hand out are on its host', () => {
    const { docs, errors } = overlayObjects('production');
    expect(errors).toEqual([]);
    const ingresses = docs.filter((d) => d.obj.kind === 'Ingress');
    expect(ingresses.map((d) => nameOf(d))).toEqual(['web']);
    const d = ingresses[0];
    const ingress = d.obj as unknown as IIngress;
    const webService = forService('Service', 'web')[0]?.obj as unknown as IService | undefined;
    const problems: string[] = [];
    // ingress-nginx: the controller the NetworkPolicies let in (namespace ingress-nginx).
    if (ingress.spec?.ingressClassName !== 'nginx')
      problems.push(`${where(d, ['spec', 'ingressClassName'])}: ingressClassName must be nginx`);
    const rules = ingress.spec?.rules ?? [];
    const hosts = rules.map((r) => r.host ?? '');
    if (rules.length !== 1 || !hosts[0]) problems.push(`${where(d, ['spec', 'rules'])}: expected one rule with a host`);
    const paths = rules.flatMap((r) => r.http?.paths ?? []);
    if (paths.length !== 1 || paths[0].path !== '/' || paths[0].pathType !== 'Prefix')
      problems.push(`${where(d, ['spec', 'rules'])}: expected one path /, Prefix (the app and its /api/ behind it)`);
    for (const p of paths) {
      const backend = p.backend.service;
      const port = (webService?.spec?.ports ?? []).find(
        (sp) =>
          sp.name === backend?.port?.name || (backend?.port?.number !== undefined && sp.port === backend.port.number),
      );
      if (backend?.name !== webService?.metadata?.name || !port)
        problems.push(`${where(d, ['spec', 'rules'])}: the backend must be the web Service on one of its ports`);
    }
    const host = hosts[0];
    // The services' own public addresses: the web app's origin, and the services behind its /api/<service>/.
    const want: [ServiceName, string, string][] = [
      ['reporting', 'WEB_PUBLIC_URL', `https://${host}`],
      ['reporting', 'INDICATORS_PUBLIC_URL', `https://${host}/api/indicators`],
      ['notifications', 'INDICATORS_PUBLIC_URL', `https://${host}/api/indicators`],
      ['notifications', 'TASKS_PUBLIC_URL', `https://${host}/api/tasks`],
      ['notifications', 'REPORTING_PUBLIC_URL', `https://${host}/api/reporting`],
    ];
    const { k } = loadOverlay('production');
    const rendered = render(k!, problems);
    for (const [svc, key, value] of want) {
      const got = rendered.configData[`${svc}-config`]?.[key];
      if (got !== value) problems.push(`k8s/overlays/production: ${svc}-config ${key} must be ${value}, got ${got}`);
    }
    // Every request body a service accepts must get through the Ingress (ingress-nginx refuses over 1m by default).
    const bodyLimits = SERVICE_NAMES.map((svc) => {
      const main = readFileSync(join(ROOT, 'apps', svc, 'src/main.ts'), 'utf8');
      return Number(/bodyLimit:\s*'(\d+)mb'/.exec(main)?.[1] ?? 1);
    });
    const proxyBody = /^(\d+)m$/.exec(
      ingress.metadata?.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '',
    );
    if (!proxyBody || Number(proxyBody[1]) < Math.max(...bodyLimits))
      problems.push(
        `${where(d, ['metadata', 'annotations'])}: nginx.ingress.kubernetes.io/proxy-body-size must be at least ${Math.max(...bodyLimits)}m`,
      );
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// docker-compose.yml

describe('docker-compose.yml', () => {
  // Compose resolves `<<: *anchor` merge keys; YAML 1.2 does not unless asked.
  const { docs, errors } = existsSync(COMPOSE)
    ? loadYaml(COMPOSE, { merge: true })
    : { docs: [], errors: ['docker-compose.yml is missing'] };
  const compose = docs[0];
  const services = (compose?.obj.services ?? {}) as Record<string, Obj>;
  const at = (...p: (string | number)[]) => (compose ? where(compose, p) : 'docker-compose.yml');

  /** Normalises `environment` (map or KEY=value list) to a map. */
  const envOf = (s: Obj): Record<string, string> =>
    Array.isArray(s.environment)
      ? Object.fromEntries((s.environment as string[]).map((e) => [e.split('=')[0], e.split('=').slice(1).join('=')]))
      : Object.fromEntries(Object.entries((s.environment ?? {}) as Obj).map(([k, v]) => [k, String(v ?? '')]));

  /** Host address, published → target from short ("[ip:]host:container[/proto]") or long port syntax. */
  const portsOf = (s: Obj): { hostIp: string; published: string; target: string }[] =>
    ((s.ports ?? []) as unknown[]).map((p) => {
      if (isObj(p))
        return { hostIp: String(p.host_ip ?? ''), published: String(p.published), target: String(p.target) };
      const parts = String(p)
        .replace(/\/\w+$/, '')
        .split(':');
      return {
        hostIp: parts.length > 2 ? parts.slice(0, -2).join(':') : '',
        published: parts[parts.length - 2] ?? '',
        target: parts[parts.length - 1],
      };
    });

  const testOf = (s: Obj) => {
    const t = (s.healthcheck as Obj | undefined)?.test;
    return Array.isArray(t) ? t.join(' ') : String(t ?? '');
  };

  const seconds = (v: unknown) => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(String(v ?? ''));
    if (!m) return NaN;
    return Number(m[1]) * ({ ms: 0.001, s: 1, m: 60 }[m[2] ?? 's'] ?? 1);
  };

  // kafka-acls is the one-shot ACL provisioning (the admin's job). It is a service of its own, not an init
  // step of indicators, so that no long-running service ever holds the admin's credentials.
  it('parses, uses the current Compose spec (no version key) and defines exactly the eight services', () => {
    expect(errors).toEqual([]);
    const problems: string[] = [];
    if (compose && 'version' in compose.obj) problems.push(`${at('version')}: drop the obsolete version key`);
    const names = Object.keys(services).sort();
    const want = ['indicators', 'kafka', 'kafka-acls', 'notifications', 'postgres', 'reporting', 'tasks', 'web'];
    if (JSON.stringify(names) !== JSON.stringify(want))
      problems.push(`${at('services')}: services must be ${want.join(', ')}; found ${names.join(', ')}`);
    expect(problems).toEqual([]);
  });

  it('runs Kafka 4.1.2 in KRaft mode and PostgreSQL 15, each with a health check', () => {
    const problems: string[] = [];
    const kafka = services.kafka ?? {};
    const kenv = envOf(kafka);
    if (kafka.image !== 'apache/kafka:4.1.2')
      problems.push(
        `${at('services', 'kafka', 'image')}: kafka image must be apache/kafka:4.1.2, got ${String(kafka.image)}`,
      );
    if (!/controller/.test(kenv.KAFKA_PROCESS_ROLES ?? ''))
      problems.push(`${at('services', 'kafka', 'environment')}: KAFKA_PROCESS_ROLES must include controller (KRaft)`);
    if (!/kafka:9092/.test(kenv.KAFKA_ADVERTISED_LISTENERS ?? ''))
      problems.push(
        `${at('services', 'kafka', 'environment')}: KAFKA_ADVERTISED_LISTENERS must advertise kafka:9092 to the services`,
      );
    if (kenv.KAFKA_AUTO_CREATE_TOPICS_ENABLE !== 'false')
      problems.push(`${at('services', 'kafka', 'environment')}: KAFKA_AUTO_CREATE_TOPICS_ENABLE must be "false"`);
    if (!/kafka-(broker-api-versions|topics)\.sh/.test(testOf(kafka)))
      problems.push(
        `${at('services', 'kafka')}: kafka needs a healthcheck running kafka-broker-api-versions.sh or kafka-topics.sh`,
      );
    const pg = services.postgres ?? {};
    if (pg.image !== 'postgres:15')
      problems.push(
        `${at('services', 'postgres', 'image')}: postgres image must be postgres:15, got ${String(pg.image)}`,
      );
    if (envOf(pg).POSTGRES_DB !== 'dxhub')
      problems.push(`${at('services', 'postgres', 'environment')}: POSTGRES_DB must be dxhub`);
    if (!/pg_isready/.test(testOf(pg)))
      problems.push(`${at('services', 'postgres')}: postgres needs a pg_isready healthcheck`);
    expect(problems).toEqual([]);
  });

  it.each(SERVICE_NAMES)(
    '%s is built from the Dockerfile, waits for healthy Kafka and PostgreSQL, publishes its port and checks readiness',
    (svc) => {
      const port = String(SERVICES[svc]);
      const s = services[svc];
      expect(s).toBeDefined();
      const problems: string[] = [];
      const build = (s.build ?? {}) as Obj;
      if (((build.args ?? {}) as Obj).SERVICE !== svc)
        problems.push(`${at('services', svc, 'build')}: build.args.SERVICE must be ${svc}`);
      const deps = s.depends_on;
      const wantDeps = {
        kafka: 'service_healthy',
        postgres: 'service_healthy',
        'kafka-acls': 'service_completed_successfully',
      };
      for (const [dep, want] of Object.entries(wantDeps)) {
        const condition = isObj(deps) ? ((deps[dep] ?? {}) as Obj).condition : undefined;
        if (condition !== want)
          problems.push(
            `${at('services', svc, 'depends_on')}: ${svc} must depend on ${dep} with condition ${want}, got ${JSON.stringify(isObj(deps) ? deps[dep] : deps)}`,
          );
      }
      const env = envOf(s);
      if (env.PORT !== port)
        problems.push(`${at('services', svc, 'environment')}: PORT must be ${port}, got ${env.PORT}`);
      if (env.HOST !== '0.0.0.0') problems.push(`${at('services', svc, 'environment')}: HOST must be 0.0.0.0`);
      if (!/^kafka:9092(,|$)/.test(env.KAFKA_BROKERS ?? ''))
        problems.push(`${at('services', svc, 'environment')}: KAFKA_BROKERS must start with kafka:9092`);
      if (!/@postgres:5432\/dxhub$/.test(env.DATABASE_URL ?? ''))
        problems.push(`${at('services', svc, 'environment')}: DATABASE_URL must point at postgres:5432/dxhub`);
      const ports = portsOf(s);
      // The development profile trusts infra/dev-auth's public private key: its services answer this machine only.
      if (
        ports.length !== 1 ||
        ports[0].hostIp !== '127.0.0.1' ||
        ports[0].published !== port ||
        ports[0].target !== port
      ) {
        problems.push(
          `${at('services', svc, 'ports')}: ports must publish 127.0.0.1:${port}:${port}, got ${JSON.stringify(s.ports)}`,
        );
      }
      if (env.NODE_ENV !== 'development')
        problems.push(
          `${at('services', svc, 'environment')}: NODE_ENV must be development (the profile trusts the development issuer), got ${env.NODE_ENV}`,
        );
      const test = testOf(s);
      if (!test.includes(`:${port}/health/ready`))
        problems.push(
          `${at('services', svc, 'healthcheck')}: healthcheck must call /health/ready on port ${port}, got ${JSON.stringify(test)}`,
        );
      if (s.restart !== 'unless-stopped')
        problems.push(`${at('services', svc, 'restart')}: restart must be unless-stopped`);
      const grace = seconds(s.stop_grace_period);
      const shutdown = Number(env.SHUTDOWN_TIMEOUT_MS ?? 15000) / 1000;
      if (!(grace > shutdown))
        problems.push(
          `${at('services', svc, 'stop_grace_period')}: stop_grace_period (${String(s.stop_grace_period)}) must exceed SHUTDOWN_TIMEOUT_MS (${shutdown} s)`,
        );
      expect(problems).toEqual([]);
    },
  );

  it('web is built from the Dockerfile, forwards to the four services by their compose names, publishes 3000 and checks readiness', () => {
    const s = services.web ?? {};
    const env = envOf(s);
    const problems: string[] = [];
    const where_ = at('services', 'web');
    const build = (s.build ?? {}) as Obj;
    if (build.dockerfile !== 'Dockerfile' || ((build.args ?? {}) as Obj).SERVICE !== 'web')
      problems.push(`${where_}: must be built from the Dockerfile with build.args.SERVICE web`);
    if (env.PORT !== '3000' || env.HOST !== '0.0.0.0')
      problems.push(`${where_}: PORT must be 3000 and HOST 0.0.0.0, got ${env.PORT} and ${env.HOST}`);
    for (const svc of SERVICE_NAMES) {
      const variable = WEB_TARGET_VARIABLE[svc];
      if (env[variable] !== `http://${svc}:${SERVICES[svc]}`)
        problems.push(`${where_}: ${variable} must be http://${svc}:${SERVICES[svc]}, got ${env[variable]}`);
    }
    // It needs the services' names to exist, not the services to be ready: it is ready once it serves the app.
    const deps = isObj(s.depends_on) ? s.depends_on : {};
    const depNames = Object.keys(deps).sort();
    if (JSON.stringify(depNames) !== JSON.stringify([...SERVICE_NAMES].sort()))
      problems.push(`${where_}: must depend on exactly the four services, got ${depNames.join(', ')}`);
    const keys = Object.keys(env).filter((k) => BACKEND_SETTING.test(k));
    if (keys.length > 0)
      problems.push(`${where_}: the web app has no database, broker or token to verify: drop ${keys}`);
    if (((s.volumes ?? []) as unknown[]).length > 0) problems.push(`${where_}: the web app mounts nothing`);
    const ports = portsOf(s);
    if (
      ports.length !== 1 ||
      ports[0].hostIp !== '127.0.0.1' ||
      ports[0].published !== '3000' ||
      ports[0].target !== '3000'
    )
      problems.push(`${where_}: ports must publish 127.0.0.1:3000:3000, got ${JSON.stringify(s.ports)}`);
    if (!testOf(s).includes(':3000/health/ready'))
      problems.push(`${where_}: healthcheck must call /health/ready on port 3000, got ${JSON.stringify(testOf(s))}`);
    if (s.restart !== 'unless-stopped') problems.push(`${where_}: restart must be unless-stopped`);
    if (!(seconds(s.stop_grace_period) > Number(env.SHUTDOWN_TIMEOUT_MS ?? 15000) / 1000))
      problems.push(`${where_}: stop_grace_period must exceed SHUTDOWN_TIMEOUT_MS`);
    expect(problems).toEqual([]);
  });

  it("reporting's root leads to the web app's published address, and no dashboard settings remain", () => {
    const problems: string[] = [];
    const web = portsOf(services.web ?? {})[0];
    const want = `http://localhost:${web?.published}`;
    if (envOf(services.reporting ?? {}).WEB_PUBLIC_URL !== want)
      problems.push(`${at('services', 'reporting', 'environment')}: WEB_PUBLIC_URL must be ${want}`);
    for (const [name, s] of Object.entries(services))
      for (const k of Object.keys(envOf(s)))
        if (k.startsWith('DASHBOARD_'))
          problems.push(`${at('services', name, 'environment')}: ${k} is no longer a setting`);
    expect(problems).toEqual([]);
  });

  // ------------------------------------------------------------------------------------------------
  // The production security profile: SASL/SCRAM-SHA-512, ACLs, one principal per service, no secrets.

  /** `${VAR}`, `${VAR:-default}` and `${VAR:?message}` references in a string (compose interpolation). */
  const VAR_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?\}/g;
  const varsIn = (v: string) => [...v.matchAll(VAR_REF)].map((m) => ({ name: m[1], op: m[2], arg: m[3] }));
  /** Compose's interpolation with `vars`; an unset `:?` variable throws, as compose refuses to start. */
  const interpolate = (v: string, vars: Record<string, string>) =>
    v.replace(VAR_REF, (_m, name: string, op?: string, arg?: string) => {
      const value = vars[name];
      if (value !== undefined && value !== '') return value;
      if (op === '?') throw new Error(`${name}: ${arg}`);
      return op === '-' ? (arg ?? '') : '';
    });
  const composeText = existsSync(COMPOSE) ? readFileSync(COMPOSE, 'utf8') : '';
  const composeVars = [...new Set(varsIn(composeText).map((r) => r.name))].sort();
  const envExample = existsSync(ENV_EXAMPLE)
    ? Object.fromEntries(
        readFileSync(ENV_EXAMPLE, 'utf8')
          .split('\n')
          .filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      )
    : {};
  /** Test passwords for every variable (never used outside this test). */
  const testVars = Object.fromEntries(
    composeVars.map((name, i) => [
      name,
      name === 'DXHUB_KAFKA_AGENCY_USERS'
        ? `agency-snv=agency-snv-test-password-${i}`
        : `test-password-${i}-0123456789`,
    ]),
  );
  const APP_SERVICES = SERVICE_NAMES;

  const listenerMap = (env: Record<string, string>) =>
    Object.fromEntries(
      (env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((e) => e.split(':') as [string, string]),
    );

  it('Kafka: SASL/SCRAM-SHA-512 on every client listener, StandardAuthorizer, deny by default, admin super user', () => {
    const kenv = envOf(services.kafka ?? {});
    const problems: string[] = [];
    const where_ = at('services', 'kafka', 'environment');
    const controllers = (kenv.KAFKA_CONTROLLER_LISTENER_NAMES ?? '').split(',');
    const map = listenerMap(kenv);
    const superUsers = (kenv.KAFKA_SUPER_USERS ?? '').split(';');
    for (const [name, protocol] of Object.entries(map)) {
      if (controllers.includes(name)) {
        if (protocol === 'PLAINTEXT') {
          // The broker's own registration with its controller arrives as User:ANONYMOUS: a super user, so
          // that listener must be unreachable from outside the container.
          if (!superUsers.includes('User:ANONYMOUS'))
            problems.push(`${where_}: a PLAINTEXT controller listener needs User:ANONYMOUS in KAFKA_SUPER_USERS`);
          const bound = (kenv.KAFKA_LISTENERS ?? '').split(',').find((l) => l.startsWith(`${name}://`)) ?? '';
          if (!/^[A-Z_]+:\/\/(127\.0\.0\.1|localhost):\d+$/.test(bound))
            problems.push(`${where_}: the PLAINTEXT controller listener must bind to 127.0.0.1, got ${bound}`);
          if (!/@(127\.0\.0\.1|localhost):\d+$/.test(kenv.KAFKA_CONTROLLER_QUORUM_VOTERS ?? ''))
            problems.push(`${where_}: KAFKA_CONTROLLER_QUORUM_VOTERS must point at the loopback controller listener`);
        }
      } else if (!/^SASL_(PLAINTEXT|SSL)$/.test(protocol)) {
        problems.push(`${where_}: listener ${name} is ${protocol}; every client listener must be SASL`);
      }
    }
    if (!superUsers.includes('User:ANONYMOUS') === Object.values(map).includes('PLAINTEXT'))
      problems.push(`${where_}: User:ANONYMOUS must be a super user exactly when the controller listener is PLAINTEXT`);
    if (!/^SASL_PLAINTEXT:\/\/kafka:9092(,|$)/.test(kenv.KAFKA_ADVERTISED_LISTENERS ?? ''))
      problems.push(`${where_}: the services' listener must be SASL_PLAINTEXT://kafka:9092`);
    const want: Record<string, string> = {
      KAFKA_SASL_ENABLED_MECHANISMS: 'SCRAM-SHA-512',
      KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: 'SCRAM-SHA-512',
      KAFKA_AUTHORIZER_CLASS_NAME: 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: 'false',
      SCRAM_ADMIN_USER: 'admin',
    };
    for (const [k, v] of Object.entries(want))
      if (kenv[k] !== v) problems.push(`${where_}: ${k} must be ${v}, got ${kenv[k]}`);
    if (!superUsers.includes('User:admin')) problems.push(`${where_}: KAFKA_SUPER_USERS must include User:admin`);
    expect(problems).toEqual([]);
  });

  it("Kafka: starts through the repo's start script (SCRAM users at format time) and probes health as the admin", () => {
    const kafka = services.kafka ?? {};
    const kenv = envOf(kafka);
    const problems: string[] = [];
    const command = Array.isArray(kafka.command) ? kafka.command.join(' ') : String(kafka.command ?? '');
    if (!command.includes('/opt/dxhub/kafka-sasl-start.sh'))
      problems.push(`${at('services', 'kafka')}: command must run /opt/dxhub/kafka-sasl-start.sh, got ${command}`);
    if (!((kafka.volumes ?? []) as unknown[]).includes(`./${KAFKA_START_SCRIPT}:/opt/dxhub/kafka-sasl-start.sh:ro`)) {
      problems.push(
        `${at('services', 'kafka', 'volumes')}: mount ./${KAFKA_START_SCRIPT} read-only at /opt/dxhub/kafka-sasl-start.sh`,
      );
    }
    if (!existsSync(join(ROOT, KAFKA_START_SCRIPT))) problems.push(`${KAFKA_START_SCRIPT} is missing`);
    if (!/--command-config \/opt\/kafka\/config\/dxhub-admin-client\.properties/.test(testOf(kafka)))
      problems.push(
        `${at('services', 'kafka', 'healthcheck')}: the health check must authenticate (--command-config the admin client config)`,
      );
    // Every service's principal is a SCRAM user, its password a reference to .env, never a literal.
    // name=${VAR:?message} pairs (the messages have spaces, so no split on whitespace).
    const users = Object.fromEntries(
      [...(kenv.SCRAM_USERS ?? '').matchAll(/([A-Za-z0-9._~+-]+)=(\$\{[^}]*\})/g)].map((m) => [m[1], m[2]]),
    );
    for (const svc of APP_SERVICES) {
      const pw = users[`svc-${svc}`];
      if (!pw) problems.push(`${at('services', 'kafka', 'environment')}: SCRAM_USERS must create svc-${svc}`);
      else if (!/^\$\{DXHUB_KAFKA_PASSWORD_[A-Z]+:\?[^}]+\}$/.test(pw))
        problems.push(
          `${at('services', 'kafka', 'environment')}: svc-${svc}'s password must be a required reference to .env, got ${pw}`,
        );
    }
    if (!/^\$\{DXHUB_KAFKA_ADMIN_PASSWORD:\?[^}]+\}$/.test(kenv.SCRAM_ADMIN_PASSWORD ?? ''))
      problems.push(
        `${at('services', 'kafka', 'environment')}: SCRAM_ADMIN_PASSWORD must be a required reference to .env`,
      );
    expect(problems).toEqual([]);
  });

  it("Kafka: the start script renders the compose settings into a broker config, and refuses .env.example's placeholders", () => {
    const kenv = envOf(services.kafka ?? {});
    const dir = mkdtempSync(join(tmpdir(), 'dxhub-kafka-render-'));
    const run = (vars: Record<string, string>) =>
      spawnSync('bash', [join(ROOT, KAFKA_START_SCRIPT), 'render'], {
        env: {
          PATH: process.env.PATH,
          DXHUB_KAFKA_CONFIG_DIR: dir,
          ...Object.fromEntries(Object.entries(kenv).map(([k, v]) => [k, interpolate(v, vars)])),
        },
        encoding: 'utf8',
      });
    try {
      const ok = run(testVars);
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      const props = Object.fromEntries(
        ok.stdout
          .split('\n')
          .filter((l) => /^[a-z]/.test(l))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      expect(props).toMatchObject({
        'process.roles': 'broker,controller',
        'listener.security.protocol.map': kenv.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP,
        'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
        'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        'allow.everyone.if.no.acl.found': 'false',
        'super.users': 'User:admin;User:ANONYMOUS',
        'auto.create.topics.enable': 'false',
        'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config': expect.stringContaining(
          'username="admin" password="***"',
        ),
        'listener.name.host.scram-sha-512.sasl.jaas.config':
          'org.apache.kafka.common.security.scram.ScramLoginModule required;',
      });
      expect(ok.stdout).not.toContain(testVars.DXHUB_KAFKA_ADMIN_PASSWORD);
      expect(ok.stdout).toMatch(
        /SCRAM users at format time: admin svc-tasks svc-indicators svc-notifications svc-reporting agency-snv\n/,
      );
      // The rendered files hold the admin's password: readable by the broker's user only.
      for (const f of ['dxhub-server.properties', 'dxhub-admin-client.properties'])
        expect(statSync(join(dir, f)).mode & 0o077).toBe(0);

      const placeholders = run({ ...envExample });
      expect(placeholders.status).not.toBe(0);
      expect(placeholders.stderr).toMatch(/placeholder/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(APP_SERVICES)(
    '%s logs in to Kafka as its own principal svc-<service>, with its own password from .env',
    (svc) => {
      const env = envOf(services[svc] ?? {});
      const problems: string[] = [];
      const where_ = at('services', svc, 'environment');
      if (env.KAFKA_SASL_MECHANISM !== 'scram-sha-512')
        problems.push(`${where_}: KAFKA_SASL_MECHANISM must be scram-sha-512, got ${env.KAFKA_SASL_MECHANISM}`);
      if (env.KAFKA_SASL_USERNAME !== `svc-${svc}`)
        problems.push(`${where_}: KAFKA_SASL_USERNAME must be svc-${svc}, got ${env.KAFKA_SASL_USERNAME}`);
      const refs = varsIn(env.KAFKA_SASL_PASSWORD ?? '');
      const want = `DXHUB_KAFKA_PASSWORD_${svc.toUpperCase()}`;
      if (
        refs.length !== 1 ||
        refs[0].name !== want ||
        refs[0].op !== '?' ||
        env.KAFKA_SASL_PASSWORD !== `\${${want}:?${refs[0].arg}}`
      ) {
        problems.push(
          `${where_}: KAFKA_SASL_PASSWORD must be exactly \${${want}:?...} (from .env, required), got ${env.KAFKA_SASL_PASSWORD}`,
        );
      }
      expect(problems).toEqual([]);
    },
  );

  it('no service but the broker and kafka-acls knows the admin principal or its password', () => {
    const problems: string[] = [];
    for (const [name, s] of Object.entries(services)) {
      if (name === 'kafka' || name === 'kafka-acls') continue;
      const env = envOf(s);
      if (/^admin$/i.test(env.KAFKA_SASL_USERNAME ?? ''))
        problems.push(`${at('services', name, 'environment')}: ${name} logs in as the admin`);
      const text = JSON.stringify(s);
      if (text.includes('DXHUB_KAFKA_ADMIN_PASSWORD') || text.includes('SCRAM_ADMIN'))
        problems.push(`${at('services', name)}: ${name} must not see the admin's password`);
    }
    const passwords = APP_SERVICES.map((svc) => envOf(services[svc] ?? {}).KAFKA_SASL_PASSWORD);
    if (new Set(passwords).size !== passwords.length)
      problems.push('docker-compose.yml: every service needs a password of its own');
    expect(problems).toEqual([]);
  });

  it('kafka-acls provisions the ACL plan once, as the admin, from the service image, after the broker is healthy', () => {
    const s = services['kafka-acls'] ?? {};
    const env = envOf(s);
    const problems: string[] = [];
    const where_ = at('services', 'kafka-acls');
    const entry = [...((s.entrypoint ?? []) as string[]), ...((s.command ?? []) as string[])].join(' ');
    if (!/^node dist\/tools\/kafka-acls\/provision\.js\b/.test(entry))
      problems.push(`${where_}: must run node dist/tools/kafka-acls/provision.js (npm run kafka:acls), got ${entry}`);
    if (!existsSync(join(ROOT, 'tools/kafka-acls/provision.ts')))
      problems.push('tools/kafka-acls/provision.ts is missing');
    if (((s.build ?? {}) as Obj).dockerfile !== 'Dockerfile')
      problems.push(`${where_}: must be built from the Dockerfile (the services' image)`);
    const condition = isObj(s.depends_on) ? ((s.depends_on.kafka ?? {}) as Obj).condition : undefined;
    if (condition !== 'service_healthy')
      problems.push(`${where_}: must depend on kafka with condition service_healthy`);
    if (s.restart !== 'no') problems.push(`${where_}: a one-shot needs restart: "no", got ${String(s.restart)}`);
    if (env.KAFKA_SASL_MECHANISM !== 'scram-sha-512' || env.KAFKA_SASL_USERNAME !== 'admin')
      problems.push(`${where_}: must log in as admin with scram-sha-512`);
    if (!/^\$\{DXHUB_KAFKA_ADMIN_PASSWORD:\?[^}]+\}$/.test(env.KAFKA_SASL_PASSWORD ?? ''))
      problems.push(`${where_}: KAFKA_SASL_PASSWORD must be \${DXHUB_KAFKA_ADMIN_PASSWORD:?...}`);
    if (
      !/^kafka:9092(,|$)/.test(env.KAFKA_BROKERS ?? '') ||
      env.KAFKA_TOPIC_PREFIX !== (envOf(services.tasks ?? {}).KAFKA_TOPIC_PREFIX ?? '')
    ) {
      problems.push(`${where_}: must provision the brokers and topic prefix the services use`);
    }
    expect(problems).toEqual([]);
  });

  it('commits no secret: every variable is in .env.example as a placeholder, and .env stays out of git and the image', () => {
    const problems: string[] = [];
    if (!existsSync(ENV_EXAMPLE)) problems.push('.env.example is missing');
    for (const name of composeVars) {
      if (!(name in envExample)) problems.push(`.env.example: ${name} (used in docker-compose.yml) is missing`);
      else if (!/^(REPLACE_ME)?$/.test(envExample[name]))
        problems.push(`.env.example: ${name} must be REPLACE_ME or empty, not a password`);
    }
    for (const name of Object.keys(envExample))
      if (!composeVars.includes(name)) problems.push(`.env.example: ${name} is not used by docker-compose.yml`);
    const ignored = (file: string) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .map((l) => l.trim());
    if (!ignored('.gitignore').includes('.env')) problems.push('.gitignore must list .env');
    if (!ignored('.dockerignore').includes('.env')) problems.push('.dockerignore must list .env');
    // Outside .env references, no Kafka password or SCRAM credential is written into the compose file.
    for (const [name, s] of Object.entries(services)) {
      const env = envOf(s);
      for (const key of ['KAFKA_SASL_PASSWORD', 'SCRAM_ADMIN_PASSWORD']) {
        if (key in env && varsIn(env[key]).length === 0)
          problems.push(`${at('services', name, 'environment')}: ${key} is a literal`);
      }
    }
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Dockerfile (a few load-bearing lines; no engine here to build it)

describe('Dockerfile', () => {
  const text = existsSync(DOCKERFILE) ? readFileSync(DOCKERFILE, 'utf8') : '';
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const last = (op: string) => [...instructions].reverse().find((l) => l.toUpperCase().startsWith(`${op} `));

  it('is multi-stage on node:20-bookworm-slim and runs the selected service as the node user', () => {
    const problems: string[] = [];
    const froms = instructions.filter((l) => /^FROM /i.test(l));
    if (froms.length < 2) problems.push(`Dockerfile: expected a multi-stage build, found ${froms.length} FROM`);
    if (!/node:20-bookworm-slim/.test(text)) problems.push('Dockerfile: base image must be node:20-bookworm-slim');
    // dist/ only runs with plain node once the @dxhub/<lib> shims exist (see scripts/link-dist-libs.mjs).
    if (
      !instructions.some((l) => /^RUN .*tsc -p tsconfig\.build\.json.*&& node scripts\/link-dist-libs\.mjs/.test(l))
    ) {
      problems.push(
        'Dockerfile: the build stage must run `npx tsc -p tsconfig.build.json && node scripts/link-dist-libs.mjs`',
      );
    }
    if (!instructions.some((l) => /^RUN npm ci .*--omit=dev/.test(l)))
      problems.push('Dockerfile: the runtime needs production dependencies only (npm ci --omit=dev)');
    if (last('USER') !== 'USER node')
      problems.push(`Dockerfile: the runtime stage must end as USER node, got ${last('USER')}`);
    if (!/^ARG SERVICE\b/m.test(text) || !/^ENV SERVICE=\$\{?SERVICE\}?/m.test(text))
      problems.push('Dockerfile: needs ARG SERVICE and ENV SERVICE=${SERVICE}');
    if (!/^ENV .*NODE_ENV=production/m.test(text) || !/^ENV .*HOST=0\.0\.0\.0/m.test(text))
      problems.push('Dockerfile: runtime needs ENV NODE_ENV=production HOST=0.0.0.0');
    if (!/HEALTHCHECK .*\/health\/live/.test(instructions.join('\n')))
      problems.push('Dockerfile: HEALTHCHECK must call /health/live');
    if (last('STOPSIGNAL') !== 'STOPSIGNAL SIGTERM') problems.push('Dockerfile: STOPSIGNAL must be SIGTERM');
    const cmd = last('CMD') ?? '';
    if (!/^CMD \[/.test(cmd) || !/exec node .*dist\/apps\/\$\{SERVICE\}\/src\/main\.js/.test(cmd)) {
      problems.push(`Dockerfile: CMD must be exec form and exec node dist/apps/\${SERVICE}/src/main.js, got ${cmd}`);
    }
    expect(problems).toEqual([]);
  });

  it('builds the web app into dist/apps/web/client, the directory its server reads by default', () => {
    const problems: string[] = [];
    if (!instructions.some((l) => /^RUN npx vite build --config apps\/web\/vite\.config\.mts\b/.test(l)))
      problems.push('Dockerfile: the build stage must run `npx vite build --config apps/web/vite.config.mts`');
    const webConfig = readFileSync(join(ROOT, 'apps/web/src/web.config.ts'), 'utf8');
    const staticDir = /WEB_STATIC_DIR = '([^']+)'/.exec(webConfig)?.[1];
    const viteConfig = readFileSync(join(ROOT, 'apps/web/vite.config.mts'), 'utf8');
    if (staticDir !== 'dist/apps/web/client' || !viteConfig.includes("'../../dist/apps/web/client'"))
      problems.push(`vite's outDir and WEB_STATIC_DIR's default (${staticDir}) must both be dist/apps/web/client`);
    // The runtime copies the whole dist/ from the build stage (the bundle with it), into the WORKDIR the
    // relative WEB_STATIC_DIR is read from.
    if (!instructions.some((l) => /^COPY --from=build \/app\/dist \.\/dist$/.test(l)))
      problems.push('Dockerfile: the runtime must COPY --from=build /app/dist ./dist');
    if (last('WORKDIR') !== 'WORKDIR /app') problems.push('Dockerfile: the runtime WORKDIR must be /app');
    expect(problems).toEqual([]);
  });

  it('knows every process it runs: EXPOSE, the health check default ports and the SERVICE messages', () => {
    const problems: string[] = [];
    const exposed = (last('EXPOSE') ?? '').split(/\s+/).slice(1).map(Number).sort();
    const ports = Object.values(COMPONENTS).sort();
    if (JSON.stringify(exposed) !== JSON.stringify(ports))
      problems.push(`Dockerfile: EXPOSE must list ${ports.join(' ')}, got ${exposed.join(' ')}`);
    const defaults = /const d=\{([^}]*)\}/.exec(last('HEALTHCHECK') ?? '')?.[1] ?? '';
    const map = Object.fromEntries(defaults.split(',').map((e) => [e.split(':')[0], Number(e.split(':')[1])]));
    if (JSON.stringify(map) !== JSON.stringify(Object.fromEntries(Object.entries(COMPONENTS))))
      problems.push(
        `Dockerfile: the HEALTHCHECK's default ports must be ${JSON.stringify(COMPONENTS)}, got {${defaults}}`,
      );
    for (const line of instructions.filter((l) => /SERVICE.*(expected|must name)/.test(l)))
      for (const name of COMPONENT_NAMES)
        if (!new RegExp(`\\b${name}\\b`).test(line.replace(/dist\/apps\/\S*/g, '')))
          problems.push(`Dockerfile: the message of \`${line.slice(0, 40)}…\` must name ${name}`);
    expect(problems).toEqual([]);
  });

  it('copies only sources that exist', () => {
    const missing = instructions
      .filter((l) => /^COPY /i.test(l) && !/--from=/.test(l))
      .flatMap((l) => l.split(/\s+/).slice(1, -1))
      .filter((src) => !existsSync(join(ROOT, src)));
    expect(missing).toEqual([]);
  });
});
