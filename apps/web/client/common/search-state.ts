import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The state an address holds for a screen: each key's value in the query, or its default. */
export function searchState<K extends string>(defaults: Record<K, string>, params: URLSearchParams): Record<K, string> {
  return Object.fromEntries(Object.keys(defaults).map((k) => [k, params.get(k) ?? defaults[k as K]])) as Record<
    K,
    string
  >;
}

/**
 * A screen's filters, page and selection in the address (`?period=2024&unit=815`): a reload or a shared link
 * shows the same, and the browser's back button steps back through what the person chose.
 */
export function useSearchState<K extends string>(defaults: Record<K, string>) {
  const [params, setParams] = useSearchParams();
  const state = useMemo(
    () => searchState(defaults, params),
    // defaults are literals of the calling screen
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params],
  );
  const update = useCallback(
    (changes: Partial<Record<K, string>>, { replace = false }: { replace?: boolean } = {}) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes) as [K, string | undefined][]) {
            if (value === undefined || value === '' || value === defaults[key]) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setParams],
  );
  return [state, update] as const;
}
