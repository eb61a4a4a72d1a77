import { chineseNumeral, formatPoints, priorYearAssessmentText, reportTemplateData, REVIEW_RATING_LABELS, type ReportModel } from '@evalflow/domain';

/*
 * The final report as one HTML page (issue 12 §3), for the PDF when LibreOffice is not installed: Chromium prints it
 * with the machine's CJK fonts embedded. The same model and the same sections as the Word template (一、二、…), the
 * fund tables, the findings with their recommendations, the conclusion and the 评分表 — for a self-evaluation's
 * 自评报告 the department's problems, the self-evaluation conclusion, the bureau's rating and 审核意见 and the 自评表
 * instead of the team's findings and score table —; page numbers in the footer.
 */
const escape = (value: string | number | null | undefined): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const paragraphs = (text: string | null | undefined): string =>
  (text ?? '')
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escape(line)}</p>`)
    .join('') || '<p>（无）</p>';

/** The fonts tried in order: Noto CJK when installed, else whatever CJK font the machine has (WenQuanYi here). */
export const CJK_FONT_STACK = `"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimSun", serif`;

export function reportHtml(model: ReportModel, reportNumber: string | null): string {
  const e = model.evaluation;
  const self = model.selfEvaluationTable !== null;
  // Section numbers as the Word template prints them (a self-evaluation's report has other sections).
  const sections = reportTemplateData(model, { kind: self ? 'self' : 'final', reportNumber, date: new Date().toISOString() }) as Record<string, unknown>;
  const number = (key: 'Basis' | 'Overview' | 'Budget' | 'Goals' | 'Outputs' | 'PriorYear' | 'Findings' | 'Conclusion' | 'ScoreTable' | 'SelfProblems' | 'Review' | 'SelfEvaluation') =>
    String(sections[`section${key}`]);
  const fundTable = (rows: NonNullable<ReportModel['budget']>['allocation']) =>
    rows.length === 0
      ? '<p>（无）</p>'
      : `<table><thead><tr><th>项目</th><th>上年结转</th><th>年初预算</th><th>调整</th><th>全年预算</th><th>支出</th><th>结转结余</th><th>执行率</th></tr></thead><tbody>${rows
          .map(
            (r) =>
              `<tr><td>${escape(r.item)}</td><td class="n">${escape(r.carriedIn)}</td><td class="n">${escape(r.initial)}</td><td class="n">${escape(r.adjustments)}</td><td class="n">${escape(r.allotted)}</td><td class="n">${escape(r.spent)}</td><td class="n">${escape(r.carryOver)}</td><td class="n">${escape(r.executionRate)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const budget = model.budget
    ? `<p class="unit">单位：${escape(model.budget.unitLabel)}</p><h3>（一）预算配置</h3>${fundTable(model.budget.allocation)}<h3>（二）项目资金</h3>${fundTable(model.budget.projects)}<h3>（三）主要指标</h3>${
        model.budget.metrics.length
          ? `<table><thead><tr><th>指标</th><th>数值</th><th>计算</th></tr></thead><tbody>${model.budget.metrics
              .map((m) => `<tr><td>${escape(m.name)}${m.subject ? `（${escape(m.subject)}）` : ''}</td><td class="n">${escape(m.value)}</td><td>${escape(m.figures)}</td></tr>`)
              .join('')}</tbody></table>`
          : '<p>（无）</p>'
      }`
    : '<p>（未录入预算数据）</p>';
  const priorYear = model.priorYear.length
    ? `<table><thead><tr><th>年度</th><th>问题</th><th>整改措施</th><th>整改情况</th></tr></thead><tbody>${model.priorYear
        .map((r) => `<tr><td>${r.fiscalYear}</td><td>${escape(r.findingTitle)}</td><td>${escape(r.measures)}</td><td>${escape(priorYearAssessmentText(r))}${r.note ? `：${escape(r.note)}` : ''}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p>无上年度需整改的问题。</p>';
  const findings = model.findings.length
    ? model.findings
        .map(
          (f) =>
            `<h3>（${chineseNumeral(f.number)}）${escape(f.title)}</h3>${paragraphs(f.description)}<p><b>问题剖析：</b>${escape(f.causeAnalysis)}</p><p><b>建议：</b>${escape(f.recommendation)}</p>`,
        )
        .join('')
    : '<p>未发现问题。</p>';
  const scoreRows = model.scoreTable
    .map(
      (r) =>
        `<tr class="l${r.level}"><td>${escape(r.code)}</td><td>${escape(r.name)}</td><td class="n">${formatPoints(r.weight)}</td><td class="n">${formatPoints(r.score)}</td><td class="n">${r.deduction ? formatPoints(r.deduction) : ''}</td><td>${escape(r.reason)}</td></tr>`,
    )
    .join('');
  const keySections = `<h2>${number('Findings')}、存在的问题</h2>${findings}
<h2>${number('Conclusion')}、评价结论</h2>${paragraphs(model.conclusion.text)}<p>综合得分：${formatPoints(model.conclusion.total)}分（满分${formatPoints(model.conclusion.totalWeight)}分），评价等级：${escape(model.conclusion.gradeLabel ?? '—')}。</p>
<h2>${number('ScoreTable')}、评分表</h2><table><thead><tr><th>编号</th><th>指标</th><th>分值</th><th>得分</th><th>扣分</th><th>扣分原因</th></tr></thead><tbody>${scoreRows}
<tr class="l1"><td></td><td>合计</td><td class="n">${formatPoints(model.conclusion.totalWeight)}</td><td class="n">${formatPoints(model.conclusion.total)}</td><td></td><td></td></tr></tbody></table>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(e.title)}</title><style>
@page { size: A4; margin: 25mm 22mm 22mm; @bottom-center { content: "— " counter(page) " —"; font-family: ${CJK_FONT_STACK}; font-size: 10pt; } }
body { font-family: ${CJK_FONT_STACK}; font-size: 12pt; line-height: 1.7; color: #000; }
.title { text-align: center; margin-top: 40mm; } .title h1 { font-size: 20pt; margin: 0 0 8mm; } .number { text-align: center; font-size: 12pt; margin-bottom: 6mm; }
.org { text-align: center; margin-top: 60mm; font-size: 14pt; } .cover { page-break-after: always; }
h2 { font-size: 15pt; margin: 8mm 0 3mm; } h3 { font-size: 13pt; margin: 4mm 0 2mm; } p { text-indent: 2em; margin: 0 0 2mm; }
table { width: 100%; border-collapse: collapse; font-size: 10pt; margin: 2mm 0 4mm; page-break-inside: auto; } tr { page-break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 1mm 1.5mm; vertical-align: top; } th { background: #eee; } td.n { text-align: right; white-space: nowrap; }
tr.l1 td { font-weight: bold; background: #f3f3f3; } tr.l2 td { font-weight: bold; } p.unit { text-align: right; text-indent: 0; font-size: 10pt; }
</style></head><body>
<div class="cover"><div class="title"><h1>${escape(e.title)}</h1><div>${self ? '绩效自评报告' : '绩效评价报告'}</div></div>
${reportNumber ? `<div class="number">${escape(reportNumber)}</div>` : ''}
<div class="org">${escape(self ? e.departmentName : (e.evaluatorOrganisationName ?? e.commissioningOrganisationName))}</div></div>
<h2>${number('Basis')}、评价依据和方法</h2><h3>（一）评价依据</h3>${model.basis.legalBasis.map((line) => `<p>${escape(line)}</p>`).join('') || '<p>（无）</p>'}<h3>（二）评价方法</h3>${paragraphs(model.basis.method)}<h3>（三）指标体系</h3>${paragraphs(model.basis.framework)}
<h2>${number('Overview')}、部门概况</h2>${paragraphs(model.overview)}
<h2>${number('Budget')}、预算配置、管理和使用情况</h2>${budget}
<h2>${number('Goals')}、绩效目标</h2>${paragraphs(model.goals)}
<h2>${number('Outputs')}、产出与效益</h2>${paragraphs(model.outputs)}
<h2>${number('PriorYear')}、上年度问题整改情况</h2>${priorYear}
${self ? selfSections(model, number) : keySections}
</body></html>`;
}

/** A self-evaluation's closing sections: its own problems, the conclusion from its self-scores, the bureau's review, the 自评表. */
function selfSections(model: ReportModel, number: (key: 'SelfProblems' | 'Conclusion' | 'Review' | 'SelfEvaluation') => string): string {
  const c = model.conclusion;
  const rating = model.evaluation.rating ? REVIEW_RATING_LABELS[model.evaluation.rating] : '—';
  const reviewItems = model.findings.length
    ? `<h3>（二）审核发现的问题</h3>${model.findings.map((f) => `<p><b>${f.number}. ${escape(f.title)}</b></p>${paragraphs(f.description)}<p><b>整改建议：</b>${escape(f.recommendation)}</p>`).join('')}`
    : '';
  const rows = (model.selfEvaluationTable ?? [])
    .map(
      (r) =>
        `<tr><td>${escape(r.code)}</td><td>${escape(r.name)}</td><td class="n">${formatPoints(r.weight)}</td><td>${escape(r.target)}</td><td>${escape(r.actual)}</td><td class="n">${formatPoints(r.selfScore)}</td><td>${escape(r.deviationReason)}</td></tr>`,
    )
    .join('');
  return `<h2>${number('SelfProblems')}、存在的问题及改进措施</h2><h3>（一）存在的问题</h3>${paragraphs(model.problems)}<h3>（二）改进措施</h3>${paragraphs(model.improvements)}
<h2>${number('Conclusion')}、自评结论</h2>${paragraphs(c.text)}<p>自评得分：${formatPoints(c.total)}分（满分${formatPoints(c.totalWeight)}分），自评等级：${escape(c.gradeLabel ?? '—')}。</p>
<h2>${number('Review')}、财政审核意见</h2><p>审核等级：${escape(rating)}</p><h3>（一）审核意见</h3>${paragraphs(model.evaluation.reviewOpinion)}${reviewItems}
<h2>${number('SelfEvaluation')}、自评表</h2><table><thead><tr><th>编号</th><th>指标</th><th>分值</th><th>年度指标值</th><th>实际完成值</th><th>自评得分</th><th>偏差及原因分析</th></tr></thead><tbody>${rows}
<tr class="l1"><td></td><td>合计</td><td class="n">${formatPoints(c.totalWeight)}</td><td></td><td></td><td class="n">${formatPoints(c.total)}</td><td></td></tr></tbody></table>`;
}
