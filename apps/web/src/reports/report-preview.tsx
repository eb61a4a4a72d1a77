import type { CSSProperties, ReactNode } from 'react';
import { reportTemplateData, type ReportKind, type ReportModel } from '@evalflow/domain';

/*
 * The report in the page (issue 12 §7): the same sections, numbering and figures as the Word document, from the same
 * model through the same placeholder data (libs/domain reportTemplateData), laid out as a page of the report.
 */

type Row = Record<string, string | number | boolean>;

const page: CSSProperties = {
  background: '#fff',
  maxWidth: 820,
  margin: '0 auto',
  padding: '48px 56px',
  boxShadow: '0 1px 6px rgba(0,0,0,0.12)',
  fontFamily: '"FangSong", "STFangsong", "仿宋", "SimSun", "Songti SC", "Noto Serif CJK SC", serif',
  fontSize: 15,
  lineHeight: 1.9,
  color: '#000',
  position: 'relative',
  overflow: 'hidden',
};
const h1: CSSProperties = { fontFamily: '"SimHei", "黑体", "Noto Sans CJK SC", sans-serif', fontSize: 17, fontWeight: 700, margin: '22px 0 8px' };
const h2: CSSProperties = { fontFamily: '"KaiTi", "楷体", serif', fontSize: 16, fontWeight: 700, margin: '12px 0 4px' };
const para: CSSProperties = { textIndent: '2em', margin: '4px 0', whiteSpace: 'pre-wrap' };
const cell: CSSProperties = { border: '1px solid #000', padding: '2px 6px', fontSize: 13, lineHeight: 1.5, verticalAlign: 'middle' };

function Table({ columns, rows, footer, testId }: { columns: { title: string; key: string; align?: 'right' | 'center' }[]; rows: Row[]; footer?: ReactNode[]; testId?: string }) {
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%', margin: '6px 0 12px', fontFamily: '"SimSun", "宋体", serif' }} data-testid={testId}>
      <thead>
        <tr style={{ background: '#e7e6e6' }}>
          {columns.map((c) => (
            <th key={c.key} style={{ ...cell, textAlign: 'center', whiteSpace: 'nowrap' }}>
              {c.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index} style={row.isSubtotal ? { fontWeight: 700, background: '#fafafa' } : undefined}>
            {columns.map((c) => (
              <td key={c.key} style={{ ...cell, textAlign: c.align ?? 'left' }}>
                {String(row[c.key] ?? '')}
              </td>
            ))}
          </tr>
        ))}
        {footer && (
          <tr style={{ fontWeight: 700, background: '#e7e6e6' }}>
            {footer.map((value, index) => (
              <td key={index} style={{ ...cell, textAlign: index === 0 ? 'center' : 'right' }}>
                {value}
              </td>
            ))}
          </tr>
        )}
      </tbody>
    </table>
  );
}

const FUND_COLUMNS = [
  { title: '项目', key: 'item' },
  { title: '上年结转', key: 'carriedIn', align: 'right' as const },
  { title: '年初预算', key: 'initial', align: 'right' as const },
  { title: '预算调整', key: 'adjustments', align: 'right' as const },
  { title: '全年可用', key: 'allotted', align: 'right' as const },
  { title: '全年支出', key: 'spent', align: 'right' as const },
  { title: '结转结余', key: 'carryOver', align: 'right' as const },
  { title: '执行率', key: 'executionRate', align: 'right' as const },
];

export function ReportPreview({ model, kind, reportNumber, date }: { model: ReportModel; kind: ReportKind; reportNumber: string | null; date: string }) {
  const d = reportTemplateData(model, { kind, reportNumber, date }) as Record<string, string | boolean | Row[]>;
  const rows = (key: string) => d[key] as Row[];
  const self = d.isSelfEvaluation === true;
  return (
    <div style={page} data-testid="report-preview">
      {d.isDraft && (
        <div
          aria-hidden
          style={{ position: 'absolute', top: 360, left: 0, right: 0, textAlign: 'center', fontSize: 96, color: 'rgba(0,0,0,0.07)', transform: 'rotate(-45deg)', pointerEvents: 'none', whiteSpace: 'nowrap' }}
        >
          征求意见稿
        </div>
      )}
      <div style={{ textAlign: 'right', fontWeight: 700, fontFamily: '"SimHei", sans-serif', color: '#c00000', minHeight: 28 }} data-testid="report-draft-mark">
        {d.draftMark as string}
      </div>
      <div style={{ textAlign: 'center', minHeight: 28 }} data-testid="report-number">
        {d.reportNumber as string}
      </div>
      <h1 style={{ textAlign: 'center', fontSize: 24, fontFamily: '"SimHei", "黑体", sans-serif', margin: '28px 0 4px' }}>{d.reportTitle as string}</h1>
      {self ? (
        <>
          <div style={{ textAlign: 'center', marginTop: 24 }}>报送单位：{d.departmentName as string}</div>
          <div style={{ textAlign: 'center' }}>审核单位：{d.commissioningOrganisationName as string}</div>
        </>
      ) : (
        <>
          <div style={{ textAlign: 'center', fontFamily: '"KaiTi", serif', marginBottom: 24 }}>（{d.kindLabel as string}）</div>
          <div style={{ textAlign: 'center' }}>委托单位：{d.commissioningOrganisationName as string}</div>
          <div style={{ textAlign: 'center' }}>评价机构：{d.evaluatorOrganisationName as string}</div>
        </>
      )}
      <div style={{ textAlign: 'center', marginBottom: 24 }}>{d.reportDate as string}</div>

      <div style={h1}>{d.sectionBasis as string}、评价依据和方法</div>
      <div style={h2}>（一）文件依据</div>
      {rows('legalBasis').map((row) => (
        <p key={String(row.number)} style={para}>
          {row.number}. {row.text}
        </p>
      ))}
      <div style={h2}>（二）评价方法</div>
      <p style={para}>{d.method as string}</p>
      <div style={h2}>（三）评价指标体系</div>
      <p style={para}>{d.framework as string}</p>

      <div style={h1}>{d.sectionOverview as string}、部门概况</div>
      <p style={para}>{d.overview as string}</p>

      <div style={h1}>{d.sectionBudget as string}、预算配置、管理和使用情况</div>
      {d.hasBudget ? (
        <>
          <div style={h2}>（一）预算配置</div>
          <div style={{ textAlign: 'right', fontSize: 12 }}>单位：{d.unitLabel as string}</div>
          <Table columns={FUND_COLUMNS} rows={rows('allocation')} testId="report-fund-table" />
          {d.hasProjects && (
            <>
              <div style={h2}>（二）项目资金</div>
              <Table columns={FUND_COLUMNS} rows={rows('projects')} />
            </>
          )}
          {d.hasMetrics && (
            <>
              <div style={h2}>（三）预算管理和使用指标</div>
              <Table
                columns={[
                  { title: '指标', key: 'name' },
                  { title: '范围', key: 'subject' },
                  { title: '指标值', key: 'value', align: 'right' },
                  { title: '计算数据', key: 'figures' },
                ]}
                rows={rows('metrics')}
              />
            </>
          )}
        </>
      ) : (
        <p style={para}>未录入预算数据。</p>
      )}

      <div style={h1}>{d.sectionGoals as string}、绩效目标</div>
      <p style={para}>{d.goals as string}</p>
      <div style={h1}>{d.sectionOutputs as string}、产出与效益</div>
      <p style={para}>{d.outputs as string}</p>

      <div style={h1}>{d.sectionPriorYear as string}、上年度问题整改情况</div>
      {d.hasPriorYear ? (
        <Table
          columns={[
            { title: '年度', key: 'fiscalYear', align: 'center' },
            { title: '问题', key: 'findingTitle' },
            { title: '整改措施', key: 'measures' },
            { title: '整改情况', key: 'assessment', align: 'center' },
            { title: '说明', key: 'note' },
          ]}
          rows={rows('priorYear')}
        />
      ) : (
        <p style={para}>无需跟踪整改的上年度问题。</p>
      )}

      {self ? <SelfEvaluationSections d={d} /> : <KeyEvaluationSections d={d} />}
    </div>
  );
}

/** A key evaluation's closing sections: the team's findings, the conclusion from its scores, the 评分表. */
function KeyEvaluationSections({ d }: { d: Record<string, string | boolean | Row[]> }) {
  const rows = (key: string) => d[key] as Row[];
  return (
    <>
      <div style={h1}>{d.sectionFindings as string}、存在的问题</div>
      {d.hasFindings ? (
        rows('findings').map((f) => (
          <div key={String(f.number)} data-testid={`report-finding-${f.number}`}>
            <div style={h2}>
              （{f.numberZh}）{f.title}
            </div>
            <p style={para}>{f.description}</p>
            <p style={para}>
              <b>问题剖析：</b>
              {f.causeAnalysis}
            </p>
            <p style={para}>
              <b>建议：</b>
              {f.recommendation}
            </p>
          </div>
        ))
      ) : (
        <p style={para}>评价未发现问题。</p>
      )}

      <div style={h1}>{d.sectionConclusion as string}、评价结论</div>
      <p style={para}>{d.conclusion as string}</p>
      <p style={para}>
        <b>总得分：</b>
        {d.total as string}分（满分{d.totalWeight as string}分）{'\u3000'}<b>评价等级：</b>
        {d.gradeLabel as string}
      </p>

      <div style={h1}>{d.sectionScoreTable as string}、评分表</div>
      <Table
        testId="report-score-table"
        columns={[
          { title: '指标编码', key: 'code' },
          { title: '指标名称', key: 'name' },
          { title: '分值', key: 'weight', align: 'right' },
          { title: '得分', key: 'score', align: 'right' },
          { title: '扣分', key: 'deduction', align: 'right' },
          { title: '扣分理由', key: 'reason' },
        ]}
        rows={rows('scoreRows')}
        footer={['合计', '', d.totalWeight as string, d.total as string, '', `评价等级：${d.gradeLabel as string}`]}
      />
    </>
  );
}

/**
 * A self-evaluation's closing sections (no team, no team scores): the department's own problems, the conclusion from
 * its self-scores, the bureau's rating and 审核意见 with the problems the review raised, the 自评表.
 */
function SelfEvaluationSections({ d }: { d: Record<string, string | boolean | Row[]> }) {
  const rows = (key: string) => d[key] as Row[];
  return (
    <>
      <div style={h1}>{d.sectionSelfProblems as string}、存在的问题及改进措施</div>
      <div style={h2}>（一）存在的问题</div>
      <p style={para}>{d.problems as string}</p>
      <div style={h2}>（二）改进措施</div>
      <p style={para}>{d.improvements as string}</p>

      <div style={h1}>{d.sectionConclusion as string}、自评结论</div>
      <p style={para} data-testid="report-self-conclusion">
        {d.conclusion as string}
      </p>
      <p style={para}>
        <b>自评得分：</b>
        {d.total as string}分（满分{d.totalWeight as string}分）{'\u3000'}<b>自评等级：</b>
        {d.gradeLabel as string}
      </p>

      <div style={h1}>{d.sectionReview as string}、财政审核意见</div>
      <p style={para} data-testid="report-rating">
        <b>审核等级：</b>
        {d.ratingLabel as string}
      </p>
      <div style={h2}>（一）审核意见</div>
      <p style={para} data-testid="report-review-opinion">
        {d.reviewOpinion as string}
      </p>
      {d.hasFindings && (
        <>
          <div style={h2}>（二）审核发现的问题</div>
          {rows('findings').map((f) => (
            <div key={String(f.number)} data-testid={`report-review-item-${f.number}`}>
              <p style={para}>
                <b>
                  {f.number}. {f.title}
                </b>
              </p>
              <p style={para}>{f.description}</p>
              <p style={para}>
                <b>整改建议：</b>
                {f.recommendation}
              </p>
            </div>
          ))}
        </>
      )}

      <div style={h1}>{d.sectionSelfEvaluation as string}、自评表</div>
      <Table
        testId="report-self-table"
        columns={[
          { title: '指标编码', key: 'code' },
          { title: '指标名称', key: 'name' },
          { title: '分值', key: 'weight', align: 'right' },
          { title: '年度指标值', key: 'target' },
          { title: '实际完成值', key: 'actual' },
          { title: '自评得分', key: 'selfScore', align: 'right' },
          { title: '偏差及原因分析', key: 'deviationReason' },
        ]}
        rows={rows('selfRows')}
        footer={['合计', '', d.totalWeight as string, '', '', d.total as string, `自评等级：${d.gradeLabel as string}`]}
      />
    </>
  );
}
