import { Alert, App, Button, Flex, Input, InputNumber, Typography } from 'antd';
import { useState } from 'react';
import { usePerson } from '../../auth/session-context';
import { useDraft } from '../../common/drafts';
import { ErrorNotice } from '../../common/errors';
import { type Dictionary, useText } from '../../i18n/language';
import { progressRefusal } from './task-access';
import { reportProgress, type TaskDetail } from './task-api';
import { useTaskWords } from './task-words';

const TEXT: Dictionary<
  | 'title'
  | 'percent'
  | 'note'
  | 'noteHint'
  | 'links'
  | 'linksHint'
  | 'send'
  | 'clear'
  | 'draft'
  | 'applied'
  | 'duplicate'
  | 'refused'
  | 'rule'
  | 'badLinks'
  | 'noPercent'
  | 'source'
  | 'sourceChildren'
  | 'sourceIndicators'
> = {
  vi: {
    title: 'Báo cáo tiến độ và ghi chú',
    percent: 'Tiến độ (%)',
    note: 'Ghi chú, nhận xét',
    noteHint: 'Việc đã làm, vướng mắc, đề xuất…',
    links: 'Liên kết minh chứng (mỗi dòng một địa chỉ https://)',
    linksHint: 'https://…',
    send: 'Gửi báo cáo',
    clear: 'Xóa bản nháp',
    draft: 'Bản nháp được giữ trong trình duyệt này cho đến khi gửi.',
    applied: 'Đã ghi nhận tiến độ {percent}% cho nhiệm vụ {code}.',
    duplicate: 'Báo cáo này đã được ghi nhận trước đó (gửi lại không tính hai lần).',
    refused: 'Báo cáo tiến độ bị từ chối',
    rule: 'Quy tắc truy cập',
    badLinks: 'Liên kết phải bắt đầu bằng https:// và không có dấu cách: {links}',
    noPercent: 'Hãy nhập tiến độ từ 0 đến 100.',
    source: 'Nguồn tiến độ',
    sourceChildren: 'Tiến độ của nhiệm vụ này được tính từ các nhiệm vụ con.',
    sourceIndicators: 'Tiến độ của nhiệm vụ này được tính từ các chỉ tiêu gắn với nó.',
  },
  en: {
    title: 'Progress report and comment',
    percent: 'Progress (%)',
    note: 'Comment',
    noteHint: 'What was done, what is in the way, what is proposed…',
    links: 'Evidence links (one https:// address a line)',
    linksHint: 'https://…',
    send: 'Send the report',
    clear: 'Discard the draft',
    draft: 'The draft stays in this browser until it is sent.',
    applied: 'Progress {percent}% recorded for task {code}.',
    duplicate: 'This report had been recorded already (a resend is not counted twice).',
    refused: 'The progress report was refused',
    rule: 'Access rule',
    badLinks: 'Links start with https:// and have no spaces: {links}',
    noPercent: 'Enter the progress, 0 to 100.',
    source: 'Progress source',
    sourceChildren: "This task's progress is computed from its sub-tasks.",
    sourceIndicators: "This task's progress is computed from its indicators.",
  },
};

const HTTPS = /^https:\/\/[^\s]+$/;

type Outcome = { kind: 'done'; text: string } | { kind: 'refused'; error: unknown };

/**
 * The lead agency's progress report with its comment, kept as a draft in this browser until sent. Each report
 * carries an idempotency key kept with the draft: a resend after a lost answer is recorded once.
 */
export function TaskProgressForm({ task, onChanged }: { task: TaskDetail; onChanged: () => void }) {
  const t = useText(TEXT);
  const words = useTaskWords();
  const person = usePerson();
  const { message } = App.useApp();
  const base = `task:${task.code}:progress`;
  const [percent, setPercent, clearPercent] = useDraft<number | null>(`${base}-percent`, null);
  const [note, setNote, clearNote] = useDraft(`${base}-note`, '');
  const [links, setLinks, clearLinks] = useDraft(`${base}-links`, '');
  const [key, setKey, clearKey] = useDraft(`${base}-key`, '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const refusal = progressRefusal(person, task);

  const edited =
    <T,>(set: (v: T) => void) =>
    (value: T) => {
      set(value);
      // Changed content is a new report: it gets a new key when sent.
      clearKey();
    };

  const discard = () => {
    clearPercent();
    clearNote();
    clearLinks();
    clearKey();
    setProblem(undefined);
  };

  const send = async () => {
    const evidence = links
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const bad = evidence.filter((l) => !HTTPS.test(l));
    if (percent === null || percent < 0 || percent > 100) return setProblem(t('noPercent'));
    if (bad.length > 0) return setProblem(t('badLinks', { links: bad.join(', ') }));
    setProblem(undefined);
    const idempotencyKey = key || crypto.randomUUID();
    if (!key) setKey(idempotencyKey);
    setBusy(true);
    try {
      const answer = await reportProgress(
        task.code,
        { percent, note: note.trim() || undefined, evidenceLinks: evidence.length ? evidence : undefined },
        idempotencyKey,
      );
      const text = answer.status === 'duplicate' ? t('duplicate') : t('applied', { percent, code: task.code });
      void message.success(text);
      setOutcome({ kind: 'done', text });
      discard();
      onChanged();
    } catch (error) {
      setOutcome({ kind: 'refused', error });
    } finally {
      setBusy(false);
    }
  };

  if (refusal) {
    const because =
      refusal.kind === 'state' && task.progressSource === 'children'
        ? t('sourceChildren')
        : refusal.kind === 'state' && task.progressSource === 'indicators'
          ? t('sourceIndicators')
          : words.refusal(refusal, person, task.state);
    return (
      <section aria-labelledby="task-progress-title">
        <Typography.Title level={2} id="task-progress-title" style={{ fontSize: 16, marginTop: 0 }}>
          {t('title')}
        </Typography.Title>
        <Typography.Paragraph
          type="secondary"
          data-testid="progress-reason"
          data-rule={refusal.kind === 'rule' ? refusal.rule : 'state'}
        >
          {because}
          {refusal.kind === 'rule' && (
            <>
              {' '}
              {t('rule')}: <code>{refusal.rule}</code>
            </>
          )}
        </Typography.Paragraph>
        {outcome?.kind === 'done' && (
          <Alert type="success" showIcon title={outcome.text} data-testid="progress-result" />
        )}
      </section>
    );
  }

  return (
    <section aria-labelledby="task-progress-title" data-testid="progress-form">
      <Typography.Title level={2} id="task-progress-title" style={{ fontSize: 16, marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <Flex vertical gap="small">
          <label htmlFor="progress-percent">{t('percent')}</label>
          <InputNumber
            id="progress-percent"
            data-testid="progress-percent"
            min={0}
            max={100}
            step={5}
            value={percent}
            placeholder={String(Math.round(task.progressPercent))}
            onChange={edited<number | null>(setPercent)}
            suffix="%"
            style={{ width: 140 }}
          />
          <label htmlFor="progress-note">{t('note')}</label>
          <Input.TextArea
            id="progress-note"
            data-testid="progress-note"
            value={note}
            maxLength={2000}
            showCount
            style={{ marginBottom: 16 }}
            autoSize={{ minRows: 3, maxRows: 10 }}
            placeholder={t('noteHint')}
            onChange={(e) => edited<string>(setNote)(e.target.value)}
          />
          <label htmlFor="progress-links">{t('links')}</label>
          <Input.TextArea
            id="progress-links"
            data-testid="progress-links"
            value={links}
            autoSize={{ minRows: 1, maxRows: 5 }}
            placeholder={t('linksHint')}
            onChange={(e) => edited<string>(setLinks)(e.target.value)}
          />
          {problem && (
            <Typography.Text type="danger" role="alert">
              {problem}
            </Typography.Text>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('draft')}
          </Typography.Text>
          <Flex gap="small" wrap>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="progress-submit">
              {t('send')}
            </Button>
            <Button onClick={discard} disabled={percent === null && !note && !links}>
              {t('clear')}
            </Button>
          </Flex>
        </Flex>
      </form>
      <div aria-live="polite" style={{ marginTop: 12 }}>
        {outcome?.kind === 'done' && (
          <Alert type="success" showIcon title={outcome.text} data-testid="progress-result" />
        )}
        {outcome?.kind === 'refused' && (
          <div data-testid="progress-refusal">
            <ErrorNotice error={outcome.error} title={`${t('refused')}${words.why(outcome.error)}`} />
          </div>
        )}
      </div>
    </section>
  );
}
