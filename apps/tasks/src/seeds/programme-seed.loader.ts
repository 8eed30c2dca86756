import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { TasksConfig } from '../config/tasks.config';
import type { NewTask, ProgrammeNode } from '../tasks/task-row';
import { TasksRepository } from '../tasks/tasks.repository';
import { SeedsRepository } from './seeds.repository';

interface SeedTask extends Omit<NewTask, 'parentCode'> {
  progressFrom?: 'indicators';
  subtasks?: SeedTask[];
}
interface SeedNode {
  code: string;
  titleVi: string;
  titleEn: string;
  /** 1 when absent (the resolution). */
  weight?: number;
}
interface ProgrammeSeed {
  resolution: SeedNode & { documentNumber: string };
  goals: (SeedNode & { groups: (SeedNode & { tasks: SeedTask[] })[] })[];
}

/**
 * Loads seeds/programme.json at start, under an advisory lock so replicas starting together load it once. Adds
 * what is missing (by code) as DRAFT and never touches what exists: the programme office owns it from then on.
 */
@Injectable()
export class ProgrammeSeedLoader implements OnModuleInit {
  private readonly logger = new Logger(ProgrammeSeedLoader.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: TasksConfig,
    private readonly tasks: TasksRepository,
    private readonly seeds: SeedsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const seed = JSON.parse(readFileSync(join(this.config.SEEDS_DIR, 'programme.json'), 'utf8')) as ProgrammeSeed;
    const added = await this.dataSource.transaction(async (m) => {
      await this.seeds.lockProgrammeSeed(m);
      return this.load(m, seed);
    });
    this.logger.log({ msg: 'programme seed loaded', added });
  }

  private async load(m: EntityManager, seed: ProgrammeSeed): Promise<number> {
    const tasks = this.tasks;
    let added = 0;
    const ensure = async (
      kind: 'resolution' | 'goal' | 'group',
      n: SeedNode,
      parent: ProgrammeNode | null,
    ): Promise<ProgrammeNode> => {
      const existing = await tasks.node(m, n.code);
      if (existing) return existing;
      await tasks.insertNode(
        m,
        { code: n.code, kind, parentId: parent?.id ?? null },
        { titleVi: n.titleVi, titleEn: n.titleEn, weight: n.weight ?? 1 },
      );
      added++;
      return tasks.existingNode(m, n.code);
    };
    const task = async (t: SeedTask, parent: ProgrammeNode): Promise<void> => {
      let node = await tasks.node(m, t.code);
      if (!node) {
        await tasks.insertTask(
          m,
          parent,
          { ...t, parentCode: parent.code, indicators: t.progressFrom === 'indicators' ? t.indicators : undefined },
          'DRAFT',
        );
        if (t.subtasks?.length) await tasks.seedProgressFromChildren(m, t.code);
        added++;
        node = await tasks.existingNode(m, t.code);
      }
      for (const st of t.subtasks ?? []) await task(st, node);
    };
    const resolution = await ensure('resolution', seed.resolution, null);
    for (const goal of seed.goals) {
      const g = await ensure('goal', goal, resolution);
      for (const group of goal.groups) {
        const gr = await ensure('group', group, g);
        for (const t of group.tasks) await task(t, gr);
      }
    }
    return added;
  }
}
