import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_VARS, ConfigError, EnvSchema, configTable, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults with no environment at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8787, host: '127.0.0.1', production: false, publicUrl: 'http://localhost:8787', databaseUrl: undefined, defaultLocale: 'es', corsOrigins: [], bodyLimit: 1048576 });
    expect(c.dataDir).toMatch(/\.ayuda-data$/);
  });

  it('reads and normalises values', () => {
    const c = loadConfig({ PORT: '9000', AYUDA_CORS_ORIGINS: 'https://a.example/, http://b.example:8080', AYUDA_PUBLIC_URL: 'https://help.example.com/', NODE_ENV: 'production', AYUDA_SECRET: 's'.repeat(32) });
    expect(c.port).toBe(9000);
    expect(c.corsOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(c.publicUrl).toBe('https://help.example.com');
    expect(c.production).toBe(true);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['AYUDA_CORS_ORIGINS', 'not a url'],
    ['AYUDA_DEFAULT_LOCALE', 'fr'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['AYUDA_TRUST_PROXY', 'yes'],
    ['AYUDA_PUBLIC_URL', 'ftp://x'],
  ])('stops with a message naming %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it('requires a real secret in production, and nowhere else', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AYUDA_SECRET: required in production/);
    expect(() => loadConfig({ AYUDA_SECRET: 'short' })).toThrow(/AYUDA_SECRET=/);
    expect(loadConfig({}).secret.length).toBeGreaterThanOrEqual(32);
  });

  it('documents every variable it reads', () => {
    expect(CONFIG_VARS.map((v) => v.name).sort()).toEqual(Object.keys(EnvSchema.shape).sort());
    for (const v of CONFIG_VARS) expect(v.description.length).toBeGreaterThan(10);
  });

  it('is documented in the README exactly as the code reads it', () => {
    for (const file of ['../../../README.md', '../../../docs/deployment.md']) {
      const text = readFileSync(new URL(file, import.meta.url), 'utf8');
      const table = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(text)?.[1];
      expect(table, file).toBe(configTable());
    }
  });
});
