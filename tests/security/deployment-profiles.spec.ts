import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { parse, parseAllDocuments } from 'yaml';

/*
 * The deployment files an operator starts from, read as an attacker reads them: does anything that trusts the
 * development issuer run as production or listen beyond this machine, and does production send the broker its
 * passwords and figures in the clear? Is the web app (the one public entry) kept from credentials, the broker and
 * the database, and reached over HTTPS only? (tests/deploy checks the manifests' wiring; this checks their
 * security.)
 */
const ROOT = join(__dirname, '../..');
const DEV_ISSUER = 'https://dev-auth.dxhub.invalid';

type Service = {
  environment?: Record<string, string>;
  ports?: (string | { host_ip?: string })[];
  volumes?: unknown[];
};
type LabelSelector = NonNullable<NonNullable<INetworkPolicy['spec']>['podSelector']>;

/** All of a YAML file's documents, typed as the caller expects them (the tests below check what they read). */
const yamlDocs = <T>(file: string): T[] =>
  parseAllDocuments(readFileSync(join(ROOT, file), 'utf8'))
    .map((d) => d.toJS() as T)
    .filter(Boolean);

describe('security: deployment profiles', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };

  it('docker-compose.yml: whatever trusts the development issuer says it is development and answers loopback only', () => {
    const problems: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      const env = service.environment ?? {};
      if (env.AUTH_ISSUER === DEV_ISSUER && env.NODE_ENV !== 'development')
        problems.push(`${name}: trusts the development issuer but NODE_ENV is ${env.NODE_ENV ?? 'the image default'}`);
      // The web app without an issuer takes any token handed to it as #token= (development tokens).
      if ('WEB_OIDC_ISSUER' in env && !env.WEB_OIDC_ISSUER && env.NODE_ENV !== 'development')
        problems.push(`${name}: takes development tokens (no WEB_OIDC_ISSUER) but NODE_ENV is ${env.NODE_ENV}`);
      for (const port of service.ports ?? []) {
        const hostIp =
          typeof port === 'string' ? (port.split(':').length > 2 ? port.split(':')[0] : '') : (port.host_ip ?? '');
        if (hostIp !== '127.0.0.1') problems.push(`${name}: publishes ${JSON.stringify(port)} beyond 127.0.0.1`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the production overlay speaks SASL over TLS to the broker (SASL_SSL), never SCRAM over plaintext', () => {
    const [patch] = parseAllDocuments(readFileSync(join(ROOT, 'k8s/overlays/production/kafka-scram.yaml'), 'utf8')).map(
      (d) => d.toJS() as { data: Record<string, string> },
    );
    expect(patch.data).toMatchObject({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SSL: 'true' });
  });

  it('docker-compose.yml: the web app holds no credentials (no database URL, no Kafka login, nothing mounted)', () => {
    const web = compose.services.web;
    expect(web).toBeDefined();
    const env = web.environment ?? {};
    expect(Object.keys(env).filter((k) => /PASSWORD|SECRET|DATABASE|KAFKA|AUTH_/.test(k))).toEqual([]);
    expect(JSON.stringify(web)).not.toMatch(/DXHUB_KAFKA|dev-public-key|PASSWORD/);
    expect(web.volumes ?? []).toEqual([]);
  });

  it('k8s: the web app gets no Secret and no service-account token, and signs people in at a real issuer', () => {
    const [deployment] = yamlDocs<IDeployment>('k8s/base/web/deployment.yaml');
    const [config] = yamlDocs<IConfigMap>('k8s/base/web/configmap.yaml');
    const pod = deployment.spec?.template.spec;
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(JSON.stringify(pod)).not.toMatch(/secretRef|secretKeyRef|"secret":|serviceAccountToken/);
    const data = config.data ?? {};
    expect(Object.keys(data).filter((k) => /PASSWORD|SECRET|DATABASE|KAFKA|AUTH_/.test(k))).toEqual([]);
    // Empty would mean "no sign-in, any #token= accepted": the development behaviour.
    expect(data.WEB_OIDC_ISSUER).toMatch(/^https:\/\/\S+$/);
    expect(data.WEB_OIDC_CLIENT_ID).toMatch(/^[\w.-]+$/);
  });

  it('production: the public entry is HTTPS-only and leads to the web app alone', () => {
    const [kustomization] = yamlDocs<{ resources: string[] }>('k8s/overlays/production/kustomization.yaml');
    const ingresses = kustomization.resources
      .filter((r) => r.endsWith('.yaml'))
      .flatMap((r) => yamlDocs<IIngress>(join('k8s/overlays/production', r)))
      .filter((o) => o.kind === 'Ingress');
    expect(ingresses.length).toBeGreaterThan(0);
    for (const ingress of ingresses) {
      const tlsHosts = (ingress.spec?.tls ?? []).flatMap((t) => (t.secretName ? (t.hosts ?? []) : []));
      for (const rule of ingress.spec?.rules ?? []) {
        expect({ host: rule.host, tls: tlsHosts.includes(rule.host ?? '') }).toEqual({ host: rule.host, tls: true });
        for (const path of rule.http?.paths ?? []) expect(path.backend.service?.name).toBe('web');
      }
      expect(ingress.spec?.defaultBackend).toBeUndefined();
    }
  });

  it('k8s: a compromised web pod reaches DNS and the services’ HTTP ports, never the broker, the database or the outside', () => {
    const dir = 'k8s/components/network-policies';
    const [kustomization] = yamlDocs<{ resources: string[] }>(join(dir, 'kustomization.yaml'));
    const policies = kustomization.resources.flatMap((r) => yamlDocs<INetworkPolicy>(join(dir, r)));
    const web: Record<string, string> = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'dxhub' };
    const selectsWeb = (selector: LabelSelector | undefined) =>
      Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => web[k] === v) &&
      (selector?.matchExpressions ?? []).every((e) =>
        e.operator === 'In'
          ? (e.values ?? []).includes(web[e.key])
          : e.operator === 'NotIn' && !(e.values ?? []).includes(web[e.key]),
      );
    const egress = policies
      .filter((p) => p.spec && selectsWeb(p.spec.podSelector))
      .flatMap((p) => p.spec?.egress ?? []);
    expect(egress.length).toBeGreaterThan(0);
    for (const rule of egress) {
      expect(rule.to?.length).toBeGreaterThan(0); // a rule without peers would allow every destination
      for (const peer of rule.to ?? []) expect(peer.ipBlock).toBeUndefined();
      expect(rule.ports?.length).toBeGreaterThan(0); // a rule without ports would allow every port
      for (const port of rule.ports ?? []) expect([9092, 9093, 5432, 443]).not.toContain(port.port);
    }
  });
});
