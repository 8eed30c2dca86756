import { Route, Routes } from 'react-router-dom';
import { prime } from '../tasks/prime';
import { getPreferences, inboxPage, pageKey, pageQuery } from './inbox-api';
import { InboxScreen } from './inbox-screen';
import { PreferencesScreen } from './preferences-screen';

// The data of the screen the address names is asked for as soon as this code has arrived.
if (window.location.pathname.replace(/\/$/, '') === '/inbox') {
  const query = pageQuery(new URLSearchParams(window.location.search));
  prime(pageKey(query), () => inboxPage(query));
} else if (window.location.pathname.startsWith('/inbox/preferences')) {
  prime('inbox:preferences', getPreferences);
}

/** `/inbox/*`: my notices, and my notification preferences. */
export default function InboxArea() {
  return (
    <Routes>
      <Route index element={<InboxScreen />} />
      <Route path="preferences" element={<PreferencesScreen />} />
    </Routes>
  );
}
