import { ChannelError } from '../channels/channel.error';
import type { NotificationChannel, OutboundMessage } from '../channels/notification-channel';
import type { Clock } from '@dxhub/calendar';
import type { NotificationsConfig } from '../config/notifications.config';
import { DeliveryWorker } from './delivery.worker';
import type { NewNoticesSignal } from '../notices/new-notices.signal';
import type { ClaimedNotice, NoticesRepository, SendOutcome } from '../notices/notices.repository';

const NOW = new Date('2026-03-02T03:00:00Z');
const notice = (id: string, channel: string, attempts: number): ClaimedNotice => ({
  id,
  event_source: '/services/tasks',
  event_id: 'e-1',
  event_type: 'dx.task.overdue',
  rule: 'task-overdue',
  severity: 'high',
  recipient: 'lan',
  agency_code: 'STTTT',
  channel,
  address: '+84900000000',
  locale: 'vi',
  subject: 'Nhiệm vụ quá hạn: NV-1',
  body: '…',
  data: {},
  attempts,
  max_attempts: 3,
  fallback: [{ channel: 'email', address: 'lan@example.vn' }],
  created_at: NOW,
});

/** A provider plugged in the way a Zalo OA or SMS gateway would be. */
class FakeSmsChannel implements NotificationChannel {
  readonly name = 'sms';
  readonly sent: OutboundMessage[] = [];
  constructor(private readonly behaviour: (m: OutboundMessage) => void) {}
  async send(m: OutboundMessage): Promise<void> {
    this.behaviour(m);
    this.sent.push(m);
  }
}

function worker(claimed: ClaimedNotice[], channel: NotificationChannel) {
  const recorded: SendOutcome[][] = [];
  const repo = {
    claim: jest.fn().mockResolvedValueOnce(claimed).mockResolvedValue([]),
    record: jest.fn(async (o: SendOutcome[]) => void recorded.push(o)),
  } as unknown as NoticesRepository;
  const config = {
    DELIVERY_CLAIM_PER_RULE: 50,
    DELIVERY_LEASE_MS: 60000,
    DELIVERY_CONCURRENCY: 4,
    DELIVERY_BACKOFF_BASE_MS: 1000,
    DELIVERY_BACKOFF_MAX_MS: 60000,
  } as NotificationsConfig;
  const clock = { now: () => NOW } as Clock;
  const newNotices = { listen: jest.fn() } as unknown as NewNoticesSignal;
  return { w: new DeliveryWorker(repo, config, clock, [channel], newNotices), recorded };
}

describe('DeliveryWorker', () => {
  it('sends through a plugged-in channel with the idempotency key and records it sent', async () => {
    const sms = new FakeSmsChannel(() => undefined);
    const { w, recorded } = worker([notice('1', 'sms', 1)], sms);
    expect(await w.runOnce()).toBe(1);
    expect(sms.sent[0]).toMatchObject({
      idempotencyKey: '/services/tasks|e-1|lan|sms',
      address: '+84900000000',
      attempt: 1,
    });
    expect(recorded).toEqual([[{ id: '1', status: 'sent', nextAttemptAt: null, error: null }]]);
  });

  it('retries a failure later with backoff, and fails for good after the last try or a permanent refusal', async () => {
    const sms = new FakeSmsChannel((m) => {
      if (m.noticeId === '3') throw new ChannelError('number not reachable', true);
      throw new Error('gateway timeout');
    });
    const { w, recorded } = worker([notice('1', 'sms', 1), notice('2', 'sms', 3), notice('3', 'sms', 1)], sms);
    await w.runOnce();
    const [retry, last, permanent] = recorded[0];
    expect(retry).toMatchObject({ id: '1', status: 'pending', error: 'attempt 1: gateway timeout' });
    const delay = new Date(retry.nextAttemptAt!).getTime() - NOW.getTime();
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1000);
    expect(last).toEqual({ id: '2', status: 'failed', nextAttemptAt: null, error: 'attempt 3: gateway timeout' });
    expect(permanent).toEqual({
      id: '3',
      status: 'failed',
      nextAttemptAt: null,
      error: 'attempt 1: number not reachable',
    });
  });

  it('fails a notice whose channel has no provider, so its fallback starts', async () => {
    const { w, recorded } = worker([notice('9', 'zalo', 1)], new FakeSmsChannel(() => undefined));
    await w.runOnce();
    expect(recorded[0][0]).toMatchObject({
      id: '9',
      status: 'failed',
      error: 'attempt 1: no provider for channel zalo',
    });
  });
});
