import 'reflect-metadata';
import { bootstrapService } from '@dxhub/http';
import { TasksAppModule } from './app.module';

void bootstrapService(TasksAppModule, {
  name: 'tasks',
  title: 'DX Hub — tasks',
  description: 'The programme’s tasks and their cross-agency workflow.',
  defaultPort: 3001,
});
