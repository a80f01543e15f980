// DirectorySession over a bound ldapts client: the searches verification needs, each counted and time-limited.
import { AndFilter, EqualityFilter, OrFilter, type Client, type Entry, type Filter, type SearchOptions } from 'ldapts';
import { bindIdentityFilter, parseBindIdentity } from '../domain/directory/bindIdentity.js';
import type { DirectoryAccount, DirectoryPrincipal, DomainFacts } from '../domain/directory/facts.js';
import { guidToString } from '../domain/directory/guid.js';
import { escapeFilterValue } from '../domain/directory/ldapFilter.js';
import { encodeSid, isSidString, sidToString } from '../domain/directory/sid.js';
import { classifyDirectoryFailure } from './classify.js';
import { withDeadline } from './deadline.js';
import { buffers, firstBuffer, firstString, strings } from './entries.js';
import { DirectoryError } from './errors.js';
import type { LdapOperationCounter } from './operationCounter.js';
import type { DirectorySession } from './port.js';

const IN_CHAIN = '1.2.840.113556.1.4.1941';
const SECURITY_GROUP = 0x80000000;
const BINARY = ['objectSid', 'objectGUID', 'tokenGroups', 'msDS-GroupMSAMembership'];
const NAMES_PER_SEARCH = 100;

/**
 * A filter on objectSid as a Filter object carrying the bytes: ldapts decodes `\xx` escapes in a filter
 * string as UTF-8, which corrupts any SID byte of 0x80 or more.
 */
function sidEquals(sid: string): Filter {
  return new EqualityFilter({ attribute: 'objectSid', value: Buffer.from(encodeSid(sid)) });
}

interface RootDse {
  namingContext: string;
  configurationContext: string;
}

/** What the session was opened with (the password is not kept). */
export interface LdapSessionContext {
  server: string;
  username: string;
  operationTimeoutMs: number;
  counter?: LdapOperationCounter;
}

function sidOf(entry: Entry, what: string): string {
  const bytes = firstBuffer(entry, 'objectSid');
  if (!bytes)
    throw new DirectoryError(
      'insufficient-access',
      `${what} (${entry.dn}) came back without objectSid: the bind user may not read it`,
    );
  return sidToString(bytes);
}

/** A session on one bound connection. Not for concurrent use by several verifications. */
export class LdapDirectorySession implements DirectorySession {
  private rootDse?: RootDse;
  private closed = false;

  constructor(
    private readonly client: Client,
    private readonly ctx: LdapSessionContext,
  ) {}

  get server(): string {
    return this.ctx.server;
  }

  private async search(base: string, options: SearchOptions, what: string): Promise<Entry[]> {
    // ldapts reconnects silently (unauthenticated) after a dropped connection: refuse instead.
    if (this.closed || !this.client.isBound)
      throw new DirectoryError('unreachable', `${what} on ${this.server}: the connection is closed`, {
        server: this.server,
      });
    this.ctx.counter?.record('search', this.server);
    try {
      const result = await withDeadline(
        this.client.search(base, { explicitBufferAttributes: BINARY, ...options }),
        this.ctx.operationTimeoutMs,
        `${what} on ${this.server}`,
        () => {
          void this.client.unbind().catch(() => undefined);
        },
      );
      return result.searchEntries;
    } catch (err: unknown) {
      throw classifyDirectoryFailure(err, { operation: what, server: this.server });
    }
  }

  private async readRootDse(): Promise<RootDse> {
    if (this.rootDse) return this.rootDse;
    const [entry] = await this.search(
      '',
      { scope: 'base', attributes: ['defaultNamingContext', 'configurationNamingContext'] },
      'read rootDSE',
    );
    const namingContext = entry && firstString(entry, 'defaultNamingContext');
    const configurationContext = entry && firstString(entry, 'configurationNamingContext');
    if (!namingContext || !configurationContext)
      throw new DirectoryError(
        'other',
        `${this.server} does not publish defaultNamingContext in its rootDSE: not an Active Directory domain controller?`,
        { server: this.server },
      );
    this.rootDse = { namingContext, configurationContext };
    return this.rootDse;
  }

  async readDomain(): Promise<DomainFacts> {
    const { namingContext, configurationContext } = await this.readRootDse();
    const [domain] = await this.search(
      namingContext,
      { scope: 'base', attributes: ['objectSid', 'objectGUID'] },
      'read the domain object',
    );
    const guidBytes = domain && firstBuffer(domain, 'objectGUID');
    if (!domain || !guidBytes)
      throw new DirectoryError(
        'insufficient-access',
        `the domain object ${namingContext} came back without objectGUID`,
        { server: this.server },
      );
    const filter = `(&(objectClass=crossRef)(nCName=${escapeFilterValue(namingContext)}))`;
    const [crossRef] = await this.search(
      `CN=Partitions,${configurationContext}`,
      { scope: 'one', filter, attributes: ['nETBIOSName', 'dnsRoot'] },
      'read the domain partition',
    );
    const netBiosName = crossRef && firstString(crossRef, 'nETBIOSName');
    const dnsName = crossRef && firstString(crossRef, 'dnsRoot');
    if (!netBiosName || !dnsName)
      throw new DirectoryError(
        'not-found',
        `no crossRef with nETBIOSName and dnsRoot for ${namingContext} under CN=Partitions,${configurationContext}`,
        { server: this.server },
      );
    return {
      dnsName,
      netBiosName,
      sid: sidOf(domain, 'the domain object'),
      guid: guidToString(guidBytes),
      namingContext,
    };
  }

  async findAccount(samAccountName: string): Promise<DirectoryAccount | undefined> {
    const { namingContext } = await this.readRootDse();
    const attributes = ['objectClass', 'sAMAccountName', 'objectSid', 'dNSHostName', 'msDS-GroupMSAMembership'];
    const [entry] = await this.search(
      namingContext,
      { scope: 'sub', filter: `(sAMAccountName=${escapeFilterValue(samAccountName)})`, attributes },
      `search for ${samAccountName}`,
    );
    if (!entry) return undefined;
    const sid = firstBuffer(entry, 'objectSid');
    const membership = firstBuffer(entry, 'msDS-GroupMSAMembership');
    const dnsHostName = firstString(entry, 'dNSHostName');
    return {
      dn: entry.dn,
      samAccountName: firstString(entry, 'sAMAccountName') ?? samAccountName,
      objectClasses: strings(entry, 'objectClass'),
      ...(sid ? { sid: sidToString(sid) } : {}),
      ...(dnsHostName ? { dnsHostName } : {}),
      ...(membership ? { groupMsaMembership: new Uint8Array(membership) } : {}),
    };
  }

  private async bindEntryDn(): Promise<string> {
    const identity = parseBindIdentity(this.ctx.username);
    if (identity.form === 'dn') return identity.dn;
    const { namingContext } = await this.readRootDse();
    const domainDns = namingContext
      .split(',')
      .map((rdn) => rdn.replace(/^DC=/i, ''))
      .join('.');
    const filter = bindIdentityFilter(identity, domainDns) ?? '';
    const found = await this.search(
      namingContext,
      { scope: 'sub', filter, attributes: ['userPrincipalName'] },
      `search for the bind user ${this.ctx.username}`,
    );
    const upn = identity.form === 'upn' ? identity.upn.toLowerCase() : undefined;
    const entry =
      found.find((e) => upn !== undefined && firstString(e, 'userPrincipalName')?.toLowerCase() === upn) ?? found[0];
    if (!entry)
      throw new DirectoryError('not-found', `the bind user ${this.ctx.username} is not in ${namingContext}`, {
        server: this.server,
      });
    return entry.dn;
  }

  async readBindPrincipal(): Promise<DirectoryPrincipal> {
    const dn = await this.bindEntryDn();
    // tokenGroups is computed only for a base search.
    const [entry] = await this.search(
      dn,
      { scope: 'base', attributes: ['objectSid', 'sAMAccountName', 'tokenGroups'] },
      `read tokenGroups of ${this.ctx.username}`,
    );
    if (!entry)
      throw new DirectoryError('not-found', `the bind user's entry ${dn} is not readable`, { server: this.server });
    return {
      dn: entry.dn,
      samAccountName: firstString(entry, 'sAMAccountName') ?? this.ctx.username,
      sid: sidOf(entry, 'the bind user'),
      groupSids: buffers(entry, 'tokenGroups').map((b) => sidToString(b)),
    };
  }

  async findGroup(nameOrSid: string): Promise<DirectoryPrincipal | undefined> {
    const { namingContext } = await this.readRootDse();
    const match = isSidString(nameOrSid)
      ? sidEquals(nameOrSid)
      : new EqualityFilter({ attribute: 'sAMAccountName', value: nameOrSid });
    const filter = new AndFilter({
      filters: [new EqualityFilter({ attribute: 'objectClass', value: 'group' }), match],
    });
    const [group] = await this.search(
      namingContext,
      { scope: 'sub', filter, attributes: ['objectSid', 'sAMAccountName'] },
      `search for group ${nameOrSid}`,
    );
    if (!group) return undefined;
    // Groups have no usable tokenGroups (Samba returns none): walk memberships with the in-chain matching rule.
    const parents = await this.search(
      namingContext,
      {
        scope: 'sub',
        filter: `(&(objectClass=group)(member:${IN_CHAIN}:=${escapeFilterValue(group.dn)}))`,
        attributes: ['objectSid', 'groupType'],
      },
      `search for the groups of ${group.dn}`,
    );
    const security = parents.filter((p) => (Number(firstString(p, 'groupType') ?? 0) & SECURITY_GROUP) !== 0);
    return {
      dn: group.dn,
      samAccountName: firstString(group, 'sAMAccountName') ?? nameOrSid,
      sid: sidOf(group, `group ${nameOrSid}`),
      groupSids: security.map((p) => sidOf(p, 'a parent group')),
    };
  }

  async lookupNames(sids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const valid = sids.filter(isSidString);
    if (valid.length === 0) return names;
    const { namingContext } = await this.readRootDse();
    for (let i = 0; i < valid.length; i += NAMES_PER_SEARCH) {
      const chunk = valid.slice(i, i + NAMES_PER_SEARCH);
      const filter = new OrFilter({ filters: chunk.map(sidEquals) });
      const found = await this.search(
        namingContext,
        { scope: 'sub', filter, attributes: ['objectSid', 'sAMAccountName'] },
        'look up the names of the allowed principals',
      );
      for (const e of found) {
        const sam = firstString(e, 'sAMAccountName');
        if (sam) names.set(sidOf(e, 'a principal'), sam);
      }
    }
    return names;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ctx.counter?.record('unbind', this.server);
    await this.client.unbind().catch(() => undefined);
  }
}
