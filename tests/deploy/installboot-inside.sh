#!/bin/sh
# Runs INSIDE the installed Debian root of tests/deploy/installboot.sh (POSIX sh: the root has no
# bash guarantees beyond Essential, no python). Usage: installboot-inside.sh sims|stop-sims|doctor|boot
#   sims       start `lasis-sim gate-io` (Modbus TCP on 127.0.0.1) and `lasis-sim reader` (a PN532 on
#              a pty) and point the gate at them with a drop-in, /etc/lasis/gate.d/50-installboot.toml
#   stop-sims  stop them
#   doctor     `lasis doctor --config /etc/lasis/gate.toml` as the lasis user; exit 0 only if healthy
#   boot       under systemd (nspawn --boot): the sims, then lasis-gate.service reaches READY, is
#              SIGKILLed and restarted by systemd, then the doctor; results to /root/installboot.result,
#              its output to /root/installboot.log
set -u
RUN=/run/installboot
mkdir -p "$RUN"
say() { echo "installboot-inside: $*"; }

# The first line a sim prints is one JSON object; the value of KEY from it (no jq here).
field() { sed -n "s/.*\"$2\":\"\([^\"]*\)\".*/\1/p" "$1" | head -1; }

wait_line() {  # FILE: wait up to 10 s for a first line
  i=0
  while [ ! -s "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  [ -s "$1" ]
}

sims() {
  # A background job's redirection happens in the child: a stale file would pass wait_line.
  rm -f "$RUN/io.json" "$RUN/reader.json"
  setsid lasis-sim gate-io --port 0 --control-port 0 >"$RUN/io.json" 2>"$RUN/io.err" </dev/null &
  echo $! >"$RUN/io.pid"
  setsid lasis-sim reader --link "$RUN/antenna" >"$RUN/reader.json" 2>"$RUN/reader.err" </dev/null &
  echo $! >"$RUN/reader.pid"
  wait_line "$RUN/io.json" || { say "lasis-sim gate-io printed nothing: $(cat "$RUN/io.err")"; return 1; }
  wait_line "$RUN/reader.json" || { say "lasis-sim reader printed nothing: $(cat "$RUN/reader.err")"; return 1; }
  url=$(field "$RUN/io.json" url)
  conn=$(field "$RUN/reader.json" connstring)
  [ -n "$url" ] && [ -n "$conn" ] || { say "no url/connstring: $(cat "$RUN/io.json" "$RUN/reader.json")"; return 1; }
  # The gate runs as lasis (group dialout): the pty behind the link is the sim's (root's).
  pty=$(readlink -f "$RUN/antenna")
  chgrp dialout "$pty" && chmod 0660 "$pty"
  chmod 0755 "$RUN"
  mkdir -p /etc/lasis/gate.d
  # time_zone needs tzdata (a Depends of lasis-tools): a root without it fails here.
  cat >/etc/lasis/gate.d/50-installboot.toml <<EOF
# tests/deploy/installboot.sh: the simulated antenna reader and I/O module
[gate]
time_zone = "Europe/Riga"
[readers]
connstrings = ["$conn"]
[io]
url = "$url"
[status]
listen = ""
EOF
  chown root:lasis /etc/lasis/gate.d/50-installboot.toml
  chmod 0640 /etc/lasis/gate.d/50-installboot.toml
  say "sims up: io $url, antenna $conn ($pty)"
}

stop_sims() {
  # A background job's redirection happens in the child: a stale file would pass wait_line.
  rm -f "$RUN/io.json" "$RUN/reader.json"
  for p in io reader; do
    [ -f "$RUN/$p.pid" ] && kill "$(cat "$RUN/$p.pid")" 2>/dev/null
    rm -f "$RUN/$p.pid"
  done
  return 0
}

doctor() {
  out=$(setpriv --reuid=lasis --regid=lasis --init-groups lasis doctor --config /etc/lasis/gate.toml 2>&1)
  rc=$?
  echo "$out" | sed 's/^/  doctor: /'
  return $rc
}

show() { systemctl show -p "$1" --value lasis-gate.service; }

boot() {
  R=/root/installboot.result
  : >"$R"
  exec >/root/installboot.log 2>&1  # the host prints it after the boot
  ok() { echo "PASS $*" >>"$R"; say "PASS $*"; }
  ko() { echo "FAIL $*" >>"$R"; say "FAIL $*"; }
  say "booted: $(systemctl is-system-running 2>&1), systemd $(systemctl --version | head -1 | cut -d' ' -f2)"
  if id lasis >/dev/null 2>&1 && id -nG lasis | grep -qw dialout; then ok "lasis user (dialout) from sysusers"; else ko "no lasis user in dialout"; fi
  sims || ko "sims"
  # The simulated reader is a pty (char-pts); the unit allows only real serial adapters.
  mkdir -p /etc/systemd/system/lasis-gate.service.d
  printf '[Service]\n# tests/deploy/installboot.sh: the simulated antenna is a pty\nDeviceAllow=char-pts rw\n' \
    >/etc/systemd/system/lasis-gate.service.d/50-installboot.conf
  systemctl daemon-reload
  t0=$(date +%s%N)
  if timeout 60 systemctl start lasis-gate.service; then
    ok "lasis-gate.service started (Type=notify: READY=1 after $(( ($(date +%s%N) - t0) / 1000000 )) ms), $(show ActiveState)/$(show SubState)"
  else
    ko "lasis-gate.service did not reach READY: $(show ActiveState)/$(show SubState) $(show Result)"
    journalctl -u lasis-gate.service --no-pager -n 30 | sed 's/^/  journal: /'
  fi
  pid=$(show MainPID)
  if [ "$pid" -gt 0 ] 2>/dev/null; then
    kill -KILL "$pid"
    t0=$(date +%s%N)
    i=0 new=$pid
    while [ $i -lt 150 ]; do
      new=$(show MainPID)
      [ "$new" != "$pid" ] && [ "$new" != 0 ] && [ "$(show ActiveState)" = active ] && break
      sleep 0.1; i=$((i + 1))
    done
    if [ "$new" != "$pid" ] && [ "$new" != 0 ] && [ "$(show ActiveState)" = active ]; then
      ok "SIGKILL of $pid: systemd restarted lasis-gate (pid $new, NRestarts=$(show NRestarts), READY again after $(( ($(date +%s%N) - t0) / 1000000 )) ms, RestartSec=2)"
    else
      ko "no restart after SIGKILL: $(show ActiveState)/$(show SubState) NRestarts=$(show NRestarts)"
    fi
  fi
  journalctl -u lasis-gate.service --no-pager -n 12 -o cat | sed 's/^/  journal: /'
  systemctl stop lasis-gate.service
  if doctor; then ok "lasis doctor: healthy"; else ko "lasis doctor"; fi
  stop_sims
  rm -rf /etc/systemd/system/lasis-gate.service.d /etc/lasis/gate.d/50-installboot.toml
  echo DONE >>"$R"
}

case "${1:-}" in
  sims) sims ;;
  stop-sims) stop_sims ;;
  doctor) doctor ;;
  boot) boot; systemctl --no-block start poweroff.target ;;  # no D-Bus in this root: not `poweroff`
  *) echo "usage: $0 sims|stop-sims|doctor|boot" >&2; exit 2 ;;
esac
