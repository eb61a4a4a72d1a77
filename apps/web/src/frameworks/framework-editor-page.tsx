import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Flex, Input, InputNumber, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  FRAMEWORK_SCOPE_LABELS,
  METRIC_DEFINITIONS,
  METRIC_KEYS,
  SCORING_RULE_KINDS,
  SCORING_RULE_LABELS,
  describeScoringRule,
  frameworkProblems,
  type FrameworkNode,
  type FrameworkVersionDto,
  type ScoringRule,
  type ScoringRuleKind,
} from '@evalflow/domain';
import { QueryError } from '../errors/query-error';
import { useAppAbility } from '../auth/use-app-ability';
import { useCurrentUser } from '../auth/use-session';
import { frameworkExportPath, useCreateFrameworkDraft, useFramework, usePublishFramework, useSaveFrameworkDraft } from '../evaluations/frameworks-api';
import { canEditFrameworks } from './framework-access';
import { addNode, formatDeclaredSplit, parseDeclaredSplit, removeNode, ruleOfKind, updateNode } from './framework-editor';
import { downloadFile } from '../api/file-transfer';
import { frameworkErrorText, issuesText } from './framework-problems';

const indent = (level: number) => ({ paddingLeft: (level - 1) * 16 });

/** The rule's parameters as inputs (or as text when read only). */
function RuleParameters({ rule, editable, onChange }: { rule: ScoringRule | undefined; editable: boolean; onChange: (rule: ScoringRule) => void }) {
  if (!rule) return <Typography.Text type="secondary">—</Typography.Text>;
  if (!editable) return <Typography.Text>{describeScoringRule(rule)}</Typography.Text>;
  switch (rule.kind) {
    case 'higher_is_better':
    case 'lower_is_better':
      return (
        <Space.Compact>
          <InputNumber value={rule.target} onChange={(target) => onChange({ ...rule, target: target ?? 0 })} style={{ width: 90 }} placeholder="目标值" />
          <Input value={rule.unit} onChange={(event) => onChange({ ...rule, unit: event.target.value })} style={{ width: 60 }} placeholder="单位" />
        </Space.Compact>
      );
    case 'metric':
      return (
        <Space.Compact>
          <Select value={rule.metric} onChange={(metric) => onChange({ ...rule, metric })} style={{ width: 170 }} options={METRIC_KEYS.map((key) => ({ value: key, label: METRIC_DEFINITIONS[key].zh }))} />
          <Select value={rule.direction} onChange={(direction) => onChange({ ...rule, direction })} style={{ width: 100 }} options={[{ value: 'higher', label: '越高越好' }, { value: 'lower', label: '越低越好' }]} />
          <InputNumber value={rule.targetHundredths / 100} onChange={(value) => onChange({ ...rule, targetHundredths: Math.round((value ?? 0) * 100) })} style={{ width: 90 }} addonAfter="%" />
        </Space.Compact>
      );
    case 'manual':
      return <Input.TextArea value={rule.deduction} onChange={(event) => onChange({ ...rule, deduction: event.target.value })} autoSize={{ minRows: 1, maxRows: 3 }} placeholder="扣分标准" />;
    default:
      return <Typography.Text type="secondary">{describeScoringRule(rule)}</Typography.Text>;
  }
}

/**
 * One framework version: the tree, read only when published; for a draft of the caller's bureau an editor whose
 * problems are computed in the browser by the same `frameworkProblems` the server uses to refuse publication.
 */
export function FrameworkEditorPage() {
  const { id = '' } = useParams();
  const { data, error, isPending, refetch } = useFramework(id);
  if (isPending) return <Spin />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  return <FrameworkEditor key={`${data.id}:${data.revision}`} framework={data} />;
}

function FrameworkEditor({ framework }: { framework: FrameworkVersionDto }) {
  const me = useCurrentUser();
  const ability = useAppAbility();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const save = useSaveFrameworkDraft(framework.id);
  const publish = usePublishFramework(framework.id);
  const createDraft = useCreateFrameworkDraft();
  const editor = canEditFrameworks(ability, me);
  const editable = framework.status === 'draft' && editor && framework.organisationId === me.organisation.id;

  const [name, setName] = useState(framework.name);
  const [nodes, setNodes] = useState<FrameworkNode[]>(framework.nodes);
  const [splitText, setSplitText] = useState(formatDeclaredSplit(framework.declaredLevel1Weights));
  const [dirty, setDirty] = useState(false);
  useEffect(() => setDirty(false), [framework.revision]);
  const declared = parseDeclaredSplit(splitText);
  const problems = useMemo(
    () => [...(declared === undefined ? ['一级指标分值声明的格式应为 编码=分值，如 1=30;2=25;3=45'] : []), ...frameworkProblems({ nodes, declaredLevel1Weights: declared ?? null })],
    [nodes, declared],
  );
  const change = (next: FrameworkNode[]) => {
    setNodes(next);
    setDirty(true);
  };
  const edit = (code: string, changes: Partial<FrameworkNode>) => change(updateNode(nodes, code, changes));

  const saveDraft = async () => {
    if (declared === undefined) return message.error('一级指标分值声明格式有误');
    try {
      await save.mutateAsync({ name, scope: framework.scope, declaredLevel1Weights: declared, nodes, expectedRevision: framework.revision });
      message.success('草稿已保存');
    } catch (failure) {
      modal.error({ title: '保存失败', content: <pre style={{ whiteSpace: 'pre-wrap' }}>{issuesText(failure)}</pre>, width: 640 });
    }
  };
  const publishDraft = async () => {
    try {
      const published = await publish.mutateAsync({ expectedRevision: framework.revision });
      message.success(`已发布为第 ${published.version} 版`);
    } catch (failure) {
      modal.error({ title: '不能发布', content: <pre style={{ whiteSpace: 'pre-wrap' }}>{issuesText(failure)}</pre>, width: 640 });
    }
  };
  const copy = async () => {
    try {
      const draft = await createDraft.mutateAsync({ fromVersionId: framework.id });
      navigate(`/frameworks/${draft.id}`);
    } catch (failure) {
      message.error(frameworkErrorText(failure));
    }
  };

  const text = (value: string | undefined) => (value ? value : <Typography.Text type="secondary">—</Typography.Text>);
  const columns = [
    {
      title: '编码',
      key: 'code',
      width: 110,
      render: (_: unknown, node: FrameworkNode) => (editable ? <Input value={node.code} onChange={(event) => edit(node.code, { code: event.target.value.trim() })} data-testid={`node-code-${node.code}`} /> : node.code),
    },
    {
      title: '指标名称',
      key: 'name',
      width: 260,
      render: (_: unknown, node: FrameworkNode) => (
        <div style={indent(node.level)}>
          {editable ? (
            <Input value={node.name} onChange={(event) => edit(node.code, { name: event.target.value })} data-testid={`node-name-${node.code}`} />
          ) : node.level < 3 ? (
            <Typography.Text strong>{node.name}</Typography.Text>
          ) : (
            node.name
          )}
        </div>
      ),
    },
    {
      title: '分值',
      key: 'weight',
      width: 100,
      render: (_: unknown, node: FrameworkNode) =>
        editable ? <InputNumber value={node.weight} min={0} max={100} step={0.5} precision={1} onChange={(weight) => edit(node.code, { weight: weight ?? 0 })} style={{ width: 80 }} data-testid={`node-weight-${node.code}`} /> : node.weight,
    },
    {
      title: '年度指标值',
      key: 'target',
      width: 170,
      render: (_: unknown, node: FrameworkNode) =>
        node.level !== 3 ? null : editable ? <Input value={node.target ?? ''} onChange={(event) => edit(node.code, { target: event.target.value })} data-testid={`node-target-${node.code}`} /> : text(node.target),
    },
    {
      title: '计分方式',
      key: 'kind',
      width: 170,
      render: (_: unknown, node: FrameworkNode) =>
        node.level !== 3 ? null : editable ? (
          <Select<ScoringRuleKind | ''>
            value={node.scoring?.kind ?? ''}
            style={{ width: 150 }}
            onChange={(kind) => edit(node.code, { scoring: ruleOfKind(kind || null, node.scoring, node.rule) })}
            options={[{ value: '', label: '（评分人给分）' }, ...SCORING_RULE_KINDS.map((kind) => ({ value: kind, label: SCORING_RULE_LABELS[kind] }))]}
          />
        ) : node.scoring ? (
          <Tag>{SCORING_RULE_LABELS[node.scoring.kind]}</Tag>
        ) : (
          text(undefined)
        ),
    },
    {
      title: '目标值 / 指标绑定 / 扣分标准',
      key: 'parameters',
      width: 320,
      render: (_: unknown, node: FrameworkNode) => (node.level !== 3 ? null : <RuleParameters rule={node.scoring} editable={editable} onChange={(scoring) => edit(node.code, { scoring })} />),
    },
    {
      title: '评价要点',
      key: 'points',
      width: 260,
      render: (_: unknown, node: FrameworkNode) =>
        node.level !== 3 ? null : editable ? <Input.TextArea value={node.points ?? ''} autoSize={{ minRows: 1, maxRows: 4 }} onChange={(event) => edit(node.code, { points: event.target.value })} /> : text(node.points),
    },
    {
      title: '评分标准',
      key: 'rule',
      width: 260,
      render: (_: unknown, node: FrameworkNode) =>
        node.level !== 3 ? null : editable ? <Input.TextArea value={node.rule ?? ''} autoSize={{ minRows: 1, maxRows: 4 }} onChange={(event) => edit(node.code, { rule: event.target.value })} /> : text(node.rule),
    },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 150,
            fixed: 'right' as const,
            render: (_: unknown, node: FrameworkNode) => (
              <Space size={0}>
                {node.level < 3 && (
                  <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => change(addNode(nodes, node))} data-testid={`node-add-${node.code}`}>
                    下级
                  </Button>
                )}
                <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => change(removeNode(nodes, node.code))} aria-label={`删除 ${node.code}`} />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={12}>
      <Breadcrumb items={[{ title: <Link to="/frameworks">指标体系</Link> }, { title: framework.name }]} />
      <Card
        title={
          <Space>
            {editable ? <Input value={name} onChange={(event) => (setName(event.target.value), setDirty(true))} style={{ width: 420 }} data-testid="framework-name" /> : framework.name}
            {framework.status === 'draft' ? <Tag color="orange">草稿</Tag> : <Tag color="green">第 {framework.version} 版</Tag>}
            {framework.builtIn && <Tag>内置</Tag>}
          </Space>
        }
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} onClick={() => void downloadFile(frameworkExportPath(framework.id), `${framework.name}.xlsx`).catch((failure) => message.error(frameworkErrorText(failure)))}>
              导出 Excel
            </Button>
            {editor && framework.status === 'published' && (
              <Button icon={<PlusOutlined />} loading={createDraft.isPending} onClick={() => void copy()} data-testid="framework-copy">
                以此版本新建草稿
              </Button>
            )}
            {editable && (
              <>
                <Button loading={save.isPending} disabled={!dirty} onClick={() => void saveDraft()} data-testid="framework-save">
                  保存草稿
                </Button>
                <Button type="primary" loading={publish.isPending} disabled={dirty || problems.length > 0} onClick={() => void publishDraft()} data-testid="framework-publish">
                  发布
                </Button>
              </>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
          <Descriptions.Item label="编码">{framework.code}</Descriptions.Item>
          <Descriptions.Item label="适用范围">{FRAMEWORK_SCOPE_LABELS[framework.scope]}</Descriptions.Item>
          <Descriptions.Item label="一级指标分值声明">
            {editable ? (
              <Input value={splitText} onChange={(event) => (setSplitText(event.target.value), setDirty(true))} placeholder="如 1=30;2=25;3=45（表头声明，可不填）" style={{ width: 260 }} data-testid="framework-declared" />
            ) : (
              formatDeclaredSplit(framework.declaredLevel1Weights) || '—'
            )}
          </Descriptions.Item>
        </Descriptions>
        {problems.length > 0 ? (
          <Alert
            type={editable ? 'warning' : 'error'}
            showIcon
            style={{ marginBottom: 12 }}
            title={`校验发现 ${problems.length} 个问题${editable ? '，修正后才能发布' : ''}`}
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="framework-problems">
                {problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            }
          />
        ) : (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} title="校验通过：分值合计正确，无占位符目标值" data-testid="framework-valid" />
        )}
        {editable && dirty && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="有未保存的修改；保存后才能发布。" />}
        <Table<FrameworkNode> size="small" rowKey={(node) => `${node.code}`} columns={columns} dataSource={nodes} pagination={false} scroll={{ x: 'max-content' }} data-testid="framework-nodes" />
        {editable && (
          <Button style={{ marginTop: 12 }} icon={<PlusOutlined />} onClick={() => change(addNode(nodes, null))} data-testid="node-add-root">
            添加一级指标
          </Button>
        )}
      </Card>
    </Flex>
  );
}
