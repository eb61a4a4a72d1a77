import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate, type Location } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { loginRequestSchema, type LoginRequest } from '@evalflow/domain';
import { getRefreshRefusal, refreshSession } from '../api/api-client';
import { ApiError, describeError } from '../api/api-error';
import { validateWithSchema } from '../forms/form-errors';
import { login } from './auth-api';
import { useSession } from './use-session';

const LOGIN_MESSAGES = { 'username.required': '请输入用户名', username: '请输入用户名', 'password.required': '请输入密码', password: '请输入密码' };

function targetAfterLogin(location: Location): string {
  const from = (location.state as { from?: Location } | null)?.from;
  if (!from || from.pathname === '/login') return '/';
  return `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`;
}

/** 用户名或密码错误 / 账户已锁定… with the wait the server asks for, when it says. */
function loginErrorMessage(error: unknown): string {
  // The server says how long to wait in seconds, in words the user reads as they are.
  if (error instanceof ApiError && error.code === 'RATE_LIMITED' && /[\u4e00-\u9fff]/.test(error.message)) return error.message;
  const text = describeError(error);
  const seconds = error instanceof ApiError ? (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
  if (typeof seconds !== 'number' || seconds <= 0) return text;
  return `${text}（约${Math.ceil(seconds / 60)}分钟后可重试）`;
}

export function LoginPage() {
  const [form] = Form.useForm<LoginRequest>();
  const { status } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = targetAfterLogin(location);
  const refusal = useRefreshRefusal();

  if (status === 'authenticated' && !submitting) return <Navigate to={target} replace />;

  const onFinish = async (values: LoginRequest) => {
    setError(null);
    const parsed = validateWithSchema(form, loginRequestSchema, values, LOGIN_MESSAGES);
    if (!parsed.ok) return;
    setSubmitting(true);
    try {
      await login(parsed.data);
      // Nothing cached for a previous user may show to this one.
      queryClient.clear();
      navigate(target, { replace: true });
    } catch (cause) {
      setError(loginErrorMessage(cause));
      setSubmitting(false);
    }
  };

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', background: '#f0f2f5' }}>
      {/* A plain panel rather than antd's Card (which brings its tabs and menus): the login page is the first load. */}
      <div style={{ width: 400, padding: 24, background: '#fff', borderRadius: 8, border: '1px solid #f0f0f0' }}>
        <h3 style={{ textAlign: 'center', margin: '0 0 4px', fontSize: 24, fontWeight: 600, color: 'rgba(0, 0, 0, 0.88)' }}>预算绩效评价管理系统</h3>
        <p style={{ textAlign: 'center', margin: '0 0 16px', color: 'rgba(0, 0, 0, 0.45)' }}>Evalflow · 登录</p>
        {refusal && !error && (
          <Alert type="warning" showIcon title={`${refusal.message}。届时将自动恢复登录，无需重新输入密码。`} style={{ marginBottom: 16 }} data-testid="refresh-refused" />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form form={form} layout="vertical" onFinish={(values) => void onFinish(values)} requiredMark={false} autoComplete="on">
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} placeholder="请输入用户名" autoComplete="username" data-testid="login-username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} placeholder="请输入密码" autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            登录
          </Button>
        </Form>
      </div>
    </Flex>
  );
}

/**
 * A session that could not be restored only because this address made too many requests for now: the refresh
 * cookie is still good, so the page tries again when the server said it may, and the user need not sign in again.
 */
function useRefreshRefusal() {
  const [refusal, setRefusal] = useState(getRefreshRefusal);
  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => {
      void refreshSession().then(() => setRefusal(getRefreshRefusal()));
    }, Math.max(0, refusal.retryAt - Date.now()));
    return () => clearTimeout(timer);
  }, [refusal]);
  return refusal;
}
