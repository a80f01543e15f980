// Points the template's DNS A records (provisioned for the template address) at a run's own address, over
// LDAP: dnsRecord values are DNS_RPC_RECORD structures (MS-DNSP 2.3.2.2) whose A data is the IPv4 address.
import { Attribute, Change, type Client } from 'ldapts';

const TYPE_A = 1;
const DATA_OFFSET = 24;

function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

/** The record with its A data replaced when it is an A record for `from`; else `undefined`. */
export function retargetARecord(record: Buffer, from: string, to: string): Buffer | undefined {
  if (record.length !== DATA_OFFSET + 4 || record.readUInt16LE(2) !== TYPE_A) return undefined;
  if (!record.subarray(DATA_OFFSET).equals(ipv4Bytes(from))) return undefined;
  const out = Buffer.from(record);
  ipv4Bytes(to).copy(out, DATA_OFFSET);
  return out;
}

const asBuffers = (value: unknown): Buffer[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is Buffer => Buffer.isBuffer(v));

/** Rewrites every A record for `from` in the domain's and forest's DNS zones to `to`; returns how many entries changed. */
export async function retargetDnsRecords(client: Client, baseDn: string, from: string, to: string): Promise<number> {
  let changed = 0;
  for (const partition of [`DC=DomainDnsZones,${baseDn}`, `DC=ForestDnsZones,${baseDn}`]) {
    const { searchEntries } = await client.search(`CN=MicrosoftDNS,${partition}`, {
      scope: 'sub',
      filter: '(dnsRecord=*)',
      attributes: ['dnsRecord'],
      explicitBufferAttributes: ['dnsRecord'],
    });
    for (const entry of searchEntries) {
      const records = asBuffers(entry.dnsRecord);
      const next = records.map((r) => retargetARecord(r, from, to) ?? r);
      if (next.every((r, i) => r === records[i])) continue;
      await client.modify(
        entry.dn,
        new Change({ operation: 'replace', modification: new Attribute({ type: 'dnsRecord', values: next }) }),
      );
      changed++;
    }
  }
  return changed;
}
