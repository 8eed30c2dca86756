import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  EditOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  LineChartOutlined,
  LockOutlined,
  ProjectOutlined,
  SettingOutlined,
  StopOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { hasRole, type Role } from '../auth/session-context';
import type { Person } from '../auth/session';
import type { Dictionary } from '../i18n/language';

/** Every screen of the app: its address, its place in the menu, and who sees it there. */
export interface Screen {
  path: string;
  group: 'dashboard' | 'workspace' | 'programme';
  label: MenuKey;
  icon: ReactNode;
  /** Shown to people holding one of these roles; everyone signed in when absent. */
  roles?: Role[];
}

export type MenuKey =
  | 'dashboard'
  | 'workspace'
  | 'programme'
  | 'overview'
  | 'trends'
  | 'leagues'
  | 'discipline'
  | 'tasks'
  | 'approvals'
  | 'returned'
  | 'upload'
  | 'refusals'
  | 'inbox'
  | 'preferences'
  | 'tree'
  | 'overdue'
  | 'completeness'
  | 'locks'
  | 'reports';

export const MENU_TEXT: Dictionary<MenuKey> = {
  vi: {
    dashboard: 'Bảng điều hành',
    workspace: 'Công việc của tôi',
    programme: 'Văn phòng chương trình',
    overview: 'Tổng quan tỉnh',
    trends: 'Xu hướng chỉ tiêu',
    leagues: 'Bảng xếp hạng',
    discipline: 'Kỷ luật báo cáo',
    tasks: 'Nhiệm vụ',
    approvals: 'Chờ phê duyệt',
    returned: 'Số liệu bị trả lại',
    upload: 'Nhập từ Excel',
    refusals: 'Sự kiện bị từ chối',
    inbox: 'Hộp thư',
    preferences: 'Tùy chọn thông báo',
    tree: 'Cây chương trình',
    overdue: 'Quá hạn và vướng mắc',
    completeness: 'Đầy đủ và đúng hạn',
    locks: 'Khóa kỳ báo cáo',
    reports: 'Báo cáo định kỳ',
  },
  en: {
    dashboard: 'Dashboard',
    workspace: 'My work',
    programme: 'Programme office',
    overview: 'Province overview',
    trends: 'Indicator trends',
    leagues: 'League tables',
    discipline: 'Reporting discipline',
    tasks: 'Tasks',
    approvals: 'Awaiting approval',
    returned: 'Returned values',
    upload: 'Excel upload',
    refusals: 'Refused events',
    inbox: 'Inbox',
    preferences: 'Notification preferences',
    tree: 'Programme tree',
    overdue: 'Overdue and blocked',
    completeness: 'Completeness and timeliness',
    locks: 'Period locks',
    reports: 'Period reports',
  },
};

export const SCREENS: Screen[] = [
  { path: '/dashboard', group: 'dashboard', label: 'overview', icon: <DashboardOutlined /> },
  { path: '/dashboard/trends', group: 'dashboard', label: 'trends', icon: <LineChartOutlined /> },
  { path: '/dashboard/leagues', group: 'dashboard', label: 'leagues', icon: <TrophyOutlined /> },
  { path: '/dashboard/discipline', group: 'dashboard', label: 'discipline', icon: <FieldTimeOutlined /> },
  { path: '/workspace/tasks', group: 'workspace', label: 'tasks', icon: <CheckSquareOutlined /> },
  {
    path: '/workspace/approvals',
    group: 'workspace',
    label: 'approvals',
    icon: <AuditOutlined />,
    roles: ['approver'],
  },
  { path: '/workspace/returned', group: 'workspace', label: 'returned', icon: <EditOutlined />, roles: ['reporter'] },
  {
    path: '/workspace/upload',
    group: 'workspace',
    label: 'upload',
    icon: <CloudUploadOutlined />,
    roles: ['reporter'],
  },
  {
    path: '/workspace/refusals',
    group: 'workspace',
    label: 'refusals',
    icon: <StopOutlined />,
    roles: ['reporter', 'approver', 'programme-office'],
  },
  { path: '/inbox', group: 'workspace', label: 'inbox', icon: <BellOutlined /> },
  { path: '/inbox/preferences', group: 'workspace', label: 'preferences', icon: <SettingOutlined /> },
  { path: '/programme', group: 'programme', label: 'tree', icon: <ClusterOutlined />, roles: ['programme-office'] },
  {
    path: '/programme/overdue',
    group: 'programme',
    label: 'overdue',
    icon: <AlertOutlined />,
    roles: ['programme-office'],
  },
  {
    path: '/programme/completeness',
    group: 'programme',
    label: 'completeness',
    icon: <BarChartOutlined />,
    roles: ['programme-office'],
  },
  { path: '/programme/locks', group: 'programme', label: 'locks', icon: <LockOutlined />, roles: ['programme-office'] },
  {
    path: '/programme/reports',
    group: 'programme',
    label: 'reports',
    icon: <FileTextOutlined />,
    roles: ['programme-office'],
  },
];

export const GROUP_ICONS: Record<Screen['group'], ReactNode> = {
  dashboard: <DashboardOutlined />,
  workspace: <ProjectOutlined />,
  programme: <ClusterOutlined />,
};

export function screensFor(person: Person): Screen[] {
  return SCREENS.filter((s) => !s.roles || hasRole(person, ...s.roles));
}
