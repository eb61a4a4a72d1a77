import { Workbook, type Worksheet } from 'exceljs';
import {
  FRAMEWORK_SCOPE_LABELS,
  FRAMEWORK_SCOPES,
  METRIC_DEFINITIONS,
  SCORING_RULE_KINDS,
  SCORING_RULE_LABELS,
  parseMetricReference,
  variantByName,
  variantProblem,
  type FieldIssue,
  type FrameworkNode,
  type ScoringRule,
  type ScoringRuleKind,
} from '@evalflow/domain';
// The files, not the index: this module is loaded in the parse worker, which should not load Nest.
import { cellText, headerColumns, styleHeaderRow } from '../../infrastructure/excel/excel-cells';
import { lastRowWithin } from '../../infrastructure/excel/sheet-rows';
import { workbookReader } from '../../infrastructure/excel/workbook-reader';
import type { DraftContent } from './frameworks.repository';

/**
 * The Excel layout of a framework (docs/frameworks-and-scoring.md): sheet 指标体系 with one row per node — its name in
 * the column of its level — and the node's fields; sheet 框架信息 with name, scope and the declared level-1 split.
 * Export then import gives back the same framework: every field of a node has a column, numbers stay numbers.
 */
export const TREE_SHEET = '指标体系';
export const INFO_SHEET = '框架信息';

export const COLUMNS = [
  { key: 'level1', header: '一级指标', width: 16 },
  { key: 'level2', header: '二级指标', width: 18 },
  { key: 'level3', header: '三级指标', width: 24 },
  { key: 'code', header: '编码', width: 10 },
  { key: 'weight', header: '分值', width: 8 },
  { key: 'points', header: '评价要点', width: 40 },
  { key: 'rule', header: '评分标准', width: 40 },
  { key: 'target', header: '年度指标值', width: 16 },
  { key: 'kind', header: '计分方式', width: 16 },
  { key: 'ruleTarget', header: '目标值', width: 10 },
  { key: 'unit', header: '单位', width: 8 },
  { key: 'metric', header: '指标绑定', width: 22 },
  // The formula the bound metric is computed by, where it has several (docs/budget-data.md, 口径); empty: the region's or the default.
  { key: 'variant', header: '口径', width: 20 },
  { key: 'direction', header: '方向', width: 10 },
  { key: 'deduction', header: '扣分标准', width: 40 },
  { key: 'formula', header: '计算公式', width: 30 },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];

const LEVEL_COLUMNS: readonly ColumnKey[] = ['level1', 'level2', 'level3'];
const DIRECTION_LABELS = { higher: '越高越好', lower: '越低越好' } as const;
const INFO_ROWS = { name: '名称', scope: '适用范围', declared: '一级指标分值声明', code: '编码', version: '版本' } as const;

export interface FrameworkForWorkbook extends DraftContent {
  code: string;
  version: number | null;
}

/** Writes the framework; the 框架信息 code and version are informative (an import always makes a new draft). */
export function frameworkToWorkbook(framework: FrameworkForWorkbook): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'Evalflow';
  const sheet = workbook.addWorksheet(TREE_SHEET);
  sheet.columns = COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  for (const node of framework.nodes) sheet.addRow(nodeRow(node));
  styleHeaderRow(sheet);

  const info = workbook.addWorksheet(INFO_SHEET);
  info.columns = [
    { header: '项目', key: 'label', width: 20 },
    { header: '内容', key: 'value', width: 50 },
  ];
  info.addRow({ label: INFO_ROWS.name, value: framework.name });
  info.addRow({ label: INFO_ROWS.scope, value: FRAMEWORK_SCOPE_LABELS[framework.scope] });
  info.addRow({ label: INFO_ROWS.declared, value: formatDeclared(framework.declaredLevel1Weights) });
  info.addRow({ label: INFO_ROWS.code, value: framework.code });
  info.addRow({ label: INFO_ROWS.version, value: framework.version === null ? '草稿' : `第 ${framework.version} 版` });
  styleHeaderRow(info);
  return workbook;
}

function nodeRow(node: FrameworkNode): Record<ColumnKey, string | number | null> {
  const rule: ScoringRule | undefined = node.scoring;
  return {
    level1: node.level === 1 ? node.name : null,
    level2: node.level === 2 ? node.name : null,
    level3: node.level === 3 ? node.name : null,
    code: node.code,
    weight: node.weight,
    points: node.points ?? null,
    rule: node.rule ?? null,
    target: node.target ?? null,
    kind: rule ? SCORING_RULE_LABELS[rule.kind] : null,
    ruleTarget: rule?.kind === 'higher_is_better' || rule?.kind === 'lower_is_better' ? rule.target : rule?.kind === 'metric' ? rule.targetHundredths / 100 : null,
    unit: rule?.kind === 'higher_is_better' || rule?.kind === 'lower_is_better' ? rule.unit : rule?.kind === 'metric' ? '%' : null,
    metric: rule?.kind === 'metric' ? `${rule.metric}（${METRIC_DEFINITIONS[rule.metric].zh}）` : null,
    variant: rule?.kind === 'metric' && rule.variant ? variantLabel(rule.metric, rule.variant) : null,
    direction: rule?.kind === 'metric' ? DIRECTION_LABELS[rule.direction] : null,
    deduction: rule?.kind === 'manual' ? rule.deduction : null,
    formula: node.formula ?? null,
  };
}

/** "funds_available（按可支配资金）": the variant as the 口径 column writes it (key first, like 指标绑定). */
function variantLabel(metric: keyof typeof METRIC_DEFINITIONS, variant: string): string {
  const found = METRIC_DEFINITIONS[metric].variants.find((v) => v.key === variant);
  return found ? `${found.key}（${found.zh}）` : variant;
}

/**
 * 指标绑定 as exported ("payment_progress（支付序时进度）"), a key, a name or alias, or a metric with its variant
 * ("execution_rate:funds_available", "预算完成率（按可支配资金）").
 */
function metricCell(text: string): ReturnType<typeof parseMetricReference> {
  const parsed = parseMetricReference(text);
  if (parsed.metric && !parsed.problem) return parsed;
  // The exported form: the key, then the metric's own name in brackets (not a variant).
  const key = text.split(/[（(]/)[0].trim();
  const byKey = parseMetricReference(key);
  return byKey.metric && METRIC_DEFINITIONS[byKey.metric].zh === /[（(]\s*(.+?)\s*[）)]$/.exec(text)?.[1] ? { metric: byKey.metric } : parsed;
}

/** 口径 as exported ("funds_available（按可支配资金）"), or the variant's key, name or alias alone. */
function variantCell(metric: keyof typeof METRIC_DEFINITIONS, text: string) {
  return variantByName(metric, text) ?? variantByName(metric, text.split(/[（(]/)[0]);
}

function formatDeclared(declared: Record<string, number> | null): string {
  return declared ? Object.entries(declared).map(([code, weight]) => `${code}=${weight}`).join(';') : '';
}

/** Import failure: "第N行: …" issues with the sheet row as path, reported all at once as a 422. */
export class WorkbookIssues {
  readonly issues: FieldIssue[] = [];
  add(row: number | null, column: string | null, message: string): void {
    const where = row === null ? '' : `第${row}行: `;
    this.issues.push({ path: row === null ? (column ?? 'file') : `rows.${row}${column ? `.${column}` : ''}`, message: `${where}${column ? `${column} ` : ''}${message}` });
  }
}

const KIND_BY_LABEL = new Map<string, ScoringRuleKind>([
  ...SCORING_RULE_KINDS.map((kind) => [SCORING_RULE_LABELS[kind], kind] as const),
  ...SCORING_RULE_KINDS.map((kind) => [kind, kind] as const),
]);

/**
 * Reads a framework workbook into draft content. Row problems (a row that is not one level, a number that is not a
 * number, an unknown scoring kind or metric) are collected with their row numbers; whether the tree is a valid
 * framework (sums, placeholders…) is not an import error — the draft shows those problems and refuses publication.
 */
export function frameworkFromWorkbook(workbook: Workbook, fallbackName: string): { content: DraftContent; issues: FieldIssue[] } {
  const issues = new WorkbookIssues();
  const sheet = workbook.getWorksheet(TREE_SHEET) ?? workbook.worksheets[0];
  if (!sheet) {
    issues.add(null, null, '工作簿中没有工作表');
    return { content: { name: fallbackName, scope: 'project', declaredLevel1Weights: null, nodes: [] }, issues: issues.issues };
  }
  const bounds = lastRowWithin(sheet);
  if ('issue' in bounds) {
    issues.issues.push(bounds.issue);
    return { content: { name: fallbackName, scope: 'project', declaredLevel1Weights: null, nodes: [] }, issues: issues.issues };
  }
  const columns = headerColumns(sheet);
  const missing = COLUMNS.filter((c) => ['level1', 'level2', 'level3', 'code', 'weight'].includes(c.key) && !columns.has(c.header)).map((c) => c.header);
  if (missing.length) {
    issues.add(1, null, `缺少列：${missing.join('、')}（表头应为 ${COLUMNS.map((c) => c.header).join('/')}）`);
    return { content: { name: fallbackName, scope: 'project', declaredLevel1Weights: null, nodes: [] }, issues: issues.issues };
  }
  const nodes = readNodes(sheet, bounds.lastRow, columns, issues);
  const info = readInfo(workbook, issues);
  return { content: { name: info.name ?? fallbackName, scope: info.scope ?? 'project', declaredLevel1Weights: info.declared, nodes }, issues: issues.issues };
}

function readNodes(sheet: Worksheet, lastRow: number, columns: Map<string, number>, issues: WorkbookIssues): FrameworkNode[] {
  const header = (key: ColumnKey) => COLUMNS.find((c) => c.key === key)!.header;
  const nodes: FrameworkNode[] = [];
  // The last node seen at each level: a row's parent is the nearest row one level up above it.
  const lastAt: Partial<Record<1 | 2, string>> = {};
  for (let r = 2; r <= lastRow; r += 1) {
    const row = sheet.getRow(r);
    const get = (key: ColumnKey) => {
      const column = columns.get(header(key));
      return column === undefined ? '' : cellText(row.getCell(column));
    };
    if (COLUMNS.every((c) => get(c.key) === '')) continue; // blank lines between groups are fine
    const named = LEVEL_COLUMNS.map((key, i) => ({ level: (i + 1) as 1 | 2 | 3, name: get(key) })).filter((x) => x.name !== '');
    if (named.length !== 1) {
      issues.add(r, null, named.length === 0 ? '一级指标/二级指标/三级指标须填写其中一列' : '一级指标/二级指标/三级指标只能填写其中一列');
      continue;
    }
    const { level, name } = named[0];
    const code = get('code');
    if (!code) issues.add(r, '编码', '不能为空');
    const weightText = get('weight');
    const weight = weightText === '' ? Number.NaN : Number(weightText);
    if (!Number.isFinite(weight)) issues.add(r, '分值', weightText === '' ? '不能为空' : `“${weightText}”不是数字`);
    let parentCode: string | null = null;
    if (level > 1) {
      parentCode = lastAt[(level - 1) as 1 | 2] ?? null;
      if (parentCode === null) issues.add(r, null, `${level === 2 ? '二级' : '三级'}指标“${name}”之前没有${level === 2 ? '一级' : '二级'}指标`);
    }
    if (level < 3) lastAt[level as 1 | 2] = code;
    if (level === 1) delete lastAt[2];
    const scoring = readRule(r, get, issues, level);
    const optional = (key: ColumnKey) => (get(key) === '' ? {} : { [key]: get(key) });
    nodes.push({
      code,
      name,
      weight,
      level,
      parentCode,
      ...optional('points'),
      ...optional('rule'),
      ...optional('target'),
      ...(scoring ? { scoring } : {}),
      ...optional('formula'),
    } as FrameworkNode);
  }
  return nodes;
}

function readRule(r: number, get: (key: ColumnKey) => string, issues: WorkbookIssues, level: 1 | 2 | 3): ScoringRule | undefined {
  const label = get('kind');
  if (!label) return undefined;
  const kind = KIND_BY_LABEL.get(label);
  if (!kind) {
    issues.add(r, '计分方式', `“${label}”不是已知的计分方式（${SCORING_RULE_KINDS.map((k) => SCORING_RULE_LABELS[k]).join('、')}）`);
    return undefined;
  }
  if (level !== 3) {
    issues.add(r, '计分方式', '只有三级指标设置计分方式');
    return undefined;
  }
  const number = (column: ColumnKey, header: string): number | null => {
    const text = get(column);
    if (text === '') {
      issues.add(r, header, '不能为空');
      return null;
    }
    const value = Number(text.replace(/%$/, ''));
    if (!Number.isFinite(value)) {
      issues.add(r, header, `“${text}”不是数字`);
      return null;
    }
    return value;
  };
  switch (kind) {
    case 'higher_is_better':
    case 'lower_is_better': {
      const target = number('ruleTarget', '目标值');
      return target === null ? undefined : { kind, target, unit: get('unit') };
    }
    case 'metric': {
      const target = number('ruleTarget', '目标值');
      const metricText = get('metric');
      const { metric, variant, problem } = metricCell(metricText);
      if (!metric || problem) issues.add(r, '指标绑定', metricText ? (problem ?? `“${metricText}”不是已知的预算指标`) : '不能为空');
      const variantText = get('variant');
      const chosen = metric && variantText ? variantCell(metric, variantText) : null;
      if (metric && variantText && !chosen) issues.add(r, '口径', variantProblem(metric, variantText));
      const directionText = get('direction');
      const direction = directionText === DIRECTION_LABELS.lower || directionText === 'lower' ? 'lower' : directionText === '' || directionText === DIRECTION_LABELS.higher || directionText === 'higher' ? 'higher' : null;
      if (!direction) issues.add(r, '方向', `“${directionText}”应为 越高越好 或 越低越好`);
      if (target === null || !metric || problem || !direction || (variantText && !chosen)) return undefined;
      const variantKey = chosen?.key ?? variant;
      return { kind, metric, direction, targetHundredths: Math.round(target * 100), ...(variantKey ? { variant: variantKey } : {}) };
    }
    case 'manual': {
      const deduction = get('deduction') || get('rule');
      if (!deduction) issues.add(r, '扣分标准', '扣分制须填写扣分标准');
      return deduction ? { kind, deduction } : undefined;
    }
    case 'qualitative':
    case 'budget_execution':
      return { kind };
  }
}

function readInfo(workbook: Workbook, issues: WorkbookIssues): { name: string | null; scope: DraftContent['scope'] | null; declared: Record<string, number> | null } {
  const sheet = workbook.getWorksheet(INFO_SHEET);
  const result: { name: string | null; scope: DraftContent['scope'] | null; declared: Record<string, number> | null } = { name: null, scope: null, declared: null };
  if (!sheet) return result;
  const bounds = lastRowWithin(sheet);
  if ('issue' in bounds) {
    issues.issues.push(bounds.issue);
    return result;
  }
  sheet.eachRow((row, r) => {
    const label = cellText(row.getCell(1));
    const value = cellText(row.getCell(2));
    if (label === INFO_ROWS.name && value) result.name = value;
    if (label === INFO_ROWS.scope && value) {
      const scope = FRAMEWORK_SCOPES.find((s) => s === value || FRAMEWORK_SCOPE_LABELS[s] === value);
      if (scope) result.scope = scope;
      else issues.add(r, `${INFO_SHEET}.适用范围`, `“${value}”应为 ${FRAMEWORK_SCOPES.map((s) => FRAMEWORK_SCOPE_LABELS[s]).join(' 或 ')}`);
    }
    if (label === INFO_ROWS.declared && value) {
      const declared: Record<string, number> = {};
      for (const part of value.split(/[;；,，]/).map((p) => p.trim()).filter(Boolean)) {
        const match = /^([^=＝:：]+)[=＝:：]\s*(-?\d+(?:\.\d+)?)$/.exec(part);
        if (!match) {
          issues.add(r, `${INFO_SHEET}.一级指标分值声明`, `“${part}”应写作 编码=分值，如 1=30;2=25;3=45`);
          continue;
        }
        declared[match[1].trim()] = Number(match[2]);
      }
      result.declared = Object.keys(declared).length ? declared : null;
    }
  });
  return result;
}

/** frameworkFromWorkbook as the parse worker runs it (parseUploadedWorkbook); the input is the fallback name. */
export const FRAMEWORK_WORKBOOK_READER = workbookReader(__filename, frameworkFromWorkbook);
