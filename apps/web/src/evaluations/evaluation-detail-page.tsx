import { useEffect, useRef, useState } from 'react';
import { useIsFetching } from '@tanstack/react-query';
import { Button, Card, Flex, Space, Spin, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { EvaluationDto } from '@evalflow/domain';
import { subjectOf } from '../auth/subjects';
import { useAppAbility } from '../auth/use-app-ability';
import { RecordLoadError } from '../errors/record-load-error';
import { EvaluationDeadlines } from './evaluation-deadlines';
import { EvaluationFormModal } from './evaluation-form-modal';
import { EvaluationOverview } from './evaluation-overview';
import { evaluationSubject, useEvaluation } from './evaluations-api';
import { useFindings } from './evaluation-work-api';
import { FindingsTab } from './findings-tab';
import { FINDINGS_COMPLETE_GUARD, findingsTabLabel, lacksAnalysis } from './finding-completeness';
import { IndicatorsTab } from './indicators-tab';
import { ReportFieldsCard } from './report-fields-card';
import { SelfEvaluationTab } from './self-evaluation-tab';
import { BudgetTab } from '../budget/budget-tab';
import { DocumentsTab } from '../document-requests/documents-tab';
import { useCurrentUser } from '../auth/use-session';
import { WorkingPapersTab, showsWorkingPapers } from '../working-papers/working-papers-tab';
import { useDocumentRequests } from '../document-requests/document-requests-api';
import { useRectificationItems } from '../rectification/rectification-api';
import { RectificationTab } from '../rectification/rectification-tab';
import { PriorYearTab, usePriorYearItems } from '../rectification/prior-year-tab';
import { ActionsBar } from '../workflow/actions-bar';
import { HistoryTimeline } from '../workflow/history-timeline';
import { StateTag } from '../workflow/state-tag';
import { ReportsTab } from '../reports/reports-tab';

const DEFAULT_TAB = 'indicators';
/** Where the 评价报告 tab shows by itself: a key evaluation from the draft for comment on, a self-evaluation from its rating (审核完成) on. */
const REPORT_STATES: { readonly key: readonly string[]; readonly self: readonly string[] } = {
  key: ['draft_for_comment', 'adjudication', 'final_review', 'published', 'rectification', 'closed'],
  self: ['rectification', 'closed'],
};

/**
 * The tab shown is the one the address names (`?tab=findings`, as notices and mails link), else 指标与评分; choosing a
 * tab writes it back, so a reload or a shared link opens the same tab; a link naming a tab scrolls to it. 整改事项 shows once the evaluation has items,
 * 资料清单 in fieldwork or once it has any (or when a link asks for it).
 */
function EvaluationTabs({ evaluation }: { evaluation: EvaluationDto }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab') ?? DEFAULT_TAB;
  // A link to a tab (a notice, a mail) lands on it: once the page's data is in and its height settled, scroll there.
  const card = useRef<HTMLDivElement>(null);
  const scrollPending = useRef(searchParams.has('tab'));
  const fetching = useIsFetching();
  useEffect(() => {
    if (!scrollPending.current || fetching > 0) return;
    scrollPending.current = false;
    card.current?.scrollIntoView({ block: 'start' });
  }, [fetching]);
  const me = useCurrentUser();
  const rectification = useRectificationItems(evaluation.id);
  const documents = useDocumentRequests(evaluation.id);
  const showRectification = requested === 'rectification' || (rectification.data?.items.length ?? 0) > 0;
  // 上年度问题整改情况: once the department's earlier items are listed (the API hides them from the department before the draft).
  const priorYear = usePriorYearItems(evaluation.id);
  const showPriorYear = requested === 'prior-year' || (priorYear.data?.items.length ?? 0) > 0;
  const showDocuments = requested === 'documents' || (evaluation.kind === 'key' && evaluation.state === 'fieldwork') || (documents.data?.items.length ?? 0) > 0;
  // 评价报告: a key evaluation's versions from the draft for comment on, a self-evaluation's 自评报告 once rated (or when a link asks for it).
  const showReports = requested === 'reports' || REPORT_STATES[evaluation.kind].includes(evaluation.state);
  const items = [
    { key: 'indicators', label: <span data-testid="tab-indicators">指标与评分</span>, children: <IndicatorsTab evaluation={evaluation} /> },
    { key: 'self-evaluation', label: <span data-testid="tab-self-evaluation">自评报告</span>, children: <SelfEvaluationTab evaluation={evaluation} /> },
    {
      key: 'findings',
      label: <span data-testid="tab-findings">{findingsTabLabel(evaluation.kind)}</span>,
      children: <FindingsTab evaluation={evaluation} />,
    },
    ...(showDocuments ? [{ key: 'documents', label: <span data-testid="tab-documents">资料清单</span>, children: <DocumentsTab evaluation={evaluation} /> }] : []),
    ...(showPriorYear
      ? [{ key: 'prior-year', label: <span data-testid="tab-prior-year">上年度问题整改情况</span>, children: <PriorYearTab evaluation={evaluation} /> }]
      : []),
    ...(showsWorkingPapers(me, evaluation)
      ? [{ key: 'working-papers', label: <span data-testid="tab-working-papers">工作底稿</span>, children: <WorkingPapersTab evaluation={evaluation} /> }]
      : []),
    ...(showRectification
      ? [{ key: 'rectification', label: <span data-testid="tab-rectification">整改事项</span>, children: <RectificationTab evaluationId={evaluation.id} /> }]
      : []),
    ...(showReports ? [{ key: 'reports', label: <span data-testid="tab-reports">评价报告</span>, children: <ReportsTab evaluation={evaluation} /> }] : []),
    { key: 'budget', label: <span data-testid="tab-budget">预算数据</span>, children: <BudgetTab evaluation={evaluation} /> },
    { key: 'history', label: <span data-testid="tab-history">流转记录</span>, children: <HistoryTimeline subject={evaluationSubject(evaluation)} /> },
  ];
  const activeKey = items.some((item) => item.key === requested) ? requested : DEFAULT_TAB;
  const choose = (key: string) =>
    setSearchParams(
      (params) => {
        const next = new URLSearchParams(params);
        if (key === DEFAULT_TAB) next.delete('tab');
        else next.set('tab', key);
        return next;
      },
      { replace: true },
    );
  return (
    <Card ref={card} data-testid="evaluation-tabs">
      <Tabs activeKey={activeKey} onChange={choose} items={items} />
    </Card>
  );
}

/** How many findings still lack 问题剖析/建议: the guard says what must hold, this says how far off it is. */
function FindingsGap({ evaluation }: { evaluation: EvaluationDto }) {
  const { data } = useFindings(evaluation.id);
  const open = data?.items.filter(lacksAnalysis).length ?? 0;
  if (open === 0) return null;
  return <>：还有 {open} 个问题缺少问题剖析/建议，请在下方“{findingsTabLabel(evaluation.kind)}”中补充</>;
}

function EvaluationHeader({ evaluation, onEdit }: { evaluation: EvaluationDto; onEdit?: () => void }) {
  return (
    <Card>
      <Flex justify="space-between" align="start" gap={16} wrap>
        <div>
          <Link to="/evaluations">
            <ArrowLeftOutlined /> 评价项目
          </Link>
          <Typography.Title level={4} style={{ margin: '8px 0' }} data-testid="evaluation-title">
            {evaluation.title}
          </Typography.Title>
          <Space>
            <Typography.Text type="secondary">{evaluation.reference}</Typography.Text>
            <StateTag state={evaluation.state} label={evaluation.stateLabel} testId="evaluation-state" />
          </Space>
        </div>
        {onEdit && (
          <Button icon={<EditOutlined />} onClick={onEdit} data-testid="edit-evaluation">
            编辑
          </Button>
        )}
      </Flex>
      <div style={{ marginTop: 16 }}>
        <EvaluationOverview evaluation={evaluation} />
      </div>
      <div style={{ marginTop: 8 }}>
        <ActionsBar
          subject={evaluationSubject(evaluation)}
          guardHint={(guardId) => (guardId === FINDINGS_COMPLETE_GUARD ? <FindingsGap evaluation={evaluation} /> : null)}
        />
      </div>
    </Card>
  );
}

/** 评价项目详情: terms, deadlines, the lifecycle actions the user may fire, and the work of the stages in tabs. */
export function EvaluationDetailPage() {
  const { id = '' } = useParams<{ id: string }>();
  const ability = useAppAbility();
  const { data: evaluation, error, isPending, refetch } = useEvaluation(id);
  const [editing, setEditing] = useState(false);

  if (isPending) return <Spin size="large" />;
  if (error) return <RecordLoadError error={error} onRetry={() => void refetch()} noun="评价项目" testId="evaluation-not-found" />;

  const canEdit =
    evaluation.state === 'draft' &&
    ability.can('update', subjectOf('Evaluation', { id: evaluation.id, commissioningOrganisationId: evaluation.commissioningOrganisation.id }));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="evaluation-detail">
      <EvaluationHeader evaluation={evaluation} onEdit={canEdit ? () => setEditing(true) : undefined} />
      <ReportFieldsCard evaluation={evaluation} />
      <Card size="small" title="各阶段期限">
        <EvaluationDeadlines evaluation={evaluation} />
      </Card>
      <EvaluationTabs evaluation={evaluation} />
      {editing && <EvaluationFormModal evaluation={evaluation} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
    </Space>
  );
}
