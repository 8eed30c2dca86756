import 'reflect-metadata';
import { loadConfig } from '@dxhub/config';
import {
  aclKey,
  KafkaConfig,
  KafkaGateway,
  kafkaAccessPlan,
  kafkaPrincipals,
  provisionKafkaAcls,
} from '@dxhub/messaging';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runCommand } from '../command';

/*
 * `npm run kafka:acls -- [--dry-run] [--prune] [--agencies=CODE,CODE]`: gives every agency and service
 * principal its ACLs on the broker KAFKA_* points at (kafkaAccessPlan in @dxhub/messaging), as the
 * super user (KAFKA_SASL_USERNAME/PASSWORD). The agencies are seeds/agencies.json plus --agencies (for
 * ones added at run time with POST /v1/agencies). SCRAM users are not created here (kafkajs cannot):
 * `infra/kafka/kafka.sh add-user`, or the broker's own tooling; the principals are listed.
 */

const USAGE = 'usage: provision.js [--dry-run] [--prune] [--agencies=CODE,CODE]';

export interface ProvisionArgs {
  dryRun: boolean;
  prune: boolean;
  extraAgencies: string[];
}

export function parseArgs(args: readonly string[]): ProvisionArgs {
  const parsed: ProvisionArgs = { dryRun: false, prune: false, extraAgencies: [] };
  for (const arg of args) {
    if (arg === '--dry-run') parsed.dryRun = true;
    else if (arg === '--prune') parsed.prune = true;
    else if (arg.startsWith('--agencies='))
      parsed.extraAgencies.push(...arg.slice('--agencies='.length).split(',').filter(Boolean));
    else throw new Error(`unknown argument '${arg}'; ${USAGE}`);
  }
  return parsed;
}

/** The agency codes of seeds/agencies.json. */
export function seededAgencyCodes(rootDir: string = workspaceRoot()): string[] {
  const agencies = JSON.parse(readFileSync(join(rootDir, 'seeds/agencies.json'), 'utf8')) as { code: string }[];
  return agencies.map((a) => a.code);
}

function workspaceRoot(start: string = __dirname): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'seeds/agencies.json'))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`no workspace root (package.json and seeds/agencies.json) above ${start}`);
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig(KafkaConfig);
  const codes = [...new Set([...seededAgencyCodes(), ...args.extraAgencies])];
  const plan = kafkaAccessPlan({ topicPrefix: config.KAFKA_TOPIC_PREFIX, agencyCodes: codes });
  console.log(
    `${plan.length} ACLs for ${codes.length} agencies and 4 services (topic prefix '${config.KAFKA_TOPIC_PREFIX}')`,
  );
  console.log(`principals (each needs a SCRAM-SHA-512 user): ${kafkaPrincipals(codes).join(' ')}`);
  if (args.dryRun) {
    for (const binding of plan) console.log(`  ${aclKey(binding)}`);
    return 0;
  }
  if (config.KAFKA_SASL_MECHANISM === 'none')
    console.warn('warning: KAFKA_SASL_MECHANISM=none; a broker with an authorizer will refuse this');
  const gateway = new KafkaGateway(config, 'kafka-acls');
  try {
    const report = await provisionKafkaAcls(gateway, plan, {
      prune: args.prune,
      scopePrefix: config.KAFKA_TOPIC_PREFIX,
    });
    for (const b of report.created) console.log(`  created ${aclKey(b)}`);
    for (const b of report.extra)
      console.log(`  ${report.pruned ? 'deleted' : 'not in the plan (--prune deletes it)'} ${aclKey(b)}`);
    console.log(
      `created ${report.created.length}, already there ${report.kept}, ${report.pruned ? 'deleted' : 'extra'} ${report.extra.length}`,
    );
    return 0;
  } finally {
    await gateway.close();
  }
}

if (require.main === module) runCommand(main);
