import { Navigate, Route, Routes } from 'react-router-dom';
import { hasRole, usePerson } from '../../auth/session-context';
import { type Dictionary, useText } from '../../i18n/language';
import { ApprovalsScreen } from './approvals-screen';
import { RoleGate } from './data-shared';
import { RefusalsScreen } from './refusals-screen';
import { ReturnedScreen } from './returned-screen';
import { UploadScreen } from './upload-screen';

const TITLES: Dictionary<'approvals' | 'returned' | 'upload' | 'refusals'> = {
  vi: {
    approvals: 'Số liệu chờ phê duyệt',
    returned: 'Số liệu bị trả lại cần sửa',
    upload: 'Nhập số liệu từ Excel',
    refusals: 'Sự kiện bị từ chối',
  },
  en: {
    approvals: 'Values awaiting approval',
    returned: 'Returned values to correct',
    upload: 'Excel upload',
    refusals: 'Refused events',
  },
};

/**
 * The agency's data work under /workspace: approving values, correcting returned ones, the Excel upload and
 * the refused events. Each screen is held to the roles the menu shows it to (layout/menu.tsx); the services
 * decide again, and their refusals are shown as they give them.
 */
export default function DataWorkArea() {
  const person = usePerson();
  const t = useText(TITLES);
  const home = hasRole(person, 'approver') ? 'approvals' : hasRole(person, 'reporter') ? 'returned' : '/dashboard';
  return (
    <>
      <Routes>
        <Route index element={<Navigate to={home} replace />} />
        <Route
          path="approvals"
          element={
            <RoleGate person={person} roles={['approver', 'programme-office']} name="approvals" title={t('approvals')}>
              <ApprovalsScreen />
            </RoleGate>
          }
        />
        <Route
          path="returned"
          element={
            <RoleGate person={person} roles={['reporter']} name="returned" title={t('returned')}>
              <ReturnedScreen />
            </RoleGate>
          }
        />
        <Route
          path="upload"
          element={
            <RoleGate person={person} roles={['reporter']} name="upload" title={t('upload')}>
              <UploadScreen />
            </RoleGate>
          }
        />
        <Route
          path="refusals"
          element={
            <RoleGate
              person={person}
              roles={['reporter', 'approver', 'programme-office']}
              name="refusals"
              title={t('refusals')}
            >
              <RefusalsScreen />
            </RoleGate>
          }
        />
        <Route path="*" element={<Navigate to="/dashboard" replace />} />
      </Routes>
    </>
  );
}
