// Composition root: wires configuration, clients and commands together. Nothing else lives here.
import { runProgram } from './cli/program.js';
import { runCommand } from './cli/runCommand.js';
import { operatorControllers } from './controllers/index.js';

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  return runProgram(
    argv,
    {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    },
    [runCommand(operatorControllers)],
  );
}
