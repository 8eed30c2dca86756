import { Navigate, Route, Routes } from 'react-router-dom';
import { DashboardProvider } from './dashboard-context';
import { DisciplineScreen } from './discipline-screen';
import { ExplainDrawer } from './explain-drawer';
import { LeaguesScreen } from './leagues-screen';
import { OverviewScreen } from './overview-screen';
import { TrendsScreen } from './trends-screen';
import './dashboard.css';

/**
 * The dashboard: the province overview, indicator trends, league tables and reporting discipline. One live
 * stream and one explanation drawer serve every screen of the area. `dash-area` darkens Ant Design's link,
 * secondary and placeholder colours to WCAG AA (dashboard.css).
 */
export default function DashboardArea() {
  return (
    <div className="dash-area">
      <DashboardProvider
        drawer={(target, serial, close) => <ExplainDrawer key={serial} target={target} onClose={close} />}
      >
        <Routes>
          <Route index element={<OverviewScreen />} />
          <Route path="trends" element={<TrendsScreen />} />
          <Route path="leagues" element={<LeaguesScreen />} />
          <Route path="discipline" element={<DisciplineScreen />} />
          <Route path="*" element={<Navigate to="/dashboard" replace />} />
        </Routes>
      </DashboardProvider>
    </div>
  );
}
