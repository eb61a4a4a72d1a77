import { Alert, App, Button, Card, Checkbox, Form, InputNumber, Select, Space, Spin, Table, Typography } from 'antd';
import { DEADLINE_LABELS, DEFAULT_REMINDER_POLICY, REMINDER_POLICY_SCOPES, type Me, type ReminderPolicy, type ReminderPolicyScope, type ReminderPolicySettingDto } from '@evalflow/domain';
import { describeError, isApiError } from '../api/api-error';
import { subjectOf } from '../auth/subjects';
import { useAppAbility } from '../auth/use-app-ability';
import { useCurrentUser } from '../auth/use-session';
import { RegionTreeSelect } from '../regions/region-tree-select';
import { useReminderPolicies, useSaveReminderPolicy } from './reminders-api';

const scopeLabel = (scope: ReminderPolicyScope) => (scope === '*' ? '全部期限' : DEADLINE_LABELS[scope].zh);

function describePolicy(policy: ReminderPolicy): string {
  return [
    policy.onStart ? '开始时' : null,
    policy.workingDaysBefore ? `到期前${policy.workingDaysBefore}个工作日` : null,
    policy.onDue ? '到期当日' : null,
    policy.overdueEveryDays ? `逾期后每${policy.overdueEveryDays}天（最多${policy.overdueMaxRepeats}次）` : null,
    ...policy.escalationAfterDays.map((days, level) => `逾期${days}天升级至${level === 0 ? '上级负责人' : '财政部门'}`),
  ]
    .filter(Boolean)
    .join('；');
}

interface PolicyForm extends Omit<ReminderPolicy, 'escalationAfterDays'> {
  regionId: string;
  deadlineKey: ReminderPolicyScope;
  escalation1?: number | null;
  escalation2?: number | null;
}

/**
 * 提醒规则: when owners of deadlines are reminded and when it escalates, per region and deadline. A region without a
 * setting uses the nearest region above it, else the system default. Finance admins edit; finance staff read.
 */
export function ReminderPoliciesPage() {
  const me = useCurrentUser();
  const policies = useReminderPolicies();
  const save = useSaveReminderPolicy();
  const { message } = App.useApp();
  const [form] = Form.useForm<PolicyForm>();
  const ability = useAppAbility();
  const canEdit = ability.can('update', subjectOf('ReminderPolicy', { regionId: me.organisation.regionId }));

  const onSave = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const existing = policies.data?.settings.find((s) => s.regionId === values.regionId && s.deadlineKey === values.deadlineKey);
    const policy: ReminderPolicy = {
      onStart: values.onStart,
      workingDaysBefore: values.workingDaysBefore ?? null,
      onDue: values.onDue,
      overdueEveryDays: values.overdueEveryDays ?? null,
      overdueMaxRepeats: values.overdueMaxRepeats,
      escalationAfterDays: [values.escalation1, values.escalation2].filter((days): days is number => typeof days === 'number'),
    };
    save.mutate(
      { regionId: values.regionId, deadlineKey: values.deadlineKey, policy, expectedVersion: existing?.version },
      {
        onSuccess: () => message.success('提醒规则已保存，之后安排的提醒按新规则执行'),
        onError: (error) => message.error(isApiError(error, 409) ? '规则已被他人修改，已刷新' : describeError(error)),
      },
    );
  };

  const edit = (setting: ReminderPolicySettingDto) =>
    form.setFieldsValue({ regionId: setting.regionId, deadlineKey: setting.deadlineKey, ...setting.policy, escalation1: setting.policy.escalationAfterDays[0] ?? null, escalation2: setting.policy.escalationAfterDays[1] ?? null });

  return (
    <Card title="提醒规则" data-testid="reminder-policies-page">
      {policies.isPending ? (
        <Spin />
      ) : policies.error ? (
        <Alert type="error" title={describeError(policies.error)} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">系统默认：{describePolicy(policies.data.defaultPolicy)}。未设置规则的区划沿用上级区划的规则。</Typography.Paragraph>
          <Table<ReminderPolicySettingDto>
            size="small"
            rowKey={(s) => `${s.regionId}|${s.deadlineKey}`}
            dataSource={policies.data.settings}
            pagination={false}
            locale={{ emptyText: '尚未设置，均按系统默认' }}
            columns={[
              { title: '区划', dataIndex: 'regionName' },
              { title: '期限', key: 'key', render: (_: unknown, s) => scopeLabel(s.deadlineKey) },
              { title: '规则', key: 'policy', render: (_: unknown, s) => describePolicy(s.policy) },
              ...(canEdit ? [{ title: '', key: 'edit', width: 80, render: (_: unknown, s: ReminderPolicySettingDto) => <Button type="link" size="small" onClick={() => edit(s)}>编辑</Button> }] : []),
            ]}
          />
          {canEdit && <PolicyEditor form={form} me={me} onSave={onSave} saving={save.isPending} />}
        </Space>
      )}
    </Card>
  );
}

function PolicyEditor({ form, me, onSave, saving }: { form: ReturnType<typeof Form.useForm<PolicyForm>>[0]; me: Me; onSave: () => void; saving: boolean }) {
  const initial: PolicyForm = {
    regionId: me.organisation.regionId,
    deadlineKey: '*',
    ...DEFAULT_REMINDER_POLICY,
    escalation1: DEFAULT_REMINDER_POLICY.escalationAfterDays[0],
    escalation2: DEFAULT_REMINDER_POLICY.escalationAfterDays[1],
  };
  return (
    <Form form={form} layout="inline" initialValues={initial} data-testid="reminder-policy-form" style={{ rowGap: 12 }}>
      <Form.Item name="regionId" label="区划" style={{ minWidth: 260 }}>
        <RegionTreeSelect />
      </Form.Item>
      <Form.Item name="deadlineKey" label="期限">
        <Select style={{ width: 180 }} options={REMINDER_POLICY_SCOPES.map((scope) => ({ value: scope, label: scopeLabel(scope) }))} />
      </Form.Item>
      <Form.Item name="onStart" valuePropName="checked">
        <Checkbox>开始时提醒</Checkbox>
      </Form.Item>
      <Form.Item name="workingDaysBefore" label="到期前（工作日）">
        <InputNumber min={1} max={30} precision={0} placeholder="不提醒" />
      </Form.Item>
      <Form.Item name="onDue" valuePropName="checked">
        <Checkbox>到期当日提醒</Checkbox>
      </Form.Item>
      <Form.Item name="overdueEveryDays" label="逾期后每隔（天）">
        <InputNumber min={1} max={30} precision={0} placeholder="不提醒" />
      </Form.Item>
      <Form.Item name="overdueMaxRepeats" label="最多次数">
        <InputNumber min={1} max={60} precision={0} />
      </Form.Item>
      <Form.Item name="escalation1" label="逾期升级至上级负责人（天）">
        <InputNumber min={1} max={365} precision={0} placeholder="不升级" />
      </Form.Item>
      <Form.Item name="escalation2" label="再升级至财政部门（天）">
        <InputNumber min={1} max={365} precision={0} placeholder="不升级" />
      </Form.Item>
      <Button type="primary" onClick={onSave} loading={saving} data-testid="save-reminder-policy">
        保存规则
      </Button>
    </Form>
  );
}

/** Whoever may read some region's reminder policies sees the page (the CASL subject `ReminderPolicy`; the API checks again). */
export function canOpenReminderPolicies(ability: ReturnType<typeof useAppAbility>): boolean {
  return ability.can('read', 'ReminderPolicy');
}
