// Samba's own answers, from its Python bindings (the code samba-tool runs): the domain facts read from the
// running DC's database, and Samba's decoding and SDDL encoding of SIDs, GUIDs and security descriptors.
// Tests compare our TypeScript against these; nothing here is used by src/.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { SambaHandleData } from './samba.js';

/** The domain as Samba's SamDB reports it. */
export interface SambaDomainFacts {
  sid: string;
  guid: string;
  netBiosName: string;
  dnsName: string;
}

/** One ACE as Samba's NDR decodes it. */
export interface SambaAce {
  type: number;
  flags: number;
  mask: number;
  sid: string;
  objectType?: string;
  inheritedObjectType?: string;
}

/** A security descriptor as Samba's NDR decodes it, with Samba's SDDL. */
export interface SambaDescriptor {
  sddl: string;
  revision: number;
  control: number;
  owner?: string;
  group?: string;
  dacl?: { revision: number; aces: SambaAce[] };
  sacl?: { revision: number; aces: SambaAce[] };
}

const SCRIPT = String.raw`
import json, sys
from samba.dcerpc import security, misc
from samba.ndr import ndr_pack, ndr_unpack
req = json.load(sys.stdin)
out = {}
def acl(a):
    if a is None: return None
    aces = []
    for ace in a.aces:
        d = {'type': int(ace.type), 'flags': int(ace.flags), 'mask': int(ace.access_mask), 'sid': str(ace.trustee)}
        if ace.type in (5, 6, 7, 8, 11, 12, 15, 16):
            if ace.object.flags & 1: d['objectType'] = str(ace.object.type)
            if ace.object.flags & 2: d['inheritedObjectType'] = str(ace.object.inherited_type)
        aces.append(d)
    return {'revision': int(a.revision), 'aces': aces}
def sd_json(b):
    sd = ndr_unpack(security.descriptor, b)
    d = {'sddl': sd.as_sddl(), 'revision': int(sd.revision), 'control': int(sd.type)}
    if sd.owner_sid is not None: d['owner'] = str(sd.owner_sid)
    if sd.group_sid is not None: d['group'] = str(sd.group_sid)
    if sd.dacl is not None: d['dacl'] = acl(sd.dacl)
    if sd.sacl is not None: d['sacl'] = acl(sd.sacl)
    return d
if 'sids' in req: out['sids'] = [str(ndr_unpack(security.dom_sid, bytes.fromhex(h))) for h in req['sids']]
if 'guids' in req: out['guids'] = [str(ndr_unpack(misc.GUID, bytes.fromhex(h))) for h in req['guids']]
if 'descriptors' in req: out['descriptors'] = [sd_json(bytes.fromhex(h)) for h in req['descriptors']]
if 'sddl' in req:
    dom = security.dom_sid(req['sddl']['domainSid'])
    out['sddl'] = [ndr_pack(security.descriptor.from_sddl(s, dom)).hex() for s in req['sddl']['descriptors']]
if 'samdb' in req:
    from samba.samdb import SamDB
    from samba.param import LoadParm
    from samba.auth import system_session
    lp = LoadParm(); lp.load(req['samdb']['conf'])
    db = SamDB(url=req['samdb']['url'], session_info=system_session(), lp=lp)
    base = db.get_default_basedn()
    guid = db.search(base=base, scope=0, attrs=['objectGUID'])[0]['objectGUID'][0]
    out['domain'] = {'sid': str(db.get_domain_sid()), 'guid': str(ndr_unpack(misc.GUID, guid)), 'netBiosName': lp.get('workgroup'), 'dnsName': db.domain_dns_name()}
json.dump(out, sys.stdout)
`;

interface Request {
  sids?: string[];
  guids?: string[];
  descriptors?: string[];
  sddl?: { domainSid: string; descriptors: string[] };
  samdb?: { conf: string; url: string };
}

interface Response {
  sids?: string[];
  guids?: string[];
  descriptors?: SambaDescriptor[];
  sddl?: string[];
  domain?: SambaDomainFacts;
}

/** Runs the script with Debian's python3 (the one with the samba module), without Python overrides. */
function runPython(request: Request): Promise<Response> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  return new Promise((resolve, reject) => {
    const child = execFile(
      '/usr/bin/python3',
      ['-c', SCRIPT],
      { env, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`samba python failed: ${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Response);
      },
    );
    child.stdin?.end(JSON.stringify(request));
  });
}

/** Domain SID, GUID, NetBIOS and DNS name as Samba's SamDB reads them from the running DC's database. */
export async function sambaDomainFacts(samba: SambaHandleData): Promise<SambaDomainFacts> {
  const { domain } = await runPython({
    samdb: { conf: join(samba.dataDir, 'etc', 'smb.conf'), url: join(samba.dataDir, 'private', 'sam.ldb') },
  });
  if (!domain) throw new Error('samba python returned no domain facts');
  return domain;
}

/** Samba's decoding of binary SIDs, GUIDs and security descriptors (hex in, decoded out, in order). */
export async function sambaDecode(values: {
  sids?: string[];
  guids?: string[];
  descriptors?: string[];
}): Promise<Required<Pick<Response, 'sids' | 'guids' | 'descriptors'>>> {
  const out = await runPython(values);
  return { sids: out.sids ?? [], guids: out.guids ?? [], descriptors: out.descriptors ?? [] };
}

/** Samba's binary encoding (hex) of SDDL strings; `domainSid` resolves domain aliases such as DA. */
export async function sambaEncodeSddl(descriptors: string[], domainSid: string): Promise<string[]> {
  return (await runPython({ sddl: { domainSid, descriptors } })).sddl ?? [];
}
