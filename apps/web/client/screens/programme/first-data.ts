import { askAhead } from '../../api/client';
import { loadAgencies } from '../../common/agencies';
import type { AskFirstData } from '../../common/first-data';
import { vietnamToday } from '../../common/format';
import { periodsOfYear, yearsOf } from '../../common/periods';
import {
  fetchCompleteness,
  fetchPeriodLock,
  fetchPeriods,
  fetchProgramme,
  fetchReports,
  fetchTaskGraph,
  loadProvince,
} from './programme-data';

/** The loads each programme-office screen makes first, for an address without filters. */
export const askFirstData: AskFirstData = ({ pathname, search }) => {
  if (search.replace(/^\?/, '') !== '') return;
  switch (pathname.replace(/^\/programme\/?/, '').replace(/\/$/, '')) {
    case '':
      void askAhead(() => Promise.all([fetchProgramme(), loadAgencies()]));
      break;
    case 'overdue':
      void askAhead(() => Promise.all([fetchProgramme(), fetchTaskGraph(), loadAgencies()]));
      break;
    case 'completeness':
      // Each year's completeness follows from the periods with figures.
      void askAhead(() => Promise.all([fetchPeriods(), loadProvince(), loadAgencies()]))?.then(([periods, province]) =>
        askAhead(() => Promise.all(yearsOf(periods).map((year) => fetchCompleteness(province, year)))),
      );
      break;
    case 'locks': {
      const year = Number(vietnamToday().slice(0, 4));
      void askAhead(() => Promise.all([fetchPeriods(), ...periodsOfYear(year).map(fetchPeriodLock)]));
      break;
    }
    case 'reports':
      void askAhead(() => Promise.all([fetchReports(), fetchPeriods()]));
      break;
  }
};
