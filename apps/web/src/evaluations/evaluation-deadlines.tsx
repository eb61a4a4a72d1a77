import { useState, type HTMLAttributes } from 'react';
import { App, Button, DatePicker, Form, InputNumber, Modal, Select, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import { DEADLINE_KIND_LABELS, type DeadlineDto, type DeadlineSetting, type EvaluationDto } from '@evalflow/domain';
import { describeError, isApiError } from '../api/api-error';
import { subjectOf } from '../auth/subjects';
import { useAppAbility } from '../auth/use-app-ability';
import { DATE_FORMAT } from '../labels';
import { useMoveDeadline } from '../reminders/reminders-api';
import { DueDate } from './due-date';
import { DEADLINE_MODE_OPTIONS, type DeadlineMode } from './evaluation-deadline-fields';
import { DEADLINE_STATUS_LABELS } from './evaluation-labels';
import { HolidayCalendarNote } from './holiday-calendar-note';

/** 自然日 / 工作日, and "N 天（自 …）" when the deadline was counted in days. */
function howSet(deadline: DeadlineDto): string {
  const kind = DEADLINE_KIND_LABELS[deadline.kind].zh;
  if (deadline.days === null) return `指定日期（${kind}）`;
  return `${deadline.days} 个${kind}（自${deadline.from ?? '阶段开始'}）`;
}

/** 各阶段期限: set by the commission; the running one may be overdue (red); the bureau may move one not yet ended. */
export function EvaluationDeadlines({ evaluation }: { evaluation: EvaluationDto }) {
  const ability = useAppAbility();
  const [moving, setMoving] = useState<DeadlineDto | null>(null);
  const canMove =
    !evaluation.terminal && ability.can('update', subjectOf('Evaluation', { id: evaluation.id, commissioningOrganisationId: evaluation.commissioningOrganisation.id }));
  const columns: TableProps<DeadlineDto>['columns'] = [
    { title: '期限', key: 'label', render: (_: unknown, deadline) => deadline.label.zh },
    { title: '日期', key: 'dueOn', render: (_: unknown, deadline) => <DueDate dueOn={deadline.dueOn} overdue={deadline.overdue} /> },
    { title: '计算方式', key: 'kind', render: (_: unknown, deadline) => howSet(deadline) },
    { title: '责任方', key: 'owner', render: (_: unknown, deadline) => deadline.owner.user?.displayName ?? deadline.owner.partyLabel.zh },
    {
      title: '状态',
      key: 'status',
      width: 100,
      render: (_: unknown, deadline) => <Tag color={DEADLINE_STATUS_LABELS[deadline.status].color}>{DEADLINE_STATUS_LABELS[deadline.status].text}</Tag>,
    },
    ...(canMove
      ? [
          {
            title: '',
            key: 'move',
            width: 80,
            render: (_: unknown, deadline: DeadlineDto) =>
              deadline.status === 'done' ? null : (
                <Button size="small" type="link" onClick={() => setMoving(deadline)} data-testid={`move-deadline-${deadline.key}`}>
                  调整
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <>
      <HolidayCalendarNote dates={evaluation.deadlines.filter((deadline) => deadline.beyondCalendar).map((deadline) => deadline.dueOn)} style={{ marginBottom: 12 }} />
      <Table<DeadlineDto>
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={evaluation.deadlines}
        pagination={false}
        locale={{ emptyText: '尚未设定期限' }}
        onRow={(deadline) => ({ 'data-testid': `deadline-row-${deadline.key}` }) as HTMLAttributes<HTMLElement>}
        data-testid="evaluation-deadlines"
      />
      {moving && <MoveDeadlineModal evaluationId={evaluation.id} deadline={moving} onClose={() => setMoving(null)} />}
    </>
  );
}

/** 调整期限: a new date or N days; the API bumps the deadline version and reschedules its reminders. */
function MoveDeadlineModal({ evaluationId, deadline, onClose }: { evaluationId: string; deadline: DeadlineDto; onClose: () => void }) {
  const [form] = Form.useForm<{ mode: DeadlineMode; date?: dayjs.Dayjs; days?: number }>();
  const mode = Form.useWatch('mode', form) ?? 'date';
  const move = useMoveDeadline(evaluationId);
  const { message } = App.useApp();
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const setting: DeadlineSetting =
      values.mode === 'date' ? values.date!.format(DATE_FORMAT) : { kind: values.mode, days: values.days!, from: deadline.startedOn ?? null };
    move.mutate(
      { key: deadline.key, setting, expectedVersion: deadline.version },
      {
        onSuccess: () => (message.success('期限已调整，提醒已按新期限重新安排'), onClose()),
        onError: (error) => message.error(isApiError(error, 409) ? '期限已被他人调整，请刷新后重试' : describeError(error)),
      },
    );
  };
  return (
    <Modal open title={`调整期限：${deadline.label.zh}`} onCancel={onClose} onOk={submit} confirmLoading={move.isPending} okText="保存" cancelText="取消">
      <Form form={form} layout="vertical" initialValues={{ mode: 'date', date: dayjs(deadline.dueOn, DATE_FORMAT) }}>
        <Form.Item name="mode" label="计算方式">
          <Select options={DEADLINE_MODE_OPTIONS} />
        </Form.Item>
        {mode === 'date' ? (
          <Form.Item name="date" label="新期限" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
          </Form.Item>
        ) : (
          <Form.Item name="days" label={`天数（自${deadline.startedOn ?? '阶段开始'}起）`} rules={[{ required: true, message: '请输入天数' }]}>
            <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
