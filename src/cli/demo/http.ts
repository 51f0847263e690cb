// The demo's HTTP client for the v1 API: the same requests a reviewer's script or an integration sends.
import { sendApi } from '../http-client.ts';

export class DemoStepError extends Error {}

export type Api = <T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  token: string,
  body?: unknown,
) => Promise<T>;

export function apiClient(baseUrl: string): Api {
  return async <T>(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await sendApi(baseUrl, token, method, path, body);
    } catch (e) {
      throw new DemoStepError(`cannot reach Airlock at ${baseUrl} (${(e as Error).message})`);
    }
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    if (!res.ok) {
      const message = (data as { error?: { message?: string } } | null)?.error?.message ?? text;
      throw new DemoStepError(`${method} ${path}: HTTP ${res.status}: ${message}`);
    }
    return data as T;
  };
}
