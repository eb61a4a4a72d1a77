import { useState } from 'react';
import { Button, Descriptions, Empty, Flex, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { EvaluationDto, FindingAnswer, FindingDto } from '@evalflow/domain';
import { useCurrentUser } from '../auth/use-session';
import { QueryError } from '../errors/query-error';
import { isReviewWorkPending, ReviewWorkPending } from './review-work-pending';
import { FINDING_ADJUDICATION_LABELS, FINDING_ANSWER_LABELS } from './evaluation-labels';
import { useFindings } from './evaluation-work-api';
import { workOf, type EvaluationWork } from './evaluation-work-rules';
import { lacksAnalysis, missingAnalysisLabel } from './finding-completeness';
import { FindingFormModal } from './finding-form-modal';
import { FindingResponseModal, type FindingResponseKind } from './finding-response-modal';
import { findingAttachmentItems } from '../attachments/finding-attachments';
import { FindingEvidence } from '../working-papers/finding-evidence-field';
import { FindingChainButton } from '../rectification/finding-chain';

type ModalState =
  | { mode: 'closed' }
  | { mode: 'create' }
  | { mode: 'edit'; finding: FindingDto }
  | { mode: 'respond'; finding: FindingDto; kind: FindingResponseKind; answer?: FindingAnswer };

const orNone = (value: string | null) => value || <Typography.Text type="secondary">—</Typography.Text>;

function FindingDetails({ finding, work }: { finding: FindingDto; work: EvaluationWork }) {
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        { key: 'description', label: '问题描述', children: <span style={{ whiteSpace: 'pre-wrap' }}>{finding.description}</span> },
        { key: 'cause', label: '问题剖析', children: orNone(finding.causeAnalysis) },
        { key: 'recommendation', label: '建议', children: orNone(finding.recommendation) },
        ...(finding.answerText ? [{ key: 'answer', label: '部门说明', children: finding.answerText }] : []),
        ...(finding.adjudicationReason ? [{ key: 'adjudication', label: '处理理由', children: finding.adjudicationReason }] : []),
        { key: 'evidence', label: '依据', children: <FindingEvidence findingId={finding.id} /> },
        ...findingAttachmentItems(finding, work),
      ]}
    />
  );
}

/** The title, tagged while 问题剖析 or 建议 is missing: the draft for comment cannot go out until every finding has both. */
function FindingTitle({ finding }: { finding: FindingDto }) {
  return (
    <Space size={[4, 4]} wrap>
      <span>{finding.title}</span>
      {finding.originItemId && (
        <Tag color="purple" data-testid={`finding-prior-year-${finding.seq}`}>
          上年度问题
        </Tag>
      )}
      {finding.originItemId && <FindingChainButton findingId={finding.id} size="small" />}
      {lacksAnalysis(finding) && (
        <Tag color="warning" data-testid={`finding-incomplete-${finding.seq}`}>
          {missingAnalysisLabel(finding)}
        </Tag>
      )}
    </Space>
  );
}

function findingColumns(work: EvaluationWork, open: (state: ModalState) => void): TableProps<FindingDto>['columns'] {
  const actions = (finding: FindingDto) => (
    <Space size={0} wrap>
      {work.recordFindings && (
        <Button type="link" size="small" onClick={() => open({ mode: 'edit', finding })} data-testid={`edit-finding-${finding.seq}`}>
          编辑
        </Button>
      )}
      {work.answerFindings && (
        <>
          <Button type="link" size="small" onClick={() => open({ mode: 'respond', finding, kind: 'answer', answer: 'accepted' })} data-testid={`accept-finding-${finding.seq}`}>
            认可
          </Button>
          <Button type="link" size="small" onClick={() => open({ mode: 'respond', finding, kind: 'answer', answer: 'disputed' })} data-testid={`dispute-finding-${finding.seq}`}>
            有异议
          </Button>
        </>
      )}
      {work.adjudicateFindings && finding.answer && (
        <Button type="link" size="small" onClick={() => open({ mode: 'respond', finding, kind: 'adjudicate' })} data-testid={`adjudicate-finding-${finding.seq}`}>
          处理
        </Button>
      )}
    </Space>
  );
  return [
    { title: '序号', dataIndex: 'seq', key: 'seq', width: 60 },
    { title: '类别', dataIndex: 'category', key: 'category', width: 120, render: orNone },
    { title: '问题', dataIndex: 'title', key: 'title', render: (_: unknown, finding: FindingDto) => <FindingTitle finding={finding} /> },
    { title: '关联指标', dataIndex: 'indicatorCode', key: 'indicatorCode', width: 90, render: orNone },
    {
      title: '部门反馈',
      dataIndex: 'answer',
      key: 'answer',
      width: 100,
      render: (answer: FindingDto['answer']) =>
        answer ? <Tag color={FINDING_ANSWER_LABELS[answer].color}>{FINDING_ANSWER_LABELS[answer].text}</Tag> : <Typography.Text type="secondary">未反馈</Typography.Text>,
    },
    {
      title: '处理结果',
      dataIndex: 'adjudication',
      key: 'adjudication',
      width: 100,
      render: (adjudication: FindingDto['adjudication']) =>
        adjudication ? <Tag color={FINDING_ADJUDICATION_LABELS[adjudication].color}>{FINDING_ADJUDICATION_LABELS[adjudication].text}</Tag> : orNone(null),
    },
    ...(work.recordFindings || work.answerFindings || work.adjudicateFindings
      ? [{ title: '操作', key: 'actions', width: 160, render: (_: unknown, finding: FindingDto) => actions(finding) }]
      : []),
  ];
}

/** 问题清单: the findings; the team records them, the department answers the draft, the team adjudicates the answers. */
export function FindingsTab({ evaluation }: { evaluation: EvaluationDto }) {
  const me = useCurrentUser();
  const { data, error, isPending, refetch } = useFindings(evaluation.id);
  const [modal, setModal] = useState<ModalState>({ mode: 'closed' });
  const work = workOf(me, evaluation);
  const close = () => setModal({ mode: 'closed' });

  if (isPending) return <Spin />;
  if (isReviewWorkPending(error)) return <ReviewWorkPending evaluation={evaluation} />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;

  return (
    <>
      {work.recordFindings && (
        <Flex justify="end" style={{ marginBottom: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create' })} data-testid="new-finding">
            {evaluation.kind === 'key' ? '记录问题' : '添加审核意见'}
          </Button>
        </Flex>
      )}
      {data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无问题" />
      ) : (
        <Table<FindingDto>
          size="small"
          rowKey="id"
          columns={findingColumns(work, setModal)}
          dataSource={data.items}
          pagination={false}
          expandable={{ expandedRowRender: (finding) => <FindingDetails finding={finding} work={work} /> }}
          data-testid="findings-table"
        />
      )}
      {(modal.mode === 'create' || modal.mode === 'edit') && (
        <FindingFormModal key={modal.mode === 'edit' ? modal.finding.id : 'new'} evaluationId={evaluation.id} finding={modal.mode === 'edit' ? modal.finding : undefined} onClose={close} />
      )}
      {modal.mode === 'respond' && (
        <FindingResponseModal
          key={`${modal.finding.id}:${modal.kind}`}
          evaluationId={evaluation.id}
          finding={modal.finding}
          kind={modal.kind}
          initialAnswer={modal.answer}
          onClose={close}
        />
      )}
    </>
  );
}
