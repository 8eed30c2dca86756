import { type DependencyList, useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  /** True until the answer for the current `deps` has arrived (the previous answer stays shown meanwhile). */
  loading: boolean;
  reload(): void;
}

/**
 * Data a screen loads from the API: reloaded when `deps` change, answers that arrive after a newer request
 * are dropped (a fast click through periods never shows an older period's figures).
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [round, setRound] = useState(0);
  const key = JSON.stringify([...deps, round]);
  const [state, setState] = useState<{ key?: string; data?: T; error?: unknown }>({});
  useEffect(() => {
    const abort = new AbortController();
    load(abort.signal).then(
      (data) => !abort.signal.aborted && setState({ key, data }),
      (error: unknown) => !abort.signal.aborted && setState((s) => ({ key, data: s.data, error })),
    );
    return () => abort.abort();
    // `key` stands for the caller's deps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: state.data, error: state.key === key ? state.error : undefined, loading: state.key !== key, reload };
}
