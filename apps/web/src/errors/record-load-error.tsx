import { Result } from 'antd';
import { Link } from 'react-router-dom';
import { isApiError } from '../api/api-error';
import { QueryError } from './query-error';

interface RecordLoadErrorProps {
  error: unknown;
  onRetry: () => void;
  /** What the record is called, e.g. 评价项目, 整改事项. */
  noun: string;
  testId: string;
}

/**
 * A record page whose record did not load: "does not exist, or is not yours to see" for 404 (and a malformed id),
 * else the failure with a retry. The API answers 404 for a record the user may not read, so both read alike.
 */
export function RecordLoadError({ error, onRetry, noun, testId }: RecordLoadErrorProps) {
  if (isApiError(error, 404) || isApiError(error, 400)) {
    return <Result status="404" title={`${noun}不存在`} subTitle={`该${noun}不存在，或您无权查看。`} extra={<Link to="/evaluations">返回评价项目</Link>} data-testid={testId} />;
  }
  return <QueryError error={error} onRetry={onRetry} />;
}
