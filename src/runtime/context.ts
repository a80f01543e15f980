// What one run of the operator is made of, built once by the run command and handed to the composition
// root (main.ts), which unpacks it for the controllers: they receive only what they use.
import type { KubeAccess } from '../kube/access.js';
import type { KubeHttp } from '../kube/http.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Clock } from './clock.js';
import type { RunConfig } from './config.js';
import type { ControllerRegistration } from './manager.js';

/** The process-wide pieces of a run. */
export interface RunContext {
  config: RunConfig;
  kube: KubeAccess;
  http: KubeHttp;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** This process in leader election and events (`<hostname>_<random>`). */
  identity: string;
}

/** Builds the controllers' registrations from the run context (main.ts provides it). */
export type ControllerFactory = (context: RunContext) => Promise<ControllerRegistration[]>;
