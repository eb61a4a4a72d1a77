import { Col, Form, Row, Select, type FormInstance } from 'antd';
import type { Role, UserDto } from '@evalflow/domain';
import { useCurrentUser } from '../auth/use-session';
import { useOrganisations } from '../organisations/organisations-api';
import { OrganisationSelect } from '../users/organisation-select';
import { useUsers } from '../users/users-api';
import type { EvaluationFormValues } from './evaluation-fields';

const LEAD_ROLES: readonly Role[] = ['evaluation_lead'];
const MEMBER_ROLES: readonly Role[] = ['evaluation_lead', 'evaluator'];

const holdsAny = (user: UserDto, roles: readonly Role[]) => user.active && user.roles.some((role) => roles.includes(role));
const userOption = (user: UserDto) => ({ value: user.id, label: user.displayName });

/**
 * 评价机构, 评价组长 and 成员 of a key evaluation: a commissioned firm or the bureau's own evaluation group; the lead
 * and members are users of that organisation holding the evaluation roles.
 */
export function EvaluationTeamFields({ form }: { form: FormInstance<EvaluationFormValues> }) {
  const me = useCurrentUser();
  const organisationId = Form.useWatch('evaluatorOrganisationId', form) ?? undefined;
  const leadUserId = Form.useWatch('leadUserId', form) ?? undefined;
  const firms = useOrganisations({ page: 1, pageSize: 100, kind: 'evaluation_firm' });
  const users = useUsers({ page: 1, pageSize: 100, organisationId }, Boolean(organisationId));
  // While another organisation's users are still shown as placeholder data, offer nobody.
  const candidates = organisationId && !users.isPlaceholderData ? (users.data?.items ?? []) : [];

  const organisations = [
    ...(firms.data?.items.filter((organisation) => organisation.active) ?? []),
    ...(me.organisation.kind === 'finance_bureau' ? [{ ...me.organisation, name: `${me.organisation.name}（本局评价组）` }] : []),
  ];

  const onOrganisationChange = () => form.setFieldsValue({ leadUserId: null, memberUserIds: [] });

  return (
    <>
      <Form.Item
        label="评价机构"
        name="evaluatorOrganisationId"
        extra="委托的第三方机构，或本局自行组织的评价组；下达评价通知前须指定评价组及组长"
      >
        <OrganisationSelect
          organisations={organisations}
          loading={firms.isPending}
          onChange={onOrganisationChange}
          placeholder="请选择评价机构"
          testId="evaluation-evaluator-organisation"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item label="评价组长" name="leadUserId">
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={organisationId ? '请选择评价组长' : '请先选择评价机构'}
              disabled={!organisationId}
              loading={users.isFetching}
              options={candidates.filter((user) => holdsAny(user, LEAD_ROLES)).map(userOption)}
              onChange={(lead) => form.setFieldValue('memberUserIds', (form.getFieldValue('memberUserIds') as string[] | undefined)?.filter((id) => id !== lead) ?? [])}
              data-testid="evaluation-lead"
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item label="评价组成员" name="memberUserIds">
            <Select<string[]>
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={organisationId ? '请选择成员（可多选）' : '请先选择评价机构'}
              disabled={!organisationId}
              loading={users.isFetching}
              options={candidates.filter((user) => user.id !== leadUserId && holdsAny(user, MEMBER_ROLES)).map(userOption)}
              data-testid="evaluation-members"
            />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
