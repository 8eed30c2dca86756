import { useCallback, useEffect, useState } from 'react';

/**
 * What a person has typed but not sent (a return reason, a corrected value, a task comment), kept in this
 * browser until it is sent or cleared: a reload, a crash or a slip of the back button loses nothing.
 */
export function useDraft<T>(key: string, initial: T) {
  const storageKey = `dxhub-draft:${key}`;
  const [value, setValue] = useState<T>(() => {
    const stored = localStorage.getItem(storageKey);
    return stored === null ? initial : (JSON.parse(stored) as T);
  });
  useEffect(() => {
    if (value === initial || (typeof value === 'string' && value === '')) localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, JSON.stringify(value));
  }, [storageKey, value, initial]);
  const clear = useCallback(() => {
    localStorage.removeItem(storageKey);
    setValue(initial);
  }, [storageKey, initial]);
  return [value, setValue, clear] as const;
}
