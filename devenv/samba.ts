// A Samba AD DC as the real Active Directory of a run: a copy of the provisioned template on tmpfs, started on
// its own loopback address (LDAP ports cannot move), ready once an LDAPS bind as Administrator succeeds.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { claimLoopbackAddress, type LoopbackAddress } from './loopbackAddress.js';
import { reapOrphans } from './orphans.js';
import { newRunDir, runsRoot } from './paths.js';
import { startProcess, type RunningProcess } from './processes.js';
import { retargetDnsRecords } from './sambaDns.js';
import { bindLdap, withLdap } from './sambaLdap.js';
import { requireSambaTemplate, type SambaTemplate } from './sambaTemplate.js';
import { Tracker } from './tracker.js';
import { startWatchdog } from './watchdog.js';

const SAMBA = '/usr/sbin/samba';

/** Everything a test needs to reach the domain; JSON-serialisable (it is part of env.json). */
export interface SambaHandleData {
  /** The instance's own loopback address; LDAP 389/636, DNS 53 and Kerberos 88 listen there. */
  ip: string;
  /** Kerberos realm, e.g. `CORP.EXAMPLE.COM`. */
  realm: string;
  /** DNS name of the domain, e.g. `corp.example.com`. */
  dnsName: string;
  /** NetBIOS name of the domain, e.g. `CORP`. */
  netBiosName: string;
  /** The domain's naming context, e.g. `DC=corp,DC=example,DC=com`. */
  baseDn: string;
  /** The DC's host name, the only name in its certificate (CN, no SAN): use it as TLS servername. */
  dcHostName: string;
  tlsServerName: string;
  /** `ldaps://<ip>:636`. */
  ldapsUrl: string;
  /** `ldap://<ip>:389`: StartTLS only (Samba refuses simple binds without TLS). */
  ldapUrl: string;
  /** Samba's self-signed CA: trust it to connect. */
  caPemPath: string;
  /** Samba's DNS server: it answers `_ldap._tcp.dc._msdcs.<dnsName>` SRV and the DC's A record. */
  dns: { host: string; port: number };
  /** Domain Administrator (a throwaway test domain). */
  admin: { samAccountName: string; upn: string; downLevel: string; dn: string; password: string };
  logPath: string;
  /** The per-run copy of the DC (on tmpfs); deleted on stop. */
  dataDir: string;
}

/** A running instance, owned by the process that started it. */
export interface Samba extends SambaHandleData {
  /** Stops the server, keeping its address and data (a domain controller going down). */
  stopServer(): Promise<void>;
  /** Starts it again after stopServer() (the domain controller coming back). */
  startServer(): Promise<void>;
  /** Stops it, frees its address, deletes its data; logs stay. Idempotent. */
  stop(): Promise<void>;
}

export interface SambaOptions {
  /** Run folder for samba.log. Default: a new `.run/<UTC time>-<pid>/` with its own crash cleanup. */
  runDir?: string;
  /** The crash-cleanup record of the run (startEnv passes its own). */
  tracker?: Tracker;
  log?: (line: string) => void;
  timeoutMs?: number;
}

function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('Samba AD DC binds ports 53, 88, 389 and 636: run as root');
  try {
    accessSync(SAMBA, constants.X_OK);
  } catch {
    throw new Error(`${SAMBA} is missing: run \`bash devenv/build-samba.sh\` as root`);
  }
}

function dataDirFor(runDir: string): string {
  let base = '/dev/shm';
  try {
    accessSync(base, constants.W_OK);
  } catch {
    base = tmpdir();
  }
  return mkdtempSync(join(base, `ecsgmsa-samba-${basename(runDir)}-`));
}

/** Copies the template DC (keeping owners, modes and ACL xattrs) and points its smb.conf at the copy and address. */
async function prepareCopy(template: SambaTemplate, dataDir: string, ip: string): Promise<string> {
  await promisify(execFile)('cp', ['-a', `${template.dcDir}/.`, dataDir]);
  const conf = join(dataDir, 'etc', 'smb.conf');
  const text = readFileSync(conf, 'utf8')
    .split(template.dcDir)
    .join(dataDir)
    .replace(/^(\s*interfaces\s*=).*$/m, `$1 ${ip}/8`);
  writeFileSync(conf, text);
  return conf;
}

function handleData(template: SambaTemplate, ip: string, dataDir: string, logPath: string): SambaHandleData {
  const dnsName = template.realm.toLowerCase();
  const baseDn = dnsName
    .split('.')
    .map((label) => `DC=${label}`)
    .join(',');
  const dcHostName = `${template.hostName}.${dnsName}`;
  return {
    ip,
    realm: template.realm,
    dnsName,
    netBiosName: template.netBiosDomain,
    baseDn,
    dcHostName,
    tlsServerName: dcHostName,
    ldapsUrl: `ldaps://${ip}:636`,
    ldapUrl: `ldap://${ip}:389`,
    caPemPath: join(dataDir, 'private', 'tls', 'ca.pem'),
    dns: { host: ip, port: 53 },
    admin: {
      samAccountName: 'Administrator',
      upn: `Administrator@${template.realm}`,
      downLevel: `${template.netBiosDomain}\\Administrator`,
      dn: `CN=Administrator,CN=Users,${baseDn}`,
      password: template.adminPassword,
    },
    logPath,
    dataDir,
  };
}

/** A readiness check: true once an LDAPS bind as Administrator succeeds, else the reason. */
async function ldapsBindWorks(h: SambaHandleData): Promise<true | string> {
  try {
    const client = await bindLdap(h, h.admin.upn, h.admin.password, 2_000);
    await client.unbind();
    return true;
  } catch (err: unknown) {
    return err instanceof Error ? err.message : String(err);
  }
}

interface Owned {
  tracker: Tracker;
  runDir: string;
  /** Set when startSamba made the run folder itself. */
  stopOwnRun?: () => void;
}

function ownRun(options: SambaOptions, log: (line: string) => void): Owned {
  if (options.runDir !== undefined && options.tracker !== undefined)
    return { runDir: options.runDir, tracker: options.tracker };
  const runDir = options.runDir ?? newRunDir();
  if (options.runDir === undefined) reapOrphans(runsRoot(), log);
  mkdirSync(runDir, { recursive: true });
  const tracker = options.tracker ?? new Tracker(runDir);
  tracker.write();
  const watchdog = startWatchdog(runDir);
  return {
    runDir,
    tracker,
    stopOwnRun: () => {
      tracker.remove();
      watchdog.stop();
    },
  };
}

/**
 * Starts a Samba AD DC for this run. Needs root and the template of `devenv/build-samba.sh`. With no
 * `runDir`/`tracker` it makes its own run folder with a pid record and watchdog, like startEnv().
 */
export async function startSamba(options: SambaOptions = {}): Promise<Samba> {
  const log = options.log ?? ((): void => undefined);
  const t0 = Date.now();
  requireRoot();
  const template = requireSambaTemplate();
  const owned = ownRun(options, log);
  let address: LoopbackAddress | undefined;
  let dataDir: string | undefined;
  const release = (): void => {
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    address?.release();
    owned.stopOwnRun?.();
  };
  let proc: RunningProcess | undefined;
  let launch: () => Promise<void> = () => Promise.reject(new Error('samba was not prepared'));
  let h: SambaHandleData;
  try {
    const claimed = await claimLoopbackAddress();
    address = claimed;
    owned.tracker.addTmpDir(claimed.lockPath);
    const dir = dataDirFor(owned.runDir);
    dataDir = dir;
    owned.tracker.addTmpDir(dir);
    const handle = handleData(template, claimed.ip, dir, join(owned.runDir, 'samba.log'));
    h = handle;
    launch = async (): Promise<void> => {
      proc = await startProcess({
        component: 'samba',
        command: SAMBA,
        args: ['-s', join(dir, 'etc', 'smb.conf'), '-i', '--debug-stdout', '-d1'],
        env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
        logPath: handle.logPath,
        onSpawn: owned.tracker.onSpawn,
        readiness: {
          step: `readiness (LDAPS bind as Administrator at ${handle.ldapsUrl})`,
          check: () => ldapsBindWorks(handle),
          timeoutMs: options.timeoutMs ?? 30_000,
        },
      });
    };
    await prepareCopy(template, dir, claimed.ip);
    await launch();
    const changed = await withLdap(handle, handle.admin.upn, handle.admin.password, (c) =>
      retargetDnsRecords(c, handle.baseDn, template.templateIp, claimed.ip),
    );
    log(
      `[env] samba ready at ${handle.ldapsUrl} (${handle.realm}, ${changed} DNS records pointed at ${claimed.ip}) in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
    );
  } catch (err: unknown) {
    await proc?.stop(5_000);
    release();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    ...h,
    stopServer: async () => {
      await proc?.stop(10_000);
    },
    startServer: async () => {
      if (stopping) throw new Error('this Samba was stopped; start a new one with startSamba()');
      if (proc && !proc.exited()) return;
      await launch();
    },
    stop: () => {
      stopping ??= (async () => {
        await proc?.stop(10_000);
        release();
        log(`[env] samba stopped; log kept at ${h.logPath}`);
      })();
      return stopping;
    },
  };
}

/** The serialisable part of a Samba (or of its handle). */
export function sambaHandleData(s: SambaHandleData): SambaHandleData {
  return {
    ip: s.ip,
    realm: s.realm,
    dnsName: s.dnsName,
    netBiosName: s.netBiosName,
    baseDn: s.baseDn,
    dcHostName: s.dcHostName,
    tlsServerName: s.tlsServerName,
    ldapsUrl: s.ldapsUrl,
    ldapUrl: s.ldapUrl,
    caPemPath: s.caPemPath,
    dns: { ...s.dns },
    admin: { ...s.admin },
    logPath: s.logPath,
    dataDir: s.dataDir,
  };
}
