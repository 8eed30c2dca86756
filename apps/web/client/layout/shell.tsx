import { BellOutlined, LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Segmented, Space, Tooltip, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../auth/session-context';
import { type Dictionary, type Language, useLanguage, useText } from '../i18n/language';
import { UnreadBadge } from '../screens/inbox/unread-badge';
import { GROUP_ICONS, MENU_TEXT, type Screen, screensFor } from './menu';

const TEXT: Dictionary<'title' | 'signOut' | 'menu' | 'language' | 'skip'> = {
  vi: {
    title: 'DX Hub · Chuyển đổi số',
    signOut: 'Đăng xuất',
    menu: 'Mở danh mục',
    language: 'Ngôn ngữ',
    skip: 'Bỏ qua, đến nội dung chính',
  },
  en: {
    title: 'DX Hub · Digital transformation',
    signOut: 'Sign out',
    menu: 'Open the menu',
    language: 'Language',
    skip: 'Skip to the main content',
  },
};

/** The frame of every screen: the menu of what this person may use, who is signed in, language, inbox. */
export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const { person } = session;
  const t = useText(TEXT);
  const m = useText(MENU_TEXT);
  const { language, setLanguage } = useLanguage();
  const location = useLocation();
  const wide = Grid.useBreakpoint().lg ?? true;
  const [drawer, setDrawer] = useState(false);
  const screens = screensFor(person);
  const selected = useMemo(
    () =>
      screens
        .filter((s) => location.pathname === s.path || location.pathname.startsWith(`${s.path}/`))
        .sort((a, b) => b.path.length - a.path.length)[0]?.path,
    [screens, location.pathname],
  );
  const groups = (['dashboard', 'workspace', 'programme'] as const)
    .map((group) => ({ group, items: screens.filter((s) => s.group === group) }))
    .filter((g) => g.items.length > 0);
  const item = (s: Screen) => ({
    key: s.path,
    icon: s.icon,
    label: (
      <Link to={s.path} onClick={() => setDrawer(false)}>
        {m(s.label)}
        {s.path === '/inbox' && <UnreadBadge />}
      </Link>
    ),
  });
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={groups.map((g) => g.group)}
      items={groups.map((g) => ({
        key: g.group,
        icon: GROUP_ICONS[g.group],
        label: m(g.group),
        children: g.items.map(item),
      }))}
    />
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('skip')}
      </a>
      <Layout.Header className="shell-header">
        <Space>
          {!wide && (
            <Button type="text" aria-label={t('menu')} icon={<MenuOutlined />} onClick={() => setDrawer(true)} />
          )}
          <Link to="/dashboard" className="shell-title">
            {t('title')}
          </Link>
        </Space>
        {!wide && (
          // On a phone the menu is folded away: the inbox and its unread count stay in sight.
          <Link to="/inbox" className="shell-inbox">
            <BellOutlined />
            <span className="visually-hidden">{m('inbox')}</span>
            <UnreadBadge />
          </Link>
        )}
        <Space wrap size="small">
          <Segmented<Language>
            aria-label={t('language')}
            size="small"
            value={language}
            onChange={setLanguage}
            options={[
              { label: <span data-testid="language-vi">VI</span>, value: 'vi' },
              { label: <span data-testid="language-en">EN</span>, value: 'en' },
            ]}
          />
          <Tooltip title={person.roles.join(', ')}>
            <Typography.Text data-testid="person" className="shell-person">
              {person.name} · {person.agency}
            </Typography.Text>
          </Tooltip>
          <Button
            data-testid="sign-out"
            icon={<LogoutOutlined />}
            onClick={() => void session.signOut()}
            aria-label={t('signOut')}
          >
            {wide ? t('signOut') : null}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {wide ? (
          <Layout.Sider width={248} theme="light" className="shell-sider">
            <nav aria-label={m('dashboard')}>{menu}</nav>
          </Layout.Sider>
        ) : (
          <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={280} title={t('title')}>
            <nav aria-label={m('dashboard')}>{menu}</nav>
          </Drawer>
        )}
        {/* Layout.Content is the page's <main> landmark. */}
        <Layout.Content id="main" tabIndex={-1} className="shell-content">
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
