#!/usr/bin/env bash
# ./run demo: a Lasis branch library on simulated hardware, embedded defaults, no configuration.
# Starts a simulated branch (lasis-sim site: the library system over SIP2, a kiosk reader pad and
# the gate's antenna as PN532s on ptys reached through real libnfc, the gate's I/O module), then
# runs the real kiosk and gate on the configs it writes and plays one visit: a reader borrows a stack
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

say "2. A whole branch on simulated hardware (lasis-sim site)"
echo "   library system (SIP2, Koha dialect), kiosk pad and gate antenna (PN532s for libnfc), gate I/O (Modbus TCP)"
site=$(start site "$BIN/lasis-sim" site --out "$WORK/site")
sed 's/^/   /' "$WORK/site.err" | grep -v ' info ' || true
ILS=$(json "$site" ils)
PAD=$(json "$site" pad)
KIOSK_CONFIG=$(json "$site" kiosk_config)
GATE_CONFIG=$(json "$site" gate_config)

say "3. The kiosk's reader pad: Anna's library card and three books on it"
control "$(json "$site" pad_control)" '{"cmd":"place","kind":"mfc1k","uid":"A1B2C3D4","patron":"P100001"}' >/dev/null
for t in 04000000000001:10000001 04000000000002:10000006 04000000000003:10000010; do
  control "$(json "$site" pad_control)" "{\"cmd\":\"place\",\"kind\":\"ntag213\",\"uid\":\"${t%%:*}\",\"item\":\"${t##*:}\",\"secured\":true}" >/dev/null
done
"$BIN/lasis" reader list --device "$PAD"

say "4. Anna taps her card, enters her PIN and borrows the stack (lasis-kiosk --headless)"
printf '%s\n' '{"cmd":"login","card":"P100001","pin":"1234"}' '{"cmd":"checkout"}' '{"cmd":"end"}' |
  timeout 60 "$BIN/lasis-kiosk" --headless --config "$KIOSK_CONFIG" |
  /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    kind = e.get("event")
    if kind in ("item", "receipt", "patron", "session", "mode", "warning", "error"):
        print("   " + json.dumps(e, ensure_ascii=False))'
echo "   the tags on the pad now:"
"$BIN/lasis" reader list --device "$PAD" | sed 's/^/   /'

say "4b. Elīna's card has a barcode: scanned at the kiosk's scanner, then a book with no RFID tag"
SCANNER_CONTROL=$(json "$site" scanner_control)
control "$(json "$site" pad_control)" '{"cmd":"clear"}' >/dev/null
{
  sleep 2
  control "$SCANNER_CONTROL" '{"cmd":"scan","code":"2100000000012","aim":"]E0"}' >/dev/null
  sleep 1.5
  printf '%s\n' '{"cmd":"login","pin":"1234"}'
  sleep 2
  control "$SCANNER_CONTROL" '{"cmd":"scan","code":"30000001"}' >/dev/null
  sleep 2
  printf '%s\n' '{"cmd":"end"}'
} | timeout 60 "$BIN/lasis-kiosk" --headless --config "$KIOSK_CONFIG" |
  /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    if e.get("event") in ("scan", "login", "item", "error"):
        e.pop("patron", None)
        print("   " + json.dumps(e, ensure_ascii=False))'

say "5. The security gate: lasis-gate on the branch's antenna and I/O module"
gate=$(start gate "$BIN/lasis-gate" --config "$GATE_CONFIG" --db "$WORK/gate.db")
echo "   $gate"
STATUS=$(json "$gate" status)
# The antenna and the I/O module are the branch's.
io=$(/usr/bin/python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(json.dumps({"control": j["gate_io_control"], "url": j["gate_io"]}))' "$site")
antenna=$(/usr/bin/python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(json.dumps({"control": j["antenna_control"], "connstring": j["antenna"]}))' "$site")
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

say "9. The touchscreen: Līga's card and three books on the pad (lasis-kiosk, Qt Quick)"
if [ -x "$BIN/lasis-kiosk" ] && "$BIN/lasis-kiosk" --help 2>/dev/null | grep -q -- --tour; then
  control "$(json "$site" pad_control)" '{"cmd":"clear"}' >/dev/null
  control "$(json "$site" pad_control)" '{"cmd":"place","kind":"mfc1k","uid":"C1C2C3C4","patron":"P100003"}' >/dev/null
  for t in 04000000000011:10000101 04000000000012:10000105 04000000000013:10000008; do
    control "$(json "$site" pad_control)" "{\"cmd\":\"place\",\"kind\":\"ntag213\",\"uid\":\"${t%%:*}\",\"item\":\"${t##*:}\",\"secured\":true}" >/dev/null
  done
  kiosk=(--config "$KIOSK_CONFIG" --db "$WORK/touch.db")
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
