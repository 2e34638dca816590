#!/usr/bin/env bash
# The three steps of etl_dag.py, one per task: extract, transform, load. The same
# pipeline as cron/access-log-to-postgres.sh (server errors of an nginx access log into
# PostgreSQL, incrementally), cut where Airflow can retry each part on its own. The
# steps hand over files in WORK_DIR; each writes its file under a temporary name and
# renames it, so a retried step never reads a half-written one. And the one step of
# etl_files_dag.py, load-file, run by a task per file.
#
#   etl-steps.sh extract|transform|load|load-file FILE
#
# A retry of any step, or of the whole run, loads each line exactly once: extract reads
# from the committed state (writing the next position to STATE.pending), load commits
# it only after the load, and the load upserts on (line, ts).
set -euo pipefail
# cron and systemd start a job with PATH=/usr/bin:/bin: the etl-* commands come from
# the installation this script is part of (PREFIX/share/etlkit/DIR/ -> PREFIX/bin/,
# `make install`), before PATH.
installed=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/bin
if [ -x "$installed/etl" ]; then PATH=$installed:$PATH; fi

ACCESS_LOG=${ACCESS_LOG:-/var/log/nginx/access.log}
WORK_DIR=${WORK_DIR:-/var/lib/etlkit/airflow}
TABLE=${TABLE:-http_errors}
state=$WORK_DIR/access.state
mkdir -p "$WORK_DIR"
cd "$WORK_DIR"

case "${1-}" in
  extract)
    etl-extract-log -f combined --state "$state" --add-source --add-line "$ACCESS_LOG" >extracted.ndjson.tmp
    mv extracted.ndjson.tmp extracted.ndjson
    ;;
  transform)
    # Server errors only, client addresses cut to their network (/24, /48).
    etl-filter 'status >= 500' extracted.ndjson |
      etl-cast ip:mask_ip |
      etl-select source,line,ts,ip,method,path,status,bytes,user_agent >errors.ndjson.tmp
    mv errors.ndjson.tmp errors.ndjson
    ;;
  load)
    : "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL connection (postgresql://user@host/db)}"
    psql -X -q -v ON_ERROR_STOP=1 -v table="$TABLE" "$DATABASE_URL" <<'SQL'
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS :"table" (
  source text NOT NULL,
  line bigint NOT NULL,
  ts timestamptz NOT NULL,
  ip text,
  method text,
  path text,
  status integer,
  bytes bigint,
  user_agent text,
  PRIMARY KEY (line, ts)
);
SQL
    etl-pg-load -t "$TABLE" --upsert line,ts errors.ndjson
    etl-extract-log --commit-state "$state"
    rm -f extracted.ndjson errors.ndjson
    ;;
  load-file)
    # etl_files_dag.py: one CSV file, upserted on KEY in one transaction, then moved
    # out of the way; a retry after a failed move loads the same rows over themselves.
    : "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL connection (postgresql://user@host/db)}"
    file=${2:?usage: $0 load-file FILE}
    DONE_DIR=${DONE_DIR:-/var/lib/etlkit/done}
    etl-pg-load -t "$TABLE" --create --upsert "${KEY:-id}" "$file"
    mkdir -p "$DONE_DIR"
    mv "$file" "$DONE_DIR/"
    ;;
  *)
    echo "usage: $0 extract|transform|load|load-file FILE" >&2
    exit 2
    ;;
esac
