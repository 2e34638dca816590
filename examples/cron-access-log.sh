#!/usr/bin/env bash
# Incremental extraction from cron: each run reads only the lines appended since the
# last run whose whole pipeline succeeded, and follows log rotation.
#
# The crontab line: bash with pipefail, so a failure anywhere in the pipe fails the
# run (and the state is not committed); flock, so two runs never overlap.
#
#   */5 * * * * flock -n /var/lib/etl/access.lock bash -o pipefail -c 'etl-extract-log --state /var/lib/etl/access.state /var/log/nginx/access.log | etl-pg-load access && etl-extract-log --commit-state /var/lib/etl/access.state'
#
# Here the "load" appends the 4xx/5xx records to a file, on a copy of access.log (beside
# this script) in a temporary folder. Run with the etlkit binaries on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

load_errors() {
  etl-extract-log --state "$work/access.state" "$work/access.log" |
    etl-filter 'status >= 400' | etl-select ts,status,path >> "$work/errors.ndjson" &&
    etl-extract-log --commit-state "$work/access.state"
}

head -n 4 "$here/access.log" > "$work/access.log"
load_errors
echo "# After the first run"
cat "$work/errors.ndjson"

# The web server writes two more lines, then logrotate renames the file and the
# server starts a new one.
sed -n 5,5p "$here/access.log" >> "$work/access.log"
mv "$work/access.log" "$work/access.log.1"
sed -n 6,6p "$here/access.log" > "$work/access.log"
load_errors
echo "# After the rotation: the rest of access.log.1, then the new access.log"
cat "$work/errors.ndjson"

load_errors
echo "# Nothing new: nothing added"
wc -l < "$work/errors.ndjson"
