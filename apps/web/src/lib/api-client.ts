/**
 * The one way the web app talks to the API: JSON in and out, cookies included, and every non-2xx turned into
 * an ApiError carrying the server's problem document (code, detail, field errors).
 */
import type { ErrorCode, Problem } from '@partystream/shared/problem';
import i18n from './i18n';
import { fieldMessages, problemSentence, type FieldIssue } from './problem-messages';

const t = (key: string | string[], options?: Record<string, unknown>) => i18n.t(key as string, options) as string;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    // The message is a sentence in the viewer's language, never the server's developer-facing detail (issue 20).
    super(problemSentence(problem, t, { language: i18n.language }));
    this.name = 'ApiError';
  }
  get code(): ErrorCode {
    return this.problem.code;
  }
  /** Translated field errors keyed by the field's path without the `body.` prefix, for forms. */
  fieldErrors(): Record<string, string> {
    return fieldMessages((this.problem.errors ?? []) as FieldIssue[], t, { language: i18n.language });
  }
}

function toApiError(status: number, statusText: string, data: unknown): ApiError {
  const p = (data ?? {}) as Partial<Problem>;
  return new ApiError(status, {
    type: p.type ?? 'about:blank',
    title: p.title ?? statusText,
    status,
    code: (p.code as ErrorCode) ?? 'INTERNAL',
    detail: p.detail ?? statusText,
    instance: p.instance,
    errors: p.errors,
  });
}

/**
 * A multipart upload that reports its progress (0–1) as the bytes leave the browser; fetch() cannot, so this is the
 * one XMLHttpRequest in the app. Errors are the same ApiError as every other call.
 */
function upload<T>(method: 'PUT' | 'POST', path: string, form: FormData, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, `/api${path}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    xhr.onerror = () => reject(toApiError(0, 'Network error', { detail: 'Network error' }));
    xhr.onload = () => {
      const data = xhr.responseText ? safeJson(xhr.responseText) : undefined;
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(data as T);
      } else reject(toApiError(xhr.status, xhr.statusText, data));
    };
    xhr.send(form);
  });
}

/** Answers a GET for `/api<path>` in process: set by the server renderer (entry-server.tsx), never in a browser. */
export type ServerTransport = (path: string) => Promise<unknown>;
let serverTransport: ServerTransport | null = null;
/** The server renderer's data source: the same query definitions then read from the server's services. */
export function setServerTransport(transport: ServerTransport): void {
  serverTransport = transport;
}

async function request<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  if (serverTransport) {
    if (method !== 'GET') throw new Error(`the server renderer only reads (${method} ${path})`);
    try {
      return (await serverTransport(path)) as T;
    } catch (e) {
      const p = (e as { problem?: Partial<Problem>; status?: number }) ?? {};
      throw toApiError(p.status ?? 500, p.problem?.title ?? 'Error', p.problem);
    }
  }
  let res: Response;
  const isForm = body instanceof FormData;
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined || isForm
          ? { Accept: 'application/json' }
          : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      ...init,
    });
  } catch {
    throw new ApiError(0, {
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'INTERNAL',
      detail: 'Network error',
    });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? safeJson(text) : undefined;
  if (!res.ok) throw toApiError(res.status, res.statusText, data);
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  request: <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>(
      method,
      path,
      body,
      headers ? { headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers } } : {},
    ),
  get: <T>(path: string, init?: RequestInit) => request<T>('GET', path, undefined, init),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload,
};
