import { PublicationCard } from '../public-reports/publication-card';
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Progress, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { DiffOutlined, DownloadOutlined, EyeOutlined, FilePdfOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { EvaluationDto, ReportDiff, ReportDocumentDto } from '@evalflow/domain';
import { isApiError } from '../api/api-error';
import { downloadReportDocx, downloadReportPdf, isRendering, useReportComparison, useReportDocument, useReportDocuments } from './reports-api';
import { ReportPreview } from './report-preview';

/*
 * 评价报告 tab (issue 12 §7): every version issued (征求意见稿第n版, 正式报告), its rendering status and the stage
 * its queue job has reached (polled while the job works), download, the report in the page, and what changed
 * between two versions.
 */

const STATUS: Record<ReportDocumentDto['status'], { color: string; text: string }> = {
  rendering: { color: 'processing', text: '生成中' },
  ready: { color: 'success', text: '已生成' },
  failed: { color: 'error', text: '生成失败' },
};

const versionName = (d: ReportDocumentDto) => `${d.kindLabel}第${d.version}版`;
/** A self-evaluation's 自评报告 (issued when the bureau rates it) carries no 文号, nor does a draft. */
const NO_NUMBER: Record<ReportDocumentDto['kind'], string> = { draft: '（征求意见稿不编文号）', final: '—', self: '（自评报告不编文号）' };

/** The status of a version: the tag; while its job works, the stage reached with its share; the reason of a failure. */
function RenderStatus({ d }: { d: ReportDocumentDto }) {
  const testId = `${d.kind}-${d.version}`;
  return (
    <Flex vertical gap={2} style={{ minWidth: 150 }}>
      <Space>
        <Tag color={STATUS[d.status].color} data-testid={`report-status-${testId}`}>
          {STATUS[d.status].text}
        </Tag>
        {d.status === 'failed' && <Typography.Text type="secondary">（停在“{d.progress.label}”）</Typography.Text>}
      </Space>
      {isRendering(d) && (
        <div data-testid={`report-progress-${testId}`}>
          <Progress percent={d.progress.percent} size="small" status="active" />
          <Typography.Text type="secondary">{d.status === 'ready' ? `Word 已可下载，正在${d.progress.label}` : `${d.progress.label}…`}</Typography.Text>
        </div>
      )}
      {d.status === 'failed' && d.error && (
        <Typography.Text type="danger" data-testid={`report-error-${testId}`}>
          {d.error}
        </Typography.Text>
      )}
    </Flex>
  );
}
const noWrap = () => ({ style: { whiteSpace: 'nowrap' as const } });
const points = (value: number | null) => (value === null ? '—' : String(value));

export function ReportsTab({ evaluation }: { evaluation: EvaluationDto }) {
  const { message } = App.useApp();
  const documents = useReportDocuments(evaluation.id);
  const items = documents.data?.items ?? [];
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  // By default: the newest version in the page; compare the two newest.
  useEffect(() => {
    if (!items.length) return;
    if (!previewId) setPreviewId(items[0].id);
    if (!from && !to && items.length >= 2) {
      setTo(items[0].id);
      setFrom(items[1].id);
    }
  }, [items, previewId, from, to]);
  const preview = useReportDocument(evaluation.id, previewId);

  if (documents.isLoading) return <Spin />;
  if (documents.error) {
    const text = isApiError(documents.error, 403) ? documents.error.message : '报告加载失败';
    return <Alert type="info" showIcon message={text} data-testid="reports-hidden" />;
  }
  if (!items.length) {
    const description = evaluation.kind === 'self' ? '尚未生成自评报告：财政部门评定审核等级后，这里列出自评报告' : '尚未印发报告：印发征求意见稿后，这里列出每一版报告';
    return <Empty description={description} data-testid="reports-empty" />;
  }

  const download = (d: ReportDocumentDto, pdf = false) =>
    (pdf ? downloadReportPdf(evaluation.id, d) : downloadReportDocx(evaluation.id, d)).catch((error: Error) => message.error(error.message));
  const selected = items.find((d) => d.id === previewId) ?? null;

  return (
    <Flex vertical gap={16} data-testid="reports-tab">
      {evaluation.kind === 'key' ? <PublicationCard evaluationId={evaluation.id} /> : null}
      <Card size="small" title="报告版本">
        <Table<ReportDocumentDto>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={items}
          data-testid="report-versions"
          columns={[
            // Short cells keep to one line; the 文号 note and the actions wrap, so the table fits 1280 px without squeezing names.
            { title: '版本', key: 'version', onCell: noWrap, render: (_, d) => <Typography.Text strong>{versionName(d)}</Typography.Text> },
            {
              title: '状态',
              key: 'status',
              render: (_, d) => <RenderStatus d={d} />,
            },
            { title: '文号', key: 'number', render: (_, d) => d.reportNumber ?? <Typography.Text type="secondary">{NO_NUMBER[d.kind]}</Typography.Text> },
            { title: '模板', key: 'template', onCell: noWrap, render: (_, d) => (d.template ? `${d.template.name}（第${d.template.version}版）` : '内置模板') },
            { title: evaluation.kind === 'self' ? '生成' : '印发', key: 'created', render: (_, d) => `${d.createdBy.displayName} ${dayjs(d.createdAt).format('YYYY-MM-DD HH:mm')}` },
            {
              title: '操作',
              key: 'actions',
              render: (_, d) => (
                <Space size={4} wrap>
                  <Button size="small" icon={<EyeOutlined />} type={d.id === previewId ? 'primary' : 'default'} onClick={() => setPreviewId(d.id)} data-testid={`report-preview-${d.kind}-${d.version}`}>
                    预览
                  </Button>
                  <Button size="small" icon={<DownloadOutlined />} disabled={d.status !== 'ready'} onClick={() => download(d)} data-testid={`report-docx-${d.kind}-${d.version}`}>
                    下载 Word
                  </Button>
                  {d.hasPdf && (
                    <Button size="small" icon={<FilePdfOutlined />} onClick={() => download(d, true)}>
                      下载 PDF
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      {items.length >= 2 && (
        <Card
          size="small"
          title={
            <Space>
              <DiffOutlined />
              版本比较
            </Space>
          }
        >
          {/* A line of its own: the comparison (or 两个版本…相同) goes below the two choices, not glued to the second. */}
          <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
            <Select style={{ width: 200 }} value={from} onChange={setFrom} options={items.map((d) => ({ value: d.id, label: versionName(d) }))} data-testid="compare-from" />
            <span>→</span>
            <Select style={{ width: 200 }} value={to} onChange={setTo} options={items.map((d) => ({ value: d.id, label: versionName(d) }))} data-testid="compare-to" />
          </Space>
          <Comparison evaluationId={evaluation.id} from={from} to={to} />
        </Card>
      )}

      <Card size="small" title={selected ? `预览：${versionName(selected)}` : '预览'} styles={{ body: { background: '#f0f2f5' } }}>
        {preview.data ? (
          <ReportPreview model={preview.data.model} kind={preview.data.kind} reportNumber={preview.data.reportNumber} date={preview.data.createdAt} />
        ) : (
          <Spin />
        )}
      </Card>
    </Flex>
  );
}

function Comparison({ evaluationId, from, to }: { evaluationId: string; from: string | null; to: string | null }) {
  const comparison = useReportComparison(evaluationId, from, to);
  if (!from || !to) return null;
  if (from === to) return <Typography.Text type="secondary">请选择两个不同的版本</Typography.Text>;
  if (comparison.isLoading || !comparison.data) return <Spin />;
  return <DiffView diff={comparison.data.diff} />;
}

export function DiffView({ diff }: { diff: ReportDiff }) {
  if (diff.same) return <Typography.Text data-testid="report-diff-same">两个版本的得分和问题相同</Typography.Text>;
  return (
    <Flex vertical gap={12} data-testid="report-diff">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="总得分">{diff.total.changed ? `${points(diff.total.from)} → ${points(diff.total.to)}` : points(diff.total.to)}</Descriptions.Item>
        <Descriptions.Item label="评价等级">{diff.grade.changed ? `${diff.grade.from ?? '—'} → ${diff.grade.to ?? '—'}` : (diff.grade.to ?? '—')}</Descriptions.Item>
      </Descriptions>
      {diff.scores.length > 0 && (
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          title={() => <b>分数调整（{diff.scores.length}项）</b>}
          dataSource={diff.scores}
          data-testid="report-diff-scores"
          columns={[
            { title: '指标', key: 'name', render: (_, s) => `${s.code} ${s.name}` },
            { title: '原得分', dataIndex: 'from', render: points },
            { title: '现得分', dataIndex: 'to', render: points },
            { title: '调整理由', dataIndex: 'changeReason', render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text> },
            { title: '扣分理由', dataIndex: 'reasonTo', render: (v: string | null) => v ?? '' },
          ]}
        />
      )}
      {diff.findings.withdrawn.map((f) => (
        <Alert key={`w${f.seq}`} type="warning" showIcon message={`问题${f.seq}“${f.title}”已撤回`} description={f.adjudicationReason ? `理由：${f.adjudicationReason}` : undefined} data-testid={`report-diff-withdrawn-${f.seq}`} />
      ))}
      {diff.findings.revised.map((f) => (
        <Alert
          key={`r${f.seq}`}
          type="info"
          showIcon
          message={`问题${f.seq}“${f.title}”已修改`}
          data-testid={`report-diff-revised-${f.seq}`}
          description={
            <>
              {f.adjudicationReason && <div>理由：{f.adjudicationReason}</div>}
              {f.fields.map((field) => (
                <div key={field.field}>
                  {field.label}：<Typography.Text delete>{field.from ?? '（空）'}</Typography.Text> → {field.to ?? '（空）'}
                </div>
              ))}
            </>
          }
        />
      ))}
      {diff.findings.added.map((f) => (
        <Alert key={`a${f.seq}`} type="success" showIcon message={`新增问题${f.seq}“${f.title}”`} />
      ))}
    </Flex>
  );
}
