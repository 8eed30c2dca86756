import { Flex, Typography } from 'antd';
import { type ReactNode, useEffect } from 'react';

/**
 * One screen's frame: its title as the page's one h1, the browser tab's title, and two attributes the
 * journeys read: `data-screen` (which screen) and `data-loaded` (its data has arrived; the load time is
 * measured to it).
 */
export function ScreenFrame({
  name,
  title,
  loaded,
  extra,
  children,
}: {
  name: string;
  title: string;
  loaded: boolean;
  extra?: ReactNode;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · DX Hub`;
  }, [title]);
  return (
    <section data-screen={name} data-loaded={loaded ? 'true' : undefined} aria-busy={!loaded}>
      <Flex justify="space-between" align="center" wrap gap="small" style={{ marginBottom: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </section>
  );
}
