import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import { checkAggregates, recomputeAggregates, type RecomputeReport } from './aggregates/aggregate-recompute';
import { rulesFromCatalogue } from './aggregates/aggregation-rules';
import { CatalogueService } from './catalogue/catalogue.service';
import { ClockModule } from '@dxhub/calendar';
import { IndicatorsConfig } from './config/indicators.config';
import { INDICATORS_DATABASE } from './database/indicators-database';

/*
 * `npm run recompute:indicators [-- --check]`: rebuilds every aggregate from the stored values and
 * reports each difference it repaired (with --check: reports them and changes nothing). Safe beside a
 * running service: it holds every indicator's lock, so intake waits, and repaired aggregates get a new
 * version and an event in the outbox, which the running service's relay publishes.
 */
@Module({
  imports: [
    ConfigModule.forRoot([HttpConfig, DatabaseConfig, IndicatorsConfig]),
    ObservabilityModule.forService('indicators-recompute'),
    DatabaseModule.forService(INDICATORS_DATABASE),
    ClockModule,
  ],
  // The catalogue alone, not CatalogueModule: the CLI needs its rules, not its endpoints or the broker.
  providers: [CatalogueService],
})
class RecomputeModule {}

async function main(): Promise<void> {
  const checkOnly = process.argv.includes('--check');
  const app = await NestFactory.createApplicationContext(RecomputeModule, {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  try {
    const dataSource = app.get(DataSource);
    const catalogue = app.get(CatalogueService);
    const codes = catalogue.allIndicators().map((i) => i.code);
    const rules = rulesFromCatalogue(catalogue);
    const started = Date.now();
    const report: RecomputeReport = checkOnly
      ? await checkAggregates(dataSource, codes, rules)
      : await dataSource.transaction((m) => recomputeAggregates(m, codes, rules));
    const differences = report.reportedPeriods.length + report.revalued.length + report.coarserPeriods.length;
    process.stdout.write(
      `${JSON.stringify({
        mode: checkOnly ? 'check' : 'repair',
        differences,
        reportedPeriods: report.reportedPeriods,
        revalued: report.revalued,
        coarserPeriods: report.coarserPeriods,
        tookMs: Date.now() - started,
      })}\n`,
    );
    process.exitCode = checkOnly && differences > 0 ? 2 : 0;
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: `recompute failed: ${error.message}` })}\n`);
  process.exit(1);
});
