#!/usr/bin/env bash
# Captures the CLUSTER NODES fixtures in this folder from real servers.
#
#   capture-fixtures.sh SERVER_BINARY PREFIX BASE_PORT [OUT_DIR]
#   e.g. capture-fixtures.sh redis-server redis7 31100
#        capture-fixtures.sh ./valkey-server valkey9 31200
#
# Uses loopback ports BASE_PORT+1 ... BASE_PORT+9 with the cluster bus 10000 below each
# (outside Linux's ephemeral range, so outgoing connections never hold a bus port), temp
# directories under $TMPDIR, and kills every server it started when it exits.
set -euo pipefail

SERVER=$1
PREFIX=$2
BASE=$3
OUT=${4:-$(cd "$(dirname "$0")" && pwd)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/capture-$PREFIX.XXXXXX")
declare -A PIDS=()
HOLDER_PID=""

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [[ -n "$HOLDER_PID" ]]; then kill "$HOLDER_PID" 2>/dev/null || true; fi
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

log() { echo "[$PREFIX] $*" >&2; }

# start PORT HOST [extra server options...]
start() {
    local port=$1 host=$2
    shift 2
    local dir="$WORK/$port-$RANDOM"
    mkdir -p "$dir"
    (cd "$dir" && exec "$SERVER" --port "$port" --bind "$host" --cluster-enabled yes --cluster-port $((port - 10000)) --save "" \
        --appendonly no --cluster-config-file nodes.conf --daemonize no --logfile server.log "$@") &
    PIDS[$port]=$!
    echo "$dir" > "$WORK/dir-$port"
    for _ in $(seq 100); do
        redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    log "server on $port did not start"; exit 1
}

stop() {
    local port=$1
    kill "${PIDS[$port]}" 2>/dev/null || true
    wait "${PIDS[$port]}" 2>/dev/null || true
    unset "PIDS[$port]"
}

cli() { local host=$1 port=$2; shift 2; redis-cli -h "$host" -p "$port" "$@"; }
nodes() { cli "$1" "$2" cluster nodes; }
myid() { cli "$1" "$2" cluster myid; }

# converged HOST COUNT PORTS...: every node knows COUNT nodes, state ok, no transient flags.
converged() {
    local host=$1 count=$2
    shift 2
    local port
    for port in "$@"; do
        cli "$host" "$port" cluster info | grep -q "cluster_state:ok" || return 1
        cli "$host" "$port" cluster info | grep -q "cluster_known_nodes:$count" || return 1
        nodes "$host" "$port" | grep -Eq "handshake|fail|disconnected|noaddr" && return 1
        if cli "$host" "$port" role | head -1 | grep -q slave; then
            cli "$host" "$port" info replication | grep -q "master_link_status:up" || return 1
        fi
    done
    return 0
}

wait_converged() {
    for _ in $(seq 300); do
        converged "$@" && return 0
        sleep 0.2
    done
    log "cluster did not converge"; exit 1
}

# wait_for HOST PORT REGEX: polls CLUSTER NODES until a line matches.
wait_for() {
    local host=$1 port=$2 regex=$3
    for _ in $(seq 1500); do
        if nodes "$host" "$port" | grep -Eq "$regex"; then return 0; fi
        sleep 0.02
    done
    log "no line matching $regex on $port"; exit 1
}

capture() {
    local host=$1 port=$2 name=$3
    nodes "$host" "$port" > "$OUT/$PREFIX-$name.txt"
    log "captured $PREFIX-$name.txt"
}

# --- Three masters: steady, migrating, handshake, hostnames, noaddr, a fresh node -------------
H=127.0.0.1
P1=$((BASE + 1)); P2=$((BASE + 2)); P3=$((BASE + 3))
for p in $P1 $P2 $P3; do start $p $H --cluster-node-timeout 5000; done
redis-cli --cluster create $H:$P1 $H:$P2 $H:$P3 --cluster-yes >/dev/null
wait_converged $H 3 $P1 $P2 $P3
capture $H $P1 steady
save_nodes_conf() {
    cli $H $P1 cluster saveconfig >/dev/null
    cp "$(cat "$WORK/dir-$P1")/nodes.conf" "$OUT/$PREFIX-$1.txt"
    log "captured $PREFIX-$1.txt"
}
save_nodes_conf nodes-conf

ID1=$(myid $H $P1); ID2=$(myid $H $P2); ID3=$(myid $H $P3)
# Slot 100 (node 1) moves to node 2; slot 16383 (node 3) moves to node 1.
cli $H $P2 cluster setslot 100 importing "$ID1" >/dev/null
cli $H $P1 cluster setslot 100 migrating "$ID2" >/dev/null
cli $H $P1 cluster setslot 16383 importing "$ID3" >/dev/null
cli $H $P3 cluster setslot 16383 migrating "$ID1" >/dev/null
capture $H $P1 migrating-source
capture $H $P2 migrating-target
capture $H $P3 migrating-other-source
for p in $P1 $P2 $P3; do
    cli $H $p cluster setslot 100 stable >/dev/null
    cli $H $p cluster setslot 16383 stable >/dev/null
done

# A MEET to a bus port where a listener accepts and never answers keeps the node in handshake.
P9=$((BASE + 9))
python3 -c "import socket,time; s=socket.socket(); s.bind(('$H', $P9 - 10000)); s.listen(16); time.sleep(120)" &
HOLDER_PID=$!
sleep 0.3
cli $H $P1 cluster meet $H $P9 $((P9 - 10000)) >/dev/null
sleep 0.3
capture $H $P1 handshake
kill $HOLDER_PID 2>/dev/null || true; wait $HOLDER_PID 2>/dev/null || true; HOLDER_PID=""

cli $H $P1 config set cluster-announce-hostname node-1.cluster.test >/dev/null
cli $H $P2 config set cluster-announce-hostname node-2.cluster.test >/dev/null
cli $H $P3 config set cluster-announce-hostname node-3.cluster.test >/dev/null
for _ in $(seq 200); do
    [[ $(nodes $H $P1 | grep -c "cluster.test") == 3 ]] && break
    sleep 0.1
done
capture $H $P1 hostnames
# Valkey 8+ and Redis 7.2+ keep a human node name as an aux field in nodes.conf; Redis 7.0 has no such option.
cli $H $P1 config set cluster-announce-human-nodename alpha >/dev/null 2>&1 || true
save_nodes_conf nodes-conf-hostnames

# A node nobody has talked to yet does not know its own IP.
P8=$((BASE + 8))
start $P8 $H --cluster-node-timeout 5000
capture $H $P8 fresh-node
stop $P8

# Replace node 3 by a fresh node on the same port: node 1's PONG has another ID, so node 3 loses its address.
stop $P3
start $P3 $H --cluster-node-timeout 5000
wait_for $H $P1 "noaddr"
capture $H $P1 noaddr
for p in $P1 $P2 $P3; do stop $p; done

# --- Three masters with a replica each: replicas, pfail, fail, failover -----------------------
ports=()
for i in 1 2 3 4 5 6; do ports+=($((BASE + i))); done
for p in "${ports[@]}"; do start $p $H --cluster-node-timeout 1000; done
args=()
for p in "${ports[@]}"; do args+=("$H:$p"); done
redis-cli --cluster create "${args[@]}" --cluster-replicas 1 --cluster-yes >/dev/null
wait_converged $H 6 "${ports[@]}"
ID3=$(myid $H $P3)
# The replica of master 3 refuses to fail over, so it shows the nofailover flag.
for p in "${ports[@]:3}"; do
    if nodes $H $p | grep "myself" | grep -q "$ID3"; then
        cli $H $p config set cluster-replica-no-failover yes >/dev/null
    fi
done
wait_for $H $P1 "nofailover"
capture $H $P1 replicas
stop $P2
wait_for $H $P1 "master,fail "
capture $H $P1 fail
ID2=$(cat "$OUT/$PREFIX-replicas.txt" | awk -v p=":$P2@" 'index($2, p) {print $1}')
for _ in $(seq 300); do
    nodes $H $P1 | grep -v "$ID2" | grep -q " 5461-10922" && break
    sleep 0.1
done
sleep 0.5
capture $H $P1 failover
# With two of three masters gone no majority can agree on FAIL, so node 1 keeps them at fail?.
for p in "${ports[@]:1}"; do
    if [[ -n "${PIDS[$p]:-}" ]] && cli $H $p role | head -1 | grep -q master; then stop $p; fi
done
for _ in $(seq 300); do
    [[ $(nodes $H $P1 | grep -c "master,fail?") == 2 ]] && break
    sleep 0.05
done
sleep 0.5
capture $H $P1 pfail
for p in "${ports[@]}"; do [[ -n "${PIDS[$p]:-}" ]] && stop $p; done

# --- IPv6: three masters on ::1 ----------------------------------------------------------------
H=::1
for p in $P1 $P2 $P3; do start $p $H --cluster-node-timeout 5000; done
redis-cli --cluster create "[$H]:$P1" "[$H]:$P2" "[$H]:$P3" --cluster-yes >/dev/null 2>&1 ||
    redis-cli --cluster create "$H:$P1" "$H:$P2" "$H:$P3" --cluster-yes >/dev/null
wait_converged $H 3 $P1 $P2 $P3
capture $H $P1 ipv6
log "done"
