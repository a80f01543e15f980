// Loopback HTTP servers for failure paths moto cannot produce: a fixed-answer stand-in and a proxy that loses answers.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

export interface TestServer {
  url: string;
  /** The `X-Amz-Target` (JSON protocols) or the path (S3) of every request, in order. */
  targets: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 passing every request with its full body to `handler`. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    targets.push(String(req.headers['x-amz-target'] ?? req.url));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers with an AWS JSON-protocol error. */
export function awsJsonError(status: number, type: string, message: string): Handler {
  return (_req, _body, res) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-standin' });
    res.end(JSON.stringify({ __type: type, message }));
  };
}

/** Sends the request on to `upstream` and hands its answer to `reply`. */
function forward(
  upstream: string,
  req: IncomingMessage,
  body: Buffer,
  reply: (status: number, headers: IncomingMessage['headers'], data: Buffer) => void,
): void {
  const target = new URL(req.url ?? '/', upstream);
  const out = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
    const chunks: Buffer[] = [];
    answer.on('data', (c: Buffer) => chunks.push(c));
    answer.on('end', () => reply(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)));
  });
  out.end(body);
}

/**
 * A proxy to `upstream` that lets the first `lose` requests for `target` (an X-Amz-Target suffix) take
 * effect upstream, then replaces their answer with a 500: the "request succeeded, answer lost" case.
 */
export function losingProxy(upstream: string, target: string, lose = 1): Handler {
  let lost = 0;
  return (req, body, res) => {
    const hit = String(req.headers['x-amz-target'] ?? '').endsWith(target) && lost < lose;
    if (hit) lost += 1;
    forward(upstream, req, body, (status, headers, data) => {
      if (hit) return awsJsonError(500, 'InternalServerError', 'answer lost on the way back')(req, body, res);
      res.writeHead(status, headers);
      res.end(data);
    });
  };
}
