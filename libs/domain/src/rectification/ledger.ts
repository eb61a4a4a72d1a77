/*
 * 整改台账 (the rectification ledger): the columns and the status words people keep by hand (DOMAIN §8), computed from
 * the rectification-item lifecycle. Pure: the API counts in SQL with the same mapping (`LEDGER_STATUS_SQL`).
 */

/** The ledger's 整改状态, in the order a ledger lists them. 已结转 is an item handed to next year's evaluation. */
export const LEDGER_STATUSES = [
  { id: 'not_started', zh: '未整改' },
  { id: 'in_progress', zh: '整改中' },
  { id: 'partly_rectified', zh: '部分整改' },
  { id: 'rectified', zh: '已整改' },
  { id: 'carried_over', zh: '已结转' },
] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number]['id'];
export const LEDGER_STATUS_IDS = LEDGER_STATUSES.map((status) => status.id) as [LedgerStatus, ...LedgerStatus[]];

/** Lifecycle state → ledger status. Every state of the rectification-item lifecycle is listed (a spec checks it). */
export const LEDGER_STATUS_OF_STATE: Readonly<Record<string, LedgerStatus>> = {
  open: 'not_started',
  plan_submitted: 'not_started',
  in_progress: 'in_progress',
  submitted_for_verification: 'in_progress',
  returned: 'in_progress',
  partly_rectified: 'partly_rectified',
  verified: 'rectified',
  carried_over: 'carried_over',
};

export function ledgerStatusOf(state: string): LedgerStatus {
  const status = LEDGER_STATUS_OF_STATE[state];
  if (!status) throw new Error(`no ledger status for rectification state "${state}"`);
  return status;
}

export function ledgerStatusLabel(status: LedgerStatus): string {
  return LEDGER_STATUSES.find((entry) => entry.id === status)!.zh;
}

/** The lifecycle states a ledger status stands for (a filter by status is a filter by these states). */
export function statesOfLedgerStatus(status: LedgerStatus): string[] {
  return Object.entries(LEDGER_STATUS_OF_STATE)
    .filter(([, of]) => of === status)
    .map(([state]) => state);
}

/** The SQL CASE of the same mapping, over a column holding the lifecycle state. */
export function ledgerStatusSql(stateColumn: string): string {
  const whens = Object.entries(LEDGER_STATUS_OF_STATE).map(([state, status]) => `WHEN '${state}' THEN '${status}'`);
  return `CASE ${stateColumn} ${whens.join(' ')} END`;
}

/**
 * 整改完成率 = closed ÷ all items due (DOMAIN §8). An item is due once its 整改时限 has come (today or earlier), or
 * once it is closed whatever its date — an item closed early is due and done, so the rate never passes 100 %.
 * Carried-over items count as due and not closed, whatever their date: handed to next year, they were not rectified
 * in their period. Null when nothing is due yet. Rounded to 0.1 %.
 */
export function completionRate(closed: number, due: number): number | null {
  if (due <= 0) return null;
  return Math.round((closed / due) * 1000) / 10;
}

/** An item is due on `today` when closed or carried over (its period is over either way), or when its date has come. */
export function isDue(item: { status: LedgerStatus; dueOn: string | null }, today: string): boolean {
  return item.status === 'rectified' || item.status === 'carried_over' || (item.dueOn !== null && item.dueOn <= today);
}

/** Average whole days from opening to 销号, over the closed items; null when none is closed. Rounded to 0.1 day. */
export function averageDaysToClose(days: readonly number[]): number | null {
  if (!days.length) return null;
  return Math.round((days.reduce((sum, d) => sum + d, 0) / days.length) * 10) / 10;
}
