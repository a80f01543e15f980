# Sourced by the build scripts beside it: `step NAME COMMAND...` runs a step, prints its duration and
# names it on failure, each line prefixed with [$STEP_PREFIX].
step() {
  local name=$1 t0 rc; shift
  t0=$(date +%s)
  echo "[$STEP_PREFIX] $name ..."
  set +e; "$@"; rc=$?; set -e
  if [ $rc -ne 0 ]; then
    echo "[$STEP_PREFIX] FAILED: $name (exit $rc)" >&2
    exit $rc
  fi
  echo "[$STEP_PREFIX] $name done in $(( $(date +%s) - t0 ))s"
}
