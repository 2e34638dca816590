complete -c etl-kafka-produce -s t -l topic -d 'The topic to send to' -r
complete -c etl-kafka-produce -s k -l key-field -d 'Set the message key from this field (same key, same partition)' -r
complete -c etl-kafka-produce -l key -d 'Give every message this key (kcat -k), with or without --raw' -r
complete -c etl-kafka-produce -s p -l partition -d 'Send every message to this partition' -r
complete -c etl-kafka-produce -s H -l header -d 'Add a header to every message (repeatable)' -r
complete -c etl-kafka-produce -l headers-field -d 'Add the members of this object field as headers' -r
complete -c etl-kafka-produce -l timestamp-field -d 'Use this field as the message timestamp (RFC 3339, epoch seconds or ms, ...)' -r
complete -c etl-kafka-produce -s z -l compression -d 'Compress message batches' -r -f -a "none\t''
gzip\t''
snappy\t''
lz4\t''
zstd\t''"
complete -c etl-kafka-produce -s K -l key-delimiter -d 'With --raw: the key is what comes before the first C in each line, the value what follows it (`1:{"atmid":1}`, as kcat -K and the console producer\'s parse.key=true); a line without C is an error. `\\t` for a tab' -r
complete -c etl-kafka-produce -l transactional-id -d 'Send the run\'s messages in one Kafka transaction with this id: a consumer with isolation.level=read_committed sees all of them or none. It commits when every message was delivered and the input ended (a SIGTERM ends it too); a bad record that stops the run, or an undelivered message, aborts it. For runs that end (files, batches): the brokers abort a transaction older than transaction.timeout.ms (60 s unless -X sets it). One id for one producer at a time: a second run with the same id fences the first off' -r
complete -c etl-kafka-produce -l partitions -d 'Partitions of a topic --create-topic creates' -r
complete -c etl-kafka-produce -l replication-factor -d 'Replication factor of a topic --create-topic creates' -r
complete -c etl-kafka-produce -l timeout -d 'Seconds the brokers have to answer, and each message to be delivered' -r
complete -c etl-kafka-produce -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl-kafka-produce -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl-kafka-produce -s F -l config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl-kafka-produce -s I -l input-format -d 'Input format; by default detected per input (a `.tsv` name means TSV, a first non-blank byte `{` means NDJSON, anything else CSV)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-kafka-produce -s d -l delimiter -d 'The field delimiter of CSV and TSV input: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-kafka-produce -l quote -d 'The quote of CSV input fields (default: `"`)' -r
complete -c etl-kafka-produce -l header-names -d 'CSV and TSV input has no header row, and its fields have these names' -r
complete -c etl-kafka-produce -l ragged -d 'A CSV or TSV row with another number of fields than the header: error (a bad record), pad (missing fields are empty, more is an error), truncate (missing fields are empty, fields past the header are dropped)' -r -f -a "error\t'A bad record, for --on-error'
pad\t'Missing fields are empty; a row with more fields is a bad record'
truncate\t'Missing fields are empty, and fields past the header\'s are dropped'"
complete -c etl-kafka-produce -l encoding -d 'The input\'s encoding when it is not UTF-8: latin1, windows-1252, utf-16le, utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8' -r
complete -c etl-kafka-produce -l rejects -d 'Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}. Implies --on-error skip' -r -F
complete -c etl-kafka-produce -l max-rejects -d 'Fail (exit status 1) once more than N records were skipped' -r
complete -c etl-kafka-produce -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-kafka-produce -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-kafka-produce -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-kafka-produce -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-kafka-produce -l on-error -d 'What to do with a bad record (a malformed line, a ragged CSV row, a value that does not convert): fail stops with exit status 1; skip counts it and goes on' -r -f -a "fail\t'Stop at the first bad record with exit status 1'
skip\t'Skip bad records, count them, and write them to --rejects if given'"
complete -c etl-kafka-produce -l raw -d 'Send each input line unchanged as one message (no record parsing)'
complete -c etl-kafka-produce -s Z -l null-empty -d 'With --raw: an empty value is sent as null, a tombstone (kcat -Z)'
complete -c etl-kafka-produce -l envelope -d 'Input records are envelopes {key, headers, partition, timestamp, value}'
complete -c etl-kafka-produce -l create-topic -d 'Create the topic if it does not exist (admin API)'
complete -c etl-kafka-produce -l no-header -d 'CSV and TSV input has no header row: its first row is data, and its fields are named 1, 2, 3…'
complete -c etl-kafka-produce -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-kafka-produce -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-kafka-produce -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-kafka-produce -s V -l version -d 'Print version'
