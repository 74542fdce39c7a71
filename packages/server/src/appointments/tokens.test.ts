// Manage tokens: the appointment's id and an HMAC of it, in the contract's token format; a
// changed character, another server's secret or a malformed token finds nothing.
import { describe, expect, it } from 'vitest';
import { AppointmentTokenParamsSchema } from '@ayuda/core';
import { AppointmentTokens, appointmentIdOf, manageToken, proposalToken, tokenHash } from './tokens.js';

const ID = '0b0d7c1e-5a4b-4c3d-9e2f-1a2b3c4d5e6f';

describe('appointment tokens', () => {
  it('carries the id and verifies only with the secret that made it', () => {
    const token = manageToken('secret-a', ID);
    expect(token).toMatch(/^0b0d7c1e5a4b4c3d9e2f1a2b3c4d5e6f[A-Za-z0-9_-]{22}$/);
    expect(AppointmentTokenParamsSchema.safeParse({ token }).success).toBe(true);
    expect(appointmentIdOf('secret-a', token)).toBe(ID);
    expect(appointmentIdOf('secret-b', token)).toBeNull();
    expect(appointmentIdOf('secret-a', token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(appointmentIdOf('secret-a', token.slice(1))).toBeNull();
    expect(appointmentIdOf('secret-a', `${token}x`)).toBeNull();
    expect(new AppointmentTokens('secret-a').manage(ID)).toBe(token);
    expect(new AppointmentTokens('secret-a').idOf(token)).toBe(ID);
  });

  it('makes random proposal tokens of the contract’s format, stored as SHA-256', () => {
    const a = proposalToken();
    expect(a).not.toBe(proposalToken());
    expect(AppointmentTokenParamsSchema.safeParse({ token: a }).success).toBe(true);
    expect(tokenHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });
});
