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

/// The clap definition, for `--help`, the man page and completions: every command of
/// the registry as a subcommand, with its own options, so that `etl select --<TAB>`
/// completes as `etl-select --<TAB>` does. (`etl NAME` runs `etl-NAME`, which parses.)
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
        command = command.subcommand((info.command)().name(info.short_name()));
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
            // --help, --version, or a usage error: clap tells them apart.
            match command().try_get_matches() {
                Ok(_) => {
                    print_commands();
                    ExitCode::SUCCESS
                }
                Err(err) => super::usage_error("etl", err),
            }
        }
        _ => exec(&name, args.collect()),
    }
}

/// The width the command list is wrapped to.
const WIDTH: usize = 80;

fn print_commands() {
    let mut out = String::from("Usage: etl COMMAND [ARGS]...\n\nCommands:\n");
    for info in COMMANDS {
        let about = info.about();
        let about = about.trim_end().trim_end_matches('.');
        out.push_str(&format!("  {:<16} ", info.short_name()));
        out.push_str(&wrapped(about, 19, WIDTH));
        out.push('\n');
    }
    out.push_str("\n`etl help COMMAND` shows a command's help; `man etl-COMMAND` its manual.\n");
    let _ = std::io::stdout().write_all(out.as_bytes());
}

/// `text`'s words in lines of at most `width` columns (a longer word has its own),
/// those after the first indented by `indent`, the first's start being there too.
fn wrapped(text: &str, indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut column = indent;
    for word in text.split_whitespace() {
        let start_of_line = column == indent;
        if !start_of_line && column + 1 + word.len() > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            column = indent;
        } else if !start_of_line {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.chars().count();
    }
    out
}

/// The command whose name is at most two edits from `name`, the closest one.
fn closest(name: &str) -> Option<&'static str> {
    COMMANDS
        .iter()
        .map(|info| (edits(name, info.short_name()), info.short_name()))
        .filter(|(edits, _)| *edits <= 2)
        .min_by_key(|(edits, _)| *edits)
        .map(|(_, known)| known)
}

/// Levenshtein distance: the insertions, deletions and substitutions from `a` to `b`.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
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
        let hint = match closest(name) {
            Some(known) => format!("did you mean `etl {known}`?"),
            None => "see `etl help`".to_owned(),
        };
        format!(
            "etl: {name:?} is not an etlkit command (no {program} beside etl or on PATH); {hint}"
        )
    } else {
        format!("etl: cannot run {}: {err}", target.display())
    };
    let _ = writeln!(std::io::stderr(), "{message}");
    ExitCode::from(Exit::Usage.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edits("selct", "select"), 1);
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("flter", "filter"), 1);
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(closest("selct"), Some("select"));
        assert_eq!(closest("sorted"), Some("sort"));
        assert_eq!(closest("zzz"), None);
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrapped("a b c", 2, 5), "a b\n  c");
        assert_eq!(wrapped("word", 2, 3), "word");
    }
}
