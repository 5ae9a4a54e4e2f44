#!/usr/bin/env bash
# CTest fixture setup for the PC/SC tests: starts pcscd in the foreground (no systemd), with
# vsmartcard-vpcd's virtual readers, and checks that the readers are really listed (a busy vpcd
# port makes pcscd drop the reader silently and start anyway).
#   pcscd-start.sh STATE_DIR
# Writes STATE_DIR/pcscd.pid on success; when this machine cannot run pcscd (not root, no
# packages), writes STATE_DIR/skip with the reason instead and exits 0 — the tests read it and
# skip with that reason. As root (CI) every failure is a failure.
set -uo pipefail
state=${1:?usage: pcscd-start.sh STATE_DIR}
mkdir -p "$state"
rm -f "$state/skip"

skip_or_fail() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "$1" > "$state/skip"
    echo "pcscd fixture: skipping PC/SC tests: $1" >&2
    exit 0
  fi
  echo "pcscd fixture: $1" >&2
  exit 1
}

command -v pcscd >/dev/null || skip_or_fail "pcscd is not installed (apt-get install pcscd vsmartcard-vpcd pcsc-tools)"
[ -f /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] || skip_or_fail "vsmartcard-vpcd is not installed"
[ -w /run ] || skip_or_fail "cannot write /run (pcscd needs /run/pcscd; run as root)"

# A pcscd of our own left by an earlier run that was killed before its cleanup: stop it by its
# recorded PID (only if that PID is still a pcscd), or it would keep vpcd's ports.
for f in "$state/pcscd.pid" "$state/pcscd.pid.old"; do
  [ -f "$f" ] || continue
  old=$(cat "$f")
  if [ "$(cat "/proc/$old/comm" 2>/dev/null)" = "pcscd" ]; then
    kill "$old" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$f"
done

rm -rf /run/pcscd
pcscd -f -a >"$state/pcscd.log" 2>&1 &
pid=$!
echo "$pid" > "$state/pcscd.pid.old"

for _ in $(seq 1 100); do
  [ -S /run/pcscd/pcscd.comm ] && break
  kill -0 "$pid" 2>/dev/null || skip_or_fail "pcscd exited at start: $(tail -3 "$state/pcscd.log")"
  sleep 0.1
done
[ -S /run/pcscd/pcscd.comm ] || { kill "$pid"; skip_or_fail "pcscd did not open /run/pcscd/pcscd.comm within 10 s"; }

# The virtual reader must be listed, not only pcscd running.
for _ in $(seq 1 50); do
  if timeout 5 pcsc_scan -r 2>/dev/null | grep -q "Virtual PCD 00 00"; then
    echo "$pid" > "$state/pcscd.pid"
    rm -f "$state/pcscd.pid.old"
    exit 0
  fi
  sleep 0.1
done
kill "$pid" 2>/dev/null
echo "pcscd fixture: pcscd runs but does not list 'Virtual PCD 00 00' (is port 35963 in use?)" >&2
cat "$state/pcscd.log" >&2
exit 1
