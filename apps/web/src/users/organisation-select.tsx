import type { CSSProperties } from 'react';
import { Select } from 'antd';
import type { OrganisationDto } from '@evalflow/domain';

interface OrganisationSelectProps {
  value?: string;
  onChange?: (organisationId: string | undefined) => void;
  organisations: readonly Pick<OrganisationDto, 'id' | 'name'>[];
  loading?: boolean;
  disabled?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
}

export function OrganisationSelect({ organisations, testId, placeholder = '请选择机构', ...props }: OrganisationSelectProps) {
  return (
    <Select<string>
      {...props}
      placeholder={placeholder}
      showSearch={{ optionFilterProp: 'label' }}
      options={organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
      data-testid={testId}
    />
  );
}
