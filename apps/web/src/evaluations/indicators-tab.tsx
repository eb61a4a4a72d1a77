import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Descriptions, Empty, Flex, Form, Space, Spin, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { FormInstance } from 'antd';
import { entryConflictMessage, type EntryConflictDto, type EvaluationDto, type IndicatorRowDto, type ScoreSummaryDto } from '@evalflow/domain';
import { ApiError } from '../api/api-error';
import { QueryError } from '../errors/query-error';
import { useCurrentUser } from '../auth/use-session';
import { indicatorColumns, type IndicatorMode } from './indicator-columns';
import { formatScore, indicatorTree, totalOf } from './indicator-tree';
import { entryConflictsOf, scoreTableExportPath, selfEvaluationExportPath, useIndicators, useSaveScores, useSaveSelfEvaluation, type IndicatorRow } from './evaluation-work-api';
import { downloadFile } from '../api/file-transfer';
import { frameworkErrorText } from '../frameworks/framework-problems';
import { workErrorMessage, workOf } from './evaluation-work-rules';

type Entry = Partial<Pick<IndicatorRowDto, 'target' | 'actual' | 'selfScore' | 'deviationReason' | 'score' | 'deductionReason' | 'changeReason'>>;
interface IndicatorFormValues {
  entries: Record<string, Entry>;
}

const blank = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

type EntryField = keyof Entry;
const SELF_FIELDS: EntryField[] = ['target', 'actual', 'selfScore', 'deviationReason'];
const SCORE_FIELDS: EntryField[] = ['score', 'deductionReason'];

/** A field as saved: trimmed text or null, a number or null (so an untouched empty input equals a stored null). */
const normalised = (value: string | number | null | undefined) => (typeof value === 'string' ? blank(value) : (value ?? null));

/**
 * Whether the user changed this entry since loading it. Only changed entries are sent, each with the version it was
 * loaded with: two team members scoring different indicators then never collide, and an entry nobody touched is
 * never written back over somebody else's newer one.
 */
const changedFrom = (row: IndicatorRow, entry: Entry, fields: EntryField[]) => fields.some((field) => normalised(entry[field]) !== normalised(row[field]));

/** The form's values of the level-3 rows as loaded. */
const entriesOf = (rows: readonly IndicatorRow[]): Record<string, Entry> => Object.fromEntries(rows.filter((row) => row.level === 3).map((row) => [row.code, { ...row }]));

/** The sentence per refused entry and the reload that shows what the others saved. */
function ConflictAlert({ conflicts, onReload }: { conflicts: EntryConflictDto[]; onReload: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginTop: 12 }}
      title="本次保存未生效：以下指标已被他人修改"
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {conflicts.map((conflict) => (
            <li key={`${conflict.part}-${conflict.code}`}>{entryConflictMessage(conflict)}</li>
          ))}
        </ul>
      }
      action={
        <Button type="primary" size="small" onClick={onReload} data-testid="reload-after-conflict">
          刷新
        </Button>
      }
      data-testid="entry-conflict"
    />
  );
}

/** Puts the API's per-row objections ('indicators.3.selfScore: more than the weight 5') on the row's input. */
function placeRowErrors(form: FormInstance, error: unknown, codes: string[]): boolean {
  if (!(error instanceof ApiError)) return false;
  const fields = error.fieldIssues.flatMap((issue) => {
    const [, index, field] = issue.path.split('.');
    const code = codes[Number(index)];
    if (!code || !field) return [];
    const weight = /more than the weight ([\d.]+)/.exec(issue.message);
    return [{ name: ['entries', code, field], errors: [weight ? `不能超过分值${weight[1]}` : issue.message] }];
  });
  form.setFields(fields);
  return fields.length > 0;
}

const GRADE_COLORS: Record<string, string> = { excellent: 'green', good: 'blue', fair: 'orange', poor: 'red' };

/** "99（优秀）", or the partial sum marked as incomplete. */
function summaryText(summary: ScoreSummaryDto | null, testId: string): ReactNode {
  if (!summary || summary.total === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4} data-testid={testId}>
      <Typography.Text strong>{formatScore(summary.total)}</Typography.Text>
      {summary.complete && summary.grade ? <Tag color={GRADE_COLORS[summary.grade]}>{summary.gradeLabel}</Tag> : <Typography.Text type="secondary">（未填完）</Typography.Text>}
    </Space>
  );
}

/** 指标与评分: the framework tree; the department fills its self-evaluation form, the team scores (when it is theirs). */
export function IndicatorsTab({ evaluation }: { evaluation: EvaluationDto }) {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<IndicatorFormValues>();
  const { data, error, isPending, refetch, dataUpdatedAt } = useIndicators(evaluation.id);
  const saveSelf = useSaveSelfEvaluation(evaluation.id);
  const saveScores = useSaveScores(evaluation.id);
  const [conflicts, setConflicts] = useState<EntryConflictDto[]>([]);
  const work = workOf(me, evaluation);
  const mode: IndicatorMode = work.fillSelfEvaluation ? 'self' : work.score ? 'score' : 'view';
  const rows = useMemo(() => data?.rows ?? [], [data]);
  const tree = useMemo(() => indicatorTree(rows, data?.totals.levels), [rows, data]);
  const leaves = rows.filter((row) => row.level === 3);
  const showChanges = rows.some((row) => row.scoreAtDraft !== null) || (mode === 'score' && evaluation.state === 'adjudication');

  if (isPending) return <Spin />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未选定指标体系" />;

  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const entry = (code: string): Entry => values.entries?.[code] ?? {};
    const fields = mode === 'self' ? SELF_FIELDS : evaluation.state === 'adjudication' ? [...SCORE_FIELDS, 'changeReason' as const] : SCORE_FIELDS;
    const changed = leaves.filter((row) => changedFrom(row, entry(row.code), fields));
    if (changed.length === 0) {
      message.info('没有需要保存的修改');
      return;
    }
    try {
      if (mode === 'self') {
        await saveSelf.mutateAsync({
          indicators: changed.map((row) => ({
            code: row.code,
            target: blank(entry(row.code).target),
            actual: blank(entry(row.code).actual),
            selfScore: entry(row.code).selfScore ?? null,
            deviationReason: blank(entry(row.code).deviationReason),
            expectedVersion: row.selfEntry?.version ?? 0,
          })),
        });
        message.success('自评得分已保存');
      } else {
        await saveScores.mutateAsync({
          scores: changed.map((row) => ({
            code: row.code,
            score: entry(row.code).score ?? null,
            deductionReason: blank(entry(row.code).deductionReason),
            ...(evaluation.state === 'adjudication' ? { changeReason: blank(entry(row.code).changeReason) } : {}),
            expectedVersion: row.scoreEntry?.version ?? 0,
          })),
        });
        message.success('评分已保存');
      }
      setConflicts([]);
    } catch (failure) {
      const refused = entryConflictsOf(failure);
      if (refused.length) {
        // What the user typed stays on screen; the rows somebody else changed are marked, the reload is offered.
        setConflicts(refused);
        form.setFields(refused.map((conflict) => ({ name: ['entries', conflict.code, conflict.part === 'self' ? 'selfScore' : 'score'], errors: ['已被他人修改'] })));
        message.error(refused.length === 1 ? entryConflictMessage(refused[0]) : `${refused.length} 项指标已被他人修改，本次保存未生效`);
        return;
      }
      // The rows are sent in the order of `changed`: the API's paths (scores.3.score) index into it.
      const codes = changed.map((row) => row.code);
      if (!placeRowErrors(form, failure, codes)) message.error(workErrorMessage(failure));
      else message.error('部分指标填写有误，请检查标红的项');
    }
  };
  // The form keeps what was typed across a refetch (its store outlives the remount), so the reload that follows a
  // refused save puts the stored entries in explicitly: the user sees what the others saved.
  const reload = async () => {
    setConflicts([]);
    const { data: fresh } = await refetch();
    form.resetFields();
    if (fresh) form.setFieldsValue({ entries: entriesOf(fresh.rows) });
  };

  const scoresVisible = data.scoresVisible && evaluation.kind === 'key';
  // The team's columns only where the caller sees the scores: a department filling its form gets no empty columns.
  const columns = indicatorColumns(mode, { scored: scoresVisible, showChanges, changeReasonEditable: evaluation.state === 'adjudication', showDifference: scoresVisible });
  const download = (path: string, name: string) => void downloadFile(path, `${evaluation.title}-${name}.xlsx`).catch((failure) => message.error(frameworkErrorText(failure)));
  const totalDifference = data.totals.totalDifference;
  const overview = (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={3} style={{ flex: 1 }}>
        <Descriptions.Item label="自评总分">{summaryText(data.totals.self, 'self-total')}</Descriptions.Item>
        {scoresVisible && <Descriptions.Item label="评价总分">{summaryText(data.totals.evaluator, 'evaluator-total')}</Descriptions.Item>}
        {scoresVisible && (
          <Descriptions.Item label="差异（评价−自评）">
            {totalDifference === null ? '—' : <Tag color={totalDifference < 0 ? 'red' : totalDifference > 0 ? 'green' : 'default'}>{totalDifference > 0 ? `+${totalDifference}` : totalDifference}</Tag>}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Space>
        <Button icon={<DownloadOutlined />} onClick={() => download(selfEvaluationExportPath(evaluation.id), '自评表')} data-testid="export-self-evaluation">
          导出自评表
        </Button>
        {scoresVisible && (
          <Button icon={<DownloadOutlined />} onClick={() => download(scoreTableExportPath(evaluation.id), '评分表')} data-testid="export-scores">
            导出评分表
          </Button>
        )}
      </Space>
    </Flex>
  );
  const totals: Record<string, ReactNode> = {
    name: <Typography.Text strong>合计</Typography.Text>,
    weight: formatScore(totalOf(rows, 'weight')),
    selfScore: <span data-testid="self-score-total">{formatScore(totalOf(rows, 'selfScore'))}</span>,
    score: <span data-testid="score-total">{formatScore(totalOf(rows, 'score'))}</span>,
  };
  const table = (
    <Table
      size="small"
      rowKey="code"
      columns={columns}
      dataSource={tree}
      pagination={false}
      expandable={{ defaultExpandAllRows: true }}
      scroll={{ x: 'max-content' }}
      summary={() => (
        <Table.Summary.Row>
          {columns.map((column, index) => (
            <Table.Summary.Cell key={String(column.key)} index={index}>
              {totals[String(column.key)]}
            </Table.Summary.Cell>
          ))}
        </Table.Summary.Row>
      )}
      data-testid="indicators-table"
    />
  );

  if (mode === 'view')
    return (
      <>
        {overview}
        {table}
      </>
    );
  const initialEntries = entriesOf(rows);
  const saving = saveSelf.isPending || saveScores.isPending;
  return (
    <Form form={form} key={dataUpdatedAt} initialValues={{ entries: initialEntries }} data-testid="indicators-form">
      {overview}
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          mode === 'self'
            ? '请逐项填写目标值、实际值和自评得分；未达到目标的须说明偏差原因。可分次保存，由部门负责人审核报送。'
            : evaluation.state === 'adjudication'
              ? '征求意见稿印发后调整分数的，须填写调整理由。'
              : '请逐项评分；扣分的须说明扣分理由。可分次保存。'
        }
      />
      {table}
      {conflicts.length > 0 && <ConflictAlert conflicts={conflicts} onReload={() => void reload()} />}
      <Flex justify="end" style={{ marginTop: 12 }}>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid={mode === 'self' ? 'save-self-scores' : 'save-scores'}>
          {mode === 'self' ? '保存自评' : '保存评分'}
        </Button>
      </Flex>
    </Form>
  );
}
