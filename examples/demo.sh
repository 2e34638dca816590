#!/usr/bin/env bash
# A small pipeline on the sample file beside this script: no server needed.
# Run with the etlkit binaries on PATH (`make demo` does that).
set -euo pipefail
here=$(dirname "$0")

echo "# Three columns of the sample access log, as CSV"
etl-select ts,path,status "$here/access.csv"

echo
echo "# The same, renamed, as NDJSON"
etl select -O ndjson time=ts,client=ip,status "$here/access.csv"

echo
echo "# Everything but the timestamp, through a pipe"
etl-select -O ndjson '*' "$here/access.csv" | etl-select -x ts,bytes

echo
echo "# Requests, bytes and the busiest client per 5 seconds"
etl-aggregate --bucket ts:5s count sum:bytes mode:ip "$here/access.csv"
