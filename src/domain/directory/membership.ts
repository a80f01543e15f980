// The decoded msDS-GroupMSAMembership of an account, with a malformed value as a value rather than a throw.
import { DirectoryDataError } from './bytes.js';
import { decodeSecurityDescriptor } from './decodeSecurityDescriptor.js';
import type { DirectoryAccount } from './facts.js';
import type { SecurityDescriptor } from './securityDescriptor.js';

/** The account's descriptor; `undefined` when it has none; the DirectoryDataError when it does not decode. */
export function membershipOf(entry: DirectoryAccount): SecurityDescriptor | DirectoryDataError | undefined {
  if (!entry.groupMsaMembership) return undefined;
  try {
    return decodeSecurityDescriptor(entry.groupMsaMembership);
  } catch (err: unknown) {
    if (err instanceof DirectoryDataError) return err;
    throw err;
  }
}
