// The admin page's credential: a short-lived HS256 JWT with a role claim (seed 002: owner, manager,
// master may cancel). The tosskit middleware verifies the same token on its cancel route.
import { jwtVerify, SignJWT } from 'jose';

export type AdminRole = 'owner' | 'manager' | 'master';
const ROLES: readonly string[] = ['owner', 'manager', 'master'];

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signAdminToken(
  secret: string,
  role: AdminRole,
  subject = 'dev-admin',
): Promise<string> {
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime('8h')
    .sign(key(secret));
}

/** The role, or null when the token is missing, forged, expired, or carries no admin role. */
export async function verifyAdminToken(secret: string, token: string | undefined): Promise<AdminRole | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'] });
    return typeof payload.role === 'string' && ROLES.includes(payload.role)
      ? (payload.role as AdminRole)
      : null;
  } catch {
    return null;
  }
}
