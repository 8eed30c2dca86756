import { authHeaders, type Service, url } from './client';

/**
 * A server-sent-event stream read with fetch, so the bearer token goes along (EventSource sends no headers).
 * Reconnects after a drop (a restarted service, a replica going away) with a growing pause; `onState` says
 * whether it is live. Returns the function that closes it.
 */
export function openStream(
  service: Service,
  path: string,
  onEvent: (data: unknown) => void,
  onState: (live: boolean) => void = () => undefined,
): () => void {
  const stop = new AbortController();
  let pause = 1000;
  const run = async () => {
    while (!stop.signal.aborted) {
      try {
        const res = await fetch(url(service, path), {
          headers: { Accept: 'text/event-stream', ...authHeaders() },
          signal: stop.signal,
        });
        if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
        onState(true);
        pause = 1000;
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trimStart())
              .join('\n');
            if (data) {
              try {
                onEvent(JSON.parse(data));
              } catch {
                onEvent(data);
              }
            }
          }
        }
      } catch {
        // Dropped, refused or aborted: say so, and try again unless closed.
      }
      onState(false);
      if (stop.signal.aborted) return;
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 30000);
    }
  };
  void run();
  return () => stop.abort();
}
