import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Shell } from './layout/shell';

// Each area loads when first opened: the dashboard does not wait for the workspace's code, nor the reverse.
const AREAS = {
  dashboard: () => import('./screens/dashboard/dashboard-area'),
  tasks: () => import('./screens/tasks/tasks-area'),
  data: () => import('./screens/data/data-work-area'),
  inbox: () => import('./screens/inbox/inbox-area'),
  programme: () => import('./screens/programme/programme-area'),
};
const DashboardArea = lazy(AREAS.dashboard);
const TasksArea = lazy(AREAS.tasks);
const DataWorkArea = lazy(AREAS.data);
const InboxArea = lazy(AREAS.inbox);
const ProgrammeArea = lazy(AREAS.programme);

/**
 * Starts loading the code of the area an address opens, while sign-in is still under way: the screen's code
 * and the session arrive together instead of one after the other.
 */
export function preloadArea(pathname: string): void {
  const area = pathname.startsWith('/workspace/tasks')
    ? AREAS.tasks
    : pathname.startsWith('/workspace')
      ? AREAS.data
      : pathname.startsWith('/inbox')
        ? AREAS.inbox
        : pathname.startsWith('/programme')
          ? AREAS.programme
          : AREAS.dashboard;
  void area();
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
