import { App, Button, Col, Descriptions, Flex, Form, Input, Row, Space, Spin, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { NARRATIVE_SECTION_LABELS, NARRATIVE_SECTIONS, type EvaluationDto, type Me, type NarrativeSection } from '@evalflow/domain';
import type { GuardMessage } from '@evalflow/workflow';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { useCurrentUser } from '../auth/use-session';
import { evaluationPath } from './evaluations-api';
import { QueryError } from '../errors/query-error';
import { DATE_TIME_FORMAT } from '../labels';
import { useSaveSelfEvaluation, useSelfEvaluationReport, type SelfEvaluationReport } from './evaluation-work-api';
import { workErrorMessage, workOf } from './evaluation-work-rules';
import { executionRate, fenToYuan, yuanToFen } from './money';

interface SelfEvaluationFormValues {
  budgetYuan?: string;
  spentYuan?: string;
  narrative?: Partial<Record<NarrativeSection, string>>;
}

const yuan = (fen: number | null) => (fen === null ? '—' : `${fenToYuan(fen, true)} 元`);

const amountRule = {
  validator: async (_rule: unknown, value: string | undefined) => {
    if (yuanToFen(value) === undefined) throw new Error('请输入金额（元），最多两位小数');
  },
};

function ReportView({ report }: { report: SelfEvaluationReport }) {
  const rate = report.budgetFen !== null && report.spentFen !== null ? executionRate(report.spentFen, report.budgetFen) : null;
  return (
    <>
      <Descriptions
        size="small"
        column={3}
        items={[
          { key: 'budget', label: '预算数', children: <span data-testid="budget-yuan">{yuan(report.budgetFen)}</span> },
          { key: 'spent', label: '执行数', children: <span data-testid="spent-yuan">{yuan(report.spentFen)}</span> },
          { key: 'rate', label: '预算执行率', children: rate ?? '—' },
        ]}
      />
      {NARRATIVE_SECTIONS.map((section) => (
        <div key={section} style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{NARRATIVE_SECTION_LABELS[section].zh}</Typography.Title>
          {report.narrative[section] ? (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{report.narrative[section]}</Typography.Paragraph>
          ) : (
            <Typography.Text type="secondary">未填写</Typography.Text>
          )}
        </div>
      ))}
    </>
  );
}

/**
 * 提请负责人审核: staff fill the form, only the head approves and submits it; this tells the head(s) it is ready.
 * The API refuses an incomplete form (422) with what is missing, which is shown as it is.
 */
function HandOverButton({ evaluationId }: { evaluationId: string }) {
  const { message } = App.useApp();
  const handOver = useMutation({ mutationFn: () => api.post<{ notified: true }>(evaluationPath(evaluationId, '/self-evaluation/hand-over')) });
  const onClick = () =>
    handOver.mutate(undefined, {
      onSuccess: () => message.success('已提请部门负责人审核报送'),
      onError: (error) => {
        const missing = isApiError(error, 422) ? ((error.details as { failedGuards?: GuardMessage[] } | undefined)?.failedGuards ?? []) : [];
        message.error(missing.length ? `自评尚未填完：${missing.map((guard) => guard.zh).join('；')}` : workErrorMessage(error));
      },
    });
  return (
    <Button loading={handOver.isPending} onClick={onClick} data-testid="hand-over-self-evaluation">
      提请负责人审核
    </Button>
  );
}

const isStaffOnly = (me: Me) => me.roles.includes('department_staff') && !me.roles.includes('department_head');

function ReportForm({ evaluationId, report, canHandOver }: { evaluationId: string; report: SelfEvaluationReport; canHandOver: boolean }) {
  const [form] = Form.useForm<SelfEvaluationFormValues>();
  const { message } = App.useApp();
  const save = useSaveSelfEvaluation(evaluationId);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const narrative = Object.fromEntries(NARRATIVE_SECTIONS.map((section) => [section, values.narrative?.[section]?.trim() ?? '']));
    try {
      // The validators above guarantee these parse; undefined never reaches the API.
      await save.mutateAsync({ narrative, budgetFen: yuanToFen(values.budgetYuan) ?? null, spentFen: yuanToFen(values.spentYuan) ?? null });
      message.success('自评报告已保存');
    } catch (error) {
      message.error(workErrorMessage(error));
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{
        budgetYuan: report.budgetFen === null ? '' : fenToYuan(report.budgetFen),
        spentYuan: report.spentFen === null ? '' : fenToYuan(report.spentFen),
        narrative: report.narrative,
      }}
      data-testid="self-evaluation-form"
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item label="预算数（元）" name="budgetYuan" rules={[amountRule]}>
            <Input inputMode="decimal" suffix="元" placeholder="如 63831600.00" data-testid="budget-input" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="执行数（元）" name="spentYuan" rules={[amountRule]}>
            <Input inputMode="decimal" suffix="元" placeholder="如 57055900.00" data-testid="spent-input" />
          </Form.Item>
        </Col>
      </Row>
      {NARRATIVE_SECTIONS.map((section) => (
        <Form.Item key={section} label={NARRATIVE_SECTION_LABELS[section].zh} name={['narrative', section]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={20000} data-testid={`narrative-${section}`} />
        </Form.Item>
      ))}
      <Flex justify="end">
        <Space>
          {canHandOver && <HandOverButton evaluationId={evaluationId} />}
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="save-self-evaluation">
            保存自评报告
          </Button>
        </Space>
      </Flex>
    </Form>
  );
}

/** 自评报告: the department's narrative and budget figures (元 on screen, fen in the API); editable while it self-evaluates. */
export function SelfEvaluationTab({ evaluation }: { evaluation: EvaluationDto }) {
  const me = useCurrentUser();
  const { data, error, isPending, refetch, dataUpdatedAt } = useSelfEvaluationReport(evaluation.id);
  if (isPending) return <Spin />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  return (
    <>
      {data.updatedAt && (
        <Typography.Paragraph type="secondary">最后保存：{dayjs(data.updatedAt).format(DATE_TIME_FORMAT)}</Typography.Paragraph>
      )}
      {workOf(me, evaluation).fillSelfEvaluation ? <ReportForm key={dataUpdatedAt} evaluationId={evaluation.id} report={data} canHandOver={isStaffOnly(me)} /> : <ReportView report={data} />}
    </>
  );
}
