complete -c etl-extract-log -s f -l format -d 'The log format; auto detects it per file' -r -f -a "auto\t'Detect per file from its first lines: combined, common, syslog, json or logfmt'
combined\t'Apache/nginx combined: common + "referer" "user_agent"'
common\t'Apache/nginx common: ip ident user [time] "request" status bytes'
syslog\t'RFC 5424, RFC 3164 and BSD syslog lines (/var/log/syslog, auth.log), per line'
logfmt\t'key=value key2="quoted value" pairs'
json\t'One JSON object per line'
regex\t'The named captures of --regex'
pattern\t'The {fields} of --pattern'"
complete -c etl-extract-log -l regex -d 'A regex whose named captures (?P<name>…) become fields (implies -f regex)' -r
complete -c etl-extract-log -l pattern -d 'A layout such as \'{ts} {level} [{thread}] {msg}\': {name} takes the text up to the next literal, the last one the rest; {} skips; {{ and }} are braces (implies -f pattern)' -r
complete -c etl-extract-log -l ts-field -d 'Read this field as a timestamp and write it as RFC 3339 in UTC (regex, pattern, logfmt and json formats)' -r
complete -c etl-extract-log -l ts-format -d 'The chrono format of --ts-field, e.g. \'%d.%m.%Y %H:%M:%S\'; repeat to try several. Without it the forms etl-cast knows are read (RFC 3339, epoch, …)' -r
complete -c etl-extract-log -l year -d 'The year of RFC 3164 syslog times, which have none (default: this year)' -r
complete -c etl-extract-log -l multiline-start -d 'A line that does not match this regex continues the record before it: it is appended, after a newline, to its msg (or message, or last) field' -r
complete -c etl-extract-log -l state -d 'Read only what was appended since the committed state in FILE; the position reached is written to FILE.pending (see --commit-state)' -r -F
complete -c etl-extract-log -l commit-state -d 'Make FILE.pending, written by a run with --state FILE, the committed state (atomically), and do nothing else. Run it after the pipeline succeeded' -r -F
complete -c etl-extract-log -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-extract-log -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl-extract-log -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl-extract-log -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-extract-log -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-extract-log -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-extract-log -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-extract-log -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-extract-log -l on-error -d 'What to do with a line that does not parse: skip (the default) counts it and reports it at the end; fail stops with exit status 1' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl-extract-log -l add-source -d 'Add a `source` field: the file name'
complete -c etl-extract-log -l add-line -d 'Add a `line` field: the line number in that file (1-based)'
complete -c etl-extract-log -l keep-unparsed -d 'Write lines that do not parse as {"unparsed": LINE} records'
complete -c etl-extract-log -l explain -d 'For each line that does not parse, print it on stderr with where and why the format stopped matching'
complete -c etl-extract-log -s F -l follow -d 'After the end of each file, wait for lines appended to it (looking every 0.2 s) and write their records as they arrive, following the file across rotation (renamed or truncated) and a file that appears later, like tail -F. Each file is read from its start, or from where --state left it; a last line without its newline waits until it is complete. Stops on SIGTERM, SIGINT or SIGHUP (exit 128 + signal); with --state, FILE.pending is rewritten when idle (at most once a second) and at exit'
complete -c etl-extract-log -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl-extract-log -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-extract-log -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-extract-log -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-extract-log -s V -l version -d 'Print version'
