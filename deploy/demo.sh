#!/usr/bin/env bash
# ./run demo: Lasis on simulated hardware with embedded defaults, no configuration.
# Grows with the project; today it shows a library tag going round the ISO 28560 codec.
set -euo pipefail
BUILD=$1
shift || true
BIN=$BUILD/bin
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

say "1. A librarian tags a new book: item 30512004815473, part 1 of 1, owned by LV-00001"
hex=$("$BIN/lasis" tag encode --model iso28560-3 --item 30512004815473 --parts 1 --ordinal 1 --isil LV-00001)
echo "   tag memory (ISO 28560-3, 34 bytes): $hex"

say "2. A kiosk reads it back"
"$BIN/lasis" tag decode "$hex"

say "3. A two-disc audiobook set, disc 2 of 2, in the ISO 28560-2 (compacted) model"
hex2=$("$BIN/lasis" tag encode --model iso28560-2 --item 4001123 --parts 2 --ordinal 2 --isil LT-000123)
echo "   tag memory: $hex2"
"$BIN/lasis" tag decode "$hex2"

say "4. A tag damaged by a phone that rewrote one byte is caught by its CRC"
bad="${hex:0:10}FF${hex:12}"
"$BIN/lasis" tag decode "$bad" || echo "   (exit status $?: the kiosk refuses the tag and asks for staff)"
