import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AttachmentDto, AttachmentSubjectType, HistoryAttachmentDto } from '@evalflow/domain';
import { api } from '../api/api-client';
import { downloadFile, fetchBlob, uploadWithProgress, type UploadProgress } from '../api/file-transfer';

/*
 * The attachment routes (/api/attachments…): a file evidences one record (a subject). The shapes are the shared
 * `attachmentSchema` (libs/domain); the server decides who may read, upload and withdraw.
 */

export type { AttachmentDto, AttachmentSubjectType };
export type AttachmentStatus = AttachmentDto['status'];
export type AttachmentScanStatus = AttachmentDto['scanStatus'];

/** What a history entry says of the files of its step (enough to download or preview them). */
export type AttachmentRef = HistoryAttachmentDto;

export interface AttachmentSubject {
  subjectType: AttachmentSubjectType;
  subjectId: string;
}

export const attachmentKeys = {
  all: ['attachments'] as const,
  of: ({ subjectType, subjectId }: AttachmentSubject) => ['attachments', subjectType, subjectId] as const,
};

const contentPath = (id: string) => `/attachments/${encodeURIComponent(id)}/content`;

export function useAttachments(subject: AttachmentSubject) {
  return useQuery({
    queryKey: attachmentKeys.of(subject),
    queryFn: ({ signal }) => api.get<{ items: AttachmentDto[] }>('/attachments', { subjectType: subject.subjectType, subjectId: subject.subjectId }, signal),
  });
}

/**
 * After a file changes: the subject's list, and every record's actions (a guard such as "materials recorded" may read
 * the files; the actions queries end in 'actions', see workflow-api).
 */
export function useRefreshAttachments(subject: AttachmentSubject) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: attachmentKeys.of(subject) }),
      queryClient.invalidateQueries({ predicate: (query) => query.queryKey[query.queryKey.length - 1] === 'actions' }),
    ]);
}

/** POST /attachments?subjectType&subjectId with one file (one request per file, so each has its own progress and result). */
export function uploadAttachment(subject: AttachmentSubject, file: File, onProgress?: (progress: UploadProgress) => void, signal?: AbortSignal) {
  const form = new FormData();
  form.append('file', file, file.name);
  const query = new URLSearchParams({ subjectType: subject.subjectType, subjectId: subject.subjectId });
  return uploadWithProgress<{ items: AttachmentDto[] }>(`/attachments?${query.toString()}`, form, { onProgress, signal });
}

/** POST /attachments/:id/versions: a new version of the file; the old one becomes superseded (still downloadable). */
export function uploadAttachmentVersion(id: string, file: File, onProgress?: (progress: UploadProgress) => void, signal?: AbortSignal) {
  const form = new FormData();
  form.append('file', file, file.name);
  return uploadWithProgress<AttachmentDto>(`/attachments/${encodeURIComponent(id)}/versions`, form, { onProgress, signal });
}

export function useWithdrawAttachment(subject: AttachmentSubject) {
  const refresh = useRefreshAttachments(subject);
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => api.post<AttachmentDto>(`/attachments/${encodeURIComponent(id)}/withdraw`, { reason }),
    onSettled: () => refresh(),
  });
}

/** Saves the file under its own name (fetched with the token; never a bare link). */
export function downloadAttachment(file: Pick<AttachmentRef, 'id' | 'fileName'>): Promise<void> {
  return downloadFile(contentPath(file.id), file.fileName);
}

/** What the page can show itself: raster images in an <img>, PDF in the browser's viewer. Never HTML or SVG. */
export type PreviewKind = 'image' | 'pdf' | null;

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp'];

export function previewKindOf(mediaType: string): PreviewKind {
  const type = mediaType.toLowerCase().split(';')[0].trim();
  if (IMAGE_TYPES.includes(type)) return 'image';
  if (type === 'application/pdf') return 'pdf';
  return null;
}

/**
 * The file's bytes as an object URL for the preview, typed by what the page will render (so the browser can never
 * take it for a page of ours). The caller revokes it.
 */
export async function previewUrl(file: Pick<AttachmentRef, 'id' | 'mediaType'>, signal?: AbortSignal): Promise<string> {
  const kind = previewKindOf(file.mediaType);
  if (!kind) throw new Error('not previewable');
  const blob = await fetchBlob(contentPath(file.id), signal);
  return URL.createObjectURL(new Blob([blob], { type: kind === 'pdf' ? 'application/pdf' : file.mediaType.split(';')[0].trim() }));
}

/** 12.3 KB / 4.5 MB. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
