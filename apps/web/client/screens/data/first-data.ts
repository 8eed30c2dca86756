import { askAhead } from '../../api/client';
import type { AskFirstData } from '../../common/first-data';
import { searchState } from '../../common/search-state';
import {
  loadCatalogue,
  loadQueue,
  loadRefusals,
  loadReturnedCells,
  REFUSAL_FILTERS,
  seesEveryAgency,
} from './data-loads';

/** The loads each data-work screen makes first. */
export const askFirstData: AskFirstData = ({ pathname, search }, person) => {
  switch (pathname.replace(/^\/workspace\/?/, '').replace(/\/$/, '')) {
    case 'approvals':
      void askAhead(() => Promise.all([loadCatalogue(), loadQueue('pending')]));
      break;
    case 'returned':
      void askAhead(() => Promise.all([loadCatalogue(), loadReturnedCells()]));
      break;
    case 'refusals':
      void askAhead(() =>
        Promise.all([
          loadRefusals(searchState(REFUSAL_FILTERS, new URLSearchParams(search)), seesEveryAgency(person)),
          ...(seesEveryAgency(person) ? [loadCatalogue()] : []),
        ]),
      );
      break;
  }
};
