// Events for what a reconcile changed; nothing is emitted when nothing changed.
import type { GmsaCredentialSpec, GmsaCredentialSpecStatus } from '../../api/types.js';
import type { Events } from '../common/lifecycle.js';

/** What ensuring one object did: the event (if any) follows from it. */
export type EnsureAction = 'unchanged' | 'created' | 'updated' | 'reencrypted' | 'adopted' | 'restored';

interface Done {
  action: EnsureAction;
  where: string;
}

const VERB: Record<Exclude<EnsureAction, 'unchanged'>, string> = {
  created: 'created',
  updated: 'updated',
  reencrypted: 'moved to the KMS key the spec asks for',
  adopted: 'adopted',
  restored: 'restored from scheduled deletion',
};

/** One Normal event per object written: CredentialSpecStored, CredentialsStored, or Adopted. */
export async function emitTransitions(
  events: Events,
  cr: GmsaCredentialSpec,
  done: { credSpec: Done; credentials?: Done },
): Promise<void> {
  const entries: ['CredentialsStored' | 'CredentialSpecStored', Done | undefined][] = [
    ['CredentialsStored', done.credentials],
    ['CredentialSpecStored', done.credSpec],
  ];
  for (const [reason, item] of entries) {
    if (!item || item.action === 'unchanged') continue;
    await events.record(
      cr,
      'Normal',
      item.action === 'adopted' ? 'Adopted' : reason,
      `${item.where} ${VERB[item.action]}`,
    );
  }
}

/** A Normal DirectoryVerified event when verification turns True (first time, or after a failure). */
export async function emitDirectoryTransition(
  events: Events,
  cr: GmsaCredentialSpec,
  next: GmsaCredentialSpecStatus,
): Promise<void> {
  const find = (status: GmsaCredentialSpecStatus | undefined): { status: string; message: string } | undefined =>
    status?.conditions?.find((c) => c.type === 'DirectoryVerified');
  const now = find(next);
  if (now?.status !== 'True' || find(cr.status)?.status === 'True') return;
  await events.record(cr, 'Normal', 'DirectoryVerified', now.message);
}
