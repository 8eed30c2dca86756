import { EVENT_CATALOG, type EventType, REOPEN_CAUSES, ServiceTopics, validatePayload } from '@dxhub/contracts';
import { type PlanContext, planNotices, type Subscriber } from '../../src/delivery/notice-planner';
import { NOTIFICATION_RULES, ruleFor } from '../../src/rules/notification-rules';

/*
 * The producer's word against the consumer's reading: each catalogue example of an indicators-service event
 * the rules consume goes through the rules engine, and the notice it gives is checked field by field. A
 * producer that renames, drops or re-addresses a field the notices show fails here.
 */
const INDICATORS_URL = 'https://dxhub.tiengiang.gov.vn/indicators';
const person = (userId: string, agencyCode: string, roles: string[]): Subscriber => ({
  userId,
  agencyCode,
  roles,
  email: `${userId}@example.vn`,
  locale: 'vi',
  preferences: { channels: { critical: ['inbox'], high: ['inbox'], normal: ['inbox'], low: ['inbox'] } },
});
const PEOPLE = [
  person('skhcn-reporter', 'SKHCN', ['reporter']),
  person('skhcn-approver', 'SKHCN', ['approver']),
  person('stttt-reporter', 'STTTT', ['reporter']),
  person('stttt-approver', 'STTTT', ['approver']),
  person('vpubnd-office', 'VPUBND', ['programme-office']),
  person('syt-approver', 'SYT', ['approver']),
];
const ctx: PlanContext = {
  now: new Date('2026-11-27T03:00:00Z'),
  maxAttempts: 5,
  offsetMinutes: 420,
  available: new Set(['inbox']),
  subscribers: PEOPLE,
  agencies: new Map(),
  publicUrls: {
    indicators: `${INDICATORS_URL}/`,
    tasks: 'https://dxhub.example/tasks',
    reporting: 'https://dxhub.example/reporting',
  },
};

const consumedFromIndicators = NOTIFICATION_RULES.filter((r) => r.topic === ServiceTopics.INDICATORS_EVENTS);

/** The notices the catalogue's example of `type` gives, by recipient. */
function noticesOf(type: EventType, locale: 'vi' | 'en' = 'vi', changes: Record<string, unknown> = {}) {
  const example = { ...(EVENT_CATALOG[type].example as unknown as Record<string, unknown>), ...changes };
  // What the messaging pipeline checks before the rules see an event.
  expect(validatePayload(EVENT_CATALOG[type].payload as new () => object, example)).toMatchObject({ ok: true });
  const rule = ruleFor(type)!;
  const people = PEOPLE.map((p) => ({ ...p, locale }));
  const rows = planNotices({ source: '/services/indicators', id: `${type}:1`, type, data: example }, rule, {
    ...ctx,
    subscribers: people,
  });
  return { example, rows, recipients: rows.map((r) => `${r.agency_code}/${r.recipient}`).sort() };
}

/** The example's notices go to `recipients` (agency/user), the first with `subject` and `body`; returns them. */
function expectNotice(type: EventType, recipients: string[], subject: string, body: string) {
  const notices = noticesOf(type);
  expect(notices.recipients).toEqual(recipients);
  expect({ subject: notices.rows[0].subject, body: notices.rows[0].body }).toEqual({ subject, body });
  return notices.rows;
}

describe('indicators events × notification rules (catalogue examples)', () => {
  it('every indicators event type a rule consumes is in the catalogue, on the topic the rule reads', () => {
    expect(consumedFromIndicators.map((r) => r.eventType).sort()).toEqual([
      'dx.indicator-value.awaiting-approval',
      'dx.indicator-value.reopened',
      'dx.indicator-value.returned',
      'dx.indicator.back-on-track',
      'dx.indicator.off-track',
      'dx.obligation.due-soon',
      'dx.obligation.overdue',
    ]);
    for (const rule of consumedFromIndicators) {
      const definition = EVENT_CATALOG[rule.eventType as EventType];
      expect(definition).toBeDefined();
      expect(definition.route).toEqual({ kind: 'service', topic: rule.topic });
    }
  });

  it('the rules need only fields the producer always sends, and show no field the example lacks', () => {
    for (const rule of consumedFromIndicators) {
      // The catalogue's reopened example is a late correction, which awaiting-approval announces instead.
      const changes = rule.eventType === 'dx.indicator-value.reopened' ? { cause: 'formula-version' } : {};
      const { rows } = noticesOf(rule.eventType as EventType, 'vi', changes);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(`${rule.id}: ${row.subject} ${row.body}`).not.toContain('—');
        expect(`${rule.id}: ${row.subject} ${row.body}`).not.toMatch(/\{\{|undefined|null|NaN/);
      }
    }
  });

  it('awaiting approval: the approving agency’s approvers, with the batch’s units and a link to their queue', () => {
    expectNotice(
      'dx.indicator-value.awaiting-approval',
      ['SKHCN/skhcn-approver'],
      'Số liệu chờ phê duyệt: BTS_COUNT 2026S2',
      'SKHCN đã báo cáo 1 giá trị chỉ tiêu BTS_COUNT kỳ 2026S2 (đơn vị 28249), đang chờ phê duyệt: ' +
        `${INDICATORS_URL}/v1/indicator-values/approvals?indicator=BTS_COUNT&period=2026S2`,
    );
  });

  it('awaiting approval of a batch: lists the first units and counts the rest (no single orgUnitCode)', () => {
    const example = EVENT_CATALOG['dx.indicator-value.awaiting-approval'].example;
    const batch = {
      ...example,
      orgUnitCode: undefined,
      value: undefined,
      valueCount: 7,
      orgUnitCodes: ['28249', '28252', '28255', '28258', '28261', '28264', '28267'],
    };
    expect(
      validatePayload(EVENT_CATALOG['dx.indicator-value.awaiting-approval'].payload as new () => object, batch),
    ).toMatchObject({ ok: true });
    const [row] = planNotices(
      { source: '/services/indicators', id: 'batch-1', type: 'dx.indicator-value.awaiting-approval', data: batch },
      ruleFor('dx.indicator-value.awaiting-approval')!,
      ctx,
    );
    expect(row.body).toContain(
      'đã báo cáo 7 giá trị chỉ tiêu BTS_COUNT kỳ 2026S2 (đơn vị 28249, 28252, 28255, 28258, 28261 (+2))',
    );
  });

  it('returned: the reporting agency’s reporters, with the approver, the reason and a link to the cell’s reports', () => {
    expectNotice(
      'dx.indicator-value.returned',
      ['SKHCN/skhcn-reporter'],
      'Số liệu bị trả lại: BTS_COUNT 2026S2',
      'SKHCN đã trả lại giá trị chỉ tiêu BTS_COUNT của đơn vị 28249, kỳ 2026S2 (báo cáo 1042). ' +
        'Lý do: Số trạm BTS cao hơn số liệu của nhà mạng / higher than the operators’ count. Các lần báo cáo: ' +
        `${INDICATORS_URL}/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=28249&period=2026S2`,
    );
  });

  it('returned to another agency than the approver’s: the notice follows `agency`, not the approving agency', () => {
    const data = { ...EVENT_CATALOG['dx.indicator-value.returned'].example, agency: 'STTTT', reportingAgency: 'STTTT' };
    const rows = planNotices(
      { source: '/services/indicators', id: 'r-1', type: 'dx.indicator-value.returned', data },
      ruleFor('dx.indicator-value.returned')!,
      ctx,
    );
    expect(rows.map((r) => r.recipient)).toEqual(['stttt-reporter']);
  });

  it('reopened: a formula version or a re-mapped unit tells the approvers why; a late correction leaves it to awaiting-approval', () => {
    const reason = 'formula version of BTS_COUNT in force from 2026-07-01: the figure is built by new rules';
    const { rows, recipients } = noticesOf('dx.indicator-value.reopened', 'vi', { cause: 'formula-version', reason });
    expect(recipients).toEqual(['SKHCN/skhcn-approver']);
    expect(rows[0]).toMatchObject({
      severity: 'low',
      subject: 'Số liệu đã phê duyệt chờ phê duyệt lại: BTS_COUNT 2026S2',
      body:
        'Giá trị chỉ tiêu BTS_COUNT của đơn vị 28249, kỳ 2026S2, đã phê duyệt nay trở lại chờ phê duyệt. ' +
        `Lý do: ${reason}. ${INDICATORS_URL}/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=28249&period=2026S2`,
    });
    expect(noticesOf('dx.indicator-value.reopened').rows).toEqual([]);
    // Every other cause reaches the approvers.
    for (const cause of REOPEN_CAUSES.filter((c) => c !== 'late-correction'))
      expect([cause, noticesOf('dx.indicator-value.reopened', 'vi', { cause }).recipients]).toEqual([
        cause,
        ['SKHCN/skhcn-approver'],
      ]);
  });

  it('obligation due soon: the owing agency (the successor, not the declared one), by name, with counts and link', () => {
    expectNotice(
      'dx.obligation.due-soon',
      ['SKHCN/skhcn-reporter'],
      'Sắp đến hạn báo cáo kỳ 202602: Báo cáo Số Tổ công nghệ số cộng đồng',
      'Báo cáo Số Tổ công nghệ số cộng đồng kỳ 202602 đến hạn ngày 2026-02-24 (còn 3 ngày làm việc); ' +
        `đã nhận 40/103 báo cáo: ${INDICATORS_URL}/v1/obligations/TCNSCD_TEAMS?period=202602`,
    );
  });

  it('obligation overdue: reporters and approvers of the owing agency, with the missing units', () => {
    expectNotice(
      'dx.obligation.overdue',
      ['SKHCN/skhcn-approver', 'SKHCN/skhcn-reporter'],
      'Quá hạn báo cáo kỳ 202602: Báo cáo Số Tổ công nghệ số cộng đồng',
      'Báo cáo Số Tổ công nghệ số cộng đồng kỳ 202602 đã quá hạn ngày 2026-02-24 (1 ngày làm việc); ' +
        'đã nhận 97/103 báo cáo, còn thiếu của đơn vị 28249, 28252: ' +
        `${INDICATORS_URL}/v1/obligations/TCNSCD_TEAMS?period=202602`,
    );
    expect(noticesOf('dx.obligation.overdue', 'en').rows[0].body).toBe(
      'Report: Community digital-technology teams for 202602 is overdue since 2026-02-24 (1 working days); ' +
        '97 of 103 reports received, missing from org units 28249, 28252: ' +
        `${INDICATORS_URL}/v1/obligations/TCNSCD_TEAMS?period=202602`,
    );
  });

  it('off track: the responsible agency’s approvers and the programme office, with the unit’s name and the path', () => {
    const rows = expectNotice(
      'dx.indicator.off-track',
      ['SKHCN/skhcn-approver', 'VPUBND/vpubnd-office'],
      'Chỉ tiêu chệch hướng: FIBRE_HH, Thành phố Gò Công',
      'Chỉ tiêu FIBRE_HH của Thành phố Gò Công (816), kỳ 2024S2, đạt 61 so với mục tiêu lộ trình 75 (mức đạt 81.33%): ' +
        `không theo kịp lộ trình. ${INDICATORS_URL}/v1/aggregates/status?orgUnit=816&period=2024S2&indicator=FIBRE_HH`,
    );
    expect(rows[0].severity).toBe('high');
  });

  it('back on track: the same recipients, low severity', () => {
    const rows = expectNotice(
      'dx.indicator.back-on-track',
      ['SKHCN/skhcn-approver', 'VPUBND/vpubnd-office'],
      'Chỉ tiêu trở lại đúng lộ trình: FIBRE_HH, Thành phố Gò Công',
      'Chỉ tiêu FIBRE_HH của Thành phố Gò Công (816), kỳ 2024S2, đạt 76, đã trở lại đúng lộ trình ' +
        `(mục tiêu lộ trình 75, mức đạt 101.33%). ${INDICATORS_URL}/v1/aggregates/status?orgUnit=816&period=2024S2&indicator=FIBRE_HH`,
    );
    expect(rows[0].severity).toBe('low');
  });

  it('an obligation event without the fields its contract requires never reaches a rule', () => {
    const bare = { agency: 'SKHCN', period: '202602', dueDate: '2026-02-24', workingDaysOverdue: 2 };
    const checked = validatePayload(EVENT_CATALOG['dx.obligation.overdue'].payload as new () => object, bare);
    expect(checked).toMatchObject({ ok: false, reason: expect.stringContaining('obligationCode') });
  });
});
