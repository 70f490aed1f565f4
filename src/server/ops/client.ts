/**
 * A small HTTP client for the server's API with a session, for pipelines (the `server` CLI), the
 * load benchmark and the fault tests: it signs in once, then sends the session cookie and the CSRF
 * token on every request the way a browser does. Node only (global fetch).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiSession {
  readonly baseUrl: string;
  readonly user: { id: string; name: string; isAdmin?: boolean };
  /** Sends a request; a JSON body is stringified, a Uint8Array sent raw. Throws ApiError on a non-2xx answer. */
  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** Like `request` but returns the raw response whatever its status (the caller reads it). */
  raw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** `http://host:port` without a trailing slash; throws naming the value when it is not an http(s) URL. */
export function normaliseBaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL (expected e.g. http://127.0.0.1:8787)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`"${url}" is not an http(s) URL`);
  return u.toString().replace(/\/+$/, '');
}

/** Signs in as `name` and returns a session; a wrong password or an unreachable server throws with the reason. */
export async function signIn(baseUrl: string, name: string, password: string): Promise<ApiSession> {
  const base = normaliseBaseUrl(baseUrl);
  let res: Response;
  try {
    res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
  } catch (e) {
    throw new Error(`cannot reach the server at ${base}: ${causeOf(e)}`);
  }
  const body = await readBody(res);
  if (!res.ok) throw new ApiError(res.status, `sign-in as "${name}" at ${base} failed (${res.status}): ${errorText(body)}`, body);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { user, csrfToken } = body as { user: ApiSession['user']; csrfToken: string };
  const raw = async (method: string, path: string, payload?: unknown, extra: Record<string, string> = {}): Promise<Response> => {
    const headers: Record<string, string> = { cookie, 'x-csrf-token': csrfToken, ...extra };
    let data: BodyInit | undefined;
    if (payload instanceof Uint8Array) data = payload as Uint8Array<ArrayBuffer>;
    else if (payload !== undefined) {
      data = JSON.stringify(payload);
      headers['content-type'] ??= 'application/json';
    }
    try {
      return await fetch(`${base}${path}`, { method, headers, body: data });
    } catch (e) {
      throw new Error(`${method} ${path}: cannot reach the server at ${base}: ${causeOf(e)}`);
    }
  };
  return {
    baseUrl: base,
    user,
    raw,
    async request<T>(method: string, path: string, payload?: unknown, extra?: Record<string, string>): Promise<T> {
      const r = await raw(method, path, payload, extra);
      const b = await readBody(r);
      if (!r.ok) throw new ApiError(r.status, `${method} ${path} failed (${r.status}): ${errorText(b)}`, b);
      return b as T;
    },
  };
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorText(body: unknown): string {
  if (body && typeof body === 'object' && 'error' in body) return String((body as { error: unknown }).error);
  return typeof body === 'string' ? body.slice(0, 200) : 'no message';
}

function causeOf(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message;
}
