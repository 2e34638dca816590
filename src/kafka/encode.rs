//! From input records to Kafka messages: the value is the record as one compact JSON
//! object; the key, headers, partition and timestamp come from the command line, from
//! named fields, or (with `--envelope`) from the envelope fields of etl-kafka-consume.

use std::borrow::Cow;

use crate::error::{bad_value, quoted, Error, Result};
use crate::format::ndjson::NdjsonWriter;
use crate::format::RecordWriter;
use crate::record::{Record, ValueRef};
use crate::time;

use super::producer::Message;

/// Where the parts of each message come from.
#[derive(Debug, Default)]
pub struct Parts {
    /// `-k FIELD`: the key is this field's value as text.
    pub key_field: Option<String>,
    /// `--key TEXT`: every message's key.
    pub fixed_key: Option<String>,
    /// `-p N`.
    pub partition: Option<i32>,
    /// `-H key=value`, on every message.
    pub headers: Vec<(String, Option<Vec<u8>>)>,
    /// `--headers-field FIELD`: an object whose members become headers.
    pub headers_field: Option<String>,
    /// `--timestamp-field FIELD`: the message timestamp.
    pub timestamp_field: Option<String>,
    /// `--envelope`: records are `{key, headers, partition, timestamp, value}`.
    pub envelope: bool,
}

/// One record's message, owning its bytes.
#[derive(Debug, Default)]
pub struct Encoded {
    key: Option<Vec<u8>>,
    value: Option<Vec<u8>>,
    headers: Vec<(String, Option<Vec<u8>>)>,
    partition: Option<i32>,
    timestamp: Option<i64>,
}

impl Encoded {
    pub fn message(&self) -> Message<'_> {
        Message {
            key: self.key.as_deref(),
            value: self.value.as_deref(),
            headers: &self.headers,
            partition: self.partition,
            timestamp: self.timestamp,
        }
    }
}

pub struct Encoder {
    parts: Parts,
    json: NdjsonWriter<Vec<u8>>,
    encoded: Encoded,
}

impl Encoder {
    pub fn new(parts: Parts) -> Encoder {
        Encoder {
            parts,
            json: NdjsonWriter::new(Vec::new()),
            encoded: Encoded::default(),
        }
    }

    /// The message for `record`; a field that cannot be used is an `Error::Data`.
    pub fn encode(&mut self, record: &Record) -> Result<&Encoded> {
        let parts = &self.parts;
        let encoded = &mut self.encoded;
        encoded.headers.clone_from(&parts.headers);
        encoded.partition = parts.partition;
        encoded.timestamp = None;
        if parts.envelope {
            read_envelope(record, encoded)?;
        } else {
            self.json.get_mut().clear();
            self.json.write(record)?;
            let mut value = std::mem::take(self.json.get_mut());
            value.pop(); // the line end
            encoded.value = Some(value);
            encoded.key = None;
        }
        if let Some(key) = &parts.fixed_key {
            encoded.key = Some(key.as_bytes().to_vec());
        }
        if let Some(field) = &parts.key_field {
            encoded.key = text_field(record, field)?.map(|key| key.into_owned().into_bytes());
        }
        if let Some(field) = &parts.headers_field {
            if let Some(value) = record.get_path(field) {
                push_headers(field, value, &mut encoded.headers)?;
            }
        }
        if let Some(field) = &parts.timestamp_field {
            encoded.timestamp = text_field(record, field)?
                .map(|text| timestamp(field, &text))
                .transpose()?;
        }
        Ok(encoded)
    }

    /// Gives the value buffer back for the next record.
    pub fn recycle(&mut self) {
        if let Some(mut value) = self.encoded.value.take() {
            value.clear();
            *self.json.get_mut() = value;
        }
    }
}

/// A field's value as text, `None` when null; a missing field, an object or an array
/// is bad data.
fn text_field<'r>(record: &'r Record, field: &str) -> Result<Option<Cow<'r, str>>> {
    let value = record
        .get_path(field)
        .ok_or_else(|| Error::Data(format!("field {} is missing", quoted(field))))?;
    if value.is_null() {
        return Ok(None);
    }
    let text = value
        .as_text()
        .ok_or_else(|| Error::Data(format!("field {}: not a text value", quoted(field))))?;
    Ok(Some(text))
}

/// Like `text_field`, but a missing field is `None` too.
fn optional_field<'r>(record: &'r Record, field: &str) -> Result<Option<Cow<'r, str>>> {
    match record.get_path(field) {
        Some(_) => text_field(record, field),
        None => Ok(None),
    }
}

fn timestamp(field: &str, text: &str) -> Result<i64> {
    time::parse(text)
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| Error::Data(bad_value(field, text, "is not a timestamp")))
}

/// An object's members as headers: strings as they are, null as a header without a
/// value, `{"base64": "…"}` as the bytes it stands for, other values as their JSON
/// text.
fn push_headers(
    field: &str,
    value: ValueRef,
    headers: &mut Vec<(String, Option<Vec<u8>>)>,
) -> Result<()> {
    match value.to_json() {
        serde_json::Value::Object(members) => {
            for (key, value) in members {
                let value = match value {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(text) => Some(text.into_bytes()),
                    other => Some(match base64_bytes(&other) {
                        Some(bytes) => bytes.map_err(|reason| {
                            Error::Data(format!("header {}: {reason}", quoted(&key)))
                        })?,
                        None => other.to_string().into_bytes(),
                    }),
                };
                headers.push((key, value));
            }
            Ok(())
        }
        serde_json::Value::Null => Ok(()),
        other => Err(Error::Data(bad_value(
            field,
            &other.to_string(),
            "is not an object of headers",
        ))),
    }
}

/// Fills the message from an envelope record: `value` text is sent as it is (an object
/// or other JSON value as its JSON text), `key` as text, `{"base64": "…"}` in either
/// as the bytes it stands for, `headers` as an object, `partition` as a number and
/// `timestamp` in any form `time::parse` reads. Absent or null parts are left unset;
/// `topic` and `offset` are ignored.
fn read_envelope(record: &Record, encoded: &mut Encoded) -> Result<()> {
    encoded.value = match record.get_path("value") {
        None => None,
        Some(value) if value.is_null() => None,
        Some(value) if let Some(bytes) = base64_bytes(&value.to_json()) => {
            Some(bytes.map_err(|reason| Error::Data(format!("field \"value\": {reason}")))?)
        }
        Some(ValueRef::Raw(text)) if !text.starts_with('"') => Some(text.as_bytes().to_vec()),
        Some(ValueRef::Json(json)) if !json.is_string() => Some(json.to_string().into_bytes()),
        Some(value) => value.as_text().map(|text| text.into_owned().into_bytes()),
    };
    encoded.key = match record.get_path("key") {
        Some(value) if let Some(bytes) = base64_bytes(&value.to_json()) => {
            Some(bytes.map_err(|reason| Error::Data(format!("field \"key\": {reason}")))?)
        }
        _ => optional_field(record, "key")?.map(|key| key.into_owned().into_bytes()),
    };
    if let Some(headers) = record.get_path("headers") {
        push_headers("headers", headers, &mut encoded.headers)?;
    }
    if let Some(text) = optional_field(record, "partition")? {
        let number = text
            .parse()
            .map_err(|_| Error::Data(bad_value("partition", &text, "is not a partition number")))?;
        // -p, already set, sends a replay elsewhere.
        encoded.partition.get_or_insert(number);
    }
    if let Some(text) = optional_field(record, "timestamp")? {
        encoded.timestamp = Some(timestamp("timestamp", &text)?);
    }
    Ok(())
}

/// The bytes a `{"base64": "…"}` object stands for (how etl-kafka-consume --envelope
/// writes a key, value or header that is not UTF-8); `None` for any other value.
pub fn base64_bytes(value: &serde_json::Value) -> Option<std::result::Result<Vec<u8>, String>> {
    use base64::Engine;
    let members = value.as_object().filter(|m| m.len() == 1)?;
    let text = members.get("base64")?.as_str()?;
    Some(
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|e| format!("{{\"base64\": …}} that is not base64: {e}")),
    )
}
