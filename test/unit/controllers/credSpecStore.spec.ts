// ensureCredSpec on the fakes: every path of every store (SSM, S3, the localFile ConfigMap), read
// as the calls it makes and the state it leaves.
import { refusal } from '../../support/refusal.js';
import type { GmsaCredentialSpec, GmsaCredentialSpecSpec } from '../../../src/api/types.js';
import { blockedFor, BlockedError } from '../../../src/controllers/common/outcome.js';
import { ensureCredSpec, type CredSpecTarget } from '../../../src/controllers/gmsaCredentialSpec/credSpecStore.js';
import { objectTags, ownerOf } from '../../../src/controllers/gmsaCredentialSpec/desired.js';
import { configMapFor } from '../../../src/domain/credspec/configMap.js';
import { renderCredentialSpec } from '../../../src/domain/credspec/render.js';
import { ownershipOf, ownershipTags, type AdoptionRequest } from '../../../src/domain/ownership.js';
import { FakeAws } from '../../fakes/aws.js';
import type { Failure } from '../../fakes/callLog.js';
import { FakeConfigMaps } from '../../fakes/configMaps.js';
import { scope } from '../../fixtures/builders.js';
import { CLUSTER, credSpecResource, NAMESPACE, owner, PARAMETER } from '../../fixtures/resources.js';

const BUCKET = 'gmsa-credspecs';
const KEY = 'gmsa/team-a/webapp01.json';
const CM = configMapFor('webapp01', 'webapp01.json').name;
const OTHER_UID = 'uid-of-team-b-object';

type Whose = 'ours' | 'another' | 'untagged';

/** One store, seen through the fakes: how to put an object there, read it back, and which calls read and write it. */
interface Store {
  name: string;
  storage: GmsaCredentialSpecSpec['storage'];
  contentRead: string;
  tagRead: string;
  write: string;
  seed(w: World, whose: Whose, body: string): void;
  /** The stored body and whose it is now; `undefined` when absent. */
  stored(w: World): { body: string; whose: Whose | 'foreign' } | undefined;
  vanish(w: World): void;
}

interface World {
  aws: FakeAws;
  configMaps: FakeConfigMaps;
  cr: GmsaCredentialSpec;
}

const OURS = ownershipTags(owner('GmsaCredentialSpec', 'webapp01'));
const ANOTHERS = ownershipTags(owner('GmsaCredentialSpec', 'webapp01', 'team-b'));
const tagsOf = (whose: Whose): Record<string, string> =>
  whose === 'ours' ? OURS : whose === 'another' ? ANOTHERS : { team: 'platform' };
const whoseTags = (tags: Record<string, string>): Whose | 'foreign' => {
  const ownership = ownershipOf(tags, owner('GmsaCredentialSpec', 'webapp01'));
  return ownership === 'ours' ? 'ours' : ownership === 'unowned' ? 'untagged' : 'foreign';
};

const ssm: Store = {
  name: 'SSM parameter',
  storage: { ssm: { parameterName: PARAMETER, tier: 'Standard' } },
  contentRead: 'GetParameter',
  tagRead: 'ListTagsForResource',
  write: 'PutParameter',
  seed: (w, whose, body) =>
    w.aws.forRegion('us-east-1').parameters.seed(PARAMETER, { value: body, tags: tagsOf(whose) }),
  stored: (w) => {
    const p = w.aws.forRegion('us-east-1').parameters.peek(PARAMETER);
    return p && { body: p.value, whose: whoseTags(p.tags) };
  },
  vanish: (w) => w.aws.forRegion('us-east-1').parameters.remove(PARAMETER),
};

const s3: Store = {
  name: 'S3 object',
  storage: { s3: { bucket: BUCKET, key: KEY } },
  contentRead: 'GetObject',
  tagRead: 'GetObjectTagging',
  write: 'PutObject',
  seed: (w, whose, body) => w.aws.forRegion('us-east-1').objects.seed(BUCKET, KEY, { body, tags: tagsOf(whose) }),
  stored: (w) => {
    const o = w.aws.forRegion('us-east-1').objects.peek(BUCKET, KEY);
    return o && { body: o.body, whose: whoseTags(o.tags) };
  },
  vanish: (w) => w.aws.forRegion('us-east-1').objects.remove(BUCKET, KEY),
};

const configMap: Store = {
  name: 'ConfigMap',
  storage: { localFile: { path: 'webapp01.json' } },
  contentRead: 'getConfigMap',
  tagRead: 'getConfigMap',
  write: 'putConfigMap',
  seed: (w, whose, body) =>
    w.configMaps.seed(NAMESPACE, CM, {
      data: { 'webapp01.json': body },
      ownerUids: whose === 'ours' ? ['uid-webapp01'] : whose === 'another' ? [OTHER_UID] : [],
    }),
  stored: (w) => {
    const cm = w.configMaps.peek(NAMESPACE, CM);
    if (!cm) return undefined;
    const whose = cm.ownerUids.includes('uid-webapp01') ? 'ours' : cm.ownerUids.length > 0 ? 'foreign' : 'untagged';
    return { body: cm.data['webapp01.json'] ?? '', whose };
  },
  vanish: (w) => w.configMaps.remove(NAMESPACE, CM),
};

const STORES = [ssm, s3, configMap];

function world(
  store: Store,
  options: { established?: boolean; adopt?: AdoptionRequest } = {},
): {
  w: World;
  target: CredSpecTarget;
  rendered: string;
} {
  const base = credSpecResource(
    { storage: store.storage },
    options.adopt?.annotated ? { annotations: { 'ecsgmsa.io/adopt': 'true' } } : {},
  );
  const rendered = renderCredentialSpec(base.spec, scope);
  const cr = options.established ? { ...base, status: { credentialSpecArn: rendered.location.arn } } : base;
  const aws = new FakeAws();
  aws.forRegion('us-east-1').objects.createBucket(BUCKET);
  const configMaps = new FakeConfigMaps(aws.log);
  const o = ownerOf(cr, CLUSTER);
  const target: CredSpecTarget = {
    cr,
    rendered,
    ports: aws.forRegion('us-east-1'),
    configMaps,
    owner: o,
    tags: objectTags(cr, o),
    adoption: options.adopt ?? { annotated: false, permitted: false },
  };
  return { w: { aws, configMaps, cr }, target, rendered: rendered.bytes };
}

describe.each(STORES)('ensureCredSpec in a $name', (store) => {
  it('creates an absent object, as ours', async () => {
    const { w, target, rendered } = world(store);
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'created' });
    expect(store.stored(w)).toStrictEqual({ body: rendered, whose: 'ours' });
  });

  it('finds our object with the rendered content, recorded in status, unchanged with one read', async () => {
    const { w, target, rendered } = world(store, { established: true });
    store.seed(w, 'ours', rendered);
    w.aws.log.clear();
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'unchanged' });
    expect(w.aws.log.operations()).toStrictEqual([store.contentRead]);
  });

  it('finds our object with the rendered content, not yet recorded, unchanged after a tag read, with no write', async () => {
    const { w, target, rendered } = world(store);
    store.seed(w, 'ours', rendered);
    w.aws.log.clear();
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'unchanged' });
    expect(w.aws.log.operations()).toStrictEqual([store.tagRead, store.contentRead]);
  });

  it('updates our object with other content only after a fresh tag read', async () => {
    const { w, target, rendered } = world(store, { established: true });
    store.seed(w, 'ours', '{"old":true}');
    w.aws.log.clear();
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'updated' });
    const ops = w.aws.log.operations();
    expect(ops.slice(0, 2)).toStrictEqual([store.contentRead, store.tagRead]);
    expect(ops.indexOf(store.write)).toBeGreaterThan(1);
    expect(store.stored(w)).toStrictEqual({ body: rendered, whose: 'ours' });
  });

  it("refuses another resource's object (Stalled AlreadyExists), naming neither its owner nor writing it", async () => {
    const { w, target } = world(store, { established: true, adopt: { annotated: true, permitted: true } });
    store.seed(w, 'another', '{"theirs":true}');
    const err = await refusal(ensureCredSpec(target));
    expect(err.blocked).toMatchObject({ kind: 'stalled', reason: 'AlreadyExists' });
    expect(err.message).toMatch(/owned by another resource; it is never taken over/);
    expect(err.message).not.toMatch(/team-b|uid-of/);
    expect(w.aws.log.count(store.write)).toBe(0);
    expect(store.stored(w)).toStrictEqual({ body: '{"theirs":true}', whose: 'foreign' });
  });

  it.each([
    ['without the adopt annotation', { annotated: false, permitted: true }, /annotate the resource ecsgmsa.io\/adopt/],
    ['annotated where the policy forbids adoption', { annotated: true, permitted: false }, /does not allow adoption/],
  ])('refuses an object it did not make %s, leaving it as it was', async (_case, adopt, message) => {
    const { w, target } = world(store, { adopt });
    store.seed(w, 'untagged', '{"hand-made":true}');
    const err = await refusal(ensureCredSpec(target));
    expect(err.blocked).toMatchObject({ kind: 'stalled', reason: 'AlreadyExists' });
    expect(err.message).toMatch(message);
    expect(w.aws.log.count(store.write)).toBe(0);
    expect(store.stored(w)).toStrictEqual({ body: '{"hand-made":true}', whose: 'untagged' });
  });

  it.each([
    ['with other content', '{"hand-made":true}'],
    ['with the rendered content', undefined],
  ])('adopts an object it did not make %s, annotated and permitted: ours afterwards', async (_case, body) => {
    const { w, target, rendered } = world(store, { adopt: { annotated: true, permitted: true } });
    store.seed(w, 'untagged', body ?? rendered);
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'adopted' });
    expect(store.stored(w)).toStrictEqual({ body: rendered, whose: 'ours' });
  });

  it('creates the object again when it vanished between the ownership read and the content read', async () => {
    const { w, target, rendered } = world(store);
    store.seed(w, 'ours', '{"old":true}');
    // A ConfigMap answers both questions with one read: it vanishes before the second one.
    const atRead = store.contentRead === store.tagRead ? 2 : 1;
    let reads = 0;
    const vanishAtRead = (): void => {
      reads += 1;
      if (reads === atRead) store.vanish(w);
    };
    w.aws.log.before(store.contentRead, vanishAtRead, { times: atRead });
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'created' });
    expect(store.stored(w)).toStrictEqual({ body: rendered, whose: 'ours' });
  });
});

describe('ensureCredSpec: the SSM tier ratchet (Advanced never goes back to Standard)', () => {
  it.each([
    ['an Advanced parameter asked to be Standard stays Advanced', 'Advanced', 'Standard', 'Advanced', true],
    [
      'a Standard parameter asked to be Advanced becomes Advanced, with no metadata read',
      'Standard',
      'Advanced',
      'Advanced',
      false,
    ],
    ['a Standard parameter asked to be Standard stays Standard', 'Standard', 'Standard', 'Standard', true],
  ] as const)('%s', async (_case, existing, asked, written, metadataRead) => {
    const { w, target, rendered } = world({ ...ssm, storage: { ssm: { parameterName: PARAMETER, tier: asked } } });
    w.aws.forRegion('us-east-1').parameters.seed(PARAMETER, { value: '{"old":true}', tier: existing, tags: OURS });
    w.aws.log.clear();
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'updated' });
    expect(w.aws.forRegion('us-east-1').parameters.peek(PARAMETER)).toMatchObject({ value: rendered, tier: written });
    expect(w.aws.log.operations().includes('DescribeParameters')).toBe(metadataRead);
  });

  it('writes a new parameter in the tier asked for', async () => {
    const { w, target } = world({ ...ssm, storage: { ssm: { parameterName: PARAMETER, tier: 'Advanced' } } });
    await ensureCredSpec(target);
    expect(w.aws.forRegion('us-east-1').parameters.peek(PARAMETER)).toMatchObject({ tier: 'Advanced', type: 'String' });
  });
});

describe('ensureCredSpec: store specifics', () => {
  it('rewrites our SecureString holding the rendered bytes as a String (hosts read it without decryption)', async () => {
    const { w, target, rendered } = world(ssm, { established: true });
    w.aws.forRegion('us-east-1').parameters.seed(PARAMETER, { value: rendered, type: 'SecureString', tags: OURS });
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'updated' });
    expect(w.aws.forRegion('us-east-1').parameters.peek(PARAMETER)).toMatchObject({ type: 'String', value: rendered });
  });

  it('keeps the user tags beside the ownership tags, ownership winning', async () => {
    const { w, target } = world(ssm);
    await ensureCredSpec({ ...target, tags: { ...target.tags, team: 'a' } });
    expect(w.aws.forRegion('us-east-1').parameters.peek(PARAMETER)?.tags).toStrictEqual({ ...OURS, team: 'a' });
  });

  it('encrypts an S3 object with the KMS key of the spec', async () => {
    const { w, target } = world({ ...s3, storage: { s3: { bucket: BUCKET, key: KEY, kmsKeyId: 'key-1' } } });
    await ensureCredSpec(target);
    expect(w.aws.forRegion('us-east-1').objects.peek(BUCKET, KEY)).toMatchObject({ kmsKeyId: 'key-1' });
  });

  it('says where a localFile CredSpec must be placed, and publishes it with our owner reference and labels', async () => {
    const { w, target, rendered } = world(configMap);
    await expect(ensureCredSpec(target)).resolves.toStrictEqual({
      action: 'created',
      where: `ConfigMap ${CM}: place its "webapp01.json" at C:\\ProgramData\\Docker\\CredentialSpecs\\webapp01.json on every container instance`,
      configMapName: CM,
    });
    expect(w.configMaps.peek(NAMESPACE, CM)).toMatchObject({
      data: { 'webapp01.json': rendered },
      ownerUids: ['uid-webapp01'],
      labels: { 'app.kubernetes.io/managed-by': 'ecs-gmsa-operator', 'ecsgmsa.io/credential-spec': 'webapp01' },
    });
  });

  it('surfaces a bucket that does not exist as Stalled AwsRejected (NoSuchBucket)', async () => {
    const { w, target } = world(s3);
    w.aws.forRegion('us-east-1').objects.removeBucket(BUCKET);
    const err: unknown = await ensureCredSpec(target).catch((e: unknown) => e);
    expect(blockedFor(err)).toMatchObject({ kind: 'stalled', reason: 'AwsRejected' });
    expect(String(err)).toMatch(/NoSuchBucket/);
  });

  it('surfaces a ConfigMap written by someone else meanwhile (409) as a retry', async () => {
    const { w, target } = world(configMap);
    w.aws.log.before('putConfigMap', () => store409(w));
    const err: unknown = await ensureCredSpec(target).catch((e: unknown) => e);
    expect(blockedFor(err)).toMatchObject({ kind: 'retrying', reason: 'KubernetesRetrying' });
  });
});

describe('ensureCredSpec: the KMS key of an S3 object', () => {
  const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
  const KEY_ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}`;
  const OTHER_KEY = '0987dcba-09fe-87dc-65ba-ab0987654321';
  const keyed = (kmsKeyId?: string): Store => ({ ...s3, storage: { s3: { bucket: BUCKET, key: KEY, kmsKeyId } } });
  const objects = (w: World) => w.aws.forRegion('us-east-1').objects;

  it.each([
    ['another key', OTHER_KEY],
    ['no SSE-KMS key at all', undefined],
  ])(
    're-writes our recorded object under %s with the key the spec now names, in the steady-state read',
    async (_n, had) => {
      const { w, target, rendered } = world(keyed(KEY_ID), { established: true });
      objects(w).seed(BUCKET, KEY, { body: rendered, tags: OURS, kmsKeyId: had });
      await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'reencrypted' });
      expect(objects(w).peek(BUCKET, KEY)).toMatchObject({ body: rendered, tags: OURS, kmsKeyId: KEY_ID });
      expect(w.aws.log.operations()).toStrictEqual(['GetObject', 'GetObjectTagging', 'PutObject']);
    },
  );

  it('writes nothing when S3 reports as a key ARN the key the spec names by id (no re-write loop)', async () => {
    const { w, target, rendered } = world(keyed(KEY_ID), { established: true });
    objects(w).seed(BUCKET, KEY, { body: rendered, tags: OURS, kmsKeyId: KEY_ARN });
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'unchanged' });
    expect(w.aws.log.operations()).toStrictEqual(['GetObject']);
  });

  it('leaves the key alone when the spec names none (the bucket default encryption decides)', async () => {
    const { w, target, rendered } = world(keyed(undefined), { established: true });
    objects(w).seed(BUCKET, KEY, { body: rendered, tags: OURS, kmsKeyId: OTHER_KEY });
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'unchanged' });
    expect(objects(w).peek(BUCKET, KEY)?.kmsKeyId).toBe(OTHER_KEY);
  });

  it("never re-writes another resource's object under another key: refused on its tags", async () => {
    const { w, target, rendered } = world(keyed(KEY_ID), { established: true });
    objects(w).seed(BUCKET, KEY, { body: rendered, tags: ANOTHERS, kmsKeyId: OTHER_KEY });
    await expect(ensureCredSpec(target)).rejects.toBeInstanceOf(BlockedError);
    expect(objects(w).peek(BUCKET, KEY)).toMatchObject({ tags: ANOTHERS, kmsKeyId: OTHER_KEY });
    expect(w.aws.log.operations()).toStrictEqual(['GetObject', 'GetObjectTagging']);
  });

  it('settles after one re-write: the next pass writes nothing', async () => {
    const { w, target, rendered } = world(keyed(KEY_ID), { established: true });
    objects(w).seed(BUCKET, KEY, { body: rendered, tags: OURS, kmsKeyId: OTHER_KEY });
    await ensureCredSpec(target);
    await expect(ensureCredSpec(target)).resolves.toMatchObject({ action: 'unchanged' });
    expect(w.aws.log.count('PutObject')).toBe(1);
  });
});

/** Someone creates the ConfigMap between our read and our create. */
function store409(w: World): void {
  w.configMaps.seed(NAMESPACE, CM, { data: { other: 'x' }, ownerUids: [OTHER_UID] });
}

describe('ensureCredSpec: a failing call stops it, and its class decides the outcome', () => {
  const rows: {
    case: string;
    store: Store;
    existing: boolean;
    operation: string;
    failure: Failure;
    blocked: object;
  }[] = [
    {
      case: 'a throttled SSM tag read is retried',
      store: ssm,
      existing: false,
      operation: 'ListTagsForResource',
      failure: 'throttled',
      blocked: { kind: 'retrying', reason: 'AwsRetrying' },
    },
    {
      case: 'a transient SSM content read is retried',
      store: ssm,
      existing: true,
      operation: 'GetParameter',
      failure: 'transient',
      blocked: { kind: 'retrying', reason: 'AwsRetrying' },
    },
    {
      case: 'an SSM write denied by IAM stalls as AccessDenied',
      store: ssm,
      existing: false,
      operation: 'PutParameter',
      failure: 'access-denied',
      blocked: { kind: 'stalled', reason: 'AccessDenied' },
    },
    {
      case: 'an S3 tag read denied by IAM stalls as AccessDenied',
      store: s3,
      existing: false,
      operation: 'GetObjectTagging',
      failure: 'access-denied',
      blocked: { kind: 'stalled', reason: 'AccessDenied' },
    },
    {
      case: 'an S3 write refused by AWS stalls as AwsRejected',
      store: s3,
      existing: true,
      operation: 'PutObject',
      failure: 'terminal',
      blocked: { kind: 'stalled', reason: 'AwsRejected' },
    },
    {
      case: 'a ConfigMap read forbidden by RBAC stalls as KubernetesAccessDenied',
      store: configMap,
      existing: false,
      operation: 'getConfigMap',
      failure: 403,
      blocked: { kind: 'stalled', reason: 'KubernetesAccessDenied' },
    },
    {
      case: 'a ConfigMap write refused as invalid stalls as KubernetesRejected',
      store: configMap,
      existing: true,
      operation: 'putConfigMap',
      failure: 422,
      blocked: { kind: 'stalled', reason: 'KubernetesRejected' },
    },
    {
      case: 'a ConfigMap write answered 500 is retried',
      store: configMap,
      existing: false,
      operation: 'putConfigMap',
      failure: 500,
      blocked: { kind: 'retrying', reason: 'KubernetesRetrying' },
    },
  ];

  it.each(rows)('$case, writing nothing', async ({ store, existing, operation, failure, blocked }) => {
    const { w, target } = world(store, { established: true });
    if (existing) store.seed(w, 'ours', '{"old":true}');
    w.aws.fail(operation, failure);
    const err: unknown = await ensureCredSpec(target).catch((e: unknown) => e);
    expect(blockedFor(err)).toMatchObject(blocked);
    expect(w.aws.log.count(operation)).toBe(1);
    expect(store.stored(w)?.body).toBe(existing ? '{"old":true}' : undefined);
  });
});
