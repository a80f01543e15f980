import { parseRunConfig, RUN_FLAGS } from '../../../src/runtime/config.js';
import { parseDuration } from '../../../src/runtime/duration.js';

describe('run configuration', () => {
  it('applies defaults', () => {
    const { config, errors } = parseRunConfig({}, { AWS_REGION: 'eu-west-1' });
    expect(errors).toStrictEqual([]);
    expect(config).toMatchObject({
      region: 'eu-west-1',
      namespaces: [],
      clusterName: 'default',
      concurrency: 4,
      resyncPeriodMs: 600_000,
      accessDeniedRecheckMs: 300_000,
      rolloutPollIntervalMs: 15_000,
      leaderElect: false,
      metricsBindAddress: ':8080',
      logLevel: 'info',
      logFormat: 'json',
      shutdownTimeoutMs: 30_000,
      awsBackgroundShare: 0.1,
    });
  });

  it.each([
    ['25%', 0.25],
    ['25', 0.25],
    ['100%', 1],
    ['2.5 %', 0.025],
  ])('reads --aws-background-share %s as %p', (text, share) => {
    expect(parseRunConfig({ awsBackgroundShare: text }, { AWS_REGION: 'eu-west-1' }).config?.awsBackgroundShare).toBe(
      share,
    );
    expect(
      parseRunConfig({}, { AWS_REGION: 'eu-west-1', ECSGMSA_AWS_BACKGROUND_SHARE: text }).config?.awsBackgroundShare,
    ).toBe(share);
  });

  it('prefers flags over environment, environment over defaults', () => {
    const { config } = parseRunConfig(
      { clusterName: 'prod', namespace: ['a', 'b'], region: 'us-east-1' },
      {
        ECSGMSA_CLUSTER_NAME: 'env',
        ECSGMSA_RESYNC_PERIOD: '1h',
        ECSGMSA_NAMESPACES: 'x,y',
        ECSGMSA_LEADER_ELECT: 'true',
        POD_NAMESPACE: 'ops',
      },
    );
    expect(config).toMatchObject({
      clusterName: 'prod',
      namespaces: ['a', 'b'],
      resyncPeriodMs: 3_600_000,
      leaderElect: true,
      leaderElectionNamespace: 'ops',
    });
  });

  it.each([
    [{}, {}, '--region: required (or AWS_REGION): the default region of objects without spec.region'],
    [
      { resyncPeriod: '10 minutes' },
      {},
      '--resync-period: "10 minutes" is not a positive duration such as 30s, 10m or 1h',
    ],
    [{ logLevel: 'verbose' }, {}, '--log-level: "verbose" is not one of error, warn, info, debug'],
    [{ logFormat: 'xml' }, {}, '--log-format: "xml" is not one of json, text'],
    [{ concurrency: '0' }, {}, '--concurrency: "0" is not a positive integer'],
    [{ awsBackgroundShare: '0%' }, {}, '--aws-background-share: "0%" is not a percentage from 1 to 100, such as 10%'],
    [{ awsBackgroundShare: '150' }, {}, '--aws-background-share: "150" is not a percentage from 1 to 100, such as 10%'],
    [{ awsBackgroundShare: 'ten' }, {}, '--aws-background-share: "ten" is not a percentage from 1 to 100, such as 10%'],
    [
      { leaderElect: true },
      {},
      '--leader-election-namespace: required with --leader-elect outside a pod (POD_NAMESPACE is not set)',
    ],
    [
      {},
      { ECSGMSA_SHUTDOWN_TIMEOUT: '-5s' },
      '--shutdown-timeout: "-5s" is not a positive duration such as 30s, 10m or 1h',
    ],
  ])('rejects %p (env %p) with a clear error', (raw, env, message) => {
    const { config, errors } = parseRunConfig(raw, env);
    expect(config).toBeUndefined();
    expect(errors).toContain(message);
  });

  it.each(RUN_FLAGS.filter((f) => f.required).map((f) => [f.flag, f] as const))(
    'refuses to start without the required flag --%s (no default)',
    (flag, spec) => {
      expect(spec.default).toBeUndefined();
      const { config, errors } = parseRunConfig({}, {});
      expect(config).toBeUndefined();
      expect(errors.some((e) => e.startsWith(`--${flag}: required`))).toBe(true);
    },
  );

  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['10', undefined],
    ['', undefined],
  ])('duration %s is %p ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('directory flags', () => {
  it('default to no domain, no controller and the system resolver', () => {
    const { config } = parseRunConfig({ region: 'us-east-1' }, {});
    expect(config).toMatchObject({ directoryDomains: [], directoryServers: [], directoryDnsServers: [] });
  });

  it('are read from repeated flags or comma-separated environment variables', () => {
    const { config } = parseRunConfig(
      { region: 'us-east-1', directoryDomain: ['corp.example.com'] },
      {
        ECSGMSA_DIRECTORY_SERVERS: 'ldaps://dc1.corp.example.com, ldaps://dc2.corp.example.com',
        ECSGMSA_DIRECTORY_DNS_SERVERS: '10.0.0.2,10.0.0.3:5353',
      },
    );
    expect(config).toMatchObject({
      directoryDomains: ['corp.example.com'],
      directoryServers: ['ldaps://dc1.corp.example.com', 'ldaps://dc2.corp.example.com'],
      directoryDnsServers: ['10.0.0.2', '10.0.0.3:5353'],
    });
  });

  it.each(['10.0.0.2', '10.0.0.2:53', 'fd00::2', '[fd00::2]:53'])('accept the DNS server %s', (server) => {
    expect(parseRunConfig({ region: 'us-east-1', directoryDnsServer: [server] }, {}).errors).toEqual([]);
  });

  it.each(['dns.corp.example.com', '10.0.0.2:0', '10.0.0.2:99999', '[fd00::2', '10.0.0'])(
    'refuse the DNS server %s',
    (server) => {
      expect(parseRunConfig({ region: 'us-east-1', directoryDnsServer: [server] }, {}).errors).toEqual([
        `--directory-dns-server: "${server}" is not an IP address with an optional port (10.0.0.2, 10.0.0.2:53, [fd00::2]:53)`,
      ]);
    },
  );
});
