import { Tag } from 'antd';
import type { Role } from '@evalflow/domain';
import { ROLE_TAG_COLORS, roleLabel } from '../labels';

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  return (
    <>
      {roles.map((role) => (
        <Tag key={role} color={ROLE_TAG_COLORS[role]}>
          {roleLabel(role)}
        </Tag>
      ))}
    </>
  );
}
