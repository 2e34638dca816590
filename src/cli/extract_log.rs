//! `etl-extract-log`: turn log files into records, incrementally from cron.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;
use regex::Regex;

use super::args::{BadInputArgs, CsvOutputArgs, OutputArgs, ReportArgs};
use super::{help_footer, CommandArgs, Example};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::extract::reader::{Named, Options, Read};
use crate::extract::state::{self, SetReading, State};
use crate::extract::{FormatSpec, LogFormat, TsRule};
use crate::format::Source;
use crate::job::Policy;
use crate::signals::Role;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Server errors from an nginx access log",
        run: "etl-extract-log -f combined /var/log/nginx/access.log | etl-filter 'status >= 500'",
    },
    Example {
        what: "auth.log as records, with the file and line number of each",
        run: "etl-extract-log -f syslog --add-source --add-line /var/log/auth.log",
    },
    Example {
        what: "An application log with its own layout, Java stack traces joined to their line",
        run: "etl-extract-log --pattern '{ts} {level} [{thread}] {msg}' --ts-field ts \
              --multiline-start '^\\d{4}-' app.log",
    },
    Example {
        what: "Only what was appended since the last successful run (crontab, bash -o pipefail)",
        run: "etl-extract-log --state /var/lib/etl/access.state /var/log/nginx/access.log \
              | etl-pg-load -t access && etl-extract-log --commit-state /var/lib/etl/access.state",
    },
    Example {
        what: "Follow a log as it grows, across rotations, like tail -F; after a stop, \
               --commit-state resumes where the records written had reached",
        run: "etl-extract-log --follow --state /var/lib/etl/app.state -f logfmt /var/log/app.log \
              | etl-filter 'level == \"error\"'",
    },
    Example {
        what: "Why do these lines not parse?",
        run: "etl-extract-log -f combined --explain -q access.log > /dev/null",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Turn log files into records: access logs, syslog, logfmt, JSON lines, your own
/// layout.
///
/// Formats (-f), each detected per file from its first 20 lines with the default
/// auto: a format is chosen only when it reads nearly all of them (all but one of up
/// to 19, 90% of 20) with its own marks (logfmt needs more key=value pairs than bare
/// words, syslog a tag and a host name that could be one); otherwise the file is
/// refused, saying what each format read. -v says what was chosen and why.
///
///   combined, common  Apache/nginx: ip ident user ts method path protocol status bytes
///                     (+ referer user_agent). "-" is null for ident, user and bytes; a
///                     request that is not METHOD PATH PROTOCOL is kept in `request`;
///                     text after the last field is kept in `extra`.
///   syslog            RFC 5424, RFC 3164 and /var/log/syslog lines without <PRI>, per
///                     line: pri facility severity ts host app pid msgid structured_data
///                     msg. RFC 3164 times are local (TZ), in --year or this year, never
///                     more than a day ahead (a December line read in January).
///   logfmt            key=value key2="quoted value" pairs; a bare key is null.
///   json              one JSON object per line.
///   regex, pattern    --regex with (?P<name>…) captures, or --pattern '{ts} {level} {msg}'.
///
/// Timestamps are written as RFC 3339 in UTC. Lines that do not parse are never
/// dropped unseen: they are counted and reported on stderr per file at the end,
/// written to --rejects FILE if given, kept as {"unparsed": LINE} with
/// --keep-unparsed, and stop the run (exit status 1) with --on-error fail. A file of
/// which no line parses fails the run (exit status 1) unless its lines go to
/// --rejects or --keep-unparsed. Invalid UTF-8 is replaced, and compressed files
/// (gzip, zstd, xz, bzip2) are read transparently.
///
/// --state FILE reads only what was appended since the last committed run, following
/// rotation (the rest of each old file, access.log.2 then access.log.1, is read first)
/// and leaving a last line without its newline for the next run. The position reached goes to FILE.pending;
/// --commit-state FILE makes it the committed state once the whole pipeline
/// succeeded, so a failed run reads the same lines again.
///
/// --follow (-F) waits at the end of each file for lines appended to it and turns
/// them into records as they arrive, like tail -F: across rotation (renamed and
/// created anew, truncated by copytruncate) and for a file that appears later. It
/// runs until SIGTERM, SIGINT or SIGHUP, then writes what it read and exits with
/// 128 + the signal's number; with --state, FILE.pending is rewritten as it goes and
/// at exit.
#[derive(Debug, Parser)]
#[command(name = "etl-extract-log", version, verbatim_doc_comment, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// Log files, read in order; `-` or none means stdin. Compressed input (gzip, zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<OsString>,
    /// The log format; auto detects it per file.
    #[arg(short = 'f', long, value_name = "FORMAT", default_value = "auto")]
    pub format: LogFormat,
    /// A regex whose named captures (?P<name>…) become fields (implies -f regex).
    #[arg(long, value_name = "REGEX", conflicts_with = "pattern")]
    pub regex: Option<String>,
    /// A layout such as '{ts} {level} [{thread}] {msg}': {name} takes the text up to
    /// the next literal, the last one the rest; {} skips; {{ and }} are braces
    /// (implies -f pattern).
    #[arg(long, value_name = "PATTERN")]
    pub pattern: Option<String>,
    /// Read this field as a timestamp and write it as RFC 3339 in UTC (regex,
    /// pattern, logfmt and json formats).
    #[arg(long, value_name = "NAME")]
    pub ts_field: Option<String>,
    /// The chrono format of --ts-field, e.g. '%d.%m.%Y %H:%M:%S'; repeat to try
    /// several. Without it the forms etl-cast knows are read (RFC 3339, epoch, …).
    #[arg(long, value_name = "FORMAT", requires = "ts_field")]
    pub ts_format: Vec<String>,
    /// The year of RFC 3164 syslog times, which have none (default: this year).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// A line that does not match this regex continues the record before it: it is
    /// appended, after a newline, to its msg (or message, or last) field.
    #[arg(long, value_name = "REGEX")]
    pub multiline_start: Option<String>,
    /// Add a `source` field: the file name.
    #[arg(long)]
    pub add_source: bool,
    /// Add a `line` field: the line number in that file (1-based).
    #[arg(long)]
    pub add_line: bool,
    /// Write lines that do not parse as {"unparsed": LINE} records.
    #[arg(long)]
    pub keep_unparsed: bool,
    /// For each line that does not parse, print it on stderr with where and why the
    /// format stopped matching.
    #[arg(long)]
    pub explain: bool,
    /// Read only what was appended since the committed state in FILE; the position
    /// reached is written to FILE.pending (see --commit-state).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// After the end of each file, wait for lines appended to it (looking every 0.2 s)
    /// and write their records as they arrive, following the file across rotation
    /// (renamed or truncated) and a file that appears later, like tail -F. Each file is
    /// read from its start, or from where --state left it; a last line without its
    /// newline waits until it is complete. Stops on SIGTERM, SIGINT or SIGHUP (exit
    /// 128 + signal); with --state, FILE.pending is rewritten when idle (at most once a
    /// second) and at exit.
    #[arg(short = 'F', long)]
    pub follow: bool,
    /// Make FILE.pending, written by a run with --state FILE, the committed state
    /// (atomically), and do nothing else. Run it after the pipeline succeeded.
    #[arg(long, value_name = "FILE", exclusive = true)]
    pub commit_state: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub csv_output: CsvOutputArgs,
    #[command(flatten)]
    pub bad_input: BadInputArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

impl Args {
    /// How lines become records, from the arguments.
    pub fn options(&self, program: &'static str) -> Result<Options> {
        let format = match (&self.regex, &self.pattern, self.format) {
            (Some(_), _, LogFormat::Auto | LogFormat::Regex) => LogFormat::Regex,
            (_, Some(_), LogFormat::Auto | LogFormat::Pattern) => LogFormat::Pattern,
            (None, _, LogFormat::Regex) => return Err(Error::usage("-f regex needs --regex")),
            (_, None, LogFormat::Pattern) => {
                return Err(Error::usage("-f pattern needs --pattern"))
            }
            (None, None, format) => format,
            _ => {
                return Err(Error::usage(
                    "--regex and --pattern go with -f regex or pattern",
                ))
            }
        };
        let multiline_start = match &self.multiline_start {
            Some(text) => Some(
                Regex::new(text).map_err(|e| Error::usage(format!("--multiline-start: {e}")))?,
            ),
            None => None,
        };
        Ok(Options {
            program,
            format: FormatSpec {
                format,
                regex: self.regex.clone(),
                pattern: self.pattern.clone(),
                year: self.year,
            },
            ts_rule: self.ts_field.clone().map(|field| TsRule {
                field,
                formats: self.ts_format.clone(),
            }),
            multiline_start,
            add_source: self.add_source,
            add_line: self.add_line,
            keep_unparsed: self.keep_unparsed,
            explain: self.explain,
            verbose: self.report.verbose,
        })
    }

    /// What to read: the inputs whole, or under --state (and --follow) from where
    /// `committed` left each file and its old files (then also the files, with the
    /// names the state knows them by, each once, and their rotation sets as the run
    /// begins). Following, a file not there yet is read once it appears.
    pub fn reads(&self, committed: Option<&State>) -> Result<Reads> {
        let sources: Vec<Source> = if self.files.is_empty() {
            vec![Source::Stdin]
        } else {
            self.files.iter().map(|f| Source::from_arg(f)).collect()
        };
        let nothing_known = State::default();
        let committed = match committed {
            Some(committed) => committed,
            None if self.follow => &nothing_known,
            None => {
                let reads = sources.into_iter().map(Read::Whole).collect();
                return Ok((reads, Vec::new(), Vec::new()));
            }
        };
        let mut reads = Vec::new();
        let mut files: Vec<Named> = Vec::new();
        let mut sets = Vec::new();
        for source in sources {
            let Source::File(path) = source else {
                return Err(Error::usage(if self.follow {
                    "--follow needs files: stdin is read as it comes anyway"
                } else {
                    "--state needs files: stdin has no position to keep"
                }));
            };
            let absolute =
                std::path::absolute(&path).map_err(|e| Error::io(path.display().to_string(), e))?;
            let name = absolute.to_string_lossy().into_owned();
            // One place in the state per file: a file named twice is read once.
            if files.iter().any(|file| file.name == name) {
                continue;
            }
            let known = committed.get(&name);
            if !(self.follow && known.is_none() && !path.exists()) {
                let (planned, set) = state::plan(&path, &name, known)?;
                reads.extend(planned.into_iter().map(|planned| Read::Tracked {
                    name: name.clone(),
                    planned,
                }));
                sets.push(set);
            }
            files.push(Named { name, path });
        }
        Ok((reads, files, sets))
    }
}

/// What [`Args::reads`] plans: the reads, the files named and their rotation sets.
pub type Reads = (Vec<Read>, Vec<Named>, Vec<SetReading>);

impl CommandArgs for Args {
    const ROLE: Role = Role::Source;

    /// Lines that do not parse are skipped and reported unless --on-error fail; the
    /// output is NDJSON unless -O says otherwise.
    fn definition() -> clap::Command {
        <Args as clap::CommandFactory>::command()
            .mut_arg("on_error", |arg| {
                arg.default_value("skip").help(
                    "What to do with a line that does not parse: skip (the default) counts \
                     it and reports it at the end; fail stops with exit status 1",
                )
            })
            .mut_arg("output_format", |arg| {
                arg.help("Output format (default: ndjson)")
            })
    }

    fn report(&self) -> &ReportArgs {
        &self.report
    }

    fn policy(&self) -> Policy {
        self.bad_input.policy()
    }
}
