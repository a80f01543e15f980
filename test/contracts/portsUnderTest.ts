// What a port contract runs against: the real adapters over moto (integration) or the fakes (unit).
import type { AwsPorts } from '../../src/aws/ports.js';

/** One set of AWS ports and what the contracts need around them. */
export interface PortsUnderTest {
  ports: AwsPorts;
  region: string;
  accountId: string;
  /** A name no other test of the run uses (moto is shared by every file of a run). */
  unique(prefix: string): string;
  /** Creates a bucket (the operator never does). */
  createBucket(bucket: string): Promise<void>;
}

/** Read inside each test: the subject is set up in a beforeAll. */
export type Subject = () => PortsUnderTest;
