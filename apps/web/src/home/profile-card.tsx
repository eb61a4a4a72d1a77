import { Card, Descriptions } from 'antd';
import { useCurrentUser } from '../auth/use-session';
import { RoleTags } from '../layout/role-tags';
import { organisationKindLabel } from '../labels';

export function ProfileCard() {
  const me = useCurrentUser();
  return (
    <Card title="我的信息" data-testid="profile-card">
      <Descriptions
        column={1}
        items={[
          { key: 'displayName', label: '姓名', children: me.displayName },
          { key: 'username', label: '用户名', children: me.username },
          { key: 'email', label: '邮箱', children: me.email ?? '—' },
          { key: 'organisation', label: '所属机构', children: `${me.organisation.name}（${organisationKindLabel(me.organisation.kind)}）` },
          { key: 'roles', label: '角色', children: <RoleTags roles={me.roles} /> },
        ]}
      />
    </Card>
  );
}
