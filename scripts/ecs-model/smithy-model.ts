// The parts of a botocore service model (service-2.json) the schema generator reads.

/** A reference from a structure member, list member or map key/value to a named shape. */
export interface ShapeRef {
  shape: string;
  documentation?: string;
  /** The wire name when it differs from the member name. */
  locationName?: string;
  deprecated?: boolean;
  deprecatedMessage?: string;
}

/** One named shape: structure, list, map, string, integer, long, boolean, double, float, timestamp, blob. */
export interface Shape {
  type: string;
  documentation?: string;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  /** A structure of which exactly one member is set. */
  union?: boolean;
  deprecated?: boolean;
}

export interface ServiceModel {
  metadata: { apiVersion: string; endpointPrefix?: string; serviceId?: string };
  shapes: Record<string, Shape>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the outline of a parsed service-2.json; the shapes themselves are checked as they are converted. */
export function asServiceModel(json: unknown): ServiceModel {
  if (!isRecord(json) || !isRecord(json.metadata) || !isRecord(json.shapes)) {
    throw new Error('not a botocore service model: metadata or shapes missing');
  }
  if (typeof json.metadata.apiVersion !== 'string') throw new Error('service model metadata lacks apiVersion');
  return json as unknown as ServiceModel;
}

/** The named shape, or an error naming where it was referenced from. */
export function shapeOf(model: ServiceModel, name: string, from: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`${from} references unknown shape ${name}`);
  return shape;
}
