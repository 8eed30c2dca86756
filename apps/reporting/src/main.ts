import './tracing';
import 'reflect-metadata';
import { bootstrapService } from '@dxhub/http';
import { REPORTING_CONFIG, ReportingAppModule } from './app.module';

void bootstrapService(ReportingAppModule, {
  name: 'reporting',
  title: 'DX Hub — reporting',
  description: 'Read models built from the platform’s events: province-wide aggregates, scorecards and reports.',
  config: REPORTING_CONFIG,
  defaultPort: 3004,
  home: '/dashboard',
});
