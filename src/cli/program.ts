// The command-line program: parses arguments and dispatches to the commands it is given.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Partition } from '../domain/partition.js';
import { EXIT_USAGE } from './exitCodes.js';
import { renderCommand, validateCommand, type OfflineOptions, type Output } from './renderCommand.js';

const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function accountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('an AWS account id is 12 digits');
  return value;
}

function offlineCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .requiredOption('-f, --filename <file>', 'manifest file, directory or "-" for stdin (repeatable)', collect)
    .option('--account-id <id>', 'AWS account id used in ARNs', accountId, '000000000000')
    .option('--region <region>', 'default AWS region', 'us-east-1')
    .addOption(
      new Option('--partition <partition>', 'AWS partition (default: derived from the region)').choices(PARTITIONS),
    )
    .option('--cluster-name <name>', 'cluster name in ownership tags', 'default')
    .option('--tenancy-policy <file>', 'the tenancy policy file the operator runs with')
    .option('--single-tenant', 'judge as an operator run with --single-tenant (no confinement)')
    .option('--s3-bucket <bucket>', 'a bucket the operator is given with --s3-bucket (repeatable)', collect)
    .option('--kms-key <key>', 'a KMS key the operator is given with --kms-key (repeatable)', collect)
    .option(
      '--directory-domain <pattern>',
      'an AD domain the operator is given with --directory-domain (repeatable)',
      collect,
    )
    .option(
      '--directory-server <pattern>',
      'a domain controller URL the operator is given with --directory-server (repeatable)',
      collect,
    );
}

interface RawOfflineOptions {
  filename: string[];
  accountId: string;
  region: string;
  partition?: Partition;
  clusterName: string;
  tenancyPolicy?: string;
  singleTenant?: boolean;
  s3Bucket?: string[];
  kmsKey?: string[];
  directoryDomain?: string[];
  directoryServer?: string[];
}

function toOptions(raw: RawOfflineOptions): OfflineOptions {
  return {
    files: raw.filename,
    accountId: raw.accountId,
    region: raw.region,
    clusterName: raw.clusterName,
    ...(raw.partition ? { partition: raw.partition } : {}),
    tenancy: {
      ...(raw.tenancyPolicy ? { tenancyPolicy: raw.tenancyPolicy } : {}),
      singleTenant: raw.singleTenant === true,
      s3Buckets: raw.s3Bucket ?? [],
      kmsKeys: raw.kmsKey ?? [],
      directoryDomains: raw.directoryDomain ?? [],
      directoryServers: raw.directoryServer ?? [],
    },
  };
}

/** Extra commands registered by the composition root (run). */
export type CommandFactory = (setExitCode: (code: number) => void) => Command;

/**
 * Runs the program on `argv` (without node and script) and resolves to the exit code.
 * Usage errors exit 2.
 */
export async function runProgram(
  argv: readonly string[],
  out: Output,
  extra: readonly CommandFactory[] = [],
): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('ecs-gmsa-operator')
    .description(
      'Active Directory gMSA identities and task definitions for Amazon ECS, from Kubernetes custom resources',
    )
    .configureOutput({ writeOut: out.stdout, writeErr: out.stderr })
    .exitOverride();
  const render = offlineCommand(
    'render',
    'validate manifests offline and print the CredSpecs, policies and task definition inputs as JSON',
  );
  render.action(async (raw: RawOfflineOptions) => setExitCode(await renderCommand(toOptions(raw), out)));
  const validate = offlineCommand('validate', 'validate manifests offline and print findings for humans');
  validate.action(async (raw: RawOfflineOptions) => setExitCode(await validateCommand(toOptions(raw), out)));
  for (const command of [render, validate, ...extra.map((make) => make(setExitCode))])
    program.addCommand(command.exitOverride().configureOutput({ writeOut: out.stdout, writeErr: out.stderr }));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err: unknown) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
    throw err;
  }
  return exitCode;
}
