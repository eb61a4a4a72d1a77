import type { ReactNode } from 'react';
import { Layout, Typography } from 'antd';
import { Link } from 'react-router-dom';

/** The public pages' frame: no menu, no sign-in; narrow enough for a phone, centred on a desktop. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header style={{ background: '#1f5fbf', padding: '0 16px', height: 'auto', lineHeight: 1.4 }}>
        <div style={{ maxWidth: 960, margin: '0 auto', padding: '12px 0' }}>
          <Link to="/public/reports" style={{ color: '#fff' }}>
            <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
              预算绩效评价报告公开
            </Typography.Title>
          </Link>
          <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', fontSize: 13 }}>财政部门审定并公开的绩效评价结果，供社会公众查阅</Typography.Text>
        </div>
      </Layout.Header>
      <Layout.Content style={{ padding: '16px 12px' }}>
        <div style={{ maxWidth: 960, margin: '0 auto' }}>{children}</div>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', fontSize: 12, color: '#888', background: 'transparent' }}>
        本页内容无需登录即可查阅 · <Link to="/login">工作人员登录</Link>
      </Layout.Footer>
    </Layout>
  );
}
