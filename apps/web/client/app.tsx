import { Spin } from 'antd';
import { type ComponentType, lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { Person } from './auth/session';
import type { AskFirstData } from './common/first-data';
import { Shell } from './layout/shell';
import { askFirstData as dashboardFirstData } from './screens/dashboard/first-data';
import { askFirstData as dataFirstData } from './screens/data/first-data';
import { askFirstData as inboxFirstData } from './screens/inbox/first-data';
import { askFirstData as programmeFirstData } from './screens/programme/first-data';
import { askFirstData as tasksFirstData } from './screens/tasks/task-loads';

type Area = 'dashboard' | 'tasks' | 'data' | 'inbox' | 'programme';

// Each area's code loads when first opened: the dashboard does not wait for the workspace's code, nor the reverse.
const AREAS: Record<Area, () => Promise<{ default: ComponentType }>> = {
  dashboard: () => import('./screens/dashboard/dashboard-area'),
  tasks: () => import('./screens/tasks/tasks-area'),
  data: () => import('./screens/data/data-work-area'),
  inbox: () => import('./screens/inbox/inbox-area'),
  programme: () => import('./screens/programme/programme-area'),
};
// What each area's screens load first, in this first code (small, no React): asked for as soon as the person is
// signed in, before the area's code has arrived.
const FIRST_DATA: Record<Area, AskFirstData> = {
  dashboard: dashboardFirstData,
  tasks: tasksFirstData,
  data: dataFirstData,
  inbox: inboxFirstData,
  programme: programmeFirstData,
};
const DashboardArea = lazy(AREAS.dashboard);
const TasksArea = lazy(AREAS.tasks);
const DataWorkArea = lazy(AREAS.data);
const InboxArea = lazy(AREAS.inbox);
const ProgrammeArea = lazy(AREAS.programme);

/** The area an address opens, as App's routes decide it. */
function areaOf(pathname: string): Area {
  if (pathname.startsWith('/workspace/tasks')) return 'tasks';
  if (pathname.startsWith('/workspace')) return 'data';
  if (pathname.startsWith('/inbox')) return 'inbox';
  if (pathname.startsWith('/programme')) return 'programme';
  return 'dashboard';
}

/**
 * Starts loading the code of the area an address opens, while sign-in is still under way: the screen's code
 * and the session arrive together instead of one after the other.
 */
export function preloadArea(pathname: string): void {
  void AREAS[areaOf(pathname)]();
}

/**
 * Asks for the first data of the screen an address opens, once the person is signed in and before React draws
 * anything: drawing the frame and the screen takes a few hundred milliseconds, and the answers arrive meanwhile
 * (the screen takes them: askAhead in api/client).
 */
export function askFirstData(address: { pathname: string; search: string }, person: Person): void {
  FIRST_DATA[areaOf(address.pathname)](address, person);
}

export function App() {
  return (
    <Shell>
      <Suspense fallback={<Spin size="large" className="screen-loading" />}>
        <Routes>
          <Route path="/" element={<Navigate to="/dashboard" replace />} />
          <Route path="/dashboard/*" element={<DashboardArea />} />
          <Route path="/workspace/tasks/*" element={<TasksArea />} />
          <Route path="/workspace/*" element={<DataWorkArea />} />
          <Route path="/inbox/*" element={<InboxArea />} />
          <Route path="/programme/*" element={<ProgrammeArea />} />
          <Route path="*" element={<Navigate to="/dashboard" replace />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}
