#!/bin/sh
# Runs a command as a client of the production compositor: cage on wlroots' headless backend with
# the pixman renderer (no GPU, no display, no input devices), the command on Qt's Wayland platform.
# cage refuses to run as root, so as root the command runs as `nobody` (it must be readable by
# nobody: the build tree is). Exits with the command's status (cage's own is always 0).
# Usage: in-cage.sh COMMAND [ARGS...]
set -eu
command -v cage >/dev/null || { echo "in-cage.sh: cage is not installed" >&2; exit 77; }
runtime=$(mktemp -d)
trap 'rm -rf "$runtime"' EXIT
as=""
if [ "$(id -u)" = 0 ]; then
  chown nobody "$runtime"
  as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
chmod 700 "$runtime"
# Wayland's input method is the compositor's; the kiosk's keyboard is Qt's own, in the client.
$as env XDG_RUNTIME_DIR="$runtime" HOME="$runtime" WLR_BACKENDS=headless WLR_RENDERER=pixman \
  WLR_LIBINPUT_NO_DEVICES=1 QT_QPA_PLATFORM=wayland QT_IM_MODULE=qtvirtualkeyboard \
  cage -- sh -c '"$@"; echo $? > "$XDG_RUNTIME_DIR/status"' sh "$@"
[ -f "$runtime/status" ] || { echo "in-cage.sh: the command did not run in cage" >&2; exit 1; }
exit "$(cat "$runtime/status")"
