// Composition root: wires configuration, clients and commands together. Nothing else lives here.
import { runProgram } from './cli/program.js';
import { runCommand, type ControllerFactory } from './cli/runCommand.js';
import { loadTenancyConfig } from './cli/tenancyConfig.js';
import { operatorControllers } from './controllers/index.js';

/** The operator's controllers for a run: the tenancy settings loaded once, then every controller. */
export const operatorFactory: ControllerFactory = async (context) => {
  const { config: tenancy, problem } = await loadTenancyConfig(context.config);
  if (!tenancy) throw new Error(`--tenancy-policy ${problem?.file ?? ''}: ${problem?.message ?? 'unusable'}`);
  if (tenancy.singleTenant) {
    context.logger.warn('SINGLE-TENANT MODE: --single-tenant turns tenancy confinement off; every namespace may name any AWS resource and use host access. Use it only where every namespace belongs to one trusted team.');
  }
  return operatorControllers(context, tenancy);
};

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  return runProgram(
    argv,
    {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    },
    [runCommand(operatorFactory)],
  );
}
