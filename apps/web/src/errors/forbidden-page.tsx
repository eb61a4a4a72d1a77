import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';

export function ForbiddenPage() {
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle="您没有访问此页面的权限，如有需要请联系系统管理员。"
      extra={
        <Link to="/">
          <Button type="primary">返回工作台</Button>
        </Link>
      }
      data-testid="forbidden-page"
    />
  );
}
