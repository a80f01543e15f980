// The sandbox's --until-ready criterion, and the Active Directory objects it provisions for the directory examples:
// they agree with the examples' Secrets, accounts and the outcome each example is annotated to expect.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { Manifest } from '../../../devenv/sandbox/apply.js';
import { caConfigMapsOf, EXAMPLE_DIRECTORY } from '../../../devenv/sandbox/exampleDirectory.js';
import { allAsExpected, asExpected, EXPECTED_READY_REASON } from '../../../devenv/sandbox/expectations.js';
import { closingNote, formatTable, type TableRow } from '../../../devenv/sandbox/table.js';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

interface Doc extends Manifest {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: {
    account?: string;
    directory?: unknown;
    domainless?: { credentialsSecretRef: { name: string } };
  };
  stringData?: Record<string, string>;
}

const docs: Doc[] = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap((f) => parseAllDocuments(readFileSync(join(examplesDir, f), 'utf8')).map((d) => d.toJS() as Doc));

describe('--until-ready: every example as expected', () => {
  it.each([
    ['Ready, not annotated', { ready: 'True', reason: 'Ready' }, true],
    ['not Ready, not annotated', { ready: 'False', reason: 'AwsRetrying' }, false],
    ['not reconciled yet', { ready: 'Unknown', reason: '' }, false],
    ['meant to fail, failing for its reason', { ready: 'False', reason: 'NotAGmsa', expectedReason: 'NotAGmsa' }, true],
    [
      'meant to fail, failing for another reason',
      { ready: 'False', reason: 'DirectoryUnreachable', expectedReason: 'NotAGmsa' },
      false,
    ],
    ['meant to fail, but Ready', { ready: 'True', reason: 'Ready', expectedReason: 'NotAGmsa' }, false],
  ])('%s: %s', (_name, state, expected) => {
    expect(asExpected(state)).toBe(expected);
  });

  it('needs at least one example', () => {
    expect(allAsExpected([])).toBe(false);
    expect(
      allAsExpected([
        { ready: 'True', reason: 'Ready' },
        { ready: 'False', reason: 'X', expectedReason: 'X' },
      ]),
    ).toBe(true);
  });

  it('shows a failure as expected in the table, and prints what every example that is not Ready says', () => {
    const rows: TableRow[] = [
      { kind: 'GmsaCredentialSpec', name: 'ns/a', ready: 'True', reason: 'Ready', where: 'arn:a', message: 'stored' },
      {
        kind: 'GmsaCredentialSpec',
        name: 'ns/b',
        ready: 'False',
        reason: 'NotAGmsa',
        where: '',
        message: 'B$ is a user account. Use the name of an existing gMSA',
        expectedReason: 'NotAGmsa',
      },
    ];
    expect(formatTable(rows).split('\n')[2]).toMatch(/^GmsaCredentialSpec +ns\/b +False +NotAGmsa \(as expected\)/);
    expect(closingNote(rows)).toBe(
      '[sandbox] not Ready, and what each says to do:\n  GmsaCredentialSpec ns/b: NotAGmsa (meant to fail)\n    B$ is a user account. Use the name of an existing gMSA',
    );
  });
});

describe('the examples with spec.directory and the AD objects the sandbox makes for them', () => {
  const directoryExamples = docs.filter((d) => d.kind === 'GmsaCredentialSpec' && d.spec?.directory);

  it('there are two: one verified, one meant to fail', () => {
    expect(directoryExamples.map((d) => [d.metadata.name, d.metadata.annotations?.[EXPECTED_READY_REASON]])).toEqual([
      ['webapp02', undefined],
      ['reports02', 'PasswordRetrievalNotPermitted'],
    ]);
  });

  it.each(directoryExamples.map((d) => [d.metadata.name, d] as const))(
    '%s: its Secret is a user the sandbox makes, its account a gMSA, and the grant matches what it expects',
    (_name, example) => {
      const secret = docs.find(
        (d) => d.kind === 'Secret' && d.metadata.name === example.spec?.domainless?.credentialsSecretRef.name,
      );
      const user = EXAMPLE_DIRECTORY.users.find((u) => u.name === secret?.stringData?.username);
      expect(user?.password).toBe(secret?.stringData?.password);
      const gmsa = EXAMPLE_DIRECTORY.gmsas.find((g) => g.name === example.spec?.account);
      expect(gmsa).toBeDefined();
      const groupsOfUser = EXAMPLE_DIRECTORY.groups
        .filter((g) => g.members.includes(user?.name ?? ''))
        .map((g) => g.name);
      const allowed = (gmsa?.allowed ?? []).some((p) => p === user?.name || groupsOfUser.includes(p));
      const meantToFail = example.metadata.annotations?.[EXPECTED_READY_REASON] === 'PasswordRetrievalNotPermitted';
      expect(allowed).toBe(!meantToFail);
    },
  );

  it('their CA ConfigMap is found so the sandbox can fill it with the DC CA', () => {
    expect(caConfigMapsOf(docs)).toEqual([{ namespace: 'gmsa-examples', name: 'corp-example-ca', key: 'ca.crt' }]);
  });
});
