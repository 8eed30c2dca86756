import { aclKey, kafkaAccessPlan, kafkaPrincipals } from '@dxhub/messaging';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { seededAgencyCodes } from '@dxhub/tools/kafka-acls';
import {
  bindingsOfUser,
  type KafkaTopicResource,
  type KafkaUserResource,
  platformTopics,
  PRODUCTION_STRIMZI,
  renderStrimziFiles,
  STRIMZI_DIR,
} from '@dxhub/tools/strimzi';
import { crdCheck } from './crd-schema';

/*
 * k8s/strimzi against the code behind `npm run kafka:acls` and against Strimzi's own CRDs (kafka.strimzi.io/v1,
 * generated from Strimzi's API classes on Maven Central by tests/deploy/schemas/strimzi/fetch.sh).
 */
const ROOT = join(__dirname, '../..');
const SCHEMAS = join(__dirname, 'schemas/strimzi');
const agencies = seededAgencyCodes(ROOT);

const load = <T>(file: string): T[] =>
  parseAllDocuments(readFileSync(join(ROOT, STRIMZI_DIR, file), 'utf8'))
    .map((d) => d.toJS() as T)
    .filter(Boolean);
const topics = load<KafkaTopicResource>('kafka-topics.yaml');
const users = load<KafkaUserResource>('kafka-users.yaml');

describe('k8s/strimzi', () => {
  it('is what `npm run strimzi:generate` makes of the ACL plan and the seeded agencies today', () => {
    for (const [file, content] of Object.entries(renderStrimziFiles(agencies))) {
      const committed = existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : '';
      if (committed !== content) throw new Error(`${file} is out of date: run \`npm run strimzi:generate\``);
    }
  });

  it('grants through KafkaUsers exactly the ACLs `npm run kafka:acls` provisions, to exactly its principals', () => {
    const plan = kafkaAccessPlan({ topicPrefix: '', agencyCodes: agencies }).map(aclKey).sort();
    const granted = users.flatMap(bindingsOfUser).map(aclKey).sort();
    expect(granted).toEqual(plan);
    expect(users.map((u) => u.metadata.name).sort()).toEqual(kafkaPrincipals(agencies).sort());
  });

  it('declares every topic the plan names and each seeded agency’s streams with their dead-letter topics', () => {
    const declared = topics.map((t) => t.spec.topicName).sort();
    const plan = kafkaAccessPlan({ topicPrefix: '', agencyCodes: agencies });
    expect(declared).toEqual(platformTopics(agencies, plan));
    for (const code of ['STTTT', 'UBND815']) {
      expect(declared).toEqual(
        expect.arrayContaining([
          `dx.agency.${code}.indicator-values`,
          `dx.agency.${code}.indicator-values.dlq`,
          `dx.agency.${code}.task-progress`,
          `dx.agency.${code}.task-progress.dlq`,
        ]),
      );
    }
    const literal = plan.filter((b) => b.resourceType === 'TOPIC' && b.patternType === 'LITERAL');
    expect(literal.filter((b) => !declared.includes(b.resourceName))).toEqual([]);
  });

  it('keeps the services’ topics for good and replicates every topic as production needs', () => {
    for (const t of topics) {
      expect({ topic: t.spec.topicName, partitions: t.spec.partitions, replicas: t.spec.replicas }).toEqual({
        topic: t.spec.topicName,
        partitions: PRODUCTION_STRIMZI.partitions,
        replicas: PRODUCTION_STRIMZI.replicas,
      });
      expect(Number(t.spec.config['min.insync.replicas'])).toBeLessThan(t.spec.replicas);
    }
    const kept = topics.filter((t) => t.spec.config['retention.ms'] === '-1').map((t) => t.spec.topicName);
    expect(kept.sort()).toEqual([
      'dx.indicators.events',
      'dx.notifications.events',
      'dx.rejections.events',
      'dx.reporting.events',
      'dx.tasks.events',
    ]);
  });

  it('names every object validly and once, in the watched namespace, for the dxhub cluster', () => {
    const names = [...topics, ...users].map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const o of [...topics, ...users]) {
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/);
      expect(o.metadata.namespace).toBe(PRODUCTION_STRIMZI.namespace);
      expect(o.metadata.labels['strimzi.io/cluster']).toBe(PRODUCTION_STRIMZI.cluster);
    }
  });

  it('gives each service the password of its own Secret, and each agency one the User Operator generates', () => {
    for (const u of users) {
      const service = /^svc-(\w+)$/.exec(u.metadata.name)?.[1];
      expect(u.spec.authentication).toEqual(
        service
          ? {
              type: 'scram-sha-512',
              password: {
                valueFrom: { secretKeyRef: { name: `dxhub-${service}-credentials`, key: 'KAFKA_SASL_PASSWORD' } },
              },
            }
          : { type: 'scram-sha-512' },
      );
    }
  });

  it.each([
    ['KafkaTopic', 'kafkatopics.kafka.strimzi.io.yaml', topics],
    ['KafkaUser', 'kafkausers.kafka.strimzi.io.yaml', users],
  ] as const)('every %s validates against Strimzi’s CRD, with no field it does not define', (kind, crd, objects) => {
    const check = crdCheck(join(SCHEMAS, crd), 'v1');
    expect(objects.length).toBeGreaterThan(0);
    const problems = objects.flatMap((o) => {
      const name = `${o.kind}/${o.metadata.name}`;
      return [
        ...(o.apiVersion === 'kafka.strimzi.io/v1' && o.kind === kind
          ? []
          : [`${name}: not kafka.strimzi.io/v1 ${kind}`]),
        ...check.errors(o).map((e) => `${name} ${e}`),
        ...check.unknownFields(o).map((f) => `${name}: unknown field ${f}`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('the schema check itself refuses a misspelt field and a wrong type', () => {
    const check = crdCheck(join(SCHEMAS, 'kafkatopics.kafka.strimzi.io.yaml'), 'v1');
    const bad = { ...topics[0], spec: { ...topics[0].spec, partitions: 'three', replica: 3 } };
    expect(check.errors(bad)).toEqual(['/spec/partitions: must be integer']);
    expect(check.unknownFields(bad)).toEqual(['spec.replica']);
  });
});
