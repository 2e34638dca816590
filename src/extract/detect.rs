//! Which format a file is in (`-f auto`), from its first lines. A format is chosen
//! only when nearly every sampled line parses as it *with its own evidence*: a
//! parser that accepts a line is not enough, since logfmt reads any sentence as bare
//! keys and BSD syslog reads any word after a time as a host. A sample no format
//! fits is refused with what each format read, never guessed.

use std::fmt;

use super::fields::Fields;
use super::{combined, syslog, LineFormat};
use crate::notice;
use crate::record::Record;

/// The formats tried, in the order that decides when two fit every line: the more
/// structure a format demands of a line, the earlier. (A syslog line whose message
/// is logfmt pairs fits logfmt too, with the time and host as bare keys.)
const CANDIDATES: [&str; 4] = ["json", "combined", "syslog", "logfmt"];

/// What detection found: the format chosen, if one fits, and how many sampled
/// lines each candidate read.
pub struct Detection {
    pub format: Option<LineFormat>,
    pub tally: Tally,
}

/// The sampled lines and what each format read of them, written best first:
/// `of 20 sampled lines, syslog reads 20, logfmt reads 3`.
pub struct Tally {
    lines: usize,
    reads: [usize; CANDIDATES.len()],
}

/// The format of `lines` (a file's first non-blank lines that start a record).
/// An access log is combined when any line has the referer and user agent, else
/// common.
pub fn detect(lines: &[&str], year: Option<i32>) -> Detection {
    let mut fields = Fields::default();
    let mut record = Record::default();
    let mut formats = [
        LineFormat::Json,
        LineFormat::Access(combined::AccessLog::new(true), "combined"),
        LineFormat::Syslog(syslog::Syslog::new(year)),
        LineFormat::Logfmt,
    ];
    let mut reads = [0; CANDIDATES.len()];
    let mut with_referer = false;
    for line in lines {
        for (format, reads) in formats.iter_mut().zip(&mut reads) {
            if format.parse(line, &mut fields).is_err() {
                continue;
            }
            fields.finish(&mut record);
            if has_evidence(format, line, &record) {
                *reads += 1;
                with_referer |= matches!(format, LineFormat::Access(..))
                    && record
                        .get_path("user_agent")
                        .is_some_and(|ua| !ua.is_null());
            }
        }
    }
    if !with_referer {
        formats[1] = LineFormat::Access(combined::AccessLog::new(false), "common");
    }
    let format = (formats.into_iter().zip(reads))
        .find(|(_, read)| fits(*read, lines.len()))
        .map(|(format, _)| format);
    Detection {
        format,
        tally: Tally {
            lines: lines.len(),
            reads,
        },
    }
}

/// Whether a format that read `read` of `lines` sampled lines fits them: all of one
/// or two lines, all but one of 3 to 19, and 90% of more.
fn fits(read: usize, lines: usize) -> bool {
    let misses = match lines {
        0..=2 => 0,
        _ => (lines / 10).max(1),
    };
    read > 0 && read + misses >= lines
}

/// Whether a line that parsed as `format` into `record` shows that format's marks
/// rather than being merely accepted by it.
fn has_evidence(format: &LineFormat, line: &str, record: &Record) -> bool {
    let text = |name: &str| {
        record
            .get_path(name)
            .filter(|value| !value.is_null())
            .and_then(|value| value.as_text())
    };
    match format {
        // A JSON object, or an address, a [time], a "request" and a status.
        LineFormat::Json | LineFormat::Access(..) => true,
        // `<PRI>` is mark enough; a line without one needs a tag (`sshd[42]:`) and,
        // if it has one, a host name that could be one.
        LineFormat::Syslog(_) => {
            line.starts_with('<')
                || text("app").is_some_and(|app| plausible_tag(&app))
                    && text("host").is_none_or(|host| plausible_host(&host))
        }
        // More `key=value` pairs than bare words: `level=info msg=x`, not a sentence
        // with an `=` in it.
        LineFormat::Logfmt => {
            let pairs = record.fields().filter(|(_, v)| !v.is_null()).count();
            pairs > record.len() - pairs
        }
        LineFormat::Regex(_) | LineFormat::Pattern(_) => true,
    }
}

/// Severity words that fill the place of the host in application logs
/// (`2024-01-01T15:00:00Z INFO …`).
const LEVEL_WORDS: [&str; 16] = [
    "trace", "debug", "info", "notice", "warn", "warning", "error", "err", "crit", "critical",
    "alert", "emerg", "fatal", "severe", "log", "fine",
];

/// A host name or address: letters, digits, `-`, `_`, `.` (or an IP address), with a
/// letter in it, and not a severity word.
fn plausible_host(host: &str) -> bool {
    if host.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    host.len() <= 253
        && host.bytes().any(|b| b.is_ascii_alphabetic())
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        && !LEVEL_WORDS.contains(&&*host.to_ascii_lowercase())
}

/// A program name as syslog tags give it: `sshd`, `CRON`, `systemd-logind`,
/// `com.apple.xpc.launchd`, `sshd(pam_unix)`, `/usr/sbin/cron`.
fn plausible_tag(tag: &str) -> bool {
    tag.len() <= 64
        && tag.bytes().any(|b| b.is_ascii_alphabetic())
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./()@+".contains(&b))
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |candidate| match candidate {
            "combined" => "combined/common",
            other => other,
        };
        let mut ranked: Vec<(&str, usize)> = CANDIDATES.into_iter().zip(self.reads).collect();
        ranked.sort_by_key(|&(_, read)| std::cmp::Reverse(read));
        ranked.retain(|&(_, read)| read > 0);
        let lines = notice::count(self.lines as u64, "sampled line");
        write!(f, "of {lines}, ")?;
        if ranked.is_empty() {
            let names: Vec<&str> = CANDIDATES.into_iter().map(name).collect();
            return write!(f, "none reads as {}", names.join(", "));
        }
        for (i, (candidate, read)) in ranked.into_iter().enumerate() {
            let separator = if i == 0 { "" } else { ", " };
            write!(f, "{separator}{} reads {read}", name(candidate))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detected(lines: &[&str]) -> Option<&'static str> {
        detect(lines, None).format.map(|f| f.name())
    }

    #[test]
    fn each_format_is_detected_from_lines_that_carry_its_marks() {
        let combined =
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2 "-" "curl""#;
        let common = r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2"#;
        assert_eq!(detected(&[combined, common]), Some("combined"));
        assert_eq!(detected(&[common, common]), Some("common"));
        assert_eq!(detected(&[r#"{"a":1}"#]), Some("json"));
        assert_eq!(
            detected(&[
                "Jun 14 15:16:01 combo sshd[1]: a=b c=d e=f g=h i=j k=l",
                "Jun 14 15:16:02 combo sshd[1]: closed",
                "<34>1 2003-10-11T22:14:15.003Z - - - - -",
            ]),
            Some("syslog")
        );
        assert_eq!(
            detected(&["level=info msg=x", "level=warn msg=\"y z\" flag"]),
            Some("logfmt")
        );
    }

    #[test]
    fn a_parser_that_merely_accepts_lines_is_not_chosen() {
        // Words are bare logfmt keys; a level word or a number is no host.
        assert_eq!(detected(&["just some words", "more"]), None);
        assert_eq!(
            detected(&["Start-Date: 2024-06-24  10:00:01", "x=1 y z"]),
            None
        );
        let level_as_host = [
            "2024-01-01T15:00:00Z INFO session_start=2024-01-01T10:30:00Z user=alice logged in",
            "2024-01-01T15:05:00Z WARN session_start=2024-01-01T14:00:00Z user=bob expired",
        ];
        assert_eq!(detected(&level_as_host), None);
        let mysql = [
            "2017-10-11T12:13:14.123456Z 0 [Note] mysqld: ready for connections.",
            "2017-10-11T12:13:15.123456Z 0 [Note] Event Scheduler: Loaded 0 events",
        ];
        assert_eq!(detected(&mysql), None);
        let python = ["2015-04-24T21:09:29.296 25376]INFO:somemodule:Something"; 2];
        assert_eq!(detected(&python), None);
        assert_eq!(detected(&[]), None);
        assert_eq!(
            detect(&["just some words"], None).tally.to_string(),
            "of 1 sampled line, none reads as json, combined/common, syslog, logfmt"
        );
    }

    #[test]
    fn nearly_every_line_must_fit() {
        let syslog = "Jun 14 15:16:01 combo sshd[1]: closed";
        let other = "Start-Date: 2024-06-24  10:00:01";
        assert_eq!(detected(&[syslog, other]), None);
        assert_eq!(detected(&[syslog, syslog, other]), Some("syslog"));
        let mut lines = vec![syslog; 18];
        lines.extend([other; 2]);
        assert_eq!(detected(&lines), Some("syslog"));
        lines.push(other);
        assert_eq!(detected(&lines), None);
        let detection = detect(&lines, None);
        assert_eq!(
            detection.tally.to_string(),
            "of 21 sampled lines, syslog reads 18"
        );
    }
}
