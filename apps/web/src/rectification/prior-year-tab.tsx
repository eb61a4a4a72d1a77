import { useState } from 'react';
import { Alert, App, Empty, Form, Input, Modal, Radio, Space, Spin, Table, Tag, Typography, Button } from 'antd';
import type { ButtonProps, TableProps } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { PRIOR_YEAR_ASSESSMENTS, type AssessPriorYearItemInput, type EvaluationDto, type PriorYearAssessment, type PriorYearItemDto } from '@evalflow/domain';
import { api } from '../api/api-client';
import { AttachmentPanel } from '../attachments/attachment-panel';
import { describeError, isApiError } from '../api/api-error';
import { useCurrentUser } from '../auth/use-session';
import { QueryError } from '../errors/query-error';
import { evaluationKeys, evaluationPath } from '../evaluations/evaluations-api';
import { workOf } from '../evaluations/evaluation-work-rules';
import { isReviewWorkPending, ReviewWorkPending } from '../evaluations/review-work-pending';
import { applyServerErrors, saveErrorBanner } from '../forms/form-errors';
import { FindingChainButton } from './finding-chain';

export const priorYearKey = (evaluationId: string) => [...evaluationKeys.detail(evaluationId), 'prior-year-items'] as const;

export function usePriorYearItems(evaluationId: string) {
  return useQuery({
    queryKey: priorYearKey(evaluationId),
    queryFn: ({ signal }) => api.get<{ items: PriorYearItemDto[] }>(evaluationPath(evaluationId, '/prior-year-items'), undefined, signal),
    retry: (count, error) => !isApiError(error, 403) && !isApiError(error, 404) && count < 2,
  });
}

const ASSESSMENT_COLORS: Record<PriorYearAssessment, string> = { rectified: 'success', partly_rectified: 'warning', not_rectified: 'error' };

function AssessModal({ evaluationId, row, onClose }: { evaluationId: string; row: PriorYearItemDto; onClose: () => void }) {
  const [form] = Form.useForm<{ assessment?: PriorYearAssessment; note?: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (input: AssessPriorYearItemInput) => api.put<PriorYearItemDto>(evaluationPath(evaluationId, `/prior-year-items/${encodeURIComponent(row.item.id)}`), input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: evaluationKeys.detail(evaluationId) }),
  });
  const carriedAs = row.followup?.finding ?? null;
  const locked = carriedAs !== null;

  const submit = async () => {
    setFormError(null);
    const values = await form.validateFields().catch(() => null);
    if (!values?.assessment) return;
    try {
      const saved = await save.mutateAsync({
        assessment: values.assessment,
        note: (values.note ?? '').trim(),
        ...(row.followup ? { expectedVersion: row.followup.version } : {}),
      });
      message.success(saved.followup?.finding ? `已保存，并列为本次评价的问题${saved.followup.finding.seq}` : '已保存核查结论');
      onClose();
    } catch (error) {
      if (isApiError(error, 409)) {
        setFormError(error.code === 'VERSION_CONFLICT' ? '这条核查结论刚被其他人修改过，已刷新，请查看后再保存' : error.message || describeError(error));
        return;
      }
      setFormError(saveErrorBanner(error, applyServerErrors(form, error, ['assessment', 'note'])));
    }
  };

  return (
    <Modal
      open
      title={`核查上年度问题：问题${row.finding.seq} ${row.finding.title}`}
      okText="保存"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'prior-year-submit' } as ButtonProps}
      width={560}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} data-testid="prior-year-error" />}
      <Typography.Paragraph type="secondary">
        {row.evaluation.fiscalYear}年度 · {row.evaluation.title}；当前整改状态：{row.item.stateLabel}
        {row.item.dueOn ? `；整改时限 ${row.item.dueOn}` : ''}
      </Typography.Paragraph>
      {row.item.measures && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>整改措施：{row.item.measures}</Typography.Paragraph>}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ assessment: row.followup?.assessment.id as PriorYearAssessment | undefined, note: row.followup?.note ?? '' }}>
        <Form.Item
          label="核查结论"
          name="assessment"
          rules={[{ required: true, message: '请选择核查结论' }]}
          extra="“未整改”或“部分整改”的，将列为本次评价的问题（关联上年度问题），并按“上年度评价问题整改情况”指标扣分。"
        >
          <Radio.Group data-testid="prior-year-assessment">
            {PRIOR_YEAR_ASSESSMENTS.map((option) => (
              <Radio key={option.id} value={option.id} disabled={locked && option.id === 'rectified'} data-testid={`prior-year-assessment-${option.id}`}>
                {option.zh}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {carriedAs && <Alert type="info" showIcon title={`该事项已列为本次评价的问题${carriedAs.seq}，不能再改为“整改到位”；如需撤销请在问题清单中处理`} style={{ marginBottom: 12 }} />}
        <Form.Item label="核查说明" name="note" rules={[{ required: true, whitespace: true, min: 2, message: '请写明核查了什么、还有哪些未整改（至少2个字）' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="如：已查阅修订后的管理办法及执行记录，月度分析仍未建立" data-testid="prior-year-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 上年度问题整改情况: the department's items of earlier evaluations that were not closed, where each stands now and
 * this evaluation's assessment of it; the team assesses each while it records findings. One not (fully) rectified
 * becomes a finding of this evaluation, whose number is shown.
 */
export function PriorYearTab({ evaluation }: { evaluation: EvaluationDto }) {
  const me = useCurrentUser();
  const { data, error, isPending, refetch } = usePriorYearItems(evaluation.id);
  const [assessing, setAssessing] = useState<PriorYearItemDto | null>(null);
  const canAssess = workOf(me, evaluation).recordFindings;

  if (isPending) return <Spin />;
  if (isReviewWorkPending(error)) return <ReviewWorkPending evaluation={evaluation} />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;

  const open = data.items.filter((row) => !row.followup).length;
  const columns: TableProps<PriorYearItemDto>['columns'] = [
    {
      title: '年度 / 评价项目',
      key: 'evaluation',
      width: 200,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{row.evaluation.fiscalYear}年度</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.evaluation.title}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '问题',
      key: 'finding',
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={2}>
          <Link to={`/rectification-items/${row.item.id}`}>
            问题{row.finding.seq}：{row.finding.title}
          </Link>
          {row.finding.category && <Typography.Text type="secondary">{row.finding.category}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '整改情况',
      key: 'item',
      width: 150,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={2}>
          <Tag>{row.item.stateLabel}</Tag>
          {row.item.dueOn && <Typography.Text type="secondary">时限 {row.item.dueOn}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '本次核查结论',
      key: 'followup',
      width: 240,
      render: (_: unknown, row) =>
        row.followup ? (
          <Space orientation="vertical" size={2} data-testid={`prior-year-followup-${row.item.id}`}>
            <Space size={4} wrap>
              <Tag color={ASSESSMENT_COLORS[row.followup.assessment.id as PriorYearAssessment]}>{row.followup.assessment.zh}</Tag>
              {row.followup.finding && (
                <Link to={`/evaluations/${evaluation.id}?tab=findings`} data-testid={`prior-year-new-finding-${row.item.id}`}>
                  已列为本次问题{row.followup.finding.seq}
                </Link>
              )}
            </Space>
            <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: row.followup.note }}>
              {row.followup.note}
            </Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.followup.assessedBy}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="warning">尚未核查</Typography.Text>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: canAssess ? 190 : 120,
      render: (_: unknown, row) => (
        <Space size={4} wrap>
          {canAssess && (
            <Button size="small" type={row.followup ? 'default' : 'primary'} onClick={() => setAssessing(row)} data-testid={`prior-year-assess-${row.item.id}`}>
              {row.followup ? '修改结论' : '核查'}
            </Button>
          )}
          <FindingChainButton findingId={row.finding.id} size="small" />
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="prior-year">
      <Typography.Text type="secondary">
        被评价部门以往年度评价中尚未整改完成（未整改、整改中、部分整改、结转下年度）的问题，本次评价逐项核查整改情况；核查后可展开该行上传核查佐证材料。
        {canAssess && open > 0 ? `还有 ${open} 项尚未核查。` : ''}
        {!canAssess && data.items.length > 0 ? '核查结论由评价组填写。' : ''}
      </Typography.Text>
      {data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该部门以往年度评价没有尚未整改完成的问题" />
      ) : (
        <Table<PriorYearItemDto>
          size="small"
          rowKey={(row) => row.item.id}
          columns={columns}
          dataSource={data.items}
          pagination={false}
          // An assessment's evidence (核查佐证材料): its files open under the row, once the assessment exists.
          expandable={{
            rowExpandable: (row) => row.followup !== null,
            expandedRowRender: (row) =>
              row.followup && (
                <div data-testid={`prior-year-evidence-${row.item.id}`}>
                  <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                    核查佐证材料
                  </Typography.Text>
                  <AttachmentPanel subjectType="prior_year_followup" subjectId={row.followup.id} canUpload={canAssess} emptyText="尚未上传核查佐证材料" />
                </div>
              ),
          }}
          data-testid="prior-year-table"
        />
      )}
      {assessing && <AssessModal key={assessing.item.id} evaluationId={evaluation.id} row={assessing} onClose={() => setAssessing(null)} />}
    </Space>
  );
}
