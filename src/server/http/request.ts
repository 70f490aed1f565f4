/** Facts about the request that depend on how the server is reached: client address and scheme. */
import type { Context } from 'hono';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string; encrypted?: boolean } };
}

/**
 * The client's address: the first X-Forwarded-For entry behind a trusted proxy, else the socket's
 * peer; 'unknown' under app.request() in tests (no socket).
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  const env = c.env as NodeBindings | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Whether the client reached us over https (then cookies get Secure). */
export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    if (proto) return proto === 'https';
  }
  const env = c.env as NodeBindings | undefined;
  if (env?.incoming?.socket?.encrypted) return true;
  return new URL(c.req.url).protocol === 'https:';
}
