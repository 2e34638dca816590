#!/usr/bin/env bash
# The course's pipelines with etlkit, on the servers of scripts/services (the ones
# `make test` uses): a web server's log extracted, filtered, anonymised and loaded into
# PostgreSQL, then queried; weather readings streamed through Kafka, filtered into a
# second topic and loaded into PostgreSQL; aggregates by group and by hour. Each step
# shows its command and what came out. A server that cannot start is said so, and the
# steps that need it are skipped.
#
# Run with the etlkit binaries on PATH (`make demo` does that). Tables are demo_*;
# topics are demo-*-RUN, new for every run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
services=$here/../scripts/services
# The files the steps read, in a folder of their own.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/access.log" "$work/"
cd "$work"

# Prints the command, runs it, and shows the first lines of what it wrote.
step() {
    printf '\n# %s\n$ %s\n' "$1" "$2"
    bash -o pipefail -c "$2" 2>&1 | sed -n '1,8p'
}

skipped() {
    printf '\n# %s: skipped, %s\n' "$1" "$2"
}

# Each server that answers after `up` (which installs what is missing: root on Debian).
"$services" up >/dev/null 2>&1 || true
status=$("$services" status 2>/dev/null || true)
eval "$("$services" env 2>/dev/null || true)"
pg="" kafka=""
case $status in *"postgres: answers"*) pg=${ETLKIT_TEST_PG:-} ;; esac
case $status in *"kafka: answers"*) kafka=${ETLKIT_TEST_KAFKA:-} ;; esac
if [ -z "$pg" ] || [ -z "$kafka" ]; then
    echo "# scripts/services could not start $([ -z "$pg" ] && echo PostgreSQL)$([ -z "$pg$kafka" ] && echo " and ")$([ -z "$kafka" ] && echo Kafka)"
    echo "# (run it as root on Debian: it installs them); the steps that need it are skipped."
fi
export DATABASE_URL=$pg KAFKA_BROKERS=$kafka

echo "# 1. A web server's log, parsed: one record per request"
step "The combined log format, as records (NDJSON)" \
    "etl-extract-log -f combined access.log"

if [ -n "$pg" ]; then
    step "Client errors and server errors, addresses anonymised, into PostgreSQL" \
        "etl-extract-log -f combined access.log | etl-filter 'status >= 400' | etl-cast ts:timestamp status:int ip:mask_ip | etl-select ts,ip,method,path,status | etl-pg-load -t demo_http_errors --create --truncate"
    step "Queried back, as CSV" \
        "etl-pg-extract --query 'SELECT status, ip, path FROM demo_http_errors ORDER BY ts' -O csv"
else
    skipped "Loading the errors into PostgreSQL" "no PostgreSQL"
fi

step "Requests and bytes per 5 seconds (a time-bucketed aggregate)" \
    "etl-extract-log -f combined access.log | etl-aggregate --bucket ts:5s count sum:bytes -O csv"

echo
echo "# 2. Weather readings streamed through Kafka"
for hour in $(seq 0 11); do
    for station in oslo madrid cairo; do
        case $station in
        oslo) temp=4 humidity=70 ;;
        madrid) temp=25 humidity=35 ;;
        cairo) temp=29 humidity=20 ;;
        esac
        printf '{"station":"%s","ts":"2024-07-01T%02d:00:00Z","temp_c":%d.%d,"humidity":%d}\n' \
            "$station" "$hour" $((temp + hour % 6)) $((hour * 7 % 10)) $((humidity + hour * 3 % 11))
    done
done >weather.ndjson
echo "# weather.ndjson: $(wc -l <weather.ndjson) readings, three stations, twelve hours"

if [ -n "$kafka" ]; then
    run=$(date +%s)-$$
    raw=demo-weather-$run hot=demo-weather-hot-$run
    step "Published to a topic with two partitions, keyed by station" \
        "etl-kafka-produce -t $raw -k station --create-topic --partitions 2 -v weather.ndjson"
    step "Read back from the start, kept when 30 °C or more, published to a second topic" \
        "etl-kafka-consume -t $raw -e | etl-filter 'temp_c >= 30' | etl-kafka-produce -t $hot --create-topic -v"
    if [ -n "$pg" ]; then
        step "The second topic into PostgreSQL" \
            "etl-kafka-consume -t $hot -e | etl-pg-load -t demo_weather_hot --create --truncate"
        step "Queried back" \
            "etl-pg-extract --query 'SELECT station, count(*) AS hot_hours, max(temp_c) FROM demo_weather_hot GROUP BY station ORDER BY station' -O csv"
    else
        skipped "Loading the hot readings into PostgreSQL" "no PostgreSQL"
    fi
    step "Per station, from the first topic: readings, mean and highest temperature" \
        "etl-kafka-consume -t $raw -e | etl-aggregate -g station --sort count avg:temp_c max:temp_c -O csv"
else
    skipped "The Kafka steps" "no Kafka"
fi

step "Per station and 6 hours, from the file (no server)" \
    "etl-aggregate -g station --bucket ts:6h --sort count avg:humidity -O csv weather.ndjson"
