import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Input, Modal, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { METRIC_DEFINITIONS, THREE_PUBLIC_LABELS, UNIT_LABELS, type EvaluationDto, type MetricKey, type MetricResult } from '@evalflow/domain';
import { describeError } from '../api/api-error';
import { downloadFile, saveBlob } from '../api/file-transfer';
import { useCurrentUser } from '../auth/use-session';
import { QueryError } from '../errors/query-error';
import { isReviewWorkPending, ReviewWorkPending } from '../evaluations/review-work-pending';
import { evaluationPath } from '../evaluations/evaluations-api';
import { relationsTo, workErrorMessage } from '../evaluations/evaluation-work-rules';
import {
  useBudgetData,
  useBudgetMetrics,
  useDiscardProposal,
  useImportBudgetWorkbook,
  useSaveBudgetData,
  type ProposedFinding,
} from './budget-api';
import { ProposalConfirmModal } from './proposal-confirm-modal';

// ECharts is loaded with the chart, only when a budget tab draws one.
const PaymentProgressChart = lazy(() => import('./payment-progress-chart').then((module) => ({ default: module.PaymentProgressChart })));

const STATUS_TAGS: Record<ProposedFinding['status'], { color: string; label: string }> = {
  proposed: { color: 'orange', label: '待确认' },
  confirmed: { color: 'green', label: '已确认' },
  discarded: { color: 'default', label: '已舍弃' },
  obsolete: { color: 'default', label: '已失效' },
};

/** Mirrors the API's rules only to decide which buttons to show (the API decides). */
function budgetWork(me: ReturnType<typeof useCurrentUser>, evaluation: EvaluationDto) {
  const is = relationsTo(me, evaluation);
  const state = evaluation.state;
  return {
    write: (state === 'self_evaluation' && is.department) || (['fieldwork', 'adjudication'].includes(state) && is.team),
    decide: evaluation.kind === 'key' ? ['fieldwork', 'adjudication'].includes(state) && is.team : state === 'review' && is.bureau,
  };
}

const metricLabel = (m: { key: string; zh?: string }) => m.zh ?? METRIC_DEFINITIONS[m.key as MetricKey]?.zh ?? m.key;

/** 预算数据: import/export, the entered data, metrics with threshold flags, checks and the proposed findings. */
export function BudgetTab({ evaluation }: { evaluation: EvaluationDto }) {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const work = budgetWork(me, evaluation);
  const data = useBudgetData(evaluation.id);
  const metrics = useBudgetMetrics(evaluation.id);
  const save = useSaveBudgetData(evaluation.id);
  const importWorkbook = useImportBudgetWorkbook(evaluation.id);
  const [problems, setProblems] = useState<{ path: string; message: string }[] | null>(null);

  if (data.isPending || metrics.isPending) return <Spin />;
  if (isReviewWorkPending(data.error)) return <ReviewWorkPending evaluation={evaluation} />;
  if (data.error) return <QueryError error={data.error} onRetry={() => void data.refetch()} />;
  if (metrics.error && !isReviewWorkPending(metrics.error)) return <QueryError error={metrics.error} onRetry={() => void metrics.refetch()} />;

  const onFailure = (error: unknown) => {
    const details = (error as { details?: unknown }).details;
    setProblems(Array.isArray(details) ? (details as { path: string; message: string }[]) : null);
    message.error(workErrorMessage(error));
  };
  const onSaved = () => {
    setProblems(null);
    message.success('预算数据已保存，指标已重新计算');
  };
  const importFile = async (file: File) => {
    if (file.name.toLowerCase().endsWith('.json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch (error) {
        message.error(`不是有效的 JSON：${describeError(error)}`);
        return;
      }
      save.mutate({ data: parsed, expectedVersion: data.data.version }, { onSuccess: onSaved, onError: onFailure });
    } else {
      importWorkbook.mutate(file, { onSuccess: onSaved, onError: onFailure });
    }
  };

  // Undefined while the team's measuring is not yet shown to the department (it still sees the data it entered).
  const measured = metrics.data;
  const analysis = measured?.analysis ?? null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="budget-tab">
      <Space wrap>
        <Button icon={<DownloadOutlined />} onClick={() => void downloadFile('/budget-data/template.xlsx', '预算数据模板.xlsx').catch(onFailure)} data-testid="budget-template">
          下载模板
        </Button>
        {work.write && (
          <Upload accept=".xlsx,.json" showUploadList={false} beforeUpload={(file) => (void importFile(file), false)}>
            <Button type="primary" icon={<UploadOutlined />} loading={save.isPending || importWorkbook.isPending} data-testid="budget-import">
              导入 Excel / JSON
            </Button>
          </Upload>
        )}
        {data.data.data && (
          <>
            <Button onClick={() => void downloadFile(evaluationPath(evaluation.id, '/budget-data/export.xlsx'), `预算数据-${evaluation.reference}.xlsx`).catch(onFailure)}>导出 Excel</Button>
            <Button onClick={() => saveBlob(new Blob([JSON.stringify(data.data.data, null, 2)], { type: 'application/json' }), `预算数据-${evaluation.reference}.json`)}>导出 JSON</Button>
          </>
        )}
        {data.data.updatedAt && <Typography.Text type="secondary">版本 {data.data.version}，更新于 {new Date(data.data.updatedAt).toLocaleString('zh-CN')}</Typography.Text>}
      </Space>
      {problems && problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          title="数据有误，未保存"
          description={<ul style={{ margin: 0 }}>{problems.map((p) => <li key={`${p.path}${p.message}`}><code>{p.path}</code>：{p.message}</li>)}</ul>}
          data-testid="budget-problems"
        />
      )}
      {!measured ? (
        <>
          <ReviewWorkPending evaluation={evaluation} />
          {data.data.data && <DataTables document={data.data.data} />}
        </>
      ) : !analysis ? (
        <Empty description={work.write ? '尚未录入预算数据：请下载模板填写后导入' : '尚未录入预算数据'} />
      ) : (
        <>
          <ProposalsCard evaluationId={evaluation.id} proposals={measured.proposals} canDecide={work.decide} />
          <MetricsCard metrics={analysis.metrics} flags={analysis.flags} skipped={analysis.skipped} source={measured.thresholds.regionName} />
          <Card size="small" title="支付序时进度">
            <Suspense fallback={<Spin />}>
              <PaymentProgressChart
                metrics={analysis.metrics}
                standard={(() => {
                  const t = measured.thresholds.thresholds.find((x) => x.metric === 'payment_progress' && x.subject === 'Q3');
                  return t ? Math.round(Number(t.percent) * 100) : null;
                })()}
              />
            </Suspense>
          </Card>
          <ReportedCard reported={analysis.reported} />
          <ReconciliationCard analysis={analysis} />
          {data.data.data && <DataTables document={data.data.data} />}
        </>
      )}
    </Space>
  );
}

function MetricsCard({ metrics, flags, skipped, source }: { metrics: MetricResult[]; flags: { metric: string; subject: string | null; comparison: string }[]; skipped: { key: string; subject: string | null; reason: string }[]; source: string | null }) {
  const flagOf = (m: MetricResult) => flags.find((f) => f.metric === m.key && f.subject === m.subject);
  return (
    <Card size="small" title={`指标（阈值：${source ?? '系统默认'}）`}>
      <Table<MetricResult>
        size="small"
        rowKey={(m) => `${m.key}|${m.subject ?? ''}`}
        dataSource={metrics}
        pagination={false}
        data-testid="budget-metrics"
        columns={[
          {
            title: '指标',
            // A metric with several formulas names the one used (口径), so the figure is not read by another.
            render: (_, m) => (m.variant && m.variant !== 'standard' ? <Space size={4}>{metricLabel(m)}<Tag title={m.formula}>{m.variantZh}</Tag></Space> : metricLabel(m)),
          },
          { title: '对象', dataIndex: 'subject', render: (s: string | null) => s ?? '整体' },
          { title: '计算', dataIndex: 'figures' },
          {
            title: '值',
            align: 'right',
            render: (_, m) => <Typography.Text type={flagOf(m) ? 'danger' : undefined} strong={Boolean(flagOf(m))}>{m.text}</Typography.Text>,
          },
          { title: '阈值', render: (_, m) => (flagOf(m) ? <Tag color="red">{flagOf(m)!.comparison}</Tag> : null) },
          { title: '公式', dataIndex: 'formula', responsive: ['xl'] },
        ]}
      />
      {skipped.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          无法计算：{skipped.map((s) => `${metricLabel(s)}${s.subject ? `（${s.subject}）` : ''}——${s.reason}`).join('；')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function ReportedCard({ reported }: { reported: NonNullable<import('./budget-api').MetricsResponse['analysis']>['reported'] }) {
  if (!reported.length) return null;
  return (
    <Card size="small" title="报告数复核">
      <Table
        size="small"
        rowKey={(r) => `${r.metric}|${r.subject ?? ''}|${r.reported}`}
        dataSource={reported}
        pagination={false}
        data-testid="budget-reported"
        columns={[
          { title: '指标', render: (_, r) => metricLabel({ key: r.metric }) },
          { title: '对象', dataIndex: 'subject', render: (s: string | null) => s ?? '整体' },
          { title: '报告值', dataIndex: 'reported' },
          { title: '复算值', dataIndex: 'computedText', render: (s: string | null) => s ?? '—' },
          {
            title: '结果',
            render: (_, r) => (r.status === 'match' ? <Tag color="green">一致</Tag> : r.status === 'differs' ? <Tag color="red">不一致</Tag> : <Tag>无法复算</Tag>),
          },
          { title: '说明', dataIndex: 'note' },
          { title: '出处', dataIndex: 'source', responsive: ['xl'] },
        ]}
      />
    </Card>
  );
}

function ReconciliationCard({ analysis }: { analysis: NonNullable<import('./budget-api').MetricsResponse['analysis']> }) {
  const r = analysis.reconciliation;
  const failedSums = analysis.consistency.filter((c) => !c.ok);
  const unit = UNIT_LABELS[analysis.unit];
  return (
    <Card size="small" title="对账与勾稽">
      {r ? (
        <>
          <Descriptions size="small" column={3} data-testid="budget-reconciliation">
            <Descriptions.Item label={r.sourceA.name}>{r.sourceA.amount} {unit}</Descriptions.Item>
            <Descriptions.Item label={r.sourceB.name}>{r.sourceB.amount} {unit}</Descriptions.Item>
            <Descriptions.Item label="差额">{r.difference} {unit}</Descriptions.Item>
            <Descriptions.Item label="已说明">{r.explained} {unit}</Descriptions.Item>
            <Descriptions.Item label="未说明">
              <Typography.Text type={r.balanced ? undefined : 'danger'}>{r.unexplained} {unit}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="结论">{r.balanced ? <Tag color="green">差异已逐项说明</Tag> : <Tag color="red">{r.problems.join('；')}</Tag>}</Descriptions.Item>
          </Descriptions>
          <Table size="small" rowKey="item" pagination={false} dataSource={r.differences} columns={[{ title: '差异事项', dataIndex: 'item' }, { title: `差额（${unit}）`, dataIndex: 'amount', align: 'right' }, { title: '原因', dataIndex: 'reason', render: (s: string | null) => s ?? <Typography.Text type="danger">未说明</Typography.Text> }]} />
        </>
      ) : (
        <Typography.Text type="secondary">未录入两套数据来源的对账。</Typography.Text>
      )}
      <Typography.Paragraph style={{ marginTop: 8 }} type={failedSums.length ? 'danger' : 'secondary'}>
        表内勾稽：{analysis.consistency.length} 项，{failedSums.length ? `不平 ${failedSums.length} 项——${failedSums.map((c) => `${c.check}：合计 ${c.expected}，填报 ${c.actual}`).join('；')}` : '全部相符'}
      </Typography.Paragraph>
    </Card>
  );
}

function DataTables({ document }: { document: NonNullable<import('./budget-api').BudgetDataResponse['data']> }) {
  const unit = UNIT_LABELS[document.unit];
  const lines = [
    ['合计', document.total],
    ['基本支出', document.basic],
    ['其中：人员经费', document.basic?.staff],
    ['其中：公用经费', document.basic?.running],
    ['项目支出', document.project],
  ].filter(([, line]) => line) as [string, Record<string, string | null | undefined>][];
  const amountColumns = [
    ['carriedIn', '上年结转'],
    ['initial', '年初预算'],
    ['adjustments', '预算调整'],
    ['allotted', '全年指标下达数'],
    ['spent', '支出'],
    ['recovered', '年末指标收回'],
    ['carryOver', '年末结转结余'],
  ].map(([key, title]) => ({ title, dataIndex: key, align: 'right' as const }));
  return (
    <Card size="small" title={`预算数据（单位：${unit}）`}>
      <Table size="small" pagination={false} rowKey="name" dataSource={lines.map(([name, line]) => ({ name, ...line }))} columns={[{ title: '口径', dataIndex: 'name' }, ...amountColumns]} />
      {document.projects.length > 0 && (
        <Table size="small" style={{ marginTop: 12 }} pagination={{ pageSize: 10 }} rowKey="name" dataSource={document.projects} columns={[{ title: '项目', dataIndex: 'name' }, ...amountColumns]} />
      )}
      {document.threePublic.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 12 }}
          pagination={false}
          rowKey="kind"
          dataSource={document.threePublic}
          columns={[
            { title: '“三公”经费', dataIndex: 'kind', render: (k: keyof typeof THREE_PUBLIC_LABELS) => THREE_PUBLIC_LABELS[k] },
            { title: '预算数', dataIndex: 'budget', align: 'right' },
            { title: '支出数', dataIndex: 'spent', align: 'right' },
            { title: '上年支出数', dataIndex: 'lastYear', align: 'right' },
          ]}
        />
      )}
    </Card>
  );
}

function ProposalsCard({ evaluationId, proposals, canDecide }: { evaluationId: string; proposals: ProposedFinding[]; canDecide: boolean }) {
  const { message } = App.useApp();
  const discard = useDiscardProposal(evaluationId);
  const [confirming, setConfirming] = useState<ProposedFinding | null>(null);
  const [discarding, setDiscarding] = useState<ProposedFinding | null>(null);
  const [reason, setReason] = useState('');
  const visible = useMemo(() => proposals.filter((p) => p.status !== 'obsolete'), [proposals]);
  if (!visible.length) return null;
  return (
    <Card size="small" title="问题线索（指标越过阈值自动生成，评价组确认后成为问题）">
      <Table<ProposedFinding>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={visible}
        data-testid="budget-proposals"
        columns={[
          { title: '问题', dataIndex: 'title' },
          { title: '描述', dataIndex: 'description' },
          { title: '指标', dataIndex: 'indicatorCode', render: (code: string | null) => code ?? '—' },
          { title: '建议扣分', dataIndex: 'suggestedDeduction', render: (d: number | null) => (d === null ? '—' : d.toFixed(2)) },
          {
            title: '状态',
            render: (_, p) => (
              <Space orientation="vertical" size={0}>
                <Tag color={STATUS_TAGS[p.status].color}>{STATUS_TAGS[p.status].label}</Tag>
                {p.discardReason && <Typography.Text type="secondary">理由：{p.discardReason}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '操作',
            render: (_, p) =>
              canDecide && p.status === 'proposed' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => setConfirming(p)} data-testid="proposal-confirm">
                    确认
                  </Button>
                  <Button size="small" onClick={() => (setDiscarding(p), setReason(''))} data-testid="proposal-discard">
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
        okButtonProps={{ disabled: reason.trim().length < 2, danger: true }}
        confirmLoading={discard.isPending}
        onCancel={() => setDiscarding(null)}
        onOk={() =>
          discarding &&
          discard.mutate(
            { proposalId: discarding.id, reason: reason.trim() },
            { onSuccess: () => (setDiscarding(null), message.success('已舍弃')), onError: (error) => message.error(workErrorMessage(error)) },
          )
        }
      >
        <Typography.Paragraph>{discarding?.title}</Typography.Paragraph>
        <Input.TextArea rows={3} placeholder="舍弃理由（必填）" value={reason} onChange={(event) => setReason(event.target.value)} data-testid="proposal-discard-reason" />
      </Modal>
    </Card>
  );
}
