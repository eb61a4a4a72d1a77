import {
  DEPARTMENT_WHOLE_TEMPLATE,
  FRAMEWORK_TEMPLATES,
  PROJECT_SELF_EVALUATION_TEMPLATE,
  frameworkProblems,
  level3Indicators,
  type FrameworkNode,
  type FrameworkTemplate,
} from './framework-templates';

/** A node for hand-made trees: level and parent follow from the dotted code unless a row overrides them on purpose. */
function n(code: string, weight: number, extra: Partial<FrameworkNode> = {}): FrameworkNode {
  const parts = code.split('.');
  return {
    code,
    name: `指标${code}`,
    weight,
    level: parts.length as 1 | 2 | 3,
    parentCode: parts.length === 1 ? null : parts.slice(0, -1).join('.'),
    ...extra,
  };
}

/** The smallest valid tree: 1 (100) → 1.1 (100) → 1.1.1 (100). */
const BASE: FrameworkNode[] = [n('1', 100), n('1.1', 100), n('1.1.1', 100, { target: '100%' })];

const tenths = (weight: number): number => Math.round(weight * 10);
const childrenOf = (t: FrameworkTemplate, code: string): FrameworkNode[] => t.nodes.filter((c) => c.parentCode === code);
const triples = (nodes: readonly FrameworkNode[]): [string, string, number][] => nodes.map((x) => [x.code, x.name, x.weight]);

describe('built-in templates', () => {
  it.each(FRAMEWORK_TEMPLATES.map((t) => ({ code: t.code, t })))('$code has no problems', ({ t }) => {
    expect(frameworkProblems(t)).toEqual([]);
  });

  // DEPARTMENT_WHOLE: names and order of seed 000 (投入、过程、产出、效益); its weights are DOMAIN §3's 20/30/30/20
  // because seed 000 prints only the total (88.9), not a score table. PROJECT: DOMAIN §3's 50/30/10/10.
  it.each<[string, FrameworkTemplate, [string, string, number][]]>([
    ['DEPARTMENT_WHOLE', DEPARTMENT_WHOLE_TEMPLATE, [['1', '投入', 20], ['2', '过程', 30], ['3', '产出', 30], ['4', '效益', 20]]],
    [
      'PROJECT_SELF_EVALUATION',
      PROJECT_SELF_EVALUATION_TEMPLATE,
      [['1', '产出指标', 50], ['2', '效益指标', 30], ['3', '满意度指标', 10], ['4', '预算执行率', 10]],
    ],
  ])('%s level-1 weights', (_label, t, expected) => {
    expect(triples(t.nodes.filter((x) => x.level === 1))).toEqual(expected);
  });

  it.each<[string, FrameworkTemplate, [string, string, number][]]>([
    [
      'DEPARTMENT_WHOLE',
      DEPARTMENT_WHOLE_TEMPLATE,
      [
        ['1.1', '目标设定', 6],
        ['1.2', '预算配置', 14],
        ['2.1', '预算执行', 16],
        ['2.2', '预算管理', 8],
        ['2.3', '资产管理', 6],
        ['3.1', '职责履行', 30],
        ['4.1', '履职效益', 14],
        ['4.2', '满意度', 6],
      ],
    ],
    [
      'PROJECT_SELF_EVALUATION',
      PROJECT_SELF_EVALUATION_TEMPLATE,
      [
        ['1.1', '数量指标', 15],
        ['1.2', '质量指标', 15],
        ['1.3', '时效指标', 10],
        ['1.4', '成本指标', 10],
        ['2.1', '经济效益指标', 8],
        ['2.2', '社会效益指标', 10],
        ['2.3', '生态效益指标', 6],
        ['2.4', '可持续影响指标', 6],
        ['3.1', '服务对象满意度指标', 10],
        ['4.1', '预算执行率', 10],
      ],
    ],
  ])('%s level-2 weights', (_label, t, expected) => {
    expect(triples(t.nodes.filter((x) => x.level === 2))).toEqual(expected);
  });

  const level2 = FRAMEWORK_TEMPLATES.flatMap((t) =>
    t.nodes.filter((x) => x.level === 2).map((x) => ({ template: t.code, code: x.code, name: x.name, t })),
  );
  it.each(level2)('$template $code $name has level-3 children', ({ t, code }) => {
    const children = childrenOf(t, code);
    expect(children.length).toBeGreaterThan(0);
    expect(children.every((c) => c.level === 3)).toBe(true);
  });

  const level3 = FRAMEWORK_TEMPLATES.flatMap((t) => level3Indicators(t).map((x) => ({ template: t.code, code: x.code, x })));
  it.each(level3)('$template $code carries 评价要点 and 评分标准', ({ x }) => {
    expect(x.points?.trim()).toBeTruthy();
    expect(x.rule?.trim()).toBeTruthy();
  });

  it.each(FRAMEWORK_TEMPLATES.map((t) => ({ code: t.code, t })))('$code lists parents before children', ({ t }) => {
    const index = new Map(t.nodes.map((x, i) => [x.code, i]));
    for (const [i, x] of t.nodes.entries()) {
      if (x.parentCode !== null) expect(index.get(x.parentCode)).toBeLessThan(i);
    }
  });

  // DOMAIN §4's standard metrics belong under 投入 (code 1) or 过程 (code 2), where seed 000 raises them.
  it.each<[string, string]>([
    ['在职人员控制率', '1'],
    ['“三公经费”变动率', '1'],
    ['预算完成率', '2'],
    ['预算调整率', '2'],
    ['支付进度率', '2'],
    ['公用经费控制率', '2'],
    ['“三公经费”控制率', '2'],
    ['政府采购执行率', '2'],
    ['项目资金使用率', '2'],
  ])('DEPARTMENT_WHOLE has %s under level-1 %s', (name, rootCode) => {
    const found = level3Indicators(DEPARTMENT_WHOLE_TEMPLATE).filter((x) => x.name === name);
    expect(found).toHaveLength(1);
    expect(found[0].code.split('.')[0]).toBe(rootCode);
  });

  it('PROJECT 预算执行率 scores min(spent / budget, 100%) × 10', () => {
    const [indicator] = level3Indicators({ nodes: childrenOf(PROJECT_SELF_EVALUATION_TEMPLATE, '4.1') });
    expect(indicator).toMatchObject({ code: '4.1.1', name: '预算执行率', weight: 10 });
    expect(indicator.rule).toContain('min(全年执行数 ÷ 全年预算数, 100%) × 10');
  });

  it.each([
    { code: 'department-whole-common', scope: 'department_whole', t: DEPARTMENT_WHOLE_TEMPLATE },
    { code: 'project-self-evaluation', scope: 'project', t: PROJECT_SELF_EVALUATION_TEMPLATE },
  ])('$code has scope $scope and is frozen', ({ code, scope, t }) => {
    expect(t).toMatchObject({ code, scope });
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.nodes)).toBe(true);
    expect(t.nodes.every((x) => Object.isFrozen(x))).toBe(true);
  });
});

describe('level3Indicators', () => {
  it.each(FRAMEWORK_TEMPLATES.map((t) => ({ code: t.code, t })))('$code: level 3 only, in display order, total 100', ({ t }) => {
    const scored = level3Indicators(t);
    expect(scored.map((x) => x.code)).toEqual(t.nodes.filter((x) => x.level === 3).map((x) => x.code));
    expect(scored.reduce((sum, x) => sum + tenths(x.weight), 0)).toBe(1000);
  });

  it('keeps the given order and returns a new array', () => {
    const nodes = [n('2', 0), n('2.1', 0), n('2.1.2', 0), n('1', 0), n('1.1', 0), n('1.1.1', 0), n('2.1.1', 0)];
    const scored = level3Indicators({ nodes });
    expect(scored.map((x) => x.code)).toEqual(['2.1.2', '1.1.1', '2.1.1']);
    expect(scored).not.toBe(nodes);
  });
});

describe('frameworkProblems', () => {
  // One row per kind of problem; each tree is broken in exactly one place, so exactly one message is expected.
  it.each<{ kind: string; nodes: FrameworkNode[]; code: string; mentions: string }>([
    {
      kind: 'children not summing to the parent',
      nodes: [n('1', 100), n('1.1', 100), n('1.1.1', 60), n('1.1.2', 30)],
      code: '1.1',
      mentions: '合计 90',
    },
    {
      kind: 'level-2 node without children',
      nodes: [n('1', 100), n('1.1', 60), n('1.1.1', 60), n('1.2', 40)],
      code: '1.2',
      mentions: '没有三级指标',
    },
    {
      kind: 'root not 100',
      nodes: [n('7', 50), n('7.1', 50), n('7.1.1', 50), n('8', 40), n('8.1', 40), n('8.1.1', 40)],
      code: '8',
      mentions: '合计 90，应为 100',
    },
    {
      kind: 'duplicate code',
      nodes: [n('1', 100), n('1.1', 100), n('1.1.1', 60), n('1.1.1', 40)],
      code: '1.1.1',
      mentions: '重复',
    },
    { kind: 'parent does not exist', nodes: [...BASE, n('1.9.1', 5)], code: '1.9.1', mentions: '1.9 不存在' },
    {
      kind: 'parent not one level up (level 3 under level 1)',
      nodes: [...BASE, n('1.2.1', 5, { parentCode: '1' })],
      code: '1.2.1',
      mentions: '应为二级指标',
    },
    {
      kind: 'parent not one level up (level 1 with a parent)',
      nodes: [...BASE, n('2', 0, { parentCode: '1' })],
      code: '2',
      mentions: '不应有上级指标',
    },
    {
      kind: 'level-3 node without parent',
      nodes: [...BASE, n('1.1.2', 5, { parentCode: null })],
      code: '1.1.2',
      mentions: '缺少上级指标',
    },
    { kind: 'placeholder target XX', nodes: [...BASE.slice(0, 2), n('1.1.1', 100, { target: '不少于XX场' })], code: '1.1.1', mentions: 'XX' },
    { kind: 'placeholder target X%', nodes: [...BASE.slice(0, 2), n('1.1.1', 100, { target: '压减X%以上' })], code: '1.1.1', mentions: 'X%' },
    {
      kind: 'placeholder target, full-width',
      nodes: [...BASE.slice(0, 2), n('1.1.1', 100, { target: '不少于ＸＸ场' })],
      code: '1.1.1',
      mentions: '占位符',
    },
    { kind: 'weight with two decimals', nodes: [...BASE, n('1.1.2', 0.05)], code: '1.1.2', mentions: '0.05' },
    { kind: 'negative weight', nodes: [...BASE, n('1.1.2', -5)], code: '1.1.2', mentions: '-5' },
  ])('$kind → one message naming $code', ({ nodes, code, mentions }) => {
    const problems = frameworkProblems({ nodes });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`(^|[^0-9.])${code.replace(/\./g, '\\.')}([^0-9.]|$)`));
    expect(problems[0]).toContain(mentions);
  });

  it('compares in tenths: 0.1 + 0.2 + 0.4 is 0.7, although not in floating point', () => {
    const nodes = [
      n('1', 100),
      n('1.1', 99.3),
      n('1.1.1', 99.3),
      n('1.2', 0.7),
      n('1.2.1', 0.1),
      n('1.2.2', 0.2),
      n('1.2.3', 0.4),
    ];
    expect(0.1 + 0.2 + 0.4).not.toBe(0.7);
    expect(frameworkProblems({ nodes })).toEqual([]);
  });

  it('an empty tree has a level-1 total of 0', () => {
    expect(frameworkProblems({ nodes: [] })).toEqual(['一级指标（无）分值合计 0，应为 100']);
  });

  // Seed 003's self-evaluation form (浏阳市人民政府办公室 2020) prints 效益指标 45 over level-2 headers 10/7/8/10 = 35:
  // 社会效益指标 is headed 10 but holds two 10-point indicators. Its 投入 rows are scored at level 2 under one merged
  // level-3 cell, reproduced here as one level-3 row per level-2 row.
  it('catches the header mistake in the seed 003 form', () => {
    const basis = '根据财政管理工作绩效考核相关办法规定填报';
    const input: [string, number][] = [
      ['预算编审管理', 3],
      ['预算执行管理', 4],
      ['部门结转结余资金管理', 4],
      ['预算绩效管理', 5],
      ['预决算信息公开管理', 4],
      ['财政监督管理', 3],
      ['政府采购管理', 3],
      ['资产管理', 4],
    ];
    const nodes: FrameworkNode[] = [
      n('1', 30, { name: '投入管理指标' }),
      ...input.flatMap(([name, weight], i) => [n(`1.${i + 1}`, weight, { name }), n(`1.${i + 1}.1`, weight, { name: basis })]),
      n('2', 25, { name: '产出指标' }),
      n('2.1', 6, { name: '数量指标' }),
      n('2.1.1', 3, { name: '组织开展督查暗访', target: '≥50次' }),
      n('2.1.2', 3, { name: '民生工程和重点项目用地保障率', target: '100%' }),
      n('2.2', 8, { name: '质量指标' }),
      n('2.2.1', 4, { name: '市政府领导文稿服务质量', target: '领导满意' }),
      n('2.2.2', 4, { name: '市政府会议、重大活动服务质量', target: '会议、活动圆满成功' }),
      n('2.3', 5, { name: '时效指标' }),
      n('2.3.1', 3, { name: '督办市政府重要会议决策事项和领导批示', target: '按规定时限办结' }),
      n('2.3.2', 2, { name: '突发事件和政务信息报送', target: '按要求及时报送' }),
      n('2.4', 6, { name: '成本指标' }),
      n('2.4.1', 6, { name: '资金使用合规性', target: '合规' }),
      n('3', 45, { name: '效益指标' }),
      n('3.1', 10, { name: '社会效益指标' }),
      n('3.1.1', 10, { name: '做好精准扶贫工作', target: '完成相关工作任务' }),
      n('3.1.2', 10, { name: '文明单位建设', target: '创建长沙市文明单位称号' }),
      n('3.2', 7, { name: '生态效益指标' }),
      n('3.2.1', 7, { name: '公共机构节能工作', target: '不断加强节能管理，推进低碳办公' }),
      n('3.3', 8, { name: '可持续影响指标' }),
      n('3.3.1', 8, { name: '开展党建志愿服务活动', target: '完成相关工作任务' }),
      n('3.4', 10, { name: '满意度指标' }),
      n('3.4.1', 10, { name: '建议提案办理满意率', target: '≥90%' }),
    ];
    expect(frameworkProblems({ nodes })).toEqual([
      '指标 3（效益指标）的下级指标分值合计 35，与其分值 45 不符',
      '指标 3.1（社会效益指标）的下级指标分值合计 20，与其分值 10 不符',
    ]);
  });
});

describe('structured rules of the built-in templates', () => {
  const all = FRAMEWORK_TEMPLATES.flatMap((t) => level3Indicators(t).map((x) => ({ template: t.code, ...x })));

  it('every level-3 indicator has a structured rule', () => {
    expect(all.filter((x) => x.scoring === undefined).map((x) => `${x.template} ${x.code}`)).toEqual([]);
  });

  it.each<[string, string]>([
    ['实际值≥目标值的，得满分', 'higher_is_better|metric'],
    ['实际值≤目标值的，得满分', 'lower_is_better'],
    ['达成年度指标的，得分值的80%–100%', 'qualitative'],
    ['min(全年执行数 ÷ 全年预算数, 100%)', 'budget_execution'],
    ['扣', 'manual'],
  ])('rule text “%s…” ↔ kind %s', (text, kinds) => {
    const matching = all.filter((x) => x.rule?.includes(text));
    expect(matching.length).toBeGreaterThan(0);
    for (const x of matching) expect(kinds.split('|')).toContain(x.scoring?.kind);
  });

  it('the budget metrics of DEPARTMENT_WHOLE are bound to the metric catalogue', () => {
    const bound = level3Indicators(DEPARTMENT_WHOLE_TEMPLATE)
      .filter((x) => x.scoring?.kind === 'metric')
      .map((x) => [x.name, x.scoring]);
    expect(bound).toEqual([
      ['预算完成率', { kind: 'metric', metric: 'execution_rate', direction: 'higher', targetHundredths: 10000 }],
      ['支付进度率', { kind: 'metric', metric: 'payment_progress', direction: 'higher', targetHundredths: 8000 }],
      ['政府采购执行率', { kind: 'metric', metric: 'procurement_execution_rate', direction: 'higher', targetHundredths: 10000 }],
    ]);
  });

  it.each(FRAMEWORK_TEMPLATES.map((t) => ({ code: t.code, t })))('$code declares its own level-1 split', ({ t }) => {
    expect(t.declaredLevel1Weights).toEqual(Object.fromEntries(t.nodes.filter((x) => x.level === 1).map((x) => [x.code, x.weight])));
  });
});
