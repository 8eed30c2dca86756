import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { TasksConfig } from '../config/tasks.config';
import { insertTask, type NewTask } from '../tasks/tasks.service';
import type { ProgrammeNode } from '../tasks/task-row';
import { TaskStore } from '../tasks/task-store';

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
  ) {}

  async onModuleInit(): Promise<void> {
    const seed = JSON.parse(readFileSync(join(this.config.SEEDS_DIR, 'programme.json'), 'utf8')) as ProgrammeSeed;
    const added = await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('tasks.programme-seed'))`);
      return load(m, seed);
    });
    this.logger.log({ msg: 'programme seed loaded', added });
  }
}

async function load(m: EntityManager, seed: ProgrammeSeed): Promise<number> {
  let added = 0;
  const ensure = async (
    kind: 'resolution' | 'goal' | 'group',
    n: SeedNode,
    parent: ProgrammeNode | null,
  ): Promise<ProgrammeNode> => {
    const existing = await TaskStore.node(m, n.code);
    if (existing) return existing;
    await m.query(
      `INSERT INTO programme_nodes (code, kind, parent_id, title_vi, title_en, weight, progress_source) VALUES ($1, $2, $3, $4, $5, $6, 'children')`,
      [n.code, kind, parent?.id ?? null, n.titleVi, n.titleEn, n.weight ?? 1],
    );
    added++;
    return (await TaskStore.node(m, n.code)) as ProgrammeNode;
  };
  const task = async (t: SeedTask, parent: ProgrammeNode): Promise<void> => {
    let node = await TaskStore.node(m, t.code);
    if (!node) {
      await insertTask(
        m,
        parent,
        { ...t, parentCode: parent.code, indicators: t.progressFrom === 'indicators' ? t.indicators : undefined },
        'DRAFT',
      );
      if (t.subtasks?.length)
        await m.query(`UPDATE programme_nodes SET progress_source = 'children' WHERE code = $1`, [t.code]);
      added++;
      node = (await TaskStore.node(m, t.code)) as ProgrammeNode;
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
