/**
 * The routes anyone may call without a token: sign-in, token refresh, the health check and the published reports
 * (issue 12 §6). Every other route answers 401 without one (tests/integration/report-publication.test.ts calls each);
 * the OpenAPI suite checks these declare `security: []`.
 */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set([
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'GET /api/health',
  'GET /api/public/reports',
  'GET /api/public/reports/{id}',
  'GET /api/public/reports/{id}/pdf',
]);
