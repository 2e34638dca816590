#!/usr/bin/env bash
# Ship the lines appended to a log since the last run to a Kafka topic, from cron: a
# `tail -F | kafka` that survives reboots, rotation and broker outages.
#
#   * * * * * KAFKA_BROKERS=kafka1:9092 LOG=/var/log/app/app.log /usr/local/share/etlkit/streaming/log-to-kafka.sh
#
# Each line goes as one JSON record, {"message": the line, "source": its file,
# "line": its number}, keyed by `source` so the lines of one file stay in order in one
# partition. The producer exits 0 only when the brokers confirmed every message, and
# only then is the state committed: a run that failed (brokers down, a timeout) sends
# the same lines again next time. A line is sent twice only if the commit itself did
# not run after a complete delivery; (source, line) lets a consumer drop that copy
# (etl-dedup, or etl-pg-load --upsert as in kafka-to-postgres.sh). The first run
# creates a missing topic with one partition and one replica: in production create it
# beforehand with the replication your cluster needs.
set -euo pipefail
# cron and systemd start a job with PATH=/usr/bin:/bin: the etl-* commands come from
# the installation this script is part of (PREFIX/share/etlkit/DIR/ -> PREFIX/bin/,
# `make install`), before PATH.
installed=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/bin
if [ -x "$installed/etl" ]; then PATH=$installed:$PATH; fi

: "${KAFKA_BROKERS:?set KAFKA_BROKERS to the Kafka brokers (host:port,...)}"
export KAFKA_BROKERS
LOG=${LOG:-/var/log/app/app.log}
TOPIC=${TOPIC:-app-logs}
STATE_DIR=${STATE_DIR:-/var/lib/etlkit}
# Seconds the brokers have to confirm each message (and to answer at all).
DELIVERY_TIMEOUT=${DELIVERY_TIMEOUT:-30}

state=$STATE_DIR/log-to-kafka.$(basename "$LOG").state
mkdir -p "$STATE_DIR"
exec 9>"$state.lock"
flock -n 9 || exit 0 # the previous run is still sending

etl-extract-log --pattern '{message}' --state "$state" --add-source --add-line "$LOG" |
  etl-kafka-produce -t "$TOPIC" --create-topic -k source --timeout "$DELIVERY_TIMEOUT"
etl-extract-log --commit-state "$state"
