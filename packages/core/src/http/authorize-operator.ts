/**
 * Who is an operator: the shop's `authorizeOperator(request, payment)` hook when given (or the deprecated
 * `authorizeCancel`); otherwise a bearer JWT whose role claim is one of owner, manager, master (seed 002),
 * verified with `jose`. With neither configured every operator route refuses everyone: refunds, billing
 * charges and cash receipts are not open by default. The same guard decides who sees the operator view of a
 * payment (`admitsOperator`).
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { isTosskitError } from '../errors/index.js';
import { flowError } from '../flows/index.js';
import type { Payment } from '../models/index.js';
import type { AuthorizeOperator, JwtOptions } from './options.js';
import { asWebRequest, type IncomingRequest } from './incoming-request.js';

/** The roles a `jwt` admits as operators unless `jwt.roles` says otherwise. */
export const DEFAULT_OPERATOR_ROLES = ['owner', 'manager', 'master'] as const;

/** Resolves when `request` may act as an operator (on `payment`), else throws 401/403. */
export type OperatorAuthorizer = (request: IncomingRequest, payment: Payment | null) => Promise<void>;

function bearerToken(request: IncomingRequest): string | null {
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

export function createJwtAuthorizer(jwt: JwtOptions): OperatorAuthorizer {
  const roleClaim = jwt.roleClaim ?? 'role';
  const allowed = new Set(jwt.roles ?? DEFAULT_OPERATOR_ROLES);
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

export function createHookAuthorizer(hook: AuthorizeOperator): OperatorAuthorizer {
  return async (request, payment) => {
    let allowed: boolean;
    try {
      allowed = await hook(asWebRequest(request), payment);
    } catch (error) {
      if (isTosskitError(error) && (error.status === 401 || error.status === 403)) throw error;
      throw flowError('FORBIDDEN');
    }
    if (allowed !== true) throw flowError('FORBIDDEN');
  };
}

/** The guard of every operator action: `authorizeOperator`, else the deprecated `authorizeCancel`, else `jwt`. */
export function createOperatorAuthorizer(options: {
  authorizeOperator?: AuthorizeOperator;
  /** @deprecated the old name of `authorizeOperator` */
  authorizeCancel?: AuthorizeOperator;
  jwt?: JwtOptions;
}): OperatorAuthorizer {
  const hook = options.authorizeOperator ?? options.authorizeCancel;
  if (hook !== undefined) return createHookAuthorizer(hook);
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
  authorizer: OperatorAuthorizer,
  request: IncomingRequest,
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
