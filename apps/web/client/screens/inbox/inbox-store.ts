import { useSyncExternalStore } from 'react';
import { openStream } from '../../api/stream';
import { inboxPage, type InboxItem, isInboxItem, newerThan } from './inbox-api';

/*
 * One live view of my inbox for the whole page: the unread count beside the menu's Inbox and the notices that
 * arrive while the page is open, fed by ONE stream (GET /v1/inbox/stream; the service caps streams per user).
 * The stream opens when the first screen or badge looks, and closes a little after the last one stops looking
 * (a re-render or a route change does not reconnect it).
 */

export interface InboxLive {
  /** My unread notices; undefined until the service has said. */
  unread: number | undefined;
  /** The stream is connected. */
  live: boolean;
  /** Notices that came on the stream since the page opened, newest first. */
  arrivals: InboxItem[];
  /** Goes up when the stream came back after a drop: notices may have been missed, read the inbox again. */
  resync: number;
}

const CLOSE_AFTER_MS = 10000;
const KEEP_ARRIVALS = 100;

let state: InboxLive = { unread: undefined, live: false, arrivals: [], resync: 0 };
const listeners = new Set<() => void>();
let close: (() => void) | undefined;
let closeTimer: ReturnType<typeof setTimeout> | undefined;
let connectedBefore = false;
/** Notices that arrived while a count was being asked for: added to the answer if it did not count them. */
let arrivedDuringCount: InboxItem[] | undefined;

function set(changes: Partial<InboxLive>) {
  state = { ...state, ...changes };
  listeners.forEach((listener) => listener());
}

/** Asks the service for my unread count (the first page's answer carries it). */
export async function refreshUnread(): Promise<void> {
  arrivedDuringCount = [];
  try {
    const page = await inboxPage({ limit: 1 });
    const newest = page.items[0]?.id ?? '0';
    const missed = (arrivedDuringCount ?? []).filter((n) => !n.readAt && newerThan(n.id, newest)).length;
    set({ unread: page.unreadCount + missed });
  } catch {
    // The badge stays as it was; the inbox screen shows what went wrong when it is opened.
  } finally {
    arrivedDuringCount = undefined;
  }
}

function onNotice(data: unknown) {
  if (!isInboxItem(data)) return;
  if (state.arrivals.some((a) => a.id === data.id)) return;
  arrivedDuringCount?.push(data);
  set({
    arrivals: [data, ...state.arrivals].slice(0, KEEP_ARRIVALS),
    unread: state.unread === undefined || data.readAt ? state.unread : state.unread + 1,
  });
}

function onState(live: boolean) {
  if (live === state.live) return;
  if (live && connectedBefore) {
    // Back after a drop: what came meanwhile was not streamed.
    void refreshUnread();
    set({ live, resync: state.resync + 1 });
    return;
  }
  if (live) connectedBefore = true;
  set({ live });
}

function start() {
  if (closeTimer) clearTimeout(closeTimer);
  closeTimer = undefined;
  if (close) return;
  connectedBefore = false;
  close = openStream('notifications', '/v1/inbox/stream', onNotice, onState);
  void refreshUnread();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  start();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    closeTimer = setTimeout(() => {
      close?.();
      close = undefined;
      set({ live: false });
    }, CLOSE_AFTER_MS);
  };
}

const snapshot = () => state;

/** The live inbox: subscribing opens the shared stream. */
export function useInboxLive(): InboxLive {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** The newest notice that came on the stream so far (to tell what came after a given moment). */
export const latestArrivalId = (): string => state.arrivals[0]?.id ?? '0';

/** The count the service just gave (an inbox page carries it). */
export function setUnread(count: number): void {
  if (count !== state.unread) set({ unread: count });
}

/** Notices I just marked read here. */
export function markedRead(ids: string[]): void {
  const arrivals = state.arrivals.map((a) =>
    ids.includes(a.id) && !a.readAt ? { ...a, readAt: new Date().toISOString() } : a,
  );
  set({ arrivals });
}
