import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { openStream } from '../../api/stream';
import { type Loaded, useLoad } from '../../common/use-load';
import { fetchPeriods, forgetCatalogue, type LiveUpdate, type Scorecard } from './api';

/*
 * What the dashboard's screens share while the area is open: the periods with figures (read once), the live
 * stream of the reporting service (one per tab, whichever screen is shown: the service limits streams per
 * person) and the explanation drawer every figure opens.
 */

/** A change pushed by the stream, or `resync` when it came back after a drop (anything may have changed). */
export type DashboardEvent = LiveUpdate | { kind: 'resync' };

export type ScorePart = { kind: 'overall' | 'pillar' | 'index'; code: string };

/** What the explanation drawer shows. */
export type ExplainTarget =
  | { kind: 'indicator'; indicator: string; orgUnit: string; period: string }
  | { kind: 'score'; orgUnit: string; period: string; part: ScorePart; card?: Scorecard }
  | { kind: 'agency'; agency: string; period: string };

interface DashboardState {
  periods: Loaded<string[]>;
  /** undefined while the stream first connects. */
  live: boolean | undefined;
  /** When the stream last brought a change. */
  lastChange: Date | undefined;
  subscribe(listener: (event: DashboardEvent) => void): () => void;
  explain(target: ExplainTarget): void;
}

const DashboardContext = createContext<DashboardState | undefined>(undefined);

export function useDashboard(): DashboardState {
  const state = useContext(DashboardContext);
  if (!state) throw new Error('useDashboard outside the dashboard area');
  return state;
}

export function DashboardProvider({
  children,
  drawer,
}: {
  children: ReactNode;
  /** The explanation drawer: `serial` changes with every figure opened, so each starts afresh. */
  drawer: (target: ExplainTarget | undefined, serial: number, close: () => void) => ReactNode;
}) {
  const periods = useLoad(() => fetchPeriods(), []);
  const [live, setLive] = useState<boolean | undefined>(undefined);
  const [lastChange, setLastChange] = useState<Date | undefined>(undefined);
  const [shown, setShown] = useState<{ target?: ExplainTarget; serial: number }>({ serial: 0 });
  const listeners = useRef(new Set<(event: DashboardEvent) => void>());
  const known = useRef<string[] | undefined>(undefined);
  useEffect(() => {
    known.current = periods.data;
  }, [periods.data]);
  const reloadPeriods = periods.reload;

  useEffect(() => {
    const emit = (event: DashboardEvent) => listeners.current.forEach((listener) => listener(event));
    let wasLive = false;
    let dropped = false;
    return openStream(
      'reporting',
      '/v1/stream',
      (data) => {
        const update = data as LiveUpdate;
        if (!update || typeof update !== 'object' || update.kind === 'ping') return;
        setLastChange(new Date());
        if (update.kind === 'catalogue') forgetCatalogue();
        const list = known.current;
        if (update.kind === 'aggregates' && list && update.aggregates?.some((a) => !list.includes(a.period)))
          reloadPeriods();
        emit(update);
      },
      (isLive) => {
        setLive(isLive);
        if (isLive && dropped) {
          // Back after a drop: what changed meanwhile was not pushed.
          forgetCatalogue();
          reloadPeriods();
          emit({ kind: 'resync' });
        }
        if (!isLive && wasLive) dropped = true;
        wasLive = isLive;
      },
    );
  }, [reloadPeriods]);

  const subscribe = useCallback((listener: (event: DashboardEvent) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const close = useCallback(() => setShown((s) => ({ serial: s.serial })), []);
  const explain = useCallback((target: ExplainTarget) => setShown((s) => ({ target, serial: s.serial + 1 })), []);
  const value = useMemo(
    () => ({ periods, live, lastChange, subscribe, explain }),
    [periods, live, lastChange, subscribe, explain],
  );
  return (
    <DashboardContext.Provider value={value}>
      {children}
      {drawer(shown.target, shown.serial, close)}
    </DashboardContext.Provider>
  );
}

/**
 * Reloads a screen's figures when the stream says something it shows changed (a burst of changes makes one
 * reload, 300 ms after the last), and after the stream comes back from a drop.
 */
export function useLiveRefresh(relevant: (event: LiveUpdate) => boolean, reload: () => void): void {
  const { subscribe } = useDashboard();
  const latest = useRef({ relevant, reload });
  useEffect(() => {
    latest.current = { relevant, reload };
  });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = subscribe((event) => {
      if (event.kind !== 'resync' && !latest.current.relevant(event)) return;
      clearTimeout(timer);
      timer = setTimeout(() => latest.current.reload(), 300);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [subscribe]);
}

/** Whether an update touches a period's figures (its aggregates, or its DTI scores), or the catalogue. */
export function touchesPeriod(event: LiveUpdate, period: string | undefined): boolean {
  if (!period) return false;
  if (event.kind === 'catalogue') return true;
  if (event.kind === 'scores') return (event.periods ?? []).includes(period);
  if (event.kind === 'aggregates') return (event.aggregates ?? []).some((a) => a.period === period);
  return false;
}
