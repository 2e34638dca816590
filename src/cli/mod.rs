//! The command-line definitions: the one source of `--help`, man pages and shell
//! completions, and `run`, the shared `main` of every binary.

/// Implements [`CommandArgs`] for a record command's `Args`, whose shared options are
/// its `records` field; the items given are added to the impl.
macro_rules! record_command {
    ($($item:item)*) => {
        impl $crate::cli::CommandArgs for Args {
            fn report(&self) -> &$crate::cli::args::ReportArgs {
                &self.records.report
            }

            fn policy(&self) -> $crate::job::Policy {
                self.records.bad_input.policy()
            }

            $($item)*
        }
    };
}

pub mod aggregate;
pub mod args;
pub mod cast;
pub mod dedup;
pub mod describe;
pub mod etl;
pub mod extract_log;
pub mod filter;
pub mod head;
pub mod join;
pub mod kafka;
pub mod kafka_consume;
pub mod kafka_groups;
pub mod kafka_produce;
pub mod kafka_topics;
pub mod map;
pub mod pg_connection;
pub mod pg_extract;
pub mod pg_load;
pub mod select;
pub mod sort;

use std::io::Write;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::ValueEnum;

use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::job::{Job, OnError, Policy};
use crate::metrics::{self, Labels};
use crate::signals::{self, Role};

/// One example in `--help` and the man page.
pub struct Example {
    pub what: &'static str,
    pub run: &'static str,
}

/// A binary of the toolkit.
pub struct CommandInfo {
    /// The binary's name, `etl-select`.
    pub name: &'static str,
    /// Its clap definition.
    pub command: fn() -> clap::Command,
    pub examples: &'static [Example],
    /// The exit codes it can end with.
    pub exits: &'static [Exit],
    /// The entries of [`ENVIRONMENT`] it reads, besides `NO_COLOR`.
    pub environment: &'static [&'static str],
}

impl CommandInfo {
    /// The name `etl` knows it by: `select` for `etl-select`.
    pub fn short_name(&self) -> &'static str {
        self.name.strip_prefix("etl-").unwrap_or(self.name)
    }

    /// The one-line description from its clap definition.
    pub fn about(&self) -> String {
        (self.command)()
            .get_about()
            .map(|a| a.to_string())
            .unwrap_or_default()
    }
}

/// Every `etl-*` binary; `etl` lists these, and the docs test renders each.
pub const COMMANDS: &[CommandInfo] = &[
    CommandInfo {
        name: "etl-extract-log",
        command: extract_log::Args::clap_command,
        examples: extract_log::EXAMPLES,
        exits: extract_log::EXITS,
        environment: &["TZ"],
    },
    CommandInfo {
        name: "etl-select",
        command: select::Args::clap_command,
        examples: select::EXAMPLES,
        exits: select::EXITS,
        environment: &[],
    },
    CommandInfo {
        name: "etl-filter",
        command: filter::Args::clap_command,
        examples: filter::EXAMPLES,
        exits: filter::EXITS,
        environment: &["ETL_HASH_KEY"],
    },
    CommandInfo {
        name: "etl-map",
        command: map::Args::clap_command,
        examples: map::EXAMPLES,
        exits: map::EXITS,
        environment: &["ETL_HASH_KEY"],
    },
    CommandInfo {
        name: "etl-cast",
        command: cast::Args::clap_command,
        examples: cast::EXAMPLES,
        exits: cast::EXITS,
        environment: &["TZ", "ETL_HASH_KEY"],
    },
    CommandInfo {
        name: "etl-aggregate",
        command: aggregate::Args::clap_command,
        examples: aggregate::EXAMPLES,
        exits: aggregate::EXITS,
        environment: &[],
    },
    CommandInfo {
        name: "etl-pg-load",
        command: pg_load::Args::clap_command,
        examples: pg_load::EXAMPLES,
        exits: pg_load::EXITS,
        environment: PG_ENVIRONMENT,
    },
    CommandInfo {
        name: "etl-pg-extract",
        command: pg_extract::Args::clap_command,
        examples: pg_extract::EXAMPLES,
        exits: pg_extract::EXITS,
        environment: PG_ENVIRONMENT,
    },
    CommandInfo {
        name: "etl-describe",
        command: describe::Args::clap_command,
        examples: describe::EXAMPLES,
        exits: describe::EXITS,
        environment: &[],
    },
    CommandInfo {
        name: "etl-head",
        command: head::Args::clap_command,
        examples: head::EXAMPLES,
        exits: head::EXITS,
        environment: &[],
    },
    CommandInfo {
        name: "etl-dedup",
        command: dedup::Args::clap_command,
        examples: dedup::EXAMPLES,
        exits: dedup::EXITS,
        environment: &[],
    },
    CommandInfo {
        name: "etl-sort",
        command: sort::Args::clap_command,
        examples: sort::EXAMPLES,
        exits: sort::EXITS,
        environment: &["TMPDIR"],
    },
    CommandInfo {
        name: "etl-join",
        command: join::Args::clap_command,
        examples: join::EXAMPLES,
        exits: join::EXITS,
        environment: &[],
    },
    CommandInfo {
        name: "etl-kafka-produce",
        command: kafka_produce::Args::clap_command,
        examples: kafka_produce::EXAMPLES,
        exits: kafka_produce::EXITS,
        environment: &["KAFKA_BROKERS"],
    },
    CommandInfo {
        name: "etl-kafka-consume",
        command: kafka_consume::Args::clap_command,
        examples: kafka_consume::EXAMPLES,
        exits: kafka_consume::EXITS,
        environment: &["KAFKA_BROKERS"],
    },
    CommandInfo {
        name: "etl-kafka-topics",
        command: kafka_topics::Args::clap_command,
        examples: kafka_topics::EXAMPLES,
        exits: kafka_topics::EXITS,
        environment: &["KAFKA_BROKERS"],
    },
    CommandInfo {
        name: "etl-kafka-groups",
        command: kafka_groups::Args::clap_command,
        examples: kafka_groups::EXAMPLES,
        exits: kafka_groups::EXITS,
        environment: &["KAFKA_BROKERS"],
    },
];

/// The PostgreSQL commands' entries of [`ENVIRONMENT`].
const PG_ENVIRONMENT: &[&str] = &[
    "DATABASE_URL",
    "PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE",
    "PGSSLMODE, PGSSLROOTCERT",
    "PGCONNECT_TIMEOUT, PGAPPNAME, PGOPTIONS, PGPASSFILE",
    "PGSERVICE, PGSERVICEFILE, PGSYSCONFDIR",
    "PGSSLCERT, PGSSLKEY, PGSSLCRL, PGSSLCRLDIR",
    "PGHOSTADDR, PGTARGETSESSIONATTRS",
];

/// The environment variables the commands read, for man pages.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "NO_COLOR",
        "Honoured: etlkit never writes colour, so there is nothing to turn off.",
    ),
    (
        "TZ",
        "The local zone: of RFC 3164 syslog times, which carry none (etl-extract-log), and of \
         etl-cast's --tz local; UTC when unset and /etc/localtime is absent.",
    ),
    (
        "TMPDIR",
        "Where etl-sort puts its temporary runs unless --tmpdir says; /tmp if unset.",
    ),
    (
        "ETL_HASH_KEY",
        "The secret key of etl-cast's hash type and of the hash() function of expressions (HMAC-SHA-256); hash refuses to run without it.",
    ),
    (
        "DATABASE_URL",
        "The connection of etl-pg-load and etl-pg-extract when --db is not given: a \
         postgresql:// URI or key=value conninfo.",
    ),
    (
        "PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE",
        "Where etl-pg-load and etl-pg-extract connect, for whatever --db or DATABASE_URL \
         leaves out, as in libpq.",
    ),
    (
        "PGSSLMODE, PGSSLROOTCERT",
        "The TLS of etl-pg-load and etl-pg-extract: disable, prefer (default), require, \
         verify-ca, verify-full; the root certificate file.",
    ),
    (
        "PGCONNECT_TIMEOUT, PGAPPNAME, PGOPTIONS, PGPASSFILE",
        "Connection timeout in seconds, application name, server options, and the password file (default ~/.pgpass).",
    ),
    (
        "PGSERVICE, PGSERVICEFILE, PGSYSCONFDIR",
        "A connection service and where it is defined (pg_service.conf), as in libpq.",
    ),
    (
        "PGSSLCERT, PGSSLKEY, PGSSLCRL, PGSSLCRLDIR",
        "The client certificate and its key (default ~/.postgresql/postgresql.crt, .key); revocation lists.",
    ),
    (
        "PGHOSTADDR, PGTARGETSESSIONATTRS",
        "The server's IP addresses, and which of several hosts to take: any, read-write, primary…",
    ),
    (
        "KAFKA_BROKERS",
        "The Kafka bootstrap brokers (host:port,...) when -b/--brokers is not given.",
    ),
];

/// The text after `--help`: examples and the exit codes `exits`.
pub fn help_footer(examples: &[Example], exits: &[Exit]) -> String {
    let mut text = String::from("Examples:\n");
    for example in examples {
        text.push_str(&format!("  # {}\n  {}\n\n", example.what, example.run));
    }
    text.push_str("Exit status:\n");
    text.push_str(&Exit::table_text(exits));
    text
}

/// What a command's arguments tell the shared runner.
pub trait CommandArgs: clap::Parser {
    /// The clap definition; a command overrides it to adjust a shared flag.
    fn definition() -> clap::Command {
        Self::command()
    }
    /// The definition the binary parses with: `--on-error null` only where it means
    /// something.
    fn clap_command() -> clap::Command {
        let command = Self::definition();
        if !command
            .get_arguments()
            .any(|arg| arg.get_id() == "on_error")
        {
            return command;
        }
        command.mut_arg("on_error", |arg| {
            if Self::SETS_BAD_VALUES_NULL {
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                return arg.help(format!(
                    "{help}; null sets the value that does not convert to null and counts it"
                ));
            }
            let values = OnError::value_variants()
                .iter()
                .filter(|policy| **policy != OnError::Null)
                .filter_map(ValueEnum::to_possible_value);
            let values = PossibleValuesParser::new(values);
            arg.value_parser(values.map(|v| OnError::from_str(&v, false).expect("listed")))
        })
    }
    fn report(&self) -> &args::ReportArgs;
    /// The bad-record policy, for commands that read records.
    fn policy(&self) -> Policy {
        Policy::default()
    }
    /// Whether `--on-error null` means something to this command.
    const SETS_BAD_VALUES_NULL: bool = false;
    /// What a signal makes the command do: a source stops reading, a relay drains.
    const ROLE: Role = Role::Relay;
    /// Whether the command commits (Kafka offsets) for what it wrote to stdout: its
    /// pipe then keeps the system's size, so less of what was committed can sit unread
    /// in it when the reader goes away.
    fn commits_after_writing(&self) -> bool {
        false
    }
}

/// The `main` of every `etl-*` binary: parses the arguments (clap exits 2 on usage
/// errors), runs `body` with a [`Job`], prints any error once as `program: message`
/// and maps it to the documented exit code. A closed stdout ends quietly with 0 (a group
/// consumer's with 141: [`Error::Unread`]).
pub fn run<A: CommandArgs>(body: impl FnOnce(A, &mut Job) -> Result<()>) -> ExitCode {
    let definition = A::clap_command();
    // Named once, in the clap definition; leaked once per process to live as long.
    let program: &'static str = Box::leak(definition.get_name().to_owned().into_boxed_str());
    install_panic_hook(program);
    let args = match definition
        .try_get_matches()
        .and_then(|matches| A::from_arg_matches(&matches))
    {
        Ok(args) => args,
        Err(err) => return usage_error(program, err),
    };
    let report = args.report();
    crate::notice::init(program, report.quiet);
    crate::format::enlarge_std_pipes(!args.commits_after_writing());
    let mut job = match Job::new(program, args.policy(), report.verbose, report.quiet) {
        Ok(job) => job,
        Err(err) => return fail(program, &err),
    };
    if let Err(err) = signals::catch(A::ROLE, report.drain_timeout) {
        return fail(program, &err);
    }
    let metrics = report.metrics.as_deref().map(metrics::Target::from_arg);
    if let Some(metrics::Target::File(path)) = &metrics {
        // Said before the work, not after it.
        if let Err(err) = metrics::writable(path) {
            return fail(
                program,
                &Error::io(format!("--metrics {}", path.display()), err),
            );
        }
    }
    let labels = Labels::new(report.metrics_label.clone());
    let periodic = match (&metrics, report.metrics_interval) {
        (Some(target), Some(interval)) => Some(metrics::Periodic::start(
            interval,
            target.clone(),
            program,
            labels.clone(),
            job.live().clone(),
            job.progress().clone(),
        )),
        _ => None,
    };
    let result = body(args, &mut job);
    if let Some(periodic) = periodic {
        periodic.stop();
    }
    let mut stats = job.stats();
    // A run stopped by a signal still says what it did.
    let failed = matches!(&result, Err(err) if !matches!(err, Error::Interrupted(_)));
    let finished = job.finish(failed);
    let code = match result.and(finished) {
        // A source stopped by a signal ended its run cleanly, with the signal's status.
        Ok(()) if A::ROLE == Role::Source => signals::exit_status().unwrap_or(0),
        Ok(()) => 0,
        Err(err) if err.is_broken_pipe() => 0,
        // The shell knows why; a message would only clutter the terminal after ^C.
        Err(Error::Interrupted(status)) => status,
        Err(err) => report_error(program, &err),
    };
    stats.exit_status = code;
    if let Some(target) = metrics {
        if let Err(err) = metrics::write(&target, program, &labels, &stats) {
            let err = Error::io(format!("--metrics {}", target.name()), err);
            return fail(program, &err);
        }
    }
    ExitCode::from(code)
}

/// `--help` and `--version` as clap prints them; a usage error as every other error,
/// `program: message` (clap's own starts with a coloured `error:`), then clap's usage
/// line and hint, with exit status 2.
fn usage_error(program: &str, err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        err.exit();
    }
    let text = err.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let _ = write!(std::io::stderr(), "{program}: {text}");
    ExitCode::from(Exit::Usage.code())
}

/// Prints the error once, as `program: message`, and gives its exit code.
fn report_error(program: &str, err: &Error) -> u8 {
    let _ = writeln!(std::io::stderr(), "{program}: {err}");
    err.exit().code()
}

fn fail(program: &str, err: &Error) -> ExitCode {
    ExitCode::from(report_error(program, err))
}

/// A bug must still end with one readable line, never a backtrace.
fn install_panic_hook(program: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        let _ = writeln!(
            std::io::stderr(),
            "{program}: internal error, please report it: {info}"
        );
    }));
}
