import { askAhead } from '../../api/client';
import type { AskFirstData } from '../../common/first-data';
import { getPreferences, inboxPage, pageQuery } from './inbox-api';

/** The first load of the inbox screen the address names. */
export const askFirstData: AskFirstData = ({ pathname, search }) => {
  if (pathname.replace(/\/$/, '') === '/inbox') void askAhead(() => inboxPage(pageQuery(new URLSearchParams(search))));
  else if (pathname.startsWith('/inbox/preferences')) void askAhead(getPreferences);
};
