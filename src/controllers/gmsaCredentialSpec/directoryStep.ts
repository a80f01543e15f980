// The directory step of a GmsaCredentialSpec reconcile: the spec to render once Active Directory agrees, and the
// DirectoryVerified report of a reconcile that failed (what AD said, or why AD was not asked).
import type { GmsaCredentialSpec, GmsaCredentialSpecSpec } from '../../api/types.js';
import { withDiscoveredDomain } from '../../domain/credspec/domain.js';
import { BlockedError } from '../common/outcome.js';
import { checkDirectory, type DirectoryDeps } from './directory.js';
import type { DomainlessUser } from './directoryInputs.js';
import { notCheckedReport, type DirectoryReport, type DirectoryResult } from './directoryOutcome.js';

/**
 * Stops a reconcile with what Active Directory said (the DirectoryVerified condition comes with it); the reconciler
 * re-checks these on the resync period, since AD is fixed out of band.
 */
export class DirectoryBlockedError extends BlockedError {
  constructor(readonly result: Extract<DirectoryResult, { kind: 'blocked' }>) {
    super(result.blocked);
  }
}

/**
 * The spec to render: without spec.directory the spec itself; with it, verified against AD and completed with the
 * discovered domain facts. The report goes into `directory` as soon as AD answered (also when it said no, which
 * throws a DirectoryBlockedError).
 */
export async function verifiedSpec(
  cr: GmsaCredentialSpec,
  deps: DirectoryDeps,
  domainless: DomainlessUser | undefined,
  directory: { report?: DirectoryReport },
): Promise<GmsaCredentialSpecSpec> {
  if (!cr.spec.directory) return cr.spec;
  const result = await checkDirectory(cr, deps, domainless);
  directory.report = result.report;
  if (result.kind === 'blocked') throw new DirectoryBlockedError(result);
  return withDiscoveredDomain(cr.spec, result.domain);
}

/**
 * DirectoryVerified for a failed reconcile: what AD said, else the verification done before the failure, else
 * Unknown (spec.directory is set but the reconcile stopped before asking AD). `directory` absent (deletion):
 * the condition is left as it is.
 */
export function failureReport(
  cr: GmsaCredentialSpec,
  err: unknown,
  directory: { report?: DirectoryReport } | undefined,
): DirectoryReport | undefined {
  if (err instanceof DirectoryBlockedError) return err.result.report;
  if (!directory || !cr.spec.directory) return undefined;
  return directory.report ?? notCheckedReport(err instanceof Error ? err.message : String(err));
}
