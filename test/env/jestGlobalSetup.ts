// Jest global setup of the integration project: starts ONE environment and publishes its handle file.
import { tsImport } from 'tsx/esm/api';
import type * as EnvApi from '../../devenv/index.js';

export const GLOBAL_KEY = '__ecsgmsaTestEnv';

/**
 * Jest loads this file itself but cannot resolve our `.js`-suffixed TypeScript imports here, so the
 * environment modules are loaded through tsx. The TestEnv object stays in this (jest's main) process
 * for jestGlobalTeardown.ts; test files reach it through the handle file named by ECSGMSA_TEST_ENV.
 */
export default async function globalSetup(): Promise<void> {
  const api = (await tsImport('../../devenv/index.ts', import.meta.url)) as typeof EnvApi;
  const t0 = Date.now();
  const env = await api.startEnv({ samba: true, log: (line) => process.stderr.write(`${line}\n`) });
  (globalThis as Record<string, unknown>)[GLOBAL_KEY] = env;
  process.env.ECSGMSA_TEST_ENV = `${env.runDir}/env.json`;
  api.disableInstanceMetadata();
  process.stderr.write(
    `[env] integration environment up in ${((Date.now() - t0) / 1000).toFixed(1)}s; ECSGMSA_TEST_ENV=${process.env.ECSGMSA_TEST_ENV}\n`,
  );
}
