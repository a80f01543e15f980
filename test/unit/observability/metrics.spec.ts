// The scrape-time metrics: objects by condition from a lister, and the age of the last successful reconcile.
import { Metrics } from '../../../src/observability/metrics.js';

/** The samples of `name` in the exposition text, as `labels value` lines. */
async function samples(metrics: Metrics, name: string): Promise<string[]> {
  const text = await metrics.text();
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('Metrics.observeObjects', () => {
  it('exports nothing for a kind until a lister is registered', async () => {
    expect(await samples(new Metrics({ processMetrics: false }), 'ecsgmsa_objects')).toStrictEqual([]);
  });

  it('reads the lister at every scrape: counts follow the cache, no object names appear', async () => {
    const metrics = new Metrics({ processMetrics: false });
    let cache = [
      { metadata: { name: 'web-secret-name' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    ];
    metrics.observeObjects('GmsaCredentialSpec', () => cache);
    expect(await samples(metrics, 'ecsgmsa_objects')).toEqual(
      expect.arrayContaining([
        'ecsgmsa_objects{kind="GmsaCredentialSpec",condition="Ready",status="True"} 1',
        'ecsgmsa_objects{kind="GmsaCredentialSpec",condition="Stalled",status="True"} 0',
      ]),
    );
    cache = [
      ...cache,
      {
        metadata: { name: 'other' },
        status: {
          conditions: [
            { type: 'Ready', status: 'False' },
            { type: 'Stalled', status: 'True' },
          ],
        },
      },
    ];
    const after = await samples(metrics, 'ecsgmsa_objects');
    expect(after).toEqual(
      expect.arrayContaining([
        'ecsgmsa_objects{kind="GmsaCredentialSpec",condition="Ready",status="True"} 1',
        'ecsgmsa_objects{kind="GmsaCredentialSpec",condition="Ready",status="False"} 1',
        'ecsgmsa_objects{kind="GmsaCredentialSpec",condition="Stalled",status="True"} 1',
      ]),
    );
    expect(after).toHaveLength(9); // 3 conditions x 3 statuses, one kind
    expect(after.join('\n')).not.toContain('web-secret-name');
  });

  it('keeps kinds apart', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.observeObjects('GmsaCredentialSpec', () => []);
    metrics.observeObjects('EcsGmsaTask', () => [{}, {}]);
    expect(await samples(metrics, 'ecsgmsa_objects')).toEqual(
      expect.arrayContaining([
        'ecsgmsa_objects{kind="GmsaCredentialSpec",condition="Ready",status="Unknown"} 0',
        'ecsgmsa_objects{kind="EcsGmsaTask",condition="Ready",status="Unknown"} 2',
      ]),
    );
  });
});

describe('Metrics.reconcileSucceeded', () => {
  it('exports no age before the first successful reconcile', async () => {
    expect(
      await samples(new Metrics({ processMetrics: false }), 'ecsgmsa_last_successful_reconcile_age_seconds'),
    ).toStrictEqual([]);
  });

  it('exports the seconds since the last success per controller, growing with the clock until the next one', async () => {
    let now = 1_000_000;
    const metrics = new Metrics({ processMetrics: false, now: () => now });
    metrics.reconcileSucceeded('gmsacredentialspec');
    now += 90_500;
    metrics.reconcileSucceeded('ecsgmsatask');
    now += 1_000;
    expect(await samples(metrics, 'ecsgmsa_last_successful_reconcile_age_seconds')).toStrictEqual([
      'ecsgmsa_last_successful_reconcile_age_seconds{controller="gmsacredentialspec"} 91.5',
      'ecsgmsa_last_successful_reconcile_age_seconds{controller="ecsgmsatask"} 1',
    ]);
    metrics.reconcileSucceeded('gmsacredentialspec');
    expect(await samples(metrics, 'ecsgmsa_last_successful_reconcile_age_seconds')).toContain(
      'ecsgmsa_last_successful_reconcile_age_seconds{controller="gmsacredentialspec"} 0',
    );
  });
});
