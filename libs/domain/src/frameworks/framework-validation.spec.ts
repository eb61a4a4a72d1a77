import type { FrameworkNode } from './framework-templates';
import { frameworkProblems, isPlaceholderTarget } from './framework-validation';
import type { ScoringRule } from './scoring-rule';

function n(code: string, weight: number, extra: Partial<FrameworkNode> = {}): FrameworkNode {
  const parts = code.split('.');
  return { code, name: `指标${code}`, weight, level: parts.length as 1 | 2 | 3, parentCode: parts.length === 1 ? null : parts.slice(0, -1).join('.'), ...extra };
}

/** 1 (60) → 1.1 → 1.1.1;  2 (40) → 2.1 → 2.1.1. */
const TREE = [n('1', 60), n('1.1', 60), n('1.1.1', 60), n('2', 40), n('2.1', 40), n('2.1.1', 40)];
const withLeaf = (extra: Partial<FrameworkNode>) => [...TREE.slice(0, 5), n('2.1.1', 40, extra)];

describe('placeholder targets', () => {
  it.each([
    '不少于XX场',
    '压减X%以上',
    '不少于ＸＸ场',
    '压减Ｘ％以上',
    'xx次',
    '≥X',
    '不少于X场',
    '完成X项',
    '第X季度末前',
    'X %',
    '××万元',
    '**人次',
    '□□%',
    '某某单位满意',
    '待定',
    '待填',
    '提高XXX个百分点',
  ])('%s is a placeholder', (target) => {
    expect(isPlaceholderTarget(target)).toBe(true);
  });

  it.each(['≥90%', '100%', '≤100%', '≥50次', '按规定时限办结', '合规', 'Excel 台账完整', 'XML 格式报送', '3x3 网格', '领导满意', '第三季度末≥80%', '0'])(
    '%s is not a placeholder',
    (target) => {
      expect(isPlaceholderTarget(target)).toBe(false);
    },
  );

  it('a placeholder target is refused naming the node', () => {
    expect(frameworkProblems({ nodes: withLeaf({ target: '不少于XX场' }) })).toEqual(['指标 2.1.1 的年度指标值“不少于XX场”含占位符，请填写实际目标值']);
  });
});

describe('placeholders in 评价要点 and 评分标准 (issue 14: every text is read)', () => {
  it.each<[string, Partial<FrameworkNode>, string]>([
    ['评价要点', { points: '全年组织业务培训不少于XX场，覆盖全部科室。' }, '指标 2.1.1 的评价要点含占位符“…织业务培训不少于XX场，覆盖全部科室…”，请填写实际内容'],
    ['评分标准', { rule: '压减X%以上的得满分，否则不得分。' }, '指标 2.1.1 的评分标准含占位符“压减X%以上的得满分，否…”，请填写实际内容'],
    ['评分标准 (full-width)', { rule: '完成ＸＸ项得满分' }, '指标 2.1.1 的评分标准含占位符“完成ＸＸ项得满分”，请填写实际内容'],
    [
      '扣分标准 of a manual rule',
      { scoring: { kind: 'manual', deduction: '每少1场扣X分' } },
      '指标 2.1.1 的计分方式的扣分标准含占位符“每少1场扣X分”，请填写实际内容',
    ],
  ])('%s', (_label, extra, message) => {
    expect(frameworkProblems({ nodes: withLeaf(extra) })).toEqual([message]);
  });

  it('reports each text once, next to the target', () => {
    const problems = frameworkProblems({ nodes: withLeaf({ target: '≥X次', points: '召开XX次会议', rule: '待定' }) });
    expect(problems).toEqual([
      '指标 2.1.1 的年度指标值“≥X次”含占位符，请填写实际目标值',
      '指标 2.1.1 的评价要点含占位符“召开XX次会议”，请填写实际内容',
      '指标 2.1.1 的评分标准含占位符“待定”，请填写实际内容',
    ]);
  });

  it.each(['预算完成率 = 全年支出 ÷ 全年指标下达数 × 100%。', '以 Excel 台账和 XML 报送为准', '每超过1个百分点扣0.2分，扣完为止。', '3x3 网格化管理'])(
    'leaves real text alone: %s',
    (text) => {
      expect(frameworkProblems({ nodes: withLeaf({ points: text, rule: text }) })).toEqual([]);
    },
  );
});

describe('declared level-1 split', () => {
  it.each<[string, Record<string, number>, string[]]>([
    ['matches', { '1': 60, '2': 40 }, []],
    ['matches with one decimal', { '1': 60.0, '2': 40 }, []],
    [
      'disagrees on one node',
      { '1': 70, '2': 30 },
      [
        '表头声明的一级指标分值（1=70、2=30）与指标表不符：指标 1（指标1）声明 70，指标表为 60',
        '表头声明的一级指标分值（1=70、2=30）与指标表不符：指标 2（指标2）声明 30，指标表为 40',
      ],
    ],
    ['names a code not in the tree', { '1': 60, '2': 30, '3': 10 }, ['表头声明的一级指标分值（1=60、2=30、3=10）与指标表不符：指标 2（指标2）声明 30，指标表为 40', '表头声明的一级指标 3（1=60、2=30、3=10）在指标表中不存在']],
    ['leaves a level-1 node out', { '1': 60 }, ['指标 2（指标2）未出现在表头声明的一级指标分值（1=60）中', '表头声明的一级指标分值（1=60）合计 60，应为 100']],
    ['names a level-2 node', { '1': 60, '1.1': 40 }, ['表头声明的一级指标 1.1（1=60、1.1=40）在指标表中不存在', '指标 2（指标2）未出现在表头声明的一级指标分值（1=60、1.1=40）中']],
    ['has an invalid weight', { '1': 60, '2': -40 }, ['表头声明的一级指标 2 分值 -40 无效', '表头声明的一级指标分值（1=60、2=-40）合计 60，应为 100']],
  ])('%s', (_label, declaredLevel1Weights, expected) => {
    expect(frameworkProblems({ nodes: TREE, declaredLevel1Weights })).toEqual(expected);
  });

  it('an empty declaration is no declaration', () => {
    expect(frameworkProblems({ nodes: TREE, declaredLevel1Weights: {} })).toEqual([]);
  });
});

describe('structured scoring rules', () => {
  it.each<[string, Partial<FrameworkNode>, string[]]>([
    ['higher, target agrees', { target: '≥50次', scoring: { kind: 'higher_is_better', target: 50, unit: '次' } }, []],
    ['higher, no target text', { scoring: { kind: 'higher_is_better', target: 50, unit: '次' } }, []],
    ['higher, text without a number', { target: '大幅提高', scoring: { kind: 'higher_is_better', target: 50, unit: '次' } }, []],
    ['higher, target disagrees', { target: '≥60次', scoring: { kind: 'higher_is_better', target: 50, unit: '次' } }, ['指标 2.1.1 的年度指标值“≥60次”与计分方式的目标值 50 不一致']],
    ['higher, zero target', { scoring: { kind: 'higher_is_better', target: 0, unit: '%' } }, ['指标 2.1.1 的计分方式（越高越好）的目标值 0 无效：应为大于 0 的数']],
    ['lower, negative target', { scoring: { kind: 'lower_is_better', target: -1, unit: '%' } }, ['指标 2.1.1 的计分方式（越低越好）的目标值 -1 无效：应为大于 0 的数']],
    ['higher, five decimals', { scoring: { kind: 'higher_is_better', target: 1.23456, unit: '%' } }, ['指标 2.1.1 的计分方式的目标值 1.23456 最多四位小数']],
    ['metric, agrees', { target: '≥80%', scoring: { kind: 'metric', metric: 'payment_progress', direction: 'higher', targetHundredths: 8000 } }, []],
    ['metric, disagrees', { target: '≥85%', scoring: { kind: 'metric', metric: 'payment_progress', direction: 'higher', targetHundredths: 8000 } }, ['指标 2.1.1 的年度指标值“≥85%”与计分方式的目标值 80 不一致']],
    ['metric, unknown key', { scoring: { kind: 'metric', metric: 'nope', direction: 'higher', targetHundredths: 8000 } as unknown as ScoringRule }, ['指标 2.1.1 的计分方式绑定的预算指标 nope 不存在']],
    ['metric, fractional target', { scoring: { kind: 'metric', metric: 'execution_rate', direction: 'higher', targetHundredths: 80.5 } }, ['指标 2.1.1 的计分方式的目标值 80.5 无效：应为以万分之一计的正整数（8000 = 80%）']],
    ['metric, bad direction', { scoring: { kind: 'metric', metric: 'execution_rate', direction: 'up', targetHundredths: 8000 } as unknown as ScoringRule }, ['指标 2.1.1 的计分方式的方向 up 无效']],
    ['manual, empty deduction', { scoring: { kind: 'manual', deduction: ' ' } }, ['指标 2.1.1 的计分方式（扣分制）缺少扣分标准']],
    ['unknown kind', { scoring: { kind: 'magic' } as unknown as ScoringRule }, ['指标 2.1.1 的计分方式 magic 不是已知的计分方式']],
    ['qualitative', { target: '达到预期', scoring: { kind: 'qualitative' } }, []],
    ['budget execution', { target: '100%', scoring: { kind: 'budget_execution' } }, []],
  ])('%s', (_label, extra, expected) => {
    expect(frameworkProblems({ nodes: withLeaf(extra) })).toEqual(expected);
  });

  it('only level-3 nodes carry a rule', () => {
    const nodes = [...TREE.slice(0, 4), n('2.1', 40, { scoring: { kind: 'qualitative' } }), TREE[5]];
    expect(frameworkProblems({ nodes })).toEqual(['指标 2.1 为二级指标，只有三级指标设置计分方式']);
  });
});

describe('codes and names', () => {
  it.each<[string, FrameworkNode[], string]>([
    ['code with a space', withLeaf({ code: '2.1 .1' }), '指标编码“2.1 .1”无效'],
    ['code longer than 20', [...TREE.slice(0, 5), n('2.1.12345678901234567', 40, { parentCode: '2.1' })], '无效'],
    ['empty name', withLeaf({ name: ' ' }), '指标 2.1.1 缺少名称'],
  ])('%s', (_label, nodes, mentions) => {
    const problems = frameworkProblems({ nodes });
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]).toContain(mentions);
  });
});
