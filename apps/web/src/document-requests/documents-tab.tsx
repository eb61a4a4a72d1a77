import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, Modal, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CheckOutlined, DownloadOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { DocumentRequestDto, EvaluationDto, ProposedFindingDto } from '@evalflow/domain';
import { AttachmentPanel } from '../attachments/attachment-panel';
import { useDiscardProposal } from '../budget/budget-api';
import { ProposalConfirmModal } from '../budget/proposal-confirm-modal';
import { describeError, isApiError } from '../api/api-error';
import { useCurrentUser } from '../auth/use-session';
import { QueryError } from '../errors/query-error';
import { DueDate } from '../evaluations/due-date';
import { relationsTo } from '../evaluations/evaluation-work-rules';
import { applyServerErrors, blankToNull, saveErrorBanner } from '../forms/form-errors';
import { ActionsBar } from '../workflow/actions-bar';
import { HistoryTimeline } from '../workflow/history-timeline';
import { StateTag } from '../workflow/state-tag';
import {
  ANSWERABLE_STATES,
  answersItem,
  documentRequestSubject,
  downloadDocumentRequestList,
  useAcceptDocumentRequests,
  useDocumentProposals,
  useDocumentRequests,
  useSaveMaterials,
} from './document-requests-api';
import { DocumentRequestFormModal } from './document-request-form-modal';
import { DocumentRequestIssueModal } from './document-request-issue-modal';

/** Answered items, which the team accepts (one by one in the item, or several at once). */
const ANSWERED_STATES: readonly string[] = ['provided', 'partly_provided', 'not_provided'];

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

/**
 * Why a user of the department may not answer this item: it is its owner's (or, without one, the head's). Shown in
 * place of the upload and the note, so nobody wonders where the buttons went.
 */
function NotYourItem({ request }: { request: DocumentRequestDto }) {
  return (
    <Alert
      type="info"
      showIcon
      title="只有该资料的负责人或部门负责人可以办理"
      description={
        request.owner
          ? `本项资料的负责人是${request.owner.displayName}：上传文件、登记提供情况和答复由负责人或部门负责人办理，您可以查看。`
          : '本项资料未指定负责人，由部门负责人办理：上传文件、登记提供情况和答复；您可以查看。'
      }
      data-testid="document-request-not-yours"
    />
  );
}

/** One item opened: what was asked, what the department recorded (or records now), its actions and its history. */
function DocumentRequestPanel({ request, isDepartment }: { request: DocumentRequestDto; isDepartment: boolean }) {
  const me = useCurrentUser();
  const subject = documentRequestSubject(request);
  const waitsOnDepartment = isDepartment && ANSWERABLE_STATES.includes(request.state);
  const answering = waitsOnDepartment && answersItem(me, request);
  return (
    <Row gutter={24} style={{ padding: '4px 8px' }} data-testid={`document-request-panel-${request.id}`}>
      <Col span={14}>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {waitsOnDepartment && !answering && <NotYourItem request={request} />}
          {answering ? (
            // A new version (own save, a transition) starts the field afresh from what is stored.
            <MaterialsForm key={request.version} request={request} />
          ) : (
            <div>
              <Typography.Text type="secondary">{MATERIALS_LABEL}：</Typography.Text>
              {orNone(request.materialsNote, '未登记')}
            </div>
          )}
          <div>
            <Typography.Text strong>资料文件</Typography.Text>
            <div style={{ marginTop: 8 }}>
              <AttachmentPanel
                subjectType="document_request"
                subjectId={request.id}
                canUpload={answering}
                emptyText={answering ? '尚未上传文件：可拖入文件上传，纸质资料请在上方登记' : '部门尚未上传文件'}
              />
            </div>
          </div>
          <ActionsBar subject={subject} guardHint={answering ? () => `（上传文件，或在上方“${MATERIALS_LABEL}”中登记纸质资料并保存）` : undefined} />
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

/** `mayAct`: whether the item is the user's to work on (a department user: its owner, or the head); else it is only read. */
function columns(expanded: string[], toggle: (id: string) => void, mayAct: (request: DocumentRequestDto) => boolean): TableProps<DocumentRequestDto>['columns'] {
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
          {request.indicatorCodes.length > 0 && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                相关指标：{request.indicatorCodes.join('、')}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      title: '责任人',
      key: 'owner',
      width: 90,
      render: (_: unknown, request) => request.owner?.displayName ?? <Typography.Text type="secondary">—</Typography.Text>,
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
          {expanded.includes(request.id) ? '收起' : request.terminal || !mayAct(request) ? '查看记录' : '办理 / 查看记录'}
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
  const [issuing, setIssuing] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const { message, modal } = App.useApp();
  const acceptMany = useAcceptDocumentRequests(evaluation.id);
  const mayRequest = is.team && evaluation.state === 'fieldwork';
  const toggle = (id: string) => setExpanded((open) => (open.includes(id) ? open.filter((other) => other !== id) : [...open, id]));

  if (isPending) return <Spin />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;

  const selectable = data.items.filter((item) => ANSWERED_STATES.includes(item.state));
  const chosen = selectable.filter((item) => selected.includes(item.id));
  const acceptChosen = async () => {
    try {
      const result = await acceptMany.mutateAsync({ items: chosen.map((item) => ({ id: item.id, expectedVersion: item.version })) });
      message.success(`已确认${result.items.length}项资料`);
      setSelected([]);
    } catch (failure) {
      const refused = isApiError(failure) ? (failure.details as { items?: { id: string; message: string }[] } | undefined)?.items : undefined;
      modal.error({
        title: '批量确认未完成，所选资料均未确认',
        content: refused ? (
          <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="accept-refusals">
            {refused.map((r) => (
              <li key={r.id}>
                {data.items.find((item) => item.id === r.id)?.title ?? '该事项'}：{r.message.replace(/（[^）]*）$/, '')}
              </li>
            ))}
          </ul>
        ) : (
          describeError(failure)
        ),
      });
    }
  };

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {mayRequest
            ? '现场评价期间，评价组可在此向被评价部门提出所需资料。'
            : is.department
              ? '评价组需要的资料列在这里：每项由其负责人（未指定负责人的由部门负责人）登记提供情况后答复。'
              : '评价组在现场评价期间提出的资料需求。'}
        </Typography.Text>
        <Space wrap>
          {mayRequest && (
            <Button type="primary" icon={<UnorderedListOutlined />} onClick={() => setIssuing(true)} data-testid="issue-document-requests">
              按模板下发
            </Button>
          )}
          {mayRequest && (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="new-document-request">
              提出资料需求
            </Button>
          )}
          {is.team && selectable.length > 0 && (
            <Button icon={<CheckOutlined />} disabled={chosen.length === 0} loading={acceptMany.isPending} onClick={() => void acceptChosen()} data-testid="accept-selected">
              批量确认{chosen.length ? `（${chosen.length}）` : ''}
            </Button>
          )}
          {data.items.length > 0 && (
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void downloadDocumentRequestList(evaluation.id, evaluation.reference).catch((failure) => message.error(describeError(failure)))}
              data-testid="export-document-requests"
            >
              导出资料清单
            </Button>
          )}
        </Space>
      </Flex>
      {is.team && <MissingDocumentProposals evaluationId={evaluation.id} items={data.items} />}
      {data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无资料需求" data-testid="documents-empty" />
      ) : (
        <Table<DocumentRequestDto>
          size="small"
          rowKey="id"
          columns={columns(expanded, toggle, (request) => !is.department || answersItem(me, request))}
          dataSource={data.items}
          pagination={false}
          rowSelection={
            is.team
              ? {
                  selectedRowKeys: chosen.map((item) => item.id),
                  onChange: (keys) => setSelected(keys.map(String)),
                  getCheckboxProps: (request) => ({ disabled: !ANSWERED_STATES.includes(request.state), 'data-testid': `document-request-select-${request.id}` }) as object,
                }
              : undefined
          }
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
      {issuing && <DocumentRequestIssueModal evaluationId={evaluation.id} existing={data.items} onClose={() => setIssuing(false)} />}
    </>
  );
}

const PROPOSAL_STATUS: Record<ProposedFindingDto['status'], { label: string; color?: string }> = {
  proposed: { label: '待处理', color: 'orange' },
  confirmed: { label: '已确认为问题', color: 'green' },
  discarded: { label: '已舍弃' },
  obsolete: { label: '已补交资料' },
};

/**
 * 问题线索（资料未提供）: an item the department did not provide is proposed as a finding against the indicators that
 * need it; the team confirms it (it becomes a finding) or discards it with the reason. Shown to the team only.
 */
function MissingDocumentProposals({ evaluationId, items }: { evaluationId: string; items: DocumentRequestDto[] }) {
  const { message } = App.useApp();
  const proposals = useDocumentProposals(evaluationId, items.length > 0);
  const discard = useDiscardProposal(evaluationId);
  const [confirming, setConfirming] = useState<ProposedFindingDto | null>(null);
  const [discarding, setDiscarding] = useState<ProposedFindingDto | null>(null);
  const [reason, setReason] = useState('');
  const visible = (proposals.data ?? []).filter((p) => p.status !== 'obsolete');
  if (!visible.length) return null;
  return (
    <Card size="small" title="问题线索（资料未提供）" style={{ marginBottom: 12 }} data-testid="document-proposals">
      <Table<ProposedFindingDto>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={visible}
        columns={[
          { title: '问题', dataIndex: 'title', width: 220 },
          { title: '描述', dataIndex: 'description' },
          { title: '指标', dataIndex: 'indicatorCode', width: 70, render: (code: string | null) => code ?? '—' },
          {
            title: '状态',
            width: 140,
            render: (_: unknown, p) => (
              <Space orientation="vertical" size={0}>
                <Tag color={PROPOSAL_STATUS[p.status].color}>{PROPOSAL_STATUS[p.status].label}</Tag>
                {p.discardReason && <Typography.Text type="secondary">理由：{p.discardReason}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '操作',
            width: 130,
            render: (_: unknown, p) =>
              p.status === 'proposed' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => setConfirming(p)} data-testid="document-proposal-confirm">
                    确认
                  </Button>
                  <Button size="small" onClick={() => (setDiscarding(p), setReason(''))} data-testid="document-proposal-discard">
                    舍弃
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {confirming && <ProposalConfirmModal key={confirming.id} evaluationId={evaluationId} proposal={confirming} onClose={() => setConfirming(null)} />}
      <Modal
        open={Boolean(discarding)}
        title="舍弃问题线索"
        okText="舍弃"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < 2, loading: discard.isPending }}
        onCancel={() => setDiscarding(null)}
        onOk={() =>
          discarding &&
          void discard
            .mutateAsync({ proposalId: discarding.id, reason: reason.trim() })
            .then(() => (message.success('已舍弃'), setDiscarding(null)))
            .catch((failure) => message.error(describeError(failure)))
        }
      >
        <Input.TextArea rows={3} placeholder="舍弃理由（必填），如：资料已在现场查阅，不影响评价" value={reason} onChange={(event) => setReason(event.target.value)} data-testid="document-proposal-discard-reason" />
      </Modal>
    </Card>
  );
}
