//! Apache/nginx access logs: the common format
//! `ip ident user [time] "request" status bytes` and the combined format, which adds
//! `"referer" "user_agent"`.
//!
//! An HTTP/0.9 request (`GET /`) has a null protocol.
//! `-` is null for ident, user and bytes; the referer keeps its `-` (it is what the
//! client sent). A request that is not `METHOD PATH PROTOCOL` (`"-"`, TLS bytes sent to
//! port 80) is kept whole in a `request` field with method, path and protocol null,
//! rather than losing the line. A combined line without referer and user agent (a
//! common line in a mixed file) has both null; anything after the last field (nginx's
//! `$request_time`, a virtual host) is kept in `extra`.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::fields::Fields;
use super::scan::{integer, Mismatch, Parsed, Scan};

pub struct AccessLog {
    combined: bool,
    /// The last `[time]` text and its RFC 3339 form: lines of one second share it.
    last_time: (String, String),
}

impl AccessLog {
    pub fn new(combined: bool) -> AccessLog {
        AccessLog {
            combined,
            last_time: (String::new(), String::new()),
        }
    }

    pub fn parse(&mut self, line: &str, fields: &mut Fields) -> Parsed {
        let mut scan = Scan::new(line);
        let ip = scan.token("the client address")?;
        scan.expect(b' ', "a space after the client address")?;
        let ident = scan.token("the identity (or -)")?;
        scan.expect(b' ', "a space after the identity")?;
        let user = scan.token("the user (or -)")?;
        scan.expect(b' ', "a space after the user")?;
        scan.expect(b'[', "'[' before the time")?;
        let time_at = scan.pos;
        let time = scan.until(b']', "']' after the time")?;
        if self.last_time.0 != time {
            let parsed = apache_time(time)
                .ok_or_else(|| Mismatch::new(time_at, "a time like 10/Oct/2000:13:55:36 -0700"))?;
            self.last_time = (time.to_owned(), parsed);
        }
        scan.expect(b' ', "a space after the time")?;
        let request = scan.quoted("'\"' before the request")?;
        scan.expect(b' ', "a space after the request")?;
        let status_at = scan.pos;
        let status = integer(scan.token("the status")?)
            .filter(|s| s.len() == 3)
            .ok_or_else(|| Mismatch::new(status_at, "a three-digit status"))?;
        scan.expect(b' ', "a space after the status")?;
        let bytes_at = scan.pos;
        let bytes = match scan.token("the size in bytes (or -)")? {
            "-" => None,
            digits => Some(
                integer(digits)
                    .ok_or_else(|| Mismatch::new(bytes_at, "the size in bytes (or -)"))?,
            ),
        };
        let mut referer_agent = None;
        if self.combined && scan.peek() == Some(b' ') && scan.rest()[1..].starts_with('"') {
            scan.pos += 1;
            let referer = scan.quoted("'\"' before the referer")?;
            scan.expect(b' ', "a space after the referer")?;
            let agent = scan.quoted("'\"' before the user agent")?;
            referer_agent = Some((referer, agent));
        } else if self.combined && scan.rest().trim_end().is_empty() {
            // A common line in a combined log: no referer or user agent sent.
        } else if self.combined {
            return Err(Mismatch::new(scan.pos, "' \"' before the referer"));
        }
        let extra = scan.rest().trim();
        if !extra.is_empty() && !scan.rest().starts_with(' ') {
            return Err(Mismatch::new(scan.pos, "a space or the end of the line"));
        }

        fields.text("ip", ip);
        fields.text_or_null("ident", dash_is_null(ident));
        fields.text_or_null("user", dash_is_null(user));
        fields.text("ts", &self.last_time.1);
        match split_request(&request) {
            Some((method, path, protocol)) => {
                fields.text("method", method);
                fields.text("path", path);
                fields.text_or_null("protocol", protocol);
            }
            None => {
                fields.text("request", &request);
                fields.null("method");
                fields.null("path");
                fields.null("protocol");
            }
        }
        fields.json("status", status);
        match bytes {
            Some(bytes) => fields.json("bytes", bytes),
            None => fields.null("bytes"),
        }
        if self.combined {
            match &referer_agent {
                Some((referer, agent)) => {
                    fields.text("referer", referer);
                    fields.text("user_agent", agent);
                }
                None => {
                    fields.null("referer");
                    fields.null("user_agent");
                }
            }
        }
        if !extra.is_empty() {
            fields.text("extra", extra);
        }
        Ok(())
    }
}

fn dash_is_null(text: &str) -> Option<&str> {
    (text != "-").then_some(text)
}

/// `GET /a b HTTP/1.1` → method, path, protocol; an HTTP/0.9 `GET /` has no protocol.
/// `None` when the request is not of that shape. The path may hold spaces (a client
/// that did not encode them).
fn split_request(request: &str) -> Option<(&str, &str, Option<&str>)> {
    let space = memchr::memchr(b' ', request.as_bytes())?;
    let (method, rest) = (&request[..space], &request[space + 1..]);
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let (path, protocol) = match memchr::memrchr(b' ', rest.as_bytes()) {
        Some(at) if rest[at + 1..].starts_with("HTTP") && rest[at + 1..].contains('/') => {
            (&rest[..at], Some(&rest[at + 1..]))
        }
        _ => (rest, None),
    };
    (!path.is_empty()).then_some((method, path, protocol))
}

/// `10/Oct/2000:13:55:36 -0700` (a one-digit day too) as RFC 3339 in UTC. Written by
/// hand: chrono's format parser is the slowest step of a log line otherwise.
fn apache_time(text: &str) -> Option<String> {
    let (day, rest) = text.split_once('/')?;
    let (month, rest) = rest.split_once('/')?;
    let (year, rest) = rest.split_once(':')?;
    let (clock, offset) = rest.split_once(' ')?;
    let month = match month {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let number = |t: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let date = NaiveDate::from_ymd_opt(number(year, 4..=4)? as i32, month, number(day, 1..=2)?)?;
    let mut parts = clock.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let local: NaiveDateTime =
        date.and_hms_opt(number(h, 2..=2)?, number(m, 2..=2)?, number(s, 2..=2)?)?;
    let sign = match offset.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let zone = number(&offset[1..], 4..=4)? as i64;
    let seconds = sign * ((zone / 100) * 3600 + (zone % 100) * 60);
    let utc = local - chrono::Duration::seconds(seconds);
    // Written by hand too: chrono's formatter interprets its format string every time.
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        utc.year(),
        utc.month(),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn parse(combined: bool, line: &str) -> Result<String, Mismatch> {
        let mut fields = Fields::default();
        AccessLog::new(combined).parse(line, &mut fields)?;
        let mut record = Record::default();
        fields.finish(&mut record);
        Ok(record.to_json_line())
    }

    #[test]
    fn combined_lines() {
        let cases = [
            (
                r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#,
                r#"{"ip":"127.0.0.1","ident":null,"user":"frank","ts":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","status":200,"bytes":2326,"referer":"http://www.example.com/start.html","user_agent":"Mozilla/4.08 [en] (Win98; I ;Nav)"}"#,
            ),
            (
                r#"2001:db8::1 - - [1/Feb/2024:00:00:01 +0100] "GET /q?a=\"x\" HTTP/2.0" 304 - "-" "curl \"7\"" 0.002"#,
                r#"{"ip":"2001:db8::1","ident":null,"user":null,"ts":"2024-01-31T23:00:01Z","method":"GET","path":"/q?a=\"x\"","protocol":"HTTP/2.0","status":304,"bytes":null,"referer":"-","user_agent":"curl \"7\"","extra":"0.002"}"#,
            ),
            (
                r#"10.0.0.9 - - [01/Feb/2024:00:00:01 +0000] "\x16\x03\x01\x00\xa5\x01" 400 0 "-" "-""#,
                r#"{"ip":"10.0.0.9","ident":null,"user":null,"ts":"2024-02-01T00:00:01Z","request":"\\x16\\x03\\x01\\x00\\xa5\\x01","method":null,"path":null,"protocol":null,"status":400,"bytes":0,"referer":"-","user_agent":"-"}"#,
            ),
            (
                r#"10.0.0.9 - - [01/Feb/2024:00:00:01 +0000] "-" 408 0"#,
                r#"{"ip":"10.0.0.9","ident":null,"user":null,"ts":"2024-02-01T00:00:01Z","request":"-","method":null,"path":null,"protocol":null,"status":408,"bytes":0,"referer":null,"user_agent":null}"#,
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(parse(true, line).as_deref(), Ok(expected), "{line}");
        }
    }

    #[test]
    fn common_lines_and_mismatches() {
        assert_eq!(
            parse(
                false,
                r#"1.2.3.4 - bob [10/Oct/2000:13:55:36 +0000] "POST /login HTTP/1.1" 302 0"#
            )
            .unwrap(),
            r#"{"ip":"1.2.3.4","ident":null,"user":"bob","ts":"2000-10-10T13:55:36Z","method":"POST","path":"/login","protocol":"HTTP/1.1","status":302,"bytes":0}"#
        );
        let bad = [
            ("hello", 5, "a space after the client address"),
            (r#"1.2.3.4 - - 10/Oct/2000"#, 12, "'[' before the time"),
            (
                r#"1.2.3.4 - - [10/Okt/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1"#,
                13,
                "a time like 10/Oct/2000:13:55:36 -0700",
            ),
            (
                r#"1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" OK 1"#,
                58,
                "a three-digit status",
            ),
            (
                r#"1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1 200 1"#,
                62,
                "a closing '\"'",
            ),
        ];
        for (line, at, expected) in bad {
            assert_eq!(
                parse(true, line),
                Err(Mismatch::new(at, expected)),
                "{line}"
            );
        }
    }
}
