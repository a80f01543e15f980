// Schema pieces both kinds share: conditions, region, tags, deletion policy.
import * as L from '../limits.js';
import { arr, int, obj, oneOf, str, stringMap, type SchemaNode } from './openapi.js';

/** metav1.Condition. */
export const conditionSchema: SchemaNode = obj(
  {
    type: str({ maxLength: 316, description: 'Condition type, e.g. Ready.' }),
    status: oneOf(['True', 'False', 'Unknown']),
    reason: str({ maxLength: 1024, description: 'CamelCase reason.' }),
    message: str({ maxLength: 32768, description: 'Human-readable detail.' }),
    lastTransitionTime: str({ format: 'date-time', description: 'When the status last flipped.' }),
    observedGeneration: int({ format: 'int64', minimum: 0 }),
  },
  { title: 'Condition', required: ['type', 'status', 'reason', 'message', 'lastTransitionTime'] },
);

export const conditionsSchema: SchemaNode = arr(conditionSchema, 16, {
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
});

export const regionSchema: SchemaNode = str({
  pattern: L.REGION_PATTERN,
  maxLength: 32,
  description: "AWS region of every object this resource manages; defaults to the operator's region.",
});

export const deletionPolicySchema: SchemaNode = oneOf(['Delete', 'Retain'], {
  default: 'Delete',
  description: 'Delete removes the AWS objects the operator owns when the resource is deleted; Retain leaves them.',
});

/** User tags: bounded, no reserved prefixes (aws: is AWS's, ecsgmsa.io/ is the ownership tags'). */
export const tagsSchema: SchemaNode = stringMap(L.MAX_USER_TAGS, L.TAG_VALUE_MAX, {
  title: 'Tags',
  description: 'Tags added to every AWS object this resource creates, beside the ownership tags.',
  'x-kubernetes-validations': [
    {
      rule: "self.all(k, size(k) >= 1 && size(k) <= 128 && !k.startsWith('aws:') && !k.startsWith('ecsgmsa.io/'))",
      message: 'tag keys must be 1-128 characters and must not start with "aws:" or "ecsgmsa.io/" (reserved)',
    },
  ],
});

export const reconcileStatusFields: Record<string, SchemaNode> = {
  observedGeneration: int({ format: 'int64', minimum: 0, description: 'The generation the status describes.' }),
  conditions: conditionsSchema,
  lastHandledReconcileAt: str({
    maxLength: 256,
    description: 'The last ecsgmsa.io/reconcile-requested-at value handled.',
  }),
};
