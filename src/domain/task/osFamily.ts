// Facts about ECS operatingSystemFamily values.

/** True for every WINDOWS_SERVER_* family. */
export function isWindowsFamily(family: string | undefined): boolean {
  return family !== undefined && family.startsWith('WINDOWS_SERVER');
}

/** Windows Server 2016 Full: hostname must equal the gMSA account, no domainless, no awsvpc hostname. */
export function isServer2016(family: string | undefined): boolean {
  return family === 'WINDOWS_SERVER_2016_FULL';
}

/** The CredSpec host OS a task family runs on. */
export function hostOsOfFamily(family: string | undefined): 'Windows' | 'Linux' | undefined {
  if (family === undefined) return undefined;
  return isWindowsFamily(family) ? 'Windows' : 'Linux';
}
