import 'reflect-metadata';
import { loadConfig } from '@dxhub/config';
import { KafkaConfig, KafkaGateway, readGroupHealth, rewindGroup } from '@dxhub/messaging';
import { formatGroupHealth } from './group-health';
import { runCommand } from '../command';

/*
 * `npm run kafka:groups -- [--group=ID]... [--json]`: the health of consumer groups on the broker KAFKA_*
 * points at: state, members and the partitions each holds, per partition the committed offset, the
 * high-water mark and the lag. Without --group, every consumer group under KAFKA_TOPIC_PREFIX.
 * `--rewind-to=<ISO time>|earliest` moves the named groups (stopped) back to that time on every topic.
 */

const USAGE = 'usage: describe.js [--group=ID]... [--json] [--rewind-to=<ISO time>|earliest]';

export interface GroupsArgs {
  groups: string[];
  json: boolean;
  rewindTo?: Date | 'earliest';
}

export function parseArgs(args: readonly string[]): GroupsArgs {
  const parsed: GroupsArgs = { groups: [], json: false };
  for (const arg of args) {
    if (arg === '--json') parsed.json = true;
    else if (arg.startsWith('--group=') && arg.length > '--group='.length) parsed.groups.push(arg.slice(8));
    else if (arg === '--rewind-to=earliest') parsed.rewindTo = 'earliest';
    else if (arg.startsWith('--rewind-to=') && !Number.isNaN(Date.parse(arg.slice('--rewind-to='.length))))
      parsed.rewindTo = new Date(arg.slice('--rewind-to='.length));
    else throw new Error(`unknown argument '${arg}'; ${USAGE}`);
  }
  if (parsed.rewindTo && parsed.groups.length === 0) throw new Error(`--rewind-to needs --group; ${USAGE}`);
  return parsed;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const gateway = new KafkaGateway(loadConfig(KafkaConfig), 'kafka-groups');
  try {
    for (const group of args.rewindTo ? args.groups : []) {
      const rewind = await rewindGroup(gateway, group, args.rewindTo!);
      for (const t of rewind.topics)
        console.log(
          `rewound ${group} on ${t.topic}: ${t.partitions.map((p) => `[${p.partition}] ${p.offset}`).join(', ')}`,
        );
    }
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
