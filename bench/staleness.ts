// What the tasks' status says while they converge, sampled from outside: how many say they wait for a
// rate-limit slot, and how many still say they wait for their CredSpec although it has been Ready for a
// whole sampling interval (a stale message).
import type { KubeHttp } from '../src/kube/http.js';

interface Listed {
  metadata: { name: string; namespace: string };
  spec?: { taskDefinition?: { containerDefinitions?: { gmsa?: { credentialSpecRef: string } }[] } };
  status?: { conditions?: { type: string; status: string; reason: string }[] };
}

/** What the samples saw. */
export interface StatusSamples {
  samples: number;
  /** Tasks seen with Ready reason AwsRateLimited at least once. */
  rateLimitedTasks: number;
  /** Most tasks seen at once with reason AwsRateLimited. */
  rateLimitedAtOnce: number;
  /** Sightings of a task saying CredentialSpecNotReady while its CredSpec was Ready in this and the previous sample. */
  staleSightings: number;
  /** Most tasks seen at once without any Ready condition (not reconciled yet: waiting in the work queue). */
  unreportedAtOnce: number;
}

const readyOf = (o: Listed): { status: string; reason: string } | undefined =>
  o.status?.conditions?.find((c) => c.type === 'Ready');

async function list(http: KubeHttp, plural: string): Promise<Listed[]> {
  return (await http.request<{ items: Listed[] }>({ method: 'GET', path: `/apis/ecsgmsa.io/v1alpha1/${plural}` }))
    .items;
}

/** Samples every `everyMs` until stopped. */
export function sampleStatuses(http: KubeHttp, everyMs: number): { stop(): Promise<StatusSamples> } {
  const result: StatusSamples = {
    samples: 0,
    rateLimitedTasks: 0,
    rateLimitedAtOnce: 0,
    staleSightings: 0,
    unreportedAtOnce: 0,
  };
  const rateLimited = new Set<string>();
  let readyBefore = new Set<string>();
  let stopped = false;
  const sample = async (): Promise<void> => {
    const credSpecs = await list(http, 'gmsacredentialspecs');
    const readyNow = new Set(
      credSpecs.filter((c) => readyOf(c)?.status === 'True').map((c) => `${c.metadata.namespace}/${c.metadata.name}`),
    );
    let atOnce = 0;
    let unreported = 0;
    for (const t of await list(http, 'ecsgmsatasks')) {
      const key = `${t.metadata.namespace}/${t.metadata.name}`;
      const reason = readyOf(t)?.reason;
      if (reason === undefined) unreported += 1;
      if (reason === 'AwsRateLimited') {
        rateLimited.add(key);
        atOnce += 1;
      }
      const refs = (t.spec?.taskDefinition?.containerDefinitions ?? []).flatMap((c) =>
        c.gmsa ? [`${t.metadata.namespace}/${c.gmsa.credentialSpecRef}`] : [],
      );
      if (reason === 'CredentialSpecNotReady' && refs.every((r) => readyNow.has(r) && readyBefore.has(r)))
        result.staleSightings += 1;
    }
    readyBefore = readyNow;
    result.samples += 1;
    result.rateLimitedAtOnce = Math.max(result.rateLimitedAtOnce, atOnce);
    result.unreportedAtOnce = Math.max(result.unreportedAtOnce, unreported);
  };
  const loop = (async () => {
    while (!stopped) {
      await sample().catch(() => undefined);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { ...result, rateLimitedTasks: rateLimited.size };
    },
  };
}
