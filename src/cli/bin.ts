#!/usr/bin/env node
// Executable entry point of ecs-gmsa-operator.
import { main } from '../main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ecs-gmsa-operator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
