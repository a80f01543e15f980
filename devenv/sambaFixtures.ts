// Test fixtures in the Samba domain, created over LDAPS as Administrator: users with passwords, (nested)
// groups, gMSA accounts with a chosen msDS-GroupMSAMembership, and plain users named like a gMSA.
import { randomBytes } from 'node:crypto';
import { Attribute, Change, type Client } from 'ldapts';
import { passwordRetrievalDescriptor } from '../src/domain/directory/encodeSecurityDescriptor.js';
import { sidToString } from '../src/domain/directory/sid.js';
import type { SambaHandleData } from './samba.js';
import { bindLdap } from './sambaLdap.js';

/** A directory object the fixtures made. */
export interface SambaObject {
  /** sAMAccountName without a trailing `$`. */
  name: string;
  samAccountName: string;
  dn: string;
  sid: string;
}

/** A user with its password (test data of a throwaway domain). */
export interface SambaUser extends SambaObject {
  password: string;
  /** `name@corp.example.com`, a bind name. */
  upn: string;
  /** `CORP\name`, a bind name. */
  downLevel: string;
}

/** A name no other test uses: `prefix` plus random base-36 characters, at most `max` characters. */
export function uniqueName(prefix: string, max = 15): string {
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36);
  return `${prefix}${random}`.slice(0, max);
}

/** A password that meets AD's complexity rules. */
export function testPassword(): string {
  return `Pw-${randomBytes(9).toString('base64url')}-7q`;
}

const CONSTRUCTED_UAC_NORMAL_ACCOUNT = 512;
const UAC_WORKSTATION_TRUST_ACCOUNT = 4096;
/** RC4, AES128, AES256: what New-ADServiceAccount sets. */
const ENCRYPTION_TYPES = 28;

/** An Administrator session that creates fixtures; `close()` it in afterAll. */
export class SambaFixtures {
  private constructor(
    private readonly client: Client,
    readonly samba: SambaHandleData,
  ) {}

  static async connect(samba: SambaHandleData): Promise<SambaFixtures> {
    return new SambaFixtures(await bindLdap(samba, samba.admin.upn, samba.admin.password, 10_000), samba);
  }

  private async sidOf(dn: string): Promise<string> {
    const { searchEntries } = await this.client.search(dn, {
      scope: 'base',
      attributes: ['objectSid'],
      explicitBufferAttributes: ['objectSid'],
    });
    const sid = searchEntries[0]?.objectSid;
    if (!Buffer.isBuffer(sid)) throw new Error(`${dn} has no objectSid`);
    return sidToString(sid);
  }

  private users(): string {
    return `CN=Users,${this.samba.baseDn}`;
  }

  /** A user account, enabled, with a password (set over LDAPS as unicodePwd). */
  async createUser(options: { name?: string; password?: string } = {}): Promise<SambaUser> {
    const name = options.name ?? uniqueName('u');
    const password = options.password ?? testPassword();
    const dn = `CN=${name},${this.users()}`;
    const upn = `${name}@${this.samba.dnsName}`;
    await this.client.add(dn, [
      new Attribute({ type: 'objectClass', values: ['user'] }),
      new Attribute({ type: 'sAMAccountName', values: [name] }),
      new Attribute({ type: 'userPrincipalName', values: [upn] }),
      new Attribute({ type: 'unicodePwd', values: [Buffer.from(`"${password}"`, 'utf16le')] }),
      new Attribute({ type: 'userAccountControl', values: [String(CONSTRUCTED_UAC_NORMAL_ACCOUNT)] }),
    ]);
    return {
      name,
      samAccountName: name,
      dn,
      sid: await this.sidOf(dn),
      password,
      upn,
      downLevel: `${this.samba.netBiosName}\\${name}`,
    };
  }

  /** A global security group with the given members (users or groups: nesting is a member that is a group). */
  async createGroup(options: { name?: string; members?: { dn: string }[] } = {}): Promise<SambaObject> {
    const name = options.name ?? uniqueName('g');
    const dn = `CN=${name},${this.users()}`;
    const members = (options.members ?? []).map((m) => m.dn);
    await this.client.add(dn, {
      objectClass: 'group',
      sAMAccountName: name,
      ...(members.length > 0 ? { member: members } : {}),
    });
    return { name, samAccountName: name, dn, sid: await this.sidOf(dn) };
  }

  async addMembers(group: { dn: string }, members: { dn: string }[]): Promise<void> {
    await this.client.modify(
      group.dn,
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'member', values: members.map((m) => m.dn) }),
      }),
    );
  }

  /**
   * A gMSA (msDS-GroupManagedServiceAccount, sAMAccountName `<name>$`) as New-ADServiceAccount makes one.
   * `membership` is the raw msDS-GroupMSAMembership; by default the descriptor Set-ADServiceAccount writes for
   * `allowedSids`; `null` leaves the attribute out.
   */
  async createGmsa(
    options: { name?: string; allowedSids?: string[]; membership?: Uint8Array | null } = {},
  ): Promise<SambaObject> {
    const name = options.name ?? uniqueName('gm');
    const dn = `CN=${name},CN=Managed Service Accounts,${this.samba.baseDn}`;
    const membership =
      options.membership === undefined ? passwordRetrievalDescriptor(options.allowedSids ?? []) : options.membership;
    await this.client.add(dn, [
      new Attribute({ type: 'objectClass', values: ['msDS-GroupManagedServiceAccount'] }),
      new Attribute({ type: 'sAMAccountName', values: [`${name}$`] }),
      new Attribute({ type: 'dNSHostName', values: [`${name}.${this.samba.dnsName}`] }),
      new Attribute({ type: 'msDS-ManagedPasswordInterval', values: ['30'] }),
      new Attribute({ type: 'userAccountControl', values: [String(UAC_WORKSTATION_TRUST_ACCOUNT)] }),
      new Attribute({ type: 'msDS-SupportedEncryptionTypes', values: [String(ENCRYPTION_TYPES)] }),
      ...(membership ? [new Attribute({ type: 'msDS-GroupMSAMembership', values: [Buffer.from(membership)] })] : []),
    ]);
    return { name, samAccountName: `${name}$`, dn, sid: await this.sidOf(dn) };
  }

  /** Replaces a gMSA's msDS-GroupMSAMembership (as Set-ADServiceAccount does). */
  async setMembership(gmsa: { dn: string }, membership: Uint8Array): Promise<void> {
    await this.client.modify(
      gmsa.dn,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'msDS-GroupMSAMembership', values: [Buffer.from(membership)] }),
      }),
    );
  }

  /** The stored msDS-GroupMSAMembership bytes, or `undefined`. */
  async readMembership(gmsa: { dn: string }): Promise<Buffer | undefined> {
    const { searchEntries } = await this.client.search(gmsa.dn, {
      scope: 'base',
      attributes: ['msDS-GroupMSAMembership'],
      explicitBufferAttributes: ['msDS-GroupMSAMembership'],
    });
    const value = searchEntries[0]?.['msDS-GroupMSAMembership'];
    return Buffer.isBuffer(value) ? value : undefined;
  }

  /** A plain user account whose sAMAccountName is `<name>$`, like a gMSA's (the "not a gMSA" case). */
  async createLookalikeUser(name: string = uniqueName('lk')): Promise<SambaObject> {
    const dn = `CN=${name},${this.users()}`;
    await this.client.add(dn, [
      new Attribute({ type: 'objectClass', values: ['user'] }),
      new Attribute({ type: 'sAMAccountName', values: [`${name}$`] }),
      new Attribute({ type: 'userAccountControl', values: [String(CONSTRUCTED_UAC_NORMAL_ACCOUNT | 0x2)] }),
    ]);
    return { name, samAccountName: `${name}$`, dn, sid: await this.sidOf(dn) };
  }

  async delete(object: { dn: string }): Promise<void> {
    await this.client.del(object.dn);
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => undefined);
  }
}
