import { Alert, Button } from 'antd';
import { describeError, isApiError } from '../api/api-error';
import { ForbiddenPage } from './forbidden-page';

/** Shows a failed query: the 403 page for FORBIDDEN, otherwise an alert with a retry button. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (isApiError(error, 403)) return <ForbiddenPage />;
  return (
    <Alert
      type="error"
      showIcon
      title="加载失败"
      description={describeError(error)}
      action={onRetry ? <Button size="small" onClick={onRetry}>重试</Button> : undefined}
    />
  );
}
