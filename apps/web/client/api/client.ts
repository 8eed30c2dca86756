/*
 * The services' APIs, through the web server's `/api/<service>/…` routes (one origin: no CORS, one place to
 * deploy). Every call carries the signed-in person's token; a refused call becomes an ApiError whose message
 * is the service's own words, with the access rule that refused it when there is one.
 */

export type Service = 'tasks' | 'indicators' | 'notifications' | 'reporting';

export type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

/** The error body every service answers with (libs/http ErrorBody). */
export interface ErrorBody {
  statusCode: number;
  error?: string;
  message?: string | string[];
  details?: Record<string, unknown>;
  rule?: string;
  errorId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? `HTTP ${status}`));
    this.name = 'ApiError';
  }

  /** The access rule that refused the request (403), e.g. `task-step-by-lead-agency`. */
  get rule(): string | undefined {
    return this.body.rule;
  }
}

let tokenSource: () => string = () => '';
let onUnauthorized: () => void = () => undefined;

/** Set once at sign-in. */
export function setSessionToken(token: () => string, unauthorized: () => void): void {
  tokenSource = token;
  onUnauthorized = unauthorized;
}

export function url(service: Service, path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => search.append(key, v));
    else search.set(key, String(value));
  }
  const qs = search.toString();
  return `/api/${service}${path}${qs ? `?${qs}` : ''}`;
}

export function authHeaders(): Record<string, string> {
  const token = tokenSource();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function send(service: Service, path: string, init: RequestInit & { query?: Query } = {}): Promise<Response> {
  const { query, ...rest } = init;
  const res = await fetch(url(service, path, query), {
    ...rest,
    headers: { Accept: 'application/json', ...authHeaders(), ...(rest.headers as Record<string, string>) },
  });
  if (res.ok) return res;
  let body: ErrorBody;
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    body = { statusCode: res.status, message: res.statusText || `HTTP ${res.status}` };
  }
  if (res.status === 401) onUnauthorized();
  throw new ApiError(res.status, body);
}

async function fetchJson<T>(service: Service, path: string, query?: Query): Promise<T> {
  return (await send(service, path, { query })).json() as Promise<T>;
}

/*
 * Answers asked for ahead: a screen's first data starts with sign-in rather than after the screen's first render
 * (a few hundred milliseconds of drawing on a slow machine). The first identical GET takes the answer already on
 * its way, once and only while fresh; every later GET (a reload, after an action) asks the service again.
 */
const AHEAD_FRESH_MS = 5000;
const askedAhead = new Map<string, { at: number; answer: Promise<unknown> }>();
let askingAhead = false;

/**
 * Runs `ask` (the loads a screen will make first) keeping each GET it starts synchronously for the screen to
 * take. Answers `ask`'s own result, so a load that depends on an answer can be asked ahead in turn.
 */
export function askAhead<T>(ask: () => Promise<T>): Promise<T> | undefined {
  if (!tokenSource()) return undefined;
  askingAhead = true;
  try {
    const result = ask();
    // A failure is the screen's to show, when it asks.
    result.catch(() => undefined);
    return result;
  } finally {
    askingAhead = false;
  }
}

export function get<T>(service: Service, path: string, query?: Query): Promise<T> {
  const key = url(service, path, query);
  if (askingAhead) {
    const answer = askedAhead.get(key)?.answer ?? fetchJson<T>(service, path, query);
    askedAhead.set(key, { at: performance.now(), answer });
    return answer as Promise<T>;
  }
  const ahead = askedAhead.get(key);
  askedAhead.delete(key);
  if (ahead && performance.now() - ahead.at < AHEAD_FRESH_MS) return ahead.answer as Promise<T>;
  return fetchJson<T>(service, path, query);
}

async function withBody<T>(method: string, service: Service, path: string, body?: unknown, query?: Query): Promise<T> {
  const res = await send(service, path, {
    method,
    query,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const post = <T>(service: Service, path: string, body?: unknown, query?: Query) =>
  withBody<T>('POST', service, path, body, query);
export const put = <T>(service: Service, path: string, body?: unknown, query?: Query) =>
  withBody<T>('PUT', service, path, body, query);
export const patch = <T>(service: Service, path: string, body?: unknown, query?: Query) =>
  withBody<T>('PATCH', service, path, body, query);
export const del = <T>(service: Service, path: string, query?: Query) =>
  withBody<T>('DELETE', service, path, undefined, query);

/** A multipart upload (an Excel workbook); the answer is JSON. */
export async function upload<T>(service: Service, path: string, form: FormData, query?: Query): Promise<T> {
  return (await send(service, path, { method: 'POST', body: form, query })).json() as Promise<T>;
}

/** Downloads a file the service makes (a template, a report) under the name the service gives it. */
export async function download(
  service: Service,
  path: string,
  query?: Query,
  fallbackName = 'download',
): Promise<string> {
  const res = await send(service, path, { query, headers: { Accept: '*/*' } });
  const disposition = res.headers.get('content-disposition') ?? '';
  const name =
    /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ??
    /filename="?([^";]+)"?/i.exec(disposition)?.[1] ??
    fallbackName;
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = decodeURIComponent(name);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  return link.download;
}
