import { Form, Input, InputNumber, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { beijingMinute, type EntryVersionDto } from '@evalflow/domain';
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

/** 最后修改: who saved this part of the entry last and when (Beijing time), a small grey line under the score. */
function lastChange(entry: EntryVersionDto | null, testId: string) {
  if (!entry?.updatedBy || !entry.updatedAt) return null;
  const when = beijingMinute(entry.updatedAt);
  return (
    <Tooltip title={`最后修改：${entry.updatedBy.displayName}，${when}`}>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, lineHeight: '16px', marginTop: 2 }} data-testid={testId}>
        {entry.updatedBy.displayName}
        <br />
        {when}
      </Typography.Text>
    </Tooltip>
  );
}

function editableScore(mode: IndicatorMode, editIn: IndicatorMode, field: 'selfScore' | 'score') {
  return (value: number | null, row: IndicatorNode) => {
    // While the team scores, the department's changes are history: only the score's last change is shown then.
    const shown = row.level === 3 && (field === 'score' || mode !== 'score');
    const changed = shown ? lastChange(field === 'score' ? row.scoreEntry : row.selfEntry, `last-change-${field}-${row.code}`) : null;
    if (mode !== editIn || row.level !== 3)
      return (
        <>
          {number(value, row.level)}
          {changed}
        </>
      );
    return (
      <>
        <Form.Item name={['entries', row.code, field]} {...compact}>
          <InputNumber min={0} max={row.weight} precision={2} step={0.5} style={{ width: '100%', maxWidth: 96 }} placeholder={`≤${row.weight}`} data-testid={`${field}-${row.code}`} />
        </Form.Item>
        {changed}
      </>
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

type Column = NonNullable<TableProps<IndicatorNode>['columns']>[number];

/**
 * The inputs of the form being filled stay in a column pinned to the table's right edge: whatever scrolls in the
 * middle (the department's columns while the team scores), every row's inputs are on screen at 1280 px.
 */
const pinnedWhile = (mode: IndicatorMode, editIn: IndicatorMode): Pick<Column, 'fixed'> => (mode === editIn ? { fixed: 'right' } : {});

/** 评价要点 and 评分标准 can run to a paragraph: shown on hover over the indicator's name instead of widening the table. */
function nameCell(_: unknown, row: IndicatorNode) {
  const name = row.level < 3 ? <Typography.Text strong>{row.name}</Typography.Text> : row.name;
  const guidance = [row.points && `评价要点：${row.points}`, row.rule && `评分标准：${row.rule}`].filter(Boolean);
  // The tree's indent and expand icon come before this in the cell: a long name wraps under itself, not under them.
  const indent = (row.level - 1) * 15 + 25;
  return (
    <span style={{ display: 'inline-block', verticalAlign: 'top', maxWidth: `calc(100% - ${indent}px)` }}>
      <Typography.Text type="secondary">{row.code}</Typography.Text>{' '}
      {guidance.length ? (
        <Tooltip title={<div style={{ whiteSpace: 'pre-wrap' }}>{guidance.join('\n')}</div>} placement="right">
          <span style={{ borderBottom: '1px dashed #bfbfbf', cursor: 'help' }}>{name}</span>
        </Tooltip>
      ) : (
        name
      )}
    </span>
  );
}

function teamColumns(mode: IndicatorMode, options: IndicatorColumnOptions): Column[] {
  if (!options.scored) return [];
  const difference: Column[] = options.showDifference
    ? [{ title: '差异（评价−自评）', dataIndex: 'difference', key: 'difference', width: 100, render: (value: number | null) => differenceCell(value) }]
    : [];
  const atDraft: Column[] = options.showChanges
    ? [{ title: '征求意见稿得分', dataIndex: 'scoreAtDraft', key: 'scoreAtDraft', width: 110, render: (value: number | null, row: IndicatorNode) => number(value, row.level) }]
    : [];
  const changeReasonMode = options.changeReasonEditable ? mode : 'view';
  const changeReason: Column[] = options.showChanges
    ? [
        {
          title: '调整理由',
          dataIndex: 'changeReason',
          key: 'changeReason',
          width: 180,
          ...pinnedWhile(changeReasonMode, 'score'),
          render: editableText(changeReasonMode, 'score', 'changeReason', '分数调整须说明理由', true),
        },
      ]
    : [];
  const columns: Column[] = [
    ...difference,
    ...atDraft,
    { title: '评价得分', dataIndex: 'score', key: 'score', width: 112, ...pinnedWhile(mode, 'score'), render: editableScore(mode, 'score', 'score') },
    {
      title: '扣分理由',
      dataIndex: 'deductionReason',
      key: 'deductionReason',
      width: 200,
      ...pinnedWhile(mode, 'score'),
      render: editableText(mode, 'score', 'deductionReason', '扣分须说明理由', true),
    },
    ...changeReason,
  ];
  // Pinned columns must come last: the read-only ones first, then the inputs (评价得分, 扣分理由, 调整理由).
  return [...columns.filter((column) => !column.fixed), ...columns.filter((column) => column.fixed)];
}

export function indicatorColumns(mode: IndicatorMode, options: IndicatorColumnOptions): Column[] {
  return [
    { title: '指标', key: 'name', width: 220, fixed: 'left', render: nameCell },
    { title: '分值', dataIndex: 'weight', key: 'weight', width: 60, render: (weight: number, row) => number(weight, row.level) },
    { title: '目标值', dataIndex: 'target', key: 'target', ...departmentColumn(mode, 150), render: editableText(mode, 'self', 'target', '年度指标值') },
    { title: '实际值', dataIndex: 'actual', key: 'actual', ...departmentColumn(mode, 140), render: editableText(mode, 'self', 'actual', '实际完成值') },
    { title: '计分参考', key: 'ruleScore', width: 80, render: ruleScoreCell },
    { title: '自评得分', dataIndex: 'selfScore', key: 'selfScore', width: 112, ...pinnedWhile(mode, 'self'), render: editableScore(mode, 'self', 'selfScore') },
    {
      title: '偏差原因',
      dataIndex: 'deviationReason',
      key: 'deviationReason',
      ...departmentColumn(mode, 180),
      ...pinnedWhile(mode, 'self'),
      render: deviationCell(mode),
    },
    ...teamColumns(mode, options),
  ];
}
