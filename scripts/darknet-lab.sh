#!/usr/bin/env bash
# A small darknet lab in network namespaces, for the live end-to-end test and for trying the telescope by hand.
#
#   scanner ns  203.0.113.10/24 ──► darknet ns (router) ──► this host 10.231.77.1 (the hub listens here)
#                                   │ 203.0.113.1 / 10.231.77.2
#                                   └ 198.18.77.0/24 is routed here and dropped: nothing answers (a darknet)
#   clean ns    198.51.100.20/24 ──► this host 198.51.100.1 (another visitor, never seen by the darknet)
#
# The darknet namespace forwards between the scanner and this host (forwarding is switched on inside that
# namespace only) and blackholes the dark prefix; capture there with
#   ip netns exec cxlab-dark tcpdump -i dk0 -U -w - 'dst net 198.18.77.0/24' | cynex telescope ingest - ...
# Traffic never leaves the machine: every address lives in a namespace made here.
#
# usage: scripts/darknet-lab.sh up|down   (one lab per machine: `up` replaces a lab left behind)
set -euo pipefail

action=${1:-}
tag=lab

scan="cx${tag}-scan"
dark="cx${tag}-dark"
clean="cx${tag}-clean"
# Interface names (≤ 15 characters): scanner↔darknet, darknet↔host, clean↔host.
s_in="cx${tag}s0"
d_in="cx${tag}d0"
d_up="cx${tag}d1"
h_dk="cx${tag}h1"
c_in="cx${tag}c0"
h_cl="cx${tag}h2"

DARK_PREFIX=198.18.77.0/24
SCANNER=203.0.113.10
CLEAN=198.51.100.20
HOST_DARK=10.231.77.1
HOST_CLEAN=198.51.100.1

down() {
  ip link del "$h_dk" 2>/dev/null || true
  ip link del "$h_cl" 2>/dev/null || true
  ip route del 203.0.113.0/24 via 10.231.77.2 2>/dev/null || true
  for ns in "$scan" "$dark" "$clean"; do ip netns del "$ns" 2>/dev/null || true; done
}

up() {
  down
  for ns in "$scan" "$dark" "$clean"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done

  # scanner ↔ darknet router
  ip link add "$s_in" netns "$scan" type veth peer name "$d_in" netns "$dark"
  ip -n "$scan" addr add "$SCANNER/24" dev "$s_in"
  ip -n "$scan" link set "$s_in" up
  ip -n "$scan" route add default via 203.0.113.1
  ip -n "$dark" addr add 203.0.113.1/24 dev "$d_in"
  ip -n "$dark" link set "$d_in" up

  # darknet router ↔ this host
  ip link add "$h_dk" type veth peer name "$d_up" netns "$dark"
  ip addr add "$HOST_DARK/30" dev "$h_dk"
  ip link set "$h_dk" up
  ip -n "$dark" addr add 10.231.77.2/30 dev "$d_up"
  ip -n "$dark" link set "$d_up" up
  ip -n "$dark" route add default via "$HOST_DARK"
  ip -n "$dark" route add blackhole "$DARK_PREFIX"
  ip netns exec "$dark" sysctl -qw net.ipv4.ip_forward=1
  ip route add 203.0.113.0/24 via 10.231.77.2 dev "$h_dk"

  # clean visitor ↔ this host
  ip link add "$h_cl" type veth peer name "$c_in" netns "$clean"
  ip addr add "$HOST_CLEAN/24" dev "$h_cl"
  ip link set "$h_cl" up
  ip -n "$clean" addr add "$CLEAN/24" dev "$c_in"
  ip -n "$clean" link set "$c_in" up
  ip -n "$clean" route add default via "$HOST_CLEAN"

  # Wait for the links (IPv4 ping across each path), so callers can start at once.
  for _ in $(seq 1 50); do
    if ip netns exec "$scan" ping -c1 -W1 -q "$HOST_DARK" >/dev/null 2>&1 &&
      ip netns exec "$clean" ping -c1 -W1 -q "$HOST_CLEAN" >/dev/null 2>&1; then
      cat <<EOF
scanner_ns=$scan
darknet_ns=$dark
clean_ns=$clean
capture_interface=$d_in
dark_prefix=$DARK_PREFIX
scanner=$SCANNER
clean=$CLEAN
host_from_scanner=$HOST_DARK
host_from_clean=$HOST_CLEAN
EOF
      return 0
    fi
    sleep 0.1
  done
  echo "darknet lab: links did not come up" >&2
  down
  exit 1
}

case $action in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
