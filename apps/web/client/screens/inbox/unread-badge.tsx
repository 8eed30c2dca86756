import { Badge } from 'antd';
import { type Dictionary, useText } from '../../i18n/language';
import { useInboxLive } from './inbox-store';

const TEXT: Dictionary<'unread'> = {
  vi: { unread: '{n} thông báo chưa đọc' },
  en: { unread: '{n} unread notices' },
};

const hidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/** The unread count beside the inbox in the menu, kept live by the inbox's one stream. */
export function UnreadBadge() {
  const t = useText(TEXT);
  const { unread, live } = useInboxLive();
  const count = unread ?? 0;
  return (
    <span
      data-testid="unread-badge"
      data-count={unread === undefined ? '' : String(count)}
      data-live={live ? 'true' : 'false'}
      style={{ marginInlineStart: 8 }}
    >
      <Badge count={count} overflowCount={99} size="small" title={t('unread', { n: count })} aria-hidden />
      {count > 0 && <span style={hidden}>({t('unread', { n: count })})</span>}
    </span>
  );
}
