complete -c etl-kafka-consume -s t -l topic -d 'The topic to read (repeatable); ^REGEX reads every topic it matches (a group\'s subscription also those created later)' -r
complete -c etl-kafka-consume -s g -l group -d 'Join this consumer group' -r
complete -c etl-kafka-consume -s p -l partition -d 'Read only these partitions of the topics, N[,N…] (without -g: a group assigns its members their partitions itself)' -r
complete -c etl-kafka-consume -s o -l offset -d 'Where to start: beginning, end, stored (the group\'s committed offset), N (an offset), -N (N before the end of each partition) or @TIMESTAMP (s@TIMESTAMP as in kcat); e@TIMESTAMP, given too, is where to stop, as --until. Default: stored with -g, else beginning. With -g only stored, beginning and end: where a group without a committed offset starts' -r
complete -c etl-kafka-consume -l until -d 'Stop each partition at its first message at or after TIMESTAMP; exit when all have stopped' -r
complete -c etl-kafka-consume -s c -l count -d 'Exit after N records' -r
complete -c etl-kafka-consume -s f -l format -d 'Write each message as FORMAT says, as kcat -f: %t topic, %p partition, %o offset, %k key, %s value, %K and %S their sizes, %T timestamp (ms), %h headers, %% a percent sign; \\n \\t \\r \\\\ escapes. Nothing else is added' -r
complete -c etl-kafka-consume -s K -l key-delimiter -d 'With --raw, write each message\'s key before its value, then DELIM (as kcat -K and the console consumer\'s print.key); a message without a key has an empty one' -r
complete -c etl-kafka-consume -l isolation-level -d 'read_committed (the default): messages of transactions not yet committed wait and those of aborted ones are skipped; read_uncommitted: every message at once' -r -f -a "read_committed\t''
read_uncommitted\t''"
complete -c etl-kafka-consume -l exec -d 'Run this bash pipeline once per micro-batch, streaming the batch\'s records into its stdin, and commit the batch\'s offsets only when it exits 0 (under `set -o pipefail`): at least once into wherever the pipeline writes, under any kill. A failed batch stops the consumer with status 4 and nothing of it committed' -r
complete -c etl-kafka-consume -l batch-records -d 'With --exec: a batch ends after N records…' -r
complete -c etl-kafka-consume -l batch-interval -d '…or this long after its first record (its rows are then visible downstream)' -r
complete -c etl-kafka-consume -l timeout -d 'Seconds the brokers have to answer at start' -r
complete -c etl-kafka-consume -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl-kafka-consume -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl-kafka-consume -s F -l config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl-kafka-consume -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-kafka-consume -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-kafka-consume -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-kafka-consume -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-kafka-consume -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-kafka-consume -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-kafka-consume -s e -l exit-at-end -d 'Exit once every assigned partition (of every -t topic) is at its end'
complete -c etl-kafka-consume -l envelope -d 'Write each message as {topic, partition, offset, key, timestamp, headers, value}'
complete -c etl-kafka-consume -l raw -d 'Write each message value as one line, unchanged'
complete -c etl-kafka-consume -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl-kafka-consume -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-kafka-consume -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-kafka-consume -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-kafka-consume -s V -l version -d 'Print version'
