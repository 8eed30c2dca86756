import { Logger } from '@nestjs/common';
import { gauge } from '@dxhub/observability';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { listenOn, notifyOn } from './replica-broadcast.repository';

const connected = gauge(
  'dx_replica_broadcast_connected',
  'Whether the replica listens on its PostgreSQL notification channel (1) or is reconnecting (0)',
  ['channel'],
);

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_BROADCAST_BYTES = 7999;

export interface ReplicaBroadcastOptions<T> {
  /** postgres://… of the service's database (DATABASE_URL). */
  url: string;
  /** A PostgreSQL channel name: lower-case letters, digits and underscores, e.g. `reporting_live_updates`. */
  channel: string;
  applicationName: string;
  /** Called with each message another replica published (never with this replica's own). */
  receive: (message: T) => void;
  /** Longest wait between reconnection attempts. */
  maxReconnectDelayMs?: number;
}

interface Envelope<T> {
  /** The publishing replica: a replica skips its own messages, it delivered them itself. */
  from: string;
  message: T;
}

/**
 * Tells every other replica of a service something that just happened, through PostgreSQL LISTEN/NOTIFY on
 * a connection of its own: `publish` (after the transaction that made the change has committed) sends a
 * message, and each other replica's `receive` gets it. Delivery is at most once: a replica that is
 * reconnecting misses what was said meanwhile, so this carries hints for live streams (the data itself is
 * in the tables), never state.
 */
export class ReplicaBroadcast<T> {
  private readonly logger: Logger;
  private readonly replicaId = randomUUID();
  private client?: Client;
  private connecting?: Promise<void>;
  private reconnectTimer?: NodeJS.Timeout;
  private failures = 0;
  private stopped = true;
  private sending: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ReplicaBroadcastOptions<T>) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.channel)) {
      throw new RangeError(`channel '${options.channel}' must be lower-case letters, digits and underscores`);
    }
    this.logger = new Logger(`ReplicaBroadcast:${options.channel}`);
  }

  /** Connects and listens; resolves once listening (a failure is logged and retried in the background). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  /**
   * Sends `message` to the other replicas. Resolves once PostgreSQL took it; rejects when not connected or when
   * the message's JSON is longer than MAX_BROADCAST_BYTES (split it: see the callers).
   */
  async publish(message: T): Promise<void> {
    const payload = JSON.stringify({ from: this.replicaId, message } satisfies Envelope<T>);
    if (Buffer.byteLength(payload) > MAX_BROADCAST_BYTES) {
      throw new RangeError(
        `a ${this.options.channel} message of ${Buffer.byteLength(payload)} bytes exceeds ${MAX_BROADCAST_BYTES}`,
      );
    }
    const client = this.client;
    if (!client) throw new Error(`not connected to ${this.options.channel}`);
    // One statement at a time on the one connection: pg queues concurrent ones only until pg@9, which refuses them.
    const sent = this.sending.then(() => notifyOn(client, this.options.channel, payload));
    this.sending = sent.catch(() => undefined);
    await sent;
  }

  /** Whether the other replicas can hear this one (and it them). */
  isListening(): boolean {
    return this.client !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    connected.set({ channel: this.options.channel }, 0);
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName,
    });
    try {
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel === this.options.channel && n.payload !== undefined) this.deliver(n.payload);
      });
      client.on('error', (error) => this.lost(client, error));
      client.on('end', () => this.lost(client, new Error('connection ended')));
      await listenOn(client, this.options.channel);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      this.failures = 0;
      connected.set({ channel: this.options.channel }, 1);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.lost(client, error);
    }
  }

  private deliver(payload: string): void {
    let envelope: Envelope<T>;
    try {
      envelope = JSON.parse(payload) as Envelope<T>;
    } catch {
      this.logger.warn({ msg: 'ignored a notification that is not JSON', channel: this.options.channel });
      return;
    }
    if (envelope.from === this.replicaId) return;
    try {
      this.options.receive(envelope.message);
    } catch (error) {
      this.logger.error({ msg: 'a broadcast receiver failed', err: error });
    }
  }

  /** Drops a broken connection and tries again with backoff, unless stopping. */
  private lost(client: Client, error: unknown): void {
    if (this.client !== undefined && this.client !== client) return; // an old connection's last words
    this.client = undefined;
    connected.set({ channel: this.options.channel }, 0);
    if (this.stopped || this.reconnectTimer) return;
    this.failures++;
    const delay = Math.min(this.options.maxReconnectDelayMs ?? 30_000, 250 * 2 ** Math.min(this.failures, 10));
    this.logger.warn({ msg: 'not listening to the other replicas; reconnecting', delayMs: delay, err: error });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
