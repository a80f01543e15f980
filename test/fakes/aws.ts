// The five AWS ports in memory, per region, sharing one call log (so a test can assert the order of
// calls across services) and one S3 bucket namespace (bucket names are global).
import type { AwsPorts, AwsPortsFactory } from '../../src/aws/ports.js';
import { CallLog, type Failure } from './callLog.js';
import { FakeEcsServices } from './ecsServices.js';
import { FakeObjectStore, type FakeBuckets } from './objectStore.js';
import { FakeParameterStore } from './parameterStore.js';
import { FakeSecretStore } from './secretStore.js';
import { FakeTaskDefinitions } from './taskDefinitions.js';

/** The ports of one region, with the fakes' setup and inspection methods. */
export interface FakeAwsPorts extends AwsPorts {
  parameters: FakeParameterStore;
  secrets: FakeSecretStore;
  objects: FakeObjectStore;
  taskDefinitions: FakeTaskDefinitions;
  /** Keeps its own call list (`services.calls`), not the shared log. */
  services: FakeEcsServices;
}

/** An AwsPortsFactory in memory. */
export class FakeAws implements AwsPortsFactory {
  readonly log = new CallLog();
  private readonly regions = new Map<string, FakeAwsPorts>();
  private readonly buckets: FakeBuckets = new Map();

  /** @param accountId @default '111122223333' (the fixtures' scope) */
  constructor(readonly accountId = '111122223333') {}

  forRegion(region: string): FakeAwsPorts {
    let ports = this.regions.get(region);
    if (!ports) {
      const scope = { region, accountId: this.accountId };
      ports = {
        parameters: new FakeParameterStore(scope, this.log),
        secrets: new FakeSecretStore(scope, this.log),
        objects: new FakeObjectStore(region, this.log, this.buckets),
        taskDefinitions: new FakeTaskDefinitions(scope, this.log),
        services: new FakeEcsServices(),
      };
      this.regions.set(region, ports);
    }
    return ports;
  }

  /** Makes the next calls of an AWS operation fail (see CallLog.fail). */
  fail(operation: string, failure: Failure, options: { times?: number; subject?: string } = {}): void {
    this.log.fail(operation, failure, options);
  }
}
