// Checks one of our documents as the apiserver and the operator would: schema, defaults, domain rules.
import * as L from '../../api/limits.js';
import { ecsGmsaTaskCrd, gmsaCredentialSpecCrd } from '../../api/schema/crds.js';
import type { SchemaNode } from '../../api/schema/openapi.js';
import type { EcsGmsaTask, GmsaCredentialSpec } from '../../api/types.js';
import { configMapNameIssues } from '../credspec/configMap.js';
import { validateGmsaCredentialSpecSpec } from '../validation/credentialSpecRules.js';
import { error, type ValidationIssue } from '../validation/issue.js';
import { applySchemaDefaults, validateAgainstSchema } from '../validation/schemaValidator.js';
import { validateEcsGmsaTaskSpec } from '../validation/taskRules.js';
import type { OurDocument } from './classify.js';

const OBJECT_NAME = new RegExp(L.OBJECT_NAME_PATTERN);

function rootSchema(kind: OurDocument['kind']): SchemaNode {
  const crd = kind === 'GmsaCredentialSpec' ? gmsaCredentialSpecCrd : ecsGmsaTaskCrd;
  const version = crd.spec.versions[0];
  if (!version) throw new Error(`CRD ${crd.metadata.name} has no version`);
  return version.schema.openAPIV3Schema;
}

function metadataIssues(object: Record<string, unknown>): ValidationIssue[] {
  const metadata = object.metadata as Record<string, unknown> | undefined;
  const name = metadata?.name;
  const namespace = metadata?.namespace;
  if (typeof name !== 'string' || name === '') return [error('metadata.name', 'is required')];
  if (name.length > L.OBJECT_NAME_MAX || !OBJECT_NAME.test(name))
    return [
      error('metadata.name', `"${name}" is not a valid Kubernetes name (lowercase letters, digits, "-" and ".")`),
    ];
  if (namespace !== undefined && typeof namespace !== 'string')
    return [
      error(
        'metadata.namespace',
        `must be a string, not ${typeof namespace}${typeof namespace === 'boolean' ? YAML_BOOLEAN_HINT : ''}`,
      ),
    ];
  return [];
}

/** Why a value meant as text is a boolean: YAML as kubectl and the apiserver read it (YAML 1.1). */
const YAML_BOOLEAN_HINT = ' (kubectl reads unquoted yes, no, on, off, y and n as booleans: quote the value)';

/** Adds the YAML 1.1 hint to "must be a string, not boolean" findings. */
function explainBooleans(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) =>
    i.message.endsWith('must be a string, not boolean') ? { ...i, message: `${i.message}${YAML_BOOLEAN_HINT}` } : i,
  );
}

export type CheckedObject =
  | { kind: 'GmsaCredentialSpec'; object: GmsaCredentialSpec; issues: ValidationIssue[] }
  | { kind: 'EcsGmsaTask'; object: EcsGmsaTask; issues: ValidationIssue[] };

/**
 * Prefers the domain rule's message where both judge a field; keeps schema findings the rules
 * do not cover (the apiserver rejects those too).
 */
function merge(schemaIssues: ValidationIssue[], ruleIssues: ValidationIssue[]): ValidationIssue[] {
  const ruled = new Set(ruleIssues.map((i) => i.field));
  return [...schemaIssues.filter((i) => !ruled.has(i.field)), ...ruleIssues];
}

/**
 * Schema first (as the apiserver rejects), then the domain rules on the defaulted object.
 * Domain rules run only when the shape is right (types, required fields), so they may rely on types.
 */
export function checkObject(doc: OurDocument): CheckedObject {
  const schema = rootSchema(doc.kind);
  const schemaIssues = explainBooleans([...metadataIssues(doc.object), ...validateAgainstSchema(doc.object, schema)]);
  const shapeBroken = schemaIssues.some((i) => i.structural) || metadataIssues(doc.object).length > 0;
  const defaulted = applySchemaDefaults(doc.object, schema) as Record<string, unknown>;
  const given = (defaulted.metadata as Record<string, unknown> | undefined)?.namespace;
  const metadata = {
    ...(defaulted.metadata as Record<string, unknown>),
    namespace: typeof given === 'string' ? given : 'default',
  };
  const object = { ...defaulted, metadata };
  if (doc.kind === 'GmsaCredentialSpec') {
    const cr = object as unknown as GmsaCredentialSpec;
    return {
      kind: doc.kind,
      object: cr,
      issues: shapeBroken
        ? schemaIssues
        : merge(schemaIssues, [
            ...validateGmsaCredentialSpecSpec(cr.spec),
            ...configMapNameIssues(cr.metadata.name, cr.spec),
          ]),
    };
  }
  const task = object as unknown as EcsGmsaTask;
  return {
    kind: doc.kind,
    object: task,
    issues: shapeBroken ? schemaIssues : merge(schemaIssues, validateEcsGmsaTaskSpec(task.spec)),
  };
}
