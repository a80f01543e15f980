import { retargetARecord } from '../../../devenv/sambaDns.js';

// dnsRecord values as a Samba DC stores them (DNS_RPC_RECORD): an A record for 127.77.0.1 and an SRV record.
const A_RECORD = Buffer.from('0400010005f00000010000000000038400000000000000007f4d0001', 'hex');
const SRV_RECORD = Buffer.from(
  '1e00210005f000000100000000000384000000000000000000000064018516040364633104636f7270076578616d706c6503636f6d00',
  'hex',
);

describe("pointing the template DC's DNS records at a run's address", () => {
  it('rewrites the address of an A record for the template address and nothing else', () => {
    const out = retargetARecord(A_RECORD, '127.77.0.1', '127.77.12.34');
    expect(out?.toString('hex')).toBe('0400010005f00000010000000000038400000000000000007f4d0c22');
    expect(A_RECORD.toString('hex')).toBe('0400010005f00000010000000000038400000000000000007f4d0001');
  });

  it('leaves an A record for another address alone', () => {
    expect(retargetARecord(A_RECORD, '127.77.0.2', '127.77.12.34')).toBeUndefined();
  });

  it('leaves records of other types alone', () => {
    expect(retargetARecord(SRV_RECORD, '127.77.0.1', '127.77.12.34')).toBeUndefined();
  });
});
