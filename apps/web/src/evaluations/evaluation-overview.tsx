import { Descriptions, Space, Tag, Typography } from 'antd';
import type { EvaluationDto } from '@evalflow/domain';
import { DueDate } from './due-date';
import { evaluationKindLabel, evaluationScopeLabel, ratingLabel } from './evaluation-labels';
import { useIndicators } from './evaluation-work-api';
import { formatScore } from './indicator-tree';

const orNone = (value: string | null | undefined) => value || <Typography.Text type="secondary">—</Typography.Text>;

const GRADE_COLORS: Record<string, string> = { excellent: 'green', good: 'blue', fair: 'orange', poor: 'red' };

/**
 * 评价等级 of a key evaluation: the grade of the team's total (libs/domain gradeOf, computed by the API), shown as
 * soon as every indicator is scored and the viewer may see the team's scores (the API sends null otherwise). A key
 * evaluation has no separate rating: its grade is its total's.
 */
function KeyGrade({ evaluationId }: { evaluationId: string }) {
  const { data } = useIndicators(evaluationId);
  const summary = data?.totals.evaluator;
  if (!summary || summary.total === null || !summary.complete || !summary.grade) return orNone(null);
  return (
    <Space size={4} data-testid="evaluation-grade">
      <Tag color={GRADE_COLORS[summary.grade]}>{summary.gradeLabel}</Tag>
      <Typography.Text type="secondary">总分 {formatScore(summary.total)}</Typography.Text>
    </Space>
  );
}

/** 审核等级 of a self-evaluation is the bureau's rating; 评价等级 of a key evaluation follows from the team's total. */
function Grade({ evaluation }: { evaluation: EvaluationDto }) {
  if (evaluation.rating) return <Tag color="blue" data-testid="evaluation-grade">{ratingLabel(evaluation.rating)}</Tag>;
  return evaluation.kind === 'key' ? <KeyGrade evaluationId={evaluation.id} /> : orNone(null);
}

function TeamList({ evaluation }: { evaluation: EvaluationDto }) {
  if (evaluation.team.length === 0) return <Typography.Text type="secondary">未指定</Typography.Text>;
  const ordered = [...evaluation.team].sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));
  return (
    <Space size={[0, 4]} wrap data-testid="evaluation-team">
      {ordered.map((member) => (
        <Tag key={member.userId} color={member.role === 'lead' ? 'geekblue' : undefined}>
          {member.displayName}
          {member.role === 'lead' ? '（组长）' : ''}
        </Tag>
      ))}
    </Space>
  );
}

/** The terms of the evaluation: who commissioned it, who is evaluated, who evaluates, by which framework and basis. */
export function EvaluationOverview({ evaluation }: { evaluation: EvaluationDto }) {
  const items = [
    { key: 'reference', label: '编号', children: <span data-testid="evaluation-reference">{evaluation.reference}</span> },
    { key: 'kind', label: '评价类型', children: <span data-testid="evaluation-kind-label">{evaluationKindLabel(evaluation.kind)}</span> },
    {
      key: 'scope',
      label: '评价范围',
      children: evaluation.projectName ? `${evaluationScopeLabel(evaluation.scope)}：${evaluation.projectName}` : evaluationScopeLabel(evaluation.scope),
    },
    { key: 'fiscalYear', label: '评价年度', children: `${evaluation.fiscalYear}年度` },
    { key: 'department', label: '被评价部门', children: <span data-testid="evaluation-department-name">{evaluation.department.name}</span> },
    { key: 'commissioning', label: '委托单位', children: evaluation.commissioningOrganisation.name },
    ...(evaluation.kind === 'key'
      ? [
          { key: 'evaluator', label: '评价机构', children: orNone(evaluation.evaluatorOrganisation?.name) },
          { key: 'team', label: '评价组', children: <TeamList evaluation={evaluation} /> },
        ]
      : []),
    {
      key: 'framework',
      label: '指标体系',
      children: evaluation.frameworkVersion ? `${evaluation.frameworkVersion.name}（第${evaluation.frameworkVersion.version}版）` : orNone(null),
    },
    { key: 'legalBasis', label: '文件依据', children: orNone(evaluation.legalBasis) },
    ...(evaluation.kind === 'key' ? [{ key: 'reportNumber', label: '报告文号', children: <span data-testid="evaluation-report-number">{orNone(evaluation.reportNumber)}</span> }] : []),
    {
      key: 'rating',
      label: evaluation.kind === 'self' ? '审核等级' : '评价等级',
      children: <Grade evaluation={evaluation} />,
    },
    ...(evaluation.kind === 'self' ? [{ key: 'reviewOpinion', label: '审核意见', children: orNone(evaluation.reviewOpinion), span: 2 }] : []),
    {
      key: 'currentDeadline',
      label: '当前期限',
      children: evaluation.currentDeadline ? (
        <DueDate dueOn={evaluation.currentDeadline.dueOn} overdue={evaluation.currentDeadline.overdue} prefix={evaluation.currentDeadline.label.zh} />
      ) : (
        orNone(null)
      ),
    },
  ];
  return <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={items} data-testid="evaluation-overview" />;
}
