import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Form, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DEFAULT_DOCUMENT_DUE_WORKING_DAYS, addWorkingDays, type DocumentRequestDto, type DocumentRequestTemplateItem, type IssueDocumentRequestsInput } from '@evalflow/domain';
import dayjs from 'dayjs';
import { describeError, isApiError } from '../api/api-error';
import { DATE_FORMAT } from '../labels';
import { useDocumentRequestOwners, useDocumentRequestTemplates, useIssueDocumentRequests } from './document-requests-api';

interface Line {
  dueInWorkingDays: number | null;
  ownerUserId: string | null;
}

/**
 * 按模板下发资料清单: the team picks a template (the built-in one or the commissioning bureau's), ticks the items to
 * ask for, and gives each a period in working days (the holiday calendar counts them; the date is shown) and a
 * responsible person in the department. Items already on the list are shown and cannot be issued twice.
 */
export function DocumentRequestIssueModal({ evaluationId, existing, onClose }: { evaluationId: string; existing: DocumentRequestDto[]; onClose: () => void }) {
  const { message } = App.useApp();
  const templates = useDocumentRequestTemplates(evaluationId);
  const owners = useDocumentRequestOwners(evaluationId, true);
  const issue = useIssueDocumentRequests(evaluationId);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [days, setDays] = useState<number>(DEFAULT_DOCUMENT_DUE_WORKING_DAYS);
  const [owner, setOwner] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [lines, setLines] = useState<Record<string, Line>>({});
  const [problems, setProblems] = useState<string[] | null>(null);

  const template = templates.data?.items.find((x) => x.id === templateId) ?? null;
  const issuedKeys = useMemo(() => new Set(existing.map((item) => item.templateItemKey).filter(Boolean)), [existing]);
  // The bureau's own template when it has one, else the built-in one; every item not yet issued ticked.
  useEffect(() => {
    if (!templates.data || templateId) return;
    const preferred = templates.data.items.find((x) => !x.builtIn) ?? templates.data.items[0];
    if (preferred) setTemplateId(preferred.id);
  }, [templates.data, templateId]);
  useEffect(() => {
    if (template) setSelected(template.items.filter((item) => !issuedKeys.has(item.key)).map((item) => item.key));
  }, [template, issuedKeys]);

  const today = dayjs().format(DATE_FORMAT);
  const lineOf = (key: string): Line => lines[key] ?? { dueInWorkingDays: null, ownerUserId: null };
  const setLine = (key: string, change: Partial<Line>) => setLines((all) => ({ ...all, [key]: { ...lineOf(key), ...change } }));
  const ownerOptions = (owners.data?.items ?? []).map((user) => ({ value: user.id, label: user.displayName }));

  const submit = async () => {
    if (!template) return;
    setProblems(null);
    const input: IssueDocumentRequestsInput = {
      templateId: template.id,
      dueInWorkingDays: days,
      ownerUserId: owner,
      items: template.items.map((item) => {
        const line = lineOf(item.key);
        const include = selected.includes(item.key);
        return {
          key: item.key,
          include,
          ...(include && line.dueInWorkingDays ? { dueInWorkingDays: line.dueInWorkingDays } : {}),
          ...(include && line.ownerUserId ? { ownerUserId: line.ownerUserId } : {}),
        };
      }),
    };
    try {
      const result = await issue.mutateAsync(input);
      message.success(result.skipped.length ? `已下发${result.created.length}项，${result.skipped.length}项此前已在清单中` : `已下发${result.created.length}项资料需求`);
      onClose();
    } catch (error) {
      if (isApiError(error) && Array.isArray(error.details)) {
        // Each refused line by its row: "items.3.ownerUserId" → the 4th template item.
        setProblems(
          (error.details as { path: string; message: string }[]).map((issue) => {
            const index = /^items\.(\d+)\./.exec(issue.path)?.[1];
            const item = index !== undefined ? template.items[Number(index)] : undefined;
            return item ? `${item.title}：${issue.message}` : issue.message;
          }),
        );
        return;
      }
      setProblems([describeError(error)]);
    }
  };

  return (
    <Modal
      open
      width={980}
      title="按模板下发资料清单"
      okText={`下发所选 ${selected.filter((key) => !issuedKeys.has(key)).length} 项`}
      cancelText="取消"
      okButtonProps={{ disabled: !template || selected.filter((key) => !issuedKeys.has(key)).length === 0, loading: issue.isPending, ...({ 'data-testid': 'issue-submit' } as object) }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="issue-form">
        {problems && (
          <Alert type="error" showIcon title="资料清单未下发" description={<ul style={{ margin: 0 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} data-testid="issue-problems" />
        )}
        <Form layout="inline">
          <Form.Item label="模板">
            <Select
              style={{ width: 300 }}
              loading={templates.isPending}
              value={templateId}
              onChange={(value) => (setTemplateId(value), setLines({}))}
              options={(templates.data?.items ?? []).map((x) => ({ value: x.id, label: x.builtIn || x.name.includes(x.organisation?.name ?? '') ? x.name : `${x.name}（${x.organisation?.name}）` }))}
              data-testid="issue-template"
            />
          </Form.Item>
          <Form.Item label="提供期限" extra={`默认 ${days} 个工作日，即 ${addWorkingDays(today, days).date} 前`}>
            <InputNumber min={1} max={60} value={days} onChange={(value) => setDays(value ?? DEFAULT_DOCUMENT_DUE_WORKING_DAYS)} addonAfter="个工作日" data-testid="issue-days" />
          </Form.Item>
          <Form.Item label="责任人" extra="负责人或部门负责人办理；未指定的由部门负责人办理">
            <Select style={{ width: 160 }} allowClear placeholder="部门责任人" value={owner} onChange={(value) => setOwner(value ?? null)} options={ownerOptions} data-testid="issue-owner" />
          </Form.Item>
        </Form>
        <Table<DocumentRequestTemplateItem>
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ y: 420 }}
          dataSource={template?.items ?? []}
          loading={templates.isPending}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(String)),
            getCheckboxProps: (item) => ({ disabled: issuedKeys.has(item.key), 'data-testid': `issue-item-${item.key}` }) as object,
          }}
          columns={[
            {
              title: '资料名称',
              key: 'title',
              render: (_: unknown, item) => (
                <>
                  <div>
                    {item.title} {issuedKeys.has(item.key) && <Tag>已在清单中</Tag>}
                  </div>
                  <Typography.Text type="secondary">{item.description}</Typography.Text>
                </>
              ),
            },
            { title: '相关指标', key: 'indicators', width: 130, render: (_: unknown, item) => item.indicatorCodes.join('、') || '—' },
            {
              title: '提供期限（工作日）',
              key: 'days',
              width: 170,
              render: (_: unknown, item) => {
                const own = lineOf(item.key).dueInWorkingDays;
                return (
                  <Space orientation="vertical" size={0}>
                    <InputNumber size="small" min={1} max={60} placeholder={String(days)} value={own} onChange={(value) => setLine(item.key, { dueInWorkingDays: value ?? null })} disabled={issuedKeys.has(item.key)} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {addWorkingDays(today, own ?? days).date}前
                    </Typography.Text>
                  </Space>
                );
              },
            },
            {
              title: '责任人',
              key: 'owner',
              width: 150,
              render: (_: unknown, item) => (
                <Select
                  size="small"
                  style={{ width: 130 }}
                  allowClear
                  placeholder={ownerOptions.find((o) => o.value === owner)?.label ?? '未指定'}
                  value={lineOf(item.key).ownerUserId}
                  onChange={(value) => setLine(item.key, { ownerUserId: value ?? null })}
                  options={ownerOptions}
                  disabled={issuedKeys.has(item.key)}
                />
              ),
            },
          ]}
        />
      </Space>
    </Modal>
  );
}
