// Display names of well-known SIDs, for messages about grants that name no domain account.
import { WellKnownSid } from './sid.js';

const NAMES: Record<string, string> = {
  [WellKnownSid.everyone]: 'Everyone',
  [WellKnownSid.network]: 'NT AUTHORITY\\NETWORK',
  [WellKnownSid.self]: 'NT AUTHORITY\\SELF',
  [WellKnownSid.authenticatedUsers]: 'NT AUTHORITY\\Authenticated Users',
  [WellKnownSid.thisOrganization]: 'NT AUTHORITY\\This Organization',
  [WellKnownSid.builtinAdministrators]: 'BUILTIN\\Administrators',
  'S-1-5-18': 'NT AUTHORITY\\SYSTEM',
  'S-1-5-32-545': 'BUILTIN\\Users',
};

/** The Windows display name of a well-known SID, else `undefined`. */
export function wellKnownSidName(sid: string): string | undefined {
  return NAMES[sid.toUpperCase()];
}
