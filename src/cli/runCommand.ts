// `run`: the controller process — config, clients, controllers, leader election, signals.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { loadKubeAccess } from '../kube/access.js';
import { KubeHttp } from '../kube/http.js';
import { kubeLeaseStore } from '../kube/leaseStore.js';
import { createLogger } from '../observability/logger.js';
import { Metrics } from '../observability/metrics.js';
import { systemClock } from '../runtime/clock.js';
import type { ControllerFactory, RunContext } from '../runtime/context.js';
import { parseRunConfig, RUN_FLAGS, type RawFlags, type RunConfig } from '../runtime/config.js';
import { LeaderElector } from '../runtime/leaderElection.js';
import { Manager } from '../runtime/manager.js';
import { EXIT_USAGE } from './exitCodes.js';
import type { CommandFactory } from './program.js';

/** Process hooks, injectable for tests. */
export interface ProcessHooks {
  onSignal(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  exit(code: number): void;
}

const realProcess: ProcessHooks = {
  onSignal: (signal, handler) => void process.once(signal, handler),
  exit: (code) => process.exit(code),
};

function elector(context: RunContext, manager: () => Manager): LeaderElector | undefined {
  const { config, http, clock, logger } = context;
  if (!config.leaderElect || !config.leaderElectionNamespace) return undefined;
  return new LeaderElector({
    identity: context.identity,
    store: kubeLeaseStore(http, config.leaderElectionNamespace, config.leaderElectionId),
    clock,
    onStartedLeading: () => {
      logger.info('became leader', { lease: `${config.leaderElectionNamespace}/${config.leaderElectionId}` });
      manager().startControllers();
    },
    onStoppedLeading: () => manager().leadershipLost(),
    onError: (err) =>
      logger.warn('leader election attempt failed', { error: err instanceof Error ? err.message : String(err) }),
  });
}

/** Starts the operator; resolves once it runs (it stops on a signal or lost leadership). */
export async function startOperator(
  config: RunConfig,
  controllers: ControllerFactory,
  hooks: ProcessHooks = realProcess,
  logStream?: NodeJS.WritableStream,
): Promise<Manager> {
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    ...(logStream ? { stream: logStream } : {}),
  });
  const kube = await loadKubeAccess(config.kubeconfig);
  const identity = `${hostname()}_${randomBytes(4).toString('hex')}`;
  const context: RunContext = {
    config,
    kube,
    http: new KubeHttp(kube),
    clock: systemClock,
    logger,
    metrics: new Metrics(),
    identity,
  };
  const registrations = await controllers(context);
  const leader = elector(context, () => manager);
  const manager: Manager = new Manager({
    logger,
    metrics: context.metrics,
    registrations,
    ...(leader ? { elector: leader, electionName: config.leaderElectionId } : {}),
    metricsBindAddress: config.metricsBindAddress,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    onLeadershipLost: () => hooks.exit(1),
  });
  const stop = (): void => {
    void manager.shutdown().then((clean) => hooks.exit(clean ? 0 : 1));
  };
  hooks.onSignal('SIGTERM', stop);
  hooks.onSignal('SIGINT', stop);
  logger.info('starting', {
    identity,
    namespaces: config.namespaces.length > 0 ? config.namespaces : 'all',
    leaderElect: config.leaderElect,
  });
  await manager.start();
  return manager;
}

/** The `run` command with every flag of RUN_FLAGS. */
export function runCommand(controllers: ControllerFactory): CommandFactory {
  return (setExitCode) => {
    const command = new Command('run').description('run the controllers (flags fall back to environment variables)');
    for (const spec of RUN_FLAGS) {
      const name = spec.boolean ? `--${spec.flag}` : `--${spec.flag} <value>`;
      const option = new Option(
        name,
        `${spec.help}${spec.required ? ' (required)' : ''} [env ${spec.env}${spec.default ? `, default ${spec.default}` : ''}]`,
      );
      if (spec.repeatable)
        option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
      command.addOption(option);
    }
    command.action(async (raw: RawFlags) => {
      const { config, errors } = parseRunConfig(raw, process.env);
      if (!config) {
        for (const e of errors) process.stderr.write(`ecs-gmsa-operator run: ${e}\n`);
        setExitCode(EXIT_USAGE);
        return;
      }
      try {
        await startOperator(config, controllers);
      } catch (err: unknown) {
        process.stderr.write(
          `ecs-gmsa-operator run: cannot start: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        setExitCode(1);
      }
    });
    return command;
  };
}
