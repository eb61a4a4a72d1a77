import { useEffect, type ReactNode } from 'react';
import { Flex, Spin } from 'antd';
import { refreshSession } from '../api/api-client';
import { useSession } from './use-session';

/** On page load, trades the refresh cookie (if any) for an access token before rendering the routes. */
export function SessionBootstrap({ children }: { children: ReactNode }) {
  const { status } = useSession();

  useEffect(() => {
    if (status === 'loading') void refreshSession();
  }, [status]);

  if (status === 'loading') {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" description="正在加载…" />
      </Flex>
    );
  }
  return children;
}
