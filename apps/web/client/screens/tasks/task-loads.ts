import {
  getGraph,
  getHistory,
  getNode,
  getTask,
  listTasks,
  OPEN_STATES,
  type TaskView,
  workingDaysLeft,
} from './task-api';
import { vietnamToday } from '../../common/format';
import { latestArrivalId } from '../inbox/inbox-store';
import { askAhead } from '../../api/client';
import type { AskFirstData } from '../../common/first-data';

/** What the task list shows: the agency's tasks, today (the service's), working days to each deadline, blockers. */
export async function loadTaskList(agency: string) {
  const [tasks, graph] = await Promise.all([listTasks(agency), getGraph().catch(() => undefined)]);
  const today = graph?.asOf ?? vietnamToday();
  const open = tasks.filter((task) => task.state && OPEN_STATES.includes(task.state));
  const left = await workingDaysLeft(
    today,
    open.map((task) => task.dueDate),
  ).catch(() => new Map<string, number>());
  const undone = new Set(
    graph?.nodes.filter((n) => n.state && [...OPEN_STATES, 'DRAFT'].includes(n.state)).map((n) => n.code),
  );
  const blockers = new Map(graph?.nodes.map((n) => [n.code, n.blockedBy.filter((b) => undone.has(b))]) ?? []);
  return { tasks, today, left, blockers };
}

/** What a task's page shows: the task, its history, its deadline in working days and the tasks it depends on. */
export async function loadTaskPage(ref: string) {
  // Notices about the task that arrive after this moment may be news the page does not show.
  const noticesSeen = latestArrivalId();
  const [task, history, graph] = await Promise.all([getTask(ref), getHistory(ref), getGraph().catch(() => undefined)]);
  const today = graph?.asOf ?? vietnamToday();
  const open = !!task.state && OPEN_STATES.includes(task.state);
  const codes = [...new Set([...task.blockedBy, ...task.blocks].filter((c): c is string => !!c))];
  const [left, nodes] = await Promise.all([
    open && task.dueDate
      ? workingDaysLeft(today, [task.dueDate]).then(
          (m) => m.get(task.dueDate ?? ''),
          () => undefined,
        )
      : undefined,
    Promise.all(codes.map((c) => getNode(c).catch(() => undefined))),
  ]);
  const related = new Map(nodes.filter((n): n is TaskView => !!n).map((n) => [n.code, n]));
  const cancelledFrom = [...history].reverse().find((h) => h.action === 'cancel')?.fromState ?? null;
  return { task, history, today, open, left, related, cancelledFrom, noticesSeen };
}

/**
 * The first loads of the task screen the address names, the list's or a task page's: the reads that do not wait
 * for another (the working days follow from their answers).
 */
export const askFirstData: AskFirstData = ({ pathname }, person) => {
  const rest = pathname.replace(/^\/workspace\/tasks\/?/, '');
  if (rest === pathname) return;
  if (rest === '') void askAhead(() => Promise.all([listTasks(person.agency), getGraph()]));
  else if (!rest.includes('/')) {
    const ref = decodeURIComponent(rest);
    void askAhead(() => Promise.all([getTask(ref), getHistory(ref), getGraph()]));
  }
};
