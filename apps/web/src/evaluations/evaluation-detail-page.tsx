import { useState } from 'react';
import { Button, Card, Flex, Result, Space, Spin, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import type { EvaluationDto } from '@evalflow/domain';
import { isApiError } from '../api/api-error';
import { subjectOf } from '../auth/subjects';
import { useAppAbility } from '../auth/use-app-ability';
import { QueryError } from '../errors/query-error';
import { EvaluationActionsBar } from './evaluation-actions-bar';
import { EvaluationDeadlines } from './evaluation-deadlines';
import { EvaluationFormModal } from './evaluation-form-modal';
import { EvaluationOverview } from './evaluation-overview';
import { EvaluationStateTag } from './evaluation-state-tag';
import { useEvaluation } from './evaluations-api';
import { FindingsTab } from './findings-tab';
import { findingsTabLabel } from './finding-completeness';
import { HistoryTab } from './history-tab';
import { IndicatorsTab } from './indicators-tab';
import { ReportFieldsCard } from './report-fields-card';
import { SelfEvaluationTab } from './self-evaluation-tab';
import { BudgetTab } from '../budget/budget-tab';

function EvaluationTabs({ evaluation }: { evaluation: EvaluationDto }) {
  return (
    <Card data-testid="evaluation-tabs">
      <Tabs
        items={[
          { key: 'indicators', label: <span data-testid="tab-indicators">指标与评分</span>, children: <IndicatorsTab evaluation={evaluation} /> },
          { key: 'self-evaluation', label: <span data-testid="tab-self-evaluation">自评报告</span>, children: <SelfEvaluationTab evaluation={evaluation} /> },
          {
            key: 'findings',
            label: <span data-testid="tab-findings">{findingsTabLabel(evaluation.kind)}</span>,
            children: <FindingsTab evaluation={evaluation} />,
          },
          { key: 'budget', label: <span data-testid="tab-budget">预算数据</span>, children: <BudgetTab evaluation={evaluation} /> },
          { key: 'history', label: <span data-testid="tab-history">流转记录</span>, children: <HistoryTab evaluationId={evaluation.id} /> },
        ]}
      />
    </Card>
  );
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
            <EvaluationStateTag state={evaluation.state} label={evaluation.stateLabel} testId="evaluation-state" />
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
      <Flex align="start" gap={12} style={{ marginTop: 8 }}>
        <Typography.Text strong style={{ lineHeight: '32px', whiteSpace: 'nowrap' }}>
          可执行操作：
        </Typography.Text>
        <div style={{ flex: 1, minWidth: 0 }}>
          <EvaluationActionsBar evaluation={evaluation} />
        </div>
      </Flex>
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
  if (error) {
    if (isApiError(error, 404) || isApiError(error, 400)) {
      return (
        <Result
          status="404"
          title="评价项目不存在"
          subTitle="该评价项目不存在，或您无权查看。"
          extra={<Link to="/evaluations">返回评价项目</Link>}
          data-testid="evaluation-not-found"
        />
      );
    }
    return <QueryError error={error} onRetry={() => void refetch()} />;
  }

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
