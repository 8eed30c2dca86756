import { Alert } from 'antd';
import { ApiError } from '../api/client';
import { type Dictionary, useText } from '../i18n/language';

const TEXT: Dictionary<'refused' | 'rule' | 'failed' | 'unreachable' | 'errorId'> = {
  vi: {
    refused: 'Không thực hiện được',
    rule: 'Quy tắc truy cập',
    failed: 'Không tải được dữ liệu',
    unreachable: 'Không kết nối được máy chủ',
    errorId: 'Mã lỗi (gửi cho bộ phận vận hành)',
  },
  en: {
    refused: 'Not done',
    rule: 'Access rule',
    failed: 'The data could not be loaded',
    unreachable: 'The server could not be reached',
    errorId: 'Error id (quote it to the operators)',
  },
};

/** What went wrong, in the service's own words, with the access rule or error id when there is one. */
export function describeError(error: unknown): {
  message: string;
  rule?: string;
  code?: string;
  errorId?: string;
  status?: number;
} {
  if (error instanceof ApiError) {
    // `error` is the service's code for what went wrong (CONTRIBUTIONS_OPEN), unless it is only the HTTP status's name.
    const code = error.body.error && /^[A-Z][A-Z0-9_]+$/.test(error.body.error) ? error.body.error : undefined;
    return { message: error.message, rule: error.rule, code, errorId: error.body.errorId, status: error.status };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** An error shown where the thing that failed would have been. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const t = useText(TEXT);
  const { message, rule, code, errorId, status } = describeError(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? (status === undefined ? t('unreachable') : status >= 500 ? t('failed') : t('refused'))}
      description={
        <>
          <div>
            {message}
            {code && (
              <>
                {' '}
                <code>{code}</code>
              </>
            )}
          </div>
          {rule && (
            <div>
              {t('rule')}: <code>{rule}</code>
            </div>
          )}
          {errorId && (
            <div>
              {t('errorId')}: <code>{errorId}</code>
            </div>
          )}
        </>
      }
    />
  );
}
