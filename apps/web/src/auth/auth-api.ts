import type { LoginRequest, LoginResponse } from '@evalflow/domain';
import { apiRequest } from '../api/api-client';
import { endSession, startSession } from './session-store';

export async function login(credentials: LoginRequest): Promise<LoginResponse> {
  const response = await apiRequest<LoginResponse>('/auth/login', { method: 'POST', body: credentials, skipRefresh: true, anonymous: true });
  startSession(response);
  return response;
}

/**
 * Ends the session on the server (best effort) and forgets it locally either way. Logout needs a valid access token,
 * so an expired one is refreshed first like for any other call.
 */
export async function logout(): Promise<void> {
  try {
    await apiRequest<void>('/auth/logout', { method: 'POST', body: {} });
  } finally {
    endSession();
  }
}
