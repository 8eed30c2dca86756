import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * Kubernetes objects validated offline with kubernetes-models (and its KEDA and Prometheus Operator
 * companions), fields included:
 * - kubernetes-models 5 is an ES-module-only package (its `exports` offer only `import`), and this Jest
 *   runs test code as CommonJS on Node 20, where Jest cannot load ES modules (it refuses even through
 *   createRequire). So the models run in a plain `node` child process (CHECKER below), which imports
 *   `kubernetes-models/<group>/<version>/<Kind>` and calls `new Kind(obj).validate()`; it throws with
 *   ajv's messages on schema violations.
 * - validate() does not reject unknown fields (the schemas have no additionalProperties: false), so a
 *   typo such as `readinesProbe` would pass. The package ships its JSON schemas as ajv-compiled
 *   validate functions (`kubernetes-models/_schemas/IoK8sApi<Group><Version><Kind>`), not as schema
 *   objects to walk. Those functions read, by name, every property their schema declares
 *   (`data.livenessProbe !== undefined`), and read every entry of a map-typed object (labels, data,
 *   resources.limits) while checking additionalProperties. So the checker runs the schema's function
 *   over a Proxy of the object that records each key read: a key present in the YAML that the
 *   schema's validator never read is a field the schema does not define. (Fields typed "any", which
 *   these manifests do not use, would be reported as unknown.)
 */

const ROOT = join(__dirname, '../..');

/**
 * Kinds the manifests may use: apiVersion/kind → the model's module and class, and its compiled schema (a file
 * under node_modules: the KEDA and Prometheus Operator packages do not export their schemas by name).
 */
export const KINDS: Record<string, { model: string; className: string; schema: string }> = Object.fromEntries(
  (
    [
      ['v1', 'Namespace', 'kubernetes-models/v1', 'kubernetes-models/_schemas/IoK8sApiCoreV1'],
      ['v1', 'ConfigMap', 'kubernetes-models/v1', 'kubernetes-models/_schemas/IoK8sApiCoreV1'],
      ['v1', 'Service', 'kubernetes-models/v1', 'kubernetes-models/_schemas/IoK8sApiCoreV1'],
      ['apps/v1', 'Deployment', 'kubernetes-models/apps/v1', 'kubernetes-models/_schemas/IoK8sApiAppsV1'],
      [
        'policy/v1',
        'PodDisruptionBudget',
        'kubernetes-models/policy/v1',
        'kubernetes-models/_schemas/IoK8sApiPolicyV1',
      ],
      [
        'networking.k8s.io/v1',
        'NetworkPolicy',
        'kubernetes-models/networking.k8s.io/v1',
        'kubernetes-models/_schemas/IoK8sApiNetworkingV1',
      ],
      [
        'networking.k8s.io/v1',
        'Ingress',
        'kubernetes-models/networking.k8s.io/v1',
        'kubernetes-models/_schemas/IoK8sApiNetworkingV1',
      ],
      [
        'keda.sh/v1alpha1',
        'ScaledObject',
        '@kubernetes-models/keda/keda.sh/v1alpha1',
        '@kubernetes-models/keda/_schemas/ComGithubKedacoreKedaV2ApisKedaV1alpha1',
      ],
      [
        'keda.sh/v1alpha1',
        'TriggerAuthentication',
        '@kubernetes-models/keda/keda.sh/v1alpha1',
        '@kubernetes-models/keda/_schemas/ComGithubKedacoreKedaV2ApisKedaV1alpha1',
      ],
      [
        'monitoring.coreos.com/v1',
        'PrometheusRule',
        '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
        '@kubernetes-models/prometheus-operator/_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1',
      ],
      [
        'monitoring.coreos.com/v1',
        'PodMonitor',
        '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
        '@kubernetes-models/prometheus-operator/_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1',
      ],
    ] as const
  ).map(([apiVersion, kind, models, schemas]) => [
    `${apiVersion}/${kind}`,
    { model: `${models}/${kind}`, className: kind, schema: `${schemas}${kind}` },
  ]),
);

/**
 * Runs in a plain `node` process (ES modules, see the header). Reads [{ obj, mode }] on stdin, writes
 * [{ supported, schemaErrors, unknownFields }] on stdout. mode 'patch' skips the schema verdict (a
 * strategic-merge patch is a partial object) but still reports unknown fields.
 */
const CHECKER = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const KINDS = ${JSON.stringify(KINDS)};
const modules = pathToFileURL(${JSON.stringify(join(ROOT, 'node_modules'))} + '/');
const items = JSON.parse(readFileSync(0, 'utf8'));

// A Proxy that records the path (JSON of the key array) of every own property the validator reads.
function track(value, path, read) {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return v;
      const p = [...path, Array.isArray(target) ? Number(key) : key];
      read.add(JSON.stringify(p));
      return track(v, p, read);
    },
    has(target, key) {
      if (typeof key === 'string') read.add(JSON.stringify([...path, Array.isArray(target) ? Number(key) : key]));
      return Reflect.has(target, key);
    },
  });
}

// Keys present in the object that were never read; the walk stops at the first unknown key of a branch.
function unread(value, path, read, out) {
  if (value === null || typeof value !== 'object') return out;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, v] of entries) {
    const p = [...path, key];
    if (read.has(JSON.stringify(p))) unread(v, p, read, out);
    else out.push(p);
  }
  return out;
}

const results = [];
for (const { obj, mode } of items) {
  const kind = KINDS[obj && obj.apiVersion + '/' + obj.kind];
  if (!kind) { results.push({ supported: false }); continue; }
  const Model = (await import(kind.model))[kind.className];
  const { validate } = await import(new URL(kind.schema + '.js', modules).href);
  let schemaErrors = [];
  if (mode === 'resource') {
    try {
      new Model(obj).validate();
    } catch (error) {
      // ajv's ValidationError carries one entry per violation; keep their paths for file:line messages.
      schemaErrors = Array.isArray(error && error.errors) && error.errors.length > 0
        ? error.errors.map((e) => ({
            path: e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')),
            message: e.message,
          }))
        : [{ path: [], message: String(error && error.message || error) }];
    }
  }
  const read = new Set();
  validate(track(obj, [], read));
  results.push({ supported: true, schemaErrors, unknownFields: unread(obj, [], read, []) });
}
process.stdout.write(JSON.stringify(results));
`;

export interface CheckResult {
  supported: boolean;
  schemaErrors?: { path: string[]; message: string }[];
  unknownFields?: (string | number)[][];
}

/** Validates objects with kubernetes-models in a child node process (see the header for why). */
export function checkWithKubernetesModels(items: { obj: unknown; mode: 'resource' | 'patch' }[]): CheckResult[] {
  const child = spawnSync(process.execPath, ['--input-type=module', '--eval', CHECKER], {
    cwd: ROOT, // bare `kubernetes-models/...` specifiers resolve from the repo's node_modules
    input: JSON.stringify(items),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`the kubernetes-models checker failed (exit ${child.status}):\n${child.stderr}`);
  }
  return JSON.parse(child.stdout) as CheckResult[];
}
