#!/bin/sh
# multinode.sh [loadtest flags]: build Ting and the load generator, start
# $TING_LOAD_NODES (default 2) fresh Ting nodes on one Redis under a key
# prefix of their own, run the load generator with its phones spread over
# the nodes (and -server-pid of every node, so that the report shows their
# memory per connection), then stop the nodes and delete the run's keys
# (only those: the Redis may be shared). Used by `make load-multi`.
#
#   TING_LOAD_REDIS   Redis URL, default redis://127.0.0.1:6379/0 (loopback only)
#   TING_LOAD_PORT    first node's port on 127.0.0.1, default 18191
#   TING_LOAD_NODES   number of nodes, default 2
# Node logs go to bin/ting-node<N>.log.
set -eu
GO=${GO:-go}
redis=${TING_LOAD_REDIS:-redis://127.0.0.1:6379/0}
port=${TING_LOAD_PORT:-18191}
nodes=${TING_LOAD_NODES:-2}
prefix="tingload-$(date +%s)-$$"

case "$redis" in
redis://127.*|redis://localhost[:/]*|redis://localhost) ;;
*)
	echo "multinode.sh: $redis is not on this machine; a load run uses only a loopback Redis" >&2
	exit 2
	;;
esac
# Each phone is one open file in the generator and one in the node it is on.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

mkdir -p bin
$GO build -o bin/ting ./cmd/ting
$GO build -o bin/loadtest ./loadtest

# The owner key creates the session: the one given, or a new one for this run.
TING_ADMIN_KEY=${TING_ADMIN_KEY:-load-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
export TING_ADMIN_KEY

pids=""
urls=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	if command -v redis-cli >/dev/null 2>&1; then
		redis-cli -u "$redis" --scan --pattern "$prefix:*" | xargs -r -n 500 redis-cli -u "$redis" DEL >/dev/null || true
	fi
}
trap cleanup EXIT INT TERM

i=1
while [ "$i" -le "$nodes" ]; do
	addr=127.0.0.1:$((port + i - 1))
	# One machine is one address: lift the per-address limits a theatre never meets.
	TING_ADDR=$addr TING_REDIS_URL=$redis TING_REDIS_PREFIX=$prefix TING_CONNS_PER_ADDRESS=1000000 TING_JOINS_PER_ADDRESS=1000000 bin/ting 2>"bin/ting-node$i.log" &
	pids="$pids $!"
	urls="$urls${urls:+,}http://$addr"
	i=$((i + 1))
done
for u in $(echo "$urls" | tr , ' '); do
	tries=0
	until curl -sf -o /dev/null "$u/readyz"; do
		tries=$((tries + 1))
		if [ $tries -ge 100 ]; then
			echo "multinode.sh: no node ready at $u (see bin/ting-node*.log)" >&2
			exit 2
		fi
		sleep 0.1
	done
done
echo "multinode.sh: $nodes nodes on $redis, key prefix $prefix: $urls" >&2
bin/loadtest -url "$urls" -server-pid "$(echo $pids | tr ' ' ,)" "$@"
