import './tracing';
import 'reflect-metadata';
import { bootstrapService } from '@dxhub/http';
import { NOTIFICATIONS_CONFIG, NotificationsAppModule } from './app.module';

void bootstrapService(NotificationsAppModule, {
  name: 'notifications',
  title: 'DX Hub — notifications',
  description: 'Notices to agencies and people: in-app inbox, e-mail and signed webhooks.',
  config: NOTIFICATIONS_CONFIG,
  defaultPort: 3003,
});
