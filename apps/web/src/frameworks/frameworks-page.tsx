import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Card, Flex, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { FRAMEWORK_SCOPE_LABELS } from '@evalflow/domain';
import { useAppAbility } from '../auth/use-app-ability';
import { useCurrentUser } from '../auth/use-session';
import { QueryError } from '../errors/query-error';
import { frameworkExportPath, useCreateFrameworkDraft, useFrameworkVersions, useImportFramework, type FrameworkSummary } from '../evaluations/frameworks-api';
import { canEditFrameworks } from './framework-access';
import { downloadFile } from '../api/file-transfer';
import { frameworkErrorText, issuesText } from './framework-problems';

const versionLabel = (item: FrameworkSummary) => (item.version === null ? <Tag color="orange">草稿</Tag> : <Tag color="green">第 {item.version} 版</Tag>);

/** 指标体系: every published version and the bureau's drafts; finance admins start drafts, import and export. */
export function FrameworksPage() {
  const me = useCurrentUser();
  const ability = useAppAbility();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const { data, error, isPending, refetch } = useFrameworkVersions();
  const createDraft = useCreateFrameworkDraft();
  const importFramework = useImportFramework();
  const [busy, setBusy] = useState<string | null>(null);
  const editor = canEditFrameworks(ability, me);

  const copy = async (item: FrameworkSummary) => {
    setBusy(item.id);
    try {
      const draft = await createDraft.mutateAsync({ fromVersionId: item.id });
      message.success('已创建草稿');
      navigate(`/frameworks/${draft.id}`);
    } catch (failure) {
      message.error(frameworkErrorText(failure));
    } finally {
      setBusy(null);
    }
  };

  const upload = async (file: File) => {
    try {
      const draft = await importFramework.mutateAsync(file);
      message.success('已导入为草稿');
      navigate(`/frameworks/${draft.id}`);
    } catch (failure) {
      modal.error({ title: '导入失败', content: <pre style={{ whiteSpace: 'pre-wrap' }}>{issuesText(failure)}</pre>, width: 640 });
    }
  };

  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  return (
    <Card
      title="指标体系"
      extra={
        editor && (
          <Space>
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={(file) => (void upload(file), false)}>
              <Button icon={<UploadOutlined />} loading={importFramework.isPending} data-testid="framework-import">
                导入 Excel
              </Button>
            </Upload>
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        已发布的版本不可修改，评价项目始终使用立项时选定的版本。{editor ? '调整指标请从某一版本“新建草稿”，校验无误后发布为新版本。' : ''}
      </Typography.Paragraph>
      <Table<FrameworkSummary>
        rowKey="id"
        loading={isPending}
        dataSource={data?.items ?? []}
        pagination={false}
        data-testid="frameworks-table"
        columns={[
          { title: '名称', dataIndex: 'name', render: (name: string, item) => <Link to={`/frameworks/${item.id}`}>{name}</Link> },
          { title: '编码', dataIndex: 'code', render: (code: string) => <Typography.Text type="secondary">{code}</Typography.Text> },
          { title: '版本', key: 'version', width: 110, render: (_: unknown, item) => versionLabel(item) },
          { title: '适用范围', dataIndex: 'scope', width: 130, render: (scope: FrameworkSummary['scope']) => FRAMEWORK_SCOPE_LABELS[scope] },
          { title: '三级指标', dataIndex: 'indicatorCount', width: 90 },
          { title: '来源', key: 'source', width: 90, render: (_: unknown, item) => (item.builtIn ? <Tag>内置</Tag> : <Tag color="blue">本单位</Tag>) },
          {
            title: '操作',
            key: 'actions',
            width: 260,
            render: (_: unknown, item) => (
              <Flex gap={8} wrap>
                <Link to={`/frameworks/${item.id}`}>{item.editable && item.status === 'draft' ? '编辑' : '查看'}</Link>
                {editor && item.status === 'published' && (
                  <Button type="link" size="small" icon={<PlusOutlined />} loading={busy === item.id} onClick={() => void copy(item)} data-testid={`framework-copy-${item.code}`}>
                    新建草稿
                  </Button>
                )}
                <Button
                  type="link"
                  size="small"
                  icon={<DownloadOutlined />}
                  onClick={() => void downloadFile(frameworkExportPath(item.id), `${item.name}.xlsx`).catch((failure) => message.error(frameworkErrorText(failure)))}
                >
                  导出
                </Button>
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}
