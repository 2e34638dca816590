//! Values in PostgreSQL's binary form (what `COPY … (FORMAT binary)` sends), written
//! as record values, each type exactly:
//!
//! - bool, the integers and oid as JSON literals; real and double precision with the
//!   shortest digits that read back as the same float (`NaN`, `Infinity` as strings);
//! - numeric digit for digit, with its scale (`12.50`), `NaN` and `±Infinity` as
//!   strings;
//! - text, varchar, char(n), name, citext and enum labels as strings;
//! - bytea in base64 (standard alphabet, padded);
//! - date `2024-03-01`, timestamp `2024-03-01T10:00:00.5`, timestamptz in RFC 3339 UTC
//!   `2024-03-01T10:00:00.500Z` (no fraction, milliseconds or microseconds, as needed),
//!   time `10:00:00`, timetz `10:00:00+02:00`; `infinity` and `-infinity` as such;
//! - interval in ISO 8601 as PostgreSQL's `IntervalStyle = iso_8601` writes it
//!   (`P1Y2M3DT4H5M6.5S`), which the server reads back;
//! - uuid in its usual hex form;
//! - json and jsonb as nested JSON (in CSV their JSON text);
//! - arrays of any of these as JSON arrays, nested by dimension (NULL elements null).
//!
//! Any other type (inet, money, ranges, composites…) has no decoder here: the extract
//! asks the server for its text instead (see [`Plan`]).

use std::fmt::Write as _;

use postgres::types::{Kind, Type};

use crate::format::json_text::push_string;

/// Days from 0000-03-01 to 2000-01-01, for the civil calendar below.
const PG_EPOCH_DAYS_FROM_1970: i64 = 10_957;
const MICROS_PER_DAY: i64 = 86_400_000_000;
const NUMERIC_NEGATIVE: u16 = 0x4000;
const NUMERIC_NAN: u16 = 0xC000;
const NUMERIC_PINF: u16 = 0xD000;
const NUMERIC_NINF: u16 = 0xF000;
/// PostgreSQL's MAXDIM.
const MAX_DIMENSIONS: usize = 6;

/// Where decoded values go: a record's fields, or the JSON text of an array.
pub trait Sink {
    /// SQL NULL.
    fn null(&mut self);
    /// A value whose JSON text is its text too: a number or a boolean.
    fn literal(&mut self, text: &str);
    /// Text: a JSON string in NDJSON, the text itself in CSV.
    fn string(&mut self, text: &str);
    /// JSON text: nested in NDJSON, the text itself in CSV.
    fn json(&mut self, text: &str);
}

/// JSON text, as array elements are written.
impl Sink for String {
    fn null(&mut self) {
        self.push_str("null");
    }

    fn literal(&mut self, text: &str) {
        self.push_str(text);
    }

    fn string(&mut self, text: &str) {
        push_string(self, text);
    }

    fn json(&mut self, text: &str) {
        self.push_str(text);
    }
}

/// A value as plain text (CSV's way), `None` for NULL: a high-water mark, a range bound.
#[derive(Default)]
pub struct PlainText(pub Option<String>);

impl Sink for PlainText {
    fn null(&mut self) {
        self.0 = None;
    }

    fn literal(&mut self, text: &str) {
        self.0 = Some(text.to_owned());
    }

    fn string(&mut self, text: &str) {
        self.0 = Some(text.to_owned());
    }

    fn json(&mut self, text: &str) {
        self.0 = Some(text.to_owned());
    }
}

/// How one type's binary form is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decoder {
    Bool,
    Int2,
    Int4,
    Int8,
    Oid,
    Float4,
    Float8,
    Numeric,
    /// text, varchar, bpchar, name, citext, enum labels, and any type cast to text.
    Text,
    /// The one-byte `"char"`.
    Char,
    Bytea,
    Date,
    Time,
    TimeTz,
    Timestamp,
    Timestamptz,
    Interval,
    Uuid,
    Json,
    Jsonb,
    Array(Box<Decoder>),
}

/// How a column of the result reaches the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Sent in its binary form and decoded here.
    Binary(Decoder),
    /// Written as text by the server (see [`Plan::select`]).
    AsText,
    /// An array of a type without a decoder, cast to `text[]`.
    AsTextArray,
}

impl Plan {
    /// How a column of type `ty` is read: domains as their base type, arrays element
    /// by element.
    pub fn of(ty: &Type) -> Plan {
        match ty.kind() {
            Kind::Domain(base) => Plan::of(base),
            Kind::Enum(_) => Plan::Binary(Decoder::Text),
            Kind::Array(element) => match Plan::of(element) {
                Plan::Binary(decoder) => Plan::Binary(Decoder::Array(Box::new(decoder))),
                _ => Plan::AsTextArray,
            },
            Kind::Simple => match Decoder::builtin(ty) {
                Some(decoder) => Plan::Binary(decoder),
                None => Plan::AsText,
            },
            _ => Plan::AsText,
        }
    }

    /// What decodes the column's values as they arrive.
    pub fn decoder(&self) -> Decoder {
        match self {
            Plan::Binary(decoder) => decoder.clone(),
            Plan::AsText => Decoder::Text,
            Plan::AsTextArray => Decoder::Array(Box::new(Decoder::Text)),
        }
    }

    /// The column `column` (SQL) in the select list: as it is, or as its text. The
    /// text is what the type's output function writes (`format('%s', …)`; a cast to
    /// text may differ: `'::1'::inet::text` is `::1/128`), NULL kept NULL (a
    /// composite of NULL fields is not NULL, hence `num_nulls`).
    pub fn select(&self, column: &str) -> String {
        match self {
            Plan::Binary(_) => column.to_owned(),
            Plan::AsText => format!(
                "CASE WHEN num_nulls({column}) = 1 THEN NULL ELSE format('%s', {column}) END"
            ),
            Plan::AsTextArray => format!("{column}::text[]"),
        }
    }
}

impl Decoder {
    /// The decoder of a built-in scalar type; citext (an extension) sends text too.
    fn builtin(ty: &Type) -> Option<Decoder> {
        Some(match *ty {
            Type::BOOL => Decoder::Bool,
            Type::INT2 => Decoder::Int2,
            Type::INT4 => Decoder::Int4,
            Type::INT8 => Decoder::Int8,
            Type::OID => Decoder::Oid,
            Type::FLOAT4 => Decoder::Float4,
            Type::FLOAT8 => Decoder::Float8,
            Type::NUMERIC => Decoder::Numeric,
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => Decoder::Text,
            Type::CHAR => Decoder::Char,
            Type::BYTEA => Decoder::Bytea,
            Type::DATE => Decoder::Date,
            Type::TIME => Decoder::Time,
            Type::TIMETZ => Decoder::TimeTz,
            Type::TIMESTAMP => Decoder::Timestamp,
            Type::TIMESTAMPTZ => Decoder::Timestamptz,
            Type::INTERVAL => Decoder::Interval,
            Type::UUID => Decoder::Uuid,
            Type::JSON => Decoder::Json,
            Type::JSONB => Decoder::Jsonb,
            _ if ty.name() == "citext" => Decoder::Text,
            _ => return None,
        })
    }

    /// Decodes one non-NULL value into `sink`, formatting through `scratch`. The error
    /// says what was wrong with bytes the server should never send.
    pub fn decode(
        &self,
        bytes: &[u8],
        scratch: &mut Scratch,
        sink: &mut impl Sink,
    ) -> Result<(), Malformed> {
        let text = &mut scratch.text;
        text.clear();
        match self {
            Decoder::Bool => match bytes {
                [0] => sink.literal("false"),
                [_] => sink.literal("true"),
                _ => return Err(Malformed::size("boolean", bytes)),
            },
            Decoder::Int2 => {
                let n = i16::from_be_bytes(fixed(bytes, "smallint")?);
                sink.literal(itoa::Buffer::new().format(n));
            }
            Decoder::Int4 => {
                let n = i32::from_be_bytes(fixed(bytes, "integer")?);
                sink.literal(itoa::Buffer::new().format(n));
            }
            Decoder::Int8 => {
                let n = i64::from_be_bytes(fixed(bytes, "bigint")?);
                sink.literal(itoa::Buffer::new().format(n));
            }
            Decoder::Oid => {
                let n = u32::from_be_bytes(fixed(bytes, "oid")?);
                sink.literal(itoa::Buffer::new().format(n));
            }
            Decoder::Float4 => {
                let n = f32::from_be_bytes(fixed(bytes, "real")?);
                if n.is_finite() {
                    let _ = write!(text, "{n:?}");
                    sink.literal(text);
                } else {
                    sink.string(special_float(f64::from(n)));
                }
            }
            Decoder::Float8 => {
                let n = f64::from_be_bytes(fixed(bytes, "double precision")?);
                if n.is_finite() {
                    let _ = write!(text, "{n:?}");
                    sink.literal(text);
                } else {
                    sink.string(special_float(n));
                }
            }
            Decoder::Numeric => match numeric(bytes, text)? {
                true => sink.literal(text),
                false => sink.string(text),
            },
            Decoder::Text => sink.string(&utf8(bytes)),
            Decoder::Char => sink.string(&String::from_utf8_lossy(bytes)),
            Decoder::Bytea => {
                base64(bytes, text);
                sink.string(text);
            }
            Decoder::Date => {
                match i32::from_be_bytes(fixed(bytes, "date")?) {
                    i32::MAX => text.push_str("infinity"),
                    i32::MIN => text.push_str("-infinity"),
                    days => push_date(text, i64::from(days)),
                }
                sink.string(text);
            }
            Decoder::Timestamp | Decoder::Timestamptz => {
                match i64::from_be_bytes(fixed(bytes, "timestamp")?) {
                    i64::MAX => text.push_str("infinity"),
                    i64::MIN => text.push_str("-infinity"),
                    micros => {
                        push_date(text, micros.div_euclid(MICROS_PER_DAY));
                        text.push('T');
                        push_time(text, micros.rem_euclid(MICROS_PER_DAY));
                        if *self == Decoder::Timestamptz {
                            text.push('Z');
                        }
                    }
                }
                sink.string(text);
            }
            Decoder::Time => {
                push_time(text, i64::from_be_bytes(fixed(bytes, "time")?));
                sink.string(text);
            }
            Decoder::TimeTz => {
                let [m0, m1, m2, m3, m4, m5, m6, m7, z0, z1, z2, z3] =
                    fixed::<12>(bytes, "time with time zone")?;
                push_time(text, i64::from_be_bytes([m0, m1, m2, m3, m4, m5, m6, m7]));
                // Stored as seconds west of UTC.
                push_offset(text, -i32::from_be_bytes([z0, z1, z2, z3]));
                sink.string(text);
            }
            Decoder::Interval => {
                let [m0, m1, m2, m3, m4, m5, m6, m7, d0, d1, d2, d3, n0, n1, n2, n3] =
                    fixed::<16>(bytes, "interval")?;
                push_interval(
                    text,
                    i64::from_be_bytes([m0, m1, m2, m3, m4, m5, m6, m7]),
                    i32::from_be_bytes([d0, d1, d2, d3]),
                    i32::from_be_bytes([n0, n1, n2, n3]),
                );
                sink.string(text);
            }
            Decoder::Uuid => {
                push_uuid(text, &fixed::<16>(bytes, "uuid")?);
                sink.string(text);
            }
            Decoder::Json => sink.json(&one_line(utf8(bytes))),
            Decoder::Jsonb => match bytes.split_first() {
                Some((1, json)) => sink.json(&one_line(utf8(json))),
                _ => return Err(Malformed("a jsonb value of an unknown version".into())),
            },
            Decoder::Array(element) => {
                let mut json = std::mem::take(&mut scratch.array);
                json.clear();
                let done = array(element, bytes, scratch, &mut json);
                if done.is_ok() {
                    sink.json(&json);
                }
                scratch.array = json;
                done?;
            }
        }
        Ok(())
    }
}

/// Buffers reused from value to value.
#[derive(Default)]
pub struct Scratch {
    text: String,
    array: String,
}

/// Bytes the server should never have sent for the type.
#[derive(Debug, PartialEq, Eq)]
pub struct Malformed(pub String);

impl Malformed {
    fn size(what: &str, bytes: &[u8]) -> Malformed {
        Malformed(format!("a {what} value of {} bytes", bytes.len()))
    }
}

fn fixed<const N: usize>(bytes: &[u8], what: &str) -> Result<[u8; N], Malformed> {
    bytes.try_into().map_err(|_| Malformed::size(what, bytes))
}

/// Text from the server, which speaks UTF-8 to us (client_encoding); anything else
/// would be replaced rather than fail the run.
fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    // `from_utf8` checks valid text several times faster than the lossy conversion.
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// json keeps the text it was given, line breaks included; outside strings (inside
/// one JSON forbids them raw) they are whitespace, and become spaces so that the value
/// stays on its NDJSON line.
fn one_line(text: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    if text.contains(['\n', '\r']) {
        text.replace(['\n', '\r'], " ").into()
    } else {
        text
    }
}

/// NaN and the infinities as PostgreSQL names them (strings in JSON).
fn special_float(n: f64) -> &'static str {
    if n.is_nan() {
        "NaN"
    } else if n > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// Writes `numeric` as decimal text into `out`: `true` for a number, `false` for
/// `NaN` and the infinities (strings in JSON).
///
/// The form: i16 count of base-10000 digits, i16 weight (the power of 10000 of the
/// first), u16 sign, u16 display scale (digits after the point), then the digits.
fn numeric(bytes: &[u8], out: &mut String) -> Result<bool, Malformed> {
    let word = |i: usize| -> Result<u16, Malformed> {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| Malformed::size("numeric", bytes))
    };
    let count = word(0)? as i16;
    let weight = i32::from(word(2)? as i16);
    let sign = word(4)?;
    let scale = usize::from(word(6)?);
    match sign {
        NUMERIC_NAN => {
            out.push_str("NaN");
            return Ok(false);
        }
        NUMERIC_PINF => {
            out.push_str("Infinity");
            return Ok(false);
        }
        NUMERIC_NINF => {
            out.push_str("-Infinity");
            return Ok(false);
        }
        _ => {}
    }
    if count < 0 || bytes.len() != 8 + 2 * count as usize {
        return Err(Malformed::size("numeric", bytes));
    }
    let digit = |i: i32| -> Result<u16, Malformed> {
        if i < 0 || i >= i32::from(count) {
            return Ok(0);
        }
        match word(8 + 2 * i as usize)? {
            d @ 0..=9999 => Ok(d),
            _ => Err(Malformed("a numeric digit over 9999".into())),
        }
    };
    if sign == NUMERIC_NEGATIVE {
        out.push('-');
    }
    // The whole part: the groups of weight `weight` down to 0, the first without its
    // leading zeros.
    if weight < 0 {
        out.push('0');
    } else {
        out.push_str(itoa::Buffer::new().format(digit(0)?));
        for i in 1..=weight {
            push_group(out, digit(i)?, 4);
        }
    }
    if scale > 0 {
        out.push('.');
        let mut left = scale;
        let mut i = weight + 1;
        while left > 0 {
            let take = left.min(4);
            push_group(out, digit(i)?, take);
            left -= take;
            i += 1;
        }
    }
    Ok(true)
}

/// The first `take` of the four decimal digits of a base-10000 digit.
fn push_group(out: &mut String, group: u16, take: usize) {
    let digits = [group / 1000, group / 100 % 10, group / 10 % 10, group % 10];
    for d in &digits[..take] {
        out.push(char::from(b'0' + *d as u8));
    }
}

/// Appends the date `days` after 2000-01-01: `2024-03-01`.
fn push_date(out: &mut String, days: i64) {
    let (year, month, day) = civil(days + PG_EPOCH_DAYS_FROM_1970);
    push_year(out, year);
    out.push('-');
    push_two(out, month);
    out.push('-');
    push_two(out, day);
}

/// Year, month and day of `days` since 1970-01-01 in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Four digits, or ISO 8601's expanded form outside 0000-9999 (`+10000`, `-0044`,
/// year 0 being 1 BC).
fn push_year(out: &mut String, year: i64) {
    match year {
        0..=9999 => {
            push_two(out, (year / 100) as u32);
            push_two(out, (year % 100) as u32);
        }
        10_000.. => {
            let _ = write!(out, "+{year}");
        }
        _ => {
            let _ = write!(out, "-{:04}", -year);
        }
    }
}

fn push_two(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `HH:MM:SS` of `micros` since midnight, with `.mmm` or `.uuuuuu` when not whole.
fn push_time(out: &mut String, micros: i64) {
    let seconds = micros.div_euclid(1_000_000);
    let fraction = micros.rem_euclid(1_000_000) as u32;
    push_two(out, (seconds / 3600) as u32);
    out.push(':');
    push_two(out, (seconds / 60 % 60) as u32);
    out.push(':');
    push_two(out, (seconds % 60) as u32);
    push_fraction(out, fraction);
}

/// `.mmm` when the microseconds are whole milliseconds, else `.uuuuuu`; nothing for 0:
/// the digits `crate::time::to_rfc3339_utc` writes.
fn push_fraction(out: &mut String, micros: u32) {
    let (value, digits) = match micros {
        0 => return,
        _ if micros % 1000 == 0 => (micros / 1000, 3),
        _ => (micros, 6),
    };
    out.push('.');
    for power in [100_000, 10_000, 1000, 100, 10, 1][6 - digits..].iter() {
        out.push(char::from(b'0' + (value / power % 10) as u8));
    }
}

/// `+02:00`, `-05:30`, or `+05:53:28` for the odd historic zone.
fn push_offset(out: &mut String, seconds_east: i32) {
    out.push(if seconds_east < 0 { '-' } else { '+' });
    let seconds = seconds_east.unsigned_abs();
    push_two(out, seconds / 3600);
    out.push(':');
    push_two(out, seconds / 60 % 60);
    if seconds % 60 != 0 {
        out.push(':');
        push_two(out, seconds % 60);
    }
}

/// An interval as `IntervalStyle = iso_8601` writes it (PostgreSQL's `EncodeInterval`):
/// `P1Y2M3DT4H5M6.5S`, each part with its own sign, `PT0S` for zero.
fn push_interval(out: &mut String, micros: i64, days: i32, months: i32) {
    let (years, months) = (months / 12, months % 12);
    // Truncating divisions: every part has the sign of the time.
    let hours = micros / 3_600_000_000;
    let minutes = micros / 60_000_000 % 60;
    let seconds = micros / 1_000_000 % 60;
    let fraction = micros % 1_000_000;
    if years == 0 && months == 0 && days == 0 && micros == 0 {
        out.push_str("PT0S");
        return;
    }
    out.push('P');
    let part = |out: &mut String, n: i64, unit: char| {
        if n != 0 {
            let _ = write!(out, "{n}{unit}");
        }
    };
    part(out, i64::from(years), 'Y');
    part(out, i64::from(months), 'M');
    part(out, i64::from(days), 'D');
    if micros != 0 {
        out.push('T');
    }
    part(out, hours, 'H');
    part(out, minutes, 'M');
    if seconds != 0 || fraction != 0 {
        if seconds < 0 || fraction < 0 {
            out.push('-');
        }
        let _ = write!(out, "{}", seconds.unsigned_abs());
        if fraction != 0 {
            let digits = format!("{:06}", fraction.unsigned_abs());
            out.push('.');
            out.push_str(digits.trim_end_matches('0'));
        }
        out.push('S');
    }
}

fn push_uuid(out: &mut String, bytes: &[u8; 16]) {
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        let _ = write!(out, "{byte:02x}");
    }
}

/// Base64 with the standard alphabet and padding (RFC 4648 §4).
fn base64(bytes: &[u8], out: &mut String) {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode_string(bytes, out);
}

/// An array as JSON text: `[[1,2],[3,null]]`.
///
/// The form: i32 dimensions, i32 flags, u32 element type, then per dimension i32 size
/// and i32 lower bound (dropped: JSON arrays start at 0), then each element as a length
/// (-1 for NULL) and its bytes, in row-major order.
fn array(
    element: &Decoder,
    bytes: &[u8],
    scratch: &mut Scratch,
    out: &mut String,
) -> Result<(), Malformed> {
    let malformed = || Malformed::size("array", bytes);
    let int = |at: usize| -> Result<i32, Malformed> {
        bytes
            .get(at..at + 4)
            .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(malformed)
    };
    let dimensions = usize::try_from(int(0)?).map_err(|_| malformed())?;
    if dimensions > MAX_DIMENSIONS {
        return Err(malformed());
    }
    let mut sizes = [0usize; MAX_DIMENSIONS];
    for (d, size) in sizes.iter_mut().enumerate().take(dimensions) {
        *size = usize::try_from(int(12 + 8 * d)?).map_err(|_| malformed())?;
    }
    let mut elements = Elements {
        bytes,
        at: 12 + 8 * dimensions,
    };
    if dimensions == 0 {
        out.push_str("[]");
    } else {
        nest(element, &sizes[..dimensions], &mut elements, scratch, out)?;
    }
    if elements.at != bytes.len() {
        return Err(malformed());
    }
    Ok(())
}

/// The elements of the array's last `sizes.len()` dimensions, as nested JSON arrays.
fn nest(
    element: &Decoder,
    sizes: &[usize],
    elements: &mut Elements,
    scratch: &mut Scratch,
    out: &mut String,
) -> Result<(), Malformed> {
    out.push('[');
    for i in 0..sizes[0] {
        if i > 0 {
            out.push(',');
        }
        if sizes.len() > 1 {
            nest(element, &sizes[1..], elements, scratch, out)?;
            continue;
        }
        match elements.next()? {
            None => out.push_str("null"),
            Some(value) => element.decode(value, scratch, out)?,
        }
    }
    out.push(']');
    Ok(())
}

/// The length-prefixed elements of an array, one after the other.
struct Elements<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Elements<'b> {
    fn next(&mut self) -> Result<Option<&'b [u8]>, Malformed> {
        let malformed = || Malformed::size("array", self.bytes);
        let length = self
            .bytes
            .get(self.at..self.at + 4)
            .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(malformed)?;
        self.at += 4;
        let Ok(length) = usize::try_from(length) else {
            return Ok(None);
        };
        let value = self
            .bytes
            .get(self.at..self.at + length)
            .ok_or_else(malformed)?;
        self.at += length;
        Ok(Some(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value as JSON text, as an NDJSON field would hold it.
    fn json(decoder: Decoder, bytes: &[u8]) -> String {
        let mut out = String::new();
        decoder
            .decode(bytes, &mut Scratch::default(), &mut out)
            .unwrap();
        out
    }

    fn numeric_bytes(count: i16, weight: i16, sign: u16, scale: u16, digits: &[u16]) -> Vec<u8> {
        let mut out = Vec::new();
        for word in [count as u16, weight as u16, sign, scale] {
            out.extend_from_slice(&word.to_be_bytes());
        }
        for digit in digits {
            out.extend_from_slice(&digit.to_be_bytes());
        }
        out
    }

    #[test]
    fn scalars() {
        assert_eq!(json(Decoder::Bool, &[1]), "true");
        assert_eq!(json(Decoder::Bool, &[0]), "false");
        assert_eq!(json(Decoder::Int2, &(-7i16).to_be_bytes()), "-7");
        assert_eq!(
            json(Decoder::Int8, &i64::MIN.to_be_bytes()),
            "-9223372036854775808"
        );
        assert_eq!(json(Decoder::Oid, &u32::MAX.to_be_bytes()), "4294967295");
        assert_eq!(json(Decoder::Float8, &0.1f64.to_be_bytes()), "0.1");
        assert_eq!(json(Decoder::Float8, &1e300f64.to_be_bytes()), "1e300");
        assert_eq!(json(Decoder::Float4, &0.1f32.to_be_bytes()), "0.1");
        assert_eq!(json(Decoder::Float8, &f64::NAN.to_be_bytes()), "\"NaN\"");
        assert_eq!(
            json(Decoder::Float4, &f32::NEG_INFINITY.to_be_bytes()),
            "\"-Infinity\""
        );
        assert_eq!(json(Decoder::Text, "a\"é\n".as_bytes()), r#""a\"é\n""#);
        assert_eq!(json(Decoder::Bytea, b"\0\xff\x10ab"), "\"AP8QYWI=\"");
        assert_eq!(json(Decoder::Bytea, b""), "\"\"");
        assert_eq!(json(Decoder::Bytea, b"abc"), "\"YWJj\"");
        assert_eq!(json(Decoder::Bytea, b"a"), "\"YQ==\"");
        assert_eq!(
            json(
                Decoder::Uuid,
                &[
                    0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd,
                    0x38, 0x0a, 0x11
                ]
            ),
            "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""
        );
        assert_eq!(json(Decoder::Json, b"{\"a\":\n [1]}"), "{\"a\":  [1]}");
        assert_eq!(json(Decoder::Jsonb, b"\x01{\"a\": [1]}"), "{\"a\": [1]}");
        assert!(Decoder::Int4
            .decode(&[1, 2], &mut Scratch::default(), &mut String::new())
            .is_err());
    }

    #[test]
    fn numerics_digit_for_digit() {
        assert_eq!(
            json(Decoder::Numeric, &numeric_bytes(2, 0, 0, 2, &[12, 5000])),
            "12.50"
        );
        assert_eq!(
            json(Decoder::Numeric, &numeric_bytes(1, -1, 0x4000, 3, &[10])),
            "-0.001"
        );
        assert_eq!(
            json(
                Decoder::Numeric,
                &numeric_bytes(3, 2, 0, 0, &[1, 2345, 6789])
            ),
            "123456789"
        );
        assert_eq!(
            json(Decoder::Numeric, &numeric_bytes(1, 1, 0, 0, &[1])),
            "10000"
        );
        assert_eq!(
            json(Decoder::Numeric, &numeric_bytes(0, 0, 0, 2, &[])),
            "0.00"
        );
        assert_eq!(json(Decoder::Numeric, &numeric_bytes(0, 0, 0, 0, &[])), "0");
        assert_eq!(
            json(Decoder::Numeric, &numeric_bytes(1, -2, 0, 8, &[15])),
            "0.00000015"
        );
        assert_eq!(
            json(Decoder::Numeric, &numeric_bytes(0, 0, NUMERIC_NAN, 0, &[])),
            "\"NaN\""
        );
        assert_eq!(
            json(Decoder::Numeric, &numeric_bytes(0, 0, NUMERIC_NINF, 0, &[])),
            "\"-Infinity\""
        );
        // Every encoding of the load side reads back as the text it came from.
        for text in [
            "12345678901234567890123456789012.5",
            "-0.000000000000000000000000000000000000001",
            "1234567890123456789012345678901234567890",
            "99990000.0001",
            "0.10",
            "-5",
        ] {
            let mut bytes = Vec::new();
            crate::pg::numeric::encode(text, &mut bytes).unwrap();
            assert_eq!(json(Decoder::Numeric, &bytes), text);
        }
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(json(Decoder::Date, &0i32.to_be_bytes()), "\"2000-01-01\"");
        assert_eq!(
            json(Decoder::Date, &8826i32.to_be_bytes()),
            "\"2024-03-01\""
        );
        assert_eq!(
            json(Decoder::Date, &(-730_119i32).to_be_bytes()),
            "\"0001-01-01\""
        );
        // Year 0 is 1 BC, -1 is 2 BC (ISO 8601's astronomical years).
        assert_eq!(
            json(Decoder::Date, &(-730_120i32).to_be_bytes()),
            "\"0000-12-31\""
        );
        assert_eq!(
            json(Decoder::Date, &(-730_486i32).to_be_bytes()),
            "\"-0001-12-31\""
        );
        assert_eq!(json(Decoder::Date, &i32::MAX.to_be_bytes()), "\"infinity\"");
        let micros: i64 = 8826 * MICROS_PER_DAY + 36_000_123_456;
        assert_eq!(
            json(Decoder::Timestamptz, &micros.to_be_bytes()),
            "\"2024-03-01T10:00:00.123456Z\""
        );
        assert_eq!(
            json(
                Decoder::Timestamp,
                &(micros - 123_456 + 500_000).to_be_bytes()
            ),
            "\"2024-03-01T10:00:00.500\""
        );
        assert_eq!(
            json(Decoder::Timestamptz, &(-1i64).to_be_bytes()),
            "\"1999-12-31T23:59:59.999999Z\""
        );
        assert_eq!(
            json(Decoder::Timestamptz, &i64::MIN.to_be_bytes()),
            "\"-infinity\""
        );
        assert_eq!(
            json(Decoder::Time, &86_400_000_000i64.to_be_bytes()),
            "\"24:00:00\""
        );
        let mut timetz = 3_723_000_000i64.to_be_bytes().to_vec();
        timetz.extend_from_slice(&(-7200i32).to_be_bytes());
        assert_eq!(json(Decoder::TimeTz, &timetz), "\"01:02:03+02:00\"");
    }

    fn interval(micros: i64, days: i32, months: i32) -> String {
        let mut out = String::new();
        push_interval(&mut out, micros, days, months);
        out
    }

    #[test]
    fn intervals_as_postgresql_writes_iso_8601() {
        assert_eq!(interval(0, 0, 0), "PT0S");
        assert_eq!(
            interval(4 * 3_600_000_000 + 5 * 60_000_000 + 6_500_000, 3, 14),
            "P1Y2M3DT4H5M6.5S"
        );
        assert_eq!(interval(7_200_000_000, -1, 0), "P-1DT2H");
        assert_eq!(interval(-1_500_000, 0, 0), "PT-1.5S");
        assert_eq!(interval(-500_000, 0, 0), "PT-0.5S");
        assert_eq!(interval(-3_660_000_000, 0, -13), "P-1Y-1MT-1H-1M");
        assert_eq!(interval(1, 0, 0), "PT0.000001S");
    }

    fn array_bytes(element_oid: u32, sizes: &[i32], elements: &[Option<&[u8]>]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&(sizes.len() as i32).to_be_bytes());
        out.extend_from_slice(&0i32.to_be_bytes());
        out.extend_from_slice(&element_oid.to_be_bytes());
        for size in sizes {
            out.extend_from_slice(&size.to_be_bytes());
            out.extend_from_slice(&1i32.to_be_bytes());
        }
        for element in elements {
            match element {
                None => out.extend_from_slice(&(-1i32).to_be_bytes()),
                Some(bytes) => {
                    out.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
                    out.extend_from_slice(bytes);
                }
            }
        }
        out
    }

    #[test]
    fn arrays_nest_by_dimension() {
        let ints = Decoder::Array(Box::new(Decoder::Int4));
        let one = 1i32.to_be_bytes();
        let two = 2i32.to_be_bytes();
        assert_eq!(json(ints.clone(), &array_bytes(23, &[], &[])), "[]");
        assert_eq!(
            json(
                ints.clone(),
                &array_bytes(23, &[3], &[Some(&one), None, Some(&two)])
            ),
            "[1,null,2]"
        );
        assert_eq!(
            json(
                ints.clone(),
                &array_bytes(23, &[2, 2], &[Some(&one), Some(&two), None, Some(&one)])
            ),
            "[[1,2],[null,1]]"
        );
        let texts = Decoder::Array(Box::new(Decoder::Text));
        assert_eq!(
            json(
                texts,
                &array_bytes(25, &[2], &[Some(b"a,\"b\""), Some(b"")])
            ),
            r#"["a,\"b\"",""]"#
        );
        let jsons = Decoder::Array(Box::new(Decoder::Jsonb));
        assert_eq!(
            json(
                jsons,
                &array_bytes(3802, &[1], &[Some(b"\x01{\"k\": [1]}")])
            ),
            r#"[{"k": [1]}]"#
        );
        // A count that does not match the bytes.
        assert!(ints
            .decode(
                &array_bytes(23, &[3], &[Some(&one)]),
                &mut Scratch::default(),
                &mut String::new()
            )
            .is_err());
    }
}
