import './tracing';
import 'reflect-metadata';
import { bootstrapService } from '@dxhub/http';
import { TASKS_CONFIG, TasksAppModule } from './app.module';

void bootstrapService(TasksAppModule, {
  name: 'tasks',
  title: 'DX Hub — tasks',
  description: 'The programme’s tasks and their cross-agency workflow.',
  config: TASKS_CONFIG,
  defaultPort: 3001,
});
