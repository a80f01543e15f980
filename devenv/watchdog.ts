// A detached shell per run that outlives a crashed owner: when the owner pid dies it kills the run's process groups.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The list the watchdog acts on: lines `pgid <n>` and `dir <path>`, rewritten by orphans.ts on every change. */
export function cleanupListPath(runDir: string): string {
  return join(runDir, 'cleanup.txt');
}

// $1 owner pid, $2 cleanup list. Polls once a second; exits quietly if the list is gone (a clean stop).
// POSIX sh (dash: no `kill --`). A zombie owner counts as gone: this machine's init may reap late.
const SCRIPT = `
owner=$1; list=$2
gone() { [ ! -e "/proc/$1" ] || [ "$(sed 's/.*) //;s/ .*//' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
while ! gone "$owner"; do sleep 1; done
[ -f "$list" ] || exit 0
while read -r kind value; do
  case "$kind" in
    pgid) kill -KILL "-$value" 2>/dev/null ;;
    dir) rm -rf -- "$value" ;;
  esac
done < "$list"
rm -f -- "$list"
`;

export interface Watchdog {
  pid: number;
  /** Ends the watchdog (after a clean stop has removed the list). */
  stop(): void;
}

/**
 * Needed because an exit hook cannot cover everything: jest may be SIGKILLed, and inside a jest test
 * file `process.on('exit')` registers on jest's sandboxed copy of process, which never fires.
 */
export function startWatchdog(runDir: string, ownerPid: number = process.pid): Watchdog {
  const child = spawn('sh', ['-c', SCRIPT, 'ecsgmsa-env-watchdog', String(ownerPid), cleanupListPath(runDir)], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  const pid = child.pid ?? -1;
  return {
    pid,
    stop: () => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
