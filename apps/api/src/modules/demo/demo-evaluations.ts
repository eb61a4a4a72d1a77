import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PublicationService } from '../publication/publication.service';
import { BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID, STAGE_DEADLINES, createAbility, defineRulesFor, type DeadlineKey, type EvaluationKind, type EvaluationScope, type UpdateRectificationItemInput } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { AuthRepository } from '../auth/auth.repository';
import { toAuthenticatedUser } from '../auth/auth.service';
import { EvaluationTransitionsService } from '../evaluations/evaluation-transitions.service';
import { EvaluationWorkService } from '../evaluations/evaluation-work.service';
import { FindingsService } from '../evaluations/findings.service';
import { IndicatorEntriesService } from '../evaluations/indicator-entries.service';
import { SelfEvaluationWorkService } from '../evaluations/self-evaluation-work.service';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { BudgetService } from '../budget/budget.service';
import { DEMO_BUDGET_DATA } from './demo-budget-data';
import { RectificationItemsService } from '../rectification/rectification-items.service';
import { PriorYearService } from '../rectification/prior-year.service';
import { DocumentRequestsService } from '../document-requests/document-requests.service';
import { AttachmentsService } from '../attachments/attachments.service';
import { writeDemoWorkingPapers } from './demo-working-papers';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { beijingToday, carriedOverItemToFollowUp, frameworkVersionIdOf, organisationIdByName } from './demo.repository';

/*
 * Demo evaluations, loaded with the demo accounts on a first start: one in every main state of both lifecycles, so
 * whoever signs in finds work waiting in 我的待办. They are made the way users make them: through the services, each
 * step by the demo user whose role it needs, so their history, snapshots and outbox are real. Deadlines are set
 * relative to the day of loading; a few are already past, so the overdue views have something to show.
 */

interface Parties {
  bureau: string;
  officer: string;
  admin: string;
  staff: string;
  head?: string;
  lead?: string;
  evaluator?: string;
}

const CHANGSHA: Parties = { bureau: 'cs-finance', officer: 'finance.officer', admin: 'finance.admin', staff: 'dept.staff', head: 'dept.head', lead: 'eval.lead', evaluator: 'evaluator' };
const LIUYANG: Parties = { bureau: 'ly-finance', officer: 'liuyang.officer', admin: 'liuyang.admin', staff: 'liuyang.staff', head: 'liuyang.head' };
const FURONG: Parties = { bureau: 'cs-finance', officer: 'finance.officer', admin: 'finance.admin', staff: 'furong.staff', head: 'furong.head' };

export interface DemoEvaluation {
  kind: EvaluationKind;
  scope: EvaluationScope;
  title: string;
  projectName?: string;
  fiscalYear: number;
  department: string;
  parties: Parties;
  legalBasis: string;
  /** The state to leave it in (on the main path of its lifecycle). */
  state: string;
  /** Days from today of the running stage's deadline (negative: overdue). */
  dueInDays: number;
  /** The team found nothing to fault (so the report closes without rectification). */
  noFindings?: boolean;
  /** The team has entered seed 000's budget data (so its metrics and proposed findings show at once). */
  budgetData?: boolean;
  /**
   * Rectification under way, an item in every state of its lifecycle: one waiting for the auditor's verification
   * (with its evidence file), one still open, one planned, one in progress, one returned, one partly rectified, one
   * verified (销号) and one carried over to next year — so the auditor and the department find work on first start.
   */
  rectificationWork?: boolean;
  /** The team's 资料清单 in fieldwork, issued from the built-in template: files uploaded, one item accepted, one declined with its reason. */
  documentRequests?: boolean;
  /** The team's 工作底稿 in fieldwork: an interview note signed off, a questionnaire waiting for the lead's review. */
  workingPapers?: boolean;
}

const DEPARTMENT_NAMES: Record<string, string> = {
  'cs-gov-office': '长沙市人民政府办公厅',
  'ly-gov-office': '浏阳市人民政府办公室',
  'fr-gov-office': '长沙市芙蓉区人民政府办公室',
};

export const DEMO_EVALUATIONS: readonly DemoEvaluation[] = [
  { kind: 'key', scope: 'department_whole', title: '2026年度长沙市人民政府办公厅部门整体支出重点绩效评价', fiscalYear: 2026, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2026〕12号', state: 'draft', dueInDays: 30 },
  { kind: 'key', scope: 'project', title: '2025年度政务服务“一网通办”专项资金绩效评价', projectName: '政务服务“一网通办”专项', fiscalYear: 2025, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2026〕3号', state: 'commissioned', dueInDays: 12 },
  { kind: 'key', scope: 'project', title: '2025年度机关事务保障专项资金绩效评价', projectName: '机关事务保障专项', fiscalYear: 2025, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2026〕4号', state: 'self_evaluation', dueInDays: -3 },
  { kind: 'key', scope: 'project', title: '2025年度电子政务外网运维专项资金绩效评价', projectName: '电子政务外网运维专项', fiscalYear: 2025, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2026〕5号', state: 'self_evaluation_review', dueInDays: 5 },
  { kind: 'key', scope: 'department_whole', title: '2025年度长沙市人民政府办公厅部门整体支出绩效评价', fiscalYear: 2025, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2026〕2号', state: 'fieldwork', dueInDays: -2, workingPapers: true, budgetData: true, documentRequests: true },
  { kind: 'key', scope: 'project', title: '2025年度市长热线运行专项资金绩效评价', projectName: '12345市长热线运行专项', fiscalYear: 2025, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2026〕6号', state: 'draft_review', dueInDays: 8 },
  { kind: 'key', scope: 'project', title: '2025年度政务信息化建设专项资金绩效评价', projectName: '政务信息化建设专项', fiscalYear: 2025, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2026〕7号', state: 'draft_for_comment', dueInDays: 6 },
  { kind: 'key', scope: 'project', title: '2025年度应急值守保障专项资金绩效评价', projectName: '应急值守保障专项', fiscalYear: 2025, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2026〕8号', state: 'adjudication', dueInDays: 15 },
  { kind: 'key', scope: 'project', title: '2025年度公务接待管理专项资金绩效评价', projectName: '公务接待管理专项', fiscalYear: 2025, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2026〕9号', state: 'final_review', dueInDays: 4 },
  { kind: 'key', scope: 'project', title: '2024年度档案数字化专项资金绩效评价', projectName: '档案数字化专项', fiscalYear: 2024, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2025〕11号', state: 'published', dueInDays: 20 },
  { kind: 'key', scope: 'department_whole', title: '2024年度长沙市人民政府办公厅部门整体支出绩效评价', fiscalYear: 2024, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2025〕2号', state: 'rectification', dueInDays: 40, rectificationWork: true },
  { kind: 'key', scope: 'project', title: '2023年度政务大厅改造专项资金绩效评价', projectName: '政务大厅改造专项', fiscalYear: 2023, department: 'cs-gov-office', parties: CHANGSHA, legalBasis: '长财绩〔2024〕6号', state: 'closed', dueInDays: 0, noFindings: true },
  { kind: 'self', scope: 'project', title: '2025年度芙蓉区政务服务便民专项绩效自评', projectName: '政务服务便民专项', fiscalYear: 2025, department: 'fr-gov-office', parties: FURONG, legalBasis: '长财绩〔2026〕15号', state: 'self_evaluation', dueInDays: 9 },
  { kind: 'self', scope: 'project', title: '2025年度浏阳市政务公开专项绩效自评', projectName: '政务公开专项', fiscalYear: 2025, department: 'ly-gov-office', parties: LIUYANG, legalBasis: '浏财绩〔2026〕1号', state: 'submitted', dueInDays: 3 },
  { kind: 'self', scope: 'project', title: '2025年度浏阳市机关后勤服务专项绩效自评', projectName: '机关后勤服务专项', fiscalYear: 2025, department: 'ly-gov-office', parties: LIUYANG, legalBasis: '浏财绩〔2026〕2号', state: 'review', dueInDays: -1 },
  { kind: 'self', scope: 'project', title: '2024年度浏阳市政务信息公开平台专项绩效自评', projectName: '政务信息公开平台专项', fiscalYear: 2024, department: 'ly-gov-office', parties: LIUYANG, legalBasis: '浏财绩〔2025〕3号', state: 'rectification', dueInDays: 25 },
];

/** The steps of each lifecycle's main path: who acts, and the work that must be done before the action. */
type Step = { action: string; by: keyof Parties; parameters?: Record<string, string>; before?: (keyof typeof WORK)[] };

const KEY_STEPS: Step[] = [
  { action: 'commission', by: 'officer' },
  { action: 'start_self_evaluation', by: 'staff' },
  { action: 'submit_self_evaluation', by: 'head', before: ['fillSelfEvaluation'] },
  { action: 'accept_self_evaluation', by: 'officer' },
  { action: 'submit_draft', by: 'lead', before: ['scoreAll', 'recordFindings'] },
  { action: 'issue_draft_for_comment', by: 'officer' },
  { action: 'start_adjudication', by: 'lead', before: ['answerFindings'] },
  { action: 'submit_final_report', by: 'lead', before: ['numberReport'] },
  { action: 'approve_final_report', by: 'admin' },
  { action: 'start_rectification', by: 'officer' },
];
const SELF_STEPS: Step[] = [
  { action: 'commission', by: 'officer' },
  { action: 'start_self_evaluation', by: 'staff' },
  { action: 'submit_self_evaluation', by: 'head', before: ['fillSelfEvaluation'] },
  { action: 'start_review', by: 'officer' },
  { action: 'rate', by: 'officer', parameters: { rating: 'good' }, before: ['writeReviewOpinion'] },
];

interface Context {
  id: string;
  demo: DemoEvaluation;
  as: (username: string) => Promise<{ user: AuthenticatedUser; ability: ReturnType<typeof createAbility> }>;
  services: {
    evaluations: EvaluationsService;
    work: EvaluationWorkService;
    selfEvaluation: SelfEvaluationWorkService;
    indicatorEntries: IndicatorEntriesService;
    findings: FindingsService;
    transitions: EvaluationTransitionsService;
  };
}

const WORK = {
  async fillSelfEvaluation(c: Context) {
    const { user, ability } = await c.as(c.demo.parties.staff);
    const indicators = (await c.services.indicatorEntries.indicators(user, ability, c.id)).rows.filter((row) => row.level === 3);
    await c.services.selfEvaluation.saveSelfEvaluation(user, ability, c.id, {
      indicators: indicators.map((row, index) => ({
        code: row.code,
        target: row.target ?? '达到年度目标',
        actual: index === 0 ? '基本达到' : '已达到',
        selfScore: index === 0 ? Math.max(0, row.weight - 1) : row.weight,
        deviationReason: index === 0 ? '受年中预算调整影响，部分工作延后至次年一季度完成' : null,
        expectedVersion: row.selfEntry?.version ?? 0,
      })),
      budgetFen: 21_427_000_00,
      spentFen: 19_843_500_00,
      narrative: {
        overview: `${DEPARTMENT_NAMES[c.demo.department]}主要职责……内设机构及人员编制情况……`,
        goals: '年度绩效目标：保障政务服务高效运转，资金使用规范……',
        outputs: '全年完成各项重点任务，产出数量、质量、时效均基本达到预期……',
        problems: '预算编制精细化程度不足，年中追加调整较多……',
        improvements: '加强预算编制论证，严格执行预算，提高资金使用效益……',
      },
    });
  },
  async scoreAll(c: Context) {
    const { user, ability } = await c.as(c.demo.parties.evaluator!);
    const indicators = (await c.services.indicatorEntries.indicators(user, ability, c.id)).rows.filter((row) => row.level === 3);
    await c.services.indicatorEntries.saveScores(user, ability, c.id, {
      scores: indicators.map((row, index) => ({
        code: row.code,
        score: index % 4 === 0 ? Math.max(0, row.weight - 1) : row.weight,
        deductionReason: index % 4 === 0 ? '部分支出未提供记账凭证，无法核实，扣1分' : null,
        expectedVersion: row.scoreEntry?.version ?? 0,
      })),
    });
  },
  async recordFindings(c: Context) {
    const { user, ability } = await c.as(c.demo.parties.lead!);
    const findings = c.demo.rectificationWork ? [...DEMO_FINDINGS, ...RECTIFICATION_DEMO_FINDINGS] : DEMO_FINDINGS;
    for (const finding of findings) await c.services.findings.createFinding(user, ability, c.id, finding);
  },
  async answerFindings(c: Context) {
    const { user, ability } = await c.as(c.demo.parties.staff);
    for (const finding of await c.services.findings.findings(ability, c.id)) {
      await c.services.findings.answerFinding(user, ability, c.id, finding.id, { answer: 'accepted', expectedVersion: finding.version });
    }
  },
  async numberReport(c: Context) {
    const { user, ability } = await c.as(c.demo.parties.lead!);
    const evaluation = await c.services.evaluations.get(ability, c.id);
    await c.services.work.setReportNumber(user, ability, c.id, `湘浩元评字[${c.demo.fiscalYear + 1}]第 ${evaluation.reference.slice(-2)} 号`, evaluation.version);
  },
  async writeReviewOpinion(c: Context) {
    const { user, ability } = await c.as(c.demo.parties.officer);
    const evaluation = await c.services.evaluations.get(ability, c.id);
    await c.services.work.setReviewOpinion(user, ability, c.id, '自评资料基本完整，绩效目标设定较合理；个别指标偏差原因分析不够具体。', evaluation.version);
    await c.services.findings.createFinding(user, ability, c.id, {
      title: '部分指标偏差原因分析不具体',
      description: '产出数量指标未达目标，偏差原因仅表述为“客观原因”',
      causeAnalysis: '自评工作组织不够深入',
      recommendation: '逐项分析偏差原因并提出改进措施',
    });
  },
} as const;

const DEMO_FINDINGS = [
  {
    category: '预算管理',
    title: '预算调整率偏高',
    description: '年中追加预算较多，预算调整率18.61%，预算编制的准确性有待提高。',
    causeAnalysis: '年初预算编制对全年工作任务预计不足。',
    recommendation: '加强预算编制的前期论证，提高年初预算到位率。',
  },
  {
    category: '资金使用',
    title: '支付序时进度滞后',
    description: '截至第三季度末支付进度69.34%，低于80%的序时进度要求。',
    causeAnalysis: '项目实施计划与资金支付计划衔接不够。',
    recommendation: '按季度制定用款计划，加快资金支付。',
  },
];

/** More findings for the evaluation whose rectification is under way: with the two above, one item per item state. */
const RECTIFICATION_DEMO_FINDINGS = [
  { category: '资产管理', title: '固定资产账实不符', description: '抽查办公设备42台，其中5台已报废未及时核销。', causeAnalysis: '资产清查制度执行不到位。', recommendation: '开展资产清查，及时办理报废核销手续。' },
  { category: '政府采购', title: '部分采购项目未编制采购计划', description: '3个服务类采购项目未按规定编制政府采购计划。', causeAnalysis: '对政府采购管理规定掌握不够。', recommendation: '严格执行政府采购计划管理，先有计划后采购。' },
  { category: '绩效管理', title: '绩效目标设置不够细化', description: '部分项目绩效指标以定性表述为主，缺少可衡量的量化指标。', causeAnalysis: '绩效目标编制缺乏业务科室参与。', recommendation: '细化量化绩效指标，建立指标库。' },
  { category: '财务管理', title: '公务卡结算执行不到位', description: '部分差旅费仍以现金报销，未按规定使用公务卡结算。', causeAnalysis: '公务卡强制结算目录宣传不够。', recommendation: '严格执行公务卡强制结算目录。' },
  { category: '合同管理', title: '合同履约验收记录不完整', description: '2份运维服务合同缺少阶段性验收记录。', causeAnalysis: '合同履约监管责任不明确。', recommendation: '建立合同履约台账，按节点组织验收。' },
  { category: '预算管理', title: '结转结余资金未及时清理', description: '以前年度结转资金126.5万元未按规定清理盘活。', causeAnalysis: '结转结余资金管理机制不健全。', recommendation: '定期清理结转结余资金，按规定收回统筹使用。' },
];

/** The date `days` after `today` (YYYY-MM-DD). */
function addDays(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Stage deadlines around the state the evaluation is left in: stages before it got their dates in the past, the
 * running stage's falls `dueInDays` from today, later stages follow a month apart.
 */
function deadlinesFor(demo: DemoEvaluation, today: string): Partial<Record<DeadlineKey, string>> {
  const stages = STAGE_DEADLINES[demo.kind];
  const running = RUNNING_DEADLINE[demo.kind][demo.state] ?? stages[0];
  const runningIndex = stages.indexOf(running);
  return Object.fromEntries(stages.map((key, index) => [key, addDays(today, demo.dueInDays + (index - runningIndex) * 30)]));
}

/** Which stage deadline runs in each state (the one its lifecycle schedules on entering it). */
const RUNNING_DEADLINE: Record<EvaluationKind, Record<string, DeadlineKey>> = {
  key: {
    commissioned: 'self_evaluation',
    self_evaluation: 'self_evaluation',
    self_evaluation_review: 'self_evaluation_review',
    fieldwork: 'fieldwork',
    draft_review: 'fieldwork',
    draft_for_comment: 'comment_period',
    adjudication: 'final_review',
    final_review: 'final_review',
    published: 'rectification',
    rectification: 'rectification',
  },
  self: { commissioned: 'self_evaluation', self_evaluation: 'self_evaluation', submitted: 'self_evaluation_review', review: 'self_evaluation_review', rectification: 'rectification' },
};

/** Loads the demo evaluations; call once, right after the demo accounts were loaded into an empty database. */
export async function seedDemoEvaluations(app: INestApplication): Promise<number> {
  const db = app.get(DataSource);
  const authRepository = app.get(AuthRepository);
  const services = {
    evaluations: app.get(EvaluationsService),
    work: app.get(EvaluationWorkService),
    selfEvaluation: app.get(SelfEvaluationWorkService),
    indicatorEntries: app.get(IndicatorEntriesService),
    findings: app.get(FindingsService),
    transitions: app.get(EvaluationTransitionsService),
  };
  const actors = new Map<string, { user: AuthenticatedUser; ability: ReturnType<typeof createAbility> }>();
  const as = async (username: string) => {
    if (!actors.has(username)) {
      const row = await authRepository.loadActorByUsername(username);
      if (!row) throw new Error(`demo user ${username} is missing`);
      const user = toAuthenticatedUser(row, 'demo-seed');
      actors.set(username, { user, ability: createAbility(defineRulesFor(user)) });
    }
    return actors.get(username)!;
  };
  const today = await beijingToday(db);

  for (const demo of DEMO_EVALUATIONS) {
    const parties = demo.parties;
    const officer = await as(parties.officer);
    const framework = await frameworkVersionIdOf(db, demo.scope === 'project' ? 'project-self-evaluation' : 'department-whole-common', 1);
    const departmentId = await organisationIdByName(db, DEPARTMENT_NAMES[demo.department]);
    const team =
      demo.kind === 'key'
        ? {
            evaluatorOrganisationId: await organisationIdByName(db, '湖南浩元会计师事务所'),
            leadUserId: (await as(parties.lead!)).user.id,
            memberUserIds: [(await as(parties.evaluator!)).user.id],
          }
        : {};
    const created = await services.evaluations.create(officer.user, officer.ability, {
      kind: demo.kind,
      scope: demo.scope,
      title: demo.title,
      projectName: demo.projectName ?? null,
      fiscalYear: demo.fiscalYear,
      departmentId,
      frameworkVersionId: framework,
      legalBasis: demo.legalBasis,
      deadlines: deadlinesFor(demo, today),
      ...team,
    });
    const context: Context = { id: created.id, demo, as, services };
    if (demo.state === 'closed') {
      await driveTo(context, 'published');
      await fireAs(context, parties.officer, 'close');
    } else {
      await driveTo(context, demo.state);
      if (demo.budgetData) {
        const { user, ability } = await as(parties.evaluator!);
        await app.get(BudgetService).putData(user, ability, created.id, DEMO_BUDGET_DATA, 0);
      }
      if (demo.rectificationWork) await workRectificationItems(app, context, today);
      if (demo.documentRequests) await requestDocuments(app, context, today);
      if (demo.workingPapers) await writeDemoWorkingPapers(app, created.id, await as(parties.lead!), await as(parties.evaluator!), today);
    }
    // 公开 (issue 12 §6): the approved key reports are on the public pages for a newcomer to see.
    if (demo.kind === 'key' && ['published', 'rectification', 'closed'].includes(demo.state)) {
      const admin = await as(parties.admin);
      await app.get(PublicationService).publish(admin.user, admin.ability, created.id, { expectedVersion: 0 });
    }
  }
  await assessCarriedOverItem(app, as);
  return DEMO_EVALUATIONS.length;
}

/**
 * The department and the auditor work the items through the real services, leaving one in each state of the item
 * lifecycle (in finding order): 待核查 with an evidence PDF, 待报送整改措施, 已报送整改措施, 整改中, 核查退回, 部分整改,
 * 核查通过 and 结转下年度.
 */
async function workRectificationItems(app: INestApplication, context: Context, today: string): Promise<void> {
  const items = app.get(RectificationItemsService);
  const runner = app.get(WorkflowRunner);
  const attachments = app.get(AttachmentsService);
  const staff = await context.as(context.demo.parties.staff);
  const auditor = await context.as('auditor');
  const list = await items.listForEvaluation(staff.ability, context.id);
  if (list.length < 8) throw new Error('demo: the rectification evaluation needs an item per state');
  const [awaiting, , planned, working, returned, partly, verified, carried] = list;
  const dueOn = addDays(today, 30);
  const write = async (id: string, fields: Omit<UpdateRectificationItemInput, 'expectedVersion'>) =>
    items.update(staff.user, staff.ability, id, { expectedVersion: (await items.get(staff.ability, id)).version, ...fields });
  const fire = async (who: typeof staff, id: string, action: string, comment?: string) =>
    runner.fire('rectification_item', who.user, who.ability, id, { action, expectedVersion: (await items.get(who.ability, id)).version, ...(comment ? { comment } : {}) });
  const plan = async (id: string, measures: string) => {
    await write(id, { measures, responsibleUnit: '财务科', ownerUserId: staff.user.id, dueOn });
    await fire(staff, id, 'submit_plan');
  };
  const workToVerification = async (id: string, measures: string, progress: string, evidenceNote: string) => {
    await plan(id, measures);
    await fire(staff, id, 'report_progress', progress);
    await write(id, { evidenceNote });
    await fire(staff, id, 'submit_for_verification');
  };

  await plan(awaiting.id, '修订部门预算编制管理办法，按月分析预算执行进度，对执行偏慢的项目督办');
  await attachments.storeBuffer({ subjectType: 'rectification_item', subjectId: awaiting.id, fileName: '预算编制管理办法（修订）.pdf', bytes: demoPdf('Budget preparation rules (revised)'), uploadedBy: staff.user.id });
  await fire(staff, awaiting.id, 'report_progress', '已修订《预算编制管理办法》并印发，建立月度执行分析制度');
  await write(awaiting.id, { evidenceNote: '《预算编制管理办法》（修订）及印发通知；2025年1—3月预算执行分析报告，共4份' });
  await fire(staff, awaiting.id, 'submit_for_verification');

  await plan(planned.id, '开展固定资产全面清查，对已报废设备办理核销手续');
  await plan(working.id, '梳理年度采购需求，全部采购项目纳入政府采购计划管理');
  await fire(staff, working.id, 'report_progress', '已梳理2025年度采购需求，3个服务类项目已补编采购计划，正在报财政部门备案');

  await workToVerification(returned.id, '修订绩效目标编制指引，逐项目细化量化指标', '已印发绩效目标编制指引', '《绩效目标编制指引》1份');
  await fire(auditor, returned.id, 'return', '仅提供了编制指引，未见按指引修改后的项目绩效目标表，请补充');

  await workToVerification(partly.id, '印发公务卡强制结算目录，财务审核时逐笔核对结算方式', '已印发结算目录并组织培训，新发生差旅费全部使用公务卡', '结算目录印发通知、培训签到表，共2份');
  await fire(auditor, partly.id, 'verify_partly', '新发生支出已按规定结算；以前月份的现金报销尚未清理说明，请补充后再申请核查');

  await workToVerification(verified.id, '建立合同履约台账，补办两份运维合同的阶段性验收', '已建立合同履约台账，两份合同补办阶段验收', '合同履约台账、验收记录，共3份');
  await fire(auditor, verified.id, 'verify', '台账和验收记录齐全，整改到位，同意销号');

  await fire(auditor, carried.id, 'carry_over', '结转资金涉及跨年度项目，本年度无法清理完毕，结转至下年度评价跟踪');
}

/**
 * 上年度问题整改情况, once every demo evaluation is in: the team of the department's 2025 evaluation in fieldwork finds
 * the item carried over from 2024 not rectified — a finding of the 2025 evaluation linked to its origin, which the lead
 * completes with its 问题剖析 and 建议.
 */
async function assessCarriedOverItem(app: INestApplication, as: Context['as']): Promise<void> {
  const row = await carriedOverItemToFollowUp(app.get(DataSource));
  if (!row) return;
  const lead = await as(CHANGSHA.lead!);
  const assessed = await app.get(PriorYearService).assess(lead.user, lead.ability, row.evaluationId, row.itemId, {
    assessment: 'not_rectified',
    note: '查阅2025年度结转资金明细，126.5万元结转资金仍未清理盘活，整改未到位',
  });
  // The lead completes the new finding as any other (问题剖析 and 建议), so the demo's draft is held only by real gaps.
  const carried = assessed.followup?.finding;
  if (carried) {
    await app.get(FindingsService).updateFinding(lead.user, lead.ability, row.evaluationId, carried.id, {
      causeAnalysis: '跨年度项目资金清理机制不健全，结转资金未及时统筹盘活。',
      recommendation: '建立结转结余资金定期清理机制，按季度盘点并及时收回统筹使用。',
      expectedVersion: 1,
    });
  }
}

/**
 * The team issues the list from the built-in template (each item due in 5 working days, owned by the department's
 * clerk); the department uploads the roster and the budget approval (a text file and a PDF), hands the vouchers over
 * on paper, which the team accepts, and states why the contracts cannot be provided — which proposes a 资料未提供
 * finding. The rest of the list waits.
 */
async function requestDocuments(app: INestApplication, context: Context, _today: string): Promise<void> {
  const requests = app.get(DocumentRequestsService);
  const attachments = app.get(AttachmentsService);
  const runner = app.get(WorkflowRunner);
  const lead = await context.as(context.demo.parties.lead!);
  const staff = await context.as(context.demo.parties.staff);
  const { created } = await requests.issue(lead.user, lead.ability, context.id, { templateId: BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID, dueInWorkingDays: 5, ownerUserId: staff.user.id });
  const item = (key: string) => created.find((request) => request.templateItemKey === key)!;
  const fire = async (who: typeof staff, id: string, action: string, comment?: string) =>
    runner.fire('document_request', who.user, who.ability, id, { action, expectedVersion: (await requests.get(who.ability, id)).version, ...(comment ? { comment } : {}) });
  const upload = (id: string, fileName: string, bytes: Buffer) => attachments.storeBuffer({ subjectType: 'document_request', subjectId: id, fileName, bytes, uploadedBy: staff.user.id });

  await upload(item('staff_roster').id, '2025年末在职人员花名册.txt', Buffer.from(DEMO_ROSTER, 'utf8'));
  await fire(staff, item('staff_roster').id, 'provide');
  await upload(item('budget_approval').id, '2025年部门预算批复.pdf', demoPdf('2025 department budget approval'));
  await fire(staff, item('budget_approval').id, 'provide');
  const vouchers = item('vouchers').id;
  await requests.update(staff.user, staff.ability, vouchers, { expectedVersion: (await requests.get(staff.ability, vouchers)).version, materialsNote: '纸质凭证12册，已于现场移交评价组' });
  await fire(staff, vouchers, 'provide');
  await fire(lead, vouchers, 'accept');
  await fire(staff, item('contracts').id, 'decline', '部分合同原件正在接受巡查，暂无法提供，巡查结束后补交');
}

const DEMO_ROSTER = ['序号,姓名,部门,职务,人员类别', '1,王某,办公室,主任,行政编制', '2,李某,财务科,科长,行政编制', '3,赵某,财务科,科员,事业编制', '4,钱某,综合科,科员,编外聘用'].join('\n');

/** A one-page PDF with a line of text (the bytes a viewer opens), small enough to keep in the code. */
function demoPdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function driveTo(context: Context, target: string): Promise<void> {
  const steps = context.demo.kind === 'key' ? KEY_STEPS : SELF_STEPS;
  if (target === 'draft') return;
  for (const step of steps) {
    for (const work of step.before ?? []) {
      if (work === 'recordFindings' && context.demo.noFindings) continue;
      await WORK[work](context);
    }
    if ((await fireAs(context, context.demo.parties[step.by]!, step.action, step.parameters)) === target) return;
  }
  throw new Error(`demo: ${context.demo.kind} evaluations have no main-path state ${target}`);
}

/** Fires one action as the demo user and returns the state it led to. */
async function fireAs(context: Context, username: string, action: string, parameters?: Record<string, string>): Promise<string> {
  const { user, ability } = await context.as(username);
  const current = await context.services.evaluations.get(ability, context.id);
  const { evaluation } = await context.services.transitions.fire(user, ability, context.id, { action, expectedVersion: current.version, ...(parameters ? { parameters } : {}) });
  return evaluation.state;
}
