# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_etl_kafka_topics_global_optspecs
    string join \n timeout= b/brokers= X/property= output-delimiter= no-output-header v/verbose q/quiet metrics= metrics-interval= metrics-label= drain-timeout= F/command-config= O/output-format= h/help V/version
end

function __fish_etl_kafka_topics_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_etl_kafka_topics_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_etl_kafka_topics_using_subcommand
    set -l cmd (__fish_etl_kafka_topics_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -s V -l version -d 'Print version'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -f -a "list" -d 'Every topic: topic, partitions, replication_factor, internal'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -f -a "describe" -d 'Each partition: topic, partition, leader, replicas, isr, earliest, latest offsets; with --configs each config: topic, name, value, source, read_only, sensitive'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -f -a "create" -d 'Create a topic; one with these settings already is left as it is'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -f -a "delete" -d 'Delete topics'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -f -a "add-partitions" -d 'Grow a topic to N partitions (they never shrink)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -f -a "alter" -d 'Set topic configs, keeping the others'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -l all -d 'Also the internal topics (__consumer_offsets…)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -l configs -d 'The topics\' configs instead of their partitions'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -l partitions -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -l replication-factor -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -l config -d 'A topic config (repeatable), e.g. --config retention.ms=86400000' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -l to -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand add-partitions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -l config -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -l timeout -d 'Seconds to wait for the brokers\' answer' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -s b -l brokers -d 'Bootstrap brokers, host:port[,host:port...]' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -s X -l property -d 'Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL -X sasl.mechanism=SCRAM-SHA-512; applied after --config' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -l output-delimiter -d 'The field delimiter of CSV and TSV output: one character, or \\t (default: `,` for CSV, a tab for TSV)' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -l metrics -d 'At exit, write run metrics (records in, out and rejected, bytes read, duration, exit status, last success time) to FILE as a Prometheus text file for node_exporter\'s textfile collector, replaced atomically; `-` prints them as one JSON line on stderr' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -l metrics-interval -d 'While the command runs, also rewrite the --metrics every DURATION (with etlkit_running 1, Kafka consumer lag and record age), for services' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -l metrics-label -d 'Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -l drain-timeout -d 'After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on reading it to its end (the source upstream is stopping too) before it writes what it has and exits with 128 + the signal\'s number: 30s, 2m, 0' -r
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -s F -l command-config -d 'Read librdkafka properties from FILE, one key=value per line (# comments), e.g. credentials kept out of the command line. A Java client\'s sasl.jaas.config (a PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are never printed' -r -F
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -s O -l output-format -d 'Output format (default: ndjson)' -r -f -a "csv\t'RFC 4180 comma-separated values with a header row'
tsv\t'Tab-separated values with a header row; `\\t`, `\\n`, `\\r` and `\\\\` escape those characters'
ndjson\t'Newline-delimited JSON: one object per line. As input also a JSON array of objects, and objects in any layout (pretty-printed, concatenated)'"
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -l no-output-header -d 'Write CSV and TSV output without its header row'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -s v -l verbose -d 'Print a one-line summary on stderr at the end (records in and out, skipped, time)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -s q -l quiet -d 'Print only errors and warnings: no progress bar (drawn only when stderr is a terminal anyway), no summary and no notes, not even of records skipped (count them with --rejects or --metrics). For crontab lines, which mail any output'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand alter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand help; and not __fish_seen_subcommand_from list describe create delete add-partitions alter help" -f -a "list" -d 'Every topic: topic, partitions, replication_factor, internal'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand help; and not __fish_seen_subcommand_from list describe create delete add-partitions alter help" -f -a "describe" -d 'Each partition: topic, partition, leader, replicas, isr, earliest, latest offsets; with --configs each config: topic, name, value, source, read_only, sensitive'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand help; and not __fish_seen_subcommand_from list describe create delete add-partitions alter help" -f -a "create" -d 'Create a topic; one with these settings already is left as it is'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand help; and not __fish_seen_subcommand_from list describe create delete add-partitions alter help" -f -a "delete" -d 'Delete topics'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand help; and not __fish_seen_subcommand_from list describe create delete add-partitions alter help" -f -a "add-partitions" -d 'Grow a topic to N partitions (they never shrink)'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand help; and not __fish_seen_subcommand_from list describe create delete add-partitions alter help" -f -a "alter" -d 'Set topic configs, keeping the others'
complete -c etl-kafka-topics -n "__fish_etl_kafka_topics_using_subcommand help; and not __fish_seen_subcommand_from list describe create delete add-partitions alter help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
