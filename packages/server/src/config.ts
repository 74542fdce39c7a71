// Configuration from environment variables, validated at start. Every default lives in
// CONFIG_VARS, which docs/configuration.md and the README table are written from.
import { resolve } from 'node:path';
import { z } from 'zod';

export interface ConfigVar {
  name: string;
  default: string | undefined;
  description: string;
}

export const CONFIG_VARS = [
  { name: 'PORT', default: '8787', description: 'HTTP port to listen on (0 picks a free one).' },
  { name: 'HOST', default: '127.0.0.1', description: 'Interface to listen on; `0.0.0.0` in a container.' },
  { name: 'NODE_ENV', default: 'development', description: '`production` turns off development-only pages and demo helpers.' },
  { name: 'AYUDA_PUBLIC_URL', default: 'http://localhost:$PORT', description: 'The URL customers reach the server at; used for canonical links, the sitemap and mails.' },
  { name: 'DATABASE_URL', default: undefined, description: 'PostgreSQL connection URL. When unset, the embedded PGlite database is used.' },
  { name: 'AYUDA_DATA_DIR', default: './.ayuda-data', description: 'Folder of the embedded database (kept across restarts).' },
  { name: 'AYUDA_KB_DIR', default: undefined, description: 'Knowledge-base folder imported at start (`npm start` uses `demo/kb`). Unset: the articles already in the database are served.' },
  { name: 'AYUDA_SITE_DIR', default: undefined, description: 'Folder of static files served at `/` (`npm start` uses `demo/site`).' },
  { name: 'AYUDA_COMPANY_NAME', default: 'Ayuda', description: 'Company name shown in the help portal (`npm start`: Nubefibra).' },
  { name: 'AYUDA_DEFAULT_LOCALE', default: 'es', description: 'Locale for `/help` and requests with no language (`es` or `en`).' },
  { name: 'AYUDA_CORS_ORIGINS', default: '', description: 'Comma-separated origins allowed to call the API from a browser (e.g. `https://www.example.com`). The server\'s own origin is always allowed.' },
  { name: 'AYUDA_BODY_LIMIT', default: '1048576', description: 'Largest request body in bytes.' },
  { name: 'AYUDA_RATE_LIMIT', default: '120', description: 'Requests per minute per IP to rate-limited endpoints (analytics ingestion, search).' },
  { name: 'AYUDA_TRUST_PROXY', default: 'false', description: '`true` behind a reverse proxy: the client IP is read from `X-Forwarded-For`.' },
  { name: 'LOG_LEVEL', default: 'info', description: '`debug`, `info`, `warn`, `error` or `silent`.' },
] as const satisfies readonly ConfigVar[];

/** The README's and docs' configuration table, in markdown. */
export function configTable(): string {
  const rows = CONFIG_VARS.map((v) => `| \`${v.name}\` | ${v.default === undefined ? '(unset)' : v.default === '' ? '(none)' : `\`${v.default}\``} | ${v.description} |`);
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const EnvSchema = z.object({
  PORT: int(0, 65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  AYUDA_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  AYUDA_DATA_DIR: z.string().min(1).default('./.ayuda-data'),
  AYUDA_KB_DIR: z.string().min(1).optional(),
  AYUDA_SITE_DIR: z.string().min(1).optional(),
  AYUDA_COMPANY_NAME: z.string().min(1).max(80).default('Ayuda'),
  AYUDA_DEFAULT_LOCALE: z.enum(['es', 'en']).default('es'),
  AYUDA_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin))),
  AYUDA_BODY_LIMIT: int(1024, 1024 * 1024 * 1024).default(1024 * 1024),
  AYUDA_RATE_LIMIT: int(1, 1_000_000).default(120),
  AYUDA_TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  production: boolean;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  kbDir: string | undefined;
  siteDir: string | undefined;
  companyName: string;
  defaultLocale: 'es' | 'en';
  corsOrigins: string[];
  bodyLimit: number;
  rateLimitPerMinute: number;
  trustProxy: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration; a wrong value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Record<string, string>> = {}): Config {
  const merged: Record<string, string | undefined> = { ...overrides };
  for (const v of CONFIG_VARS) if (env[v.name] !== undefined && env[v.name] !== '') merged[v.name] = env[v.name];
  const parsed = EnvSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}=${JSON.stringify(merged[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(`Ayuda: invalid configuration. Fix these environment variables:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    production: e.NODE_ENV === 'production',
    publicUrl: (e.AYUDA_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.AYUDA_DATA_DIR),
    kbDir: e.AYUDA_KB_DIR ? resolve(e.AYUDA_KB_DIR) : undefined,
    siteDir: e.AYUDA_SITE_DIR ? resolve(e.AYUDA_SITE_DIR) : undefined,
    companyName: e.AYUDA_COMPANY_NAME,
    defaultLocale: e.AYUDA_DEFAULT_LOCALE,
    corsOrigins: e.AYUDA_CORS_ORIGINS,
    bodyLimit: e.AYUDA_BODY_LIMIT,
    rateLimitPerMinute: e.AYUDA_RATE_LIMIT,
    trustProxy: e.AYUDA_TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
  };
}
