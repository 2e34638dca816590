#!/usr/bin/env bash
# A Kafka topic of shop events -> purchases -> PostgreSQL, as a service
# (etlkit-kafka-to-postgres.service beside this script), or with --drain from cron:
# load what the group has not read yet, then exit.
#
# Each batch: etl-kafka-consume -g loader (at most BATCH_RECORDS records or
# BATCH_SECONDS) > spool file, then etl-filter | etl-cast | etl-pg-load --upsert id
# from that file, then delete it.
#
# Why nothing is lost or duplicated (at least once + upsert):
# - the consumer commits a record's offset only once it is written to its output, and
#   its output is the spool file, on disk, not a pipe. A run stopped or failed at any
#   point leaves the spool file behind, and the next run loads it before it consumes
#   anything: every record whose offset was committed is in PostgreSQL or in the spool;
# - the records after the last committed offset are read again by the next run (or by
#   another member of the group), so a record can arrive twice, and --upsert on the
#   event's own id makes the second load write the same row again: once in the table.
# Why not `etl-kafka-consume -g loader | ... | etl-pg-load --commit-every 10000`: the
# consumer commits what it has written into the pipe, and records still in the pipe
# or in the load's open transaction when the load fails are committed in Kafka and
# never reach PostgreSQL. (The spool is written without fsync: a power cut can lose
# the last batch; put it on a filesystem mounted with sync if that matters.)
#
# Scale out: run this on several machines with the same GROUP; Kafka gives each member
# its own partitions (as many members as partitions at most).
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL connection (postgresql://user@host/db)}"
: "${KAFKA_BROKERS:?set KAFKA_BROKERS to the Kafka brokers (host:port,...)}"
export DATABASE_URL KAFKA_BROKERS
TOPIC=${TOPIC:-shop-events}
GROUP=${GROUP:-loader}
TABLE=${TABLE:-purchases}
SPOOL_DIR=${SPOOL_DIR:-/var/lib/etlkit/kafka-to-postgres}
BATCH_RECORDS=${BATCH_RECORDS:-10000}
BATCH_SECONDS=${BATCH_SECONDS:-5}

drain=false
case "${1-}" in
  --drain) drain=true ;;
  '') ;;
  *) echo "usage: $0 [--drain]" >&2; exit 2 ;;
esac

mkdir -p "$SPOOL_DIR"
spool=$SPOOL_DIR/batch.ndjson
exec 9>"$SPOOL_DIR/lock"
flock -n 9 || { echo "$0: another run uses $SPOOL_DIR" >&2; exit 1; }

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

# Loads the spool file, if any, then removes it; one line per batch for the journal.
# A bad message (an amount that is not a number, a line cut short by a kill -9) would
# stop every run at the same batch: it is set aside in a rejects file instead, kept
# for a person to look at.
load_spool() {
  if [ -s "$spool" ]; then
    local rejects
    rejects=$SPOOL_DIR/rejects-$(date -u +%Y%m%dT%H%M%S.%NZ)
    etl-filter --rejects "$rejects-filter.ndjson" 'type == "purchase"' "$spool" |
      etl-cast --rejects "$rejects-cast.ndjson" ts:timestamp |
      etl-select id,user_id,amount,ts |
      etl-pg-load --rejects "$rejects-load.ndjson" -t "$TABLE" --upsert id
    find "$SPOOL_DIR" -maxdepth 1 -name 'rejects-*' -empty -delete
    echo "loaded a batch of $(wc -l <"$spool") events"
  fi
  rm -f "$spool"
}

load_spool # what a stopped or failed run consumed and did not load
while :; do
  if $drain; then
    etl-kafka-consume -t "$TOPIC" -g "$GROUP" -c "$BATCH_RECORDS" -e >"$spool"
  else
    # timeout ends a quiet batch with SIGTERM: the consumer commits what it wrote and
    # exits 143, timeout 124, which is a batch that ended on time, not a failure.
    status=0
    timeout "$BATCH_SECONDS" etl-kafka-consume -t "$TOPIC" -g "$GROUP" -c "$BATCH_RECORDS" >"$spool" || status=$?
    [ "$status" -eq 0 ] || [ "$status" -eq 124 ] || exit "$status"
  fi
  if $drain && [ ! -s "$spool" ]; then
    rm -f "$spool"
    exit 0
  fi
  load_spool
done
