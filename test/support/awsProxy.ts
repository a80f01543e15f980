// A loopback proxy in front of the AWS endpoint that records every request, independent of the operator's metrics,
// and makes the emulator answer what it cannot: faults, ListTaskDefinitions pages, ECS service rollouts.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EcsRolloutSimulator } from '../../devenv/ecsRollouts.js';

export interface RecordedCall {
  service: string;
  operation: string;
  status: number;
  /** JSON protocols: the object the call names (Name, SecretId, taskDefinition, family, ResourceId). */
  subject?: string;
  /** SSM GetParameter(s): whether the value was asked for decrypted. */
  withDecryption?: boolean;
  /** ECS DescribeServices and UpdateService: the services named, as `cluster/service`. */
  services?: string[];
  /** ECS UpdateService: forceNewDeployment. */
  forceNewDeployment?: boolean;
  /** Refused by the proxy's quota (throttleAbove), never forwarded. */
  throttled?: true;
}

/** DescribeServices' and UpdateService's services, as `cluster/service` (the default cluster is `default`). */
function ecsServiceFacts(r: Record<string, unknown>): Pick<RecordedCall, 'services' | 'forceNewDeployment'> {
  const cluster = typeof r.cluster === 'string' ? r.cluster : 'default';
  const named = Array.isArray(r.services) ? r.services : typeof r.service === 'string' ? [r.service] : [];
  const services = named.filter((n): n is string => typeof n === 'string').map((n) => `${cluster}/${n}`);
  return {
    ...(services.length > 0 ? { services } : {}),
    ...(typeof r.forceNewDeployment === 'boolean' ? { forceNewDeployment: r.forceNewDeployment } : {}),
  };
}

/** What a JSON request names; the request's values (e.g. a secret being written) are not kept. */
function requestFacts(
  body: string,
): Pick<RecordedCall, 'subject' | 'withDecryption' | 'services' | 'forceNewDeployment'> {
  if (!body.startsWith('{')) return {};
  try {
    const r = JSON.parse(body) as Record<string, unknown>;
    const subject = [r.Name, r.SecretId, r.taskDefinition, r.family, r.ResourceId, r.resourceArn].find(
      (v): v is string => typeof v === 'string',
    );
    return {
      ...(subject !== undefined ? { subject } : {}),
      ...(typeof r.WithDecryption === 'boolean' ? { withDecryption: r.WithDecryption } : {}),
      ...ecsServiceFacts(r),
    };
  } catch {
    return {};
  }
}

/** A fault to inject instead of forwarding: a status with an AWS JSON error body, or a dropped connection. */
export type Fault = { status: number; code: string; message: string } | { reset: true } | { delayMs: number };

/** A quota the proxy enforces per operation, as AWS does: a token bucket that starts full. */
export interface ProxyQuota {
  /** Calls per second sustained. */
  qps: number;
  /** Calls allowed at once after a quiet period. */
  burst: number;
}

export interface AwsProxy {
  endpoint: string;
  calls: RecordedCall[];
  /** Calls whose operation is a write (not Get/Describe/List/Head). */
  writes(): RecordedCall[];
  /** Decides per request whether to inject a fault; return undefined to forward. */
  inject(fn: ((call: { service: string; operation: string }) => Fault | undefined) | undefined): void;
  /**
   * Serves ECS ListTaskDefinitions in pages of `size` with nextToken (the emulator ignores paging);
   * undefined turns paging off.
   */
  pageTaskDefinitionLists(size: number | undefined): void;
  /**
   * Makes ECS services roll out as ECS does (moto does not: devenv/ecsRollouts.ts) by rewriting
   * DescribeServices and UpdateService answers; undefined passes moto's answers through.
   */
  simulateEcsRollouts(simulator: EcsRolloutSimulator | undefined): void;
  /**
   * Throttles calls above a quota, keyed `service.Operation` (e.g. `ecs.RegisterTaskDefinition`), answering
   * as AWS does (ThrottlingException; S3: 503 SlowDown). Recorded with their status like any call.
   * An empty map lifts every quota.
   */
  throttleAbove(quotas: Readonly<Record<string, ProxyQuota>>): void;
  close(): Promise<void>;
}

const READ = /^(Get|Describe|List|Head)/;

/** The service from the SigV4 credential scope: `Credential=AKID/date/region/<service>/aws4_request`. */
function serviceOf(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1] ?? 'unknown';
}

/** The operation: X-Amz-Target for JSON protocols, the Action parameter for query protocols, else S3's REST verb. */
function operationOf(req: IncomingMessage, body: string, service: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const action = /(?:^|&)Action=([^&]+)/.exec(body)?.[1];
  if (action) return action;
  if (service !== 's3') return 'Unknown';
  const url = req.url ?? '';
  const tagging = /[?&]tagging/.test(url);
  const verbs: Record<string, string> = {
    GET: tagging ? 'GetObjectTagging' : 'GetObject',
    PUT: tagging ? 'PutObjectTagging' : 'PutObject',
    DELETE: 'DeleteObject',
    HEAD: 'HeadObject',
    POST: 'PostObject',
  };
  return verbs[req.method ?? 'GET'] ?? 'Unknown';
}

type Rewrite = (status: number, body: string) => string;

function forward(
  target: URL,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
  opts: { onStatus: (s: number) => void; rewrite?: Rewrite },
): void {
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (up) => {
      opts.onStatus(up.statusCode ?? 0);
      if (!opts.rewrite) {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const text = opts.rewrite?.(up.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')) ?? '';
        const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(text)) };
        res.writeHead(up.statusCode ?? 502, headers).end(text);
      });
    },
  );
  upstream.on('error', () => res.writeHead(502).end());
  upstream.end(body);
}

/** Cuts a full ListTaskDefinitions answer into the page the request's nextToken asks for. */
function pager(size: number, requestBody: string): Rewrite {
  const request = JSON.parse(requestBody || '{}') as { nextToken?: string };
  const offset = request.nextToken ? Number(Buffer.from(request.nextToken, 'base64').toString('utf8')) : 0;
  return (status, text) => {
    if (status !== 200) return text;
    const all = (JSON.parse(text) as { taskDefinitionArns?: string[] }).taskDefinitionArns ?? [];
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64') : undefined;
    return JSON.stringify({ taskDefinitionArns: page, ...(next ? { nextToken: next } : {}) });
  };
}

/** Answers with an AWS error in the service's protocol (JSON for ECS/SSM/Secrets Manager, XML for S3/STS), or drops the connection. */
function fail(res: ServerResponse, fault: Exclude<Fault, { delayMs: number }>, service: string): void {
  if ('reset' in fault) {
    res.socket?.destroy();
    return;
  }
  if (service === 's3' || service === 'sts') {
    res.writeHead(fault.status, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>${fault.message}</Message><RequestId>proxy</RequestId></Error>`,
    );
    return;
  }
  res.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': fault.code });
  res.end(JSON.stringify({ __type: fault.code, message: fault.message }));
}

/** What AWS answers a call over its quota with, per protocol. */
function throttlingFault(service: string): { status: number; code: string; message: string } {
  return service === 's3'
    ? { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' }
    : { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
}

/** Token buckets per `service.Operation`: `admit` says whether a call is within its quota now. */
function quotaGate(): { set(quotas: Readonly<Record<string, ProxyQuota>>): void; admit(key: string): boolean } {
  let buckets = new Map<string, ProxyQuota & { tokens: number; at: number }>();
  return {
    set(quotas) {
      buckets = new Map(Object.entries(quotas).map(([k, q]) => [k, { ...q, tokens: q.burst, at: Date.now() }]));
    },
    admit(key) {
      const b = buckets.get(key);
      if (!b) return true;
      const now = Date.now();
      b.tokens = Math.min(b.burst, b.tokens + ((now - b.at) / 1000) * b.qps);
      b.at = now;
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
}

/** Starts a proxy on 127.0.0.1 forwarding to `upstream` (the moto endpoint). */
export async function startAwsProxy(upstream: string): Promise<AwsProxy> {
  const target = new URL(upstream);
  const calls: RecordedCall[] = [];
  let injector: ((call: { service: string; operation: string }) => Fault | undefined) | undefined;
  let pageSize: number | undefined;
  let rollouts: EcsRolloutSimulator | undefined;
  const quotas = quotaGate();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const service = serviceOf(req);
      const operation = operationOf(req, body.toString('utf8'), service);
      const facts = requestFacts(body.toString('utf8'));
      const record = (status: number): number => calls.push({ service, operation, status, ...facts });
      const injected = injector?.({ service, operation });
      if (!injected && !quotas.admit(`${service}.${operation}`)) {
        const fault = throttlingFault(service);
        calls.push({ service, operation, status: fault.status, ...facts, throttled: true });
        return fail(res, fault, service);
      }
      const fault = injected;
      if (fault && 'delayMs' in fault) {
        setTimeout(() => forward(target, req, body, res, { onStatus: record }), fault.delayMs);
        return;
      }
      if (fault) {
        record('reset' in fault ? 0 : fault.status);
        return fail(res, fault, service);
      }
      const rewrite =
        pageSize !== undefined && operation === 'ListTaskDefinitions'
          ? pager(pageSize, body.toString('utf8'))
          : service === 'ecs'
            ? rollouts?.rewriteFor(operation, body.toString('utf8'))
            : undefined;
      forward(target, req, body, res, { onStatus: record, ...(rewrite ? { rewrite } : {}) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    writes: () => calls.filter((c) => !READ.test(c.operation)),
    inject: (fn) => void (injector = fn),
    pageTaskDefinitionLists: (size) => void (pageSize = size),
    simulateEcsRollouts: (simulator) => void (rollouts = simulator),
    throttleAbove: (q) => quotas.set(q),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
