import type { LoginResponse } from '@evalflow/domain';
import { endSession, getAccessToken, startSession } from '../auth/session-store';
import { ApiError } from './api-error';

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: QueryParams;
  signal?: AbortSignal;
  /** Do not try to refresh the session on 401 (login, refresh and logout themselves). */
  skipRefresh?: boolean;
  /** Send no Authorization header (login and refresh authenticate by password or cookie). */
  anonymous?: boolean;
}

const API_PREFIX = '/api';
const REFRESH_LOCK = 'evalflow-session-refresh';

export function buildUrl(path: string, query?: QueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_PREFIX}${path}${search ? `?${search}` : ''}`;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = options.anonymous ? null : getAccessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'include',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : 'network error');
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { code?: unknown; message?: unknown; details?: unknown } | null;
  const code = typeof body?.code === 'string' ? body.code : `HTTP_${response.status}`;
  const message = typeof body?.message === 'string' ? body.message : response.statusText;
  return new ApiError(response.status, code, message, body?.details);
}

async function parse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

let refreshInFlight: Promise<boolean> | null = null;

/** Why the last refresh was refused for too many requests from this address, and when it may be tried again. */
export interface RefreshRefusal {
  message: string;
  retryAt: number;
}
let refreshRefusal: RefreshRefusal | null = null;

/** Set when the server refused to restore the session for now (429): the sign-in page says why and retries. */
export function getRefreshRefusal(): RefreshRefusal | null {
  return refreshRefusal;
}

async function refreshOnce(): Promise<boolean> {
  const response = await send('/auth/refresh', { method: 'POST', body: {}, skipRefresh: true, anonymous: true }).catch(() => null);
  if (response?.status === 429) {
    const error = await toApiError(response);
    const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    refreshRefusal = { message: error.message, retryAt: Date.now() + (typeof seconds === 'number' ? seconds : 60) * 1000 };
    endSession();
    return false;
  }
  refreshRefusal = null;
  if (!response?.ok) {
    endSession();
    return false;
  }
  startSession(await parse<LoginResponse>(response));
  return true;
}

/**
 * Exchanges the httpOnly refresh cookie for a new access token. Single-flight within the page; across tabs a Web
 * Lock serialises the calls so two tabs never present the same (rotated) refresh token at once.
 */
export function refreshSession(): Promise<boolean> {
  refreshInFlight ??= (async () => {
    try {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      return locks ? await locks.request(REFRESH_LOCK, refreshOnce) : await refreshOnce();
    } finally {
      refreshInFlight = null;
    }
  })();
  return refreshInFlight;
}

/** Calls the API; on 401 refreshes the session once and retries; throws ApiError on any other failure. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(path, options);
  if (response.status === 401 && !options.skipRefresh) {
    if (await refreshSession()) response = await send(path, options);
  }
  if (!response.ok) throw await toApiError(response);
  return parse<T>(response);
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
};
