import { useCallback } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * An address in the dashboard with some of the current query changed (`undefined` or '' removes a key): the
 * drill-down links keep the chosen period, and open in a new tab like any link.
 */
export function useLinkTo() {
  const { search } = useLocation();
  return useCallback(
    (path: string, changes: Record<string, string | undefined>, keep = true) => {
      const params = new URLSearchParams(keep ? search : '');
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '') params.delete(key);
        else params.set(key, value);
      }
      const query = params.toString();
      return `${path}${query ? `?${query}` : ''}`;
    },
    [search],
  );
}

/** A promise that never settles: what a screen loads while it waits for the periods. */
export const pending = <T>() => new Promise<T>(() => undefined);
