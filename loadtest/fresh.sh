#!/bin/sh
# fresh.sh [loadtest flags]: build Ting and the load generator, start a fresh
# Ting with the in-memory engine on $TING_LOAD_ADDR (default 127.0.0.1:18190),
# run the load generator against it with -server-pid (so that the report shows
# the server's memory per connection), and stop the server. The server's log
# goes to bin/ting-load.log. Used by `make load FRESH=1`.
set -eu
GO=${GO:-go}
addr=${TING_LOAD_ADDR:-127.0.0.1:18190}
# Each phone is one open file in the generator and one in the server.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
mkdir -p bin
$GO build -o bin/ting ./cmd/ting
$GO build -o bin/loadtest ./loadtest
# The owner key creates the session: the one given, or a new one for this run.
TING_ADMIN_KEY=${TING_ADMIN_KEY:-load-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
export TING_ADMIN_KEY
# One machine is one address: lift the per-address limits a theatre never meets.
TING_ADDR=$addr TING_DATA_DIR=memory TING_CONNS_PER_ADDRESS=1000000 TING_JOINS_PER_ADDRESS=1000000 bin/ting 2>bin/ting-load.log &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT INT TERM
tries=0
until curl -sf -o /dev/null "http://$addr/healthz"; do
	tries=$((tries + 1))
	if [ $tries -ge 100 ] || ! kill -0 $pid 2>/dev/null; then
		echo "fresh.sh: Ting did not start on $addr (see bin/ting-load.log)" >&2
		exit 2
	fi
	sleep 0.1
done
bin/loadtest -url "http://$addr" -server-pid "$pid" "$@"
