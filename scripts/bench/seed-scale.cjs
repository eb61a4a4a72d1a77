'use strict';
/*
 * `npm run -s seed:scale -- --evaluations N [--database NAME] [--keep]`: a province's worth of data in a fresh
 * database on the benchmarks' embedded PostgreSQL (tmp/bench/pg; BENCH_POSTGRES_URL for another server), migrated
 * with the app's migrations. The demo accounts and evaluations are loaded first by the app itself (so every demo
 * login works and the demo records are as the app writes them); then bulk SQL (INSERT … SELECT generate_series)
 * adds 湖南省 with its 14 cities and their counties, a finance bureau and an audit office in each, thousands of
 * budget units, evaluation firms with their staff, and N evaluations over ten fiscal years in every state of both
 * lifecycles, with findings, rectification items in every state, document requests, deadlines, the history of
 * every step (≈40 rows per evaluation), the outbox, notifications and the workflow_tasks the states wait on (open
 * ones like the migration's backfill, closed ones for every earlier step). Also 1,000 commission-ready drafts
 * (reference BENCH-…) for the transitions benchmark.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');
const lib = require('./lib.cjs');

const REGION_NAMES = [
  ['430100', '长沙市', ['芙蓉区', '天心区', '岳麓区', '开福区', '雨花区', '望城区', '长沙县', '浏阳市', '宁乡市']],
  ['430200', '株洲市', ['荷塘区', '芦淞区', '石峰区', '天元区', '渌口区', '攸县', '茶陵县', '炎陵县', '醴陵市']],
  ['430300', '湘潭市', ['雨湖区', '岳塘区', '湘潭县', '湘乡市', '韶山市']],
  ['430400', '衡阳市', ['珠晖区', '雁峰区', '石鼓区', '蒸湘区', '南岳区', '衡阳县', '衡南县', '衡山县', '衡东县', '祁东县', '耒阳市', '常宁市']],
  ['430500', '邵阳市', ['双清区', '大祥区', '北塔区', '新邵县', '邵阳县', '隆回县', '洞口县', '绥宁县', '新宁县', '城步苗族自治县', '武冈市', '邵东市']],
  ['430600', '岳阳市', ['岳阳楼区', '云溪区', '君山区', '岳阳县', '华容县', '湘阴县', '平江县', '汨罗市', '临湘市']],
  ['430700', '常德市', ['武陵区', '鼎城区', '安乡县', '汉寿县', '澧县', '临澧县', '桃源县', '石门县', '津市市']],
  ['430800', '张家界市', ['永定区', '武陵源区', '慈利县', '桑植县']],
  ['430900', '益阳市', ['资阳区', '赫山区', '南县', '桃江县', '安化县', '沅江市']],
  ['431000', '郴州市', ['北湖区', '苏仙区', '桂阳县', '宜章县', '永兴县', '嘉禾县', '临武县', '汝城县', '桂东县', '安仁县', '资兴市']],
  ['431100', '永州市', ['零陵区', '冷水滩区', '东安县', '双牌县', '道县', '江永县', '宁远县', '蓝山县', '新田县', '江华瑶族自治县', '祁阳市']],
  ['431200', '怀化市', ['鹤城区', '中方县', '沅陵县', '辰溪县', '溆浦县', '会同县', '麻阳苗族自治县', '新晃侗族自治县', '芷江侗族自治县', '靖州苗族侗族自治县', '通道侗族自治县', '洪江市']],
  ['431300', '娄底市', ['娄星区', '双峰县', '新化县', '冷水江市', '涟源市']],
  ['433100', '湘西土家族苗族自治州', ['吉首市', '泸溪县', '凤凰县', '花垣县', '保靖县', '古丈县', '永顺县', '龙山县']],
];
/** Budget units (预算单位) of a government at each level; a county has the first 28, a city the first 60, the province all. */
const UNITS = [
  '人民政府办公室', '发展和改革局', '教育局', '科学技术局', '工业和信息化局', '公安局', '民政局', '司法局', '财政局机关服务中心', '人力资源和社会保障局',
  '自然资源局', '生态环境局', '住房和城乡建设局', '交通运输局', '水利局', '农业农村局', '商务局', '文化旅游广电体育局', '卫生健康局', '退役军人事务局',
  '应急管理局', '市场监督管理局', '统计局', '医疗保障局', '林业局', '城市管理综合执法局', '人民医院', '第一中学', '政务服务中心', '机关事务管理局',
  '档案馆', '疾病预防控制中心', '妇幼保健院', '中医医院', '第二中学', '职业技术学校', '图书馆', '博物馆', '广播电视台', '融媒体中心',
  '住房公积金管理中心', '不动产登记中心', '公共资源交易中心', '社会保险服务中心', '农业技术推广中心', '水文水资源勘测中心', '气象局', '地方金融监督管理局', '信访局', '乡村振兴局',
  '残疾人联合会', '总工会', '团委', '妇女联合会', '科学技术协会', '红十字会', '供销合作社', '粮食和物资储备中心', '公路事务中心', '园林绿化中心',
  '第三中学', '第四中学', '实验小学', '第一人民医院', '第二人民医院', '精神卫生中心', '急救中心', '血液中心', '体育运动学校', '艺术学校',
  '工程技术学院', '师范学院', '职业学院', '交通职业技术学院', '农业科学院', '林业科学研究院', '社会科学院', '地质调查所', '测绘院', '水利水电勘测设计院',
  '机场管理局', '港航事务中心', '铁路建设办公室', '高速公路管理局', '国有资产监督管理委员会', '审计局机关服务中心', '外事办公室', '侨务办公室', '民族宗教事务委员会', '人民防空办公室',
  '大数据中心', '数据资源局', '知识产权保护中心', '质量技术监督研究院', '药品监督检验院', '食品检验所', '计量检测研究院', '特种设备检验研究院', '标准化研究院', '产品质量检验院',
  '老年大学', '党校', '行政学院', '干部培训中心', '接待处', '机关幼儿园', '机关医院', '信息中心', '价格认证中心', '经济研究中心',
  '地震局', '消防救援支队', '森林消防大队', '救助管理站', '儿童福利院', '社会福利院', '殡仪馆', '军队离退休干部休养所', '烈士陵园管理处', '荣誉军人休养院',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯健俊帆帅旭宁亮东飞林波琳婷雪梅晶燕玲丹欣怡佳慧颖倩';
const FIRM_NAMES = ['湖南天职', '湖南中审', '湖南建宏', '湖南恒信', '湖南湘诚', '湖南大信', '湖南瑞华', '湖南立信', '湖南致同', '湖南中兴', '湖南永拓', '湖南华信', '湖南安信', '湖南信达', '湖南天健', '湖南中勤', '湖南鹏程', '湖南联合', '湖南弘正', '湖南新华', '湖南长信', '湖南远大', '湖南楚天', '湖南潇湘', '湖南岳麓', '湖南湘江', '湖南洞庭', '湖南南岳', '湖南芙蓉'];

/** The happy path of each lifecycle up to each state, and a variant with one send-back (about a quarter of the records). */
const STEPS = {
  evaluation_key: ['commission', 'start_self_evaluation', 'submit_self_evaluation', 'accept_self_evaluation', 'submit_draft', 'issue_draft_for_comment', 'start_adjudication', 'submit_final_report', 'approve_final_report', 'start_rectification', 'close'],
  evaluation_self: ['commission', 'start_self_evaluation', 'submit_self_evaluation', 'start_review', 'rate', 'close'],
};
function paths() {
  const { ALL_WORKFLOWS } = require('@evalflow/workflow');
  const byId = Object.fromEntries(ALL_WORKFLOWS.map((d) => [d.id, d]));
  const rows = [];
  const permitOf = (workflow, action, from) => {
    const t = byId[workflow].transitions.find((x) => x.action === action && x.from.includes(from));
    if (!t) throw new Error(`${workflow}: no ${action} from ${from}`);
    return { to: t.to, relation: t.permits[0]?.relation ?? 'commissioning_bureau', roles: t.permits[0]?.roles ?? [] };
  };
  const add = (workflow, state, variant, actions) => {
    let from = byId[workflow].initial;
    actions.forEach((action, i) => {
      const p = permitOf(workflow, action, from);
      rows.push({ workflow, state, variant, seq: i + 1, action, from_state: from, to_state: p.to, relation: p.relation, role: p.roles[0] ?? 'finance_officer' });
      from = p.to;
    });
    if (from !== state) throw new Error(`${workflow}: path ends in ${from}, not ${state}`);
  };
  for (const [workflow, steps] of Object.entries(STEPS)) {
    const states = [byId[workflow].initial];
    let from = byId[workflow].initial;
    for (const action of steps) states.push((from = permitOf(workflow, action, from).to));
    states.forEach((state, k) => {
      const base = steps.slice(0, k);
      add(workflow, state, 0, base);
      // With a send-back of the self-evaluation once it was past review.
      const back = workflow === 'evaluation_key' ? 4 : 4;
      if (k >= back) add(workflow, state, 1, [...base.slice(0, 3), 'return_self_evaluation', 'submit_self_evaluation', ...base.slice(3)]);
      else add(workflow, state, 1, base);
    });
    for (const k of [0, 1, 2]) for (const variant of [0, 1]) add(workflow, 'cancelled', variant * 3 + k, [...steps.slice(0, k), 'cancel']);
  }
  const ITEM = {
    open: [], plan_submitted: ['submit_plan'], in_progress: ['submit_plan', 'report_progress'],
    submitted_for_verification: ['submit_plan', 'report_progress', 'submit_for_verification'],
    verified: ['submit_plan', 'report_progress', 'submit_for_verification', 'verify'],
    returned: ['submit_plan', 'report_progress', 'submit_for_verification', 'return'],
    partly_rectified: ['submit_plan', 'report_progress', 'submit_for_verification', 'verify_partly'],
    carried_over: ['submit_plan', 'report_progress', 'carry_over'],
  };
  for (const [state, actions] of Object.entries(ITEM)) {
    add('rectification_item', state, 0, actions);
    add('rectification_item', state, 1, state === 'verified' ? ['submit_plan', 'report_progress', 'submit_for_verification', 'return', 'report_progress', 'submit_for_verification', 'verify'] : actions);
  }
  const REQUEST = { requested: [], provided: ['provide'], partly_provided: ['provide_partly'], not_provided: ['decline'], accepted: ['provide', 'accept'], returned: ['provide', 'return'] };
  for (const [state, actions] of Object.entries(REQUEST)) {
    add('document_request', state, 0, actions);
    add('document_request', state, 1, state === 'accepted' ? ['provide_partly', 'return', 'provide', 'accept'] : actions);
  }
  return rows;
}

function parties() {
  const { ALL_WORKFLOWS, waitingParties } = require('@evalflow/workflow');
  return ALL_WORKFLOWS.flatMap((definition) =>
    definition.states.flatMap((state) =>
      waitingParties(definition, state.id).map((party) => ({ workflow: definition.id, state: state.id, relation: party.relation, roles: party.roles, labels: party.labels })),
    ),
  );
}

function args(argv) {
  const out = { evaluations: 50000, database: 'evalflow_scale', drafts: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--evaluations') out.evaluations = Number(argv[++i]);
    else if (a === '--database') out.database = argv[++i];
    else if (a === '--drafts') out.drafts = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      process.stdout.write('npm run -s seed:scale -- --evaluations N [--database NAME] [--drafts N]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(out.evaluations) || out.evaluations < 100) throw new Error('--evaluations: a whole number ≥ 100');
  return out;
}

/** The app's own first start against the fresh database: migrations, built-in frameworks, demo accounts and evaluations. */
async function loadDemoThroughApp(databaseUrl, log) {
  const [port, smtp, web] = [await lib.freePort(), await lib.freePort(), await lib.freePort()];
  const dataDir = path.join(lib.BENCH_DIR, 'seed-app');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const child = spawn(process.execPath, [path.join(lib.DIST, 'main.js')], {
    cwd: lib.ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', MAIL_SINK_SMTP_PORT: String(smtp), MAIL_SINK_WEB_PORT: String(web), EVALFLOW_DATA_DIR: dataDir, WORKFLOW_TIMERS: 'off', LOG_LEVEL: 'warn', REDIS_URL: '', SMTP_URL: '', JWT_SECRET: 'bench-seed-secret-bench-seed-secret-000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Evalflow is up')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => reject(new Error(`the app stopped (${code}) before it was up:\n${output.slice(-3000)}`)));
  });
  log(output.split('\n').find((l) => l.includes('demo evaluations loaded')) ?? 'demo data present');
  child.removeAllListeners('exit');
  await new Promise((resolve) => {
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });
}

async function seed(options, log = lib.say) {
  const t0 = performance.now();
  const pg = options.pg ?? (await lib.startPostgres());
  try {
    await lib.recreateDatabase(pg, options.database);
    const url = pg.url(options.database);
    await loadDemoThroughApp(url, log);
    const db = await lib.client(url);
    try {
      const counts = await bulk(db, options, log);
      counts.seconds = +((performance.now() - t0) / 1000).toFixed(1);
      return counts;
    } finally {
      await db.end();
    }
  } finally {
    if (!options.pg) await pg.stop();
  }
}

async function bulk(db, options, log) {
  /** Bulk loads into a table faster with its secondary indexes built afterwards (constraint indexes stay). */
  const withoutIndexes = async (table, fn) => {
    const { rows } = await db.query(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename = $1
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [table],
    );
    for (const r of rows) await db.query(`DROP INDEX "${r.indexname}"`);
    try {
      await fn();
    } finally {
      const t = performance.now();
      for (const r of rows) await db.query(r.indexdef);
      log(`${table}: ${rows.length} indexes rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  };
  const step = async (label, sql, params = []) => {
    const t = performance.now();
    const r = await db.query(sql, params);
    log(`${label}: ${r.rowCount ?? ''} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return r;
  };
  const { creditCodeCheckCharacter } = require('@evalflow/domain');
  const argon2 = require('argon2');
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SET work_mem = '64MB'`);
  await db.query(`SET maintenance_work_mem = '256MB'`);

  // Regions: 湖南省, its 14 cities and their counties (the demo's 长沙市, 芙蓉区, 浏阳市 kept).
  const regions = [];
  for (const [code, name, counties] of REGION_NAMES) {
    regions.push({ code, name, parent: '430000', level: 2 });
    counties.forEach((county, i) => regions.push({ code: `${code.slice(0, 4)}${String(i + 1).padStart(2, '0')}`, name: county, parent: code, level: 3 }));
  }
  const demoCodes = { '芙蓉区': '430102', '浏阳市': '430181' };
  for (const r of regions) if (demoCodes[r.name]) r.code = demoCodes[r.name];
  // Codes made unique where a generated one collides with a demo one.
  const seen = new Set(['430000', '430100', '430102', '430181']);
  for (const r of regions) {
    if (r.level === 3 && !demoCodes[r.name]) {
      let c = Number(r.code);
      while (seen.has(String(c))) c += 20;
      r.code = String(c);
    }
    seen.add(r.code);
  }
  await step(
    'regions',
    `INSERT INTO regions (code, name, parent_id, level, path)
     SELECT r.code, r.name, p.id, r.level, p.path || '/' || r.code
     FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, parent text, level int)
     JOIN regions p ON p.code = r.parent WHERE r.level = 2
     ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify(regions)],
  );
  await step(
    'counties',
    `INSERT INTO regions (code, name, parent_id, level, path)
     SELECT r.code, r.name, p.id, r.level, p.path || '/' || r.code
     FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, parent text, level int)
     JOIN regions p ON p.code = r.parent WHERE r.level = 3
     ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify(regions)],
  );

  // Organisations: per region a finance bureau and an audit office (unless the demo has one), budget units, and firms.
  const { rows: regionRows } = await db.query(`SELECT id, code, name, level FROM regions ORDER BY level, code`);
  const { rows: existing } = await db.query(`SELECT name FROM organisations`);
  const taken = new Set(existing.map((o) => o.name));
  const orgs = [];
  let serial = 0;
  const code = (prefix, region) => {
    const body = `${prefix}${region}MC${String(++serial).padStart(7, '0')}`;
    return body + creditCodeCheckCharacter(body);
  };
  for (const r of regionRows) {
    const full = r.level === 3 ? `${regionRows.find((x) => x.code === `${r.code.slice(0, 4)}00`)?.name ?? ''}${r.name}` : r.name;
    const finance = r.level === 1 ? `${r.name}财政厅` : `${full}财政局`;
    const audit = r.level === 1 ? `${r.name}审计厅` : `${full}审计局`;
    for (const [name, kind, shortName] of [[finance, 'finance_bureau', r.level === 1 ? '省财政厅' : `${r.name}财政局`], [audit, 'audit_office', r.level === 1 ? '省审计厅' : `${r.name}审计局`]]) {
      if (!taken.has(name)) orgs.push({ name, short: shortName.slice(0, 30), kind, credit: code('11', r.code), region: r.id });
      taken.add(name);
    }
    const units = r.level === 1 ? UNITS.length : r.level === 2 ? 60 : 28;
    for (const unit of UNITS.slice(0, units)) {
      const name = r.level === 1 ? `湖南省${unit.replace(/局$/, '厅')}` : `${full}${unit}`;
      if (taken.has(name)) continue;
      taken.add(name);
      orgs.push({ name: name.slice(0, 100), short: unit.slice(0, 30), kind: 'department', credit: code('12', r.code), region: r.id });
    }
  }
  const province = regionRows.find((r) => r.level === 1);
  for (const firm of FIRM_NAMES) {
    for (const suffix of ['会计师事务所', '财务咨询有限公司']) {
      const name = `${firm}${suffix}`;
      if (!taken.has(name)) orgs.push({ name, short: `${firm.slice(2)}所`, kind: 'evaluation_firm', credit: code('91', province.code), region: province.id });
      taken.add(name);
    }
  }
  await step(
    'organisations',
    `INSERT INTO organisations (name, short_name, kind, credit_code, region_id)
     SELECT o.name, o.short, o.kind, o.credit, o.region::uuid FROM jsonb_to_recordset($1::jsonb) AS o(name text, short text, kind text, credit text, region text)`,
    [JSON.stringify(orgs)],
  );

  // Users: finance officers and admins per bureau, auditors per office, a head and two staff per budget unit, a
  // lead and evaluators per firm; plus sheng.officer and sheng.auditor (province-wide). One argon2 hash of the demo password.
  const { DEMO_PASSWORD } = lib.dist('modules/demo/demo-data');
  const hash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
  await step(
    'users',
    `WITH o AS (SELECT o.id, o.kind, row_number() OVER (ORDER BY o.name) AS n FROM organisations o WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.organisation_id = o.id)),
     plan AS (
       SELECT o.id, o.n, r.k, r.role FROM o JOIN LATERAL (
         SELECT * FROM (VALUES ('finance_bureau', 1, 'finance_officer'), ('finance_bureau', 2, 'finance_officer'), ('finance_bureau', 3, 'finance_admin'),
                               ('audit_office', 1, 'auditor'), ('audit_office', 2, 'auditor'),
                               ('department', 1, 'department_head'), ('department', 2, 'department_staff'), ('department', 3, 'department_staff'),
                               ('evaluation_firm', 1, 'evaluation_lead'), ('evaluation_firm', 2, 'evaluation_lead'), ('evaluation_firm', 3, 'evaluator'), ('evaluation_firm', 4, 'evaluator'), ('evaluation_firm', 5, 'evaluator'), ('evaluation_firm', 6, 'evaluator')) v(kind, k, role)
         WHERE v.kind = o.kind) r ON true)
     INSERT INTO users (username, display_name, email, password_hash, organisation_id, roles)
     SELECT 'u' || p.n || '.' || p.k, substr($2::text, (1 + (p.n * 7 + p.k * 13) % length($2::text))::int, 1) || substr($3::text, (1 + (p.n * 11 + p.k * 5) % length($3::text))::int, 1) || substr($3::text, (1 + (p.n * 3 + p.k * 17) % length($3::text))::int, 1),
       'u' || p.n || '.' || p.k || '@scale.evalflow.local', $1, p.id, ARRAY[p.role]
     FROM plan p`,
    [hash, SURNAMES, GIVEN],
  );
  await step(
    'province users',
    `INSERT INTO users (username, display_name, email, password_hash, organisation_id, roles)
     SELECT v.username, v.display_name, v.username || '@scale.evalflow.local', $1, o.id, ARRAY[v.role]
     FROM (VALUES ('sheng.officer', '省厅经办', '湖南省财政厅', 'finance_officer'), ('sheng.auditor', '省审计', '湖南省审计厅', 'auditor')) v(username, display_name, org, role)
     JOIN organisations o ON o.name = v.org ON CONFLICT (username) DO NOTHING`,
    [hash],
  );

  // Lookup tables for the bulk inserts (dropped at the end).
  await db.query(`DROP TABLE IF EXISTS seed_departments, seed_firms, seed_actors, seed_paths, seed_parties, seed_subjects`);
  await step(
    'seed_departments',
    `CREATE UNLOGGED TABLE seed_departments AS
     SELECT row_number() OVER (ORDER BY d.id) AS n, d.id, d.name, d.short_name, r.level,
       (SELECT f.id FROM organisations f WHERE f.region_id = d.region_id AND f.kind = 'finance_bureau' ORDER BY f.created_at LIMIT 1) AS bureau_id,
       (SELECT a.id FROM organisations a WHERE a.region_id = d.region_id AND a.kind = 'audit_office' ORDER BY a.created_at LIMIT 1) AS audit_id
     FROM organisations d JOIN regions r ON r.id = d.region_id WHERE d.kind = 'department'`,
  );
  await db.query(`CREATE UNLOGGED TABLE seed_firms AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM organisations WHERE kind = 'evaluation_firm'`);
  // Per organisation and role: its first user (the one who acts in the generated history), and the team of a firm.
  await db.query(
    `CREATE UNLOGGED TABLE seed_actors AS
     SELECT DISTINCT ON (u.organisation_id, r.role) u.organisation_id, r.role, u.id AS user_id, u.display_name, u.roles, o.name AS organisation_name
     FROM users u CROSS JOIN LATERAL unnest(u.roles) r(role) JOIN organisations o ON o.id = u.organisation_id
     ORDER BY u.organisation_id, r.role, u.created_at, u.username`,
  );
  await db.query(`CREATE INDEX ON seed_actors (organisation_id, role)`);
  await db.query(`CREATE UNLOGGED TABLE seed_paths AS SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(workflow text, state text, variant int, seq int, action text, from_state text, to_state text, relation text, role text)`, [JSON.stringify(paths())]);
  await db.query(`CREATE INDEX ON seed_paths (workflow, state, variant)`);
  await db.query(`CREATE UNLOGGED TABLE seed_parties AS SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(workflow text, state text, relation text, roles text[], labels jsonb)`, [JSON.stringify(parties())]);

  const { rows: [{ departments, firms }] } = await db.query(`SELECT (SELECT count(*)::int FROM seed_departments) AS departments, (SELECT count(*)::int FROM seed_firms) AS firms`);
  const { rows: [{ framework_id: frameworkId, officer }] } = await db.query(
    `SELECT (SELECT framework_version_id FROM evaluations WHERE framework_version_id IS NOT NULL ORDER BY created_at LIMIT 1) AS framework_id, (SELECT id FROM users WHERE username = 'finance.officer') AS officer`,
  );

  // Evaluations: N over fiscal years 2016–2025, four in five key (with a firm), the state by year (older years closed,
  // the current year's in every state). A stable pseudo-random h per evaluation picks department, firm and state.
  const KEY_BY_YEAR = {
    old: ['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'cancelled', 'rectification', 'rectification'],
    2023: ['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'rectification', 'rectification', 'rectification', 'cancelled', 'published'],
    2024: ['closed', 'closed', 'closed', 'rectification', 'rectification', 'rectification', 'rectification', 'published', 'published', 'final_review', 'adjudication', 'cancelled'],
    2025: ['draft', 'commissioned', 'self_evaluation', 'self_evaluation', 'self_evaluation_review', 'fieldwork', 'fieldwork', 'fieldwork', 'draft_review', 'draft_for_comment', 'adjudication', 'final_review', 'published', 'rectification', 'closed', 'cancelled'],
  };
  const SELF_BY_YEAR = {
    old: ['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'cancelled', 'rectification'],
    2023: ['closed', 'closed', 'closed', 'closed', 'closed', 'rectification', 'rectification', 'cancelled'],
    2024: ['closed', 'closed', 'rectification', 'rectification', 'rectification', 'review', 'cancelled'],
    2025: ['draft', 'commissioned', 'self_evaluation', 'self_evaluation', 'submitted', 'review', 'rectification', 'closed', 'cancelled'],
  };
  const states = (table) => JSON.stringify(Object.entries(table).map(([year, list]) => ({ year, list })));
  await step(
    'evaluations',
    `WITH g AS (SELECT n, (n::bigint * 2654435761 % 4294967296) AS h, 2016 + n % 10 AS fy FROM generate_series(1, $1::int) n),
     k AS (SELECT g.*, CASE WHEN h % 5 = 0 THEN 'self' ELSE 'key' END AS kind, CASE WHEN fy <= 2022 THEN 'old' ELSE fy::text END AS yk FROM g),
     s AS (
       SELECT k.*, d.id AS department_id, d.name AS department_name, d.bureau_id, d.level,
         CASE WHEN k.kind = 'key' THEN (SELECT f.id FROM seed_firms f WHERE f.n = k.h % $3) END AS firm_id,
         (SELECT (l.list)[1 + (k.h / 7) % jsonb_array_length(to_jsonb(l.list))] FROM (SELECT x.year, ARRAY(SELECT jsonb_array_elements_text(x.list)) AS list FROM jsonb_to_recordset(CASE k.kind WHEN 'key' THEN $4::jsonb ELSE $5::jsonb END) x(year text, list jsonb)) l WHERE l.year = k.yk) AS state
       FROM k JOIN seed_departments d ON d.n = 1 + (k.h / 13) % $2)
     INSERT INTO evaluations (reference, kind, scope, title, project_name, fiscal_year, department_id, commissioning_organisation_id, evaluator_organisation_id, framework_version_id, legal_basis, state, version, created_by, created_at, updated_at, state_changed_at)
     SELECT 'SC' || s.fy || '-' || lpad(s.n::text, 6, '0'), s.kind, CASE WHEN s.h % 3 = 0 THEN 'department_whole' ELSE 'project' END,
       left(s.fy || '年度' || s.department_name || CASE WHEN s.h % 3 = 0 THEN '部门整体支出' ELSE (ARRAY['专项资金','项目支出','运行保障经费','信息化建设资金','基本建设资金'])[1 + s.h % 5] END || CASE s.kind WHEN 'key' THEN '绩效评价' ELSE '绩效自评' END, 200),
       CASE WHEN s.h % 3 <> 0 THEN (ARRAY['专项资金','项目支出','运行保障经费','信息化建设资金','基本建设资金'])[1 + s.h % 5] END,
       s.fy, s.department_id, s.bureau_id, s.firm_id, $6::uuid, '财预〔2020〕10号', s.state, 1,
       COALESCE((SELECT a.user_id FROM seed_actors a WHERE a.organisation_id = s.bureau_id AND a.role = 'finance_officer'), $7::uuid),
       least(make_timestamptz(s.fy + 1, 1, 1 + (s.h % 28)::int, 9, 0, 0, 'Asia/Shanghai'), now() - interval '200 days'), now(), now()
     FROM s`,
    [options.evaluations, departments, firms, states(KEY_BY_YEAR), states(SELF_BY_YEAR), frameworkId, officer],
  );
  await db.query(`ANALYZE evaluations`);
  // The subjects' variant (a send-back on about a quarter) and their start, for history and times.
  await step(
    'seed_subjects',
    `CREATE UNLOGGED TABLE seed_subjects AS
     SELECT e.id, e.kind, e.state, e.department_id, e.commissioning_organisation_id AS bureau_id, e.evaluator_organisation_id AS firm_id, d.audit_id,
       ('evaluation_' || e.kind) AS workflow, e.created_at AS started_at,
       CASE WHEN e.state = 'cancelled' THEN (substr(e.reference, 8)::int % 6) ELSE (CASE WHEN substr(e.reference, 8)::int % 4 = 0 THEN 1 ELSE 0 END) END AS variant,
       substr(e.reference, 8)::int AS n
     FROM evaluations e JOIN seed_departments d ON d.id = e.department_id WHERE e.reference LIKE 'SC%'`,
  );
  await db.query(`CREATE INDEX ON seed_subjects (id)`);
  await step(
    'teams',
    `INSERT INTO evaluation_team_members (evaluation_id, user_id, role)
     SELECT s.id, m.user_id, m.role FROM seed_subjects s
     CROSS JOIN LATERAL (
       SELECT u.id AS user_id, CASE WHEN 'evaluation_lead' = ANY(u.roles) AND u.rn = 1 + s.n % 2 THEN 'lead' ELSE 'member' END AS role
       FROM (SELECT u.*, row_number() OVER (PARTITION BY ('evaluation_lead' = ANY(u.roles)) ORDER BY u.username) AS rn FROM users u WHERE u.organisation_id = s.firm_id) u
       WHERE ('evaluation_lead' = ANY(u.roles) AND u.rn = 1 + s.n % 2) OR (NOT 'evaluation_lead' = ANY(u.roles) AND u.rn IN (1 + s.n % 4, 1 + (s.n + 1) % 4))) m
     WHERE s.kind = 'key'`,
  );

  // Findings (3–6) for every evaluation that reached the draft (key) or the rating (self); rectification items for
  // those of evaluations in rectification or closed after it; document requests (5–8) from fieldwork on.
  const REACHED_DRAFT = `(s.kind = 'key' AND s.state IN ('draft_review','draft_for_comment','adjudication','final_review','published','rectification','closed')) OR (s.kind = 'self' AND s.state IN ('rectification','closed'))`;
  const { FINDING_TEXTS } = { FINDING_TEXTS: [['预算管理', '预算编制不够精准', '年中预算调整幅度较大。', '预算编制论证不充分。', '加强预算编制前期论证。'], ['资产管理', '固定资产账实不符', '部分设备已报废未及时核销。', '资产清查制度执行不到位。', '开展资产清查，及时办理报废核销。'], ['政府采购', '部分采购项目未编制采购计划', '服务类采购项目未按规定编制采购计划。', '对采购管理规定掌握不够。', '严格执行政府采购计划管理。'], ['绩效管理', '绩效目标设置不够细化', '部分指标以定性表述为主。', '目标编制缺乏业务科室参与。', '细化量化绩效指标。'], ['财务管理', '公务卡结算执行不到位', '部分差旅费以现金报销。', '公务卡强制结算目录宣传不够。', '严格执行公务卡强制结算目录。'], ['合同管理', '合同履约验收记录不完整', '运维服务合同缺少阶段性验收记录。', '履约监管责任不明确。', '建立合同履约台账。']] };
  await step(
    'findings',
    `INSERT INTO findings (evaluation_id, seq, category, title, description, cause_analysis, recommendation, answer, answered_at, adjudication, created_by, created_at)
     SELECT s.id, f, t.category, t.title, t.description, t.cause, t.recommendation,
       CASE WHEN s.state NOT IN ('draft_review','draft_for_comment') THEN CASE WHEN (s.n + f) % 5 = 0 THEN 'disputed' ELSE 'accepted' END END,
       CASE WHEN s.state NOT IN ('draft_review','draft_for_comment') THEN s.started_at + interval '45 days' END,
       CASE WHEN s.state NOT IN ('draft_review','draft_for_comment','adjudication') AND (s.n + f) % 5 = 0 THEN 'upheld' END,
       COALESCE((SELECT a.user_id FROM seed_actors a WHERE a.organisation_id = COALESCE(s.firm_id, s.bureau_id) AND a.role IN ('evaluation_lead','finance_officer') LIMIT 1), $2::uuid),
       s.started_at + interval '30 days'
     FROM seed_subjects s CROSS JOIN LATERAL generate_series(1, 3 + s.n % 4) f
     JOIN jsonb_to_recordset($1::jsonb) AS t(i int, category text, title text, description text, cause text, recommendation text) ON t.i = (s.n + f) % 6
     WHERE ${REACHED_DRAFT}`,
    [JSON.stringify(FINDING_TEXTS.map(([category, title, description, cause, recommendation], i) => ({ i, category, title, description, cause, recommendation }))), officer],
  );
  await step(
    'rectification items',
    `INSERT INTO rectification_items (evaluation_id, finding_id, state, measures, responsible_unit, owner_user_id, due_on, created_at, state_changed_at)
     SELECT f.evaluation_id, f.id,
       CASE WHEN s.state = 'closed' THEN CASE WHEN (s.n + f.seq) % 7 = 0 THEN 'carried_over' ELSE 'verified' END
            ELSE (ARRAY['open','plan_submitted','in_progress','submitted_for_verification','verified','returned','partly_rectified','carried_over'])[1 + (s.n + f.seq) % 8] END,
       CASE WHEN s.state = 'closed' OR (s.n + f.seq) % 8 <> 0 THEN f.recommendation END,
       CASE WHEN s.state = 'closed' OR (s.n + f.seq) % 8 <> 0 THEN '财务科' END,
       CASE WHEN f.seq % 2 = 0 THEN (SELECT a.user_id FROM seed_actors a WHERE a.organisation_id = s.department_id AND a.role = 'department_staff') END,
       (s.started_at + interval '200 days')::date, s.started_at + interval '120 days', now()
     FROM findings f JOIN seed_subjects s ON s.id = f.evaluation_id
     WHERE s.state IN ('rectification') OR (s.state = 'closed' AND s.kind = 'key') OR (s.state = 'closed' AND s.kind = 'self')`,
  );
  await step(
    'document requests',
    `INSERT INTO document_requests (evaluation_id, title, description, state, due_on, created_by, created_at, state_changed_at)
     SELECT s.id, (ARRAY['部门预算批复文件','年度决算报表','政府采购合同及验收资料','固定资产明细账','绩效目标申报表','项目实施方案','会计凭证（抽查）','内部控制制度汇编'])[1 + (s.n + r) % 8],
       '请提供纸质或电子版资料。',
       CASE WHEN s.state = 'fieldwork' THEN (ARRAY['requested','provided','partly_provided','not_provided','accepted','returned'])[1 + (s.n + r) % 6] ELSE 'accepted' END,
       (s.started_at + interval '40 days')::date,
       COALESCE((SELECT a.user_id FROM seed_actors a WHERE a.organisation_id = s.firm_id AND a.role = 'evaluation_lead'), $1::uuid),
       s.started_at + interval '28 days', now()
     FROM seed_subjects s CROSS JOIN LATERAL generate_series(1, 5 + s.n % 4) r
     WHERE s.kind = 'key' AND s.state IN ('fieldwork','draft_review','draft_for_comment','adjudication','final_review','published','rectification','closed')`,
    [officer],
  );
  // Item and request subjects beside the evaluations (variant, start), in the same table.
  await step(
    'item subjects',
    `INSERT INTO seed_subjects (id, kind, state, department_id, bureau_id, firm_id, audit_id, workflow, started_at, variant, n)
     SELECT ri.id, s.kind, ri.state, s.department_id, s.bureau_id, s.firm_id, s.audit_id, 'rectification_item', s.started_at + interval '120 days', CASE WHEN (s.n + f.seq) % 3 = 0 THEN 1 ELSE 0 END, s.n
     FROM rectification_items ri JOIN findings f ON f.id = ri.finding_id JOIN seed_subjects s ON s.id = ri.evaluation_id
     UNION ALL
     SELECT dr.id, s.kind, dr.state, s.department_id, s.bureau_id, s.firm_id, s.audit_id, 'document_request', s.started_at + interval '28 days', CASE WHEN s.n % 5 = 0 THEN 1 ELSE 0 END, s.n
     FROM document_requests dr JOIN seed_subjects s ON s.id = dr.evaluation_id`,
  );

  // History: one row per step of each record's path, by the party the step's permit names, a week apart (items
  // three weeks apart, requests two days apart), never in the future.
  await db.query(`ALTER TABLE seed_subjects ADD COLUMN evaluation_id uuid`);
  await db.query(`UPDATE seed_subjects ss SET evaluation_id = COALESCE(ri.evaluation_id, dr.evaluation_id, ss.id) FROM seed_subjects s LEFT JOIN rectification_items ri ON ri.id = s.id LEFT JOIN document_requests dr ON dr.id = s.id WHERE ss.id = s.id`);
  await db.query(`ANALYZE seed_subjects`);
  await withoutIndexes('workflow_history', async () => {
  await step(
    'history',
    `INSERT INTO workflow_history (aggregate_type, aggregate_id, evaluation_id, seq, action, from_state, to_state, actor_id, actor_name, actor_roles, organisation_id, organisation_name, comment, parameters, created_at)
     SELECT CASE WHEN s.workflow LIKE 'evaluation_%' THEN 'evaluation' ELSE s.workflow END, s.id, s.evaluation_id, p.seq, p.action, p.from_state, p.to_state,
       a.user_id, a.display_name, a.roles, a.organisation_id, a.organisation_name,
       CASE WHEN p.action LIKE 'return%' THEN '请补充完善后重新提交。' END, '{}'::jsonb,
       least(s.started_at + p.seq * CASE s.workflow WHEN 'rectification_item' THEN interval '21 days' WHEN 'document_request' THEN interval '2 days' ELSE interval '7 days' END + (s.n % 480) * interval '1 minute', now() - interval '1 hour')
     FROM seed_subjects s
     JOIN seed_paths p ON p.workflow = s.workflow AND p.state = s.state AND p.variant = CASE WHEN s.state = 'cancelled' THEN s.variant ELSE least(s.variant, 1) END
     JOIN seed_actors a ON a.organisation_id = CASE p.relation WHEN 'commissioning_bureau' THEN s.bureau_id WHEN 'jurisdiction' THEN s.audit_id WHEN 'assigned_lead' THEN s.firm_id WHEN 'assigned_member' THEN s.firm_id ELSE s.department_id END
       AND a.role = p.role
     ORDER BY s.evaluation_id, 1, s.id, p.seq`,
  );
  });
  // Each record's version is its number of steps + 1; its state changed at its last step.
  for (const [table, type] of [['evaluations', 'evaluation'], ['rectification_items', 'rectification_item'], ['document_requests', 'document_request']]) {
    await step(
      `${table} versions`,
      `UPDATE ${table} t SET version = h.steps + 1, state_changed_at = h.last_at ${table === 'evaluations' ? ', updated_at = h.last_at' : ''}
       FROM (SELECT aggregate_id, count(*)::int AS steps, max(created_at) AS last_at FROM workflow_history WHERE aggregate_type = '${type}' GROUP BY aggregate_id) h
       WHERE t.id = h.aggregate_id`,
    );
  }
  // The outbox: the notices of each evaluation step, dispatched.
  await step(
    'outbox',
    `INSERT INTO outbox (aggregate_type, aggregate_id, history_id, effect, created_at, dispatched_at, attempts)
     SELECT h.aggregate_type, h.aggregate_id, h.id, jsonb_build_object('type', 'notify', 'action', h.action), h.created_at, h.created_at + interval '1 second', 1
     FROM workflow_history h JOIN seed_subjects s ON s.id = h.aggregate_id WHERE h.aggregate_type = 'evaluation'`,
  );
  // Deadlines: the running stage deadline of every open evaluation (some overdue), the plan deadline of open items,
  // the 提供期限 of open requests.
  await step(
    'deadlines',
    `INSERT INTO deadlines (subject_type, subject_id, key, kind, definition, due_on, status, started_on, owner_party)
     SELECT CASE WHEN s.workflow LIKE 'evaluation_%' THEN 'evaluation' ELSE s.workflow END, s.id, d.key, 'calendar',
       jsonb_build_object('kind', 'calendar', 'date', to_char(d.due, 'YYYY-MM-DD')), d.due, 'active', d.due - 30, d.owner
     FROM seed_subjects s CROSS JOIN LATERAL (
       SELECT CASE WHEN s.workflow = 'rectification_item' THEN 'rectification_plan' WHEN s.workflow = 'document_request' THEN 'provide'
                   WHEN s.state IN ('commissioned','self_evaluation') THEN 'self_evaluation' WHEN s.state IN ('self_evaluation_review','submitted','review') THEN 'self_evaluation_review'
                   WHEN s.state IN ('fieldwork','draft_review') THEN 'fieldwork' WHEN s.state IN ('draft_for_comment') THEN 'comment_period' WHEN s.state = 'adjudication' THEN 'adjudication' ELSE 'final_review' END AS key,
              CASE WHEN s.state IN ('fieldwork','draft_review','adjudication') THEN 'lead' WHEN s.state IN ('self_evaluation_review','submitted','review','final_review') THEN 'bureau_finance' ELSE 'department' END AS owner,
              (now() AT TIME ZONE 'Asia/Shanghai')::date + (s.n % 91 - 30) AS due) d
     WHERE s.state IN ('commissioned','self_evaluation','self_evaluation_review','submitted','review','fieldwork','draft_review','draft_for_comment','adjudication','final_review',
                       'open','plan_submitted','in_progress','returned','partly_rectified','requested')
       AND NOT (s.workflow = 'document_request' AND s.state = 'returned')`,
  );
  // Tasks: the open ones of every record's state (as the migration's backfill and the runner's sync make them),
  // and the closed ones of every earlier step (what the table holds after years of use).
  await db.query(`CREATE INDEX ON seed_parties (workflow, state)`);
  await withoutIndexes('workflow_tasks', async () => {
  await step(
    'open tasks',
    `INSERT INTO workflow_tasks (subject_type, subject_id, evaluation_id, state, relation, roles, labels, opened_at)
     SELECT CASE WHEN s.workflow LIKE 'evaluation_%' THEN 'evaluation' ELSE s.workflow END, s.id, s.evaluation_id, s.state, p.relation, p.roles, p.labels,
       COALESCE((SELECT max(h.created_at) FROM workflow_history h WHERE h.aggregate_id = s.id AND h.aggregate_type = CASE WHEN s.workflow LIKE 'evaluation_%' THEN 'evaluation' ELSE s.workflow END), s.started_at)
     FROM seed_subjects s JOIN seed_parties p ON p.workflow = s.workflow AND p.state = s.state`,
  );
  await step(
    'closed tasks',
    `INSERT INTO workflow_tasks (subject_type, subject_id, evaluation_id, state, relation, roles, labels, opened_at, closed_at)
     SELECT h.aggregate_type, h.aggregate_id, h.evaluation_id, h.from_state, p.relation, p.roles, p.labels,
       least(COALESCE(h.prev_at, s.started_at), h.created_at), h.created_at
     FROM (SELECT h.*, lag(h.created_at) OVER (PARTITION BY h.aggregate_type, h.aggregate_id ORDER BY h.seq) AS prev_at FROM workflow_history h) h
     JOIN seed_subjects s ON s.id = h.aggregate_id
     JOIN seed_parties p ON p.workflow = s.workflow AND p.state = h.from_state`,
  );
  });
  // Notifications: the department head's notice of each evaluation step (read, except the last month's).
  await step(
    'notifications',
    `INSERT INTO notifications (user_id, kind, title, body, link, key, read_at, created_at)
     SELECT a.user_id, 'workflow', '评价项目状态变更', h.actor_name || '：' || h.action, '/evaluations/' || h.evaluation_id, 'scale:' || h.id,
       CASE WHEN h.created_at < now() - interval '30 days' THEN h.created_at + interval '1 day' END, h.created_at
     FROM workflow_history h JOIN seed_subjects s ON s.id = h.aggregate_id
     JOIN seed_actors a ON a.organisation_id = s.department_id AND a.role = 'department_head'
     WHERE h.aggregate_type = 'evaluation'`,
  );

  // Commission-ready drafts for the transitions benchmark: copies of the demo's draft (its framework, team, stage deadlines).
  if (options.drafts > 0) {
    const { rows: [demo] } = await db.query(`SELECT id FROM evaluations WHERE state = 'draft' AND reference NOT LIKE 'SC%' ORDER BY created_at LIMIT 1`);
    if (demo) {
      await step(
        'bench drafts',
        `INSERT INTO evaluations (reference, kind, scope, title, project_name, fiscal_year, department_id, commissioning_organisation_id, evaluator_organisation_id, framework_version_id, legal_basis, state, created_by)
         SELECT 'BENCH-' || lpad(n::text, 6, '0'), kind, scope, left(title || '（' || n || '）', 200), project_name, fiscal_year, department_id, commissioning_organisation_id, evaluator_organisation_id, framework_version_id, legal_basis, 'draft', created_by
         FROM evaluations e, generate_series(1, $2::int) n WHERE e.id = $1`,
        [demo.id, options.drafts],
      );
      await db.query(
        `INSERT INTO evaluation_team_members (evaluation_id, user_id, role)
         SELECT b.id, m.user_id, m.role FROM evaluations b, evaluation_team_members m WHERE b.reference LIKE 'BENCH-%' AND m.evaluation_id = $1`,
        [demo.id],
      );
      await db.query(
        `INSERT INTO deadlines (subject_type, subject_id, key, kind, definition, due_on, beyond_calendar, status, started_on, owner_party, owner_user_id)
         SELECT 'evaluation', b.id, d.key, d.kind, d.definition, d.due_on, d.beyond_calendar, d.status, d.started_on, d.owner_party, d.owner_user_id
         FROM evaluations b, deadlines d WHERE b.reference LIKE 'BENCH-%' AND d.subject_type = 'evaluation' AND d.subject_id = $1`,
        [demo.id],
      );
      await db.query(
        `INSERT INTO workflow_tasks (subject_type, subject_id, evaluation_id, state, relation, roles, labels)
         SELECT 'evaluation', b.id, b.id, 'draft', p.relation, p.roles, p.labels FROM evaluations b JOIN seed_parties p ON p.workflow = 'evaluation_' || b.kind AND p.state = 'draft' WHERE b.reference LIKE 'BENCH-%'`,
      );
    }
  }
  await db.query(`DROP TABLE seed_departments, seed_firms, seed_actors, seed_paths, seed_parties, seed_subjects`);
  await step('vacuum analyze', `VACUUM ANALYZE`);
  const { rows: [counts] } = await db.query(
    `SELECT (SELECT count(*)::int FROM regions) AS regions, (SELECT count(*)::int FROM organisations WHERE kind = 'department') AS departments,
       (SELECT count(*)::int FROM organisations) AS organisations, (SELECT count(*)::int FROM users) AS users,
       (SELECT count(*)::int FROM evaluations) AS evaluations, (SELECT count(*)::int FROM findings) AS findings,
       (SELECT count(*)::int FROM rectification_items) AS "rectification items", (SELECT count(*)::int FROM document_requests) AS "document requests",
       (SELECT count(*)::int FROM deadlines) AS deadlines, (SELECT count(*)::int FROM workflow_history) AS "history rows",
       (SELECT count(*)::int FROM outbox) AS outbox, (SELECT count(*)::int FROM notifications) AS notifications,
       (SELECT count(*)::int FROM workflow_tasks) AS tasks, (SELECT count(*)::int FROM workflow_tasks WHERE closed_at IS NULL) AS "open tasks",
       pg_size_pretty(pg_database_size(current_database())) AS "database size"`,
  );
  const { rows: byState } = await db.query(`SELECT kind, state, count(*)::int AS n FROM evaluations GROUP BY 1, 2 ORDER BY 1, 2`);
  counts.statesCovered = byState.length;
  return counts;
}

module.exports = { seed, args };

if (require.main === module) {
  const options = args(process.argv.slice(2));
  lib.ensureBuilt();
  seed(options)
    .then((counts) => {
      for (const [name, value] of Object.entries(counts)) lib.say(`${name}: ${typeof value === 'number' ? value.toLocaleString('en-US') : value}`);
      lib.say(`database ${options.database} is ready (tmp/bench/pg)`);
    })
    .catch((error) => {
      process.stderr.write(`seed:scale failed: ${error.stack ?? error}\n`);
      process.exit(1);
    });
}
