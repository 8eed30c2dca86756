import { readTopic, waitFor } from '@dxhub/testing';
import { NoticesRepository } from '../src/notices/notices.repository';
import { ADMIN, INDICATORS_URL, LAN, MINH, THU, useNotificationsService } from './notifications-harness';

/*
 * The notifications service end to end against the real broker and database, a real SMTP server
 * (smtp-server, parsed with mailparser) and a real HTTP receiver that verifies the webhook signature
 * the way docs/webhooks.md tells agencies to: delivery of task and indicators events by e-mail, webhook and inbox,
 * retries, dead letters and re-drives.
 */
describe('notifications (Kafka + PostgreSQL + SMTP + webhook receiver)', () => {
  const service = useNotificationsService();
  const { mails, received, failures, prefix, tasksTopic, taskEvent, indicatorsEvent, api, mailsFor, deliveries } =
    service;

  it('e-mails over SMTP: headers, the recipient’s language and Vietnamese text intact', async () => {
    const overdue = taskEvent('dx.task.overdue', { workingDaysOverdue: 3 });
    await service.producer.send(tasksTopic, [overdue.message]);
    const [vi] = await waitFor(
      async () =>
        mailsFor('lan.nguyen@stttt.example.vn', 'NV-2026-014').length
          ? mailsFor('lan.nguyen@stttt.example.vn', 'NV-2026-014')
          : undefined,
      30000,
      'the e-mail to Lan',
    );
    expect(vi.subject).toBe('Nhiệm vụ quá hạn: NV-2026-014');
    expect(vi.from?.value).toEqual([{ address: 'thong-bao@dxhub.tiengiang.gov.vn', name: 'DX Hub Tiền Giang' }]);
    expect(vi.messageId).toMatch(/^<notice-\d+@dxhub\.tiengiang\.gov\.vn>$/);
    expect(vi.headers.get('x-dx-rule')).toBe('task-overdue');
    expect(vi.headers.get('x-dx-severity')).toBe('high');
    expect(vi.headers.get('x-dx-idempotency-key')).toBe(`/services/tasks|${overdue.id}|lan|email`);
    expect(vi.text).toContain(
      'Nhiệm vụ NV-2026-014 “Triển khai chữ ký số cho cán bộ cấp xã” do STTTT chủ trì đã quá hạn 3 ngày làm việc (hạn 2026-03-31).',
    );
    const [en] = await waitFor(
      async () =>
        mailsFor('minh.tran@stttt.example.vn', 'NV-2026-014')[0] &&
        mailsFor('minh.tran@stttt.example.vn', 'NV-2026-014'),
      30000,
      'the e-mail to Minh',
    );
    expect(en.subject).toBe('Task overdue: NV-2026-014');
    // SYT is not the lead agency: Hoa gets nothing.
    expect(mails.some((m) => !Array.isArray(m.to) && m.to?.text === 'hoa.le@syt.example.vn')).toBe(false);
  });

  it('signs webhooks; a receiver failing three times and then recovering gets exactly one delivery', async () => {
    const assigned = taskEvent('dx.task.assigned');
    failures.set(assigned.id, 3);
    await service.producer.send(tasksTopic, [assigned.message]);
    await waitFor(
      async () => (received.some((r) => r.eventId === assigned.id && r.status === 204) ? true : undefined),
      30000,
      'the webhook to succeed',
    );
    await new Promise((r) => setTimeout(r, 1000));
    const calls = received.filter((r) => r.eventId === assigned.id);
    expect(calls.map((c) => c.status)).toEqual([500, 500, 500, 204]);
    expect(
      calls.every((c) => c.verified && c.deliveryId === `/services/tasks|${assigned.id}|agency:STTTT|webhook`),
    ).toBe(true);
    expect(calls[3].body).toMatchObject({
      rule: 'task-assigned',
      agency: 'STTTT',
      subject: 'Nhiệm vụ được giao: NV-2026-014',
      event: { type: 'dx.task.assigned' },
    });
    const [row] = await deliveries(`eventId=${assigned.id}&channel=webhook`);
    expect(row).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
  });

  it('keeps the inbox per user with unread counts, mark-read and live updates over server-sent events', async () => {
    const stream = new AbortController();
    const res = await fetch(`${service.url}/v1/inbox/stream`, { headers: LAN, signal: stream.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const returned = taskEvent('dx.task.returned', { reason: 'Thiếu biên bản nghiệm thu' });
    await service.producer.send(tasksTopic, [returned.message]);
    let seen = '';
    await waitFor(
      async () => {
        const { value } = await reader.read();
        seen += Buffer.from(value ?? []).toString('utf8');
        return seen.includes('Thiếu biên bản nghiệm thu') ? true : undefined;
      },
      30000,
      'the live notice',
    );
    stream.abort();
    expect(seen).toContain('event: notice');

    const inbox = await api<{ items: { id: string; subject: string; readAt: string | null }[]; unreadCount: number }>(
      'GET',
      '/v1/inbox?limit=2',
      LAN,
    );
    expect(inbox.status).toBe(200);
    expect(inbox.body.items[0]).toMatchObject({ subject: 'Nhiệm vụ bị trả lại: NV-2026-014', readAt: null });
    const unread = inbox.body.unreadCount;
    expect(unread).toBeGreaterThanOrEqual(3);
    expect((await api('POST', `/v1/inbox/${inbox.body.items[0].id}/read`, LAN)).status).toBe(204);
    expect((await api<{ unreadCount: number }>('GET', '/v1/inbox', LAN)).body.unreadCount).toBe(unread - 1);
    // Someone else's notice is not found in my inbox; the admin endpoints are not for reporters.
    expect((await api('POST', `/v1/inbox/${inbox.body.items[0].id}/read`, MINH)).status).toBe(404);
    expect((await api('GET', '/v1/deliveries', LAN)).status).toBe(403);
  });

  it('sends nothing twice when an event is delivered again', async () => {
    const escalated = taskEvent('dx.task.escalated', { escalatedTo: 'STTTT', level: 'agency-head' });
    await service.producer.send(tasksTopic, [escalated.message]);
    await waitFor(
      async () => (mailsFor('minh.tran@stttt.example.vn', 'escalated').length === 1 ? true : undefined),
      30000,
      'the escalation e-mail',
    );
    await service.producer.send(tasksTopic, [escalated.message, escalated.message, escalated.message]);
    await new Promise((r) => setTimeout(r, 2500));
    expect(mailsFor('minh.tran@stttt.example.vn', 'escalated')).toHaveLength(1);
    expect(received.filter((r) => r.eventId === escalated.id && r.status === 204)).toHaveLength(1);
    const rows = await deliveries(`eventId=${escalated.id}`);
    expect(rows.map((r) => `${r.recipient}/${r.channel}/${r.status}`).sort()).toEqual([
      'agency:STTTT/webhook/sent',
      'minh/email/sent',
      'minh/inbox/sent',
    ]);
  });

  it('dead-letters a delivery after the last try with its error, falls back to the next channel, and re-drives it', async () => {
    const overdue = taskEvent('dx.task.overdue', { leadAgency: 'SYT', workingDaysOverdue: 9 });
    await service.producer.send(tasksTopic, [overdue.message]);
    const [dead] = await waitFor(
      async () => {
        const rows = await deliveries(`status=failed&eventId=${overdue.id}`);
        return rows.length ? rows : undefined;
      },
      30000,
      'the dead letter',
    );
    expect(dead).toMatchObject({
      recipient: 'agency:SYT',
      channel: 'webhook',
      attempts: 5,
      lastError: 'attempt 5: receiver-error: webhook receiver error (HTTP 500)',
    });
    expect(received.filter((r) => r.eventId === overdue.id)).toHaveLength(5);
    // The webhook's fallback: the agency's contact address.
    await waitFor(
      async () => (mailsFor('vanthu@syt.example.vn', 'NV-2026-014').length === 1 ? true : undefined),
      30000,
      'the fallback e-mail',
    );

    await api('PUT', '/v1/agencies/SYT/notification-settings', ADMIN, {
      webhookUrl: `${service.receiverUrl}/hooks/syt`,
      email: 'vanthu@syt.example.vn',
    });
    expect((await api('POST', `/v1/deliveries/${dead.id}/redrive`, ADMIN)).status).toBe(202);
    await waitFor(
      async () => (received.some((r) => r.eventId === overdue.id && r.status === 204) ? true : undefined),
      30000,
      'the re-driven webhook',
    );
    expect((await api('POST', `/v1/deliveries/${dead.id}/redrive`, ADMIN)).status).toBe(409);
    expect((await api('POST', '/v1/deliveries/999999999/redrive', ADMIN)).status).toBe(404);
  });

  it('claims a fair share of due notices per rule: a burst of one rule does not starve another', async () => {
    const repo = service.app.get(NoticesRepository);
    const due = new Date(Date.now() - 1000).toISOString();
    const row = (rule: string, i: number) => ({
      event_source: '/tests/fairness',
      event_id: `${rule}-${i}`,
      event_type: 'dx.test.fairness',
      rule,
      severity: 'low',
      recipient: 'nobody',
      agency_code: 'STTTT',
      channel: 'inbox',
      address: null,
      locale: 'vi' as const,
      subject: 's',
      body: 'b',
      data: {},
      status: 'pending' as const,
      max_attempts: 5,
      next_attempt_at: due,
      fallback: [],
      created_at: due,
    });
    // Rules the running worker does not claim, so only this claim touches them.
    expect(
      await repo.insert([...Array.from({ length: 300 }, (_, i) => row('fairness-burst', i)), row('fairness-other', 0)]),
    ).toBe(301);
    const first = await repo.claim(['fairness-burst', 'fairness-other'], new Date(), 20, 60000);
    expect(first.filter((n) => n.rule === 'fairness-other')).toHaveLength(1);
    expect(first.filter((n) => n.rule === 'fairness-burst')).toHaveLength(20);
    // A second worker at the same time skips the claimed rows (SKIP LOCKED + lease) and takes the next ones.
    const second = await repo.claim(['fairness-burst', 'fairness-other'], new Date(), 20, 60000);
    expect(second.map((n) => n.id).filter((id) => first.some((f) => f.id === id))).toEqual([]);
    expect(second).toHaveLength(20);
  });

  it('dead-letters a task event that fails its contract class, and ignores types without a rule', async () => {
    const broken = taskEvent('dx.task.overdue', { leadAgency: undefined });
    const other = taskEvent('dx.task.created');
    await service.producer.send(tasksTopic, [broken.message, other.message]);
    const [letter] = await readTopic(`${tasksTopic}.dlq`, 1, 30000);
    // dx.task.created has no rule: skipped, not dead-lettered.
    expect(await readTopic(`${tasksTopic}.dlq`, 2, 3000)).toHaveLength(1);
    expect(letter.headers.dx_dlq_reason_code).toBe('payload-invalid');
    expect(letter.headers.dx_dlq_reason).toMatch(/^invalid dx\.task\.overdue payload: .*leadAgency/);
    expect(letter.headers.ce_id).toBe(broken.id);
  });

  describe('events of the indicators service (catalogue examples, as its outbox relay publishes them)', () => {
    const indicatorsTopic = `${prefix}dx.indicators.events`;
    const mailsTo = (to: string) => mails.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === to);

    beforeAll(async () => {
      const people = [
        ['thu', 'SKHCN', 'reporter', 'thu.pham@skhcn.example.vn'],
        ['quang', 'SKHCN', 'approver', 'quang.vo@skhcn.example.vn'],
        ['van', 'VPUBND', 'programme-office', 'van.dang@vpubnd.example.vn'],
      ];
      for (const [userId, agencyCode, role, email] of people) {
        const body = { agencyCode, roles: [role], email, locale: 'vi' };
        expect((await api('PUT', `/v1/subscribers/${userId}`, ADMIN, body)).status).toBe(200);
      }
    });

    it('an overdue obligation e-mails the owing agency (SKHCN, successor of the declared STTTT) with a link', async () => {
      const overdue = indicatorsEvent('dx.obligation.overdue');
      await service.producer.send(indicatorsTopic, [overdue.message]);
      const subject = 'Quá hạn báo cáo kỳ 202602: Báo cáo Số Tổ công nghệ số cộng đồng';
      const [toReporter] = await waitFor(
        async () =>
          mailsFor('thu.pham@skhcn.example.vn', subject).length
            ? mailsFor('thu.pham@skhcn.example.vn', subject)
            : undefined,
        30000,
        'the overdue e-mail to the reporter',
      );
      expect(toReporter.subject).toBe(subject);
      expect(toReporter.headers.get('x-dx-rule')).toBe('obligation-overdue');
      expect(toReporter.headers.get('x-dx-severity')).toBe('high');
      expect(toReporter.text).toContain(
        'Báo cáo Số Tổ công nghệ số cộng đồng kỳ 202602 đã quá hạn ngày 2026-02-24 (1 ngày làm việc); ' +
          'đã nhận 97/103 báo cáo, còn thiếu của đơn vị 28249, 28252: ' +
          `${INDICATORS_URL}/v1/obligations/TCNSCD_TEAMS?period=202602`,
      );
      await waitFor(
        async () => (mailsFor('quang.vo@skhcn.example.vn', subject).length === 1 ? true : undefined),
        30000,
        'the overdue e-mail to the approver',
      );
      const rows = await deliveries(`eventId=${encodeURIComponent(overdue.id)}`);
      expect(rows.map((r) => r.recipient).sort()).toEqual(['quang', 'quang', 'thu', 'thu']);
      // The declared agency STTTT no longer owes the period: Lan hears nothing of it.
      expect(mailsFor('lan.nguyen@stttt.example.vn', '202602: Báo cáo Số Tổ')).toHaveLength(0);
    });

    it('a value returned with a reason reaches the reporting agency’s inbox and mail, not its approvers', async () => {
      const returned = indicatorsEvent('dx.indicator-value.returned');
      await service.producer.send(indicatorsTopic, [returned.message]);
      const notice = await waitFor(
        async () => {
          const inbox = await api<{ items: { subject: string; body: string; severity: string }[] }>(
            'GET',
            '/v1/inbox',
            THU,
          );
          return inbox.body.items.find((i) => i.subject === 'Số liệu bị trả lại: BTS_COUNT 2026S2');
        },
        30000,
        'the returned value in Thu’s inbox',
      );
      expect(notice.body).toBe(
        'SKHCN đã trả lại giá trị chỉ tiêu BTS_COUNT của đơn vị 28249, kỳ 2026S2 (báo cáo 1042). ' +
          'Lý do: Số trạm BTS cao hơn số liệu của nhà mạng / higher than the operators’ count. Các lần báo cáo: ' +
          `${INDICATORS_URL}/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=28249&period=2026S2`,
      );
      await waitFor(
        async () => (mailsFor('thu.pham@skhcn.example.vn', 'Số liệu bị trả lại').length === 1 ? true : undefined),
        30000,
        'the returned value e-mail',
      );
      const rows = await deliveries(`eventId=${encodeURIComponent(returned.id)}`);
      expect(rows.map((r) => `${r.recipient}/${r.channel}`).sort()).toEqual(['thu/email', 'thu/inbox']);
    });

    it('an indicator off track alerts the responsible agency’s approvers and the programme office', async () => {
      const offTrack = indicatorsEvent('dx.indicator.off-track');
      await service.producer.send(indicatorsTopic, [offTrack.message]);
      const subject = 'Chỉ tiêu chệch hướng: FIBRE_HH, Thành phố Gò Công';
      for (const to of ['quang.vo@skhcn.example.vn', 'van.dang@vpubnd.example.vn']) {
        const [mail] = await waitFor(
          async () => (mailsFor(to, subject).length ? mailsFor(to, subject) : undefined),
          30000,
          `the off-track e-mail to ${to}`,
        );
        expect(mail.text).toContain(
          'Chỉ tiêu FIBRE_HH của Thành phố Gò Công (816), kỳ 2024S2, đạt 61 so với mục tiêu lộ trình 75 ' +
            '(mức đạt 81.33%): không theo kịp lộ trình. ' +
            `${INDICATORS_URL}/v1/aggregates/status?orgUnit=816&period=2024S2&indicator=FIBRE_HH`,
        );
      }
      const rows = await deliveries(`eventId=${encodeURIComponent(offTrack.id)}`);
      expect([...new Set(rows.map((r) => r.recipient))].sort()).toEqual(['quang', 'van']);
      expect(mailsTo('thu.pham@skhcn.example.vn').some((m) => m.subject === subject)).toBe(false);
    });
  });
});
