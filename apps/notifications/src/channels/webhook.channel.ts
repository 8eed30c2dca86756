import { Injectable } from '@nestjs/common';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { NotificationsConfig } from '../config/notifications.config';
import { SubscribersService } from '../subscribers/subscribers.service';
import { bareHost, WebhookTargetPolicy, WebhookTargetRefusedError } from '../subscribers/webhook-target';
import { ChannelError } from './channel.error';
import type { NotificationChannel, OutboundMessage } from './notification-channel';
import { signWebhook } from './webhook-signature';

/** What a delivery records: a category and a sentence the agency can act on, nothing about the network. */
const UNREACHABLE =
  'webhook unreachable: no answer from the receiver (name not resolved, connection refused, TLS failure or timeout)';

/**
 * POSTs the notice as JSON to the agency's URL, signed (X-DX-Signature, see webhook-signature.ts and
 * docs/webhooks.md). 2xx is delivered; 408, 429 and 5xx are retried; other 4xx and 3xx are permanent.
 *
 * The target passes WebhookTargetPolicy twice: when the URL is read and again inside the socket's DNS lookup, for
 * the address the connection is about to use (a name that re-resolves to an internal address is refused there).
 * The receiver's answer is read up to WEBHOOK_MAX_RESPONSE_BYTES and the connection then closed.
 */
@Injectable()
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';
  constructor(
    private readonly directory: SubscribersService,
    private readonly config: NotificationsConfig,
    readonly policy: WebhookTargetPolicy,
  ) {}

  async send(m: OutboundMessage): Promise<void> {
    // URL and secret are read at send time, so a corrected URL or a rotated secret applies to retries too.
    const target = await this.directory.webhookTarget(m.agencyCode);
    if (!target) throw new ChannelError(`agency ${m.agencyCode} has no webhook`, true, 'not-configured');
    let url: URL;
    try {
      url = this.policy.parse(target.url);
    } catch (error) {
      throw refused(error);
    }
    const body = JSON.stringify({
      id: m.idempotencyKey,
      noticeId: m.noticeId,
      rule: m.rule,
      severity: m.severity,
      agency: m.agencyCode,
      subject: m.subject,
      text: m.body,
      locale: m.locale,
      event: { type: m.eventType, source: m.eventSource, id: m.eventId, data: m.data },
      createdAt: m.createdAt.toISOString(),
    });
    // Wall-clock time, not the injectable business clock: receivers check freshness against theirs.
    const t = Math.floor(Date.now() / 1000);
    const status = await this.post(url, body, {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'dxhub-notifications',
      'x-dx-signature': signWebhook(target.secret, body, t),
      'x-dx-delivery-id': m.idempotencyKey,
      'x-dx-attempt': String(m.attempt),
    });
    if (status >= 200 && status < 300) return;
    if (status >= 300 && status < 400)
      throw new ChannelError(`webhook redirected (HTTP ${status}): redirects are not followed`, true, 'redirected');
    if (status === 408 || status === 429 || status >= 500)
      throw new ChannelError(`webhook receiver error (HTTP ${status})`, false, 'receiver-error');
    throw new ChannelError(`webhook rejected the notice (HTTP ${status})`, true, 'rejected');
  }

  /** One POST through a socket whose lookup checks the address; resolves to the status once the answer is read. */
  private post(url: URL, body: string, headers: Record<string, string>): Promise<number> {
    const host = bareHost(url.hostname);
    const lookup: LookupFunction = (hostname, options, callback) =>
      dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const list = addresses as unknown as LookupAddress[];
        if (list.length === 0) return callback(new Error(`no address for ${hostname}`), '', 0);
        try {
          for (const a of list) this.policy.checkAddress(host, a.address);
        } catch (refusal) {
          return callback(refusal as Error, '', 0);
        }
        // Node asks for one address or for all (happy eyeballs); answer in the form asked for.
        if ((options as LookupOptions).all)
          return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
        return callback(null, list[0].address, list[0].family);
      });
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      timeout: this.config.WEBHOOK_TIMEOUT_MS,
      signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      lookup,
    };
    // An IP literal skips the lookup: check it here.
    try {
      if (isIP(host) !== 0) this.policy.checkAddress(host, host);
    } catch (error) {
      return Promise.reject(refused(error));
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const limit = this.config.WEBHOOK_MAX_RESPONSE_BYTES;
    return new Promise<number>((resolve, reject) => {
      const req = send(url, options, (res: IncomingMessage) => {
        let read = 0;
        const done = () => resolve(res.statusCode ?? 0);
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          // Enough to know it answered; the rest is not ours to hold.
          if (read > limit) {
            res.destroy();
            done();
          }
        });
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) =>
        reject(
          error instanceof WebhookTargetRefusedError
            ? refused(error)
            : new ChannelError(UNREACHABLE, false, 'unreachable'),
        ),
      );
      req.end(body);
    });
  }
}

function refused(error: unknown): ChannelError {
  if (error instanceof WebhookTargetRefusedError)
    return new ChannelError(`webhook target not allowed: ${error.message}`, true, 'target-not-allowed');
  return new ChannelError(UNREACHABLE, false, 'unreachable');
}
