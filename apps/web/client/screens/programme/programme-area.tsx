import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';

// Each screen loads when opened: the tree, locks and reports do not wait for ECharts (two thirds of a MB).
const TreeScreen = lazy(() => import('./tree-screen').then((m) => ({ default: m.TreeScreen })));
const OverdueScreen = lazy(() => import('./overdue-screen').then((m) => ({ default: m.OverdueScreen })));
const CompletenessScreen = lazy(() => import('./completeness-screen').then((m) => ({ default: m.CompletenessScreen })));
const LocksScreen = lazy(() => import('./locks-screen').then((m) => ({ default: m.LocksScreen })));
const ReportsScreen = lazy(() => import('./reports-screen').then((m) => ({ default: m.ReportsScreen })));

/** The programme office's screens, under /programme (menu: layout/menu.tsx). */
export default function ProgrammeArea() {
  return (
    <Suspense fallback={<Spin size="large" className="screen-loading" />}>
      <Routes>
        <Route index element={<TreeScreen />} />
        <Route path="overdue" element={<OverdueScreen />} />
        <Route path="completeness" element={<CompletenessScreen />} />
        <Route path="locks" element={<LocksScreen />} />
        <Route path="reports" element={<ReportsScreen />} />
        <Route path="*" element={<Navigate to="/programme" replace />} />
      </Routes>
    </Suspense>
  );
}
