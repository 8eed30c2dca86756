import { Alert, App, Button, Card, Checkbox, Flex, Input, Switch, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { describeError, ErrorNotice } from '../../common/errors';
import { ScreenFrame } from '../../common/screen';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useText } from '../../i18n/language';
import {
  type Channel,
  CHANNELS,
  getPreferences,
  type Preferences,
  savePreferences,
  SEVERITIES,
  type Severity,
} from './inbox-api';
import { NOTICE_TEXT } from './notice-words';

const TEXT: Dictionary<
  | 'title'
  | 'back'
  | 'channels'
  | 'channelsHelp'
  | 'severity'
  | 'examples'
  | 'inbox'
  | 'email'
  | 'sms'
  | 'zalo'
  | 'providerNote'
  | 'criticalNote'
  | 'noInbox'
  | 'quiet'
  | 'quietHelp'
  | 'quietOn'
  | 'from'
  | 'to'
  | 'quietBad'
  | 'digest'
  | 'digestHelp'
  | 'save'
  | 'reset'
  | 'saved'
  | 'savedDetail'
  | 'unchanged'
  | 'refused'
  | 'unsaved'
  | 'ex.critical'
  | 'ex.high'
  | 'ex.normal'
  | 'ex.low'
  | 'on'
  | 'off'
  | 'none'
  | 'loadFailed'
> = {
  vi: {
    loadFailed: 'Không tải được tùy chọn thông báo',
    title: 'Tùy chọn thông báo',
    back: 'Về hộp thư',
    channels: 'Kênh nhận theo mức độ',
    channelsHelp: 'Chọn nơi mỗi loại thông báo đến với bạn.',
    severity: 'Mức độ',
    examples: 'Ví dụ',
    inbox: 'Hộp thư',
    email: 'Thư điện tử',
    sms: 'SMS',
    zalo: 'Zalo',
    providerNote:
      'SMS và Zalo chỉ được gửi nơi nền tảng có nhà cung cấp; nếu không, thông báo chuyển sang thư điện tử hoặc hộp thư.',
    criticalNote: 'Thông báo khẩn cấp luôn đến hộp thư và thư điện tử.',
    noInbox: 'Mức “{level}” sẽ không hiện trong hộp thư.',
    quiet: 'Giờ yên lặng',
    quietHelp: 'Trong khoảng này thư điện tử, SMS, Zalo (trừ khẩn cấp) chờ đến khi hết giờ; hộp thư vẫn nhận ngay.',
    quietOn: 'Bật giờ yên lặng',
    from: 'Từ',
    to: 'Đến',
    quietBad: 'Nhập giờ dạng HH:MM, giờ bắt đầu khác giờ kết thúc.',
    digest: 'Bản tin hằng ngày',
    digestHelp: 'Gộp thư điện tử mức “Thấp” thành một bản tin mỗi ngày.',
    save: 'Lưu tùy chọn',
    reset: 'Hoàn tác thay đổi',
    saved: 'Đã lưu tùy chọn thông báo.',
    savedDetail: 'Từ nay: {summary}.',
    unchanged: 'Không có gì thay đổi để lưu.',
    refused: 'Không lưu được tùy chọn',
    unsaved: 'Có thay đổi chưa lưu.',
    'ex.critical': 'Nhiệm vụ bị chuyển cấp',
    'ex.high': 'Quá hạn, bị trả lại, chỉ tiêu chệch hướng',
    'ex.normal': 'Được giao, chờ thẩm định, chờ phê duyệt',
    'ex.low': 'Sắp đến hạn, đã phê duyệt, báo cáo mới',
    on: 'bật',
    off: 'tắt',
    none: 'không kênh nào',
  },
  en: {
    loadFailed: 'The preferences could not be loaded',
    title: 'Notification preferences',
    back: 'Back to the inbox',
    channels: 'Channels by severity',
    channelsHelp: 'Choose where each kind of notice reaches you.',
    severity: 'Severity',
    examples: 'For example',
    inbox: 'Inbox',
    email: 'E-mail',
    sms: 'SMS',
    zalo: 'Zalo',
    providerNote:
      'SMS and Zalo go out only where the platform has a provider for them; otherwise the notice falls back to e-mail or the inbox.',
    criticalNote: 'Critical notices always reach the inbox and e-mail.',
    noInbox: '“{level}” notices will not appear in the inbox.',
    quiet: 'Quiet hours',
    quietHelp: 'Meanwhile e-mail, SMS and Zalo (not critical) wait until they end; the inbox still gets them at once.',
    quietOn: 'Use quiet hours',
    from: 'From',
    to: 'To',
    quietBad: 'Enter times as HH:MM, the start different from the end.',
    digest: 'Daily digest',
    digestHelp: 'Low-severity e-mails come together in one digest a day.',
    save: 'Save the preferences',
    reset: 'Undo the changes',
    saved: 'Notification preferences saved.',
    savedDetail: 'From now on: {summary}.',
    unchanged: 'Nothing changed to save.',
    refused: 'The preferences were not saved',
    unsaved: 'There are unsaved changes.',
    'ex.critical': 'Task escalated',
    'ex.high': 'Overdue, returned, indicator off track',
    'ex.normal': 'Assigned, awaiting review, awaiting approval',
    'ex.low': 'Due soon, approved, report published',
    on: 'on',
    off: 'off',
    none: 'no channel',
  },
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Critical notices always reach these, whatever is chosen (the service's CRITICAL_CHANNELS). */
const ALWAYS_CRITICAL: Channel[] = ['inbox', 'email'];

const same = (a: Preferences | undefined, b: Preferences | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** In the service's order (critical with what it always reaches), so comparing two choices is comparing texts. */
function normalise(p: Preferences): Preferences {
  const channels = Object.fromEntries(
    SEVERITIES.map((s) => [
      s,
      CHANNELS.filter((c) => (p.channels[s] ?? []).includes(c) || (s === 'critical' && ALWAYS_CRITICAL.includes(c))),
    ]),
  ) as Record<Severity, Channel[]>;
  return { channels, quietHours: p.quietHours ? { ...p.quietHours } : null, digest: p.digest };
}

/** `/inbox/preferences`: my channels per severity, quiet hours and daily digest, read and saved. */
export function PreferencesScreen() {
  const t = useText(TEXT);
  const k = useText(NOTICE_TEXT);
  const { message } = App.useApp();
  const { data, error, loading, reload } = useLoad(() => getPreferences().then(normalise), []);
  // What is being edited; undefined while it is what the service has.
  const [edit, setEdit] = useState<Preferences | undefined>();
  const [quietDraft, setQuietDraft] = useState({ start: '21:00', end: '07:00' });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; text: string } | { ok: false; error: unknown } | undefined>();
  const current = edit ?? data;
  const dirty = !!edit && !same(normalise(edit), data);
  const quietBad =
    !!current?.quietHours &&
    (!HHMM.test(current.quietHours.start) ||
      !HHMM.test(current.quietHours.end) ||
      current.quietHours.start === current.quietHours.end);

  const change = (next: (p: Preferences) => Preferences) => {
    if (!current) return;
    setEdit(next(current));
    setOutcome(undefined);
  };

  const toggle = (severity: Severity, channel: Channel, on: boolean) =>
    change((p) => ({
      ...p,
      channels: {
        ...p.channels,
        [severity]: on
          ? CHANNELS.filter((c) => c === channel || p.channels[severity].includes(c))
          : p.channels[severity].filter((c) => c !== channel),
      },
    }));

  const summary = (p: Preferences) =>
    [
      ...SEVERITIES.map((s) => `${k(`severity.${s}`)}: ${p.channels[s].map((c) => t(c)).join(', ') || t('none')}`),
      `${t('quiet')}: ${p.quietHours ? `${p.quietHours.start}–${p.quietHours.end}` : t('off')}`,
      `${t('digest')}: ${p.digest ? t('on') : t('off')}`,
    ].join('; ');

  const save = async () => {
    if (!current) return;
    if (!dirty) {
      setOutcome({ ok: true, text: t('unchanged') });
      return;
    }
    setBusy(true);
    try {
      const saved = normalise(await savePreferences(normalise(current)));
      const text = `${t('saved')} ${t('savedDetail', { summary: summary(saved) })}`;
      void message.success(t('saved'));
      setOutcome({ ok: true, text });
      setEdit(undefined);
      reload();
    } catch (e) {
      setOutcome({ ok: false, error: e });
    } finally {
      setBusy(false);
    }
  };

  const withoutInbox = current
    ? SEVERITIES.filter((s) => s !== 'critical' && !current.channels[s].includes('inbox'))
    : [];

  return (
    <ScreenFrame
      name="inbox-preferences"
      title={t('title')}
      loaded={!loading}
      extra={<Link to="/inbox">{t('back')}</Link>}
    >
      {error !== undefined && (
        <ErrorNotice error={error} title={describeError(error).status ? t('loadFailed') : undefined} />
      )}
      {current && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!quietBad) void save();
          }}
        >
          <Flex vertical gap={16}>
            <Card size="small">
              <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
                {t('channels')}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{t('channelsHelp')}</Typography.Paragraph>
              <div>
                {SEVERITIES.map((severity) => (
                  <fieldset
                    key={severity}
                    data-testid={`pref-row-${severity}`}
                    style={{
                      border: 0,
                      borderTop: '1px solid #f0f0f0',
                      margin: 0,
                      padding: '8px 0',
                      display: 'flex',
                      flexWrap: 'wrap',
                      gap: 8,
                      justifyContent: 'space-between',
                      alignItems: 'center',
                    }}
                  >
                    <legend style={{ float: 'left', padding: 0, margin: 0, flex: '1 1 220px' }}>
                      <Typography.Text strong>{k(`severity.${severity}`)}</Typography.Text>
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {t(`ex.${severity}`)}
                      </Typography.Text>
                    </legend>
                    <Flex wrap gap="small">
                      {CHANNELS.map((channel) => {
                        const forced = severity === 'critical' && ALWAYS_CRITICAL.includes(channel);
                        return (
                          <Checkbox
                            key={channel}
                            data-testid={`pref-${severity}-${channel}`}
                            checked={forced || current.channels[severity].includes(channel)}
                            disabled={forced}
                            onChange={(e) => toggle(severity, channel, e.target.checked)}
                          >
                            {t(channel)}
                          </Checkbox>
                        );
                      })}
                    </Flex>
                  </fieldset>
                ))}
              </div>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                {t('criticalNote')} {t('providerNote')}
              </Typography.Paragraph>
              {withoutInbox.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginTop: 8 }}
                  title={withoutInbox.map((s) => t('noInbox', { level: k(`severity.${s}`) })).join(' ')}
                />
              )}
            </Card>
            <Card size="small">
              <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
                {t('quiet')}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{t('quietHelp')}</Typography.Paragraph>
              <Flex wrap gap="middle" align="center">
                <Flex gap="small" align="center">
                  <Switch
                    id="pref-quiet"
                    data-testid="pref-quiet"
                    checked={!!current.quietHours}
                    onChange={(on) => {
                      if (current.quietHours) setQuietDraft(current.quietHours);
                      change((p) => ({ ...p, quietHours: on ? (p.quietHours ?? quietDraft) : null }));
                    }}
                  />
                  <label htmlFor="pref-quiet">{t('quietOn')}</label>
                </Flex>
                {current.quietHours && (
                  <Flex gap="small" align="center" wrap>
                    <label htmlFor="pref-quiet-start">{t('from')}</label>
                    <Input
                      id="pref-quiet-start"
                      data-testid="pref-quiet-start"
                      type="time"
                      value={current.quietHours.start}
                      status={quietBad ? 'error' : undefined}
                      onChange={(e) =>
                        change((p) => ({
                          ...p,
                          quietHours: { end: p.quietHours?.end ?? '07:00', start: e.target.value },
                        }))
                      }
                      style={{ width: 130 }}
                    />
                    <label htmlFor="pref-quiet-end">{t('to')}</label>
                    <Input
                      id="pref-quiet-end"
                      data-testid="pref-quiet-end"
                      type="time"
                      value={current.quietHours.end}
                      status={quietBad ? 'error' : undefined}
                      onChange={(e) =>
                        change((p) => ({
                          ...p,
                          quietHours: { start: p.quietHours?.start ?? '21:00', end: e.target.value },
                        }))
                      }
                      style={{ width: 130 }}
                    />
                  </Flex>
                )}
              </Flex>
              {quietBad && (
                <Typography.Text type="danger" role="alert">
                  {t('quietBad')}
                </Typography.Text>
              )}
            </Card>
            <Card size="small">
              <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
                {t('digest')}
              </Typography.Title>
              <Flex gap="small" align="center">
                <Switch
                  id="pref-digest"
                  data-testid="pref-digest"
                  checked={current.digest}
                  onChange={(digest) => change((p) => ({ ...p, digest }))}
                />
                <label htmlFor="pref-digest">{t('digestHelp')}</label>
              </Flex>
            </Card>
            <Flex gap="small" wrap align="center">
              <Button type="primary" htmlType="submit" loading={busy} disabled={quietBad} data-testid="pref-save">
                {t('save')}
              </Button>
              <Button onClick={() => setEdit(undefined)} disabled={!dirty}>
                {t('reset')}
              </Button>
              {dirty && <Typography.Text type="warning">{t('unsaved')}</Typography.Text>}
            </Flex>
            <div aria-live="polite">
              {outcome?.ok && <Alert type="success" showIcon title={outcome.text} data-testid="pref-result" />}
              {outcome && !outcome.ok && (
                <div data-testid="pref-refusal">
                  <ErrorNotice error={outcome.error} title={t('refused')} />
                </div>
              )}
            </div>
          </Flex>
        </form>
      )}
    </ScreenFrame>
  );
}
