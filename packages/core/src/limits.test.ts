import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STAFF_EMAIL_PATTERN } from './limits.js';
import { StaffUserCreateSchema } from './staff.js';

describe('STAFF_EMAIL_PATTERN', () => {
  it('is zod’s own email pattern, so the console refuses what the server would', () => {
    expect(STAFF_EMAIL_PATTERN.source).toBe(z.regexes.email.source);
    for (const email of ['', 'not-an-email', 'a@b', 'a@b.c', 'a..b@example.com']) {
      expect(STAFF_EMAIL_PATTERN.test(email), email).toBe(false);
      expect(StaffUserCreateSchema.safeParse({ email, name: 'Eva', role: 'agent' }).success, email).toBe(false);
    }
    expect(StaffUserCreateSchema.parse({ email: 'Eva@Empresa.com', name: 'Eva', role: 'agent' }).email).toBe('eva@empresa.com');
  });
});
