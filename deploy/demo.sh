#!/usr/bin/env bash
# ./run demo: a Lasis branch library on simulated hardware, embedded defaults, no configuration.
# Starts the simulated library system (SIP2), a kiosk reader pad (PN532 on a pty, reached through
# real libnfc), the gate's antenna and I/O module, then plays one visit: a reader borrows a stack
# of books at the kiosk, walks out (no alarm), and someone carries out a book nobody borrowed
# (alarm). Every process is stopped by PID at the end.
set -euo pipefail
BUILD=$1
shift || true
BIN=$BUILD/bin
WORK=$(mktemp -d /tmp/lasis-demo.XXXXXX)
# Device PIDs go to a file: start() runs inside $(…), whose variables do not reach this shell.
cleanup() {
  [ -f "$WORK/pids" ] && while read -r p; do kill -TERM "$p" 2>/dev/null || true; done <"$WORK/pids"
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
json() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# start NAME CMD...: runs a simulated device and waits for its one-line JSON ready message.
start() {
  local name=$1
  shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  echo $! >>"$WORK/pids"
  echo $! >"$WORK/$name.pid"
  for _ in $(seq 100); do
    if [ -s "$WORK/$name.out" ]; then head -n1 "$WORK/$name.out"; return 0; fi
    sleep 0.1
  done
  echo "demo: $name did not start:" >&2
  cat "$WORK/$name.err" >&2
  exit 1
}
control() { # control URL JSON: one request to a simulated device's control channel
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, socket, sys
host, port = sys.argv[1].replace("tcp://", "").rsplit(":", 1)
with socket.create_connection((host, int(port)), timeout=10) as s:
    s.sendall(sys.argv[2].encode() + b"\n")
    print(s.makefile().readline().strip())
PY
}

say "1. Tag data: a librarian tags a new book (ISO 28560-3), and the kiosk reads it back"
hex=$("$BIN/lasis" tag encode --model iso28560-3 --item 10000001 --parts 1 --ordinal 1 --isil LV-00001)
echo "   tag memory: $hex"
"$BIN/lasis" tag decode "$hex" | head -12

say "2. The simulated library system (SIP2, Koha dialect) with its demo catalogue"
ils=$(start ils "$BIN/lasis-sim" ils --port 0)
echo "   $ils"
ILS=$(json "$ils" url)

say "3. The kiosk's reader pad: Anna's library card and three books already on it"
pad=$(start pad "$BIN/lasis-sim" reader --card mfc1k:A1B2C3D4:P100001 \
  --tag ntag213:04000000000001:10000001 --tag ntag213:04000000000002:10000006 \
  --tag ntag213:04000000000003:10000010)
echo "   $pad"
PAD=$(json "$pad" connstring)
"$BIN/lasis" reader list --device "$PAD"

say "4. Anna taps her card, enters her PIN and borrows the stack (lasis-kiosk --headless)"
printf '%s\n' '{"cmd":"login","card":"P100001","pin":"1234"}' '{"cmd":"checkout"}' '{"cmd":"end"}' |
  timeout 60 "$BIN/lasis-kiosk" --headless --reader "$PAD" --ils "$ILS" --db "$WORK/kiosk.db" |
  /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    kind = e.get("event")
    if kind in ("item", "receipt", "patron", "session", "mode", "warning", "error"):
        print("   " + json.dumps(e, ensure_ascii=False))'
echo "   the tags on the pad now:"
"$BIN/lasis" reader list --device "$PAD" | sed 's/^/   /'

say "5. The security gate: antenna (PN532 through libnfc), I/O module (Modbus TCP), lasis-gate"
io=$(start gateio "$BIN/lasis-sim" gate-io --port 0)
antenna=$(start antenna "$BIN/lasis-sim" reader)
gate=$(start gate "$BIN/lasis-gate" --io "$(json "$io" url)" --reader "$(json "$antenna" connstring)" \
  --status-listen 127.0.0.1:0 --db "$WORK/gate.db")
echo "   $gate"
STATUS=$(json "$gate" status)
sleep 1

say "6. Anna walks out with her borrowed book: the tag says 'on loan', the gate stays quiet"
control "$(json "$antenna" control)" '{"cmd":"place","kind":"ntag213","uid":"04000000000001","item":"10000001","secured":false}' >/dev/null
control "$(json "$io" control)" '{"cmd":"walk","direction":"out","count":1}' >/dev/null
sleep 1.5
control "$(json "$antenna" control)" '{"cmd":"remove","uid":"04000000000001"}' >/dev/null
"$BIN/lasis" gate status --modbus "${STATUS#modbus-tcp://}" | head -12

say "7. Someone carries out a book nobody borrowed: alarm light and buzzer"
control "$(json "$antenna" control)" '{"cmd":"place","kind":"ntag213","uid":"04000000000009","item":"10000004","secured":true}' >/dev/null
control "$(json "$io" control)" '{"cmd":"walk","direction":"out","count":1}' >/dev/null
sleep 1.5
control "$(json "$io" control)" '{"cmd":"state"}'
"$BIN/lasis" gate status --modbus "${STATUS#modbus-tcp://}" | head -12

say "8. The gate's event log (items, never people)"
gatepid=$(cat "$WORK/gate.pid")
kill -TERM "$gatepid"
while kill -0 "$gatepid" 2>/dev/null; do sleep 0.1; done  # it writes its last counts, then exits
"$BIN/lasis" gate events --db "$WORK/gate.db" | tail -5

say "9. The touchscreen: Līga's card and three books on a second pad (lasis-kiosk, Qt Quick)"
if [ -x "$BIN/lasis-kiosk" ] && "$BIN/lasis-kiosk" --help 2>/dev/null | grep -q -- --tour; then
  pad2=$(start pad2 "$BIN/lasis-sim" reader --card mfc1k:C1C2C3C4:P100003 \
    --tag ntag213:04000000000011:10000101 --tag ntag213:04000000000012:10000105 \
    --tag ntag213:04000000000013:10000008)
  kiosk=(--reader "$(json "$pad2" connstring)" --ils "$ILS" --db "$WORK/touch.db")
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "   a kiosk window opens: touch \"Borrow books\", the card is read by itself, PIN 1234; close it to go on"
    "$BIN/lasis-kiosk" "${kiosk[@]}" 2>"$WORK/kiosk.err" || true
  else
    SHOTS=$(mktemp -d /tmp/lasis-demo-screens.XXXXXX)
    echo "   no display: the same visit rendered offscreen, every screen in Latvian and English"
    LASIS_TOUR_PIN=1234 timeout 120 "$BIN/lasis-kiosk" "${kiosk[@]}" --tour "$SHOTS" --tour-languages lv,en \
      2>"$WORK/kiosk.err" | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.readlines()[-1])
print("   %d screens, %d pictures, %d problems %s" % (r["screens"], r["renders"], r["problems"], r["failure"]))'
    echo "   screenshots: $SHOTS"
  fi
fi
say "Done. Everything ran on real libnfc, libmodbus, SQLite and SIP2 over 127.0.0.1."
