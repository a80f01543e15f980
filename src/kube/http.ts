// A minimal JSON client for the Kubernetes REST API, authenticated through a KubeAccess.
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { KubeAccess } from './access.js';
import { KubeApiError } from './errors.js';

/** Identifies the operator's requests in audit logs. */
export const USER_AGENT = 'ecs-gmsa-operator/0.1.0';

export type PatchType = 'application/merge-patch+json' | 'application/json-patch+json' | 'application/apply-patch+yaml';

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: PatchType | 'application/json';
  /** Abort after this many ms. @default 30000 */
  timeoutMs?: number;
  /** Overrides the Accept header (e.g. to receive PartialObjectMetadata). */
  accept?: string;
}

/** A streaming response being read; `stop` closes it and `onDone` still fires once. */
export interface StreamHandle {
  stop(): void;
}

function url(server: string, spec: RequestSpec): URL {
  const u = new URL(server.replace(/\/$/, '') + spec.path);
  for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
  return u;
}

function toError(status: number, text: string): KubeApiError {
  try {
    const parsed = JSON.parse(text) as { reason?: string; message?: string };
    return new KubeApiError(status, parsed.reason ?? '', parsed.message ?? text);
  } catch {
    return new KubeApiError(status, '', text.slice(0, 500));
  }
}

/** JSON over HTTPS with the cluster's credentials. One instance per KubeAccess. */
export class KubeHttp {
  /** @param userAgent identifies the caller in audit logs. @default USER_AGENT */
  constructor(
    readonly access: KubeAccess,
    private readonly userAgent: string = USER_AGENT,
  ) {}

  /** The API server URL. */
  get server(): string {
    const cluster = this.access.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    return cluster.server;
  }

  private async prepare(
    spec: RequestSpec,
  ): Promise<{ target: URL; options: RequestOptions; payload: string | undefined }> {
    const target = url(this.server, spec);
    const options: RequestOptions = {
      method: spec.method,
      headers: { accept: spec.accept ?? 'application/json', 'user-agent': this.userAgent },
    };
    await this.access.applyToHTTPSOptions(options);
    const payload =
      spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
    if (payload !== undefined)
      options.headers = { ...options.headers, 'content-type': spec.contentType ?? 'application/json' };
    return { target, options, payload };
  }

  /**
   * Streams newline-delimited JSON (a watch). Resolves once the response headers arrived with
   * 200; `onLine` gets each parsed line; `onDone` fires once with `undefined` on a clean close
   * or the error. An unparsable line is an error, not something to skip.
   */
  async stream(
    spec: RequestSpec,
    onLine: (value: unknown) => void,
    onDone: (err: unknown) => void,
  ): Promise<StreamHandle> {
    const { target, options } = await this.prepare(spec);
    const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
    let finished = false;
    const finish = (err: unknown): void => {
      if (finished) return;
      finished = true;
      onDone(err);
    };
    return new Promise<StreamHandle>((resolve, reject) => {
      let responded = false;
      const req = send(target, options, (res) => {
        responded = true;
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => reject(toError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf('\n');
          while (newline >= 0 && !finished) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            newline = buffered.indexOf('\n');
            if (!line) continue;
            try {
              onLine(JSON.parse(line) as unknown);
            } catch (err: unknown) {
              finish(err);
              req.destroy();
            }
          }
        });
        res.on('end', () => finish(undefined));
        res.on('close', () => finish(undefined));
        res.on('error', (err) => finish(err));
        resolve({ stop: () => req.destroy() });
      });
      req.on('error', (err) => {
        if (responded) finish(err);
        else reject(err);
      });
      req.end();
    });
  }

  /** Sends `spec`; resolves the parsed body of a 2xx response, rejects a KubeApiError otherwise. */
  async request<T>(spec: RequestSpec): Promise<T> {
    const { target, options, payload } = await this.prepare(spec);
    const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<T>((resolve, reject) => {
      const req = send(target, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve((text ? JSON.parse(text) : undefined) as T);
          else reject(toError(status, text));
        });
      });
      req.setTimeout(spec.timeoutMs ?? 30_000, () => req.destroy(new Error(`${spec.method} ${spec.path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}
