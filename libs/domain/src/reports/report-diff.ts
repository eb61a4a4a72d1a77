import { z } from 'zod';
import type { ReportFinding, ReportModel } from './report-model';

/*
 * What changed between two versions of a report (issue 12 §1, e.g. the draft for comment and the final report):
 * scores with the reason recorded for the change, findings added, revised (with the adjudication's reason) and
 * withdrawn (with its reason), the total and the grade. Findings are matched by their seq (their number in the
 * evaluation, which never changes), indicators by code. Pure: both sides are report models.
 */

const FINDING_FIELDS = ['title', 'description', 'causeAnalysis', 'recommendation', 'category', 'indicatorCode'] as const;
export const FINDING_FIELD_LABELS: Record<(typeof FINDING_FIELDS)[number], string> = {
  title: '标题',
  description: '问题描述',
  causeAnalysis: '问题剖析',
  recommendation: '建议',
  category: '类别',
  indicatorCode: '对应指标',
};

export const reportDiffSchema = z.object({
  total: z.object({ from: z.number().nullable(), to: z.number().nullable(), changed: z.boolean() }),
  grade: z.object({ from: z.string().nullable(), to: z.string().nullable(), changed: z.boolean() }),
  scores: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      from: z.number().nullable(),
      to: z.number().nullable(),
      changeReason: z.string().nullable(),
      reasonFrom: z.string().nullable(),
      reasonTo: z.string().nullable(),
    }),
  ),
  findings: z.object({
    added: z.array(z.object({ seq: z.number().int(), title: z.string() })),
    revised: z.array(
      z.object({
        seq: z.number().int(),
        title: z.string(),
        fields: z.array(z.object({ field: z.string(), label: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
        adjudication: z.string().nullable(),
        adjudicationReason: z.string().nullable(),
      }),
    ),
    withdrawn: z.array(z.object({ seq: z.number().int(), title: z.string(), adjudicationReason: z.string().nullable() })),
  }),
  /** Nothing above changed. */
  same: z.boolean(),
});
export type ReportDiff = z.infer<typeof reportDiffSchema>;

export function diffReportModels(from: ReportModel, to: ReportModel): ReportDiff {
  const fromScores = new Map(from.scoreTable.filter((r) => r.level === 3).map((r) => [r.code, r]));
  const scores: ReportDiff['scores'] = [];
  for (const row of to.scoreTable) {
    if (row.level !== 3) continue;
    const before = fromScores.get(row.code);
    const beforeScore = before?.score ?? null;
    if (before && beforeScore === row.score && (before.reason ?? null) === (row.reason ?? null)) continue;
    scores.push({ code: row.code, name: row.name, from: beforeScore, to: row.score, changeReason: row.changeReason, reasonFrom: before?.reason ?? null, reasonTo: row.reason });
  }

  const fromFindings = new Map(from.findings.map((f) => [f.seq, f]));
  const toFindings = new Map(to.findings.map((f) => [f.seq, f]));
  const withdrawnTo = new Map(to.withdrawnFindings.map((f) => [f.seq, f]));
  const added = to.findings.filter((f) => !fromFindings.has(f.seq)).map((f) => ({ seq: f.seq, title: f.title }));
  const revised: ReportDiff['findings']['revised'] = [];
  for (const finding of to.findings) {
    const before = fromFindings.get(finding.seq);
    if (!before) continue;
    const fields = changedFields(before, finding);
    if (fields.length === 0 && finding.adjudication !== 'revised') continue;
    revised.push({ seq: finding.seq, title: finding.title, fields, adjudication: finding.adjudication, adjudicationReason: finding.adjudicationReason });
  }
  const withdrawn = from.findings
    .filter((f) => !toFindings.has(f.seq))
    .map((f) => ({ seq: f.seq, title: f.title, adjudicationReason: withdrawnTo.get(f.seq)?.adjudicationReason ?? null }));

  const total = { from: from.conclusion.total, to: to.conclusion.total, changed: from.conclusion.total !== to.conclusion.total };
  const grade = { from: from.conclusion.gradeLabel, to: to.conclusion.gradeLabel, changed: from.conclusion.gradeLabel !== to.conclusion.gradeLabel };
  const same = !total.changed && !grade.changed && scores.length === 0 && added.length === 0 && revised.length === 0 && withdrawn.length === 0;
  return { total, grade, scores, findings: { added, revised, withdrawn }, same };
}

function changedFields(before: ReportFinding, after: ReportFinding): ReportDiff['findings']['revised'][number]['fields'] {
  return FINDING_FIELDS.filter((field) => (before[field] ?? null) !== (after[field] ?? null)).map((field) => ({
    field,
    label: FINDING_FIELD_LABELS[field],
    from: before[field] ?? null,
    to: after[field] ?? null,
  }));
}
