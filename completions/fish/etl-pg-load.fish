complete -c etl-pg-load -s t -l table -d 'The table, [SCHEMA.]NAME' -r
complete -c etl-pg-load -l db -d 'Connection: postgresql://user@host:port/db?sslmode=… or \'host=… dbname=…\' or \'service=NAME\'. Default: DATABASE_URL, else the PG* variables. Keep passwords out of it' -r
complete -c etl-pg-load -s d -l dbname -d 'The database name, as psql\'s -d: a name with \'=\' in it, or starting with postgresql://, is a conninfo, as --db' -r
complete -c etl-pg-load -s h -l host -d 'The server\'s host name, address or socket directory (psql\'s -h); several, comma-separated, are tried in turn' -r
complete -c etl-pg-load -s p -l port -d 'The server\'s port (psql\'s -p); one per host, comma-separated, or one for all' -r
complete -c etl-pg-load -s U -l username -d 'The database user name (psql\'s -U); by default the operating system\'s user' -r
complete -c etl-pg-load -l infer-rows -d 'How many records --create looks at to infer the types' -r
complete -c etl-pg-load -l upsert -d 'Insert or update by these key columns (comma-separated; a unique index must cover exactly them): loading the same records twice leaves the same table. The last record of a key wins' -r
complete -c etl-pg-load -l on-conflict -d 'What --upsert does with a key the table has: update the row (where its values differ), or ignore the record and keep the row' -r -f -a "update\t'Update the row\'s other columns (where they differ)'
ignore\t'Keep the row as it is'"
complete -c etl-pg-load -l primary-key -d 'With --create: the new table\'s primary key (comma-separated); with --upsert, its keys are the primary key unless this says otherwise' -r
complete -c etl-pg-load -l commit-every -d 'Commit after every N records, for endless streams (not atomic as a whole)' -r
complete -c etl-pg-load -l commit-interval -d 'Commit rows at most DURATION after they arrived, for slow streams (not atomic as a whole): a quiet stream\'s rows are visible within it, e.g. 1s' -r
complete -c etl-pg-load -s j -l jobs -d 'Load over N connections in parallel, converting records with N threads' -r
complete -c etl-pg-load -l statement-timeout -d 'Cancel any statement that runs longer than DURATION (the COPY too: as long as the load), e.g. 5min: a lock held elsewhere fails the run instead of hanging it' -r
complete -c etl-pg-load -l offsets-table -d 'Exactly once from etl-kafka-consume --exec: store the batch\'s Kafka offsets in TABLE (created when missing) in the load\'s own transaction, and load a batch only if it starts where the stored offsets end; one that was loaded before (delivered again after a crash) loads nothing and the consumer resumes after it' -r
complete -c etl-pg-load -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-pg-load -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl-pg-load -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl-pg-load -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl-pg-load -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl-pg-load -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl-pg-load -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl-pg-load -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-pg-load -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-pg-load -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-pg-load -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-pg-load -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-pg-load -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl-pg-load -l help -d 'Print help (-h is the host, as in psql)'
complete -c etl-pg-load -l create -d 'Create the table when it does not exist, with types inferred from the first --infer-rows records: bigint, numeric, double precision, boolean, date, timestamptz, jsonb (nested values) or text'
complete -c etl-pg-load -l dry-run -d 'With --create: print the CREATE TABLE statement and stop, without connecting'
complete -c etl-pg-load -l truncate -d 'Empty the table first, in the same transaction as the load'
complete -c etl-pg-load -l ignore-extra -d 'Leave out fields that have no column, instead of failing'
complete -c etl-pg-load -l empty-as-empty -d 'An empty CSV value in a text column loads as \'\' rather than NULL'
complete -c etl-pg-load -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl-pg-load -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-pg-load -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-pg-load -s V -l version -d 'Print version'
