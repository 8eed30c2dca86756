import { Clock } from '@dxhub/calendar';
import { waitFor } from '@dxhub/testing';
import { ADMIN, MINH, useNotificationsService } from './notifications-harness';

/*
 * When the notifications service holds e-mail back: a day's low-severity notices gathered into one digest, and
 * quiet hours that hold all but critical notices. Real broker, database and SMTP server, as in
 * notifications-delivery.integration-spec.ts.
 */
describe('notifications (Kafka + PostgreSQL + SMTP + webhook receiver)', () => {
  const service = useNotificationsService();
  const { prefix, tasksTopic, taskEvent, indicatorsEvent, api, mailsFor, deliveries } = service;

  it('gathers a day’s low-severity notices into one digest e-mail', async () => {
    const approved = taskEvent('dx.task.approved');
    const dueSoon = taskEvent('dx.task.due-soon', { workingDaysLeft: 2 });
    // The indicators service's own example, owed by STTTT here so that Lan is among its reporters.
    const obligation = indicatorsEvent('dx.obligation.due-soon', { agency: 'STTTT' }).message;
    await service.producer.send(tasksTopic, [approved.message, dueSoon.message]);
    await service.producer.send(`${prefix}dx.indicators.events`, [obligation]);
    await waitFor(
      async () =>
        (await deliveries('status=held&channel=email')).filter((r) => r.recipient === 'lan').length === 3
          ? true
          : undefined,
      30000,
      'three held notices',
    );
    expect(mailsFor('lan.nguyen@stttt.example.vn', 'sắp đến hạn')).toHaveLength(0);

    const run = await api<{ digests: number; notices: number }>('POST', '/v1/digests/run', ADMIN);
    expect(run.body.notices).toBeGreaterThanOrEqual(3);
    const [digest] = await waitFor(
      async () =>
        mailsFor('lan.nguyen@stttt.example.vn', 'Tóm tắt').length
          ? mailsFor('lan.nguyen@stttt.example.vn', 'Tóm tắt')
          : undefined,
      30000,
      'the digest',
    );
    expect(digest.subject).toMatch(/^Tóm tắt thông báo ngày \d\d\/\d\d\/\d{4}: 3 thông báo$/);
    expect(digest.text).toContain('Nhiệm vụ đã được phê duyệt: NV-2026-014');
    expect(digest.text).toContain('Nhiệm vụ sắp đến hạn: NV-2026-014');
    expect(digest.text).toContain('Sắp đến hạn báo cáo kỳ 202602: Báo cáo Số Tổ công nghệ số cộng đồng');
    // Once a day: running it again sends no second digest.
    expect((await api<{ digests: number }>('POST', '/v1/digests/run', ADMIN)).body.digests).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsFor('lan.nguyen@stttt.example.vn', 'Tóm tắt')).toHaveLength(1);
  });

  it('holds e-mail in quiet hours but not critical notices; preferences are validated', async () => {
    const clock = service.app.get(Clock);
    const quiet = {
      channels: { critical: [], high: ['inbox', 'email'], normal: ['inbox', 'email'], low: ['inbox'] },
      quietHours: { start: '21:00', end: '07:00' },
      digest: false,
    };
    expect((await api('PUT', '/v1/preferences', MINH, quiet)).status).toBe(200);
    expect(
      (
        await api<{ message: unknown }>('PUT', '/v1/preferences', MINH, {
          ...quiet,
          quietHours: { start: '25:00', end: '07:00' },
        })
      ).status,
    ).toBe(400);
    const night = new Date(Date.now() + 24 * 3600000);
    night.setUTCHours(16, 0, 0, 0); // 23:00 in Việt Nam
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(night.getTime() + (Date.now() % 60000)));
    try {
      const overdue = taskEvent('dx.task.overdue', { code: 'NV-QUIET-1', workingDaysOverdue: 1 });
      const escalated = taskEvent('dx.task.escalated', { code: 'NV-QUIET-2', escalatedTo: 'STTTT', level: 'officer' });
      await service.producer.send(tasksTopic, [overdue.message, escalated.message]);
      await waitFor(
        async () => (mailsFor('minh.tran@stttt.example.vn', 'NV-QUIET-2').length ? true : undefined),
        30000,
        'the critical e-mail at night',
      );
      const [held] = await deliveries(`eventId=${overdue.id}&channel=email`);
      expect(held).toMatchObject({ recipient: 'minh', status: 'pending', attempts: 0 });
      expect(mailsFor('minh.tran@stttt.example.vn', 'NV-QUIET-1')).toHaveLength(0);
    } finally {
      spy.mockRestore();
    }
  });
});
