import { useState } from 'react';
import { Alert, Button, Col, Descriptions, Dropdown, Empty, Flex, Row, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  SATISFACTION_OPTIONS,
  SATISFACTION_OPTION_LABELS,
  WORKING_PAPER_KINDS,
  WORKING_PAPER_KIND_LABELS,
  formatRate,
  type EvaluationDto,
  type QuestionnaireDetails,
  type WorkingPaperDto,
  type WorkingPaperKind,
} from '@evalflow/domain';
import { AttachmentPanel } from '../attachments/attachment-panel';
import { useCurrentUser } from '../auth/use-session';
import { QueryError } from '../errors/query-error';
import { relationsTo } from '../evaluations/evaluation-work-rules';
import { ActionsBar } from '../workflow/actions-bar';
import { HistoryTimeline } from '../workflow/history-timeline';
import { StateTag } from '../workflow/state-tag';
import { WorkingPaperFormModal } from './working-paper-form-modal';
import { EDITABLE_STATES, useWorkingPapers, workingPaperSubject } from './working-papers-api';

/** The evaluation states in which the team writes working papers (the API's rule; the page only decides what to offer). */
export const WRITING_STATES: readonly string[] = ['fieldwork', 'draft_review', 'draft_for_comment', 'adjudication'];

const DETAIL_LABELS: Record<string, string> = {
  participants: '参加人员',
  place: '地点',
  checkedItems: '核查内容',
  result: '核查结果',
  respondents: '调查对象',
  validResponses: '有效问卷（份）',
  comparedSource: '复核资料',
  comparedWith: '对照资料',
  differences: '差异情况',
};

const text = (value: unknown) => <span style={{ whiteSpace: 'pre-wrap' }}>{String(value ?? '—')}</span>;

/** A questionnaire's answers per question and option, with the rate per question and overall. */
function QuestionnaireTable({ paper }: { paper: WorkingPaperDto }) {
  const details = paper.details as QuestionnaireDetails;
  const rows = (details.questions ?? []).map((question, index) => ({ key: index, question, rate: paper.satisfaction?.questions[index]?.rate ?? null }));
  return (
    <Table
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="questionnaire-table"
      columns={[
        { title: '题目', key: 'text', render: (_, row) => row.question.text },
        ...SATISFACTION_OPTIONS.map((option) => ({ title: SATISFACTION_OPTION_LABELS[option], key: option, align: 'right' as const, render: (_: unknown, row: (typeof rows)[number]) => row.question.counts[option] })),
        { title: '满意度', key: 'rate', align: 'right' as const, render: (_, row) => formatRate(row.rate) },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={5}>
            总体满意度（非常满意＋满意）÷ 有效回答
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <span data-testid="questionnaire-rate">{formatRate(paper.satisfaction?.rate ?? null)}</span>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** One paper opened: its content, its files, its review actions and its history. */
function WorkingPaperPanel({ paper, canWrite, onEdit }: { paper: WorkingPaperDto; canWrite: boolean; onEdit: () => void }) {
  const subject = workingPaperSubject(paper);
  const open = canWrite && paper.state !== 'signed_off';
  const editable = canWrite && EDITABLE_STATES.includes(paper.state);
  const details = Object.entries(paper.details).filter(([key]) => key !== 'questions');
  return (
    <Row gutter={24} style={{ padding: '4px 8px' }} data-testid={`working-paper-panel-${paper.id}`}>
      <Col span={14}>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            {details.map(([key, value]) => (
              <Descriptions.Item key={key} label={DETAIL_LABELS[key] ?? key}>
                {text(value)}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label="内容">{text(paper.content ?? '—')}</Descriptions.Item>
            <Descriptions.Item label="支撑的指标">{paper.indicatorCodes.length ? paper.indicatorCodes.map((code) => <Tag key={code}>{code}</Tag>) : '—'}</Descriptions.Item>
            <Descriptions.Item label="支撑的问题">{paper.findings.length ? paper.findings.map((f) => <Tag key={f.id}>{`问题${f.seq}：${f.title}`}</Tag>) : '—'}</Descriptions.Item>
            {paper.signedOffBy && (
              <Descriptions.Item label="复核人">
                {paper.signedOffBy.displayName}（{paper.signedOffAt ? new Date(paper.signedOffAt).toLocaleString('zh-CN') : ''}）
              </Descriptions.Item>
            )}
          </Descriptions>
          {paper.kind === 'questionnaire' && <QuestionnaireTable paper={paper} />}
          {editable && (
            <Button onClick={onEdit} data-testid={`working-paper-edit-${paper.id}`}>
              修改底稿
            </Button>
          )}
          <div>
            <Typography.Text strong>附件</Typography.Text>
            <div style={{ marginTop: 8 }}>
              <AttachmentPanel
                subjectType="working_paper"
                subjectId={paper.id}
                canUpload={open}
                emptyText={open ? '可拖入座谈录音整理稿、核查照片、问卷扫描件等' : '暂无附件'}
              />
            </div>
          </div>
          <ActionsBar subject={subject} />
        </Space>
      </Col>
      <Col span={10}>
        <Typography.Text strong>复核记录</Typography.Text>
        <div style={{ marginTop: 12 }}>
          <HistoryTimeline subject={subject} compact />
        </div>
      </Col>
    </Row>
  );
}

type KindFilter = WorkingPaperKind | 'all';

/**
 * 工作底稿: the team's working papers of the evaluation by kind; the team writes them in fieldwork and while the
 * report is drafted, the lead reviews them (复核). The bureau and auditors read them; the department never sees this
 * tab (working papers are the evaluators' own record).
 */
export function WorkingPapersTab({ evaluation }: { evaluation: EvaluationDto }) {
  const me = useCurrentUser();
  const is = relationsTo(me, evaluation);
  const papers = useWorkingPapers(evaluation.id);
  const [filter, setFilter] = useState<KindFilter>('all');
  const [editing, setEditing] = useState<{ kind: WorkingPaperKind; paper?: WorkingPaperDto } | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const canWrite = is.team && WRITING_STATES.includes(evaluation.state);

  if (papers.isPending) return <Spin />;
  if (papers.error) return <QueryError error={papers.error} />;
  const items = papers.data.items.filter((paper) => filter === 'all' || paper.kind === filter);
  const count = (kind: WorkingPaperKind) => papers.data.items.filter((paper) => paper.kind === kind).length;

  const columns: TableProps<WorkingPaperDto>['columns'] = [
    { title: '类型', key: 'kind', width: 110, render: (_, paper) => <Tag>{paper.kindLabel}</Tag> },
    { title: '标题', key: 'title', render: (_, paper) => <span data-testid={`working-paper-title-${paper.id}`}>{paper.title}</span> },
    { title: '日期', dataIndex: 'paperDate', width: 110 },
    { title: '编写人', key: 'author', width: 100, render: (_, paper) => paper.author.displayName },
    {
      title: '满意度',
      key: 'rate',
      width: 90,
      align: 'right',
      render: (_, paper) => (paper.satisfaction ? <span data-testid={`working-paper-rate-${paper.id}`}>{formatRate(paper.satisfaction.rate)}</span> : '—'),
    },
    { title: '状态', key: 'state', width: 100, render: (_, paper) => <StateTag state={paper.state} label={paper.stateLabel} testId={`working-paper-state-${paper.id}`} /> },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="working-papers-tab">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Segmented<KindFilter>
          value={filter}
          onChange={setFilter}
          options={[{ value: 'all', label: `全部（${papers.data.items.length}）` }, ...WORKING_PAPER_KINDS.map((kind) => ({ value: kind, label: `${WORKING_PAPER_KIND_LABELS[kind]}（${count(kind)}）` }))]}
          data-testid="working-paper-filter"
        />
        {canWrite && (
          <Dropdown menu={{ items: WORKING_PAPER_KINDS.map((kind) => ({ key: kind, label: WORKING_PAPER_KIND_LABELS[kind] })), onClick: ({ key }) => setEditing({ kind: key as WorkingPaperKind }) }}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="working-paper-new">
              新建工作底稿
            </Button>
          </Dropdown>
        )}
      </Flex>
      {!canWrite && is.team && <Alert type="info" showIcon title="评价已进入审定阶段，工作底稿不再新增或修改" />}
      <Table<WorkingPaperDto>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: <Empty description={canWrite ? '尚无工作底稿：点击“新建工作底稿”记录座谈、实地核查、满意度调查或对照复核' : '尚无工作底稿'} /> }}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded(keys as string[]),
          expandedRowRender: (paper) => <WorkingPaperPanel paper={paper} canWrite={canWrite} onEdit={() => setEditing({ kind: paper.kind, paper })} />,
        }}
        data-testid="working-papers-table"
      />
      {editing && <WorkingPaperFormModal evaluationId={evaluation.id} kind={editing.kind} paper={editing.paper} onClose={() => setEditing(null)} />}
    </Space>
  );
}

/** States before fieldwork: no working paper can exist yet. */
const BEFORE_FIELDWORK: readonly string[] = ['draft', 'commissioned', 'self_evaluation', 'self_evaluation_review'];
const READER_ROLES = ['finance_admin', 'finance_officer', 'auditor'];

/**
 * Whether the page shows the 工作底稿 tab: a key evaluation from fieldwork on, to the team, the bureau and auditors
 * (the API's read rule); never to the evaluated department (nor the system administrator).
 */
export function showsWorkingPapers(me: ReturnType<typeof useCurrentUser>, evaluation: EvaluationDto): boolean {
  if (evaluation.kind !== 'key' || BEFORE_FIELDWORK.includes(evaluation.state)) return false;
  return relationsTo(me, evaluation).team || me.roles.some((role) => READER_ROLES.includes(role));
}
