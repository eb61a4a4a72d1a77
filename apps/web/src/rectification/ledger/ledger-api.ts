import { useQuery } from '@tanstack/react-query';
import { LEDGER_STATUS_IDS, type LedgerChartsDto, type LedgerPageDto, type LedgerStatus } from '@evalflow/domain';
import { api, type QueryParams } from '../../api/api-client';

/** The ledger's filters, as the address carries them (`/rectification-ledger?fiscalYear=2024&status=in_progress`). */
export interface LedgerFilterValues {
  evaluationId?: string;
  departmentId?: string;
  fiscalYear?: number;
  status?: LedgerStatus;
  overdue?: boolean;
  category?: string;
}

export const LEDGER_PATH = '/rectification-ledger';
const FILTER_KEYS = ['evaluationId', 'departmentId', 'fiscalYear', 'status', 'overdue', 'category'] as const;

export const ledgerKeys = {
  all: ['rectification-ledger'] as const,
  page: (filter: LedgerFilterValues, page: number, pageSize: number) => ['rectification-ledger', 'page', filter, page, pageSize] as const,
  charts: (filter: LedgerFilterValues) => ['rectification-ledger', 'charts', filter] as const,
};

/** Reads the filters from the address; anything malformed is ignored (the page then shows the whole ledger). */
export function filterFromSearch(params: URLSearchParams): LedgerFilterValues {
  const filter: LedgerFilterValues = {};
  const evaluationId = params.get('evaluationId');
  if (evaluationId) filter.evaluationId = evaluationId;
  const departmentId = params.get('departmentId');
  if (departmentId) filter.departmentId = departmentId;
  const year = Number(params.get('fiscalYear'));
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) filter.fiscalYear = year;
  const status = params.get('status');
  if (status && (LEDGER_STATUS_IDS as readonly string[]).includes(status)) filter.status = status as LedgerStatus;
  const overdue = params.get('overdue');
  if (overdue === 'true' || overdue === 'false') filter.overdue = overdue === 'true';
  const category = params.get('category')?.trim();
  if (category) filter.category = category;
  return filter;
}

export function filterToQuery(filter: LedgerFilterValues): QueryParams {
  const query: QueryParams = {};
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined && value !== '') query[key] = String(value);
  }
  return query;
}

/** The same filters as a query string (the Excel export, a link from an evaluation). */
export function filterToSearch(filter: LedgerFilterValues): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filterToQuery(filter))) if (value !== undefined && value !== null) params.set(key, String(value));
  const search = params.toString();
  return search ? `?${search}` : '';
}

export const ledgerLink = (filter: LedgerFilterValues) => `${LEDGER_PATH}${filterToSearch(filter)}`;
export const ledgerExportPath = (filter: LedgerFilterValues) => `/rectification-ledger/export.xlsx${filterToSearch(filter)}`;

export function useLedgerPage(filter: LedgerFilterValues, page: number, pageSize: number) {
  return useQuery({
    queryKey: ledgerKeys.page(filter, page, pageSize),
    queryFn: ({ signal }) => api.get<LedgerPageDto>(LEDGER_PATH, { ...filterToQuery(filter), page, pageSize }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useLedgerCharts(filter: LedgerFilterValues) {
  return useQuery({
    queryKey: ledgerKeys.charts(filter),
    queryFn: ({ signal }) => api.get<LedgerChartsDto>(`${LEDGER_PATH}/charts`, filterToQuery(filter), signal),
  });
}
