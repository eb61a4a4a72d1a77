import { rulesToCondition } from '@casl/ability/extra';
import type { Action, AppAbility, SubjectName } from '@evalflow/domain';

/**
 * Turns the CASL rules for (action, subject) into a SQL condition, so lists are filtered by the same rules that
 * guard single records. Supports the operators our rules use (equality, $in; equality on an array column means
 * "contains", $in on one "overlaps") and refuses anything else: an unknown operator must fail closed, not widen access.
 */
export type SqlFilter = { kind: 'all' } | { kind: 'none' } | { kind: 'where'; sql: string; params: unknown[] };

export interface ColumnMap {
  [field: string]: { sql: string; array?: boolean; members?: ColumnMembers };
}

/**
 * An array field whose elements are rows of another table (an evaluation's team members): tested with EXISTS over
 * those rows — `from` is the correlated FROM … WHERE of the rows, `element` their value — instead of building the
 * array of every candidate row, so an index on the element (evaluation_team_user_idx) finds the few matching rows.
 */
export interface ColumnMembers {
  from: string;
  element: string;
}

const ALWAYS = 'TRUE';

export function permittedFilter(ability: AppAbility, action: Action, subject: SubjectName, columns: ColumnMap): SqlFilter {
  const params: unknown[] = [];
  const placeholder = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditionSql = (conditions: Record<string, unknown>) =>
    Object.entries(conditions)
      .map(([field, value]) => fieldSql(field, value, columns, placeholder))
      .join(' AND ') || ALWAYS;
  const sql = rulesToCondition(
    ability.rulesFor(action, subject),
    (rule) => {
      const condition = conditionSql(rule.conditions as Record<string, unknown>);
      return rule.inverted ? `NOT (${condition})` : `(${condition})`;
    },
    { and: (parts) => `(${parts.join(' AND ')})`, or: (parts) => `(${parts.join(' OR ')})`, empty: () => ALWAYS },
  );
  if (sql === null) return { kind: 'none' };
  if (sql === ALWAYS) return { kind: 'all' };
  return { kind: 'where', sql, params };
}

function fieldSql(field: string, value: unknown, columns: ColumnMap, placeholder: (value: unknown) => string): string {
  // Own keys only: a field such as "constructor" must not pick up Object.prototype members and slip through.
  const column = Object.hasOwn(columns, field) ? columns[field] : undefined;
  if (!column) throw new Error(`no column mapped for permission field "${field}"`);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length !== 1 || entries[0][0] !== '$in') throw new Error(`unsupported permission operator on "${field}"`);
    const list = entries[0][1] as unknown[];
    if (column.members) return `EXISTS (SELECT 1 FROM ${column.members.from} AND ${column.members.element} = ANY(${placeholder(list)}))`;
    return column.array ? `${column.sql} && ${placeholder(list)}` : `${column.sql} = ANY(${placeholder(list)})`;
  }
  if (column.members) return `EXISTS (SELECT 1 FROM ${column.members.from} AND ${column.members.element} = ${placeholder(value)})`;
  return column.array ? `${placeholder(value)} = ANY(${column.sql})` : `${column.sql} = ${placeholder(value)}`;
}
