import './tracing';
import 'reflect-metadata';
import { bootstrapService } from '@dxhub/http';
import { INDICATORS_CONFIG, IndicatorsAppModule } from './app.module';

void bootstrapService(IndicatorsAppModule, {
  name: 'indicators',
  title: 'DX Hub — indicators',
  description: 'Indicator catalogue, org-unit hierarchy, agencies, and the intake of agency reports.',
  config: INDICATORS_CONFIG,
  defaultPort: 3002,
  bodyLimit: '10mb',
});
