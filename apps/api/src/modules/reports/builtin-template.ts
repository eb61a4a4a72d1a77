import PizZip from 'pizzip';

/*
 * The built-in zh-CN report template (issue 12 §2), made from code so it is reviewed as text and never drifts from
 * the placeholders (libs/domain report-template-data.ts): A4, 宋体/仿宋 (SimSun/FangSong) with 黑体 headings, the
 * title block (征求意见稿 mark, document number — blank on a draft —, title, commissioning bureau, evaluator, date),
 * sections numbered 一、二、…, the fund tables, the findings with 问题剖析 and 建议, the conclusion, the score table
 * with subtotals — or, for a self-evaluation's 自评报告, the department's problems, the self-evaluation conclusion,
 * the bureau's rating and 审核意见 and the 自评表 instead of the team's findings and score table —, page numbers in the
 * footer and, on a draft, a 征求意见稿 header and diagonal watermark. `npm run -s report:template` writes it to a file for a bureau to start from.
 */

const W_NS =
  'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" ' +
  'xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface RunOptions {
  bold?: boolean;
  size?: number;
  font?: string;
  color?: string;
}
function run(text: string, o: RunOptions = {}): string {
  const props = [
    o.font ? `<w:rFonts w:ascii="${o.font}" w:hAnsi="${o.font}" w:eastAsia="${o.font}"/>` : '',
    o.bold ? '<w:b/>' : '',
    o.color ? `<w:color w:val="${o.color}"/>` : '',
    o.size ? `<w:sz w:val="${o.size}"/><w:szCs w:val="${o.size}"/>` : '',
  ].join('');
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

interface ParagraphOptions {
  style?: string;
  align?: 'left' | 'center' | 'right' | 'both';
  indent?: boolean;
  pageBreakBefore?: boolean;
  spacingAfter?: number;
}
function para(runs: string | string[], o: ParagraphOptions = {}): string {
  const props = [
    o.style ? `<w:pStyle w:val="${o.style}"/>` : '',
    o.pageBreakBefore ? '<w:pageBreakBefore/>' : '',
    o.spacingAfter !== undefined ? `<w:spacing w:after="${o.spacingAfter}"/>` : '',
    o.indent ? '<w:ind w:firstLineChars="200" w:firstLine="640"/>' : '',
    o.align ? `<w:jc w:val="${o.align}"/>` : '',
  ].join('');
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${Array.isArray(runs) ? runs.join('') : runs}</w:p>`;
}
/** A body paragraph (仿宋, first line indented two characters). */
const body = (text: string) => para(run(text), { indent: true });
/** A paragraph holding only a loop or condition tag (docxtemplater's paragraphLoop drops it from the output). */
const tag = (text: string) => para(run(text));
const h1 = (text: string) => para(run(text), { style: 'Heading1' });
const h2 = (text: string) => para(run(text), { style: 'Heading2' });

function cell(text: string, width: number, o: { header?: boolean; align?: 'left' | 'center' | 'right' } = {}): string {
  return (
    `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${o.header ? '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' : ''}<w:vAlign w:val="center"/></w:tcPr>` +
    `<w:p><w:pPr><w:pStyle w:val="TableText"/>${o.align ? `<w:jc w:val="${o.align}"/>` : ''}</w:pPr>${run(text, { bold: o.header })}</w:p></w:tc>`
  );
}

interface Column {
  title: string;
  value: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}
/**
 * A table with a header row and one row repeated per item of `loop` (the loop tags open in the first cell and close
 * in the last, so docxtemplater repeats the row); `footer` cells add a last row (e.g. 合计).
 */
function table(loop: string, columns: Column[], footer?: string[]): string {
  const grid = columns.map((c) => `<w:gridCol w:w="${c.width}"/>`).join('');
  const header = `<w:tr><w:trPr><w:tblHeader/></w:trPr>${columns.map((c) => cell(c.title, c.width, { header: true, align: 'center' })).join('')}</w:tr>`;
  const rowCells = columns.map((c, i) => {
    const value = `${i === 0 ? `{#${loop}}` : ''}${c.value}${i === columns.length - 1 ? `{/${loop}}` : ''}`;
    return cell(value, c.width, { align: c.align });
  });
  const row = `<w:tr><w:trPr><w:cantSplit/></w:trPr>${rowCells.join('')}</w:tr>`;
  const last = footer ? `<w:tr>${footer.map((text, i) => cell(text, columns[i]!.width, { header: true, align: i === 0 ? 'center' : columns[i]!.align })).join('')}</w:tr>` : '';
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${header}${row}${last}</w:tbl>` +
    para('', { spacingAfter: 120 })
  );
}

const FUND_COLUMNS: Column[] = [
  { title: '项目', value: '{item}', width: 1900 },
  { title: '上年结转', value: '{carriedIn}', width: 1000, align: 'right' },
  { title: '年初预算', value: '{initial}', width: 1050, align: 'right' },
  { title: '预算调整', value: '{adjustments}', width: 1000, align: 'right' },
  { title: '全年可用', value: '{allotted}', width: 1050, align: 'right' },
  { title: '全年支出', value: '{spent}', width: 1050, align: 'right' },
  { title: '结转结余', value: '{carryOver}', width: 1000, align: 'right' },
  { title: '执行率', value: '{executionRate}', width: 850, align: 'right' },
];

function documentXml(): string {
  const parts = [
    // Title block.
    para(run('{draftMark}', { bold: true, size: 32, font: '黑体' }), { align: 'right' }),
    para(run('{reportNumber}', { size: 32 }), { align: 'center', spacingAfter: 600 }),
    para(run('{reportTitle}', { bold: true, size: 44, font: '方正小标宋简体' }), { align: 'center', spacingAfter: 300 }),
    // A key evaluation's report: its kind (征求意见稿 / 正式报告), the bureau that commissioned it and the firm that made
    // it; a self-evaluation's: the department that reported it and the bureau that reviewed it.
    tag('{^isSelfEvaluation}'),
    para(run('（{kindLabel}）', { size: 32, font: '楷体' }), { align: 'center', spacingAfter: 1200 }),
    para(run('委托单位：{commissioningOrganisationName}', { size: 32 }), { align: 'center' }),
    para(run('评价机构：{evaluatorOrganisationName}', { size: 32 }), { align: 'center' }),
    tag('{/isSelfEvaluation}'),
    tag('{#isSelfEvaluation}'),
    para(run('报送单位：{departmentName}', { size: 32 }), { align: 'center', spacingAfter: 0 }),
    para(run('审核单位：{commissioningOrganisationName}', { size: 32 }), { align: 'center' }),
    tag('{/isSelfEvaluation}'),
    para(run('评价编号：{reference}', { size: 28 }), { align: 'center' }),
    para(run('{reportDate}', { size: 32 }), { align: 'center' }),

    para(run('{sectionBasis}、评价依据和方法'), { style: 'Heading1', pageBreakBefore: true }),
    h2('（一）文件依据'),
    tag('{#legalBasis}'),
    body('{number}. {text}'),
    tag('{/legalBasis}'),
    h2('（二）评价方法'),
    body('{method}'),
    h2('（三）评价指标体系'),
    body('{framework}'),

    h1('{sectionOverview}、部门概况'),
    body('{overview}'),

    h1('{sectionBudget}、预算配置、管理和使用情况'),
    tag('{#hasBudget}'),
    h2('（一）预算配置'),
    para(run('单位：{unitLabel}', { size: 21 }), { align: 'right' }),
    table('allocation', FUND_COLUMNS),
    tag('{#hasProjects}'),
    h2('（二）项目资金'),
    para(run('单位：{unitLabel}', { size: 21 }), { align: 'right' }),
    table('projects', FUND_COLUMNS),
    tag('{/hasProjects}'),
    tag('{#hasMetrics}'),
    h2('（三）预算管理和使用指标'),
    table('metrics', [
      { title: '指标', value: '{name}', width: 2000 },
      { title: '范围', value: '{subject}', width: 1500 },
      { title: '指标值', value: '{value}', width: 1200, align: 'right' },
      { title: '计算数据', value: '{figures}', width: 2600 },
      { title: '计算公式', value: '{formula}', width: 1600 },
    ]),
    tag('{/hasMetrics}'),
    tag('{/hasBudget}'),
    tag('{^hasBudget}'),
    body('未录入预算数据。'),
    tag('{/hasBudget}'),

    h1('{sectionGoals}、绩效目标'),
    body('{goals}'),
    h1('{sectionOutputs}、产出与效益'),
    body('{outputs}'),

    h1('{sectionPriorYear}、上年度问题整改情况'),
    tag('{#hasPriorYear}'),
    table('priorYear', [
      { title: '年度', value: '{fiscalYear}', width: 800, align: 'center' },
      { title: '问题', value: '{findingTitle}', width: 2600 },
      { title: '整改措施', value: '{measures}', width: 2400 },
      { title: '整改情况', value: '{assessment}', width: 1200, align: 'center' },
      { title: '说明', value: '{note}', width: 1900 },
    ]),
    tag('{/hasPriorYear}'),
    tag('{^hasPriorYear}'),
    body('无需跟踪整改的上年度问题。'),
    tag('{/hasPriorYear}'),

    // A key evaluation: the team's findings, the conclusion from its scores, the 评分表.
    tag('{^isSelfEvaluation}'),
    h1('{sectionFindings}、存在的问题'),
    tag('{#findings}'),
    h2('（{numberZh}）{title}'),
    body('{description}'),
    para([run('问题剖析：', { bold: true }), run('{causeAnalysis}')], { indent: true }),
    para([run('建议：', { bold: true }), run('{recommendation}')], { indent: true }),
    tag('{/findings}'),
    tag('{^hasFindings}'),
    body('评价未发现问题。'),
    tag('{/hasFindings}'),

    h1('{sectionConclusion}、评价结论'),
    body('{conclusion}'),
    para([run('总得分：', { bold: true }), run('{total}分（满分{totalWeight}分）'), run('　评价等级：', { bold: true }), run('{gradeLabel}')], { indent: true }),

    h1('{sectionScoreTable}、评分表'),
    table(
      'scoreRows',
      [
        { title: '指标编码', value: '{code}', width: 900 },
        { title: '指标名称', value: '{name}', width: 2300 },
        { title: '分值', value: '{weight}', width: 800, align: 'right' },
        { title: '得分', value: '{score}', width: 800, align: 'right' },
        { title: '扣分', value: '{deduction}', width: 800, align: 'right' },
        { title: '扣分理由', value: '{reason}', width: 3300 },
      ],
      ['合计', '', '{totalWeight}', '{total}', '', '评价等级：{gradeLabel}'],
    ),
    tag('{/isSelfEvaluation}'),

    // A self-evaluation (no team): the department's own problems, its conclusion from the self-scores, the bureau's
    // rating and 审核意见 (with the problems the review raised, which become rectification items), the 自评表.
    tag('{#isSelfEvaluation}'),
    h1('{sectionSelfProblems}、存在的问题及改进措施'),
    h2('（一）存在的问题'),
    body('{problems}'),
    h2('（二）改进措施'),
    body('{improvements}'),

    h1('{sectionConclusion}、自评结论'),
    body('{conclusion}'),
    para([run('自评得分：', { bold: true }), run('{total}分（满分{totalWeight}分）'), run('　自评等级：', { bold: true }), run('{gradeLabel}')], { indent: true }),

    h1('{sectionReview}、财政审核意见'),
    para([run('审核等级：', { bold: true }), run('{ratingLabel}')], { indent: true }),
    h2('（一）审核意见'),
    body('{reviewOpinion}'),
    tag('{#hasFindings}'),
    h2('（二）审核发现的问题'),
    tag('{#findings}'),
    para([run('{number}. {title}', { bold: true })], { indent: true }),
    body('{description}'),
    para([run('整改建议：', { bold: true }), run('{recommendation}')], { indent: true }),
    tag('{/findings}'),
    tag('{/hasFindings}'),

    h1('{sectionSelfEvaluation}、自评表'),
    table(
      'selfRows',
      [
        { title: '指标编码', value: '{code}', width: 900 },
        { title: '指标名称', value: '{name}', width: 2000 },
        { title: '分值', value: '{weight}', width: 700, align: 'right' },
        { title: '年度指标值', value: '{target}', width: 1300 },
        { title: '实际完成值', value: '{actual}', width: 1300 },
        { title: '自评得分', value: '{selfScore}', width: 900, align: 'right' },
        { title: '偏差及原因分析', value: '{deviationReason}', width: 1800 },
      ],
      ['合计', '', '{totalWeight}', '', '', '{total}', '自评等级：{gradeLabel}'],
    ),
    tag('{/isSelfEvaluation}'),
  ];
  const sectPr =
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/><w:footerReference w:type="default" r:id="rIdFooter1"/>' +
    '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1588" w:bottom="1440" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>' +
    '<w:pgNumType w:start="1"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W_NS}><w:body>${parts.join('')}${sectPr}</w:body></w:document>`;
}

function headerXml(): string {
  // On a draft: 征求意见稿 at the right of the header and as a diagonal grey watermark behind the text (VML, as Word writes it).
  const watermark =
    '<w:r><w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">' +
    '<v:path textpathok="t" o:connecttype="custom"/><v:textpath on="t" fitshape="t"/></v:shapetype>' +
    '<v:shape id="PowerPlusWaterMarkObject" o:spid="_x0000_s2049" type="#_x0000_t136" ' +
    'style="position:absolute;margin-left:0;margin-top:0;width:480pt;height:120pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin" ' +
    'o:allowincell="f" fillcolor="#d8d8d8" stroked="f"><v:fill opacity=".5"/><v:textpath style="font-family:&quot;宋体&quot;;font-size:1pt" string="征求意见稿"/>' +
    '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr ${W_NS}>` +
    tag('{#isDraft}') +
    `<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="right"/></w:pPr>${watermark}${run('征求意见稿', { bold: true, color: 'C00000', font: '黑体' })}</w:p>` +
    tag('{/isDraft}') +
    para(run('{departmentName}绩效{#isSelfEvaluation}自评{/isSelfEvaluation}{^isSelfEvaluation}评价{/isSelfEvaluation}报告', { size: 18, color: '7F7F7F' }), { style: 'Header', align: 'center' }) +
    '</w:hdr>'
  );
}

function footerXml(): string {
  const field = (instr: string) =>
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${instr} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr ${W_NS}>` +
    `<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>${run('第 ')}${field('PAGE')}${run(' 页 共 ')}${field('NUMPAGES')}${run(' 页')}</w:p>` +
    '</w:ftr>'
  );
}

function stylesXml(): string {
  const fonts = (latin: string, eastAsia: string) => `<w:rFonts w:ascii="${latin}" w:hAnsi="${latin}" w:eastAsia="${eastAsia}" w:cs="${latin}"/>`;
  const heading = (id: string, name: string, size: number, font: string, level: number) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
    `<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="${level}"/></w:pPr><w:rPr>${fonts(font, font)}<w:b/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr></w:style>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
    `<w:docDefaults><w:rPrDefault><w:rPr>${fonts('Times New Roman', '仿宋')}<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
    heading('Heading1', 'heading 1', 32, '黑体', 0) +
    heading('Heading2', 'heading 2', 32, '楷体', 1) +
    `<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="300" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr><w:rPr>${fonts('Times New Roman', '宋体')}<w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:rPr>${fonts('Times New Roman', '宋体')}<w:sz w:val="18"/></w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:rPr>${fonts('Times New Roman', '宋体')}<w:sz w:val="18"/></w:rPr></w:style>` +
    `</w:styles>`
  );
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
  '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>' +
  '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '</Types>';

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '</Relationships>';

const DOCUMENT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '<Relationship Id="rIdHeader1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>' +
  '<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>' +
  '</Relationships>';

const CORE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  '<dc:title>绩效评价报告</dc:title><dc:creator>Evalflow</dc:creator></cp:coreProperties>';

export const BUILTIN_TEMPLATE_NAME = '内置模板（绩效评价报告）';

let cached: Buffer | null = null;

/** The built-in template as .docx bytes (fixed file dates, so the same code gives the same bytes and the same sha256). */
export function builtinTemplateDocx(): Buffer {
  if (cached) return cached;
  const zip = new PizZip();
  const date = new Date('2026-01-01T00:00:00Z');
  const add = (name: string, content: string) => zip.file(name, content, { date });
  add('[Content_Types].xml', CONTENT_TYPES);
  add('_rels/.rels', ROOT_RELS);
  add('docProps/core.xml', CORE);
  add('word/document.xml', documentXml());
  add('word/styles.xml', stylesXml());
  add('word/header1.xml', headerXml());
  add('word/footer1.xml', footerXml());
  add('word/_rels/document.xml.rels', DOCUMENT_RELS);
  cached = zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
  return cached;
}
