#!/usr/bin/env bash
# nginx access log -> server errors (status >= 500) -> PostgreSQL, every 5 minutes,
# reading only the lines appended since the last successful run.
#
# The crontab line (cron mails whatever a job prints; this script prints only when a
# run failed, with the end of its log, and exits non-zero):
#
#   MAILTO=ops@example.com
#   */5 * * * * DATABASE_URL=postgresql://etl@db.internal/ops /usr/local/share/etlkit/cron/access-log-to-postgres.sh
#
# Every load is exactly once per line:
# - the state protocol: `etl-extract-log --state` reads from the committed position and
#   writes the new one to STATE.pending; `--commit-state` makes it the committed one
#   only after the whole pipeline succeeded (pipefail). A run that failed anywhere
#   leaves the state as it was, and the next run reads the same lines again;
# - the one gap, a load that committed and a commit-state that did not run (the
#   machine stopped between the two), is closed by the key: each row is its log line,
#   (line, ts), and --upsert writes a line read twice over itself. (Not source: a line
#   read again after a rotation comes from access.log.1, under the same line number.)
# - flock: one run at a time; a run that finds the previous one still going logs it and
#   exits 0 (if runs stop succeeding, the --metrics alert in README "Run metrics" fires).
set -euo pipefail
# cron and systemd start a job with PATH=/usr/bin:/bin: the etl-* commands come from
# the installation this script is part of (PREFIX/share/etlkit/DIR/ -> PREFIX/bin/,
# `make install`), before PATH.
installed=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/bin
if [ -x "$installed/etl" ]; then PATH=$installed:$PATH; fi

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL connection (postgresql://user@host/db)}"
ACCESS_LOG=${ACCESS_LOG:-/var/log/nginx/access.log}
STATE_DIR=${STATE_DIR:-/var/lib/etlkit}
LOG_DIR=${LOG_DIR:-/var/log/etlkit}
METRICS_DIR=${METRICS_DIR:-/var/lib/node_exporter/textfile}
TABLE=${TABLE:-http_errors}

job=access-log-to-postgres
state=$STATE_DIR/$job.state
log=$LOG_DIR/$job.log
mkdir -p "$STATE_DIR" "$LOG_DIR" "$METRICS_DIR"

exec 3>&2 >>"$log" 2>&1
trap 'status=$?; if [ "$status" -ne 0 ]; then echo "$job: failed with exit status $status; the end of $log:" >&3; tail -n 20 "$log" >&3; fi' EXIT

exec 9>"$STATE_DIR/$job.lock"
if ! flock -n 9; then
  echo "$(date -u +%FT%TZ) $job: the previous run still holds the lock; skipped"
  exit 0
fi
echo "$(date -u +%FT%TZ) $job: start"

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

etl-extract-log -f combined --state "$state" --add-source --add-line "$ACCESS_LOG" |
  etl-filter 'status >= 500' |
  etl-select source,line,ts,ip,method,path,status,bytes,user_agent |
  etl-pg-load -t "$TABLE" --upsert line,ts --metrics "$METRICS_DIR/$job.prom"
etl-extract-log --commit-state "$state"
echo "$(date -u +%FT%TZ) $job: done"
