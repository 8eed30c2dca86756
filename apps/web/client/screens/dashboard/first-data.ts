import { askAhead } from '../../api/client';
import { loadAgencies } from '../../common/agencies';
import type { AskFirstData } from '../../common/first-data';
import { defaultPeriod, periodEndOrToday, yearsOf } from '../../common/periods';
import {
  catalogue,
  fetchAgencyPerformance,
  fetchCompleteness,
  fetchLeague,
  fetchPeriods,
  fetchProjections,
  fetchScorecard,
  orgUnitsAt,
  PROVINCE,
} from './api';
import { preloadChart } from './lazy-chart';

const PILLARS = ['CQS', 'KTS', 'XHS'];

/** The loads each dashboard screen makes on its first render, for the period in the address or else the default. */
export const askFirstData: AskFirstData = ({ pathname, search }) => {
  preloadChart();
  const query = new URLSearchParams(search);
  const screen = pathname.replace(/^\/dashboard\/?/, '').replace(/\/$/, '');
  const unit = query.get('unit') || PROVINCE;
  const periods = askAhead(fetchPeriods);
  const forPeriod = (ask: (period: string) => Promise<unknown>) => {
    const chosen = query.get('period');
    if (chosen) void askAhead(() => ask(chosen));
    else void periods?.then((list) => defaultPeriod(list) && askAhead(() => ask(defaultPeriod(list)!)));
  };
  switch (screen) {
    case '':
      forPeriod((period) =>
        Promise.all([
          fetchScorecard(unit, period),
          fetchLeague({ period, by: 'overall', parent: unit }),
          ...PILLARS.map((code) => fetchLeague({ period, by: 'pillar', code, parent: unit })),
          orgUnitsAt(periodEndOrToday(period)),
        ]),
      );
      break;
    case 'trends':
      void askAhead(() => Promise.all([catalogue(), fetchProjections(unit)]));
      void periods?.then((list) => {
        const years = yearsOf(list);
        const at = query.get('at') || years.at(-1);
        return askAhead(() =>
          Promise.all([
            ...years.map((year) => fetchScorecard(unit, year)),
            ...(at ? [orgUnitsAt(periodEndOrToday(at))] : []),
          ]),
        );
      });
      break;
    case 'leagues':
      // The default league: overall, the province's units one level down.
      if (!query.get('measure') && !query.get('scope')) {
        const parent = query.get('parent') || PROVINCE;
        forPeriod((period) =>
          Promise.all([
            fetchLeague({ period, by: 'overall', parent }),
            fetchScorecard(PROVINCE, period),
            orgUnitsAt(periodEndOrToday(period)),
          ]),
        );
      }
      break;
    case 'discipline':
      forPeriod((period) =>
        Promise.all([
          fetchAgencyPerformance(period),
          loadAgencies(periodEndOrToday(period)),
          fetchCompleteness(PROVINCE, period),
          orgUnitsAt(periodEndOrToday(period)),
        ]),
      );
      break;
  }
};
