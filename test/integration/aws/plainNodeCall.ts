// Run by faults.spec.ts in a plain Node process (`node --import tsx`): under jest's VM the SDK wraps Node's
// own network errors (another realm's Error) and drops their code, so only plain Node shows production behaviour.
import { createAwsPortsFactory } from '../../../src/aws/factory.js';
import { isAwsError } from '../../../src/aws/errors.js';

async function main(endpoint: string): Promise<void> {
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const factory = createAwsPortsFactory({
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
    limits: { '*': 'unlimited' },
  });
  try {
    await factory.forRegion('us-east-1').secrets.describe('any');
    process.stdout.write(JSON.stringify({ ok: true }));
  } catch (err: unknown) {
    process.stdout.write(
      JSON.stringify(isAwsError(err) ? { class: err.class, code: err.code } : { other: String(err) }),
    );
  } finally {
    factory.close();
  }
}

await main(process.argv[2] ?? '');
