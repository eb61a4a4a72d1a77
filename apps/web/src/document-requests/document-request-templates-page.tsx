import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Input, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CopyOutlined, DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import type { AppAbility, DocumentRequestTemplateDto, Me } from '@evalflow/domain';
import { describeError, isApiError } from '../api/api-error';
import { useCurrentUser } from '../auth/use-session';
import { QueryError } from '../errors/query-error';
import { canEditFrameworks } from '../frameworks/framework-access';
import { useCreateDocumentRequestTemplate, useDocumentRequestTemplates, useSaveDocumentRequestTemplate } from './document-requests-api';

/** 资料清单模板 in the menu: the finance admin who edits the bureau's frameworks edits its template too (same rule). */
export const canOpenDocumentRequestTemplates = (ability: AppAbility, me: Me) => canEditFrameworks(ability, me);

interface Row {
  /** Stable row id on the page; the template item key when it has one. */
  rowId: string;
  key?: string;
  title: string;
  description: string;
  indicatorCodes: string[];
}

let newRows = 0;
const rowsOf = (template: DocumentRequestTemplateDto): Row[] => template.items.map((item) => ({ rowId: item.key, ...item, indicatorCodes: [...item.indicatorCodes] }));

/** The bureau's own template, edited as a whole: add, edit, remove and reorder items, then save (against its version). */
function TemplateEditor({ template }: { template: DocumentRequestTemplateDto }) {
  const { message } = App.useApp();
  const save = useSaveDocumentRequestTemplate(template.id);
  const [name, setName] = useState(template.name);
  const [rows, setRows] = useState<Row[]>(() => rowsOf(template));
  const [problems, setProblems] = useState<string[] | null>(null);
  useEffect(() => {
    setName(template.name);
    setRows(rowsOf(template));
  }, [template]);

  const change = (rowId: string, patch: Partial<Row>) => setRows((all) => all.map((row) => (row.rowId === rowId ? { ...row, ...patch } : row)));
  const move = (index: number, by: -1 | 1) =>
    setRows((all) => {
      const next = [...all];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row);
      return next;
    });

  const submit = async () => {
    setProblems(null);
    try {
      await save.mutateAsync({
        expectedVersion: template.version,
        name: name.trim(),
        items: rows.map((row) => ({ ...(row.key ? { key: row.key } : {}), title: row.title.trim(), description: row.description.trim(), indicatorCodes: row.indicatorCodes })),
      });
      message.success('模板已保存');
    } catch (error) {
      if (isApiError(error, 409)) {
        message.warning('模板刚被其他人修改过，已刷新为最新内容，请重新编辑');
        return;
      }
      const issues = isApiError(error) && Array.isArray(error.details) ? (error.details as { path: string; message: string }[]) : null;
      setProblems(
        issues
          ? issues.map((issue) => {
              const index = /^items\.(\d+)/.exec(issue.path)?.[1];
              return index !== undefined ? `第${Number(index) + 1}项：${issue.message}` : issue.path === 'name' ? `模板名称：${issue.message}` : issue.message;
            })
          : [describeError(error)],
      );
    }
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          <Input value={name} onChange={(event) => setName(event.target.value)} maxLength={100} style={{ width: 320 }} data-testid="template-name" />
          <Typography.Text type="secondary">第 {template.version} 版</Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Button icon={<PlusOutlined />} onClick={() => setRows((all) => [...all, { rowId: `new-${++newRows}`, title: '', description: '', indicatorCodes: [] }])} data-testid="template-add-item">
            增加事项
          </Button>
          <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => void submit()} data-testid="template-save">
            保存
          </Button>
        </Space>
      }
      data-testid="template-editor"
    >
      {problems && <Alert type="error" showIcon title="模板未保存" description={<ul style={{ margin: 0 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} style={{ marginBottom: 12 }} />}
      <Table<Row>
        size="small"
        rowKey="rowId"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '序号', key: 'seq', width: 60, render: (_: unknown, _row, index) => index + 1 },
          {
            title: '资料名称',
            key: 'title',
            width: 240,
            render: (_: unknown, row) => <Input value={row.title} maxLength={200} placeholder="如：人员花名册" onChange={(event) => change(row.rowId, { title: event.target.value })} data-testid="template-item-title" />,
          },
          {
            title: '说明',
            key: 'description',
            render: (_: unknown, row) => (
              <Input.TextArea value={row.description} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} onChange={(event) => change(row.rowId, { description: event.target.value })} />
            ),
          },
          {
            title: '相关指标编码',
            key: 'indicators',
            width: 200,
            render: (_: unknown, row) => (
              <Select mode="tags" style={{ width: '100%' }} value={row.indicatorCodes} placeholder="如 2.2.2" tokenSeparators={[',', '，', ' ', '、']} onChange={(codes) => change(row.rowId, { indicatorCodes: codes })} />
            ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 120,
            render: (_: unknown, row, index) => (
              <Space size={0}>
                <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} aria-label="上移" />
                <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === rows.length - 1} onClick={() => move(index, 1)} aria-label="下移" />
                <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => setRows((all) => all.filter((other) => other.rowId !== row.rowId))} aria-label="删除" />
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/**
 * 资料清单模板: the built-in template (read only) and the bureau's own, which the finance admin makes by copying the
 * built-in one and then edits. Evaluation teams of the bureau's evaluations issue their lists from either.
 */
export function DocumentRequestTemplatesPage() {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const { data, error, isPending, refetch } = useDocumentRequestTemplates(null);
  const create = useCreateDocumentRequestTemplate();
  if (isPending) return <Spin />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  const builtIn = data.items.find((x) => x.builtIn);
  const own = data.items.find((x) => !x.builtIn);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          资料清单模板
        </Typography.Title>
        {!own && (
          <Button
            type="primary"
            icon={<CopyOutlined />}
            loading={create.isPending}
            onClick={() =>
              void create
                .mutateAsync({ name: `${me.organisation.name}资料清单模板` })
                .then(() => message.success('已复制为本单位模板，可以编辑了'))
                .catch((failure) => message.error(describeError(failure)))
            }
            data-testid="template-copy-built-in"
          >
            复制内置模板为本单位模板
          </Button>
        )}
      </Flex>
      <Typography.Text type="secondary">评价组在现场评价开始时按模板向被评价部门下发资料清单；本单位委托的评价项目可使用内置模板或本单位模板。</Typography.Text>
      {own ? <TemplateEditor template={own} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本单位尚无自己的模板" />}
      {builtIn && (
        <Card size="small" title={<Space>{builtIn.name}<Tag>内置，不可修改</Tag></Space>} data-testid="template-built-in">
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={builtIn.items}
            columns={[
              { title: '序号', key: 'seq', width: 60, render: (_: unknown, _row, index) => index + 1 },
              { title: '资料名称', dataIndex: 'title', width: 240 },
              { title: '说明', dataIndex: 'description' },
              { title: '相关指标编码', dataIndex: 'indicatorCodes', width: 200, render: (codes: string[]) => codes.join('、') || '—' },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
