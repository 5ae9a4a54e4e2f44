#!/bin/sh
# Runs one check of the shipped Prometheus/Alertmanager files: TOOL ARGS… in DIR.
# Exit 77 (skipped) when TOOL is not installed; otherwise the tool's own status.
dir=$1
shift
command -v "$1" >/dev/null 2>&1 || { echo "$1 is not installed: skipped"; exit 77; }
cd "$dir" || exit 1
exec "$@"
