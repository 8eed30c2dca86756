import type { Client } from 'pg';

/*
 * The statements of ReplicaBroadcast, on its own pg Client (not the pool): LISTEN holds the session, and
 * notifications arrive on that connection only.
 */

/** Listens on `channel`; the caller checked the name (lower-case letters, digits and underscores). */
export async function listenOn(client: Client, channel: string): Promise<void> {
  await client.query(`LISTEN ${channel}`);
}

/** Sends `payload` on `channel` to every session listening there. */
export async function notifyOn(client: Client, channel: string, payload: string): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
}
