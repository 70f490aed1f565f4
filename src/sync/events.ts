/**
 * A Server-Sent Events reader over fetch (not EventSource): it sends Last-Event-ID itself on
 * every reconnect, works the same in the browser and in Node tests, and lets the caller pass the
 * transport (cookies, a test app). Reconnects after `retryMs` until closed; a 401 (the session
 * ended) stops reconnecting until `resume()`, since retrying cannot succeed before the user signs in.
 */
import type { FetchLike } from './api';

export interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

export interface EventStreamOptions {
  fetch: FetchLike;
  url: string;
  /** The id to resume after (sent as Last-Event-ID on the first connection too). */
  lastEventId?: string;
  onMessage(m: SseMessage): void;
  /** Connected (true) or lost (false). */
  onState?(open: boolean): void;
  /** The server answered 401: the stream waits for resume(). */
  onUnauthorized?(): void;
  retryMs?: number;
}

export function openEventStream(opts: EventStreamOptions): { close(): void; resume(): void } {
  let closed = false;
  let lastId = opts.lastEventId;
  let abort: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unauthorized = false;
  let wake: (() => void) | undefined;
  /** Counts resume() calls: a 401 to a connection opened before the last one carried the old cookie. */
  let resumes = 0;

  const run = async () => {
    while (!closed) {
      abort = new AbortController();
      const since = resumes;
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        if (lastId !== undefined) headers['last-event-id'] = lastId;
        const res = await opts.fetch(opts.url, { headers, signal: abort.signal });
        if (res.status === 401) unauthorized = since === resumes; // else: reconnect with the new cookie
        if (!res.ok || !res.body) throw new Error(`event stream: HTTP ${res.status}`);
        opts.onState?.(true);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const m = parseBlock(buffer.slice(0, at));
            buffer = buffer.slice(at + 2);
            if (!m) continue;
            if (m.id !== undefined) lastId = m.id;
            if (!closed) opts.onMessage(m);
          }
        }
      } catch {
        // offline, aborted, or the server went away: reconnect below
      }
      if (closed) return;
      opts.onState?.(false);
      if (unauthorized) {
        opts.onUnauthorized?.();
        await new Promise<void>((r) => (wake = r));
        unauthorized = false;
        continue;
      }
      await new Promise<void>((r) => (timer = setTimeout(r, opts.retryMs ?? 1000)));
    }
  };
  void run();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      abort?.abort();
      wake?.();
    },
    resume() {
      resumes++;
      const w = wake;
      wake = undefined;
      w?.();
    },
  };
}

function parseBlock(block: string): SseMessage | undefined {
  const m: SseMessage = { event: 'message', data: '' };
  const data: string[] = [];
  let any = false;
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') m.event = value;
    else if (field === 'id') m.id = value;
    else if (field === 'data') data.push(value);
    else continue;
    any = true;
  }
  m.data = data.join('\n');
  return any ? m : undefined;
}
