import { WorkingDayCalendar } from '@dxhub/calendar';
import { buildTaskGraph, type GraphTask, wouldCreateCycle } from './dependency-graph';

const cal = new WorkingDayCalendar();
const task = (id: string, goalCode: string, over: Partial<GraphTask> = {}): GraphTask => ({
  id,
  code: id.toUpperCase(),
  goalCode,
  state: 'IN_PROGRESS',
  leadAgency: 'SKHCN',
  dueDate: '2026-12-31',
  progressPercent: 0,
  estimateWorkingDays: 10,
  ...over,
});

describe('task dependency graph', () => {
  it('finds the critical path to each goal by earliest finish in working days', () => {
    const tasks = [
      task('a', 'G1', { estimateWorkingDays: 5, leadAgency: 'STC' }),
      task('b', 'G1', { estimateWorkingDays: 20, progressPercent: 50 }), // 10 left
      task('c', 'G1', { estimateWorkingDays: 3, leadAgency: 'SYT' }),
      task('d', 'G1', { estimateWorkingDays: 12 }),
      task('e', 'G2', { estimateWorkingDays: 4, state: 'APPROVED' }),
      task('f', 'G2', { estimateWorkingDays: 6, leadAgency: 'SCT' }),
    ];
    const deps = [
      { blockerId: 'a', blockedId: 'c' }, // a(5) → c(3) = 8
      { blockerId: 'b', blockedId: 'c' }, // b(10) → c(3) = 13
      { blockerId: 'e', blockedId: 'f' }, // e is done: f alone, 6
    ];
    // Friday 2026-11-27.
    const g = buildTaskGraph(tasks, deps, '2026-11-27', cal);
    expect(g.criticalPaths).toEqual([
      {
        goal: 'G1',
        path: ['B', 'C'],
        remainingWorkingDays: 13,
        projectedFinish: '2026-12-16',
        dueDate: '2026-12-31',
        slackWorkingDays: 11,
      },
      {
        goal: 'G2',
        path: ['F'],
        remainingWorkingDays: 6,
        projectedFinish: '2026-12-07',
        dueDate: '2026-12-31',
        slackWorkingDays: 18,
      },
    ]);
    expect(g.nodes.find((n) => n.code === 'D')).toMatchObject({ remainingWorkingDays: 12, blockedBy: [], blocks: [] });
    expect(g.edges).toEqual([
      { from: 'A', to: 'C' },
      { from: 'B', to: 'C' },
      { from: 'E', to: 'F' },
    ]);
  });

  it('says who is blocking whom, per agency, counting only open tasks', () => {
    const tasks = [
      task('a', 'G1', { leadAgency: 'STC' }),
      task('b', 'G1', { leadAgency: 'SYT' }),
      task('c', 'G1', { state: 'APPROVED' }),
      task('d', 'G1'),
    ];
    const g = buildTaskGraph(
      tasks,
      [
        { blockerId: 'a', blockedId: 'b' },
        { blockerId: 'a', blockedId: 'd' },
        { blockerId: 'c', blockedId: 'd' },
      ],
      '2026-11-27',
      cal,
    );
    expect(g.blocking).toEqual([
      {
        agency: 'STC',
        blocks: [
          { task: 'A', blockedTask: 'B', blockedAgency: 'SYT' },
          { task: 'A', blockedTask: 'D', blockedAgency: 'SKHCN' },
        ],
      },
    ]);
  });

  it('reports negative slack when the chain cannot finish by the deadline (across Tết 2027)', () => {
    const tasks = [
      task('a', 'G1', { estimateWorkingDays: 30 }),
      task('b', 'G1', { estimateWorkingDays: 10, dueDate: '2027-01-15' }),
    ];
    const g = buildTaskGraph(tasks, [{ blockerId: 'a', blockedId: 'b' }], '2026-11-27', cal);
    expect(g.criticalPaths[0]).toMatchObject({ path: ['A', 'B'], remainingWorkingDays: 40 });
    expect(g.criticalPaths[0].slackWorkingDays).toBeLessThan(0);
  });

  it('refuses a dependency that closes a loop', () => {
    const deps = [
      { blockerId: 'a', blockedId: 'b' },
      { blockerId: 'b', blockedId: 'c' },
    ];
    expect(wouldCreateCycle(deps, 'c', 'a')).toBe(true);
    expect(wouldCreateCycle(deps, 'a', 'a')).toBe(true);
    expect(wouldCreateCycle(deps, 'a', 'c')).toBe(false);
  });
});
