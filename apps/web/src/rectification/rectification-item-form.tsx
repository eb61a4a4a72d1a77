import { useState } from 'react';
import { Alert, App, Button, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { RectificationItemDto, UpdateRectificationItemInput } from '@evalflow/domain';
import { describeError, isApiError } from '../api/api-error';
import { subjectOf } from '../auth/subjects';
import { useAppAbility } from '../auth/use-app-ability';
import { useCurrentUser } from '../auth/use-session';
import { applyServerErrors, blankToNull, saveErrorBanner } from '../forms/form-errors';
import { DATE_FORMAT } from '../labels';
import { useUsers } from '../users/users-api';
import { EDITABLE_STATES, useSaveRectificationItem } from './rectification-api';

interface PlanFormValues {
  measures?: string;
  responsibleUnit?: string;
  ownerUserId?: string | null;
  dueOn?: Dayjs | null;
  evidenceNote?: string;
}

const PLAN_FIELDS = ['measures', 'responsibleUnit', 'ownerUserId', 'dueOn', 'evidenceNote'] as const;
export const EVIDENCE_LABEL = '佐证材料（名称、份数或移交情况）';

const valuesOf = (item: RectificationItemDto): PlanFormValues => ({
  measures: item.measures ?? '',
  responsibleUnit: item.responsibleUnit ?? '',
  ownerUserId: item.owner?.id ?? null,
  dueOn: item.dueOn ? dayjs(item.dueOn) : null,
  evidenceNote: item.evidenceNote ?? '',
});

const orNone = (value: string | null | undefined) =>
  value ? <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span> : <Typography.Text type="secondary">未填写</Typography.Text>;

/** What the department wrote, for everyone who only reads it (and for the department once the item is with the verifier). */
function PlanView({ item }: { item: RectificationItemDto }) {
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      styles={{ label: { width: 200 } }}
      data-testid="rectification-plan-view"
      items={[
        { key: 'measures', label: '整改措施', children: orNone(item.measures) },
        { key: 'responsibleUnit', label: '责任单位', children: orNone(item.responsibleUnit) },
        { key: 'owner', label: '责任人', children: orNone(item.owner?.displayName) },
        { key: 'dueOn', label: '整改时限', children: orNone(item.dueOn) },
        { key: 'evidenceNote', label: EVIDENCE_LABEL, children: orNone(item.evidenceNote) },
      ]}
    />
  );
}

/**
 * 责任人: a colleague of the department when the user may list them (the users API), otherwise the person named now
 * and the user themselves. The API checks that the person is an active user of the department (422 otherwise).
 */
function useOwnerOptions(item: RectificationItemDto): { options: { value: string; label: string }[]; loading: boolean } {
  const me = useCurrentUser();
  const ability = useAppAbility();
  const departmentId = item.evaluation.department.id;
  const mayList = ability.can('read', subjectOf('User', { id: '', organisationId: departmentId, organisationRegionId: me.organisation.regionId, roles: [] }));
  const users = useUsers({ page: 1, pageSize: 100, organisationId: departmentId }, mayList);
  const options = new Map<string, string>();
  if (item.owner) options.set(item.owner.id, item.owner.displayName);
  if (mayList && users.data) {
    for (const user of users.data.items.filter((candidate) => candidate.active)) options.set(user.id, user.displayName);
  } else {
    options.set(me.id, `${me.displayName}（本人）`);
  }
  return { options: [...options].map(([value, label]) => ({ value, label })), loading: mayList && users.isPending };
}

interface RectificationItemFormProps {
  item: RectificationItemDto;
  /** The signed-in user belongs to the evaluated department (the only party that writes the item). */
  isDepartment: boolean;
  onReload: () => void;
}

/**
 * 整改措施 of one item: the evaluated department writes measures, responsible unit and person, due date and evidence
 * and saves them against the version shown. Someone else's save in between (409) is said plainly with a reload;
 * the API's objections (422) go under their fields. Everyone else sees what was written, and why they cannot change it.
 */
export function RectificationItemForm({ item, isDepartment, onReload }: RectificationItemFormProps) {
  const editable = isDepartment && EDITABLE_STATES.includes(item.state);
  if (!editable) {
    return (
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          title={isDepartment ? `整改事项${item.stateLabel.zh}，整改措施不能再修改` : '整改措施由被评价部门填写，您可以查看'}
          data-testid="rectification-readonly-reason"
        />
        <PlanView item={item} />
      </Space>
    );
  }
  // A new version (own save, a transition, a reload) starts the form afresh from what is stored.
  return <PlanForm key={item.version} item={item} onReload={onReload} />;
}

function PlanForm({ item, onReload }: { item: RectificationItemDto; onReload: () => void }) {
  const [form] = Form.useForm<PlanFormValues>();
  const { message } = App.useApp();
  const save = useSaveRectificationItem(item);
  const owners = useOwnerOptions(item);
  const [conflict, setConflict] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async () => {
    setConflict(false);
    setFormError(null);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const input: UpdateRectificationItemInput = {
      expectedVersion: item.version,
      measures: blankToNull(values.measures?.trim()),
      responsibleUnit: blankToNull(values.responsibleUnit?.trim()),
      ownerUserId: values.ownerUserId ?? null,
      dueOn: values.dueOn ? values.dueOn.format(DATE_FORMAT) : null,
      evidenceNote: blankToNull(values.evidenceNote?.trim()),
    };
    try {
      await save.mutateAsync(input);
      message.success('已保存。报送、报告进展和申请核查在页面上方“可执行操作”中');
    } catch (error) {
      if (isApiError(error, 409) && error.code === 'VERSION_CONFLICT') {
        setConflict(true);
        return;
      }
      if (isApiError(error, 409)) {
        setFormError(`${error.message || describeError(error)}，请刷新查看`);
        return;
      }
      const placement = applyServerErrors(form, error, PLAN_FIELDS);
      setFormError(saveErrorBanner(error, placement));
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={valuesOf(item)} data-testid="rectification-form" requiredMark={false}>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title="这条整改事项刚被其他人修改过，您的内容没有保存"
          description="请刷新查看最新内容后再填写。刷新会清除您在本页尚未保存的内容。"
          action={
            <Button size="small" onClick={onReload} data-testid="rectification-reload">
              刷新
            </Button>
          }
          style={{ marginBottom: 16 }}
          data-testid="rectification-conflict"
        />
      )}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="rectification-form-error" />}
      <Form.Item label="整改措施" name="measures" extra="报送整改措施前须填写整改措施、责任人和整改时限。">
        <Input.TextArea rows={4} maxLength={5000} showCount placeholder="针对该问题拟采取的整改措施" data-testid="rectification-measures" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={9}>
          <Form.Item label="责任单位" name="responsibleUnit">
            <Input maxLength={100} placeholder="如：财务科" data-testid="rectification-unit" />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item label="责任人" name="ownerUserId">
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={owners.loading}
              options={owners.options}
              placeholder="请选择责任人"
              data-testid="rectification-owner"
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="整改时限"
            name="dueOn"
            // After 部分整改 the department sets a new date for what remains: after today, past the commission's period if need be.
            extra={item.state === 'partly_rectified' ? '部分整改：请设定剩余问题的新整改时限（须晚于今天）' : undefined}
          >
            <DatePicker
              format={DATE_FORMAT}
              style={{ width: '100%' }}
              placeholder="请选择日期"
              disabledDate={(date) => (item.state === 'partly_rectified' ? !date.isAfter(dayjs(), 'day') : date.isBefore(dayjs(), 'day'))}
              data-testid="rectification-due"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={EVIDENCE_LABEL} name="evidenceNote" extra="申请核查前须登记佐证材料。">
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder="如：《预算编制管理办法》（修订稿）及印发通知，共2份" data-testid="rectification-evidence" />
      </Form.Item>
      <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="rectification-save">
        保存
      </Button>
    </Form>
  );
}
