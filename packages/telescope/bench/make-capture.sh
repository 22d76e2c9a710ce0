#!/usr/bin/env bash
# Builds a realistic darknet capture with real scanners, entirely inside network namespaces.
#
#   sudo bash packages/telescope/bench/make-capture.sh [OUT=packages/telescope/bench/out/capture.pcap]
#   sudo SPOOFED_SOURCES=150000 bash packages/telescope/bench/make-capture.sh packages/telescope/bench/out/capture-sources.pcap
#
# SPOOFED_SOURCES=N (default 0) adds N TCP SYNs to port 23 from random spoofed sources (hping3 --rand-source) at
# random darknet addresses: a capture with that many distinct sources from all over the address space, as a real
# darknet sees from botnets, so that per-source work (source table, geolocation) shows in the end-to-end benchmark.
#
# Needs root and Debian's nmap masscan zmap hping3 tcpdump iproute2 nftables (see README-bench.md).
#
# Topology (three namespaces, no link to the host's namespace, so nothing can leave the machine;
# every address is in 198.18.0.0/15, the RFC 2544 benchmarking range that is never routed publicly):
#
#   cx-victim                cx-scanner                       cx-darknet
#   vi0 198.18.1.2/24 ── sv0 198.18.1.1/24
#                            sc0 198.18.0.1/24 ──────────── dk0 198.18.0.2/24
#                            route 198.19.0.0/16 via 198.18.0.2   tcpdump -i dk0 (dst net 198.19.0.0/16)
#                            ip_forward=1                          no forwarding, nftables drops all input
#
# The "darknet" is 198.19.0.0/16: cx-scanner routes it to cx-darknet, which never answers, so probes
# arrive once (plus the scanners' own retries). The victim (a TCP listener on 198.18.1.2:80) is outside
# the darknet; SYNs sent to it with spoofed sources inside 198.19.0.0/16 make it answer SYN-ACK (port 80),
# RST (closed port 81) and ICMP port unreachable (UDP), and cx-scanner forwards those replies to the
# darknet: that is backscatter.
#
# Every tool runs only inside cx-scanner, with a bounded count and rate and under `timeout`.
# The namespaces are removed on exit (trap), whatever happens.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/out/capture.pcap}"
mkdir -p "$(dirname "$OUT")"

SC=cx-scanner
DK=cx-darknet
VI=cx-victim
TMP="$(mktemp -d)"
TCPDUMP_PID=
VICTIM_PID=

cleanup() {
  set +e
  [ -n "$TCPDUMP_PID" ] && kill "$TCPDUMP_PID" 2>/dev/null && wait "$TCPDUMP_PID" 2>/dev/null
  [ -n "$VICTIM_PID" ] && kill "$VICTIM_PID" 2>/dev/null && wait "$VICTIM_PID" 2>/dev/null
  for ns in $SC $DK $VI; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

for tool in ip nft tcpdump nmap masscan zmap hping3 timeout; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install nmap masscan zmap hping3 tcpdump iproute2 nftables)" >&2; exit 1; }
done

# Leftovers from an interrupted run.
for ns in $SC $DK $VI; do ip netns del "$ns" 2>/dev/null || true; done

step() { echo "[$(date +%T)] $*" >&2; }

step "namespaces"
for ns in $SC $DK $VI; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
done
ip link add sc0 netns $SC type veth peer name dk0 netns $DK
ip link add sv0 netns $SC type veth peer name vi0 netns $VI

ip -n $SC addr add 198.18.0.1/24 dev sc0
ip -n $SC addr add 198.18.1.1/24 dev sv0
ip -n $DK addr add 198.18.0.2/24 dev dk0
ip -n $VI addr add 198.18.1.2/24 dev vi0
for l in "$SC sc0" "$SC sv0" "$DK dk0" "$VI vi0"; do
  set -- $l
  ip -n "$1" link set "$2" up
  # No IPv6 chatter (router solicitations, MLD) in the capture.
  ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
done
ip -n $SC route add 198.19.0.0/16 via 198.18.0.2 dev sc0
ip netns exec $SC sysctl -qw net.ipv4.ip_forward=1
ip -n $VI route add default via 198.18.1.1 dev vi0
# The darknet never answers anything above ARP.
ip netns exec $DK nft -f - <<'EOF'
table inet cx_darknet {
  chain input { type filter hook input priority 0; policy drop; }
  chain forward { type filter hook forward priority 0; policy drop; }
  chain output { type filter hook output priority 0; policy drop; }
}
EOF

DK_MAC="$(ip -n $DK -br link show dk0 | awk '{print $3}')"
SC_MAC="$(ip -n $SC -br link show sc0 | awk '{print $3}')"
# Fill the scanner's neighbour entry for the darknet gateway before raw-socket tools run.
ip -n $SC neigh replace 198.18.0.2 lladdr "$DK_MAC" dev sc0 nud permanent

step "tcpdump in $DK -> $OUT"
rm -f "$OUT"
ip netns exec $DK timeout 900 tcpdump -i dk0 -n -U -s 262144 -w "$OUT" 'ip and dst net 198.19.0.0/16' 2>"$TMP/tcpdump.err" &
TCPDUMP_PID=$!

step "victim listener on 198.18.1.2:80 in $VI"
ip netns exec $VI timeout 900 node -e "require('net').createServer((s) => s.destroy()).listen(80, '198.18.1.2')" &
VICTIM_PID=$!
sleep 2

inscanner() { ip netns exec $SC timeout "$@"; }

step "nmap -sS over 198.19.1.0/24, top 100 ports"
inscanner 120 nmap -sS -Pn -n -e sc0 --top-ports 100 --max-retries 1 --min-rate 2000 --max-rate 3000 -T4 198.19.1.0/24 -oN /dev/null >/dev/null

step "masscan over 198.19.0.0/16 ports 22,23,80,443,3389 at 20000 pps"
# masscan 1.3.2 sends everything (327,680 probes, ~17 s) but its receive thread can then wait forever on
# an interface with no replies ("waiting -N secs"): stop it with SIGINT once the send phase is surely over.
# (It writes paused.conf into its working directory when interrupted, hence the cd.)
rc=0
cd "$TMP"
ip netns exec $SC timeout -s INT -k 5 45 masscan 198.19.0.0/16 -p22,23,80,443,3389 --rate 20000 --wait 1 \
  -e sc0 --adapter-ip 198.18.0.1 --adapter-mac "${SC_MAC//:/-}" --router-mac "${DK_MAC//:/-}" \
  >/dev/null 2>"$TMP/masscan.err" || rc=$?
cd "$HERE"
if [ "$rc" != 0 ] && [ "$rc" != 124 ] && [ "$rc" != 137 ]; then tail -c 2000 "$TMP/masscan.err" >&2; exit 1; fi

step "zmap port 23 over 198.19.16.0/20 (max 4096 targets, 5000 pps)"
: >"$TMP/zmap-blocklist" # zmap's default blocklist contains 198.18.0.0/15 itself
inscanner 120 zmap -M tcp_synscan -p 23 -i sc0 -G "$DK_MAC" -S 198.18.0.1 -r 5000 -n 4096 -c 1 \
  -b "$TMP/zmap-blocklist" -o /dev/null -q 198.19.16.0/20 2>"$TMP/zmap.err" || { cat "$TMP/zmap.err" >&2; exit 1; }

step "hping3 UDP probes (ports 53, 123, 1900) and ICMP echo to random darknet addresses"
for port in 53 123 1900; do
  inscanner 60 hping3 --udp -p $port -I sc0 --rand-dest -c 2000 -i u300 -q 198.19.x.x >/dev/null 2>&1 || true
done
inscanner 60 hping3 --icmp -I sc0 --rand-dest -c 2000 -i u300 -q 198.19.x.x >/dev/null 2>&1 || true

if [ "${SPOOFED_SOURCES:-0}" -gt 0 ]; then
  step "hping3: $SPOOFED_SOURCES SYNs to port 23 from random spoofed sources at random darknet addresses"
  inscanner 600 hping3 -S -p 23 -I sc0 --rand-source --rand-dest -c "$SPOOFED_SOURCES" -i u20 -q 198.19.x.x \
    >/dev/null 2>&1 || true
fi

step "backscatter: SYN/UDP floods to 198.18.1.2 spoofed from darknet sources"
# --rand-source draws sources from all of IPv4: its replies almost never land in 198.19.0.0/16 (and find
# no route out of cx-scanner), so it runs briefly for realism; the backscatter comes from -a with darknet sources.
inscanner 30 hping3 -S --rand-source -p 80 -c 2000 -i u200 -q 198.18.1.2 >/dev/null 2>&1 || true
flood() { # $1 = source; 25 SYNs to :80 (SYN-ACK), 10 to :81 (RST), 5 UDP to :9999 (ICMP unreachable)
  inscanner 10 hping3 -S -a "$1" -p 80 -c 25 -i u2000 -q 198.18.1.2 >/dev/null 2>&1 || true
  inscanner 10 hping3 -S -a "$1" -p 81 -c 10 -i u2000 -q 198.18.1.2 >/dev/null 2>&1 || true
  inscanner 10 hping3 --udp -a "$1" -p 9999 -c 5 -i u2000 -q 198.18.1.2 >/dev/null 2>&1 || true
}
for batch in $(seq 1 10); do
  pids=()
  for i in $(seq 1 20); do
    flood "198.19.$((RANDOM % 256)).$((RANDOM % 254 + 1))" &
    pids+=($!)
  done
  wait "${pids[@]}" || true
done

sleep 3 # SYN-ACK retransmissions and stragglers
kill "$TCPDUMP_PID"
wait "$TCPDUMP_PID" 2>/dev/null || true
TCPDUMP_PID=
cat "$TMP/tcpdump.err" >&2
step "done: $OUT ($(stat -c %s "$OUT") bytes)"
