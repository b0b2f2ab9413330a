// Just enough cookie handling for the Express shop (Express 5 has no cookie parser built in; Koa has ctx.cookies).
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** A Set-Cookie value; `null` deletes the cookie. Always HttpOnly and SameSite=Lax: the pages' JS never reads them. */
export function serializeCookie(
  name: string,
  value: string | null,
  maxAgeSeconds = 60 * 60 * 24 * 30,
): string {
  const base = `${name}=${value ?? ''}; Path=/; HttpOnly; SameSite=Lax`;
  return value === null ? `${base}; Max-Age=0` : `${base}; Max-Age=${maxAgeSeconds}`;
}
