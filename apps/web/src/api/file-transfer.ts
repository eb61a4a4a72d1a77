import { buildUrl, refreshSession } from './api-client';
import { ApiError } from './api-error';
import { getAccessToken } from '../auth/session-store';

/* Files (workbooks, uploads): the JSON client sends JSON only, so files go through fetch here (same token, one refresh on 401). */

async function authorisedFetch(path: string, init: RequestInit): Promise<Response> {
  const send = () => {
    const token = getAccessToken();
    return fetch(buildUrl(path), { ...init, credentials: 'include', headers: token ? { Authorization: `Bearer ${token}` } : {} });
  };
  let response = await send();
  if (response.status === 401 && (await refreshSession())) response = await send();
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { code?: string; message?: string; details?: unknown } | null;
    throw new ApiError(response.status, body?.code ?? `HTTP_${response.status}`, body?.message ?? response.statusText, body?.details);
  }
  return response;
}

/** POSTs one file as multipart field `file` and returns the JSON answer. */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file);
  return (await authorisedFetch(path, { method: 'POST', body: form })).json() as Promise<T>;
}

/** Downloads `path` and saves it under `filename` (the browser's own save dialog). */
export async function downloadFile(path: string, filename: string): Promise<void> {
  saveBlob(await (await authorisedFetch(path, { method: 'GET' })).blob(), filename);
}

/** Saves data made in the browser (e.g. a JSON export) under `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
