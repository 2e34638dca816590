complete -c etl-join -l on -d 'The key fields of the left records (a field list as in etl-select)' -r
complete -c etl-join -l with -d 'The lookup file: the right side' -r
complete -c etl-join -l with-on -d 'The key fields of the right records, if they are named differently; as many as --on' -r
complete -c etl-join -l with-fields -d 'The right fields to add, with renames (`new=old`); by default all but the key fields' -r
complete -c etl-join -s j -l threads -d 'Run on N threads, the output in input order, as one thread writes it. By default etl-map, etl-cast and etl-join (a hash join; --sorted takes one) take as many as there are cores for regular files of 8 MiB and more; etl-select and etl-filter take one, their work weighing less than the reading. Stdin and other streams always take one, so that each record leaves as it arrives' -r
complete -c etl-join -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-join -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-join -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl-join -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl-join -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl-join -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl-join -s O -l output-format -d 'Output format; by default the same as the (first) input\'s' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-join -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-join -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl-join -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl-join -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-join -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-join -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-join -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-join -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl-join -l inner -d 'Inner join (the default)'
complete -c etl-join -l left -d 'Left outer join: left records without a match too'
complete -c etl-join -l semi -d 'Semi join: the left records that have a match'
complete -c etl-join -l anti -d 'Anti join: the left records that have no match'
complete -c etl-join -l sorted -d 'Both inputs are sorted by the key: merge join in constant memory'
complete -c etl-join -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl-join -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl-join -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-join -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-join -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-join -s V -l version -d 'Print version'
