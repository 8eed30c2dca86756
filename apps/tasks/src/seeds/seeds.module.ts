import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ProgrammeSeedLoader } from './programme-seed.loader';
import { SeedsRepository } from './seeds.repository';

/** The programme seed (seeds/programme.json), loaded at start. */
@Module({
  imports: [TasksModule],
  providers: [ProgrammeSeedLoader, SeedsRepository],
})
export class SeedsModule {}
