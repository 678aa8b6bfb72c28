import path from 'node:path';

/** Everything Vitaal reads from its environment. This is the only module that touches `process.env`. */
export interface Config {
  host: string;
  port: number;
  /** Folder of the embedded PostgreSQL (PGlite); unused when `databaseUrl` is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /**
   * How the PostgreSQL server's sessions reach Vitaal (`VITAAL_DATABASE_POOLING`): `session`, directly or through a
   * pooler in session mode (the default), or `transaction`, through a pooler that hands each transaction another
   * session (PgBouncer's `pool_mode = transaction`). There a LISTEN does not stay with a connection: the server does not
   * listen for the database's notices of changes, and remembers nothing that a notice would have to undo.
   */
  databasePooling: DatabasePooling;
  /** Connections to the PostgreSQL server (`VITAAL_DATABASE_CONNECTIONS`); unset, twice this machine's processors, at least 4. */
  databaseConnections: number | undefined;
  logLevel: string;
  /** Set when Vitaal is served over TLS (directly or behind a proxy): cookies get `Secure`, HSTS is sent. */
  secureCookies: boolean;
  sessionHours: number;
  oidc: OidcConfig | undefined;
  /** Folder of the built web UI; absent in development and API-only runs. */
  webDir: string;
  messaging: MessagingConfig;
  load: LoadConfig;
}

/** Load shedding and rate limits (issue 8): beyond these the API answers 503 or 429 with Retry-After. */
export interface LoadConfig {
  /** Requests per window for one credential (API token or session), else one address (`VITAAL_RATE_LIMIT_PER_USER`). */
  rateLimitPerUser: number;
  /** Requests per window from one address, whatever the credentials (`VITAAL_RATE_LIMIT_PER_ADDRESS`). */
  rateLimitPerAddress: number;
  /** The rate-limit window in milliseconds (`VITAAL_RATE_LIMIT_WINDOW_MS`). */
  rateLimitWindowMs: number;
  /** Requests handled at once; more are shed with 503 (`VITAAL_MAX_IN_FLIGHT`). */
  maxInFlight: number;
  /**
   * Mean event-loop delay in milliseconds above which requests are shed with 503 (`VITAAL_MAX_EVENT_LOOP_DELAY_MS`);
   * 0, the default, is off: the embedded database runs its queries on the event loop, so one slow query would shed
   * the requests after it although nothing queues.
   */
  maxEventLoopDelayMs: number;
  /** Seconds sent in Retry-After with a shed request (`VITAAL_RETRY_AFTER_SECONDS`). */
  retryAfterSeconds: number;
}

/** A person clicking through the UI makes a few requests a second; a shared office address carries many people. */
export const defaultLoadConfig: LoadConfig = {
  rateLimitPerUser: 1200,
  rateLimitPerAddress: 6000,
  rateLimitWindowMs: 60_000,
  maxInFlight: 256,
  maxEventLoopDelayMs: 0,
  retryAfterSeconds: 5,
};

/** Messages, attachments and their e-mail notifications (issue 7). */
export interface MessagingConfig {
  /** Largest attachment accepted, in bytes (`VITAAL_ATTACHMENT_MAX_BYTES`, default 10 MiB); larger ones get 413. */
  attachmentMaxBytes: number;
  /** `smtp://user:pass@host:port` or `smtps://…` (`VITAAL_SMTP_URL`); without it mails stay in the local outbox (`vitaal outbox list`). */
  smtpUrl: string | undefined;
  /** Sender address of notification mails (`VITAAL_MAIL_FROM`). */
  mailFrom: string;
  /** Address of the web UI as recipients reach it, for links in mails (`VITAAL_PUBLIC_URL`). */
  publicUrl: string;
}

export interface OidcConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  /** Claim that carries the e-mail address matched against Vitaal's users. */
  emailClaim: string;
}

const packageRoot = path.resolve(import.meta.dirname, import.meta.dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

/** Reads the configuration from an environment (defaults to `process.env`); refuses values it cannot use. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const oidc = env.OIDC_ISSUER_URL
    ? {
        issuerUrl: env.OIDC_ISSUER_URL,
        clientId: required(env, 'OIDC_CLIENT_ID'),
        clientSecret: required(env, 'OIDC_CLIENT_SECRET'),
        redirectUrl: required(env, 'OIDC_REDIRECT_URL'),
        emailClaim: env.OIDC_EMAIL_CLAIM ?? 'email',
      }
    : undefined;
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: path.resolve(env.VITAAL_DATA_DIR ?? '.vitaal/data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databasePooling: oneOf(env, 'VITAAL_DATABASE_POOLING', databasePoolings),
    databaseConnections: env.VITAAL_DATABASE_CONNECTIONS ? positiveInteger(env, 'VITAAL_DATABASE_CONNECTIONS', 1) : undefined,
    logLevel: env.LOG_LEVEL ?? 'warn',
    secureCookies: env.VITAAL_SECURE_COOKIES === 'true',
    sessionHours: Number(env.VITAAL_SESSION_HOURS ?? 12),
    oidc,
    webDir: path.join(packageRoot, 'dist', 'web'),
    messaging: {
      attachmentMaxBytes: positiveInteger(env, 'VITAAL_ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024),
      smtpUrl: env.VITAAL_SMTP_URL || undefined,
      mailFrom: env.VITAAL_MAIL_FROM ?? 'Vitaal <noreply@vitaal.invalid>',
      publicUrl: env.VITAAL_PUBLIC_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${port}`,
    },
    load: {
      rateLimitPerUser: positiveInteger(env, 'VITAAL_RATE_LIMIT_PER_USER', defaultLoadConfig.rateLimitPerUser),
      rateLimitPerAddress: positiveInteger(env, 'VITAAL_RATE_LIMIT_PER_ADDRESS', defaultLoadConfig.rateLimitPerAddress),
      rateLimitWindowMs: positiveInteger(env, 'VITAAL_RATE_LIMIT_WINDOW_MS', defaultLoadConfig.rateLimitWindowMs),
      maxInFlight: positiveInteger(env, 'VITAAL_MAX_IN_FLIGHT', defaultLoadConfig.maxInFlight),
      maxEventLoopDelayMs: env.VITAAL_MAX_EVENT_LOOP_DELAY_MS ? positiveInteger(env, 'VITAAL_MAX_EVENT_LOOP_DELAY_MS', 1) : defaultLoadConfig.maxEventLoopDelayMs,
      retryAfterSeconds: positiveInteger(env, 'VITAAL_RETRY_AFTER_SECONDS', defaultLoadConfig.retryAfterSeconds),
    },
  };
}

const databasePoolings = ['session', 'transaction'] as const;
export type DatabasePooling = (typeof databasePoolings)[number];

/** The value of `name`, one of `values`; the first when unset. */
function oneOf<Value extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly [Value, ...Value[]]): Value {
  const value = env[name] || values[0];
  if (!(values as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${values.map((item) => `"${item}"`).join(', ')}, got "${value}"`);
  return value as Value;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${env[name]}"`);
  return value;
}

/** Root of the installed package, where `data/` (reference and demo data) lives. */
export const packageDataDir = path.join(packageRoot, 'data');

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set when OIDC_ISSUER_URL is set`);
  return value;
}
