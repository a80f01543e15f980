// Jest global teardown of the integration project: stops the environment the global setup started.
import type { TestEnv } from '../../devenv/index.js';

export default async function globalTeardown(): Promise<void> {
  const key = '__ecsgmsaTestEnv';
  const env = (globalThis as Record<string, unknown>)[key] as TestEnv | undefined;
  if (!env) return;
  delete (globalThis as Record<string, unknown>)[key];
  await env.stop();
}
