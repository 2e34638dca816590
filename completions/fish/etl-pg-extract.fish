complete -c etl-pg-extract -s t -l table -d 'The table, [SCHEMA.]NAME' -r
complete -c etl-pg-extract -l columns -d 'Only these columns of the table, in this order (comma-separated names)' -r
complete -c etl-pg-extract -l where -d 'Only the table\'s rows for which this SQL condition holds, e.g. "status = \'paid\'"' -r
complete -c etl-pg-extract -l query -d 'Any query (SELECT, VALUES, WITH …), sent as written' -r
complete -c etl-pg-extract -l incremental-column -d 'Read only the rows past the high-water mark of this column kept in --state' -r
complete -c etl-pg-extract -l state -d 'The committed high-water mark of --incremental-column; the mark this run reaches is written to FILE.pending (see --commit-state)' -r -F
complete -c etl-pg-extract -l lag -d 'How far behind the server\'s clock a run stops reading a time column: 5s, 1m, 0' -r
complete -c etl-pg-extract -l commit-state -d 'Make FILE.pending, written by a run with --state FILE, the committed state (atomically), and do nothing else. Run it after the pipeline succeeded' -r -F
complete -c etl-pg-extract -s j -l jobs -d 'Read the table over N connections in one snapshot, by ranges of a key' -r
complete -c etl-pg-extract -l split-column -d 'The integer column --jobs splits by (default: the primary key)' -r
complete -c etl-pg-extract -l statement-timeout -d 'Cancel any statement that runs longer than DURATION (the COPY too), e.g. 30min' -r
complete -c etl-pg-extract -l db -d 'Connection: postgresql://user@host:port/db?sslmode=… or \'host=… dbname=…\' or \'service=NAME\'. Default: DATABASE_URL, else the PG* variables. Keep passwords out of it' -r
complete -c etl-pg-extract -s d -l dbname -d 'The database name, as psql\'s -d: a name with \'=\' in it, or starting with postgresql://, is a conninfo, as --db' -r
complete -c etl-pg-extract -s h -l host -d 'The server\'s host name, address or socket directory (psql\'s -h); several, comma-separated, are tried in turn' -r
complete -c etl-pg-extract -s p -l port -d 'The server\'s port (psql\'s -p); one per host, comma-separated, or one for all' -r
complete -c etl-pg-extract -s U -l username -d 'The database user name (psql\'s -U); by default the operating system\'s user' -r
complete -c etl-pg-extract -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-pg-extract -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-pg-extract -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-pg-extract -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-pg-extract -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-pg-extract -l help -d 'Print help (-h is the host, as in psql)'
complete -c etl-pg-extract -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-pg-extract -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-pg-extract -s V -l version -d 'Print version'
