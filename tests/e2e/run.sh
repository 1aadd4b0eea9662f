#!/usr/bin/env bash
# End-to-end tests of the real desktop app: builds quire-desktop if needed,
# runs `node --test tests/e2e/` under a virtual X screen (xvfb-run), where
# each test file starts tauri-driver (-> WebKitWebDriver -> the app) itself
# and stops it with SIGTERM. Screenshots land in docs/screenshots/.
#
#   tests/e2e/run.sh               build if needed, run the tests
#   E2E_SCREENSHOTS=/tmp/s tests/e2e/run.sh   put the screenshots elsewhere
#   tests/e2e/run.sh --bench       also run the benchmark (docs/bench-desktop.md)
#   E2E_TIMEOUT=30m tests/e2e/run.sh   give the whole run longer (default 15m)
#
# Needs: node >= 18, xvfb, xdotool and xclip (native dialogs, the clipboard),
# webkit2gtk-driver (WebKitWebDriver), tauri-driver
# (cargo install tauri-driver --locked), libwebkit2gtk-4.1-dev to build.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

target=${CARGO_TARGET_DIR:-$repo/target-desktop}
export QUIRE_DESKTOP_BIN=${QUIRE_DESKTOP_BIN:-$target/debug/quire-desktop}
export QUIRE_CLI_BIN=${QUIRE_CLI_BIN:-$target/debug/quire}
export E2E_SCREENSHOTS=${E2E_SCREENSHOTS:-$repo/docs/screenshots}
mkdir -p "$E2E_SCREENSHOTS"
export TAURI_DRIVER=${TAURI_DRIVER:-$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")}

for tool in node xvfb-run xdotool xclip WebKitWebDriver "$TAURI_DRIVER"; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing (see the header of $0)" >&2; exit 2; }
done

# cargo decides whether anything changed (ui/ is embedded, so UI edits rebuild too).
if [ -z "${E2E_NO_BUILD:-}" ]; then
  CARGO_TARGET_DIR=$target cargo build -p quire-desktop -p quire --bins
fi

# Whatever happens, leave no driver behind: the tests stop theirs with SIGTERM;
# this catches an interrupted run (SIGTERM again, so WebKitWebDriver frees its port).
cleanup() {
  local pids
  pids=$(jobs -p)
  [ -n "$pids" ] && kill -TERM $pids 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# Test files are named explicitly: `node --test DIR` differs between Node 18, 20 and 22.
test_files=(tests/e2e/*.test.mjs)
# Once the tests are done, leave nothing to wait for: a run on this machine
# once reported every test ok and then never exited (a handle left open after
# the last app quit). Node 20.14+ can force the exit; Debian's Node 18 cannot.
# A test that hangs (a window that stops answering) fails after 3 minutes
# instead of holding CI to its limit; the longest test file takes ~20 s.
# (Node's help is read once into a variable: `node --help | grep -q` can
# lose to SIGPIPE under pipefail.)
node_help=$(node --help 2>/dev/null || true)
run_opts=()
if [[ $node_help == *--test-force-exit* ]]; then run_opts+=(--test-force-exit); fi
if [[ $node_help == *--test-timeout* ]]; then run_opts+=(--test-timeout=180000); fi
# Each test file starts its own tauri-driver on one port: one file at a time.
if [[ $node_help == *--test-concurrency* ]]; then run_opts+=(--test-concurrency=1); fi
tests=(node --test "${run_opts[@]}" "${test_files[@]}")
if [ "${1:-}" = "--bench" ]; then tests=(bash -c 'node --test "$@" && node tests/e2e/bench.mjs' bench "${run_opts[@]}" "${test_files[@]}"); fi

# And whatever hangs outside a test (a hook, the driver, Xvfb) is stopped
# with its whole process group: the run takes ~2 minutes here.
timeout --kill-after=15s "${E2E_TIMEOUT:-15m}" xvfb-run -a -s "-screen 0 1440x900x24" "${tests[@]}" &
status=0
wait $! || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "e2e: stopped after ${E2E_TIMEOUT:-15m}: something hung (see the last test above)" >&2
fi
exit "$status"
