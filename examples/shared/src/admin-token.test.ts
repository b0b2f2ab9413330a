import { SignJWT } from 'jose';
import { expect, it } from 'vitest';
import { signAdminToken, verifyAdminToken } from './admin-token.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123';

it('a token it signed carries the role; another secret, no token or a non-admin role gives null', async () => {
  const token = await signAdminToken(SECRET, 'owner');
  expect(await verifyAdminToken(SECRET, token)).toBe('owner');
  expect(await verifyAdminToken('another-secret-another-secret-0000', token)).toBeNull();
  expect(await verifyAdminToken(SECRET, undefined)).toBeNull();
  expect(await verifyAdminToken(SECRET, `${token}x`)).toBeNull();
  const customer = await new SignJWT({ role: 'customer' })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(SECRET));
  expect(await verifyAdminToken(SECRET, customer)).toBeNull();
});

it('an expired token is refused', async () => {
  const expired = await new SignJWT({ role: 'manager' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(new TextEncoder().encode(SECRET));
  expect(await verifyAdminToken(SECRET, expired)).toBeNull();
});
