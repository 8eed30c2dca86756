/**
 * Delay before the next try after `attempt` failed tries: exponential, capped, with equal jitter (half
 * fixed, half random) so receivers that fail together are not retried together.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
