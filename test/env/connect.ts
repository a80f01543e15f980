// Inside a test file: the environment started by the jest global setup, reached through its JSON handle.
import { connectHandle, readHandle, type TestEnvHandle } from '../../devenv/handle.js';

/** Holds the path of the handle file (`<runDir>/env.json`); set by jestGlobalSetup.ts, or by hand for a sandbox. */
export const HANDLE_ENV_VAR = 'ECSGMSA_TEST_ENV';

let cached: TestEnvHandle | undefined;

/**
 * The shared environment: admin kubeConfig(), userKubeConfig(), resetAws(), awsClientConfig() and the
 * endpoints. It cannot restart the apiserver: a test that needs restartApiServer() starts its own with startEnv().
 */
export function testEnv(): TestEnvHandle {
  if (cached) return cached;
  const path = process.env[HANDLE_ENV_VAR];
  if (!path) {
    throw new Error(
      `${HANDLE_ENV_VAR} is not set: run integration tests through \`npm run test:integration\` (the jest global setup starts the environment), or point it at the env.json of a running sandbox`,
    );
  }
  cached = connectHandle(readHandle(path));
  return cached;
}

/** POST /moto-api/reset on the shared environment: call it in beforeEach/beforeAll of every file that touches AWS. */
export function resetAws(): Promise<void> {
  return testEnv().resetAws();
}
