//! From Kafka messages to records: a value that is a JSON object becomes that record,
//! any other value `{"value": "<text>"}`; `--envelope` wraps each message as
//! `{topic, partition, offset, key, timestamp, headers, value}`.

use std::sync::Arc;

use chrono::{SecondsFormat, TimeZone, Utc};
use rdkafka::message::{Headers, Message};
use serde_json::Value as Json;

use crate::format::ndjson::{take_buffer, ObjectParser};
use crate::record::{Header, RawRow, Record, Values};

/// The fields of an envelope, in the order they are written.
pub const ENVELOPE_FIELDS: [&str; 7] = [
    "topic",
    "partition",
    "offset",
    "key",
    "timestamp",
    "headers",
    "value",
];

pub struct Decoder {
    parser: ObjectParser,
    value_header: Arc<Header>,
    envelope_header: Arc<Header>,
}

impl Default for Decoder {
    fn default() -> Decoder {
        Decoder {
            parser: ObjectParser::default(),
            value_header: Arc::new(Header::new(["value"])),
            envelope_header: Arc::new(Header::new(ENVELOPE_FIELDS)),
        }
    }
}

impl Decoder {
    /// The message's value as a record: the object itself, or `{"value": text}`.
    pub fn record(&mut self, message: &impl Message, record: &mut Record) {
        let payload = payload(message);
        if looks_like_object(payload) {
            let mut buffer = take_buffer(record);
            buffer.extend_from_slice(payload);
            if let Ok(line) = String::from_utf8(buffer) {
                if self.parser.parse(one_line(line), record).is_ok() {
                    return;
                }
            }
        }
        let text = String::from_utf8_lossy(payload).into_owned();
        *record = Record::new(
            self.value_header.clone(),
            Values::Json(vec![Json::String(text)]),
        );
    }

    /// The whole message as an envelope record.
    pub fn envelope(&mut self, message: &impl Message, record: &mut Record) {
        let (header, values) = record.parts_mut();
        if !Arc::ptr_eq(header, &self.envelope_header) {
            *header = self.envelope_header.clone();
        }
        if !matches!(values, Values::Raw(_)) {
            *values = Values::Raw(RawRow::default());
        }
        let Values::Raw(row) = values else {
            unreachable!()
        };
        row.clear();
        row.push_string(message.topic());
        row.push_value(&message.partition().to_string());
        row.push_value(&message.offset().to_string());
        match message.key() {
            Some(key) => push_bytes(row, key),
            None => row.push_value("null"),
        }
        match message
            .timestamp()
            .to_millis()
            .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
        {
            Some(t) => row.push_string(&t.to_rfc3339_opts(SecondsFormat::Millis, true)),
            None => row.push_value("null"),
        }
        let mut headers = serde_json::Map::new();
        if let Some(borrowed) = message.headers() {
            for header in borrowed.iter() {
                let value = header.value.map_or(Json::Null, bytes_json);
                headers.insert(header.key.to_owned(), value);
            }
        }
        row.push_value(&Json::Object(headers).to_string());
        match message.payload() {
            None => row.push_value("null"),
            Some(payload) if is_embeddable(payload) => {
                row.push_value(std::str::from_utf8(payload).expect("JSON is UTF-8"));
            }
            Some(payload) => push_bytes(row, payload),
        }
    }
}

/// Whether a value goes into the envelope as the object it is, its bytes kept exactly:
/// a JSON object from its first byte to its last, on one line, and not one that would
/// read back as the marker of bytes (`{"base64": …}`).
fn is_embeddable(payload: &[u8]) -> bool {
    payload.first() == Some(&b'{')
        && payload.last() == Some(&b'}')
        && !has_line_break(payload)
        && match memchr::memmem::find(payload, b"\"base64\"") {
            None => serde_json::from_slice::<serde::de::IgnoredAny>(payload).is_ok(),
            Some(_) => serde_json::from_slice::<Json>(payload)
                .is_ok_and(|value| crate::kafka::encode::base64_bytes(&value).is_none()),
        }
}

/// Bytes as an envelope holds them: a string when they are UTF-8, else
/// `{"base64": "…"}` (standard alphabet, padded), so that etl-kafka-produce
/// --envelope sends the very bytes back.
fn bytes_json(bytes: &[u8]) -> Json {
    use base64::Engine;
    match std::str::from_utf8(bytes) {
        Ok(text) => Json::String(text.to_owned()),
        Err(_) => {
            let text = base64::engine::general_purpose::STANDARD.encode(bytes);
            serde_json::json!({ "base64": text })
        }
    }
}

fn push_bytes(row: &mut RawRow, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(text) => row.push_string(text),
        Err(_) => row.push_value(&bytes_json(bytes).to_string()),
    }
}

/// The message's value; an empty one for a message without.
pub fn payload(message: &impl Message) -> &[u8] {
    message.payload().unwrap_or_default()
}

/// A first non-blank byte `{`, as NDJSON detection decides.
fn looks_like_object(payload: &[u8]) -> bool {
    payload.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// JSON text on one line: a line break can only be whitespace between tokens (inside
/// strings it is escaped), so it becomes a space and the object stays one NDJSON line.
fn one_line(text: String) -> String {
    if has_line_break(text.as_bytes()) {
        text.replace(['\n', '\r'], " ")
    } else {
        text
    }
}

/// Whether `bytes` holds `\n` or `\r` (a value is read for every message).
fn has_line_break(bytes: &[u8]) -> bool {
    memchr::memchr2(b'\n', b'\r', bytes).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_found_anywhere_and_only_them() {
        let text = "{\"a\":\t1,\"b\":\"0123456789abcdef\"}";
        assert!(!has_line_break(text.as_bytes()));
        assert!(!has_line_break("\t\x0b\x0c\x01\x0e\x7f\u{e9}".as_bytes()));
        for at in 0..=text.len() {
            for end in ["\n", "\r"] {
                let broken = format!("{}{end}{}", &text[..at], &text[at..]);
                assert!(has_line_break(broken.as_bytes()), "{broken:?}");
            }
        }
        assert_eq!(
            one_line("{\"a\":\r\n[1,\n2]}".to_owned()),
            "{\"a\":  [1, 2]}"
        );
    }
}
