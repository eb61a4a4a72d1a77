/*
 * Benchmark (issue 12 acceptance): the time to render a report of 60 level-3 indicators and 20 findings with the
 * built-in template — the report model assembled, the template data made, the .docx generated — as the reports queue
 * does it. Prints the median and spread of N runs (BENCH_RUNS, default 20) after a warm-up; the target is < 1 s.
 * No assertion: figures only.  Run: `npm run -s bench:report`.
 */
import { assembleReportModel, reportTemplateData, type FrameworkNode, type ReportInputs } from '@evalflow/domain';
import { builtinTemplateDocx } from '../../apps/api/src/modules/reports/builtin-template';
import { renderDocx } from '../../apps/api/src/modules/reports/report-renderer';

function inputs(): ReportInputs {
  const nodes: FrameworkNode[] = [];
  // 4 level-1 × 3 level-2 × 5 level-3 = 60 indicators, weights summing to 100.
  for (let a = 1; a <= 4; a++) {
    nodes.push({ code: `${a}`, name: `一级指标${a}`, weight: 25, level: 1, parentCode: null });
    for (let b = 1; b <= 3; b++) {
      nodes.push({ code: `${a}.${b}`, name: `二级指标${a}.${b}`, weight: b === 3 ? 8.34 : 8.33, level: 2, parentCode: `${a}` });
      for (let c = 1; c <= 5; c++) nodes.push({ code: `${a}.${b}.${c}`, name: `三级指标${a}.${b}.${c}（资金使用合规性）`, weight: 1.67, level: 3, parentCode: `${a}.${b}` });
    }
  }
  const level3 = nodes.filter((n) => n.level === 3);
  return {
    evaluation: {
      id: '00000000-0000-4000-8000-000000000001', reference: 'PJ-2025-001', kind: 'key', scope: 'department_whole', title: '基准测试', projectName: null, fiscalYear: 2025,
      departmentName: '长沙市人民政府办公厅', commissioningOrganisationName: '长沙市财政局', evaluatorOrganisationName: '湖南浩元会计师事务所',
      frameworkName: '部门整体支出绩效评价共性指标体系', frameworkVersion: 1, legalBasis: '《中华人民共和国预算法》\n《项目支出绩效评价管理办法》（财预〔2020〕10号）', reportNumber: '长财绩评〔2026〕1号',
    },
    nodes,
    entries: level3.map((n, i) => ({ code: n.code, target: '≥95%', actual: '93%', selfScore: n.weight, deviationReason: null, score: i % 3 === 0 ? 1.2 : n.weight, deductionReason: i % 3 === 0 ? '部分支出未按预算执行，原始凭证不完整，扣0.47分' : null, changeReason: null })),
    findings: Array.from({ length: 20 }, (_, i) => ({
      seq: i + 1, category: '预算管理', title: `问题${i + 1}：预算编制不够细化，部分项目执行率偏低`, description: '经核查，部分项目年初预算编制依据不足，年中追加调整频繁，全年执行率低于85%。'.repeat(3),
      causeAnalysis: '预算编制前期论证不充分，项目库管理不规范。'.repeat(2), recommendation: '细化预算编制，加强项目前期论证，按季度分析预算执行情况。'.repeat(2),
      indicatorCode: level3[i]!.code, answer: null, answerText: null, adjudication: null, adjudicationReason: null,
    })),
    narrative: { overview: '部门概况。'.repeat(200), goals: '绩效目标。'.repeat(100), outputs: '产出与效益。'.repeat(100) },
    budget: null,
    priorYear: [],
  };
}

function once(template: Buffer, data: ReportInputs): { ms: number; bytes: number } {
  const start = process.hrtime.bigint();
  const model = assembleReportModel(data);
  const docx = renderDocx(template, reportTemplateData(model, { kind: 'final', reportNumber: model.evaluation.reportNumber, date: '2026-03-01' }));
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, bytes: docx.length };
}

const runs = Number(process.env.BENCH_RUNS ?? 20);
const template = builtinTemplateDocx();
const data = inputs();
for (let i = 0; i < 3; i++) once(template, data); // warm-up (JIT, template parse caches)
const results = Array.from({ length: runs }, () => once(template, data));
const times = results.map((r) => r.ms).sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
console.log(`report render (60 indicators, 20 findings, built-in template): ${runs} runs`);
console.log(`  median ${at(0.5).toFixed(1)} ms   min ${times[0]!.toFixed(1)} ms   p90 ${at(0.9).toFixed(1)} ms   max ${times[times.length - 1]!.toFixed(1)} ms   target < 1000 ms`);
console.log(`  .docx ${(results[0]!.bytes / 1024).toFixed(1)} KiB`);
// For `npm run -s bench -- report`: the same figures as one JSON line.
if (process.env.BENCH_JSON) console.log(JSON.stringify({ runs, medianMs: at(0.5), minMs: times[0], p90Ms: at(0.9), maxMs: times[times.length - 1], kib: results[0]!.bytes / 1024 }));
