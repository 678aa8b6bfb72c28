import path from 'node:path';

/** Everything Vitaal reads from its environment. This is the only module that touches `process.env`. */
export interface Config {
  host: string;
  port: number;
  /** Folder of the embedded PostgreSQL (PGlite); unused when `databaseUrl` is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  /** Set when Vitaal is served over TLS (directly or behind a proxy): cookies get `Secure`, HSTS is sent. */
  secureCookies: boolean;
  sessionHours: number;
  oidc: OidcConfig | undefined;
  /** Folder of the built web UI; absent in development and API-only runs. */
  webDir: string;
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
    logLevel: env.LOG_LEVEL ?? 'warn',
    secureCookies: env.VITAAL_SECURE_COOKIES === 'true',
    sessionHours: Number(env.VITAAL_SESSION_HOURS ?? 12),
    oidc,
    webDir: path.join(packageRoot, 'dist', 'web'),
  };
}

/** Root of the installed package, where `data/` (reference and demo data) lives. */
export const packageDataDir = path.join(packageRoot, 'data');

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set when OIDC_ISSUER_URL is set`);
  return value;
}
