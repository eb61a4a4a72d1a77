/** Roles a user can hold (角色). Codes are stable API values; labels are what people read. */
export const ROLES = [
  'system_admin',
  'finance_admin',
  'finance_officer',
  'evaluation_lead',
  'evaluator',
  'department_head',
  'department_staff',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  system_admin: { zh: '系统管理员', en: 'System administrator' },
  finance_admin: { zh: '绩效科负责人', en: 'Finance admin' },
  finance_officer: { zh: '财政绩效管理人员', en: 'Finance officer' },
  evaluation_lead: { zh: '评价组组长', en: 'Evaluation lead' },
  evaluator: { zh: '评价人员', en: 'Evaluator' },
  department_head: { zh: '部门负责人', en: 'Department head' },
  department_staff: { zh: '部门经办人员', en: 'Department staff' },
  auditor: { zh: '审计监督人员', en: 'Auditor' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
