// A loopback proxy in front of moto that makes ECS services roll out (devenv/ecsRollouts.ts) and forwards
// everything else untouched. The sandbox points the operator and the printed `aws` commands at it.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EcsRolloutSimulator, type RolloutScript } from './ecsRollouts.js';

export interface EcsRolloutProxy {
  endpoint: string;
  simulator: EcsRolloutSimulator;
  close(): Promise<void>;
}

/** The service of a SigV4-signed request (`Credential=AKID/date/region/<service>/aws4_request`). */
function serviceOf(req: IncomingMessage): string {
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
}

/** Starts the proxy on 127.0.0.1 in front of `upstream`; `script` decides how deployments progress. */
export async function startEcsRolloutProxy(upstream: string, script: RolloutScript): Promise<EcsRolloutProxy> {
  const target = new URL(upstream);
  const simulator = new EcsRolloutSimulator(script);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const amzTarget = req.headers['x-amz-target'];
      const operation = typeof amzTarget === 'string' ? (amzTarget.split('.').pop() ?? '') : '';
      const rewrite = serviceOf(req) === 'ecs' ? simulator.rewriteFor(operation, body.toString('utf8')) : undefined;
      const upstreamReq = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          if (!rewrite) {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
            return;
          }
          const answer: Buffer[] = [];
          up.on('data', (c: Buffer) => answer.push(c));
          up.on('end', () => {
            const text = rewrite(up.statusCode ?? 0, Buffer.concat(answer).toString('utf8'));
            res
              .writeHead(up.statusCode ?? 502, { ...up.headers, 'content-length': String(Buffer.byteLength(text)) })
              .end(text);
          });
        },
      );
      upstreamReq.on('error', () => res.writeHead(502).end());
      upstreamReq.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    simulator,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
