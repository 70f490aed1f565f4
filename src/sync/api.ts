/**
 * The browser's client of the team server's JSON API (src/server). Same origin by default, so the
 * HttpOnly session cookie goes along; state-changing requests carry the session's CSRF token, which
 * login and GET /api/auth/me return. Every failure is a `TeamApiError` holding the server's message.
 */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface TeamUser {
  id: string;
  name: string;
  isAdmin?: boolean;
}

export class TeamApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** No answer at all (offline, server down): status 0. */
  get offline(): boolean {
    return this.status === 0;
  }
}

export class TeamApi {
  csrfToken: string | undefined;
  user: TeamUser | undefined;

  /** `base`: the server's origin ('' = this page's); `fetch`: injectable for tests. */
  constructor(
    readonly base = '',
    readonly fetchImpl: FetchLike = (url, init) => fetch(url, { credentials: 'include', ...init }),
  ) {}

  url(path: string): string {
    return `${this.base}${path}`;
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) h['x-csrf-token'] = this.csrfToken;
    let res: Response;
    try {
      res = await this.fetchImpl(this.url(path), { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new TeamApiError(0, `the server at ${this.base || 'this address'} does not answer: ${(e as Error).message}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const b = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
      throw new TeamApiError(res.status, typeof b.error === 'string' ? b.error : `${method} ${path}: HTTP ${res.status}`, b);
    }
    return json as T;
  }

  get<T>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }

  async login(name: string, password: string): Promise<TeamUser> {
    const r = await this.post<{ user: TeamUser; csrfToken: string }>('/api/auth/login', { name, password });
    this.csrfToken = r.csrfToken;
    this.user = r.user;
    return r.user;
  }

  /** The signed-in user when the session cookie is still good, else undefined. */
  async me(): Promise<TeamUser | undefined> {
    try {
      const r = await this.get<{ user: TeamUser; csrfToken: string }>('/api/auth/me');
      this.csrfToken = r.csrfToken;
      this.user = r.user;
      return r.user;
    } catch (e) {
      if (e instanceof TeamApiError && e.status === 401) return undefined;
      throw e;
    }
  }

  async logout(): Promise<void> {
    await this.post('/api/auth/logout');
    this.csrfToken = undefined;
    this.user = undefined;
  }

  /** Is a Crosslabel server answering at `base`? (GET /api/health, public.) */
  async health(): Promise<boolean> {
    try {
      const r = await this.get<{ ok?: boolean }>('/api/health');
      return r?.ok === true;
    } catch {
      return false;
    }
  }
}
