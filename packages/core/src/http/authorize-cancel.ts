/**
 * Who may cancel: the shop's `authorizeCancel(request, payment)` hook when given; otherwise a
 * bearer JWT whose role claim is one of owner, manager, master (seed 002), verified with `jose`.
 * With neither configured the cancel route refuses everyone: refunds are not open by default.
 * The same authorisation says who is an operator elsewhere (billing charges, cash receipts, and the
 * operator view of a payment: `admitsOperator`).
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { isTosskitError } from '../errors/index.js';
import { flowError } from '../flows/index.js';
import type { Payment } from '../models/index.js';
import type { AuthorizeCancel, JwtOptions } from './options.js';

export const DEFAULT_CANCEL_ROLES = ['owner', 'manager', 'master'] as const;

export type CancelAuthorizer = (request: Request, payment: Payment | null) => Promise<void>;

function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (header === null) return null;
  const match = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

function rolesOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((r): r is string => typeof r === 'string');
  return [];
}

export function createJwtAuthorizer(jwt: JwtOptions): CancelAuthorizer {
  const roleClaim = jwt.roleClaim ?? 'role';
  const allowed = new Set(jwt.roles ?? DEFAULT_CANCEL_ROLES);
  const secret = typeof jwt.secret === 'string' ? new TextEncoder().encode(jwt.secret) : null;
  const jwks: JWTVerifyGetKey | null =
    typeof jwt.jwksUrl === 'string' ? createRemoteJWKSet(new URL(jwt.jwksUrl)) : null;
  const verifyOptions = {
    ...(jwt.issuer === undefined ? {} : { issuer: jwt.issuer }),
    ...(jwt.audience === undefined ? {} : { audience: jwt.audience }),
  };

  return async (request) => {
    const token = bearerToken(request);
    if (token === null) throw flowError('UNAUTHORIZED');
    let payload: Record<string, unknown>;
    try {
      const result =
        secret !== null
          ? await jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] })
          : await jwtVerify(token, jwks!, {
              ...verifyOptions,
              algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
            });
      payload = result.payload;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw flowError('UNAUTHORIZED');
      throw error;
    }
    const roles = rolesOf(payload[roleClaim]);
    if (!roles.some((role) => allowed.has(role))) throw flowError('FORBIDDEN');
  };
}

export function createHookAuthorizer(hook: AuthorizeCancel): CancelAuthorizer {
  return async (request, payment) => {
    let allowed: boolean;
    try {
      allowed = await hook(request, payment);
    } catch (error) {
      if (isTosskitError(error) && (error.status === 401 || error.status === 403)) throw error;
      throw flowError('FORBIDDEN');
    }
    if (allowed !== true) throw flowError('FORBIDDEN');
  };
}

export function createCancelAuthorizer(options: {
  authorizeCancel?: AuthorizeCancel;
  jwt?: JwtOptions;
}): CancelAuthorizer {
  if (options.authorizeCancel !== undefined) return createHookAuthorizer(options.authorizeCancel);
  if (options.jwt !== undefined) return createJwtAuthorizer(options.jwt);
  return async () => {
    throw flowError('FORBIDDEN');
  };
}

/**
 * Whether `authorizer` admits `request` as an operator (for `payment`), as a yes or no: a refusal (401/403)
 * is `false`, not an error, so a route can answer a non-operator another way. Other failures are thrown.
 */
export async function admitsOperator(
  authorizer: CancelAuthorizer,
  request: Request,
  payment: Payment | null,
): Promise<boolean> {
  try {
    await authorizer(request, payment);
    return true;
  } catch (error) {
    if (isTosskitError(error) && (error.status === 401 || error.status === 403)) return false;
    throw error;
  }
}
