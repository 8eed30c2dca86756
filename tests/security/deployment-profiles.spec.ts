import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/*
 * The deployment files an operator starts from, read as an attacker reads them: does anything that trusts the
 * development issuer run as production or listen beyond this machine, and does production send the broker its
 * passwords and figures in the clear? (tests/deploy checks the manifests' wiring; this checks their security.)
 */
const ROOT = join(__dirname, '../..');
const DEV_ISSUER = 'https://dev-auth.dxhub.invalid';

type Service = { environment?: Record<string, string>; ports?: (string | { host_ip?: string })[] };

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
});
