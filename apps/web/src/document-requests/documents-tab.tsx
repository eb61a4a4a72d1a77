import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Col, Empty, Flex, Form, Input, Row, Space, Spin, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { DocumentRequestDto, EvaluationDto } from '@evalflow/domain';
import { describeError, isApiError } from '../api/api-error';
import { useCurrentUser } from '../auth/use-session';
import { QueryError } from '../errors/query-error';
import { DueDate } from '../evaluations/due-date';
import { relationsTo } from '../evaluations/evaluation-work-rules';
import { applyServerErrors, blankToNull, saveErrorBanner } from '../forms/form-errors';
import { ActionsBar } from '../workflow/actions-bar';
import { HistoryTimeline } from '../workflow/history-timeline';
import { StateTag } from '../workflow/state-tag';
import { ANSWERABLE_STATES, documentRequestSubject, useDocumentRequests, useSaveMaterials } from './document-requests-api';
import { DocumentRequestFormModal } from './document-request-form-modal';

const MATERIALS_LABEL = '登记提供情况';
const orNone = (value: string | null | undefined, none = '—') =>
  value ? <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span> : <Typography.Text type="secondary">{none}</Typography.Text>;

/** Overdue while it still waits on the department (the deadline is a day: compared as text, never shifted by a timezone). */
const isOverdue = (request: DocumentRequestDto) => request.dueOn !== null && ANSWERABLE_STATES.includes(request.state) && request.dueOn < dayjs().format('YYYY-MM-DD');

/** 登记提供情况: what the department hands over (files or paper), saved against the version shown. */
function MaterialsForm({ request }: { request: DocumentRequestDto }) {
  const [form] = Form.useForm<{ materialsNote?: string }>();
  const { message } = App.useApp();
  const save = useSaveMaterials(request);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async () => {
    setFormError(null);
    try {
      await save.mutateAsync({ expectedVersion: request.version, materialsNote: blankToNull(form.getFieldValue('materialsNote')?.trim()) });
      message.success('提供情况已登记');
    } catch (error) {
      if (isApiError(error, 409)) {
        message.warning(error.code === 'VERSION_CONFLICT' ? '该资料事项刚被其他人修改过，已刷新，请核对后重新登记' : `${describeError(error)}，已刷新`);
        return;
      }
      setFormError(saveErrorBanner(error, applyServerErrors(form, error, ['materialsNote'])));
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={{ materialsNote: request.materialsNote ?? '' }} data-testid="materials-form">
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form.Item label={MATERIALS_LABEL} name="materialsNote" extra="写明提供了哪些资料、份数，或纸质资料何时移交给了谁。" style={{ marginBottom: 8 }}>
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder="如：2025年度记账凭证共12册，已于5月10日现场移交评价组" data-testid="materials-note" />
      </Form.Item>
      <Button loading={save.isPending} onClick={() => void submit()} data-testid="materials-save">
        保存登记
      </Button>
    </Form>
  );
}

/** One item opened: what was asked, what the department recorded (or records now), its actions and its history. */
function DocumentRequestPanel({ request, isDepartment }: { request: DocumentRequestDto; isDepartment: boolean }) {
  const subject = documentRequestSubject(request);
  const answering = isDepartment && ANSWERABLE_STATES.includes(request.state);
  return (
    <Row gutter={24} style={{ padding: '4px 8px' }} data-testid={`document-request-panel-${request.id}`}>
      <Col span={14}>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {answering ? (
            // A new version (own save, a transition) starts the field afresh from what is stored.
            <MaterialsForm key={request.version} request={request} />
          ) : (
            <div>
              <Typography.Text type="secondary">{MATERIALS_LABEL}：</Typography.Text>
              {orNone(request.materialsNote, '未登记')}
            </div>
          )}
          <ActionsBar subject={subject} guardHint={answering ? () => `（在上方“${MATERIALS_LABEL}”中登记并保存）` : undefined} />
        </Space>
      </Col>
      <Col span={10}>
        <Typography.Text strong>流转记录</Typography.Text>
        <div style={{ marginTop: 12 }}>
          <HistoryTimeline subject={subject} compact />
        </div>
      </Col>
    </Row>
  );
}

function columns(expanded: string[], toggle: (id: string) => void): TableProps<DocumentRequestDto>['columns'] {
  return [
    {
      title: '资料名称',
      key: 'title',
      render: (_: unknown, request) => (
        <>
          <div>{request.title}</div>
          {request.description && (
            <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
              {request.description}
            </Typography.Text>
          )}
        </>
      ),
    },
    { title: '提供期限', key: 'dueOn', width: 150, render: (_: unknown, request) => <DueDate dueOn={request.dueOn} overdue={isOverdue(request)} /> },
    {
      title: '状态',
      key: 'state',
      width: 110,
      render: (_: unknown, request) => (
        <StateTag state={request.state} label={request.stateLabel} testId={`document-request-state-${request.id}`} />
      ),
    },
    {
      title: MATERIALS_LABEL,
      key: 'materialsNote',
      render: (_: unknown, request) => (
        <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: request.materialsNote }}>
          {orNone(request.materialsNote, '未登记')}
        </Typography.Paragraph>
      ),
    },
    { title: '提出人', key: 'createdBy', width: 90, render: (_: unknown, request) => request.createdBy.displayName },
    {
      title: '操作',
      key: 'open',
      width: 110,
      render: (_: unknown, request) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => toggle(request.id)} data-testid={`document-request-open-${request.id}`}>
          {expanded.includes(request.id) ? '收起' : request.terminal ? '查看记录' : '办理 / 查看记录'}
        </Button>
      ),
    },
  ];
}

/**
 * 资料清单: what the team asked the department for during fieldwork and where each item stands. The team adds items
 * (in fieldwork), the department records what it provides and answers, the team accepts or sends back; each item
 * opens in its row with its actions and history.
 */
export function DocumentsTab({ evaluation }: { evaluation: EvaluationDto }) {
  const me = useCurrentUser();
  const is = relationsTo(me, evaluation);
  const { data, error, isPending, refetch } = useDocumentRequests(evaluation.id);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const mayRequest = is.team && evaluation.state === 'fieldwork';
  const toggle = (id: string) => setExpanded((open) => (open.includes(id) ? open.filter((other) => other !== id) : [...open, id]));

  if (isPending) return <Spin />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {mayRequest
            ? '现场评价期间，评价组可在此向被评价部门提出所需资料。'
            : is.department
              ? '评价组需要的资料列在这里：请逐项登记提供情况后答复。'
              : '评价组在现场评价期间提出的资料需求。'}
        </Typography.Text>
        {mayRequest && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="new-document-request">
            提出资料需求
          </Button>
        )}
      </Flex>
      {data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无资料需求" data-testid="documents-empty" />
      ) : (
        <Table<DocumentRequestDto>
          size="small"
          rowKey="id"
          columns={columns(expanded, toggle)}
          dataSource={data.items}
          pagination={false}
          expandable={{
            expandedRowKeys: expanded,
            onExpand: (_open, request) => toggle(request.id),
            expandedRowRender: (request) => <DocumentRequestPanel request={request} isDepartment={is.department} />,
          }}
          onRow={(request) => ({ 'data-testid': `document-request-${request.id}` }) as HTMLAttributes<HTMLElement>}
          data-testid="documents-table"
        />
      )}
      {adding && <DocumentRequestFormModal evaluationId={evaluation.id} onClose={() => setAdding(false)} />}
    </>
  );
}
