import 'reflect-metadata';
import { loadConfig } from '@dxhub/config';
import { KafkaConfig, KafkaGateway } from '@dxhub/messaging';
import { formatGroupHealth, readGroupHealth } from './group-health';
import { runCommand } from '../command';

/*
 * `npm run kafka:groups -- [--group=ID]... [--json]`: the health of consumer groups on the broker KAFKA_*
 * points at: state, members and the partitions each holds, per partition the committed offset, the
 * high-water mark and the lag. Without --group, every consumer group under KAFKA_TOPIC_PREFIX.
 */

const USAGE = 'usage: describe.js [--group=ID]... [--json]';

export function parseArgs(args: readonly string[]): { groups: string[]; json: boolean } {
  const parsed = { groups: [] as string[], json: false };
  for (const arg of args) {
    if (arg === '--json') parsed.json = true;
    else if (arg.startsWith('--group=') && arg.length > '--group='.length) parsed.groups.push(arg.slice(8));
    else throw new Error(`unknown argument '${arg}'; ${USAGE}`);
  }
  return parsed;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const gateway = new KafkaGateway(loadConfig(KafkaConfig), 'kafka-groups');
  try {
    const health = await readGroupHealth(gateway, args.groups);
    if (args.json) console.log(JSON.stringify(health, null, 2));
    else if (health.length === 0) console.log('no consumer groups');
    else console.log(health.map(formatGroupHealth).join('\n\n'));
    return 0;
  } finally {
    await gateway.close();
  }
}

if (require.main === module) runCommand(main);
