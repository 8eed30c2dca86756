import { App, Alert, Button, Flex, Input, Modal, Steps, Typography } from 'antd';
import { useState } from 'react';
import { usePerson } from '../../auth/session-context';
import { useDraft } from '../../common/drafts';
import { ErrorNotice, describeError } from '../../common/errors';
import { type Dictionary, useText } from '../../i18n/language';
import { stepOptions, type StepOption } from './task-access';
import { takeStep, type TaskAction, type TaskDetail, type TaskState } from './task-api';
import { useTaskWords } from './task-words';

const TEXT: Dictionary<
  | 'title'
  | 'closed'
  | 'none'
  | 'rule'
  | 'confirm'
  | 'confirmText'
  | 'reason'
  | 'reasonHint'
  | 'reasonMissing'
  | 'draftKept'
  | 'cancelDialog'
  | 'refused'
  | 'flow'
> = {
  vi: {
    title: 'Các bước quy trình',
    closed: 'Nhiệm vụ đã đóng: quy trình không còn bước nào.',
    none: 'Trạng thái này không có bước nào.',
    rule: 'Quy tắc truy cập',
    confirm: 'Xác nhận',
    confirmText: 'Thực hiện bước “{action}” cho nhiệm vụ {code}?',
    reason: 'Lý do (bắt buộc, được lưu trong lịch sử nhiệm vụ)',
    reasonHint: 'Nêu rõ điều cần bổ sung hoặc lý do hủy.',
    reasonMissing: 'Hãy nhập lý do.',
    draftKept: 'Bản nháp được giữ trong trình duyệt này cho đến khi gửi.',
    cancelDialog: 'Để sau',
    refused: 'Bước “{action}” bị từ chối',
    flow: 'Quy trình của nhiệm vụ',
  },
  en: {
    title: 'Workflow steps',
    closed: 'The task is closed: the workflow has no step left.',
    none: 'No step is possible in this state.',
    rule: 'Access rule',
    confirm: 'Confirm',
    confirmText: 'Take the step “{action}” on task {code}?',
    reason: 'Reason (required, kept in the task history)',
    reasonHint: 'Say what has to be added, or why the task is cancelled.',
    reasonMissing: 'Enter a reason.',
    draftKept: 'The draft stays in this browser until it is sent.',
    cancelDialog: 'Not now',
    refused: 'The step “{action}” was refused',
    flow: "The task's workflow",
  },
};

const FLOW: TaskState[] = ['DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'APPROVED'];

type Outcome = { kind: 'done'; text: string } | { kind: 'refused'; action: TaskAction; error: unknown };

/** The workflow of one task: where it stands, and each step as a button, or disabled with the rule that refuses it. */
export function TaskSteps({
  task,
  openBlockers,
  cancelledFrom,
  onChanged,
}: {
  task: TaskDetail;
  openBlockers: string[];
  cancelledFrom: TaskState | null;
  onChanged: () => void;
}) {
  const t = useText(TEXT);
  const words = useTaskWords();
  const person = usePerson();
  const [dialog, setDialog] = useState<StepOption | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const options = stepOptions(person, task, openBlockers);
  const closed = task.state === 'APPROVED' || task.state === 'CANCELLED';
  const at = task.state === 'CANCELLED' ? FLOW.indexOf(cancelledFrom ?? 'DRAFT') : FLOW.indexOf(task.state ?? 'DRAFT');

  return (
    <section aria-labelledby="task-steps-title" data-testid="task-steps">
      <Typography.Title level={2} id="task-steps-title" style={{ fontSize: 16, marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Steps
        aria-label={t('flow')}
        size="small"
        orientation="horizontal"
        titlePlacement="vertical"
        responsive={false}
        current={Math.max(at, 0)}
        status={task.state === 'CANCELLED' ? 'error' : task.state === 'APPROVED' ? 'finish' : 'process'}
        items={FLOW.map((s) => ({ title: words.state(s) }))}
        style={{ marginBottom: 12 }}
      />
      {task.state === 'CANCELLED' && (
        <Alert type="warning" showIcon title={words.state('CANCELLED')} style={{ marginBottom: 12 }} />
      )}
      {closed && <Typography.Paragraph type="secondary">{t('closed')}</Typography.Paragraph>}
      {!closed && options.length === 0 && <Typography.Paragraph type="secondary">{t('none')}</Typography.Paragraph>}
      <Flex vertical gap="middle">
        {options.map((option) => (
          <div key={option.action} data-testid={`step-box-${option.action}`}>
            <Button
              block
              type={option.action === 'cancel' || option.action === 'return' ? 'default' : 'primary'}
              danger={option.action === 'cancel'}
              disabled={!!option.refusal}
              aria-describedby={option.refusal || option.caution ? `step-why-${option.action}` : undefined}
              data-testid={`step-${option.action}`}
              data-allowed={option.refusal ? 'false' : 'true'}
              onClick={() => setDialog(option)}
            >
              {words.action(option.action)}
            </Button>
            {option.refusal && (
              <Typography.Paragraph
                id={`step-why-${option.action}`}
                type="secondary"
                style={{ margin: '4px 0 0', fontSize: 13 }}
                data-testid={`step-reason-${option.action}`}
                data-rule={option.refusal.kind === 'rule' ? option.refusal.rule : 'state'}
              >
                {words.refusal(option.refusal, person, task.state)}
                {option.refusal.kind === 'rule' && (
                  <>
                    {' '}
                    {t('rule')}: <code>{option.refusal.rule}</code>
                  </>
                )}
              </Typography.Paragraph>
            )}
            {!option.refusal && option.caution && (
              <Typography.Paragraph
                id={`step-why-${option.action}`}
                type="warning"
                style={{ margin: '4px 0 0', fontSize: 13 }}
                data-testid={`step-caution-${option.action}`}
              >
                {words.caution(option.caution)}
              </Typography.Paragraph>
            )}
          </div>
        ))}
      </Flex>
      <div aria-live="polite" style={{ marginTop: 12 }}>
        {outcome?.kind === 'done' && (
          <Alert
            type="success"
            showIcon
            title={outcome.text}
            data-testid="step-result"
            closable={{ onClose: () => setOutcome(undefined) }}
          />
        )}
        {outcome?.kind === 'refused' && (
          <div
            data-testid="step-refusal"
            data-rule={describeError(outcome.error).rule ?? ''}
            data-code={(outcome.error as { body?: { error?: string } }).body?.error ?? ''}
          >
            <ErrorNotice
              error={outcome.error}
              title={`${t('refused', { action: words.action(outcome.action) })}${words.why(outcome.error)}`}
            />
          </div>
        )}
      </div>
      {dialog && (
        <StepDialog
          key={dialog.action}
          task={task}
          option={dialog}
          onClose={() => setDialog(undefined)}
          onOutcome={(next) => {
            setOutcome(next);
            setDialog(undefined);
            onChanged();
          }}
        />
      )}
    </section>
  );
}

/** The confirmation of one step; a reason, where the step needs one, kept as a draft until it is sent. */
function StepDialog({
  task,
  option,
  onClose,
  onOutcome,
}: {
  task: TaskDetail;
  option: StepOption;
  onClose: () => void;
  onOutcome: (outcome: Outcome) => void;
}) {
  const t = useText(TEXT);
  const words = useTaskWords();
  const { message } = App.useApp();
  const [reason, setReason, clearReason] = useDraft(`task:${task.code}:${option.action}-reason`, '');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);

  const send = async () => {
    if (option.reasonRequired && !reason.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      await takeStep(task.code, option.action, option.reasonRequired ? reason.trim() : undefined);
      const text = words.done(option.action, task.code);
      clearReason();
      void message.success(text);
      onOutcome({ kind: 'done', text });
    } catch (error) {
      onOutcome({ kind: 'refused', action: option.action, error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={words.action(option.action)}
      okText={words.action(option.action)}
      cancelText={t('cancelDialog')}
      okButtonProps={{ danger: option.action === 'cancel', 'data-testid': 'step-confirm' }}
      cancelButtonProps={{ 'data-testid': 'step-dismiss' }}
      confirmLoading={busy}
      onOk={() => void send()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('confirmText', { action: words.action(option.action), code: task.code })}
      </Typography.Paragraph>
      {option.caution && (
        <Alert type="warning" showIcon title={words.caution(option.caution)} style={{ marginBottom: 12 }} />
      )}
      {option.reasonRequired && (
        <>
          <label htmlFor="step-reason-input">{t('reason')}</label>
          <Input.TextArea
            id="step-reason-input"
            data-testid="step-dialog-reason"
            value={reason}
            maxLength={2000}
            showCount
            style={{ marginBottom: 16 }}
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder={t('reasonHint')}
            status={missing && !reason.trim() ? 'error' : undefined}
            aria-invalid={missing && !reason.trim()}
            onChange={(e) => setReason(e.target.value)}
          />
          {missing && !reason.trim() && (
            <Typography.Text type="danger" role="alert">
              {t('reasonMissing')}
            </Typography.Text>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4 }}>
            {t('draftKept')}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
