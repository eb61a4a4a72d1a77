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

/** GETs `path` as a blob (the bearer token, one refresh on 401), e.g. a file to preview in the page. */
export async function fetchBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  return (await authorisedFetch(path, { method: 'GET', signal })).blob();
}

export interface UploadProgress {
  loaded: number;
  /** 0 while the browser does not know the body's length yet. */
  total: number;
}

export interface XhrUploadOptions {
  /** Called as the request body goes out (XMLHttpRequest `upload.onprogress`; fetch cannot report it). */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

function parseErrorBody(xhr: XMLHttpRequest): ApiError {
  type ErrorBody = { code?: unknown; message?: unknown; details?: unknown } | null;
  const body = ((): ErrorBody => {
    try {
      return JSON.parse(xhr.responseText) as ErrorBody;
    } catch {
      return null;
    }
  })();
  const code = typeof body?.code === 'string' ? body.code : `HTTP_${xhr.status}`;
  const message = typeof body?.message === 'string' ? body.message : xhr.statusText;
  return new ApiError(xhr.status, code, message, body?.details);
}

function sendXhr(path: string, form: FormData, options: XhrUploadOptions): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new DOMException('上传已取消', 'AbortError'));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const token = getAccessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => options.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 });
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', '网络异常，上传中断'));
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/**
 * POSTs a multipart form through XMLHttpRequest so the caller can show the upload's progress; same token and one
 * refresh on 401 as the other calls (the form is sent again after the refresh). Throws ApiError on a refusal.
 */
export async function uploadWithProgress<T>(path: string, form: FormData, options: XhrUploadOptions = {}): Promise<T> {
  let xhr = await sendXhr(path, form, options);
  if (xhr.status === 401 && (await refreshSession())) {
    options.onProgress?.({ loaded: 0, total: 0 });
    xhr = await sendXhr(path, form, options);
  }
  if (xhr.status < 200 || xhr.status >= 300) throw parseErrorBody(xhr);
  return (xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T;
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
