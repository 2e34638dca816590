//! `etl`: the git-style front door. `etl filter ARGS…` runs `etl-filter ARGS…`, found
//! beside `etl` or else on PATH, with the same arguments and exit status.

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, Command};

use super::{help_footer, Example, COMMANDS};
use crate::exit::Exit;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "List the commands",
        run: "etl",
    },
    Example {
        what: "Run etl-select through the front door",
        run: "etl select id,country events.csv",
    },
    Example {
        what: "Show a command's help",
        run: "etl help select",
    },
];

/// The clap definition, for `--help`, the man page and completions: one subcommand per
/// entry of the registry.
pub fn command() -> Command {
    let mut command = Command::new("etl")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Run an etlkit command: `etl NAME ARGS…` runs `etl-NAME ARGS…`")
        .long_about(
            "Run an etlkit command: `etl NAME ARGS…` runs `etl-NAME ARGS…`, found beside \
             `etl` or else on PATH, with the same arguments and exit status. Without a \
             command, lists the commands.",
        )
        .after_long_help(help_footer(EXAMPLES, &Exit::ALL))
        .disable_help_subcommand(true);
    for info in COMMANDS {
        command = command.subcommand(
            Command::new(info.short_name())
                .about(info.about())
                .disable_help_flag(true)
                .arg(
                    Arg::new("args")
                        .num_args(0..)
                        .trailing_var_arg(true)
                        .allow_hyphen_values(true),
                ),
        );
    }
    command.subcommand(
        Command::new("help")
            .about("List the commands, or show one command's help")
            .arg(Arg::new("command")),
    )
}

/// The front door's `main`.
pub fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(first) = args.next() else {
        print_commands();
        return ExitCode::SUCCESS;
    };
    let name = first.to_string_lossy().into_owned();
    match name.as_str() {
        "help" => match args.next() {
            None => {
                print_commands();
                ExitCode::SUCCESS
            }
            Some(command) => exec(&command.to_string_lossy(), vec!["--help".into()]),
        },
        flag if flag.starts_with('-') => {
            // --help, --version, or a usage error: clap handles them all.
            let _ = command().get_matches();
            print_commands();
            ExitCode::SUCCESS
        }
        _ => exec(&name, args.collect()),
    }
}

fn print_commands() {
    let mut out = String::from("Usage: etl COMMAND [ARGS]...\n\nCommands:\n");
    for info in COMMANDS {
        out.push_str(&format!("  {:<16} {}\n", info.short_name(), info.about()));
    }
    out.push_str("\n`etl help COMMAND` shows a command's help; `man etl-COMMAND` its manual.\n");
    let _ = std::io::stdout().write_all(out.as_bytes());
}

/// Replaces this process with `etl-NAME`, so exit status and signals pass through.
fn exec(name: &str, args: Vec<OsString>) -> ExitCode {
    // A name is a word, never a path: `etl /../x` must not run `./x` through a folder
    // named `etl-`.
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if name.is_empty() || !name.chars().all(word) {
        let _ = writeln!(
            std::io::stderr(),
            "etl: {name:?} is not an etlkit command name (letters, digits, - and _); see `etl help`"
        );
        return ExitCode::from(Exit::Usage.code());
    }
    let program = format!("etl-{name}");
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&program)))
        .filter(|path| path.is_file());
    let target = beside.unwrap_or_else(|| PathBuf::from(&program));
    let err = std::process::Command::new(&target).args(args).exec();
    let message = if err.kind() == std::io::ErrorKind::NotFound {
        format!("etl: {name:?} is not an etlkit command (no {program} beside etl or on PATH); see `etl help`")
    } else {
        format!("etl: cannot run {}: {err}", target.display())
    };
    let _ = writeln!(std::io::stderr(), "{message}");
    ExitCode::from(Exit::Usage.code())
}
