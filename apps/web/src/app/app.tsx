import { useState } from 'react';
import { RouterProvider } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { AbilityProvider } from '@casl/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { SessionBootstrap } from '../auth/session-bootstrap';
import { ability } from '../auth/session-store';
import { createQueryClient } from './query-client';
import { router } from './router';

dayjs.locale('zh-cn');

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1f5fbf' } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AbilityProvider value={ability}>
            <SessionBootstrap>
              <RouterProvider router={router} />
            </SessionBootstrap>
          </AbilityProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
