//! Syslog lines, the form detected per line: RFC 5424
//! (`<34>1 2003-10-11T22:14:15.003Z host app 42 ID47 [sd@1 a="b"] msg`), RFC 3164
//! (`<34>Oct 11 22:14:15 host su[42]: msg`), and the BSD lines of /var/log/syslog and
//! auth.log, which have no `<PRI>` (and, from rsyslog's high-precision template, may
//! have an RFC 3339 time).
//!
//! Every line gives the same fields: `pri, facility, severity, ts, host, app, pid,
//! msgid, structured_data, msg`; what a form lacks is null. An RFC 3164 time has no
//! year and no zone: it is local time (`TZ`), in `--year` or the current year, moved
//! back a year when that would put it more than a day in the future (a December line
//! read in January), as rsyslog does.

use chrono::{DateTime, Datelike, Local, NaiveDateTime, TimeZone};
use serde_json::{Map, Value as Json};

use super::fields::Fields;
use super::scan::{integer, Mismatch, Parsed, Scan};
use crate::time;

const FACILITIES: [&str; 24] = [
    "kern",
    "user",
    "mail",
    "daemon",
    "auth",
    "syslog",
    "lpr",
    "news",
    "uucp",
    "cron",
    "authpriv",
    "ftp",
    "ntp",
    "security",
    "console",
    "solaris-cron",
    "local0",
    "local1",
    "local2",
    "local3",
    "local4",
    "local5",
    "local6",
    "local7",
];
const SEVERITIES: [&str; 8] = [
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
];

pub struct Syslog {
    /// The year of RFC 3164 times, if given.
    year: Option<i32>,
    now: DateTime<Local>,
    /// The last RFC 3164 time text and its RFC 3339 form.
    last_time: (String, String),
}

impl Syslog {
    pub fn new(year: Option<i32>) -> Syslog {
        Syslog::at(year, Local::now())
    }

    fn at(year: Option<i32>, now: DateTime<Local>) -> Syslog {
        Syslog {
            year,
            now,
            last_time: (String::new(), String::new()),
        }
    }

    pub fn parse(&mut self, line: &str, fields: &mut Fields) -> Parsed {
        let mut scan = Scan::new(line);
        let pri = priority(&mut scan)?;
        if let Some(version_len) = version(scan.rest()) {
            scan.pos += version_len;
            return rfc5424(scan, pri, fields);
        }
        self.rfc3164(scan, pri, fields)
    }

    fn rfc3164(&mut self, mut scan: Scan, pri: Option<u8>, fields: &mut Fields) -> Parsed {
        let ts = if scan
            .rest()
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_digit)
        {
            let at = scan.pos;
            let text = scan.token("a time")?;
            let t = time::parse(text)
                .filter(|_| text.contains('T'))
                .ok_or_else(|| Mismatch::new(at, "a time like Oct 11 22:14:15"))?;
            time::to_rfc3339_utc(&t)
        } else {
            let text = scan.rest().get(..15).unwrap_or("");
            // The cache starts empty, and "" (a line too short for a time) is no time.
            if self.last_time.0 != text || text.is_empty() {
                let ts = self
                    .bsd_time(text)
                    .ok_or_else(|| scan.fail::<()>("a time like Oct 11 22:14:15").unwrap_err())?;
                self.last_time = (text.to_owned(), ts);
            }
            scan.pos += 15;
            self.last_time.1.clone()
        };
        scan.expect(b' ', "a space after the time")?;
        scan.skip_spaces();
        let word = scan.token("the host name")?;
        let (host, app, pid, msg) = if word.contains('[') {
            // No host: the word after the time is already the tag (`su[42]:`).
            let (app, pid, msg) = tag_and_message(&scan.line[scan.pos - word.len()..]);
            (None, app, pid, msg)
        } else if let Some(host) = word.strip_suffix(':') {
            // `avas: last message repeated 11 times`: a host and no tag.
            let msg = scan.rest().strip_prefix(' ').unwrap_or(scan.rest());
            (Some(host), None, None, msg)
        } else {
            let rest = scan.rest().strip_prefix(' ').unwrap_or(scan.rest());
            let (app, pid, msg) = tag_and_message(rest);
            (Some(word), app, pid, msg)
        };
        put_priority(fields, pri);
        fields.text("ts", &ts);
        fields.text_or_null("host", host);
        fields.text_or_null("app", app);
        put_pid(fields, pid);
        fields.null("msgid");
        fields.null("structured_data");
        fields.text("msg", msg);
        Ok(())
    }

    /// `Oct 11 22:14:15` (or `Mar  7 …`) in local time, with the year rule.
    fn bsd_time(&self, text: &str) -> Option<String> {
        let year = self.year.unwrap_or(self.now.year());
        let naive = |year: i32| -> Option<NaiveDateTime> {
            let date = format!("{year} {text}");
            NaiveDateTime::parse_from_str(&date, "%Y %b %e %H:%M:%S").ok()
        };
        let local = |naive: NaiveDateTime| Local.from_local_datetime(&naive).earliest();
        let mut t = local(naive(year)?)?;
        if self.year.is_none() && t > self.now + chrono::Duration::days(1) {
            t = local(naive(year - 1)?)?;
        }
        Some(time::to_rfc3339_utc(&t.fixed_offset()))
    }
}

/// `<PRI>`, 0 to 191, if present.
fn priority(scan: &mut Scan) -> Result<Option<u8>, Mismatch> {
    if !scan.eat(b'<') {
        return Ok(None);
    }
    let at = scan.pos;
    let len = scan.rest().bytes().take_while(u8::is_ascii_digit).count();
    let digits = &scan.rest()[..len];
    match digits.parse::<u8>() {
        Ok(pri) if pri <= 191 && len <= 3 => {
            scan.pos += len;
            scan.expect(b'>', "'>' after the priority")?;
            Ok(Some(pri))
        }
        _ => Err(Mismatch::new(at, "a priority from 0 to 191")),
    }
}

/// The length of an RFC 5424 `VERSION SP` at the start of `rest`, if there is one:
/// one or two digits, a space, then a time or `-`.
fn version(rest: &str) -> Option<usize> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest.as_bytes().get(digits + 1);
    let looks_like = (1..=2).contains(&digits)
        && rest.as_bytes().get(digits) == Some(&b' ')
        && (after.is_some_and(u8::is_ascii_digit) || after == Some(&b'-'));
    looks_like.then_some(digits + 1)
}

fn put_priority(fields: &mut Fields, pri: Option<u8>) {
    match pri {
        Some(pri) => {
            fields.json("pri", &pri.to_string());
            fields.text("facility", FACILITIES[pri as usize / 8]);
            fields.text("severity", SEVERITIES[pri as usize % 8]);
        }
        None => {
            fields.null("pri");
            fields.null("facility");
            fields.null("severity");
        }
    }
}

/// A process id is a number when it is one (`1234`), else text (`worker-3`).
fn put_pid(fields: &mut Fields, pid: Option<&str>) {
    match pid {
        Some(pid) => match integer(pid) {
            Some(number) if number == pid => fields.json("pid", number),
            _ => fields.text("pid", pid),
        },
        None => fields.null("pid"),
    }
}

/// `app[pid]: msg`, `app: msg`, or a message with no tag at all.
fn tag_and_message(rest: &str) -> (Option<&str>, Option<&str>, &str) {
    let end = rest.find([':', '[', ' ']).unwrap_or(rest.len());
    let app = &rest[..end];
    let after = &rest[end..];
    if !app.is_empty() {
        if let Some(after) = after.strip_prefix(':') {
            return (Some(app), None, after.strip_prefix(' ').unwrap_or(after));
        }
        if let Some(bracketed) = after.strip_prefix('[') {
            if let Some((pid, msg)) = bracketed.split_once("]:") {
                return (Some(app), Some(pid), msg.strip_prefix(' ').unwrap_or(msg));
            }
        }
    }
    (None, None, rest)
}

fn rfc5424(mut scan: Scan, pri: Option<u8>, fields: &mut Fields) -> Parsed {
    let at = scan.pos;
    let ts = match scan.token("a time or -")? {
        "-" => None,
        text => Some(
            time::parse(text)
                .filter(|_| text.contains('T'))
                .map(|t| time::to_rfc3339_utc(&t))
                .ok_or_else(|| Mismatch::new(at, "an RFC 3339 time or -"))?,
        ),
    };
    let mut word = |what: &'static str| -> Result<Option<&str>, Mismatch> {
        scan.expect(b' ', what)?;
        Ok(Some(scan.token(what)?).filter(|w| *w != "-"))
    };
    let host = word("the host name or -")?;
    let app = word("the app name or -")?;
    let pid = word("the process id or -")?;
    let msgid = word("the message id or -")?;
    scan.expect(b' ', "a space before the structured data")?;
    let structured = structured_data(&mut scan)?;
    let msg = match scan.peek() {
        None => None,
        Some(b' ') => Some(scan.rest()[1..].trim_start_matches('\u{feff}')),
        Some(_) => return scan.fail("a space before the message"),
    };
    put_priority(fields, pri);
    fields.text_or_null("ts", ts.as_deref());
    fields.text_or_null("host", host);
    fields.text_or_null("app", app);
    put_pid(fields, pid);
    fields.text_or_null("msgid", msgid);
    match structured {
        Some(sd) => fields.json("structured_data", &Json::Object(sd).to_string()),
        None => fields.null("structured_data"),
    }
    fields.text_or_null("msg", msg.filter(|m| !m.is_empty()));
    Ok(())
}

/// `-` or `[id name="value" …]…` as `{"id": {"name": "value"}}`.
fn structured_data(scan: &mut Scan) -> Result<Option<Map<String, Json>>, Mismatch> {
    if scan.eat(b'-') {
        return Ok(None);
    }
    let mut elements = Map::new();
    while scan.eat(b'[') {
        let id_len = scan
            .rest()
            .find([' ', ']'])
            .ok_or_else(|| Mismatch::new(scan.line.len(), "']' after the structured data"))?;
        let id = &scan.rest()[..id_len];
        if id.is_empty() {
            return scan.fail("a structured data id");
        }
        scan.pos += id_len;
        let mut params = Map::new();
        while scan.eat(b' ') {
            let name = scan.until(b'=', "'=' after a parameter name")?;
            scan.expect(b'"', "'\"' before a parameter value")?;
            params.insert(name.to_owned(), Json::String(param_value(scan)?));
        }
        scan.expect(b']', "']' after the structured data")?;
        elements.insert(id.to_owned(), Json::Object(params));
    }
    if elements.is_empty() {
        return scan.fail("structured data ([id …]) or -");
    }
    Ok(Some(elements))
}

/// A parameter value up to its closing quote; `\"`, `\\` and `\]` are escapes.
fn param_value(scan: &mut Scan) -> Result<String, Mismatch> {
    let mut value = String::new();
    let mut chars = scan.rest().char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                scan.pos += i + 1;
                return Ok(value);
            }
            '\\' => match chars.next() {
                Some((_, next @ ('"' | '\\' | ']'))) => value.push(next),
                Some((_, next)) => {
                    value.push('\\');
                    value.push(next);
                }
                None => value.push('\\'),
            },
            c => value.push(c),
        }
    }
    Err(Mismatch::new(scan.line.len(), "a closing '\"'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::fields::record_json;
    use chrono::NaiveDate;

    /// A fixed "now" for tests of the year rule.
    fn fixed_now(text: &str) -> DateTime<Local> {
        let naive = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        Local.from_local_datetime(&naive).unwrap()
    }

    fn parse(syslog: &mut Syslog, line: &str) -> Result<String, Mismatch> {
        record_json(|fields| syslog.parse(line, fields))
    }

    // The tests run with the process's zone; these cases are written for UTC and
    // skip themselves elsewhere (the CLI tests set TZ).
    fn utc() -> bool {
        Local::now().offset().local_minus_utc() == 0
    }

    #[test]
    fn rfc5424_lines() {
        let mut syslog = Syslog::new(None);
        assert_eq!(
            parse(&mut syslog, r#"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventID="1011"][x@1 a="q\"\]"] BOMAn application event"#).unwrap(),
            r#"{"pri":165,"facility":"local4","severity":"notice","ts":"2003-10-11T22:14:15.003Z","host":"mymachine.example.com","app":"evntslog","pid":null,"msgid":"ID47","structured_data":{"exampleSDID@32473":{"iut":"3","eventID":"1011"},"x@1":{"a":"q\"]"}},"msg":"BOMAn application event"}"#
        );
        assert_eq!(
            parse(
                &mut syslog,
                "<34>1 2003-10-11T22:14:15.003-07:00 - su 1234 - -"
            )
            .unwrap(),
            r#"{"pri":34,"facility":"auth","severity":"crit","ts":"2003-10-12T05:14:15.003Z","host":null,"app":"su","pid":1234,"msgid":null,"structured_data":null,"msg":null}"#
        );
        assert_eq!(
            parse(
                &mut syslog,
                "<190)1 2003-10-11T22:14:15.003Z host app - - - x"
            ),
            Err(Mismatch::new(4, "'>' after the priority"))
        );
        assert_eq!(
            parse(&mut syslog, "<34>1 203-10-11T22:14:15Z host app - - - x"),
            Err(Mismatch::new(6, "an RFC 3339 time or -"))
        );
        assert_eq!(
            parse(&mut syslog, "<999>1 - - - - - -"),
            Err(Mismatch::new(1, "a priority from 0 to 191"))
        );
    }

    #[test]
    fn rfc3164_and_bsd_lines() {
        if !utc() {
            return;
        }
        let mut syslog = Syslog::at(None, fixed_now("2024-06-20"));
        assert_eq!(
            parse(
                &mut syslog,
                "<34>Oct 11 22:14:15 mymachine su: 'su root' failed"
            )
            .unwrap(),
            r#"{"pri":34,"facility":"auth","severity":"crit","ts":"2023-10-11T22:14:15Z","host":"mymachine","app":"su","pid":null,"msgid":null,"structured_data":null,"msg":"'su root' failed"}"#
        );
        assert_eq!(
            parse(
                &mut syslog,
                "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown"
            )
            .unwrap(),
            r#"{"pri":null,"facility":null,"severity":null,"ts":"2024-06-14T15:16:01Z","host":"combo","app":"sshd(pam_unix)","pid":19939,"msgid":null,"structured_data":null,"msg":"check pass; user unknown"}"#
        );
        assert_eq!(
            parse(
                &mut syslog,
                "Mar  7 04:02:16 avas last message repeated 11 times"
            )
            .unwrap(),
            r#"{"pri":null,"facility":null,"severity":null,"ts":"2024-03-07T04:02:16Z","host":"avas","app":null,"pid":null,"msgid":null,"structured_data":null,"msg":"last message repeated 11 times"}"#
        );
        assert_eq!(
            parse(
                &mut syslog,
                "2024-06-14T15:16:01.5+02:00 web1 CRON[7]: (root) CMD (x)"
            )
            .unwrap(),
            r#"{"pri":null,"facility":null,"severity":null,"ts":"2024-06-14T13:16:01.500Z","host":"web1","app":"CRON","pid":7,"msgid":null,"structured_data":null,"msg":"(root) CMD (x)"}"#
        );
        assert_eq!(
            parse(&mut syslog, "<7>unparsable line"),
            Err(Mismatch::new(3, "a time like Oct 11 22:14:15"))
        );
        let mut given = Syslog::at(Some(2020), fixed_now("2024-06-20"));
        assert!(parse(&mut given, "Dec 31 23:59:59 h a: b")
            .unwrap()
            .contains(r#""ts":"2020-12-31T23:59:59Z""#));
    }

    #[test]
    fn new_year_rolls_back() {
        if !utc() {
            return;
        }
        let mut syslog = Syslog::at(None, fixed_now("2025-01-01"));
        assert!(parse(&mut syslog, "Dec 31 23:59:59 h a: b")
            .unwrap()
            .contains(r#""ts":"2024-12-31T23:59:59Z""#));
        assert!(parse(&mut syslog, "Jan  2 11:00:00 h a: b")
            .unwrap()
            .contains(r#""ts":"2025-01-02T11:00:00Z""#));
    }
}
