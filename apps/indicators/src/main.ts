import 'reflect-metadata';
import { bootstrapService } from '@dxhub/http';
import { IndicatorsAppModule } from './app.module';

void bootstrapService(IndicatorsAppModule, {
  name: 'indicators',
  title: 'DX Hub — indicators',
  description: 'Indicator catalogue, org-unit hierarchy, agencies, and the intake of agency reports.',
  defaultPort: 3002,
  bodyLimit: '10mb',
});
