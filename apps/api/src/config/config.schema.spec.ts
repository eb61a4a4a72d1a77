import { ConfigError, parseEnvironment, resolveConfig, type RawConfig } from './config.schema';

const SECRET = 's'.repeat(32);

/** Runs fn, returns the ConfigError it throws (fails the test when it does not throw one). */
function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const variablesNamed = (error: ConfigError) => error.problems.map((problem) => problem.split(':')[0]);

describe('parseEnvironment: defaults', () => {
  it.each<[keyof RawConfig, unknown]>([
    ['NODE_ENV', 'development'],
    ['HOST', '127.0.0.1'],
    ['PORT', undefined], // 3000 once resolved, or a free port when 3000 is taken (main.ts)
    ['EMBEDDED_PG_PORT', undefined],
    ['MAIL_SINK_SMTP_PORT', undefined],
    ['MAIL_SINK_WEB_PORT', undefined],
    ['PUBLIC_URL', undefined],
    ['DATABASE_URL', undefined],
    ['REDIS_URL', undefined],
    ['SMTP_URL', undefined],
    ['MAIL_FROM', 'Evalflow 预算绩效评价 <noreply@evalflow.local>'],
    ['JWT_SECRET', undefined],
    ['ACCESS_TOKEN_TTL_SECONDS', 900],
    ['REFRESH_TOKEN_TTL_DAYS', 14],
    ['LOGIN_MAX_FAILURES', 5],
    ['LOGIN_LOCK_MINUTES', 15],
    ['AUTH_RATE_LIMIT_PER_MINUTE', 120],
    ['BODY_LIMIT', '1mb'],
    ['EVALFLOW_DATA_DIR', '.data'],
    ['QUEUE_PREFIX', 'evalflow'],
    ['WORKER_MODE', 'inline'],
    ['DEMO_DATA', 'auto'],
    ['LOG_LEVEL', 'info'],
    ['WEB_DIST_DIR', undefined],
    ['RECTIFICATION_PLAN_DAYS', 30],
  ])('%s defaults to %j', (name, expected) => {
    expect(parseEnvironment({})[name]).toEqual(expected);
  });

  it('ignores variables it does not know (the real environment has many)', () => {
    expect(parseEnvironment({ PATH: '/usr/bin', HOME: '/root' })).not.toHaveProperty('PATH');
  });

  it.each(['PORT', 'DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'NODE_ENV', 'SMTP_URL', 'BODY_LIMIT'])('treats an empty %s as unset', (name) => {
    const defaults = parseEnvironment({});
    expect(parseEnvironment({ [name]: '' })).toEqual(defaults);
    expect(parseEnvironment({ [name]: undefined })).toEqual(defaults);
  });
});

describe('parseEnvironment: good values', () => {
  it.each<[string, string, unknown]>([
    ['PORT', '8080', 8080],
    ['PORT', '0', 0],
    ['PORT', '65535', 65535],
    ['NODE_ENV', 'production', 'production'],
    ['DATABASE_URL', 'postgres://u:p@localhost:5432/evalflow', 'postgres://u:p@localhost:5432/evalflow'],
    ['DATABASE_URL', 'postgresql://localhost/evalflow', 'postgresql://localhost/evalflow'],
    ['REDIS_URL', 'redis://localhost:6379', 'redis://localhost:6379'],
    ['REDIS_URL', 'rediss://cache.example:6380', 'rediss://cache.example:6380'],
    ['SMTP_URL', 'smtp://localhost:2525', 'smtp://localhost:2525'],
    ['SMTP_URL', 'smtps://mail.example:465', 'smtps://mail.example:465'],
    ['JWT_SECRET', SECRET, SECRET],
    ['ACCESS_TOKEN_TTL_SECONDS', '60', 60],
    ['BODY_LIMIT', '512kb', '512kb'],
    ['QUEUE_PREFIX', 'evalflow_test-1', 'evalflow_test-1'],
    ['WORKER_MODE', 'off', 'off'],
    ['DEMO_DATA', 'off', 'off'],
    ['LOG_LEVEL', 'silent', 'silent'],
    ['PUBLIC_URL', 'https://evalflow.example.cn', 'https://evalflow.example.cn'],
    ['RECTIFICATION_PLAN_DAYS', '15', 15],
  ])('%s=%s → %j', (name, value, expected) => {
    expect(parseEnvironment({ [name]: value })[name as keyof RawConfig]).toEqual(expected);
  });
});

describe('parseEnvironment: bad values are named', () => {
  it.each<[string, string]>([
    ['PORT', 'abc'],
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['NODE_ENV', 'staging'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['SMTP_URL', 'postgres://localhost'],
    ['JWT_SECRET', 's'.repeat(31)],
    ['LOG_LEVEL', 'loud'],
    ['ACCESS_TOKEN_TTL_SECONDS', '0'],
    ['REFRESH_TOKEN_TTL_DAYS', '-3'],
    ['LOGIN_MAX_FAILURES', 'many'],
    ['BODY_LIMIT', '1gb'],
    ['QUEUE_PREFIX', 'Evalflow'],
    ['WORKER_MODE', 'separate'],
    ['DEMO_DATA', 'on'],
    ['PUBLIC_URL', 'evalflow.example.cn'],
    ['RECTIFICATION_PLAN_DAYS', '0'],
    ['RECTIFICATION_PLAN_DAYS', '366'],
    ['RECTIFICATION_PLAN_DAYS', '7.5'],
    ['RECTIFICATION_PLAN_DAYS', 'thirty'],
  ])('%s=%j', (name, value) => {
    const error = configErrorOf(() => parseEnvironment({ [name]: value }));
    expect(variablesNamed(error)).toEqual([name]);
    expect(error.message).toContain(`  - ${name}: `);
  });

  it.each<[string, string, string]>([
    ['DATABASE_URL', 'mysql://x', 'must be a URL starting with postgres:// or postgresql://'],
    ['REDIS_URL', 'tcp://x', 'must be a URL starting with redis:// or rediss://'],
    ['SMTP_URL', 'http://x', 'must be a URL starting with smtp:// or smtps://'],
    ['JWT_SECRET', 'short', 'must be at least 32 characters'],
    ['BODY_LIMIT', '10', 'like 1mb or 512kb'],
    ['QUEUE_PREFIX', 'has space', 'lower-case letters, digits, _ and -'],
    ['RECTIFICATION_PLAN_DAYS', '0', 'at least 1 day'],
  ])('%s=%j says why: %s', (name, value, reason) => {
    expect(configErrorOf(() => parseEnvironment({ [name]: value })).problems).toEqual([`${name}: ${reason}`]);
  });

  it('lists every bad variable at once', () => {
    const error = configErrorOf(() =>
      parseEnvironment({ PORT: 'abc', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', LOG_LEVEL: 'loud', HOST: 'fine', REDIS_URL: '' }),
    );
    expect(variablesNamed(error).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT']);
    expect(error.name).toBe('ConfigError');
    expect(error.message.startsWith('Invalid configuration:\n')).toBe(true);
  });
});

describe('resolveConfig', () => {
  const DB = 'postgres://u:p@localhost:5432/evalflow';
  const TEST_DB = 'postgres://u:p@localhost:5432/evalflow_test';
  const SMTP = 'smtp://localhost:2525';
  const raw = (env: Record<string, string> = {}) => parseEnvironment(env);
  const services = { databaseUrl: 'postgres://embedded:1/evalflow_embedded', smtpUrl: 'smtp://embedded:2', jwtSecret: 'e'.repeat(40) };

  it.each<[string, Record<string, string>, Partial<typeof services>, 'redis' | 'postgres']>([
    ['redis when REDIS_URL is set', { REDIS_URL: 'redis://localhost:6379' }, services, 'redis'],
    ['postgres when REDIS_URL is not set', {}, services, 'postgres'],
    ['postgres when REDIS_URL is empty', { REDIS_URL: '' }, services, 'postgres'],
  ])('queueBackend: %s', (_label, env, given, backend) => {
    expect(resolveConfig(raw(env), given).queueBackend).toBe(backend);
  });

  it.each<[string, Record<string, string>, Partial<typeof services>, { DATABASE_URL: string; SMTP_URL: string; JWT_SECRET: string }]>([
    ['all from embedded services', {}, services, { DATABASE_URL: services.databaseUrl, SMTP_URL: services.smtpUrl, JWT_SECRET: services.jwtSecret }],
    ['environment wins over services', { DATABASE_URL: DB, SMTP_URL: SMTP, JWT_SECRET: SECRET }, services, { DATABASE_URL: DB, SMTP_URL: SMTP, JWT_SECRET: SECRET }],
    ['all from the environment', { DATABASE_URL: DB, SMTP_URL: SMTP, JWT_SECRET: SECRET }, {}, { DATABASE_URL: DB, SMTP_URL: SMTP, JWT_SECRET: SECRET }],
    ['mixed', { DATABASE_URL: DB }, { smtpUrl: SMTP, jwtSecret: SECRET }, { DATABASE_URL: DB, SMTP_URL: SMTP, JWT_SECRET: SECRET }],
  ])('resolves services: %s', (_label, env, given, expected) => {
    const config = resolveConfig(raw(env), given);
    expect(config).toMatchObject(expected);
    expect(config.PORT).toBe(3000);
  });

  it.each<[string, Record<string, string>, string]>([
    ['the address the banner prints', {}, 'http://127.0.0.1:3000'],
    ['the configured host and port', { HOST: '10.1.2.3', PORT: '8080' }, 'http://10.1.2.3:8080'],
    ['every interface: loopback (PUBLIC_URL names the network address)', { HOST: '0.0.0.0' }, 'http://127.0.0.1:3000'],
    ['an IPv6 host in brackets', { HOST: '::1' }, 'http://[::1]:3000'],
    ['PUBLIC_URL wins', { PUBLIC_URL: 'https://pj.czj.example.gov.cn' }, 'https://pj.czj.example.gov.cn'],
  ])('PUBLIC_URL is always resolved, for links in mail: %s', (_label, env, expected) => {
    expect(resolveConfig(raw(env), services).PUBLIC_URL).toBe(expected);
  });

  it.each<[string, Partial<typeof services>, string[]]>([
    ['nothing', {}, ['DATABASE_URL', 'SMTP_URL', 'JWT_SECRET']],
    ['no database', { smtpUrl: SMTP, jwtSecret: SECRET }, ['DATABASE_URL']],
    ['no mail', { databaseUrl: DB, jwtSecret: SECRET }, ['SMTP_URL']],
    ['no secret', { databaseUrl: DB, smtpUrl: SMTP }, ['JWT_SECRET']],
    ['empty strings count as missing', { databaseUrl: '', smtpUrl: '', jwtSecret: '' }, ['DATABASE_URL', 'SMTP_URL', 'JWT_SECRET']],
  ])('reports what is missing: %s', (_label, given, missing) => {
    const error = configErrorOf(() => resolveConfig(raw(), given));
    expect(variablesNamed(error)).toEqual(missing);
  });

  it.each<[string, string, boolean]>([
    ['evalflow', DB, false],
    ['evalflow_test', TEST_DB, true],
    ['test', 'postgres://localhost/test', true],
    ['production', 'postgres://localhost/production', false],
    ['(none)', 'postgres://localhost', false],
  ])('NODE_ENV=test with database %s → allowed=%s', (name, url, allowed) => {
    const run = () => resolveConfig(raw({ NODE_ENV: 'test', DATABASE_URL: url, SMTP_URL: SMTP, JWT_SECRET: SECRET }), {});
    if (allowed) {
      expect(run().DATABASE_URL).toBe(url);
    } else {
      const expectedName = name === '(none)' ? '' : name;
      expect(configErrorOf(run).problems).toEqual([`DATABASE_URL: refusing to run tests against database "${expectedName}" (its name must contain "test")`]);
    }
  });

  it('applies the test-database check to an embedded database too', () => {
    const error = configErrorOf(() => resolveConfig(raw({ NODE_ENV: 'test' }), { ...services, databaseUrl: DB }));
    expect(error.problems).toEqual(['DATABASE_URL: refusing to run tests against database "evalflow" (its name must contain "test")']);
  });

  it.each(['development', 'production'])('NODE_ENV=%s does not restrict the database name', (nodeEnv) => {
    expect(resolveConfig(raw({ NODE_ENV: nodeEnv, DATABASE_URL: DB }), services).DATABASE_URL).toBe(DB);
  });

  it('reports a missing secret and a non-test database together', () => {
    const error = configErrorOf(() => resolveConfig(raw({ NODE_ENV: 'test', DATABASE_URL: DB, SMTP_URL: SMTP }), {}));
    expect(variablesNamed(error)).toEqual(['JWT_SECRET', 'DATABASE_URL']);
  });
});

describe('file storage settings (docs/materials.md)', () => {
  it('defaults to the data folder, 50 MB a file, 2048 MB an evaluation, no scanner, path-style S3', () => {
    expect(parseEnvironment({})).toMatchObject({ UPLOAD_MAX_FILE_MB: 50, EVALUATION_STORAGE_MAX_MB: 2048, S3_BUCKET: 'evalflow', S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true });
    expect(parseEnvironment({}).S3_URL).toBeUndefined();
    expect(parseEnvironment({}).CLAMAV_URL).toBeUndefined();
    expect(parseEnvironment({ S3_FORCE_PATH_STYLE: 'false' }).S3_FORCE_PATH_STYLE).toBe(false);
  });

  it('refuses bad values, naming the variable', () => {
    const error = configErrorOf(() => parseEnvironment({ UPLOAD_MAX_FILE_MB: '0', S3_URL: 'ftp://store', S3_BUCKET: 'Bad_Bucket', CLAMAV_URL: 'http://clamd:3310', S3_FORCE_PATH_STYLE: 'yes' }));
    expect(variablesNamed(error).sort()).toEqual(['CLAMAV_URL', 'S3_BUCKET', 'S3_FORCE_PATH_STYLE', 'S3_URL', 'UPLOAD_MAX_FILE_MB']);
  });

  it('requires the S3 credentials with S3_URL, without showing them', () => {
    const error = configErrorOf(() =>
      resolveConfig(parseEnvironment({ S3_URL: 'https://minio.example:9000', S3_SECRET_ACCESS_KEY: 'very-secret-key' }), { databaseUrl: 'postgres://localhost/evalflow', smtpUrl: 'smtp://localhost:1025', jwtSecret: SECRET }),
    );
    expect(error.problems).toEqual(['S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: required when S3_URL is set']);
    expect(error.message).not.toContain('very-secret-key');
  });
});
