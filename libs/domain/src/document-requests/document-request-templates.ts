import { addWorkingDays, type ComputedDate } from '../calendar/working-days';

/**
 * 资料清单模板: the materials a team usually asks a department for at the start of fieldwork (DOMAIN §8), each with
 * what it is for and the indicators of the built-in department framework (部门整体支出绩效评价共性指标体系) whose
 * scoring depends on it. A finance bureau copies the built-in template into its own and edits it; a list issued from
 * either keeps each item's `key` (so issuing again skips what is already asked for) and its indicator codes (so an
 * item the department does not provide can be proposed as a finding against those indicators).
 */

export interface DocumentRequestTemplateItem {
  /** Stable within its template: `[a-z0-9_]`, e.g. 'staff_roster'. */
  key: string;
  title: string;
  description: string;
  /** Indicator codes of the framework that need this material (e.g. '1.2.1'); may be empty. */
  indicatorCodes: string[];
}

/** The id the built-in template is known by in the API (it lives in code, not in the database, so it follows releases). */
export const BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID = '00000000-0000-4000-8000-00000000d0c1';
export const BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_NAME = '资料清单内置模板（部门整体支出）';

/** Working days the department has for an item when the team gives no other period. */
export const DEFAULT_DOCUMENT_DUE_WORKING_DAYS = 5;

export const BUILT_IN_DOCUMENT_REQUEST_ITEMS: readonly DocumentRequestTemplateItem[] = Object.freeze([
  { key: 'functions_and_structure', title: '部门职能及机构设置文件', description: '“三定”方案或职能配置、内设机构和下属单位设置的文件', indicatorCodes: ['1.1.1'] },
  { key: 'staff_roster', title: '人员花名册及编制文件', description: '年末在职、离退休人员花名册，编制部门核定的编制数文件，用于核对实有人数与编制数', indicatorCodes: ['1.2.1'] },
  { key: 'budget_approval', title: '部门预算批复', description: '财政部门批复的年初部门预算及项目明细', indicatorCodes: ['2.1.1', '1.2.3'] },
  { key: 'budget_adjustment_approval', title: '预算调整批复', description: '年度内追加、调减、调剂预算的申请和财政批复文件', indicatorCodes: ['2.1.2'] },
  { key: 'final_accounts', title: '决算报表', description: '年度部门决算报表及决算说明，含“三公”经费、公用经费支出数据', indicatorCodes: ['2.1.1', '2.1.4', '2.1.5', '2.1.6'] },
  { key: 'vouchers', title: '会计账簿与记账凭证', description: '全年总账、明细账和记账凭证及所附原始单据（纸质凭证可在现场查阅）', indicatorCodes: ['2.2.2', '2.1.6'] },
  { key: 'bank_accounts', title: '银行账户及往来款明细', description: '银行账户开立批复、对账单，年末往来款项明细及账龄', indicatorCodes: ['2.2.2'] },
  { key: 'internal_rules', title: '内部管理制度', description: '财务、预算、采购、资产、合同等内部管理制度及印发文件', indicatorCodes: ['2.2.1', '2.3.1'] },
  { key: 'project_files', title: '项目立项及实施资料', description: '重点项目的立项依据、实施方案、进度和验收资料', indicatorCodes: ['3.1.1', '3.1.2', '3.1.3', '2.1.8'] },
  { key: 'contracts', title: '合同', description: '年度内签订的采购、服务、工程等合同协议及履约验收记录', indicatorCodes: ['2.2.2', '3.1.3'] },
  { key: 'procurement', title: '政府采购资料', description: '政府采购预算和计划、采购文件、中标（成交）通知及验收资料', indicatorCodes: ['2.1.7'] },
  { key: 'asset_inventory', title: '资产清查资料', description: '固定资产清查盘点表、资产卡片台账，资产处置和出租出借审批文件', indicatorCodes: ['2.3.2', '2.3.3'] },
  { key: 'performance_targets', title: '绩效目标申报表', description: '年初部门整体及项目绩效目标申报表和财政审核意见', indicatorCodes: ['1.1.1', '1.1.2'] },
  { key: 'self_evaluation_report', title: '绩效自评报告', description: '部门整体及项目绩效自评报告、自评表和佐证材料', indicatorCodes: ['2.2.4'] },
  { key: 'meeting_minutes', title: '会议纪要', description: '党组会、办公会研究预算安排、大额资金支出和重大事项的会议纪要', indicatorCodes: ['2.2.2', '1.2.3'] },
  { key: 'disclosure', title: '预决算公开资料', description: '部门预算、决算和“三公”经费公开的网页截图或公开文件', indicatorCodes: ['2.2.3'] },
  { key: 'previous_rectification', title: '上年度评价问题整改报告', description: '上年度绩效评价、审计等发现问题的整改报告及佐证材料', indicatorCodes: ['2.2.5'] },
]);

/** The due date of an item: `days` working days after `today` (the holiday calendar), or the date given. */
export function documentDueDate(today: string, due: { dueInWorkingDays: number } | { dueOn: string }): ComputedDate {
  if ('dueOn' in due) return { date: due.dueOn, beyondCalendar: false };
  return addWorkingDays(today, due.dueInWorkingDays);
}

/** Problems of a template's item list (keys unique and well formed); each with the path of the offending field. */
export function templateItemProblems(items: readonly Pick<DocumentRequestTemplateItem, 'key' | 'title'>[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const seenKeys = new Map<string, number>();
  const seenTitles = new Map<string, number>();
  items.forEach((item, index) => {
    if (seenKeys.has(item.key)) problems.push({ path: `items.${index}.key`, message: `与第${seenKeys.get(item.key)! + 1}项的编号重复` });
    else seenKeys.set(item.key, index);
    if (seenTitles.has(item.title)) problems.push({ path: `items.${index}.title`, message: `与第${seenTitles.get(item.title)! + 1}项的资料名称重复` });
    else seenTitles.set(item.title, index);
  });
  return problems;
}
