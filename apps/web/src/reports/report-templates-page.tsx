import { ReportNumberingCard } from '../public-reports/report-numbering-card';
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Select, Space, Spin, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { AppAbility, Me, ReportTemplateVersionDto } from '@evalflow/domain';
import { describeError, isApiError, type ApiError } from '../api/api-error';
import { QueryError } from '../errors/query-error';
import { canEditFrameworks } from '../frameworks/framework-access';
import { useEvaluations } from '../evaluations/evaluations-api';
import { downloadBuiltinTemplate, downloadTemplatePreview, downloadTemplateVersion, useReportTemplates, useUploadReportTemplate } from './reports-api';

/** 报告模板 in the menu: the finance admin who edits the bureau's frameworks manages its report template (same rule). */
export const canOpenReportTemplates = (ability: AppAbility, me: Me) => canEditFrameworks(ability, me);

/**
 * 报告模板 (issue 12 §2): the bureau's own Word template — upload a new version (.docx; unknown placeholders are refused
 * and listed), its versions, a preview with an evaluation's data, the built-in template to start from, and every
 * placeholder with its meaning. Evaluations issued from now on use the newest version; earlier ones keep theirs.
 */
export function ReportTemplatesPage() {
  const { message } = App.useApp();
  const { data, error, isPending, refetch } = useReportTemplates();
  const upload = useUploadReportTemplate();
  const evaluations = useEvaluations({ page: 1, pageSize: 50 });
  const [evaluationId, setEvaluationId] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  if (isPending) return <Spin />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;

  const send = async (file: File) => {
    setRefusal(null);
    try {
      const created = await upload.mutateAsync(file);
      message.success(`已上传模板第${created.version}版`);
    } catch (e) {
      if (isApiError(e)) setRefusal(e);
      else message.error(describeError(e));
    }
    return false;
  };
  const preview = (versionId: string | null, name: string) => {
    if (!evaluationId) return message.warning('请先选择用于预览的评价项目');
    downloadTemplatePreview(evaluationId, versionId, name).catch((e: Error) => message.error(e.message));
  };
  const current = data.versions[0];

  return (
    <Flex vertical gap={16} data-testid="report-templates-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        报告模板
      </Typography.Title>
      <ReportNumberingCard />
      <Card size="small" title="上传本单位模板">
        <Flex vertical gap={12}>
          <Typography.Paragraph style={{ margin: 0 }}>
            模板为 Word 文档（.docx），用占位符引用报告内容，如 <Typography.Text code>{'{reportTitle}'}</Typography.Text>、
            <Typography.Text code>{'{#findings}…{/findings}'}</Typography.Text>。可先下载内置模板再修改。此后印发的报告使用最新版本，已印发的报告仍用原版本。
          </Typography.Paragraph>
          <Space wrap>
            <Upload accept=".docx" showUploadList={false} beforeUpload={(file) => send(file)} disabled={upload.isPending}>
              <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending} data-testid="report-template-upload">
                上传模板（.docx）
              </Button>
            </Upload>
            <Button icon={<DownloadOutlined />} onClick={() => downloadBuiltinTemplate().catch((e: Error) => message.error(e.message))}>
              下载内置模板
            </Button>
          </Space>
          {refusal && (
            <Alert
              type="error"
              showIcon
              data-testid="report-template-refusal"
              message={refusal.message}
              description={
                refusal.fieldIssues.length > 1 ? (
                  <ul style={{ margin: 0, paddingLeft: 20 }}>
                    {refusal.fieldIssues.map((issue, index) => (
                      <li key={index}>{issue.message}</li>
                    ))}
                  </ul>
                ) : undefined
              }
            />
          )}
        </Flex>
      </Card>

      <Card
        size="small"
        title="模板版本"
        extra={
          <Space>
            <span>预览数据：</span>
            <Select
              style={{ width: 360 }}
              placeholder="选择评价项目"
              value={evaluationId}
              onChange={setEvaluationId}
              loading={evaluations.isLoading}
              options={(evaluations.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.reference} ${e.title}` }))}
              data-testid="report-template-preview-evaluation"
            />
          </Space>
        }
      >
        <Table<ReportTemplateVersionDto | { id: 'builtin' }>
          size="small"
          rowKey="id"
          pagination={false}
          data-testid="report-template-versions"
          dataSource={[...data.versions, { id: 'builtin' as const }]}
          columns={[
            {
              title: '版本',
              key: 'version',
              render: (_, v) =>
                'version' in v ? (
                  <Space>
                    第{v.version}版{v === current && <Typography.Text type="success">（当前使用）</Typography.Text>}
                  </Space>
                ) : (
                  <Space>
                    {data.builtIn.name}
                    {!current && <Typography.Text type="success">（当前使用）</Typography.Text>}
                  </Space>
                ),
            },
            { title: '文件', key: 'file', render: (_, v) => ('version' in v ? v.fileName : '—') },
            { title: '占位符', key: 'placeholders', render: (_, v) => ('version' in v ? `${v.placeholders.length}个` : `${data.builtIn.placeholders.length}个可用`) },
            { title: '上传', key: 'uploaded', render: (_, v) => ('version' in v ? `${v.uploadedBy.displayName} ${dayjs(v.createdAt).format('YYYY-MM-DD HH:mm')}` : '系统内置') },
            {
              title: '操作',
              key: 'actions',
              render: (_, v) => (
                <Space size={4}>
                  <Button size="small" icon={<EyeOutlined />} onClick={() => preview('version' in v ? v.id : null, 'version' in v ? `模板第${v.version}版` : '内置模板')}>
                    预览
                  </Button>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => ('version' in v ? downloadTemplateVersion(v) : downloadBuiltinTemplate()).catch((e: Error) => message.error(e.message))}
                  >
                    下载
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card size="small" title={`可用占位符（${data.builtIn.placeholders.length}个）`}>
        <Table
          size="small"
          rowKey="name"
          pagination={{ pageSize: 20, showSizeChanger: false }}
          dataSource={data.builtIn.placeholders}
          data-testid="report-placeholders"
          columns={[
            { title: '占位符', dataIndex: 'name', render: (name: string) => <Typography.Text code>{name.includes('.') ? `{${name.split('.')[1]}}（在 {#${name.split('.')[0]}} 内）` : `{${name}}`}</Typography.Text> },
            { title: '含义', dataIndex: 'zh' },
          ]}
        />
      </Card>
    </Flex>
  );
}
