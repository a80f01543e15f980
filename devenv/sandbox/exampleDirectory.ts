// The Active Directory side of the examples with spec.directory: the users, groups and gMSAs they expect in
// the Samba domain, and the CA ConfigMaps they name. The sandbox and the deploy tests provision them; a unit
// test keeps this table and the examples' Secrets, accounts and expected outcomes in agreement.
import { readFileSync } from 'node:fs';
import { AlreadyExistsError } from 'ldapts';
import type { KubeHttp } from '../../src/kube/http.js';
import type { SambaHandleData } from '../samba.js';
import { SambaFixtures, type SambaObject } from '../sambaFixtures.js';
import { apply, type Manifest } from './apply.js';

/** The AD objects, by sAMAccountName (gMSAs without the `$`). */
export interface ExampleDirectory {
  users: { name: string; password: string }[];
  groups: { name: string; members: string[] }[];
  /** `allowed`: the principals msDS-GroupMSAMembership lets retrieve the password. */
  gmsas: { name: string; allowed: string[] }[];
}

/**
 * What examples/07 and 08 expect: WebApp02 lets its user retrieve the password through a group; Reports02
 * lets only a hosts group, not the domainless user (the deliberately broken example).
 */
export const EXAMPLE_DIRECTORY: ExampleDirectory = {
  users: [
    { name: 'svc-webapp02-fetch', password: 'example-only-Pa55w0rd' },
    { name: 'svc-reports02-fetch', password: 'example-only-Pa55w0rd' },
  ],
  groups: [
    { name: 'WebApp02-Readers', members: ['svc-webapp02-fetch'] },
    { name: 'Reports02-Hosts', members: [] },
  ],
  gmsas: [
    { name: 'WebApp02', allowed: ['WebApp02-Readers'] },
    { name: 'Reports02', allowed: ['Reports02-Hosts'] },
  ],
};

/**
 * Creates the example users, groups and gMSAs in `samba`. A domain that already has them (a second caller in
 * the same test run) is left as it is: the first user existing means everything was made.
 */
export async function provisionExampleDirectory(
  samba: SambaHandleData,
  directory: ExampleDirectory = EXAMPLE_DIRECTORY,
): Promise<void> {
  const fx = await SambaFixtures.connect(samba);
  try {
    const made = new Map<string, SambaObject>();
    for (const user of directory.users) made.set(user.name, await fx.createUser(user));
    for (const group of directory.groups) {
      const members = group.members.map((m) => made.get(m)).filter((m): m is SambaObject => m !== undefined);
      made.set(group.name, await fx.createGroup({ name: group.name, members }));
    }
    for (const gmsa of directory.gmsas) {
      const allowedSids = gmsa.allowed.map((p) => made.get(p)?.sid).filter((s): s is string => s !== undefined);
      await fx.createGmsa({ name: gmsa.name, allowedSids });
    }
  } catch (err: unknown) {
    if (!(err instanceof AlreadyExistsError)) throw err;
  } finally {
    await fx.close();
  }
}

interface DirectoryCredSpec extends Manifest {
  spec?: { directory?: { caBundle?: { configMapRef?: { name: string; key?: string } } } };
}

/** The CA ConfigMaps (namespace, name, key) the manifests' spec.directory.caBundle name. */
export function caConfigMapsOf(manifests: readonly Manifest[]): { namespace: string; name: string; key: string }[] {
  const found = new Map<string, { namespace: string; name: string; key: string }>();
  for (const m of manifests as DirectoryCredSpec[]) {
    const ref = m.kind === 'GmsaCredentialSpec' ? m.spec?.directory?.caBundle?.configMapRef : undefined;
    if (!ref) continue;
    const namespace = m.metadata.namespace ?? 'default';
    found.set(`${namespace}/${ref.name}`, { namespace, name: ref.name, key: ref.key ?? 'ca.crt' });
  }
  return [...found.values()];
}

/** Creates (or replaces) each CA ConfigMap the manifests name, holding `samba`'s CA; namespaces first. */
export async function applyCaConfigMaps(
  http: KubeHttp,
  samba: SambaHandleData,
  manifests: readonly Manifest[],
): Promise<void> {
  const pem = readFileSync(samba.caPemPath, 'utf8');
  for (const { namespace, name, key } of caConfigMapsOf(manifests)) {
    await apply(http, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    await apply(http, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace },
      data: { [key]: pem },
    } as Manifest);
  }
}

/** The operator flags the directory examples need against `samba`: their domain, their DC, Samba's DNS. */
export function exampleDirectoryFlags(samba: SambaHandleData): {
  directoryDomain: string[];
  directoryServer: string[];
  directoryDnsServer: string[];
} {
  return {
    directoryDomain: [samba.dnsName],
    directoryServer: [`ldaps://${samba.dcHostName}`],
    directoryDnsServer: [`${samba.dns.host}:${samba.dns.port}`],
  };
}
