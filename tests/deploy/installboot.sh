#!/usr/bin/env bash
# Install and boot (issue 24): the Debian packages on a clean Debian root, installed by apt.
#  1. a minimal root (mmdebstrap --variant=apt: Essential + apt) from this machine's own apt
#     sources; the tarball is cached in BUILD_DIR/installboot/ (and apt's downloads beside it), so
#     a second run does not fetch it again
#  2. `apt-get install --no-install-recommends ./lasis-….deb` in that root, a gate first (tools,
#     gate, sim), then the kiosk: apt must resolve every library and tool from the packages'
#     declared Depends alone; then every installed binary's libraries resolve (ldd)
#  3. the gate with simulated devices (lasis-sim gate-io and reader), in one of two modes, printed:
#     "nspawn" — the root boots with `systemd-nspawn --boot`; lasis-gate.service reaches READY
#                under systemd, is SIGKILLed and restarted by systemd, and `lasis doctor` is healthy
#     "chroot" — where nspawn cannot boot (the reason is printed): the unit's own ExecStart line runs
#                in the root as the lasis user with a NOTIFY_SOCKET (READY=1 and WATCHDOG=1 read
#                from it), the unit's Restart= line is checked instead of a restart, and the doctor
#  4. upgrade: the same packages at a higher version (dpkg-deb -R, Version bumped, dpkg-deb -b) over
#     the first: the edited conffile, the gate's event log and a queue database stay; the gate
#     starts again on its old log
#  5. purge: no unit, no config left; /var/lib/lasis (the data) kept
# Usage: installboot.sh BUILD_DIR. Exit 77 (skipped, with the reason) when the machine forbids it.
# LASIS_INSTALLBOOT_DEBS=DIR: install the .debs in DIR instead of packing this build (e.g. a set
# with a Depends removed, to see this test fail). LASIS_INSTALLBOOT_MODE=chroot: never boot.
set -euo pipefail
BUILD=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
T0=$(date +%s)
step() { echo "== [$(($(date +%s) - T0)) s] $*"; }
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "needs root (mmdebstrap --mode=root, chroot and mounts)"
command -v mmdebstrap >/dev/null || skip "mmdebstrap is not installed (./run installs it)"
command -v unshare >/dev/null || skip "no unshare (util-linux)"
# Every mount and process below lives in private mount and pid namespaces: the mounts are gone and
# the simulators killed when this script ends, whatever happens.
if [ -z "${LASIS_INSTALLBOOT_NS:-}" ]; then
  unshare --mount --pid --fork --mount-proc --propagation private true 2>/dev/null || skip "no private mount and pid namespaces (unshare -m -p) here"
  LASIS_INSTALLBOOT_NS=1 exec unshare --mount --pid --fork --mount-proc --propagation private "$0" "$@"
fi

CACHE=$BUILD/installboot
mkdir -p "$CACHE/archives/partial"
WORK=$(mktemp -d "$CACHE/run.XXXXXX")
R=$WORK/root
cleanup() {
  [ -x "$R/usr/local/sbin/installboot-inside" ] && chroot "$R" /usr/local/sbin/installboot-inside stop-sims 2>/dev/null
  umount -R -l "$R/proc" "$R/dev" "$R/var/cache/apt/archives" 2>/dev/null || true
  [ -n "${LASIS_INSTALLBOOT_KEEP:-}" ] || rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

# --- 1. the base root -------------------------------------------------------------------------
. /etc/os-release
SUITE=${VERSION_CODENAME:-bookworm}
SOURCES=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && grep -qv '^\s*\(#\|$\)' "$f" && SOURCES+=("$f")
done
[ ${#SOURCES[@]} -gt 0 ] || skip "no apt sources on this machine"
key=$( (echo "$SUITE variant=apt $(dpkg-query -W -f='${Version}' mmdebstrap)"; cat "${SOURCES[@]}") | sha256sum | cut -c1-12)
BASE=$CACHE/base-$SUITE-$key.tar
if [ -f "$BASE" ]; then
  step "base root: cached $(basename "$BASE") ($(du -m "$BASE" | cut -f1) MiB)"
else
  step "base root: mmdebstrap --variant=apt $SUITE from ${SOURCES[*]}"
  rm -f "$CACHE"/base-*.tar
  mmdebstrap --variant=apt --mode=root --format=tar "$SUITE" "$BASE.tmp" "${SOURCES[@]}" >"$WORK/mmdebstrap.log" 2>&1 ||
    { tail -n 30 "$WORK/mmdebstrap.log"; fail "mmdebstrap could not build a $SUITE root (log above)"; }
  mv "$BASE.tmp" "$BASE"
  step "base root built ($(du -m "$BASE" | cut -f1) MiB, cached)"
fi
mkdir -p "$R"
tar -C "$R" -xf "$BASE"
cp /etc/resolv.conf "$R/etc/resolv.conf" 2>/dev/null || true

mount_root() {
  mount -t proc proc "$R/proc"
  mount --rbind /dev "$R/dev"
  mount --bind "$CACHE/archives" "$R/var/cache/apt/archives"
}
umount_root() { umount -R "$R/proc" "$R/dev" "$R/var/cache/apt/archives"; }
in_root() { chroot "$R" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

# --- the packages -------------------------------------------------------------------------------
V1=$WORK/v1 V2=$WORK/v2
mkdir -p "$V1" "$V2" "$WORK/repack"
if [ -n "${LASIS_INSTALLBOOT_DEBS:-}" ]; then
  cp "$LASIS_INSTALLBOOT_DEBS"/lasis-*.deb "$V1/"
  step "packages: from $LASIS_INSTALLBOOT_DEBS"
else
  cpack --config "$BUILD/CPackConfig.cmake" -B "$WORK/cpack" >"$WORK/cpack.log" 2>&1 || { cat "$WORK/cpack.log"; fail "cpack"; }
  cp "$WORK/cpack"/lasis-*.deb "$V1/"
  step "packages: cpack of $BUILD"
fi
for p in lasis-tools lasis-gate lasis-sim lasis-kiosk; do
  ls "$V1/${p}_"*.deb >/dev/null 2>&1 || fail "no $p package"
done
VER=$(dpkg-deb -f "$V1"/lasis-tools_*.deb Version)
ARCH=$(dpkg-deb -f "$V1"/lasis-tools_*.deb Architecture)
[ "$ARCH" = "$(dpkg --print-architecture)" ] || skip "the packages are $ARCH, this machine boots $(dpkg --print-architecture) roots only"
# The next version: the same files, Version and the (= VERSION) dependencies bumped.
NEXT=$VER+installboot1
for deb in "$V1"/*.deb; do
  d=$WORK/repack/$(basename "$deb" .deb)
  dpkg-deb -R "$deb" "$d"
  sed -i -e "s/^Version: .*/Version: $NEXT/" -e "/^Depends:/s/(= $VER)/(= $NEXT)/g" "$d/DEBIAN/control"
  dpkg-deb -b "$d" "$V2/" >/dev/null
done
mkdir -p "$R/tmp/v1" "$R/tmp/v2"
cp "$V1"/*.deb "$R/tmp/v1/"
cp "$V2"/*.deb "$R/tmp/v2/"

# --- 2. apt installs them ----------------------------------------------------------------------
mount_root
in_root apt-get update -q >"$WORK/update.log" 2>&1 || { cat "$WORK/update.log"; fail "apt-get update in the root"; }
apt_install() {  # LOG ARGS...: apt-get install in the root, printing what apt resolved
  local log=$1
  shift
  if ! in_root apt-get install -y -q --no-install-recommends "$@" >"$log" 2>&1; then
    cat "$log"
    fail "apt-get install $*"
  fi
  sed -n '/^The following NEW packages will be installed:/,/^[0-9]* upgraded/p' "$log" | sed 's/^/  apt: /'
  grep -E '^(Unpacking|Setting up) lasis-' "$log" | sed 's/^/  apt: /'
}
in_root_debs() {  # DIR/NAME...: the root's paths of those packages' .debs (the globs expand here)
  local p f
  for p in "$@"; do
    for f in "$R/tmp/$p"_*.deb; do echo "${f#"$R"}"; done
  done
}
ldd_ok() {  # BINARY...: every shared library found in the root
  local b missing
  for b in "$@"; do
    missing=$(in_root ldd "$b" | grep 'not found' || true)
    [ -z "$missing" ] || fail "$b in the root: $missing (a missing Depends)"
  done
}
step "apt-get install ./lasis-tools ./lasis-gate ./lasis-sim ($VER, $ARCH) on a clean $SUITE root, no Recommends"
mapfile -t debs < <(in_root_debs v1/lasis-tools v1/lasis-gate v1/lasis-sim)
apt_install "$WORK/apt-gate.log" "${debs[@]}"
ldd_ok /usr/bin/lasis /usr/bin/lasis-gate /usr/bin/lasis-sim
step "apt-get install ./lasis-kiosk"
apt_install "$WORK/apt-kiosk.log" "$(in_root_debs v1/lasis-kiosk)"
ldd_ok /usr/bin/lasis-kiosk
in_root lasis-kiosk --config /etc/lasis/kiosk.toml --ils "sip2://kiosk:secret@127.0.0.1:6001?institution=LIB" \
  --db /tmp/kiosk-check.db --check-config >/dev/null || fail "the installed lasis-kiosk --check-config"
in_root getent passwd lasis >/dev/null || fail "no lasis user after install (sysusers)"
in_root id -nG lasis | grep -qw dialout || fail "lasis is not in dialout"
echo "  the lasis user: $(in_root id lasis)"
for u in lasis-gate lasis-kiosk; do [ -f "$R/usr/lib/systemd/system/$u.service" ] || fail "no $u.service installed"; done
install -m 0755 "$HERE/installboot-inside.sh" "$R/usr/local/sbin/installboot-inside"

# --- 3. the gate, booted or in a chroot ---------------------------------------------------------
chroot_gate() {  # the unit's command line as the unit would run it, READY=1 through NOTIFY_SOCKET
  local unit=$R/usr/lib/systemd/system/lasis-gate.service cmdline user group wd out
  cmdline=$(sed -n 's/^ExecStart=//p' "$unit")
  user=$(sed -n 's/^User=//p' "$unit") group=$(sed -n 's/^SupplementaryGroups=//p' "$unit")
  wd=$(sed -n 's/^WatchdogSec=//p' "$unit")
  # StateDirectory=lasis: systemd would create /var/lib/lasis for the unit's user.
  if grep -qx 'StateDirectory=lasis' "$unit"; then in_root install -d -o "$user" -g "$user" -m 0755 /var/lib/lasis; fi
  in_root installboot-inside sims || fail "the simulated devices"
  # Numeric ids: the names exist in the root only.
  local uid gid groups
  uid=$(in_root id -u "$user") gid=$(in_root id -g "$user") groups=$(in_root getent group "$group" | cut -d: -f3)
  # shellcheck disable=SC2086  # ExecStart is one line of plain words
  out=$(python3 "$HERE/notify_ready.py" "$R" "$uid:$gid" "$groups" "${wd:-10}" -- $cmdline) || { echo "$out"; in_root installboot-inside stop-sims; fail "lasis-gate ($cmdline) in the root: $out"; }
  echo "  $cmdline: $out"
}

MODE=chroot
why=""
if [ "${LASIS_INSTALLBOOT_MODE:-}" = chroot ]; then
  why="LASIS_INSTALLBOOT_MODE=chroot"
elif ! command -v systemd-nspawn >/dev/null; then
  why="no systemd-nspawn (package systemd-container)"
else
  step "booting the root: systemd-nspawn --boot (a check unit runs the gate under systemd, then powers off)"
  cat >"$R/etc/systemd/system/installboot.service" <<'EOF'
[Unit]
Description=tests/deploy/installboot.sh: lasis-gate under systemd
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/installboot-inside boot
StandardOutput=journal+console
StandardError=journal+console
[Install]
WantedBy=default.target
EOF
  mkdir -p "$R/etc/systemd/system/default.target.wants"
  ln -sf /etc/systemd/system/installboot.service "$R/etc/systemd/system/default.target.wants/"
  umount_root
  code=0
  timeout 180 systemd-nspawn -q -D "$R" --boot --register=no --keep-unit --console=pipe --private-users=no \
    >"$WORK/boot.log" 2>&1 </dev/null || code=$?
  mount_root
  rm -f "$R/etc/systemd/system/default.target.wants/installboot.service"
  if [ -f "$R/root/installboot.result" ] && grep -qx DONE "$R/root/installboot.result"; then
    MODE=nspawn
    sed 's/^/  /' "$R/root/installboot.log"
    if grep -q '^FAIL' "$R/root/installboot.result"; then
      tail -n 40 "$WORK/boot.log"
      fail "under systemd: $(grep '^FAIL' "$R/root/installboot.result" | tr '\n' ' ')"
    fi
  elif [ -f "$R/root/installboot.log" ] || [ "$code" -eq 124 ]; then
    # It booted (the check unit started) or hung: a failure, not a machine that cannot boot.
    cat "$R/root/installboot.log" 2>/dev/null || true
    tail -n 40 "$WORK/boot.log"
    fail "systemd-nspawn --boot (exit $code): the check unit did not finish"
  else
    why="systemd-nspawn --boot fails here (exit $code): $(grep -v '^$' "$WORK/boot.log" | tail -n 3 | tr '\n' ' ')"
  fi
fi
echo "MODE: $MODE${why:+ ($why)}"
if [ "$MODE" = chroot ]; then
  step "chroot mode: lasis-gate's ExecStart as the lasis user, with lasis-sim devices"
  chroot_gate
  grep -q '^Restart=on-failure' "$R/usr/lib/systemd/system/lasis-gate.service" || fail "lasis-gate.service has no Restart=on-failure"
  echo "  restart after SIGKILL: not testable without systemd; the unit says $(grep -E '^(Restart|RestartSec|WatchdogSec)=' "$R/usr/lib/systemd/system/lasis-gate.service" | tr '\n' ' ')"
  in_root installboot-inside doctor || { in_root installboot-inside stop-sims; fail "lasis doctor is not healthy"; }
  in_root installboot-inside stop-sims
  rm -f "$R/etc/lasis/gate.d/50-installboot.toml"
  echo "  lasis doctor: healthy"
fi

# --- 4. upgrade ---------------------------------------------------------------------------------
step "upgrade $VER -> $NEXT over a site's data"
[ -f "$R/var/lib/lasis/gate.db" ] || fail "the gate wrote no event log at /var/lib/lasis/gate.db"
echo "# edited on site (installboot)" >>"$R/etc/lasis/gate.toml"
echo "# edited on site (installboot)" >>"$R/etc/lasis/kiosk.toml"
sqlite3 "$R/var/lib/lasis/queue.db" "CREATE TABLE IF NOT EXISTS installboot(note TEXT); INSERT INTO installboot VALUES('a site queue')"
in_root chown lasis:lasis /var/lib/lasis/queue.db
before=$(cd "$R/var/lib/lasis" && sha256sum gate.db queue.db)
mapfile -t debs < <(in_root_debs v2/lasis-tools v2/lasis-gate v2/lasis-sim v2/lasis-kiosk)
apt_install "$WORK/apt-upgrade.log" "${debs[@]}"
for p in lasis-tools lasis-gate lasis-sim lasis-kiosk; do
  v=$(in_root dpkg-query -W -f='${Version}' "$p")
  [ "$v" = "$NEXT" ] || fail "$p is $v after the upgrade, not $NEXT"
done
for f in gate kiosk; do
  grep -qx '# edited on site (installboot)' "$R/etc/lasis/$f.toml" || fail "the upgrade replaced the edited /etc/lasis/$f.toml"
done
leftover=$(find "$R/etc/lasis" -name '*.dpkg-*')
[ -z "$leftover" ] || fail "the upgrade left $leftover"
after=$(cd "$R/var/lib/lasis" && sha256sum gate.db queue.db)
[ "$before" = "$after" ] || fail "the upgrade changed the data: $before / $after"
echo "  kept: /etc/lasis/gate.toml and kiosk.toml as edited (conffiles), gate.db and queue.db unchanged"
step "the upgraded gate starts on the old event log"
chroot_gate
in_root installboot-inside stop-sims
rm -f "$R/etc/lasis/gate.d/50-installboot.toml"

# --- 5. purge -----------------------------------------------------------------------------------
step "apt-get purge"
in_root apt-get purge -y -q lasis-kiosk lasis-gate lasis-sim lasis-tools >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log"; fail "purge"; }
grep -E '^(Removing|Purging)' "$WORK/purge.log" | sed 's/^/  apt: /'
units=$(find "$R/usr/lib/systemd/system" "$R/etc/systemd/system" -name 'lasis-*' 2>/dev/null)
[ -z "$units" ] || fail "purge left units: $units"
for f in /etc/lasis/gate.toml /etc/lasis/kiosk.toml /usr/bin/lasis-gate /usr/lib/sysusers.d/lasis.conf; do
  [ ! -e "$R$f" ] || fail "purge left $f"
done
for f in gate.db queue.db; do [ -f "$R/var/lib/lasis/$f" ] || fail "purge removed /var/lib/lasis/$f"; done
echo "  no unit, no /etc/lasis config left; kept: $(cd "$R/var/lib/lasis" && ls | tr '\n' ' ')(lasis user: $(in_root getent passwd lasis >/dev/null && echo kept || echo removed))"
step "PASS ($MODE mode)"
