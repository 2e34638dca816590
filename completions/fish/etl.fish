# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_etl_global_optspecs
    string join \n h/help V/version
end

function __fish_etl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_etl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_etl_using_subcommand
    set -l cmd (__fish_etl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c etl -n "__fish_etl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_needs_command" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_needs_command" -f -a "extract-log" -d 'Turn log files into records: access logs, syslog, logfmt, JSON lines, your own layout.'
complete -c etl -n "__fish_etl_needs_command" -f -a "select" -d 'Choose, rename, reorder and drop fields.'
complete -c etl -n "__fish_etl_needs_command" -f -a "filter" -d 'Keep the records that match an expression.'
complete -c etl -n "__fish_etl_needs_command" -f -a "map" -d 'Add, replace and remove fields with expressions.'
complete -c etl -n "__fish_etl_needs_command" -f -a "cast" -d 'Convert field types, normalise and anonymise values.'
complete -c etl -n "__fish_etl_needs_command" -f -a "aggregate" -d 'Group records and compute aggregates, in memory that grows with the groups.'
complete -c etl -n "__fish_etl_needs_command" -f -a "pg-load" -d 'Bulk-load records into a PostgreSQL table.'
complete -c etl -n "__fish_etl_needs_command" -f -a "pg-extract" -d 'Extract a PostgreSQL table or query as records.'
complete -c etl -n "__fish_etl_needs_command" -f -a "describe" -d 'Describe each field of the input: counts, distinct values, type, range, most common.'
complete -c etl -n "__fish_etl_needs_command" -f -a "head" -d 'Write the first N records, or the first N of each group'
complete -c etl -n "__fish_etl_needs_command" -f -a "dedup" -d 'Drop repeated records: keep one record per key'
complete -c etl -n "__fish_etl_needs_command" -f -a "sort" -d 'Sort records by key fields; stable, in bounded memory'
complete -c etl -n "__fish_etl_needs_command" -f -a "join" -d 'Join the records of the input (the left side) with the records of a lookup file (--with, the right side) whose key fields have the same values'
complete -c etl -n "__fish_etl_needs_command" -f -a "kafka-produce" -d 'Send records to a Kafka topic, every delivery confirmed'
complete -c etl -n "__fish_etl_needs_command" -f -a "kafka-consume" -d 'Read a Kafka topic as records, offsets committed only after the records are written'
complete -c etl -n "__fish_etl_needs_command" -f -a "kafka-topics" -d 'Create, list, describe, grow, configure and delete Kafka topics.'
complete -c etl -n "__fish_etl_needs_command" -f -a "kafka-groups" -d 'List consumer groups, show their lag, and move their offsets.'
complete -c etl -n "__fish_etl_needs_command" -f -a "help" -d 'List the commands, or show one command\'s help'
complete -c etl -n "__fish_etl_using_subcommand extract-log" -s f -l format -d 'The log format; auto detects it per file' -r -f -a "auto\t'Detect per file from its first lines: combined, common, syslog, json or logfmt'
combined\t'Apache/nginx combined: common + "referer" "user_agent"'
common\t'Apache/nginx common: ip ident user [time] "request" status bytes'
syslog\t'RFC 5424, RFC 3164 and BSD syslog lines (/var/log/syslog, auth.log), per line'
logfmt\t'key=value key2="quoted value" pairs'
json\t'One JSON object per line'
regex\t'The named captures of --regex'
pattern\t'The {fields} of --pattern'"
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l regex -d 'A regex whose named captures (?P<name>…) become fields (implies -f regex)' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l pattern -d 'A layout such as \'{ts} {level} [{thread}] {msg}\': {name} takes the text up to the next literal, the last one the rest; {} skips; {{ and }} are braces (implies -f pattern)' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l ts-field -d 'Read this field as a timestamp and write it as RFC 3339 in UTC (regex, pattern, logfmt and json formats)' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l ts-format -d 'The chrono format of --ts-field, e.g. \'%d.%m.%Y %H:%M:%S\'; repeat to try several. Without it the forms etl-cast knows are read (RFC 3339, epoch, …)' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l year -d 'The year of RFC 3164 syslog times, which have none (default: this year)' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l multiline-start -d 'A line that does not match this regex continues the record before it: it is appended, after a newline, to its msg (or message, or last) field' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l state -d 'Read only what was appended since the committed state in FILE; the position reached is written to FILE.pending (see --commit-state)' -r -F
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l commit-state -d 'Make FILE.pending, written by a run with --state FILE, the committed state (atomically), and do nothing else. Run it after the pipeline succeeded' -r -F
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand extract-log" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l on-error -d 'What to do with a line that does not parse: skip (the default) counts it and reports it at the end; fail stops with exit status 1' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l add-source -d 'Add a `source` field: the file name'
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l add-line -d 'Add a `line` field: the line number in that file (1-based)'
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l keep-unparsed -d 'Write lines that do not parse as {"unparsed": LINE} records'
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l explain -d 'For each line that does not parse, print it on stderr with where and why the format stopped matching'
complete -c etl -n "__fish_etl_using_subcommand extract-log" -s F -l follow -d 'After the end of each file, wait for lines appended to it (looking every 0.2 s) and write their records as they arrive, following the file across rotation (renamed or truncated) and a file that appears later, like tail -F. Each file is read from its start, or from where --state left it; a last line without its newline waits until it is complete. Stops on SIGTERM, SIGINT or SIGHUP (exit 128 + signal); with --state, FILE.pending is rewritten when idle (at most once a second) and at exit'
complete -c etl -n "__fish_etl_using_subcommand extract-log" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand extract-log" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand extract-log" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand extract-log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand extract-log" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand select" -s x -l exclude -d 'Drop these fields and keep the others' -r
complete -c etl -n "__fish_etl_using_subcommand select" -l explode -d 'One record per element of this array field, the element in its place (jq\'s .items[]); an empty array gives none, a value that is not an array the record' -r
complete -c etl -n "__fish_etl_using_subcommand select" -s j -l threads -d 'Run on N threads, the output in input order, as one thread writes it. By default etl-map, etl-cast and etl-join (a hash join; --sorted takes one) take as many as there are cores for regular files of 8 MiB and more; etl-select and etl-filter take one, their work weighing less than the reading. Stdin and other streams always take one, so that each record leaves as it arrives' -r
complete -c etl -n "__fish_etl_using_subcommand select" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand select" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand select" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand select" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand select" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand select" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand select" -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand select" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand select" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand select" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand select" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand select" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand select" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand select" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand select" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand select" -l nest -d 'Make dotted names nested objects again: user.name and user.id become {"user": {"name", "id"}} (as CSV\'s flattening wrote them)'
complete -c etl -n "__fish_etl_using_subcommand select" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand select" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand select" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand select" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand select" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand select" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand filter" -s j -l threads -d 'Run on N threads, the output in input order, as one thread writes it. By default etl-map, etl-cast and etl-join (a hash join; --sorted takes one) take as many as there are cores for regular files of 8 MiB and more; etl-select and etl-filter take one, their work weighing less than the reading. Stdin and other streams always take one, so that each record leaves as it arrives' -r
complete -c etl -n "__fish_etl_using_subcommand filter" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand filter" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand filter" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand filter" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand filter" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand filter" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand filter" -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand filter" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand filter" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand filter" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand filter" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand filter" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand filter" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand filter" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand filter" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand filter" -s x -l invert -d 'Keep the records that do NOT match (Miller\'s `filter -x`; `-v` is verbose, as in every command)'
complete -c etl -n "__fish_etl_using_subcommand filter" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand filter" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand filter" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand filter" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand filter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand filter" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand map" -s j -l threads -d 'Run on N threads, the output in input order, as one thread writes it. By default etl-map, etl-cast and etl-join (a hash join; --sorted takes one) take as many as there are cores for regular files of 8 MiB and more; etl-select and etl-filter take one, their work weighing less than the reading. Stdin and other streams always take one, so that each record leaves as it arrives' -r
complete -c etl -n "__fish_etl_using_subcommand map" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand map" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand map" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand map" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand map" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand map" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand map" -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand map" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand map" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand map" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand map" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand map" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand map" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand map" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand map" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand map" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand map" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand map" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand map" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand map" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand map" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand cast" -l infer-rows -d 'How many records --infer looks at before it writes any' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l tz -d 'Zone for written timestamps and dates: UTC (default), local, +01:00, Europe/Berlin' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l input-tz -d 'Zone of timestamps read without an offset (`2024-03-01 10:00:00`): UTC (default), local (TZ), +01:00, Europe/Berlin' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l epoch-unit -d 'The unit of epoch numbers; without it told by the magnitude: below 1e11 seconds, then milliseconds, microseconds, nanoseconds (each a time from 1973 to 5138), and beyond 1e20 not a timestamp' -r -f -a "s\t'Seconds'
ms\t'Milliseconds (JavaScript\'s Date.now(), Kafka timestamps)'
us\t'Microseconds (PostgreSQL, Python\'s time_ns() // 1000)'
ns\t'Nanoseconds (Go\'s UnixNano, OpenTelemetry)'"
complete -c etl -n "__fish_etl_using_subcommand cast" -s j -l threads -d 'Run on N threads, the output in input order, as one thread writes it. By default etl-map, etl-cast and etl-join (a hash join; --sorted takes one) take as many as there are cores for regular files of 8 MiB and more; etl-select and etl-filter take one, their work weighing less than the reading. Stdin and other streams always take one, so that each record leaves as it arrives' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand cast" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand cast" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand cast" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand cast" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand cast" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand cast" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on; null sets the value that does not convert to null and counts it' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'
null\t'A value that does not convert becomes null, and is counted (etl-cast)'"
complete -c etl -n "__fish_etl_using_subcommand cast" -l infer -d 'Type each CSV column from the first --infer-rows records, by the rule of etl-pg-load --create and etl-describe: int, decimal (keeps its digits), float (with an exponent), bool (true/false in any case) when every value reads so; otherwise (one word, one zip code with a leading zero) text. Dates and timestamps stay as written; empty values become null. A later value that does not fit its column is a bad record. -v prints the types. Specs apply after'
complete -c etl -n "__fish_etl_using_subcommand cast" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand cast" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand cast" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand cast" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand cast" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand cast" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand aggregate" -s g -l by -d 'Group by these fields (the field-list grammar of etl-select)' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l bucket -d 'Group first by a timestamp field truncated to INTERVAL (30s, 5m, 1h, 1d), aligned to UTC, or by a number field in buckets of WIDTH (50, 0.5)' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l window -d 'Emit tumbling windows of this length as they close (needs --time-field)' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l time-field -d 'The event-time field that places records in windows' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l allowed-lateness -d 'How long after its end a window waits for out-of-order records' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand aggregate" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l sort -d 'Sort the groups by their key (buckets in time order) instead of first-seen order'
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l approx -d 'Bounded-memory median/pNN (DDSketch, 1% relative error) and count_distinct (HyperLogLog, 1.6% standard error)'
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand aggregate" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand aggregate" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand aggregate" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand aggregate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand aggregate" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand pg-load" -s t -l table -d 'The table, [SCHEMA.]NAME' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l db -d 'Connection: postgresql://user@host:port/db?sslmode=… or \'host=… dbname=…\' or \'service=NAME\'. Default: DATABASE_URL, else the PG* variables. Keep passwords out of it' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -s d -l dbname -d 'The database name, as psql\'s -d: a name with \'=\' in it, or starting with postgresql://, is a conninfo, as --db' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -s h -l host -d 'The server\'s host name, address or socket directory (psql\'s -h); several, comma-separated, are tried in turn' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -s p -l port -d 'The server\'s port (psql\'s -p); one per host, comma-separated, or one for all' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -s U -l username -d 'The database user name (psql\'s -U); by default the operating system\'s user' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l infer-rows -d 'How many records --create looks at to infer the types' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l upsert -d 'Insert or update by these key columns (comma-separated; a unique index must cover exactly them): loading the same records twice leaves the same table. The last record of a key wins' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l on-conflict -d 'What --upsert does with a key the table has: update the row (where its values differ), or ignore the record and keep the row' -r -f -a "update\t'Update the row\'s other columns (where they differ)'
ignore\t'Keep the row as it is'"
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l primary-key -d 'With --create: the new table\'s primary key (comma-separated); with --upsert, its keys are the primary key unless this says otherwise' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l commit-every -d 'Commit after every N records, for endless streams (not atomic as a whole)' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l commit-interval -d 'Commit rows at most DURATION after they arrived, for slow streams (not atomic as a whole): a quiet stream\'s rows are visible within it, e.g. 1s' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -s j -l jobs -d 'Load over N connections in parallel, converting records with N threads' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l statement-timeout -d 'Cancel any statement that runs longer than DURATION (the COPY too: as long as the load), e.g. 5min: a lock held elsewhere fails the run instead of hanging it' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l offsets-table -d 'Exactly once from etl-kafka-consume --exec: store the batch\'s Kafka offsets in TABLE (created when missing) in the load\'s own transaction, and load a batch only if it starts where the stored offsets end; one that was loaded before (delivered again after a crash) loads nothing and the consumer resumes after it' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l help -d 'Print help (-h is the host, as in psql)'
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l create -d 'Create the table when it does not exist, with types inferred from the first --infer-rows records: bigint, numeric, double precision, boolean, date, timestamptz, jsonb (nested values) or text'
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l dry-run -d 'With --create: print the CREATE TABLE statement and stop, without connecting'
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l truncate -d 'Empty the table first, in the same transaction as the load'
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l ignore-extra -d 'Leave out fields that have no column, instead of failing'
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l empty-as-empty -d 'An empty CSV value in a text column loads as \'\' rather than NULL'
complete -c etl -n "__fish_etl_using_subcommand pg-load" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand pg-load" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand pg-load" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand pg-load" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -s t -l table -d 'The table, [SCHEMA.]NAME' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l columns -d 'Only these columns of the table, in this order (comma-separated names)' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l where -d 'Only the table\'s rows for which this SQL condition holds, e.g. "status = \'paid\'"' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l query -d 'Any query (SELECT, VALUES, WITH …), sent as written' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l incremental-column -d 'Read only the rows past the high-water mark of this column kept in --state' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l state -d 'The committed high-water mark of --incremental-column; the mark this run reaches is written to FILE.pending (see --commit-state)' -r -F
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l lag -d 'How far behind the server\'s clock a run stops reading a time column: 5s, 1m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l commit-state -d 'Make FILE.pending, written by a run with --state FILE, the committed state (atomically), and do nothing else. Run it after the pipeline succeeded' -r -F
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -s j -l jobs -d 'Read the table over N connections in one snapshot, by ranges of a key' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l split-column -d 'The integer column --jobs splits by (default: the primary key)' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l statement-timeout -d 'Cancel any statement that runs longer than DURATION (the COPY too), e.g. 30min' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l db -d 'Connection: postgresql://user@host:port/db?sslmode=… or \'host=… dbname=…\' or \'service=NAME\'. Default: DATABASE_URL, else the PG* variables. Keep passwords out of it' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -s d -l dbname -d 'The database name, as psql\'s -d: a name with \'=\' in it, or starting with postgresql://, is a conninfo, as --db' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -s h -l host -d 'The server\'s host name, address or socket directory (psql\'s -h); several, comma-separated, are tried in turn' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -s p -l port -d 'The server\'s port (psql\'s -p); one per host, comma-separated, or one for all' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -s U -l username -d 'The database user name (psql\'s -U); by default the operating system\'s user' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -l help -d 'Print help (-h is the host, as in psql)'
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand pg-extract" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand describe" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand describe" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand describe" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand describe" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand describe" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand describe" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand describe" -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand describe" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand describe" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand describe" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand describe" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand describe" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand describe" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand describe" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand describe" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand describe" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand describe" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand describe" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand describe" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand describe" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand head" -s n -l lines -d 'How many records to write (per group with --by)' -r
complete -c etl -n "__fish_etl_using_subcommand head" -l by -d 'Count per group: the records with the same values of FIELDS (a field list as in etl-select)' -r
complete -c etl -n "__fish_etl_using_subcommand head" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand head" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand head" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand head" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand head" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand head" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand head" -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand head" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand head" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand head" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand head" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand head" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand head" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand head" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand head" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand head" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand head" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand head" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand head" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand head" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand head" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand dedup" -l on -d 'The key fields; by default the whole record' -r
complete -c etl -n "__fish_etl_using_subcommand dedup" -l keep -d 'Which record of each key to keep' -r -f -a "first\t'The first one, written as soon as it is read'
last\t'The last one; records are written at the end, in the order of their last occurrence'"
complete -c etl -n "__fish_etl_using_subcommand dedup" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand dedup" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand dedup" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand dedup" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand dedup" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand dedup" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand dedup" -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand dedup" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand dedup" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand dedup" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand dedup" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand dedup" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand dedup" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand dedup" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand dedup" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand dedup" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand dedup" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand dedup" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand dedup" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand dedup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand dedup" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand sort" -s k -l key -d 'The key fields, each with optional :asc/:desc and :typed/:num/:nat/:text' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -l memory -d 'Records held in memory before spilling a sorted run to disk: 512M, 2G, 100K' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -l tmpdir -d 'Where to put the runs; by default $TMPDIR, else /tmp' -r -F
complete -c etl -n "__fish_etl_using_subcommand sort" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand sort" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand sort" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand sort" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand sort" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand sort" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand sort" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand sort" -s r -l reverse -d 'Descending order for keys that do not say'
complete -c etl -n "__fish_etl_using_subcommand sort" -s n -l numeric -d 'Numeric order for keys that do not say'
complete -c etl -n "__fish_etl_using_subcommand sort" -l natural -d 'Natural order for keys that do not say'
complete -c etl -n "__fish_etl_using_subcommand sort" -s u -l unique -d 'Keep only the first record of each run of equal keys'
complete -c etl -n "__fish_etl_using_subcommand sort" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand sort" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand sort" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand sort" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand sort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand sort" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand join" -l on -d 'The key fields of the left records (a field list as in etl-select)' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l with -d 'The lookup file: the right side' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l with-on -d 'The key fields of the right records, if they are named differently; as many as --on' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l with-fields -d 'The right fields to add, with renames (`new=old`); by default all but the key fields' -r
complete -c etl -n "__fish_etl_using_subcommand join" -s j -l threads -d 'Run on N threads, the output in input order, as one thread writes it. By default etl-map, etl-cast and etl-join (a hash join; --sorted takes one) take as many as there are cores for regular files of 8 MiB and more; etl-select and etl-filter take one, their work weighing less than the reading. Stdin and other streams always take one, so that each record leaves as it arrives' -r
complete -c etl -n "__fish_etl_using_subcommand join" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand join" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand join" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand join" -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand join" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand join" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand join" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand join" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand join" -l inner -d 'Inner join (the default)'
complete -c etl -n "__fish_etl_using_subcommand join" -l left -d 'Left outer join: left records without a match too'
complete -c etl -n "__fish_etl_using_subcommand join" -l semi -d 'Semi join: the left records that have a match'
complete -c etl -n "__fish_etl_using_subcommand join" -l anti -d 'Anti join: the left records that have no match'
complete -c etl -n "__fish_etl_using_subcommand join" -l sorted -d 'Both inputs are sorted by the key: merge join in constant memory'
complete -c etl -n "__fish_etl_using_subcommand join" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand join" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand join" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand join" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand join" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand join" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s t -l topic -d 'The topic to send to' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s k -l key-field -d 'Set the message key from this field (same key, same partition)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l key -d 'Give every message this key (kcat -k), with or without --raw' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s p -l partition -d 'Send every message to this partition' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s H -l header -d 'Add a header to every message (repeatable)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l headers-field -d 'Add the members of this object field as headers' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l timestamp-field -d 'Use this field as the message timestamp (RFC 3339, epoch seconds or ms, ...)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s z -l compression -d 'Compress message batches' -r -f -a "none\t''
gzip\t''
snappy\t''
lz4\t''
zstd\t''"
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s K -l key-delimiter -d 'With --raw: the key is what comes before the first C in each line, the value what follows it (`1:{"atmid":1}`, as kcat -K and the console producer\'s parse.key=true); a line without C is an error. `\\t` for a tab' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l transactional-id -d 'Send the run\'s messages in one Kafka transaction with this id: a consumer with isolation.level=read_committed sees all of them or none. It commits when every message was delivered and the input ended (a SIGTERM ends it too); a bad record that stops the run, or an undelivered message, aborts it. For runs that end (files, batches): the brokers abort a transaction older than transaction.timeout.ms (60 s unless -X sets it). One id for one producer at a time: a second run with the same id fences the first off' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l partitions -d 'Partitions of a topic --create-topic creates' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l replication-factor -d 'Replication factor of a topic --create-topic creates' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l timeout -d 'Seconds the brokers have to answer, and each message to be delivered' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s F -l config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l raw -d 'Send each input line unchanged as one message (no record parsing)'
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s Z -l null-empty -d 'With --raw: an empty value is sent as null, a tombstone (kcat -Z)'
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l envelope -d 'Input records are envelopes {key, headers, partition, timestamp, value}'
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l create-topic -d 'Create the topic if it does not exist (admin API)'
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-produce" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s t -l topic -d 'The topic to read (repeatable); ^REGEX reads every topic it matches (a group\'s subscription also those created later)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s g -l group -d 'Join this consumer group' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s p -l partition -d 'Read only these partitions of the topics, N[,N…] (without -g: a group assigns its members their partitions itself)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s o -l offset -d 'Where to start: beginning, end, stored (the group\'s committed offset), N (an offset), -N (N before the end of each partition) or @TIMESTAMP (s@TIMESTAMP as in kcat); e@TIMESTAMP, given too, is where to stop, as --until. Default: stored with -g, else beginning. With -g only stored, beginning and end: where a group without a committed offset starts' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l until -d 'Stop each partition at its first message at or after TIMESTAMP; exit when all have stopped' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s c -l count -d 'Exit after N records' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s f -l format -d 'Write each message as FORMAT says, as kcat -f: %t topic, %p partition, %o offset, %k key, %s value, %K and %S their sizes, %T timestamp (ms), %h headers, %% a percent sign; \\n \\t \\r \\\\ escapes. Nothing else is added' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s K -l key-delimiter -d 'With --raw, write each message\'s key before its value, then DELIM (as kcat -K and the console consumer\'s print.key); a message without a key has an empty one' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l isolation-level -d 'read_committed (the default): messages of transactions not yet committed wait and those of aborted ones are skipped; read_uncommitted: every message at once' -r -f -a "read_committed\t''
read_uncommitted\t''"
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l exec -d 'Run this bash pipeline once per micro-batch, streaming the batch\'s records into its stdin, and commit the batch\'s offsets only when it exits 0 (under `set -o pipefail`): at least once into wherever the pipeline writes, under any kill. A failed batch stops the consumer with status 4 and nothing of it committed' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l batch-records -d 'With --exec: a batch ends after N records…' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l batch-interval -d '…or this long after its first record (its rows are then visible downstream)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l timeout -d 'Seconds the brokers have to answer at start' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s F -l config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s e -l exit-at-end -d 'Exit once every assigned partition (of every -t topic) is at its end'
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l envelope -d 'Write each message as {topic, partition, offset, key, timestamp, headers, value}'
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l raw -d 'Write each message value as one line, unchanged'
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-consume" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -f -a "list" -d 'Every topic: topic, partitions, replication_factor, internal'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -f -a "describe" -d 'Each partition: topic, partition, leader, replicas, isr, earliest, latest offsets; with --configs each config: topic, name, value, source, read_only, sensitive'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -f -a "create" -d 'Create a topic; one with these settings already is left as it is'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -f -a "delete" -d 'Delete topics'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -f -a "add-partitions" -d 'Grow a topic to N partitions (they never shrink)'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and not __fish_seen_subcommand_from list describe create delete add-partitions alter" -f -a "alter" -d 'Set topic configs, keeping the others'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -l all -d 'Also the internal topics (__consumer_offsets…)'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -l configs -d 'The topics\' configs instead of their partitions'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -l partitions -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -l replication-factor -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -l config -d 'A topic config (repeatable), e.g. --config retention.ms=86400000' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -l to -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from add-partitions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -l config -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-topics; and __fish_seen_subcommand_from alter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -s F -l config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -s V -l version -d 'Print version'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -f -a "list" -d 'Every group: group, state, members, protocol_type'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -f -a "describe" -d 'The group\'s committed offsets and lag: group, topic, partition, committed, latest, lag'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and not __fish_seen_subcommand_from list describe reset" -f -a "reset" -d 'Plan new offsets for the group on a topic; commit them with --execute'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -s F -l config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -l topic -d 'Only this topic (every partition of it, committed on or not)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -s F -l config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l topic -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l to-datetime -d 'The first message at or after TIME (RFC 3339, epoch…)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l shift-by -d 'N messages on from the committed offset (-N: back)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l from-file -d 'The offsets in FILE: records with topic, partition and offset (or new) fields, CSV or NDJSON, as describe or a reset plan writes them' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -s F -l config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l to-earliest -d 'The first message each partition holds'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l to-latest -d 'The end: what is in the topic now is skipped'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l execute -d 'Commit the new offsets (the group must have no active member)'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl -n "__fish_etl_using_subcommand kafka-groups; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl -n "__fish_etl_using_subcommand help" -s h -l help -d 'Print help'
