#!/usr/bin/env bash
# CTest fixture cleanup: stops the pcscd that pcscd-start.sh started, by its PID (SIGTERM exits
# cleanly; SIGKILL after 5 s).
#   pcscd-stop.sh STATE_DIR
set -uo pipefail
state=${1:?usage: pcscd-stop.sh STATE_DIR}
[ -f "$state/pcscd.pid" ] || exit 0
pid=$(cat "$state/pcscd.pid")
kill "$pid" 2>/dev/null || { rm -f "$state/pcscd.pid"; exit 0; }
for _ in $(seq 1 50); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$state/pcscd.pid"; exit 0; }
  sleep 0.1
done
kill -9 "$pid" 2>/dev/null
rm -f "$state/pcscd.pid"
