// Lists every enum shape reachable from a root shape: `{ ShapeName: [values in model order] }`, names sorted.
import { shapeOf, type ShapeRef, type ServiceModel } from './smithy-model.js';

function references(model: ServiceModel, name: string): ShapeRef[] {
  const shape = shapeOf(model, name, 'collectEnums');
  const refs = [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value];
  return refs.filter((ref): ref is ShapeRef => ref !== undefined);
}

/** Shape names reachable from `root` (itself included), in discovery order. */
export function reachableShapes(model: ServiceModel, root: string): string[] {
  const seen = new Set<string>([root]);
  const queue = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const ref of references(model, next)) {
      if (seen.has(ref.shape)) continue;
      seen.add(ref.shape);
      queue.push(ref.shape);
    }
  }
  return [...seen];
}

export function collectEnums(model: ServiceModel, root: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const name of reachableShapes(model, root).sort()) {
    const values = model.shapes[name]?.enum;
    if (values) result[name] = [...values];
  }
  return result;
}
