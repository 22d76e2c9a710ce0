#!/usr/bin/env bash
# Cycles bench/out/capture.pcap (from make-capture.sh) into a ~10-million-packet benchmark file,
# reusing @cynex/pcap's replicate tool (timestamps keep increasing pass after pass).
#
#   bash packages/telescope/bench/replicate.sh [N=10000000] [IN=bench/out/capture.pcap] [OUT=bench/out/capture-10m.pcap]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${1:-10000000}"
IN="${2:-$HERE/out/capture.pcap}"
OUT="${3:-$HERE/out/capture-10m.pcap}"
cd "$HERE/../../.."
exec npx tsx packages/pcap/bench/replicate.ts "$IN" "$OUT" "$N" pcap
