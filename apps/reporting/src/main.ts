import './tracing';
import 'reflect-metadata';
import { loadConfig } from '@dxhub/config';
import { bootstrapService } from '@dxhub/http';
import { REPORTING_CONFIG, ReportingAppModule } from './app.module';
import { ReportingConfig } from './config/reporting.config';

void bootstrapService(ReportingAppModule, {
  name: 'reporting',
  title: 'DX Hub — reporting',
  description: 'Read models built from the platform’s events: province-wide aggregates, scorecards and reports.',
  config: REPORTING_CONFIG,
  defaultPort: 3004,
  // People who type this service's address want the dashboard, which the web app shows.
  home: () => `${loadConfig(ReportingConfig).WEB_PUBLIC_URL.replace(/\/$/, '')}/dashboard`,
});
