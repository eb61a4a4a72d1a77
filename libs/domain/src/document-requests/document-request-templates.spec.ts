import { documentRequestTemplateItemSchema } from '../schemas/document-request-list.schema';
import { BUILT_IN_DOCUMENT_REQUEST_ITEMS, documentDueDate, templateItemProblems } from './document-request-templates';
import { DEPARTMENT_WHOLE_TEMPLATE } from '../frameworks/framework-templates';

describe('documentDueDate: working days by the holiday calendar, or the date given', () => {
  it.each([
    // [today, working days, due]
    ['2026-09-28', 5, '2026-10-10'], // over the National Day holiday, to the make-up Saturday
    ['2026-09-30', 1, '2026-10-08'], // the holiday (1–7 October) is skipped whole
    ['2026-12-04', 5, '2026-12-11'], // a Friday: the weekend does not count
    ['2026-12-07', 1, '2026-12-08'],
  ])('%s + %i working days → %s', (today, days, due) => {
    expect(documentDueDate(today, { dueInWorkingDays: days })).toEqual({ date: due, beyondCalendar: false });
  });

  it('a date given is taken as it is', () => {
    expect(documentDueDate('2026-12-01', { dueOn: '2099-06-30' })).toEqual({ date: '2099-06-30', beyondCalendar: false });
  });
});

describe('the built-in template', () => {
  it('has the usual materials, each with a description and well-formed, unique keys', () => {
    const titles = BUILT_IN_DOCUMENT_REQUEST_ITEMS.map((item) => item.title).join('|');
    for (const needed of ['花名册', '记账凭证', '预算调整批复', '内部管理制度', '决算报表', '项目立项及实施资料', '合同', '政府采购资料', '资产清查资料', '部门预算批复', '绩效目标申报表', '绩效自评报告', '银行账户及往来款明细', '会议纪要']) {
      expect([needed, titles.includes(needed)]).toEqual([needed, true]);
    }
    for (const item of BUILT_IN_DOCUMENT_REQUEST_ITEMS) expect(documentRequestTemplateItemSchema.safeParse(item).success).toBe(true);
    expect(templateItemProblems(BUILT_IN_DOCUMENT_REQUEST_ITEMS)).toEqual([]);
  });

  it('names only level-3 indicators of the built-in department framework', () => {
    const level3 = new Set(DEPARTMENT_WHOLE_TEMPLATE.nodes.filter((node) => node.level === 3).map((node) => node.code));
    const unknown = BUILT_IN_DOCUMENT_REQUEST_ITEMS.flatMap((item) => item.indicatorCodes.filter((code) => !level3.has(code)).map((code) => `${item.key}:${code}`));
    expect(unknown).toEqual([]);
  });
});

describe('templateItemProblems', () => {
  it.each([
    [[{ key: 'a', title: '甲' }, { key: 'b', title: '乙' }], []],
    [[{ key: 'a', title: '甲' }, { key: 'a', title: '乙' }], [{ path: 'items.1.key', message: '与第1项的编号重复' }]],
    [[{ key: 'a', title: '甲' }, { key: 'b', title: '甲' }], [{ path: 'items.1.title', message: '与第1项的资料名称重复' }]],
  ])('%j → %j', (items, problems) => {
    expect(templateItemProblems(items)).toEqual(problems);
  });
});
