#!/usr/bin/env bash
# The application's ERROR lines -> PostgreSQL, from cron, incrementally.
#
#   */10 * * * * DATABASE_URL=postgresql://etl@db.internal/ops /usr/local/share/etlkit/cron/app-log-errors.sh
#
# The lines look like
#   2024-03-01T12:00:01.762Z ERROR [http-nio-8080-exec-5] request failed path=/api/v1/orders status=500
# and a stack trace continues an error on the lines after it.
#
# The script it replaces, the textbook grep | awk | psql job:
#
#   grep ERROR /var/log/app/app.log \
#     | awk '{ ts = $1; thread = $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); print ts "," thread "," $0 }' \
#     > /tmp/app_errors.csv
#   psql "$DATABASE_URL" -c "\copy app_errors (ts, thread, message) FROM '/tmp/app_errors.csv' CSV"
#
# What it got wrong:
# - Quoting: awk writes CSV without quoting, so a message holding a comma has too many
#   columns and one holding a double quote starts a quoted field: \copy fails on the
#   first such line ("extra data after last expected column") and nothing of the run
#   loads, every run, until someone edits the log or the script.
# - Matching: `grep ERROR` also takes the INFO line that says "retrying after ERROR", and
#   drops the stack-trace lines of a real error (they do not say ERROR), so they
#   never reach the table.
# - Re-runs: every run loads the whole file again, so each error is in the table once
#   per run; and after logrotate the lines written between the last run and the
#   rotation are never read. Without `set -o pipefail` a missing log (grep fails) or
#   a killed awk still runs psql, on an empty or half-written /tmp/app_errors.csv that
#   a second, overlapping run may be rewriting at the same time.
#
# Here: the log is parsed by its layout (the level is a field, not a substring), a
# stack trace stays with its error (--multiline-start), values reach PostgreSQL through
# binary COPY (no quoting to get wrong), each run reads only the new lines
# (--state/--commit-state, following rotation), the load is one transaction, rows
# are keyed by their line (--upsert: a line read twice is written once), and flock
# keeps runs from overlapping.
set -euo pipefail
# cron and systemd start a job with PATH=/usr/bin:/bin: the etl-* commands come from
# the installation this script is part of (PREFIX/share/etlkit/DIR/ -> PREFIX/bin/,
# `make install`), before PATH.
installed=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/bin
if [ -x "$installed/etl" ]; then PATH=$installed:$PATH; fi

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL connection (postgresql://user@host/db)}"
APP_LOG=${APP_LOG:-/var/log/app/app.log}
STATE_DIR=${STATE_DIR:-/var/lib/etlkit}
TABLE=${TABLE:-app_errors}

job=app-log-errors
state=$STATE_DIR/$job.state
mkdir -p "$STATE_DIR"
exec 9>"$STATE_DIR/$job.lock"
flock -n 9 || { echo "$job: the previous run is still going; skipped" >&2; exit 0; }

psql -X -q -v ON_ERROR_STOP=1 -v table="$TABLE" "$DATABASE_URL" <<'SQL'
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS :"table" (
  source text NOT NULL,
  line bigint NOT NULL,
  ts timestamptz NOT NULL,
  thread text NOT NULL,
  message text NOT NULL,
  PRIMARY KEY (line, ts)
);
SQL

etl-extract-log --state "$state" --add-source --add-line \
  --pattern '{ts} {level} [{thread}] {message}' --ts-field ts \
  --multiline-start '^\d{4}-\d\d-\d\dT' "$APP_LOG" |
  etl-filter 'level == "ERROR"' |
  etl-select source,line,ts,thread,message |
  etl-pg-load -t "$TABLE" --upsert line,ts
etl-extract-log --commit-state "$state"
