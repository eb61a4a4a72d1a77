import type { FieldIssue } from '../errors';
import {
  UNIT_DECIMALS,
  budgetDataDocumentSchema,
  type BudgetDataDocument,
  INCOME_TOTAL_NAMES,
  type BudgetUnit,
  type ThreePublicKind,
} from '../schemas/budget.schema';
import type { Fen } from './money';

/**
 * Budget data of an evaluation in fen (DOMAIN §4), converted exactly from the document people write
 * (`BudgetDataDocument`, decimal strings in 元 or 万元). Every field the data may lack is optional: a metric whose
 * inputs are missing is skipped with the reason, never computed from a guess.
 */
export interface BudgetLine {
  /** 上年结转: brought in from last year. */
  carriedIn?: Fen;
  initial?: Fen;
  adjustments?: Fen;
  allotted?: Fen;
  spent?: Fen;
  recovered?: Fen;
  /** 年末结转结余. */
  carryOver?: Fen;
}

export interface BudgetProject extends BudgetLine {
  name: string;
  cumulativeSpent: Partial<Record<string, Fen>>;
  keyProject: boolean;
}

export interface CumulativePair {
  allotted: Fen;
  spent: Fen;
}

/** The figures of one period as entered; `derivePeriods` (periods.ts) fills in the cumulative and per-period ones. */
export interface BudgetPeriod {
  period: string;
  /** 期末累计 (from the start of the year). */
  allotted?: Fen;
  spent?: Fen;
  /** 当期 (this month or quarter alone). */
  periodAllotted?: Fen;
  periodSpent?: Fen;
  /** 期末计划累计支出 (既定支付进度). */
  plannedSpent?: Fen;
  basic?: CumulativePair;
  project?: CumulativePair;
}

export interface ThreePublicAmounts {
  budget?: Fen;
  spent?: Fen;
  lastYear?: Fen;
  lastYearBudget?: Fen;
}

export interface ThreePublicItem extends ThreePublicAmounts {
  kind: ThreePublicKind;
}

export interface IncomeItem {
  source: string;
  /** Written as 合计 / 收入合计: the total, not a source. */
  isTotal: boolean;
  thisYear?: Fen;
  lastYear?: Fen;
}

export interface FixedAssets {
  opening?: Fen;
  additions?: Fen;
  disposals?: Fen;
  closing?: Fen;
  inUse?: Fen;
}

export interface WorkCounts {
  planned?: number;
  completed?: number;
  completedOnTime?: number;
  qualified?: number;
  keyAssigned?: number;
  keyCompleted?: number;
}

export interface Funding {
  planned?: Fen;
  arrived?: Fen;
  due?: Fen;
  arrivedOnTime?: Fen;
  plannedCost?: Fen;
  actualCost?: Fen;
}

export interface Reconciliation {
  sourceA: { name: string; amount: Fen };
  sourceB: { name: string; amount: Fen };
  differences: { item: string; amount: Fen; reason: string | null }[];
}

export interface ReportedFigure {
  metric: BudgetDataDocument['reported'][number]['metric'];
  /** The variant it names; null: the one in use. */
  variant?: string | null;
  subject: string | null;
  /** As printed, e.g. "89.39%". */
  value: string;
  source: string | null;
}

export interface BudgetData {
  unit: BudgetUnit;
  fiscalYear?: number;
  total?: BudgetLine;
  basic?: BudgetLine & { staff?: BudgetLine; running?: BudgetLine };
  project?: BudgetLine;
  projects: BudgetProject[];
  periods: BudgetPeriod[];
  threePublic: ThreePublicItem[];
  threePublicTotal?: ThreePublicAmounts;
  income: IncomeItem[];
  fixedAssets?: FixedAssets;
  work?: WorkCounts;
  funding?: Funding;
  procurement?: { budget: Fen; actual: Fen };
  staffing?: { establishment: number; inPost: number };
  reconciliation?: Reconciliation;
  reported: ReportedFigure[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

const FEN_PER_UNIT: Record<BudgetUnit, bigint> = { yuan: 100n, wan_yuan: 1_000_000n };

/**
 * The largest amount, in fen: 10 万亿元 (10^13 元). Comfortably above a trillion yuan and any real budget line, and
 * below 2^53 fen, so every amount also stays exact where it is shown as a JavaScript number.
 */
export const MAX_AMOUNT_FEN = 10n ** 15n;

/**
 * A decimal string in `unit` → fen, exactly. Returns a message instead of rounding when the string has more
 * decimals than the unit can hold (元: 2, 万元: 6).
 */
export function amountToFen(text: string, unit: BudgetUnit): Fen | string {
  const clean = text.replace(/,/g, '').trim();
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(clean);
  if (!match) return `not an amount: "${text}"`;
  const decimals = match[3] ?? '';
  const allowed = UNIT_DECIMALS[unit];
  if (decimals.length > allowed) return `more than ${allowed} decimals for the unit ${unit === 'yuan' ? '元' : '万元'}: "${text}" (1 fen is the smallest amount)`;
  const scale = FEN_PER_UNIT[unit];
  const fen = BigInt(match[2]) * scale + (decimals ? BigInt(decimals.padEnd(allowed, '0')) : 0n);
  if (fen > MAX_AMOUNT_FEN) return `金额超出上限（绝对值不超过 10 万亿元）：“${text}”`;
  // Zero has no sign: "-0" and "-0.00" are 0.
  return match[1] && fen !== 0n ? -fen : fen;
}

/** fen → a decimal string in `unit` with the fewest decimals that keep it exact (at least two). */
export function fenToAmount(fen: Fen, unit: BudgetUnit): string {
  const scale = FEN_PER_UNIT[unit];
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  let fraction = (abs % scale).toString().padStart(UNIT_DECIMALS[unit], '0');
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${abs / scale}.${fraction}`;
}

/** fen → "6,383.16" in the unit (two decimals, or more only when needed to stay exact). */
export function formatAmount(fen: Fen, unit: BudgetUnit): string {
  const [whole, fraction] = fenToAmount(fen, unit).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** The object without its undefined fields (so an absent figure stays absent, not `undefined`, in comparisons). */
export function defined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** 可支配资金 of a fund line: 上年结转 + 年初预算 + 预算调整 (or + 全年指标下达数 when the two are not given); undefined when unknown. */
export function fundsAvailable(line: BudgetLine | undefined): Fen | undefined {
  if (!line || line.carriedIn === undefined) return undefined;
  if (line.initial !== undefined && line.adjustments !== undefined) return line.carriedIn + line.initial + line.adjustments;
  return line.allotted === undefined ? undefined : line.carriedIn + line.allotted;
}

/**
 * Validates a document (any JSON value) and converts it to fen. Issues carry the JSON path of the offending field,
 * e.g. `projects.13.spent`, so both the API (422) and the CLI (stderr) can point at it.
 */
export function parseBudgetData(input: unknown): ParseResult<BudgetData> {
  const parsed = budgetDataDocumentSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message })) };
  }
  return toBudgetData(parsed.data);
}

/** Converts a schema-valid document to fen, refusing amounts with more decimals than the unit allows. */
export function toBudgetData(document: BudgetDataDocument): ParseResult<BudgetData> {
  const issues: FieldIssue[] = [];
  const unit = document.unit;
  const fen = (value: string, path: (string | number)[]): Fen => {
    const result = amountToFen(value, unit);
    if (typeof result === 'string') {
      issues.push({ path: path.join('.'), message: result });
      return 0n;
    }
    return result;
  };
  const optionalFen = (value: string | null | undefined, path: (string | number)[]): Fen | undefined =>
    value === null || value === undefined ? undefined : fen(value, path);
  /** Every amount field of an object (all optional) to fen. */
  const amounts = <K extends string>(source: Partial<Record<K, string | null | undefined>>, path: (string | number)[]): Partial<Record<K, Fen>> => {
    const result: Partial<Record<K, Fen>> = {};
    for (const [key, value] of Object.entries(source) as [K, string | null | undefined][]) {
      const converted = optionalFen(value, [...path, key]);
      if (converted !== undefined) result[key] = converted;
    }
    return result;
  };
  const line = (source: Partial<Record<keyof BudgetLine, string | null>> | undefined, path: (string | number)[]): BudgetLine | undefined => {
    if (!source) return undefined;
    const result: BudgetLine = {};
    for (const key of ['carriedIn', 'initial', 'adjustments', 'allotted', 'spent', 'recovered', 'carryOver'] as const) {
      const value = optionalFen(source[key], [...path, key]);
      if (value !== undefined) result[key] = value;
    }
    return result;
  };

  const data: BudgetData = {
    unit,
    fiscalYear: document.fiscalYear,
    total: line(document.total, ['total']),
    basic: document.basic
      ? { ...line(document.basic, ['basic']), staff: line(document.basic.staff, ['basic', 'staff']), running: line(document.basic.running, ['basic', 'running']) }
      : undefined,
    project: line(document.project, ['project']),
    projects: document.projects.map((project, index) => ({
      name: project.name,
      ...line(project, ['projects', index]),
      cumulativeSpent: Object.fromEntries(
        Object.entries(project.cumulativeSpent ?? {}).map(([period, amount]) => [period, fen(amount as string, ['projects', index, 'cumulativeSpent', period])]),
      ),
      keyProject: project.keyProject === true,
    })),
    periods: document.periods.map((period, index) => ({
      period: period.period,
      ...defined({
        allotted: optionalFen(period.allotted, ['periods', index, 'allotted']),
        spent: optionalFen(period.spent, ['periods', index, 'spent']),
        periodAllotted: optionalFen(period.periodAllotted, ['periods', index, 'periodAllotted']),
        periodSpent: optionalFen(period.periodSpent, ['periods', index, 'periodSpent']),
        plannedSpent: optionalFen(period.plannedSpent, ['periods', index, 'plannedSpent']),
      }),
      basic: period.basic ? { allotted: fen(period.basic.allotted, ['periods', index, 'basic', 'allotted']), spent: fen(period.basic.spent, ['periods', index, 'basic', 'spent']) } : undefined,
      project: period.project
        ? { allotted: fen(period.project.allotted, ['periods', index, 'project', 'allotted']), spent: fen(period.project.spent, ['periods', index, 'project', 'spent']) }
        : undefined,
    })),
    threePublic: document.threePublic.map((item, index) => ({
      kind: item.kind,
      budget: optionalFen(item.budget, ['threePublic', index, 'budget']),
      spent: optionalFen(item.spent, ['threePublic', index, 'spent']),
      lastYear: optionalFen(item.lastYear, ['threePublic', index, 'lastYear']),
      lastYearBudget: optionalFen(item.lastYearBudget, ['threePublic', index, 'lastYearBudget']),
    })),
    threePublicTotal: document.threePublicTotal ? amounts(document.threePublicTotal, ['threePublicTotal']) : undefined,
    income: document.income.map((item, index) => ({
      source: item.source,
      isTotal: (INCOME_TOTAL_NAMES as readonly string[]).includes(item.source),
      ...defined({ thisYear: optionalFen(item.thisYear, ['income', index, 'thisYear']), lastYear: optionalFen(item.lastYear, ['income', index, 'lastYear']) }),
    })),
    fixedAssets: document.fixedAssets ? amounts(document.fixedAssets, ['fixedAssets']) : undefined,
    work: document.work ? defined({ ...document.work }) : undefined,
    funding: document.funding ? amounts(document.funding, ['funding']) : undefined,
    procurement: document.procurement
      ? { budget: fen(document.procurement.budget, ['procurement', 'budget']), actual: fen(document.procurement.actual, ['procurement', 'actual']) }
      : undefined,
    staffing: document.staffing,
    reconciliation: document.reconciliation
      ? {
          sourceA: { name: document.reconciliation.sourceA.name, amount: fen(document.reconciliation.sourceA.amount, ['reconciliation', 'sourceA', 'amount']) },
          sourceB: { name: document.reconciliation.sourceB.name, amount: fen(document.reconciliation.sourceB.amount, ['reconciliation', 'sourceB', 'amount']) },
          differences: document.reconciliation.differences.map((difference, index) => ({
            item: difference.item,
            amount: fen(difference.amount, ['reconciliation', 'differences', index, 'amount']),
            reason: difference.reason?.trim() ? difference.reason.trim() : null,
          })),
        }
      : undefined,
    reported: document.reported.map((figure) => ({
      metric: figure.metric,
      variant: figure.variant ?? null,
      subject: figure.subject ?? null,
      value: figure.value,
      source: figure.source ?? null,
    })),
  };
  return issues.length ? { ok: false, issues } : { ok: true, value: data };
}
