import 'reflect-metadata';
import { loadConfig } from '@dxhub/config';
import { KafkaConfig, KafkaGateway, redriveDeadLetters, type RedriveOptions } from '@dxhub/messaging';

import { runCommand } from '../command';

/*
 * `npm run dlq:redrive -- --topic=<topic or its .dlq> [--reason=TEXT] [--dry-run] [--from-beginning]`: sends
 * the records of a dead-letter topic back to the topic they came from, once the cause is fixed (a missing org
 * unit added to the catalogue, a consumer bug deployed). Needs WRITE on that topic: an agency's topic is
 * written by no service, so run it as the Kafka admin (KAFKA_SASL_USERNAME/PASSWORD) where ACLs are on.
 */

const USAGE = 'usage: redrive.js --topic=TOPIC [--reason=TEXT] [--dry-run] [--from-beginning]';

export function parseArgs(args: readonly string[]): RedriveOptions {
  let topic: string | undefined;
  const options: Omit<RedriveOptions, 'topic'> = {};
  for (const arg of args) {
    if (arg.startsWith('--topic=')) topic = arg.slice('--topic='.length);
    else if (arg.startsWith('--reason=')) options.reason = arg.slice('--reason='.length);
    else if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--from-beginning') options.fromBeginning = true;
    else throw new Error(`unknown argument '${arg}'; ${USAGE}`);
  }
  if (!topic) throw new Error(`--topic is required; ${USAGE}`);
  return { topic, ...options };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const gateway = new KafkaGateway(loadConfig(KafkaConfig), 'dlq-redrive');
  try {
    const report = await redriveDeadLetters(gateway, options);
    console.log(`${report.deadLetterTopic} → ${report.target}${options.dryRun ? ' (dry run: nothing sent)' : ''}`);
    for (const [reason, count] of Object.entries(report.reasons).sort(([, a], [, b]) => b - a))
      console.log(`  ${String(count).padStart(6)}  ${reason}`);
    console.log(`read ${report.read}, re-driven ${report.redriven}, passed over ${report.passedOver}`);
    return 0;
  } finally {
    await gateway.close();
  }
}

if (require.main === module) runCommand(main);
