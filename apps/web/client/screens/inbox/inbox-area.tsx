import { Route, Routes } from 'react-router-dom';
import { InboxScreen } from './inbox-screen';
import { PreferencesScreen } from './preferences-screen';

/** `/inbox/*`: my notices, and my notification preferences. */
export default function InboxArea() {
  return (
    <Routes>
      <Route index element={<InboxScreen />} />
      <Route path="preferences" element={<PreferencesScreen />} />
    </Routes>
  );
}
