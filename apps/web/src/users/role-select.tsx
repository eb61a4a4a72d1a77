import { Select } from 'antd';
import type { Role } from '@evalflow/domain';
import { roleLabel } from '../labels';

interface RoleSelectProps {
  value?: Role[];
  onChange?: (roles: Role[]) => void;
  options: readonly Role[];
  disabled?: boolean;
  placeholder?: string;
}

export function RoleSelect({ value, onChange, options, disabled, placeholder = '请选择角色' }: RoleSelectProps) {
  return (
    <Select<Role[]>
      mode="multiple"
      value={value}
      onChange={onChange}
      disabled={disabled}
      placeholder={placeholder}
      options={options.map((role) => ({ value: role, label: roleLabel(role) }))}
      data-testid="user-roles"
    />
  );
}
