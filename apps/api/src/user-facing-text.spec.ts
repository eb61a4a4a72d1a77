import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as domain from '@evalflow/domain';
import * as workflow from '@evalflow/workflow';
import { DEMO_BUDGET_DATA } from './modules/demo/demo-budget-data';
import { overdueDigestMail, reminderMail } from './modules/reminders/reminder.mail';

/*
 * Development notes must not reach users (issue 16): no text a clerk reads — labels, guard messages, threshold
 * notes, proposed findings, mails, demo data — may speak of seeds, fixtures or reference reports. This scans the text
 * tables themselves, so a new note of that kind fails here rather than in front of a department.
 */
const FORBIDDEN = /种子|参考报告|样例报告|seed|fixture/i;

/** Every string inside a value (objects, arrays, frozen tables), with the path it was found at. */
function stringsIn(value: unknown, path: string, seen = new Set<unknown>()): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  return Object.entries(value).flatMap(([key, inner]) => stringsIn(inner, `${path}.${key}`, seen));
}

const offending = (texts: { path: string; text: string }[]) => texts.filter((entry) => FORBIDDEN.test(entry.text));

/** The test data the specs compute against: the one export that is meant to name where its figures come from. */
const TEST_ONLY_EXPORTS = new Set(['REFERENCE_BUDGET_DATA']);

describe('user-facing text speaks of no seeds, fixtures or reference reports', () => {
  it('the text tables of libs/domain and libs/workflow (labels, guards, metrics, thresholds, templates)', () => {
    const tables = [...Object.entries(domain), ...Object.entries(workflow)].filter(([name, value]) => !TEST_ONLY_EXPORTS.has(name) && typeof value === 'object');
    expect(offending(tables.flatMap(([name, value]) => stringsIn(value, name)))).toEqual([]);
  });

  it('the proposed findings, checks and notes computed from the budget data the demo shows', () => {
    const parsed = domain.parseBudgetData(domain.REFERENCE_BUDGET_DATA.seed000);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const analysis = domain.analyseBudget(parsed.value, domain.defaultThresholds());
    expect(analysis.proposals.length).toBeGreaterThan(0);
    expect(offending(stringsIn(analysis, 'analysis'))).toEqual([]);
  });

  it('the reminder and digest mails', () => {
    const items = [{ line: '【到期提醒】2025年度部门整体支出绩效评价（PE-2025-00001）自评截止 2027-03-31', link: 'https://evalflow.example/evaluations/1', dueOn: '2027-03-31' }];
    const recipient = { displayName: '张三', email: 'zhang@example.org' };
    expect(offending([...stringsIn(reminderMail(recipient, items), 'reminder'), ...stringsIn(overdueDigestMail(recipient, '2027-04-02', items), 'digest')])).toEqual([]);
  });

  it('the string literals of the demo data (evaluations, findings, organisations, users)', () => {
    const literals = ['demo-data.ts', 'demo-evaluations.ts', 'demo-budget-data.ts'].flatMap((file) => {
      // Comments are for developers and may name the reference reports; only the literals reach users.
      const source = readFileSync(resolve(__dirname, 'modules/demo', file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/[^\n]*/g, '$1');
      return [...source.matchAll(/'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)].map((match) => ({ path: file, text: match[1] ?? match[2] }));
    });
    // 'demo-seed' is the session id the loader acts under: it is never shown.
    expect(offending(literals).filter((entry) => entry.text !== 'demo-seed')).toEqual([]);
    expect(offending(stringsIn(DEMO_BUDGET_DATA, 'DEMO_BUDGET_DATA'))).toEqual([]);
  });
});

