import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';

// Each screen loads when opened: the tree, locks and reports do not wait for ECharts (two thirds of a MB).
const SCREENS = {
  tree: () => import('./tree-screen').then((m) => ({ default: m.TreeScreen })),
  overdue: () => import('./overdue-screen').then((m) => ({ default: m.OverdueScreen })),
  completeness: () => import('./completeness-screen').then((m) => ({ default: m.CompletenessScreen })),
  locks: () => import('./locks-screen').then((m) => ({ default: m.LocksScreen })),
  reports: () => import('./reports-screen').then((m) => ({ default: m.ReportsScreen })),
};
const TreeScreen = lazy(SCREENS.tree);
const OverdueScreen = lazy(SCREENS.overdue);
const CompletenessScreen = lazy(SCREENS.completeness);
const LocksScreen = lazy(SCREENS.locks);
const ReportsScreen = lazy(SCREENS.reports);

// The screen the address names starts loading with the area's code, not after the area's first render.
const opened = window.location.pathname.replace(/^\/programme\/?/, '').replace(/\/$/, '') || 'tree';
if (opened in SCREENS) void SCREENS[opened as keyof typeof SCREENS]();

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
