import { creditCodeCheckCharacter, type OrganisationKind, type Role } from '@evalflow/domain';

/**
 * Demo data loaded on first start: the bodies named in the reference reports (长沙市人民政府办公厅, 浏阳市人民政府办公室,
 * 长沙市芙蓉区人民政府办公室 and their finance bureaus), an evaluation firm and an audit office, with a user per role.
 * The credit codes are made up (valid check characters, not the bodies' real codes).
 * docs/demo-accounts.json lists the same accounts; a spec keeps the two in step.
 */
export const DEMO_PASSWORD = 'Evalflow@2026';

export const DEMO_REGIONS = [
  { code: '430000', name: '湖南省', parent: null },
  { code: '430100', name: '长沙市', parent: '430000' },
  { code: '430102', name: '芙蓉区', parent: '430100' },
  { code: '430181', name: '浏阳市', parent: '430100' },
] as const;

interface DemoOrganisation {
  key: string;
  name: string;
  shortName: string;
  kind: OrganisationKind;
  region: string;
  /** 17 characters before the check character. */
  codeBody: string;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { key: 'cs-finance', name: '长沙市财政局', shortName: '市财政局', kind: 'finance_bureau', region: '430100', codeBody: '11430100MB1234560' },
  { key: 'cs-gov-office', name: '长沙市人民政府办公厅', shortName: '市政府办公厅', kind: 'department', region: '430100', codeBody: '11430100MB2345670' },
  { key: 'cs-audit', name: '长沙市审计局', shortName: '市审计局', kind: 'audit_office', region: '430100', codeBody: '11430100MB3456780' },
  { key: 'haoyuan', name: '湖南浩元会计师事务所', shortName: '浩元所', kind: 'evaluation_firm', region: '430100', codeBody: '91430100MA4B5C6D7' },
  { key: 'ly-finance', name: '浏阳市财政局', shortName: '浏阳财政局', kind: 'finance_bureau', region: '430181', codeBody: '11430181MB4567890' },
  { key: 'ly-gov-office', name: '浏阳市人民政府办公室', shortName: '浏阳市政府办', kind: 'department', region: '430181', codeBody: '11430181MB5678900' },
  { key: 'fr-gov-office', name: '长沙市芙蓉区人民政府办公室', shortName: '芙蓉区政府办', kind: 'department', region: '430102', codeBody: '11430102MB6789010' },
];

export const demoCreditCode = (organisation: DemoOrganisation) => organisation.codeBody + creditCodeCheckCharacter(organisation.codeBody);

export interface DemoUser {
  username: string;
  displayName: string;
  organisation: string;
  roles: Role[];
  email: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', organisation: 'cs-finance', roles: ['system_admin'], email: 'admin@evalflow.local' },
  { username: 'finance.admin', displayName: '周科长', organisation: 'cs-finance', roles: ['finance_admin'], email: 'zhou@cs-finance.evalflow.local' },
  { username: 'finance.officer', displayName: '李文', organisation: 'cs-finance', roles: ['finance_officer'], email: 'liwen@cs-finance.evalflow.local' },
  { username: 'eval.lead', displayName: '王建国', organisation: 'haoyuan', roles: ['evaluation_lead'], email: 'wang@haoyuan.evalflow.local' },
  { username: 'evaluator', displayName: '陈静', organisation: 'haoyuan', roles: ['evaluator'], email: 'chen@haoyuan.evalflow.local' },
  { username: 'dept.head', displayName: '刘主任', organisation: 'cs-gov-office', roles: ['department_head'], email: 'liu@cs-gov.evalflow.local' },
  { username: 'dept.staff', displayName: '张敏', organisation: 'cs-gov-office', roles: ['department_staff'], email: 'zhang@cs-gov.evalflow.local' },
  { username: 'auditor', displayName: '赵审计', organisation: 'cs-audit', roles: ['auditor'], email: 'zhao@cs-audit.evalflow.local' },
  { username: 'liuyang.admin', displayName: '汤科长', organisation: 'ly-finance', roles: ['finance_admin'], email: 'tang@ly-finance.evalflow.local' },
  { username: 'liuyang.officer', displayName: '黄浏', organisation: 'ly-finance', roles: ['finance_officer'], email: 'huang@ly-finance.evalflow.local' },
  { username: 'liuyang.head', displayName: '罗主任', organisation: 'ly-gov-office', roles: ['department_head'], email: 'luo@ly-gov.evalflow.local' },
  { username: 'liuyang.staff', displayName: '彭丽', organisation: 'ly-gov-office', roles: ['department_staff'], email: 'peng@ly-gov.evalflow.local' },
  { username: 'furong.head', displayName: '邓主任', organisation: 'fr-gov-office', roles: ['department_head'], email: 'deng@fr-gov.evalflow.local' },
  { username: 'furong.staff', displayName: '谢芳', organisation: 'fr-gov-office', roles: ['department_staff'], email: 'xie@fr-gov.evalflow.local' },
];
