import { Injectable } from '@nestjs/common';
import type { Workbook } from 'exceljs';
import {
  DomainError,
  LEDGER_STATUSES,
  averageDaysToClose,
  completionRate,
  ledgerStatusLabel,
  type AppAbility,
  type LedgerChartsDto,
  type LedgerFiguresDto,
  type LedgerFilter,
  type LedgerPageDto,
  type LedgerQuery,
  type LedgerRowDto,
} from '@evalflow/domain';
import { permittedFilter } from '../../authz/casl-to-sql';
import { EVALUATION_PERMISSION_COLUMNS } from '../evaluations/evaluation.repository';
import { RectificationLedgerRepository, type LedgerFigureRow, type LedgerRow, type PermittedFilter } from './rectification-ledger.repository';
import { ledgerWorkbook } from './rectification-ledger.workbook';

/** One export is one workbook written in memory: beyond this many lines the caller narrows the filter first. */
export const LEDGER_EXPORT_MAX_ROWS = 5000;

const NOTHING: LedgerFiguresDto = { total: 0, due: 0, closed: 0, completionRate: null, overdue: 0, averageDaysToClose: null, byStatus: byStatusOf({}) };

/**
 * 整改台账: per evaluation, per department or across a jurisdiction — whatever the caller may read (the evaluation
 * read rule decides, as for every list), narrowed by the filters. The figures are counted in SQL over the same set.
 */
@Injectable()
export class RectificationLedgerService {
  constructor(private readonly ledger: RectificationLedgerRepository) {}

  async page(ability: AppAbility, query: LedgerQuery): Promise<LedgerPageDto> {
    const { page, pageSize, ...filter } = query;
    const permitted = this.permitted(ability);
    if (!permitted) return { items: [], total: 0, page, pageSize, figures: NOTHING };
    const [rows, figures] = await Promise.all([
      this.ledger.lines(permitted, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
      this.ledger.figures(permitted, filter),
    ]);
    return { items: rows.map(toDto), total: figures.total, page, pageSize, figures: figuresDto(figures) };
  }

  async charts(ability: AppAbility, filter: LedgerFilter): Promise<LedgerChartsDto> {
    const permitted = this.permitted(ability);
    if (!permitted) return { byDepartment: [], byYear: [] };
    const { byDepartment: departments, byYear: years } = await this.ledger.charts(permitted, filter);
    const byDepartment = new Map<string, LedgerChartsDto['byDepartment'][number]>();
    for (const line of departments) {
      const entry = byDepartment.get(line.departmentId) ?? {
        department: { id: line.departmentId, name: line.departmentName },
        counts: LEDGER_STATUSES.map((status) => ({ status: status.id, count: 0 })),
        total: 0,
      };
      entry.counts.find((count) => count.status === line.status)!.count = line.count;
      entry.total += line.count;
      byDepartment.set(line.departmentId, entry);
    }
    return {
      byDepartment: [...byDepartment.values()],
      byYear: years.map((year) => ({ ...year, completionRate: completionRate(year.closed, year.due) })),
    };
  }

  /** 整改台账.xlsx of the filter: every line (refused beyond LEDGER_EXPORT_MAX_ROWS) and the figures. */
  async workbook(ability: AppAbility, filter: LedgerFilter): Promise<Workbook> {
    const permitted = this.permitted(ability);
    if (!permitted) return ledgerWorkbook([], NOTHING);
    const figures = await this.ledger.figures(permitted, filter);
    if (figures.total > LEDGER_EXPORT_MAX_ROWS) {
      throw new DomainError('RULE_VIOLATION', `台账共 ${figures.total} 条，超过一次导出的上限 ${LEDGER_EXPORT_MAX_ROWS} 条，请按年度或部门筛选后再导出`, [
        { path: 'query', message: `at most ${LEDGER_EXPORT_MAX_ROWS} lines per export` },
      ]);
    }
    const rows = await this.ledger.lines(permitted, filter, { limit: LEDGER_EXPORT_MAX_ROWS, offset: 0 });
    return ledgerWorkbook(rows.map(toDto), figuresDto(figures));
  }

  private permitted(ability: AppAbility): PermittedFilter | null {
    const permitted = permittedFilter(ability, 'read', 'Evaluation', EVALUATION_PERMISSION_COLUMNS);
    return permitted.kind === 'none' ? null : permitted;
  }
}

function byStatusOf(counts: LedgerFigureRow['byStatus']): LedgerFiguresDto['byStatus'] {
  return LEDGER_STATUSES.map((status) => ({ status: status.id, label: status.zh, count: counts[status.id] ?? 0 }));
}

function figuresDto(row: LedgerFigureRow): LedgerFiguresDto {
  return {
    total: row.total,
    due: row.due,
    closed: row.closed,
    completionRate: completionRate(row.closed, row.due),
    overdue: row.overdue,
    // SQL's avg is the exact mean; the domain rounds it like every other figure.
    averageDaysToClose: row.averageDaysToClose === null ? null : averageDaysToClose([row.averageDaysToClose]),
    byStatus: byStatusOf(row.byStatus),
  };
}

function toDto(row: LedgerRow): LedgerRowDto {
  return {
    id: row.id,
    evaluation: { id: row.evaluationId, title: row.evaluationTitle, fiscalYear: row.fiscalYear },
    department: { id: row.departmentId, name: row.departmentName },
    finding: { id: row.findingId, seq: row.findingSeq, title: row.findingTitle, description: row.findingDescription },
    category: row.category,
    measures: row.measures,
    responsibleUnit: row.responsibleUnit ?? row.departmentName,
    owner: row.ownerName,
    dueOn: row.dueOn,
    progress: row.progress,
    state: row.state,
    status: row.status,
    statusLabel: ledgerStatusLabel(row.status),
    evidenceNote: row.evidenceNote,
    evidenceFiles: row.evidenceFiles,
    verification: row.verification,
    closedOn: row.closedOn,
    overdue: row.overdue,
  };
}
