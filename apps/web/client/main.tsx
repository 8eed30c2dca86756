import { App as AntApp, ConfigProvider, Result } from 'antd';
import enGB from 'antd/locale/en_GB';
import viVN from 'antd/locale/vi_VN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { setSessionToken } from './api/client';
import { NoTokenError, type Session, signIn } from './auth/session';
import { SessionProvider } from './auth/session-context';
import { App, askFirstData, preloadArea } from './app';
import { LanguageProvider, storedLanguage, useLanguage } from './i18n/language';
// Ant Design's styles as built with it (zero-runtime mode below): computing them in the browser at the first render
// cost about 200 ms of script on every cold start on this machine (measured A/B, bench/RESULTS.md). The theme still
// applies through the CSS variables Ant Design sets at runtime.
import 'antd/dist/antd.css';
import './styles.css';

interface ClientSettings {
  oidcIssuer: string;
  oidcClientId: string;
  defaultLanguage: string;
}

function Localised({ session }: { session: Session }) {
  const { language } = useLanguage();
  return (
    <ConfigProvider
      locale={language === 'vi' ? viVN : enGB}
      theme={{
        zeroRuntime: true,
        token: {
          colorPrimary: '#0b5cad',
          borderRadius: 6,
          fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif',
          // Ant Design's default secondary, placeholder, link and status-text colours fall short of WCAG AA contrast
          // (4.5:1) on white and on the layout's grey; officials read a lot of secondary text.
          colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          colorTextDescription: 'rgba(0, 0, 0, 0.65)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
          colorLink: '#0b5cad',
          colorInfo: '#0b5cad',
          colorError: '#cf1322',
          colorErrorText: '#cf1322',
          colorWarningText: '#ad4e00',
          colorSuccessText: '#237804',
        },
      }}
    >
      <AntApp>
        <SessionProvider value={session}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/**
 * Where people sign in and the default language: in the page itself (the web server writes them into index.html,
 * so starting costs no request), or from /config.json under Vite's development server.
 */
async function pageSettings(): Promise<ClientSettings> {
  const inPage = document.getElementById('dxhub-settings')?.textContent;
  return (inPage ? JSON.parse(inPage) : await (await fetch('/config.json')).json()) as ClientSettings;
}

async function start() {
  const root = createRoot(document.getElementById('root')!);
  preloadArea(location.pathname);
  const settings = await pageSettings();
  const language = storedLanguage(settings.defaultLanguage);
  document.documentElement.lang = language;
  let session: Session;
  try {
    session = await signIn(settings.oidcIssuer, settings.oidcClientId, language);
  } catch (error) {
    root.render(
      <Result
        status="403"
        title={language === 'vi' ? 'Chưa đăng nhập' : 'Not signed in'}
        subTitle={error instanceof NoTokenError ? error.message : String(error)}
      />,
    );
    return;
  }
  setSessionToken(session.accessToken, session.expired);
  askFirstData(location, session.person);
  root.render(
    <StrictMode>
      <LanguageProvider initial={language}>
        <Localised session={session} />
      </LanguageProvider>
    </StrictMode>,
  );
}

void start();
