/**
 * What went wrong with a send, as an agency can act on it. A webhook's failures are recorded as these categories,
 * never as the network's own words (`connect ECONNREFUSED 10.0.0.5:5432` against `answered 404` would tell an
 * attacker which internal ports are open).
 */
export type DeliveryFailureCategory =
  /** The target is not allowed: an internal address, not https, credentials in the URL. Fix the URL. */
  | 'target-not-allowed'
  /** No connection: the name does not resolve, the connection was refused or reset, TLS failed, or it timed out. */
  | 'unreachable'
  /** The receiver answered 3xx: redirects are not followed. */
  | 'redirected'
  /** The receiver refused the notice (4xx other than 408 and 429). */
  | 'rejected'
  /** The receiver failed (5xx, 408, 429): retried. */
  | 'receiver-error'
  /** Nothing to send to: no webhook, no address. */
  | 'not-configured'
  /** Any other channel's failure. */
  | 'channel-error';

/** A failed send; `permanent` means retrying cannot help (a 4xx from a webhook, a refused address). */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
    readonly category: DeliveryFailureCategory = 'channel-error',
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}
