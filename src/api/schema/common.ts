// Schema pieces both kinds share: conditions, region, tags, deletion policy.
import * as L from '../limits.js';
import { arr, celString, int, obj, oneOf, str, stringMap, type SchemaNode } from './openapi.js';

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

/** CEL: no tag key starts with a reserved prefix, in any letter case. `key` is a CEL string expression. */
export function celNotReservedTagKey(key: string): string {
  return L.RESERVED_TAG_PREFIXES.map((p) => `!${key}.lowerAscii().startsWith(${celString(p)})`).join(' && ');
}

const TAG_ALPHABET = 'letters, digits, spaces and _ . : / = + - @';

/** User tags: bounded, AWS's characters only, no reserved prefixes (aws: is AWS's, ecsgmsa.io/ the ownership tags'). */
export const tagsSchema: SchemaNode = {
  ...stringMap(L.MAX_USER_TAGS, L.TAG_VALUE_MAX, {
    title: 'Tags',
    description: `Tags added to every AWS object this resource creates, beside the ownership tags. Keys 1-${L.TAG_KEY_MAX} and values 0-${L.TAG_VALUE_MAX} characters of ${TAG_ALPHABET}; keys starting with "aws:" or "ecsgmsa.io/" are reserved.`,
    'x-kubernetes-validations': [
      {
        rule: `self.all(k, size(k) >= 1 && size(k) <= ${L.TAG_KEY_MAX} && ${celNotReservedTagKey('k')})`,
        message: `tag keys must be 1-${L.TAG_KEY_MAX} characters and must not start with "aws:" or "ecsgmsa.io/" (reserved)`,
      },
      {
        rule: `self.all(k, k.matches(${celString(L.TAG_CHARACTERS_PATTERN)}))`,
        message: `tag keys may hold ${TAG_ALPHABET} only`,
      },
    ],
  }),
  additionalProperties: { type: 'string', maxLength: L.TAG_VALUE_MAX, pattern: L.TAG_CHARACTERS_PATTERN },
};

export const reconcileStatusFields: Record<string, SchemaNode> = {
  observedGeneration: int({ format: 'int64', minimum: 0, description: 'The generation the status describes.' }),
  conditions: conditionsSchema,
  lastHandledReconcileAt: str({
    maxLength: 256,
    description: 'The last ecsgmsa.io/reconcile-requested-at value handled.',
  }),
};
