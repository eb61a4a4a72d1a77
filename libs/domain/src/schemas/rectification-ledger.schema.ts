import { z } from 'zod';
import { LEDGER_STATUS_IDS } from '../rectification/ledger';
import { pageQuerySchema, plainText, uuidSchema } from './common.schema';
import { isoDateSchema } from './evaluation.schema';

/**
 * 整改台账: the filters shared by the list, its figures, the charts and the Excel export. Every filter narrows what
 * the caller may read anyway (an auditor: the jurisdiction; a department: its own items; a team: its evaluations).
 */
export const ledgerFilterSchema = z
  .object({
    evaluationId: uuidSchema.optional(),
    departmentId: uuidSchema.optional(),
    fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
    status: z.enum(LEDGER_STATUS_IDS).optional(),
    overdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
    category: plainText(50).pipe(z.string().min(1)).optional(),
  });
export type LedgerFilter = z.infer<typeof ledgerFilterSchema>;

export const ledgerQuerySchema = pageQuerySchema.extend(ledgerFilterSchema.shape);
export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;

const namedSchema = z.object({ id: uuidSchema, name: z.string() });

/** One line of the ledger, with the columns people keep by hand (DOMAIN §8). */
export const ledgerRowSchema = z.object({
  id: uuidSchema,
  evaluation: z.object({ id: uuidSchema, title: z.string(), fiscalYear: z.number().int() }),
  department: namedSchema,
  /** 问题 */
  finding: z.object({ id: uuidSchema, seq: z.number().int(), title: z.string(), description: z.string() }),
  /** 问题类别 */
  category: z.string().nullable(),
  /** 整改措施 */
  measures: z.string().nullable(),
  /** 责任单位 (the department itself unless another unit is named) */
  responsibleUnit: z.string(),
  /** 责任人 */
  owner: z.string().nullable(),
  /** 整改时限 */
  dueOn: isoDateSchema.nullable(),
  /** 整改进展: the latest progress report */
  progress: z.string().nullable(),
  state: z.string(),
  /** 状态 */
  status: z.enum(LEDGER_STATUS_IDS),
  statusLabel: z.string(),
  /** 佐证材料: the description and the number of current files */
  evidenceNote: z.string().nullable(),
  evidenceFiles: z.number().int(),
  /** 核查意见: the latest verdict's comment */
  verification: z.string().nullable(),
  /** 销号日期 */
  closedOn: isoDateSchema.nullable(),
  overdue: z.boolean(),
});
export type LedgerRowDto = z.infer<typeof ledgerRowSchema>;

/** 整改完成率 (closed ÷ due, %), overdue count, average days to close, and the count per status. */
export const ledgerFiguresSchema = z.object({
  total: z.number().int(),
  due: z.number().int(),
  closed: z.number().int(),
  completionRate: z.number().nullable(),
  overdue: z.number().int(),
  averageDaysToClose: z.number().nullable(),
  byStatus: z.array(z.object({ status: z.enum(LEDGER_STATUS_IDS), label: z.string(), count: z.number().int() })),
});
export type LedgerFiguresDto = z.infer<typeof ledgerFiguresSchema>;

export const ledgerPageSchema = z.object({
  items: z.array(ledgerRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  figures: ledgerFiguresSchema,
});
export type LedgerPageDto = z.infer<typeof ledgerPageSchema>;

/** The charts: items by status per department, and the completion rate per fiscal year. */
export const ledgerChartsSchema = z.object({
  byDepartment: z.array(
    z.object({ department: namedSchema, counts: z.array(z.object({ status: z.enum(LEDGER_STATUS_IDS), count: z.number().int() })), total: z.number().int() }),
  ),
  byYear: z.array(z.object({ fiscalYear: z.number().int(), due: z.number().int(), closed: z.number().int(), completionRate: z.number().nullable() })),
});
export type LedgerChartsDto = z.infer<typeof ledgerChartsSchema>;
