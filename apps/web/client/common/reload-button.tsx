import { ReloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { type Dictionary, useText } from '../i18n/language';

const TEXT: Dictionary<'reload'> = { vi: { reload: 'Tải lại' }, en: { reload: 'Reload' } };

/** A screen's "reload" beside its title; it spins while a reload (not the first load) is on its way. */
export function ReloadButton({ onClick, loading }: { onClick: () => void; loading: boolean }) {
  const t = useText(TEXT);
  return (
    <Button icon={<ReloadOutlined />} onClick={onClick} loading={loading}>
      {t('reload')}
    </Button>
  );
}
