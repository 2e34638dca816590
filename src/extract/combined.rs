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

use super::access_time;
use super::fields::Fields;
use super::scan::{integer, Mismatch, Parsed, Scan};
use crate::record::RawRow;

pub struct AccessLog {
    combined: bool,
    /// The last `[time]` text and its RFC 3339 form: lines of one second share it.
    last_time: (String, String),
    /// Where a new time is written before it is known to be valid.
    next_time: String,
}

impl AccessLog {
    pub fn new(combined: bool) -> AccessLog {
        AccessLog {
            combined,
            last_time: (String::new(), String::new()),
            next_time: String::new(),
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
        // (Before any time is known, an empty `[]` must not match the empty cache.)
        if self.last_time.0 != time || self.last_time.1.is_empty() {
            self.next_time.clear();
            if !access_time::push_rfc3339(time, &mut self.next_time) {
                return Err(Mismatch::new(
                    time_at,
                    "a time like 10/Oct/2000:13:55:36 -0700",
                ));
            }
            std::mem::swap(&mut self.last_time.1, &mut self.next_time);
            self.last_time.0.clear();
            self.last_time.0.push_str(time);
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

        let parts = Parts {
            ip,
            ident: dash_is_null(ident),
            user: dash_is_null(user),
            ts: &self.last_time.1,
            request: &request,
            split: split_request(&request),
            status,
            bytes,
            referer_agent: referer_agent.as_ref().map(|(r, a)| (&**r, &**a)),
        };
        match fields.literal_row(parts.names(self.combined)) {
            Some(row) => parts.write(row, self.combined),
            None => parts.write(fields, self.combined),
        }
        if !extra.is_empty() {
            fields.text("extra", extra);
        }
        Ok(())
    }
}

/// The fields of a line that parsed, before they are written.
struct Parts<'a> {
    ip: &'a str,
    ident: Option<&'a str>,
    user: Option<&'a str>,
    ts: &'a str,
    request: &'a str,
    split: Option<(&'a str, &'a str, Option<&'a str>)>,
    status: &'a str,
    bytes: Option<&'a str>,
    referer_agent: Option<(&'a str, &'a str)>,
}

/// A field's name and the JSON text before its value in the row (`"ip":` first,
/// then `,"name":`).
#[derive(Clone, Copy)]
struct Key {
    name: &'static str,
    text: &'static str,
}

macro_rules! key {
    ($name:literal) => {
        Key {
            name: $name,
            text: concat!(",\"", $name, "\":"),
        }
    };
}

const IP: Key = Key {
    name: "ip",
    text: "\"ip\":",
};
const IDENT: Key = key!("ident");
const USER: Key = key!("user");
const TS: Key = key!("ts");
const REQUEST: Key = key!("request");
const METHOD: Key = key!("method");
const PATH: Key = key!("path");
const PROTOCOL: Key = key!("protocol");
const STATUS: Key = key!("status");
const BYTES: Key = key!("bytes");
const REFERER: Key = key!("referer");
const USER_AGENT: Key = key!("user_agent");

/// The names `Parts::write` writes, by whether the line is combined and whether the
/// request split into method, path and protocol.
const COMMON_NAMES: &[&str] = &[
    "ip", "ident", "user", "ts", "method", "path", "protocol", "status", "bytes",
];
const COMMON_REQUEST_NAMES: &[&str] = &[
    "ip", "ident", "user", "ts", "request", "method", "path", "protocol", "status", "bytes",
];
const COMBINED_NAMES: &[&str] = &[
    "ip",
    "ident",
    "user",
    "ts",
    "method",
    "path",
    "protocol",
    "status",
    "bytes",
    "referer",
    "user_agent",
];
const COMBINED_REQUEST_NAMES: &[&str] = &[
    "ip",
    "ident",
    "user",
    "ts",
    "request",
    "method",
    "path",
    "protocol",
    "status",
    "bytes",
    "referer",
    "user_agent",
];

/// Where the fields of a line are written: `Fields`, by name, or straight into the
/// record's row with the keys as constant text (see `Fields::literal_row`).
trait Sink {
    fn text(&mut self, key: Key, value: &str);
    fn json(&mut self, key: Key, json: &str);

    fn null(&mut self, key: Key) {
        self.json(key, "null");
    }

    fn text_or_null(&mut self, key: Key, value: Option<&str>) {
        match value {
            Some(value) => self.text(key, value),
            None => self.null(key),
        }
    }
}

impl Sink for Fields {
    fn text(&mut self, key: Key, value: &str) {
        Fields::text(self, key.name, value);
    }

    fn json(&mut self, key: Key, json: &str) {
        Fields::json(self, key.name, json);
    }
}

impl Sink for RawRow {
    #[inline]
    fn text(&mut self, key: Key, value: &str) {
        self.push_key_text(key.text);
        self.push_string(value);
    }

    #[inline]
    fn json(&mut self, key: Key, json: &str) {
        self.push_key_text(key.text);
        self.push_value(json);
    }
}

impl Parts<'_> {
    fn names(&self, combined: bool) -> &'static [&'static str] {
        match (combined, self.split.is_some()) {
            (false, true) => COMMON_NAMES,
            (false, false) => COMMON_REQUEST_NAMES,
            (true, true) => COMBINED_NAMES,
            (true, false) => COMBINED_REQUEST_NAMES,
        }
    }

    /// Writes the fields `names` gives, in that order.
    fn write(&self, sink: &mut impl Sink, combined: bool) {
        sink.text(IP, self.ip);
        sink.text_or_null(IDENT, self.ident);
        sink.text_or_null(USER, self.user);
        sink.text(TS, self.ts);
        match self.split {
            Some((method, path, protocol)) => {
                sink.text(METHOD, method);
                sink.text(PATH, path);
                sink.text_or_null(PROTOCOL, protocol);
            }
            None => {
                sink.text(REQUEST, self.request);
                sink.null(METHOD);
                sink.null(PATH);
                sink.null(PROTOCOL);
            }
        }
        sink.json(STATUS, self.status);
        match self.bytes {
            Some(bytes) => sink.json(BYTES, bytes),
            None => sink.null(BYTES),
        }
        if combined {
            match self.referer_agent {
                Some((referer, agent)) => {
                    sink.text(REFERER, referer);
                    sink.text(USER_AGENT, agent);
                }
                None => {
                    sink.null(REFERER);
                    sink.null(USER_AGENT);
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::TsRule;
    use crate::record::{Record, Values};

    /// The record of `line`, written straight into its row; the same as when written
    /// field by field (as with a `--ts-field`, here one the line does not have).
    fn parse(combined: bool, line: &str) -> Result<String, Mismatch> {
        let direct = parse_with(combined, line, Fields::default())?;
        let rule = TsRule {
            field: "none".into(),
            formats: Vec::new(),
        };
        let by_name = parse_with(combined, line, Fields::new(Some(rule)))?;
        assert_eq!(direct, by_name, "{line}");
        Ok(direct)
    }

    fn parse_with(combined: bool, line: &str, mut fields: Fields) -> Result<String, Mismatch> {
        AccessLog::new(combined).parse(line, &mut fields)?;
        let mut record = Record::default();
        fields.finish(&mut record);
        Ok(checked_json(&record))
    }

    /// The record as JSON, from its header and values; the row's text, which the
    /// NDJSON writer copies whole, must be the same.
    fn checked_json(record: &Record) -> String {
        let json = record.to_json_line();
        match record.values() {
            Values::Raw(row) => {
                assert!(row.is_object());
                assert_eq!(row.line(), json);
            }
            _ => panic!("not a raw row"),
        }
        json
    }

    /// Lines of every shape in turn through one parser and one `Fields`, as in a file
    /// that mixes them: each record is the one the line gives alone.
    #[test]
    fn shapes_in_turn() {
        let lines = [
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2 "-" "curl""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "-" 408 0 "-" "-""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2 "-" "curl" 0.1"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "" 400 0 x"#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2 "-" "curl""#,
        ];
        for combined in [true, false] {
            for rule in [None, Some("ts"), Some("none")] {
                let rule = rule.map(|field| TsRule {
                    field: field.into(),
                    formats: Vec::new(),
                });
                let mut parser = AccessLog::new(combined);
                let mut fields = Fields::new(rule);
                let mut record = Record::default();
                for _ in 0..2 {
                    for line in lines {
                        let alone = parse(combined, line);
                        match parser.parse(line, &mut fields) {
                            Ok(()) => {
                                fields.finish(&mut record);
                                assert_eq!(Ok(checked_json(&record)), alone, "{line}");
                            }
                            Err(mismatch) => {
                                fields.clear();
                                assert_eq!(Err(mismatch), alone, "{line}");
                            }
                        }
                    }
                }
            }
        }
    }

    /// What is escaped in the JSON text: quotes and backslashes (after the log's own
    /// `\"` and `\\` are undone), control characters; other characters, the
    /// replacement character that stands for invalid UTF-8 and backslashes the log
    /// did not escape are kept.
    #[test]
    fn escaped_text() {
        let cases = [
            (
                "1.2.3.4 - jos\u{e9} [10/Oct/2000:13:55:36 -0700] \"GET /caf\u{e9}/\u{fffd}\u{1}x HTTP/1.1\" 200 2 \"\\\"q\\\" \\\\ \\x\" \"a\tb\u{7f}\u{2028}\"",
                "{\"ip\":\"1.2.3.4\",\"ident\":null,\"user\":\"jos\u{e9}\",\"ts\":\"2000-10-10T20:55:36Z\",\"method\":\"GET\",\"path\":\"/caf\u{e9}/\u{fffd}\\u0001x\",\"protocol\":\"HTTP/1.1\",\"status\":200,\"bytes\":2,\"referer\":\"\\\"q\\\" \\\\ \\\\x\",\"user_agent\":\"a\\tb\u{7f}\u{2028}\"}",
            ),
            (
                "\"q\" \\ \u{1b} [1/Jan/2024:00:00:00 +0530] \"GET /\" 200 007",
                "{\"ip\":\"\\\"q\\\"\",\"ident\":\"\\\\\",\"user\":\"\\u001b\",\"ts\":\"2023-12-31T18:30:00Z\",\"method\":\"GET\",\"path\":\"/\",\"protocol\":null,\"status\":200,\"bytes\":7,\"referer\":null,\"user_agent\":null}",
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(parse(true, line).as_deref(), Ok(expected), "{line}");
        }
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
                r#"1.2.3.4 - - [] "GET / HTTP/1.1" 200 1"#,
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
