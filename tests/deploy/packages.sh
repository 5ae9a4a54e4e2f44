#!/usr/bin/env bash
# The Debian packages as a kiosk or gate gets them: built by CPack from this build, unpacked into
# a scratch root (dpkg -x), every promised file there, and the installed systemd units verified by
# systemd-analyze against that root (with the OS's own units and the two outside binaries the units
# name, /usr/bin/kill and cage, copied in). Prints each unit's offline security exposure.
# Usage: packages.sh BUILD_DIR
set -euo pipefail
BUILD=$1
WORK=$(mktemp -d /tmp/lasis-packages.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$BUILD/CPackConfig.cmake" -B "$WORK/out" >"$WORK/cpack.log" 2>&1 || { cat "$WORK/cpack.log"; fail "cpack"; }
R=$WORK/root
mkdir -p "$R"
for p in lasis-tools lasis-kiosk lasis-gate lasis-sim lasis-fleet; do
  deb=$(ls "$WORK/out/${p}_"*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || fail "no $p package"
  echo "$p: $(du -k "$deb" | cut -f1) KiB, depends: $(dpkg-deb -f "$deb" Depends | cut -c1-80)…"
  dpkg-deb -x "$deb" "$R"
done
for f in usr/bin/lasis usr/bin/lasis-kiosk usr/bin/lasis-gate usr/bin/lasis-sim etc/lasis/kiosk.toml etc/lasis/gate.toml \
  usr/lib/systemd/system/lasis-kiosk.service usr/lib/systemd/system/lasis-gate.service \
  usr/lib/sysusers.d/lasis.conf usr/lib/udev/rules.d/70-lasis.rules usr/share/lasis/library.toml \
  usr/bin/lasis-fleet etc/lasis/fleet.toml usr/lib/systemd/system/lasis-fleet.service \
  usr/lib/systemd/system/mosquitto.service.d/lasis-limits.conf usr/share/lasis/mosquitto/lasis.conf usr/share/lasis/mosquitto/lasis.acl usr/share/lasis/mosquitto/bridge.conf.example \
  usr/share/lasis/prometheus/prometheus.yml usr/share/lasis/prometheus/lasis-alerts.yml; do
  [ -e "$R/$f" ] || fail "$f is not installed"
done
# Each binary's man page and bash completion (generated from its command line) in its own package.
for pair in lasis-tools:lasis lasis-kiosk:lasis-kiosk lasis-gate:lasis-gate lasis-sim:lasis-sim lasis-fleet:lasis-fleet; do
  p=${pair%%:*} b=${pair#*:}
  contents=$(dpkg-deb -c "$WORK/out/${p}_"*.deb | awk '{print $6}')
  for f in ./usr/share/man/man1/$b.1.gz ./usr/share/bash-completion/completions/$b; do
    echo "$contents" | grep -qx "$f" || fail "$p does not install $f"
  done
  # Into a file first: `gzip -dc | grep -q` under pipefail fails when grep stops reading early
  # and gzip, still writing a long page, gets SIGPIPE (seen once, on lasis.1.gz).
  gzip -dc "$R/usr/share/man/man1/$b.1.gz" >"$WORK/$b.1"
  grep -q '^\.SH EXAMPLES' "$WORK/$b.1" || fail "$b.1.gz: no EXAMPLES section"
  bash --norc -c "source '$R/usr/share/bash-completion/completions/$b' && complete -p $b" >/dev/null ||
    fail "the completion for $b does not define one"
done
echo "man pages and bash completions: in lasis-tools, lasis-kiosk, lasis-gate, lasis-sim, lasis-fleet"
dpkg-deb -I "$WORK/out/"lasis-kiosk_*.deb conffiles | grep -qx /etc/lasis/kiosk.toml || fail "kiosk.toml is not a conffile"
dpkg-deb -I "$WORK/out/"lasis-gate_*.deb conffiles | grep -qx /etc/lasis/gate.toml || fail "gate.toml is not a conffile"
dpkg-deb -I "$WORK/out/"lasis-fleet_*.deb conffiles | grep -qx /etc/lasis/fleet.toml || fail "fleet.toml is not a conffile"
# The service's shipped config is one it would start with (the files it names come at set-up).
out=$("$R/usr/bin/lasis-fleet" --config "$R/etc/lasis/fleet.toml" --check-config 2>&1) || fail "fleet.toml: lasis-fleet --check-config: $out"
dpkg-deb -f "$WORK/out/"lasis-kiosk_*.deb Depends | grep -q cage || fail "lasis-kiosk does not depend on cage"
# The installed binaries run and check the shipped configs. The kiosk's needs the site's ILS
# address and database: without them the check says so (never a false "ok"); with them it passes.
if out=$("$R/usr/bin/lasis-kiosk" --config "$R/etc/lasis/kiosk.toml" --check-config 2>&1); then
  fail "kiosk.toml passes --check-config without an ILS address"
fi
echo "$out" | grep -q "ils.url" || fail "kiosk.toml: --check-config does not name ils.url: $out"
"$R/usr/bin/lasis-kiosk" --config "$R/etc/lasis/kiosk.toml" --ils "sip2://kiosk:secret@127.0.0.1:6001?institution=LIB" \
  --db "$WORK/kiosk.db" --check-config >/dev/null || fail "kiosk.toml with the site's ILS and database"

# The OS around the packages: Debian 12 is merged-/usr.
cp -a /usr/lib/systemd/system/. "$R/usr/lib/systemd/system/" 2>/dev/null || true
cp -an /lib/systemd/system/. "$R/usr/lib/systemd/system/" 2>/dev/null || true
ln -s usr/lib "$R/lib"
ln -s usr/bin "$R/bin"
cp "$(readlink -f /bin/kill)" "$R/usr/bin/kill"
command -v cage >/dev/null || fail "cage is not installed (./run installs it)"
cp "$(command -v cage)" "$R/usr/bin/cage"
out=$(cd "$R" && systemd-analyze verify --root="$R" /usr/lib/systemd/system/lasis-gate.service \
  /usr/lib/systemd/system/lasis-kiosk.service /usr/lib/systemd/system/lasis-fleet.service 2>&1) || { echo "$out"; fail "systemd-analyze verify"; }
if echo "$out" | grep -E '^lasis-'; then fail "systemd-analyze verify complains about our units"; fi
echo "systemd-analyze verify: lasis-gate.service, lasis-kiosk.service and lasis-fleet.service clean"
for u in lasis-gate lasis-kiosk lasis-fleet; do
  systemd-analyze security --offline=yes --root="$R" "$u.service" 2>/dev/null | grep "Overall exposure" || true
done
