import { Form, Input, InputNumber, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { formatScore, type IndicatorNode } from './indicator-tree';

/** view: read only; self: the department fills target, actual, self-score, deviation; score: the team scores. */
export type IndicatorMode = 'view' | 'self' | 'score';

const text = (value: string | null) => (value ? <Typography.Text>{value}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>);
const number = (value: number | null, level: number) => (level < 3 ? <Typography.Text strong>{formatScore(value)}</Typography.Text> : formatScore(value));
const compact = { style: { margin: 0 } };

function editableText(mode: IndicatorMode, editIn: IndicatorMode, field: string, placeholder: string, multiline = false) {
  return (value: string | null, row: IndicatorNode) => {
    if (mode !== editIn || row.level !== 3) return text(value);
    return (
      <Form.Item name={['entries', row.code, field]} {...compact}>
        {multiline ? (
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} placeholder={placeholder} data-testid={`${field}-${row.code}`} />
        ) : (
          <Input maxLength={200} placeholder={placeholder} data-testid={`${field}-${row.code}`} />
        )}
      </Form.Item>
    );
  };
}

function editableScore(mode: IndicatorMode, editIn: IndicatorMode, field: 'selfScore' | 'score') {
  return (value: number | null, row: IndicatorNode) => {
    if (mode !== editIn || row.level !== 3) return number(value, row.level);
    return (
      <Form.Item name={['entries', row.code, field]} {...compact}>
        <InputNumber min={0} max={row.weight} precision={2} step={0.5} style={{ width: 90 }} placeholder={`≤${row.weight}`} data-testid={`${field}-${row.code}`} />
      </Form.Item>
    );
  };
}

/** 差异 = 评价得分 − 自评得分: highlighted when the team scored differently (red lower, green higher). */
function differenceCell(value: number | null) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  if (value === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <Tag color={value < 0 ? 'red' : 'green'} data-testid="score-difference">
      {value > 0 ? `+${value}` : value}
    </Tag>
  );
}

/** 计分参考: the score the rule computes from the actual, with its formula as the tooltip. */
function ruleScoreCell(_: unknown, row: IndicatorNode) {
  if (row.level !== 3) return null;
  if (row.ruleScore === null) return <Typography.Text type="secondary">{row.scoringKind === 'qualitative' ? '定性' : '—'}</Typography.Text>;
  return (
    <Tooltip title={row.ruleExplanation}>
      <Typography.Text underline>{formatScore(row.ruleScore)}</Typography.Text>
    </Tooltip>
  );
}

/** The department's deviation reason, flagged when the actual misses the target and no reason is given yet. */
function deviationCell(mode: IndicatorMode) {
  const editable = editableText(mode, 'self', 'deviationReason', '未达目标的原因分析', true);
  return (value: string | null, row: IndicatorNode) => (
    <>
      {editable(value, row)}
      {row.level === 3 && row.deviationReasonRequired && !value?.trim() && (
        <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid={`deviation-required-${row.code}`}>
          未达目标，须说明偏差原因
        </Typography.Text>
      )}
    </>
  );
}

/** The tree table's columns; after the draft went out the score columns also show the draft's score and the change reason. */
export interface IndicatorColumnOptions {
  /** Key evaluations are scored by the team; a self-evaluation has self-scores only. */
  scored: boolean;
  /** After the draft went out for comment: the draft's score and the reason of each change. */
  showChanges: boolean;
  changeReasonEditable: boolean;
  /** The caller sees the team's scores: show the self-vs-team difference. */
  showDifference: boolean;
}

/** Widths of the department's columns: full while it fills them, narrower (with ellipsis) while the team scores. */
const departmentColumn = (mode: IndicatorMode, width: number) => (mode === 'score' ? { width: Math.round(width * 0.7), ellipsis: { showTitle: true } } : { width });

export function indicatorColumns(mode: IndicatorMode, options: IndicatorColumnOptions): NonNullable<TableProps<IndicatorNode>['columns']> {
  return [
    {
      title: '指标',
      key: 'name',
      width: 260,
      fixed: 'left',
      render: (_: unknown, row) => (
        <span>
          <Typography.Text type="secondary">{row.code}</Typography.Text> {row.level < 3 ? <Typography.Text strong>{row.name}</Typography.Text> : row.name}
        </span>
      ),
    },
    { title: '分值', dataIndex: 'weight', key: 'weight', width: 70, render: (weight: number, row) => number(weight, row.level) },
    { title: '目标值', dataIndex: 'target', key: 'target', ...departmentColumn(mode, 180), render: editableText(mode, 'self', 'target', '年度指标值') },
    { title: '实际值', dataIndex: 'actual', key: 'actual', ...departmentColumn(mode, 160), render: editableText(mode, 'self', 'actual', '实际完成值') },
    { title: '计分参考', key: 'ruleScore', width: 90, render: ruleScoreCell },
    { title: '自评得分', dataIndex: 'selfScore', key: 'selfScore', width: 110, render: editableScore(mode, 'self', 'selfScore') },
    {
      title: '偏差原因',
      dataIndex: 'deviationReason',
      key: 'deviationReason',
      ...departmentColumn(mode, 200),
      render: deviationCell(mode),
    },
    ...(options.scored
      ? [
          { title: '评价得分', dataIndex: 'score', key: 'score', width: 110, render: editableScore(mode, 'score', 'score') },
          { title: '扣分理由', dataIndex: 'deductionReason', key: 'deductionReason', width: 220, render: editableText(mode, 'score', 'deductionReason', '扣分须说明理由', true) },
        ]
      : []),
    ...(options.scored && options.showDifference
      ? [{ title: '差异（评价−自评）', dataIndex: 'difference', key: 'difference', width: 120, render: (value: number | null) => differenceCell(value) }]
      : []),
    ...(options.scored && options.showChanges
      ? [
          { title: '征求意见稿得分', dataIndex: 'scoreAtDraft', key: 'scoreAtDraft', width: 120, render: (value: number | null, row: IndicatorNode) => number(value, row.level) },
          {
            title: '调整理由',
            dataIndex: 'changeReason',
            key: 'changeReason',
            width: 220,
            render: editableText(options.changeReasonEditable ? mode : 'view', 'score', 'changeReason', '分数调整须说明理由', true),
          },
        ]
      : []),
  ];
}
