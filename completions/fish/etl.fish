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
complete -c etl -n "__fish_etl_needs_command" -f -a "cast" -d 'Convert field types, normalise and anonymise values.'
complete -c etl -n "__fish_etl_needs_command" -f -a "aggregate" -d 'Group records and compute aggregates, in memory that grows with the groups.'
complete -c etl -n "__fish_etl_needs_command" -f -a "pg-load" -d 'Bulk-load records into a PostgreSQL table.'
complete -c etl -n "__fish_etl_needs_command" -f -a "pg-extract" -d 'Extract a PostgreSQL table or query as records.'
complete -c etl -n "__fish_etl_needs_command" -f -a "head" -d 'Write the first N records, or the first N of each group'
complete -c etl -n "__fish_etl_needs_command" -f -a "dedup" -d 'Drop repeated records: keep one record per key'
complete -c etl -n "__fish_etl_needs_command" -f -a "sort" -d 'Sort records by key fields; stable, in bounded memory'
complete -c etl -n "__fish_etl_needs_command" -f -a "join" -d 'Join the records of the input (the left side) with the records of a lookup file (--with, the right side) whose key fields have the same values'
complete -c etl -n "__fish_etl_needs_command" -f -a "kafka-produce" -d 'Send records to a Kafka topic, every delivery confirmed'
complete -c etl -n "__fish_etl_needs_command" -f -a "kafka-consume" -d 'Read a Kafka topic as records, offsets committed only after the records are written'
complete -c etl -n "__fish_etl_needs_command" -f -a "help" -d 'List the commands, or show one command\'s help'
complete -c etl -n "__fish_etl_using_subcommand help" -s h -l help -d 'Print help'
