import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, KafkaGateway, MessagingModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import { ReportingConfig } from './config/reporting.config';
import { REPORTING_DATABASE } from './database/reporting-database';
import { replayAndCompare } from './projection/read-model.replay';

/*
 * `npm run replay:reporting [-- --keep]`: rebuilds the read models from dx.indicators.events and dx.tasks.events read
 * from the beginning into a scratch schema, waits for the live projector to reach the same offsets, and
 * compares the two row by row. Prints the counts and every difference; exits 1 if there is any.
 * `--keep` leaves the scratch schema for inspection. Safe beside the running service (it only reads).
 */
@Module({
  imports: [
    ConfigModule.forRoot([HttpConfig, DatabaseConfig, KafkaConfig, ReportingConfig]),
    ObservabilityModule.forService('reporting-replay'),
    DatabaseModule.forService(REPORTING_DATABASE),
    MessagingModule.forService('dxhub-reporting-replay'),
  ],
})
class ReplayModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(ReplayModule, {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  try {
    const report = await replayAndCompare(app.get(DataSource), app.get(KafkaGateway), {
      liveGroups: {
        indicators: app.get(ReportingConfig).AGGREGATES_CONSUMER_GROUP,
        tasks: app.get(ReportingConfig).TASKS_CONSUMER_GROUP,
      },
      keepScratch: process.argv.includes('--keep'),
    });
    console.log(`replayed ${report.eventsRead} events (${report.eventsApplied} applied) into ${report.scratchSchema}`);
    for (const [table, n] of Object.entries(report.rows))
      console.log(`  ${table}: live ${n.live} rows, replayed ${n.replayed} rows`);
    if (!report.liveCaughtUp) console.log('warning: the live projector had not reached the replayed offsets');
    for (const d of report.differences) {
      console.log(
        `✗ ${d.table}: ${d.onlyLive} rows only in the live model, ${d.onlyReplayed} only in the replayed one`,
      );
      for (const s of d.samples) console.log(`    ${s}`);
    }
    if (report.differences.length === 0) console.log('✓ the replayed read models equal the live ones');
    process.exitCode = report.differences.length === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
