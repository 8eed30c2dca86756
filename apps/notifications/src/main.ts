import 'reflect-metadata';
import { bootstrapService } from '@dxhub/http';
import { NotificationsAppModule } from './app.module';

void bootstrapService(NotificationsAppModule, {
  name: 'notifications',
  title: 'DX Hub — notifications',
  description: 'Notices to agencies and people: in-app inbox, e-mail and signed webhooks.',
  defaultPort: 3003,
});
