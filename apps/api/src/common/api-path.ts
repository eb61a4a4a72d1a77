/**
 * Whether a request path belongs to the API. Express routes without regard to case, so `/API/health` reaches the
 * API's handlers; the web app's fallback must agree, or it would answer such a path with index.html (200, HTML).
 */
export function isApiPath(path: string): boolean {
  return /^\/api(\/|$)/i.test(path);
}
