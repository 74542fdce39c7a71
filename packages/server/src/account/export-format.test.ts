// The data export's format: version 1 stays readable (a frozen fixture), and anything else is
// refused by name.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_EXPORT_FORMAT, AccountDeletionSchema, parseAccountExport } from '@ayuda/core';

const v1 = JSON.parse(readFileSync(new URL('./fixtures/export-v1.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('account export', () => {
  it('reads the frozen version 1 fixture', () => {
    const data = parseAccountExport(v1);
    expect(data.cases[0]!.messages[0]!.attachments[0]!.path).toBe('attachments/NF-000001/1-router.jpg');
    expect(data.payments[0]!.amount).toBe(990);
  });

  it('refuses another version or format, naming what it found', () => {
    expect(() => parseAccountExport({ ...v1, version: 2 })).toThrow(/version 2 is not known; this reader knows version 1/);
    expect(() => parseAccountExport({ ...v1, format: 'something-else' })).toThrow(`expected "${ACCOUNT_EXPORT_FORMAT}"`);
    expect(() => parseAccountExport(null)).toThrow(/not an Ayuda account export/);
    expect(() => parseAccountExport({ ...v1, cases: 'none' })).toThrow();
  });

  it('takes the deletion’s confirmation as a lower-cased address, and nothing else', () => {
    expect(AccountDeletionSchema.parse({ confirmEmail: ' Ana@Example.com ' })).toEqual({ confirmEmail: 'ana@example.com' });
    expect(AccountDeletionSchema.safeParse({ confirmEmail: 'a@b.c', extra: 1 }).success).toBe(false);
    expect(AccountDeletionSchema.safeParse({}).success).toBe(false);
  });
});
