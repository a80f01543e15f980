// Reads in a namespace that has not opted in: the refusal names the opt-in command, for the CA bundle of
// spec.directory as for the credentials Secret; other errors pass through.
import { BlockedError } from '../../../src/controllers/common/outcome.js';
import {
  optInCommand,
  optInConfigMapReader,
  optInSecretReader,
} from '../../../src/controllers/gmsaCredentialSpec/namespaceOptIn.js';
import { KubeApiError } from '../../../src/kube/errors.js';

const operator = { namespace: 'ecs-gmsa-operator', serviceAccount: 'ecs-gmsa-operator' };
const forbidden = (): Promise<never> => Promise.reject(new KubeApiError(403, 'Forbidden', 'configmaps is forbidden'));

describe('namespace opt-in', () => {
  it('a refused CA ConfigMap read says the namespace has not opted in and how to opt in', async () => {
    const read = optInConfigMapReader({ get: forbidden }, operator);
    const err = await read('team-a', 'corp-ca').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedError);
    expect((err as BlockedError).blocked).toEqual({
      kind: 'stalled',
      reason: 'NamespaceNotOptedIn',
      message: `namespace team-a has not opted in: the operator may not read ConfigMaps (spec.directory.caBundle names one) there. A namespace admin opts in with: ${optInCommand('team-a', operator)}`,
    });
  });

  it('a refused Secret read (credentials or the directory bind Secret) says the same', async () => {
    const read = optInSecretReader(forbidden, operator);
    await expect(read('team-a', 'bind')).rejects.toMatchObject({ blocked: { reason: 'NamespaceNotOptedIn' } });
  });

  it('other failures pass through unchanged, and a missing ConfigMap is undefined', async () => {
    const unavailable = new KubeApiError(503, 'ServiceUnavailable', 'try later');
    const failing = optInConfigMapReader({ get: () => Promise.reject(unavailable) }, operator);
    await expect(failing('team-a', 'corp-ca')).rejects.toBe(unavailable);
    const missing = optInConfigMapReader({ get: () => Promise.resolve(undefined) }, operator);
    await expect(missing('team-a', 'corp-ca')).resolves.toBeUndefined();
  });
});
