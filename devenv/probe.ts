// A tiny HTTP(S) client for readiness checks and moto's control API (no proxies, no retries).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';

export interface ClientTls {
  caPath: string;
  certPath: string;
  keyPath: string;
}

export interface ProbeRequest {
  url: string;
  method?: 'GET' | 'POST';
  tls?: ClientTls;
  timeoutMs?: number;
}

export interface ProbeResponse {
  status: number;
  body: string;
}

/** One request; rejects on connection errors and timeouts, resolves with any HTTP status. */
export function probe(req: ProbeRequest): Promise<ProbeResponse> {
  const url = new URL(req.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const tls = req.tls
    ? { ca: readFileSync(req.tls.caPath), cert: readFileSync(req.tls.certPath), key: readFileSync(req.tls.keyPath) }
    : {};
  return new Promise((resolve, reject) => {
    const r = send(
      url,
      { method: req.method ?? 'GET', agent: false, timeout: req.timeoutMs ?? 5_000, ...tls },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`${req.method ?? 'GET'} ${req.url} timed out`)));
    r.on('error', reject);
    r.end();
  });
}

/** A readiness check: true on HTTP 200, else a short description of what came back. */
export async function expect200(req: ProbeRequest): Promise<true | string> {
  const res = await probe({ timeoutMs: 2_000, ...req });
  return res.status === 200 ? true : `HTTP ${res.status}: ${res.body.slice(0, 300)}`;
}
