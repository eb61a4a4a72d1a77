import { z } from 'zod';

/**
 * Every setting the API reads, validated once at start. A bad variable stops the process with a message that
 * names it; nothing reads process.env elsewhere.
 */
const urlWithProtocols = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol.replace(':', ''));
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => p + '://').join(' or ')}`);

const port = z.coerce.number().int().min(0, 'a port is 0–65535').max(65535, 'a port is 0–65535');
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  /** Unset: 3000, or a free port when another program holds 3000 (the banner says which). */
  PORT: port.optional(),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: urlWithProtocols(['postgres', 'postgresql']).optional(),
  REDIS_URL: urlWithProtocols(['redis', 'rediss']).optional(),
  SMTP_URL: urlWithProtocols(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().default('Evalflow 预算绩效评价 <noreply@evalflow.local>'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt(14),
  LOGIN_MAX_FAILURES: positiveInt(5),
  LOGIN_LOCK_MINUTES: positiveInt(15),
  /** Sign-ins per minute per address (a whole office shares one); refreshes get ten times as many. */
  AUTH_RATE_LIMIT_PER_MINUTE: positiveInt(120),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/, 'like 1mb or 512kb').default('1mb'),
  EVALFLOW_DATA_DIR: z.string().default('.data'),
  /** Ports of the embedded services (unset: 54329, 1025 and 1080, or free ones when those are taken). */
  EMBEDDED_PG_PORT: port.optional(),
  MAIL_SINK_SMTP_PORT: port.optional(),
  MAIL_SINK_WEB_PORT: port.optional(),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ and -').default('evalflow'),
  WORKER_MODE: z.enum(['inline', 'off']).default('inline'),
  /** How long a recipient's reminders gather before their one mail goes out (docs/reminders.md). */
  REMINDER_MAIL_WINDOW_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Jobs of the `reminders` queue (reminders, mail runs, plans, timers) and of the `mail` queue each process runs at once. */
  REMINDERS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /**
   * Lifecycle timers (issue 12 §4, docs/reports.md): when a timed deadline has passed (the comment period), the
   * system fires the state's timer action. 'off' leaves them to people (the integration suites, whose fixtures put
   * the comment period in the past, switch it off unless they test it). The sweep looks for passed deadlines this often.
   */
  WORKFLOW_TIMERS: z.enum(['on', 'off']).default('on'),
  WORKFLOW_TIMER_SWEEP_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /**
   * Calendar days a department has to report its rectification measures (整改措施报送期限) when the commission set no
   * rectification deadline, or one already past (docs/rectification.md). One provincial rule gives 30 days.
   */
  RECTIFICATION_PLAN_DAYS: z.coerce.number().int().min(1, 'at least 1 day').max(365, 'at most 365 days').default(30),
  /** The final report's PDF (issue 12 §3): 'auto' makes it by LibreOffice or Chromium, whichever is installed; 'off' makes none. */
  REPORT_PDF: z.enum(['auto', 'off']).default('auto'),
  /** On SIGTERM/SIGINT a worker finishes its running jobs for at most this long; what is left returns to the queue. */
  WORKER_SHUTDOWN_GRACE_SECONDS: positiveInt(25),
  DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST_DIR: z.string().optional(),
  /** Attachments (docs/materials.md): per file, and the sum of an evaluation's files. */
  UPLOAD_MAX_FILE_MB: z.coerce.number().positive().max(10_240).default(50),
  EVALUATION_STORAGE_MAX_MB: z.coerce.number().positive().default(2048),
  /** Unset: files are stored under EVALFLOW_DATA_DIR/files. Set: an S3-compatible store at this endpoint. */
  S3_URL: urlWithProtocols(['http', 'https']).optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3–63 lower-case letters, digits, . and -)').default('evalflow'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  /** clamd's address (tcp://host:3310): every upload is scanned. Unset: files are recorded as not scanned. */
  CLAMAV_URL: urlWithProtocols(['tcp']).optional(),
});
export type RawConfig = z.infer<typeof configSchema>;

/** The resolved configuration the app runs with: every service named, whether started by us or given. */
/** The API's port when PORT is unset and 3000 is free. */
export const DEFAULT_PORT = 3000;

export interface AppConfig extends RawConfig {
  PORT: number;
  /** Always known once resolved: PUBLIC_URL, or the address the start banner prints. */
  PUBLIC_URL: string;
  DATABASE_URL: string;
  SMTP_URL: string;
  JWT_SECRET: string;
  queueBackend: 'redis' | 'postgres';
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every bad variable with its reason. */
export function parseEnvironment(env: Record<string, string | undefined>): RawConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}

/** Completes a raw config once every service is known (embedded ones started, or given by URL). */
export function resolveConfig(raw: RawConfig, services: { databaseUrl?: string; smtpUrl?: string; jwtSecret?: string }): AppConfig {
  const databaseUrl = raw.DATABASE_URL ?? services.databaseUrl;
  const smtpUrl = raw.SMTP_URL ?? services.smtpUrl;
  const jwtSecret = raw.JWT_SECRET ?? services.jwtSecret;
  const problems: string[] = [];
  if (!databaseUrl) problems.push('DATABASE_URL: not set and no embedded database was started');
  if (!smtpUrl) problems.push('SMTP_URL: not set and no embedded mail sink was started');
  if (!jwtSecret) problems.push('JWT_SECRET: required (at least 32 characters) when not running embedded');
  if (databaseUrl && raw.NODE_ENV === 'test') {
    const name = new URL(databaseUrl).pathname.replace(/^\//, '');
    if (!name.includes('test')) problems.push(`DATABASE_URL: refusing to run tests against database "${name}" (its name must contain "test")`);
  }
  if (raw.S3_URL && (!raw.S3_ACCESS_KEY_ID || !raw.S3_SECRET_ACCESS_KEY)) problems.push('S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: required when S3_URL is set');
  if (problems.length) throw new ConfigError(problems);
  return {
    ...raw,
    PORT: raw.PORT ?? DEFAULT_PORT,
    PUBLIC_URL: raw.PUBLIC_URL ?? defaultPublicUrl(raw.HOST, raw.PORT ?? DEFAULT_PORT),
    DATABASE_URL: databaseUrl!,
    SMTP_URL: smtpUrl!,
    JWT_SECRET: jwtSecret!,
    queueBackend: raw.REDIS_URL ? 'redis' : 'postgres',
  };
}

/**
 * The address people use when PUBLIC_URL is not set: the one the start banner prints, so that a link in a mail
 * opens the same origin the user signed in on (a link to localhost from a session on 127.0.0.1 asks for a new
 * sign-in: the refresh cookie belongs to the other origin). Listening on every interface, the loopback address is
 * still the only one known for sure; serving a network then needs PUBLIC_URL, as the docs say.
 */
export function defaultPublicUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** An absolute link to a page of the web app (mails), from its path: the one place links are made. */
export function publicLink(config: Pick<AppConfig, 'PUBLIC_URL'>, path: string): string {
  return `${config.PUBLIC_URL.replace(/\/$/, '')}${path}`;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
