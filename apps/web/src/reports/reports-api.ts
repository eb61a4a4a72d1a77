import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReportComparisonDto, ReportDocumentDetailDto, ReportDocumentDto, ReportTemplatesDto, ReportTemplateVersionDto } from '@evalflow/domain';
import { api } from '../api/api-client';
import { downloadFile, uploadFile } from '../api/file-transfer';
import { evaluationKeys, evaluationPath } from '../evaluations/evaluations-api';

/* 评价报告 (issue 12): the versions of an evaluation's report, one version's model, the comparison, the bureau's templates. */

const reportKeys = {
  list: (evaluationId: string) => [...evaluationKeys.detail(evaluationId), 'reports'] as const,
  one: (evaluationId: string, id: string) => [...evaluationKeys.detail(evaluationId), 'reports', id] as const,
  compare: (evaluationId: string, from: string, to: string) => [...evaluationKeys.detail(evaluationId), 'reports', 'compare', from, to] as const,
  templates: ['report-templates'] as const,
};

/** The PDF is made within two minutes of its Word file (the server's time limit); past that it is not coming. */
const PDF_WAIT_MS = 3 * 60_000;

/**
 * A version its render job is still working on: rendering, or ready as Word while its PDF is being made (for at
 * most PDF_WAIT_MS: a process that stopped while printing leaves the stage behind, and the page stops polling).
 */
export const isRendering = (d: ReportDocumentDto) =>
  d.status === 'rendering' || (d.status === 'ready' && d.progress.stage !== 'done' && (!d.renderedAt || Date.now() - Date.parse(d.renderedAt) < PDF_WAIT_MS));

/** The versions, newest first; polled every 1.5 s while the queue job of one is still working (its progress). */
export function useReportDocuments(evaluationId: string) {
  return useQuery({
    queryKey: reportKeys.list(evaluationId),
    queryFn: ({ signal }) => api.get<{ items: ReportDocumentDto[] }>(evaluationPath(evaluationId, '/reports'), undefined, signal),
    refetchInterval: (query) => (query.state.data?.items.some(isRendering) ? 1500 : false),
    retry: false,
  });
}

export function useReportDocument(evaluationId: string, id: string | null) {
  return useQuery({
    queryKey: reportKeys.one(evaluationId, id ?? ''),
    queryFn: ({ signal }) => api.get<ReportDocumentDetailDto>(evaluationPath(evaluationId, `/reports/${encodeURIComponent(id!)}`), undefined, signal),
    enabled: !!id,
  });
}

export function useReportComparison(evaluationId: string, from: string | null, to: string | null) {
  return useQuery({
    queryKey: reportKeys.compare(evaluationId, from ?? '', to ?? ''),
    queryFn: ({ signal }) => api.get<ReportComparisonDto>(evaluationPath(evaluationId, '/reports/compare'), { from: from!, to: to! }, signal),
    enabled: !!from && !!to && from !== to,
  });
}

export const reportFileName = (d: ReportDocumentDto, ext: 'docx' | 'pdf') => `${d.kindLabel}第${d.version}版.${ext}`;

export function downloadReportDocx(evaluationId: string, d: ReportDocumentDto): Promise<void> {
  return downloadFile(evaluationPath(evaluationId, `/reports/${encodeURIComponent(d.id)}/docx`), reportFileName(d, 'docx'));
}

/** The PDF of a final report (issue 12 §3, printed once the final document is ready). */
export function downloadReportPdf(evaluationId: string, d: ReportDocumentDto): Promise<void> {
  return downloadFile(evaluationPath(evaluationId, `/reports/${encodeURIComponent(d.id)}/pdf`), reportFileName(d, 'pdf'));
}

export function useReportTemplates(enabled = true) {
  return useQuery({
    queryKey: reportKeys.templates,
    queryFn: ({ signal }) => api.get<ReportTemplatesDto>('/report-templates', undefined, signal),
    enabled,
  });
}

export function useUploadReportTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadFile<ReportTemplateVersionDto>('/report-templates', file),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reportKeys.templates }),
  });
}

export const downloadBuiltinTemplate = () => downloadFile('/report-templates/builtin/docx', '绩效评价报告模板（内置）.docx');
export const downloadTemplateVersion = (v: ReportTemplateVersionDto) => downloadFile(`/report-templates/${encodeURIComponent(v.id)}/docx`, v.fileName);
export function downloadTemplatePreview(evaluationId: string, versionId: string | null, name: string): Promise<void> {
  const query = new URLSearchParams({ evaluationId, ...(versionId ? { versionId } : {}) });
  return downloadFile(`/report-templates/preview?${query.toString()}`, `${name}（模板预览）.docx`);
}
