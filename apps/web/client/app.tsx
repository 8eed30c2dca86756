import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Shell } from './layout/shell';

// Each area loads when first opened: the dashboard does not wait for the workspace's code, nor the reverse.
const DashboardArea = lazy(() => import('./screens/dashboard/dashboard-area'));
const TasksArea = lazy(() => import('./screens/tasks/tasks-area'));
const DataWorkArea = lazy(() => import('./screens/data/data-work-area'));
const InboxArea = lazy(() => import('./screens/inbox/inbox-area'));
const ProgrammeArea = lazy(() => import('./screens/programme/programme-area'));

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
