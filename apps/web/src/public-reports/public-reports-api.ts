import { useQuery } from '@tanstack/react-query';
import type { PublicReportDetailDto, PublicReportPageDto } from '@evalflow/domain';
import { apiRequest, buildUrl } from '../api/api-client';

/** The public pages' filters (issue 12 §6): fiscal year, region (and below), department; paged. */
export interface PublicReportFilters {
  year?: number;
  regionId?: string;
  departmentId?: string;
  page: number;
}

/** No token is sent: these routes are public, and a signed-in visitor sees exactly what anyone sees. */
export function usePublicReports(filters: PublicReportFilters) {
  return useQuery({
    queryKey: ['public-reports', filters],
    queryFn: ({ signal }) => apiRequest<PublicReportPageDto>('/public/reports', { query: { ...filters, pageSize: 10 }, signal, anonymous: true, skipRefresh: true }),
  });
}

export function usePublicReport(id: string) {
  return useQuery({
    queryKey: ['public-reports', 'one', id],
    queryFn: ({ signal }) => apiRequest<PublicReportDetailDto>(`/public/reports/${id}`, { signal, anonymous: true, skipRefresh: true }),
    retry: false,
  });
}

/** A plain link: the PDF needs no token, so the browser downloads it itself. */
export const publicPdfUrl = (id: string) => buildUrl(`/public/reports/${id}/pdf`);
