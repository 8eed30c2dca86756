import { authHeaders } from '../../api/client';
import { personOf } from '../../auth/session';

/*
 * A screen's first data, asked for as soon as its area's code has arrived rather than after the first render
 * (which, with Ant Design's styles to compute, takes a few hundred milliseconds on a slow machine). The screen's
 * first load takes the answer already on its way, once: every later load (a reload, after a step) asks again,
 * and so does a first load more than PRIMED_FOR_MS later.
 */

const PRIMED_FOR_MS = 3000;
const primed = new Map<string, { at: number; answer: Promise<unknown> }>();

/** Starts `load` now, under `key`. */
export function prime(key: string, load: () => Promise<unknown>): void {
  // The area's code may arrive before sign-in has finished (main.tsx fetches it meanwhile): without a token the
  // answer would be a 401, so the screen asks for itself once it renders.
  if (primed.has(key) || !authHeaders().Authorization) return;
  const answer = load();
  // A failure is the screen's to show, when it takes the answer.
  answer.catch(() => undefined);
  primed.set(key, { at: performance.now(), answer });
}

/** The answer primed under `key` (once, and only if fresh), else a new load. */
export function take<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = primed.get(key);
  primed.delete(key);
  if (hit && performance.now() - hit.at < PRIMED_FOR_MS) return hit.answer as Promise<T>;
  return load();
}

/** The signed-in person's agency, from the session's token (before any component has rendered). */
export function tokenAgency(): string | undefined {
  const token = authHeaders().Authorization?.replace(/^Bearer /, '');
  if (!token) return undefined;
  try {
    return personOf(token).agency || undefined;
  } catch {
    return undefined;
  }
}
