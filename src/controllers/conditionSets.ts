// Condition sets shared by both kinds: Ready with kstatus Reconciling/Stalled, per outcome.
import type { ConditionInput } from '../runtime/conditions.js';
import { formatIssues } from '../domain/validation/issue.js';
import type { Blocked } from './outcome.js';

/** Ready, Stalled and Reconciling for a reconcile that could not finish. */
export function blockedConditions(blocked: Blocked): ConditionInput[] {
  switch (blocked.kind) {
    case 'invalid': {
      const message = formatIssues(blocked.issues);
      return [
        { type: 'Ready', status: 'False', reason: 'ValidationFailed', message },
        { type: 'Stalled', status: 'True', reason: 'ValidationFailed', message },
        { type: 'Reconciling', status: 'False', reason: 'ValidationFailed', message: '' },
      ];
    }
    case 'waiting':
      return [
        { type: 'Ready', status: 'False', reason: blocked.reason, message: blocked.message },
        { type: 'Reconciling', status: 'True', reason: blocked.reason, message: blocked.message },
        { type: 'Stalled', status: 'False', reason: blocked.reason, message: '' },
      ];
    case 'stalled':
      return [
        { type: 'Ready', status: 'False', reason: blocked.reason, message: blocked.message },
        { type: 'Stalled', status: 'True', reason: blocked.reason, message: blocked.message },
        { type: 'Reconciling', status: 'False', reason: blocked.reason, message: '' },
      ];
    case 'retrying': {
      const reason = blocked.reason ?? 'AwsRetrying';
      return [
        { type: 'Ready', status: 'False', reason, message: blocked.message },
        { type: 'Reconciling', status: 'True', reason, message: blocked.message },
        { type: 'Stalled', status: 'False', reason, message: '' },
      ];
    }
  }
}


/** Ready=True with Reconciling and Stalled cleared. */
export function readyConditions(message: string): ConditionInput[] {
  return [
    { type: 'Ready', status: 'True', reason: 'Ready', message },
    { type: 'Reconciling', status: 'False', reason: 'Ready', message: '' },
    { type: 'Stalled', status: 'False', reason: 'Ready', message: '' },
  ];
}
