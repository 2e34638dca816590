#!/usr/bin/env bash
# A Kafka topic of shop events -> purchases -> PostgreSQL, as a service
# (etlkit-kafka-to-postgres.service beside this script), or with --drain from cron:
# load what the group has not read yet, then exit.
#   kafka-to-postgres.sh [--drain] [etl-kafka-consume options, e.g. -X k=v]
# (the unit adds -X group.instance.id=%H: static membership).
#
# One consumer in group GROUP runs the --exec pipeline below once per micro-batch (at
# most BATCH_RECORDS events or BATCH_INTERVAL), streaming the batch into it as it
# arrives, and commits the batch's offsets only once the pipeline exited 0.
#
# Why nothing is lost, under any kill (at least once): a pipe has no way back from the
# load to the consumer, so `etl-kafka-consume | ... | etl-pg-load` commits the offsets
# of records still in the pipe or in the load's open transaction. Here the consumer
# waits for the pipeline's exit status, under pipefail: 0 only when every stage
# succeeded and the load committed. A load that fails, a stage killed with SIGKILL, a
# lost machine: the batch's offsets are not committed, and the next run (systemd
# restarts the service) or another member of the group reads it again.
# Why nothing is duplicated: a batch read again is loaded again, and --upsert on the
# event's own id writes the same rows over themselves. For a table without such a key,
# `etl-pg-load --offsets-table etl_kafka_offsets` gives exactly once: it stores the
# batch's offsets in the load's own transaction and loads nothing of a batch it has.
# (Then make --exec a plain `A | B | C`, without the lines before it here: only there
# does etl-pg-load learn that a stage before it died, and roll back.)
#
# A bad message (a time or an amount that is not one) would fail its batch at every
# retry: it is set aside in REJECTS_DIR/rejects-TIME-{cast,load}.ndjson with its
# reason instead (and a line on stderr), and the rest of the batch is loaded. Watch
# that folder.
#
# Scale out: run this on several machines with the same GROUP; Kafka gives each member
# its own partitions (as many members as partitions at most).
set -euo pipefail
# cron and systemd start a job with PATH=/usr/bin:/bin: the etl-* commands come from
# the installation this script is part of (PREFIX/share/etlkit/DIR/ -> PREFIX/bin/,
# `make install`), before PATH.
installed=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/bin
if [ -x "$installed/etl" ]; then PATH=$installed:$PATH; fi

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL connection (postgresql://user@host/db)}"
: "${KAFKA_BROKERS:?set KAFKA_BROKERS to the Kafka brokers (host:port,...)}"
export DATABASE_URL KAFKA_BROKERS
TOPIC=${TOPIC:-shop-events}
GROUP=${GROUP:-loader}
export TABLE=${TABLE:-purchases}
export REJECTS_DIR=${REJECTS_DIR:-/var/lib/etlkit/kafka-to-postgres}
BATCH_RECORDS=${BATCH_RECORDS:-100000}
BATCH_INTERVAL=${BATCH_INTERVAL:-5s}

consume=()
if [ "${1-}" = --drain ]; then
  consume=(-e) # every partition at its end: exit
  shift
fi

mkdir -p "$REJECTS_DIR"
# The lock: loaders starting together on several machines would race to create it.
psql -X -q -v ON_ERROR_STOP=1 -v table="$TABLE" "$DATABASE_URL" >/dev/null <<'SQL'
SET client_min_messages = warning;
BEGIN;
SELECT pg_advisory_xact_lock(hashtext(:'table'));
CREATE TABLE IF NOT EXISTS :"table" (
  id bigint PRIMARY KEY,
  user_id bigint NOT NULL,
  amount numeric(12, 2) NOT NULL,
  ts timestamptz NOT NULL
);
COMMIT;
SQL

# On `systemctl stop` (SIGTERM to every process) the stages read their pipes to the
# end, so the batch in flight still loads and the consumer commits it. Empty rejects
# files go.
exec etl-kafka-consume -t "$TOPIC" -g "$GROUP" "${consume[@]}" "$@" \
  --batch-records "$BATCH_RECORDS" --batch-interval "$BATCH_INTERVAL" --exec '
  rejects=$REJECTS_DIR/rejects-$(date -u +%Y%m%dT%H%M%S.%NZ)
  etl-filter "type == \"purchase\"" |
    etl-cast --rejects "$rejects-cast.ndjson" ts:timestamp |
    etl-select id,user_id,amount,ts |
    etl-pg-load --rejects "$rejects-load.ndjson" -t "$TABLE" --upsert id &&
    find "$REJECTS_DIR" -maxdepth 1 -name "rejects-*" -empty -delete'
