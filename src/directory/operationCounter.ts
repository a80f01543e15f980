// Counts LDAP protocol operations, so callers can prove how much traffic a verification makes (and that a
// steady state makes none).

/** The LDAP operations the adapter sends. */
export type LdapOperation = 'startTLS' | 'bind' | 'search' | 'unbind';

/** Receives one call per LDAP operation sent (successful or not). */
export interface LdapOperationCounter {
  record(operation: LdapOperation, server: string): void;
}

/** A counter with totals per operation; `snapshot()` copies them, `reset()` zeroes them. */
export class LdapOperationCounts implements LdapOperationCounter {
  private readonly counts: Record<LdapOperation, number> = { startTLS: 0, bind: 0, search: 0, unbind: 0 };

  record(operation: LdapOperation): void {
    this.counts[operation]++;
  }

  /** Every operation counted so far. */
  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  snapshot(): Record<LdapOperation, number> {
    return { ...this.counts };
  }

  reset(): void {
    for (const key of Object.keys(this.counts) as LdapOperation[]) this.counts[key] = 0;
  }
}
