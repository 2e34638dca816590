//! Converting field types, normalising and anonymising values (`etl-cast`).
//!
//! Null stays null under every conversion. An empty text value becomes null under
//! every conversion to a non-text type (an empty CSV cell holds no number), and stays
//! empty under the text ones.

pub mod anonymise;
pub mod units;

use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, TimeZone};
use serde_json::{Number, Value as Json};

use crate::error::{bad_value, Error, Result};
use crate::format::Output;
use crate::infer::{ColumnType, Inference};
use crate::record::{Header, Record, ValueRef, Values};
use crate::run::Operator;
use crate::selector::{From, Selection};
use crate::time::{self, EpochUnit};

/// What a spec converts its fields to.
#[derive(Clone, Debug, PartialEq)]
pub enum Conversion {
    String,
    Int,
    Float,
    Decimal,
    Bool,
    /// With the chrono formats to try, in order, before the built-in forms.
    Timestamp(Vec<String>),
    Date(Vec<String>),
    Epoch(Vec<String>),
    EpochMs(Vec<String>),
    Json,
    Trim,
    Lower,
    Upper,
    NullIfEmpty,
    Bytes,
    Duration,
    Hash,
    MaskIp,
    Redact,
}

impl Conversion {
    fn parse(name: &str, format: Option<&str>) -> Result<Conversion> {
        let formats = || -> Vec<String> {
            format
                .map(|f| f.split('|').map(str::to_owned).collect())
                .unwrap_or_default()
        };
        let conversion = match name {
            "string" | "str" | "text" => Conversion::String,
            "int" | "integer" => Conversion::Int,
            "float" | "number" => Conversion::Float,
            "decimal" => Conversion::Decimal,
            "bool" | "boolean" => Conversion::Bool,
            "timestamp" | "ts" => Conversion::Timestamp(formats()),
            "date" => Conversion::Date(formats()),
            "epoch" => Conversion::Epoch(formats()),
            "epoch_ms" => Conversion::EpochMs(formats()),
            "json" => Conversion::Json,
            "trim" => Conversion::Trim,
            "lower" => Conversion::Lower,
            "upper" => Conversion::Upper,
            "null_if_empty" => Conversion::NullIfEmpty,
            "bytes" => Conversion::Bytes,
            "duration" => Conversion::Duration,
            "hash" => Conversion::Hash,
            "mask_ip" => Conversion::MaskIp,
            "redact" => Conversion::Redact,
            other => {
                return Err(Error::usage(format!(
                    "unknown type {other:?}; types: string int float decimal bool timestamp \
                     date epoch epoch_ms json trim lower upper null_if_empty bytes duration \
                     hash mask_ip redact"
                )))
            }
        };
        let takes_format = matches!(
            conversion,
            Conversion::Timestamp(_)
                | Conversion::Date(_)
                | Conversion::Epoch(_)
                | Conversion::EpochMs(_)
        );
        if format.is_some() && !takes_format {
            return Err(Error::usage(format!("{name} takes no FORMAT")));
        }
        Ok(conversion)
    }

    /// Converts to text only (no value is typed), so empty text stays empty.
    fn is_textual(&self) -> bool {
        matches!(
            self,
            Conversion::String
                | Conversion::Trim
                | Conversion::Lower
                | Conversion::Upper
                | Conversion::NullIfEmpty
                | Conversion::Hash
                | Conversion::MaskIp
                | Conversion::Redact
        )
    }
}

/// `FIELDS:TYPE` or `FIELDS:TYPE:FORMAT`; FIELDS is a field list (`a,b`, `user_*`).
#[derive(Clone, Debug)]
pub struct Spec {
    fields: Selection,
    conversion: Conversion,
}

impl Spec {
    pub fn parse(text: &str) -> Result<Spec> {
        let mut parts = text.splitn(3, ':');
        let fields = parts.next().unwrap_or_default();
        let Some(kind) = parts.next() else {
            return Err(Error::usage(format!(
                "{text:?}: expected FIELD:TYPE or FIELD:TYPE:FORMAT"
            )));
        };
        Ok(Spec {
            fields: Selection::parse(fields)?,
            conversion: Conversion::parse(kind, parts.next())?,
        })
    }

    pub fn conversion(&self) -> &Conversion {
        &self.conversion
    }
}

/// How times are read and written.
#[derive(Clone, Copy, Debug)]
pub struct TimeRules {
    /// The zone timestamps and dates are written in (`--tz`).
    pub zone: Zone,
    /// The zone of a timestamp written without an offset (`--input-tz`).
    pub input_zone: Zone,
    /// The unit of epoch numbers (`--epoch-unit`); told by their magnitude if `None`.
    pub epoch_unit: Option<EpochUnit>,
}

impl TimeRules {
    /// `text` as a timestamp: in the FORMATs given, else in the built-in forms.
    fn timestamp(&self, text: &str, formats: &[String]) -> Option<DateTime<FixedOffset>> {
        let place = |naive| self.input_zone.place(naive);
        if !formats.is_empty() {
            return time::parse_with_in(text, formats, place);
        }
        if let Some(unit) = self.epoch_unit {
            if let Some(t) = time::parse_epoch_in(text.trim(), Some(unit)) {
                return Some(t);
            }
        }
        // Only a zone other than UTC makes the offset-less forms differ from `parse`.
        if !matches!(self.input_zone, Zone::Utc) {
            if let Some(naive) = time::parse_naive(text) {
                return place(naive);
            }
        }
        time::parse(text)
    }
}

/// A zone timestamps are written or read in.
#[derive(Clone, Copy, Debug)]
pub enum Zone {
    Utc,
    Local,
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

impl FromStr for Zone {
    type Err = String;

    fn from_str(text: &str) -> Result<Zone, String> {
        if text.eq_ignore_ascii_case("utc") || text == "Z" {
            return Ok(Zone::Utc);
        }
        if text.eq_ignore_ascii_case("local") {
            return Ok(Zone::Local);
        }
        if let Ok(offset) = DateTime::parse_from_str(
            &format!("2000-01-01T00:00:00{text}"),
            "%Y-%m-%dT%H:%M:%S%:z",
        ) {
            return Ok(Zone::Fixed(*offset.offset()));
        }
        text.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| {
            format!("unknown zone {text:?}: use UTC, local, +01:00 or a name such as Europe/Berlin")
        })
    }
}

impl Zone {
    /// A wall-clock time in this zone; the earlier of two in a DST fold, `None` in
    /// a DST gap (a time the clocks skipped).
    fn place(self, naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            Zone::Utc => Some(chrono::Utc.from_utc_datetime(&naive).fixed_offset()),
            Zone::Local => chrono::Local
                .from_local_datetime(&naive)
                .earliest()
                .map(|t| t.fixed_offset()),
            Zone::Fixed(offset) => offset.from_local_datetime(&naive).single(),
            Zone::Named(tz) => tz
                .from_local_datetime(&naive)
                .earliest()
                .map(|t| t.fixed_offset()),
        }
    }

    fn rfc3339(self, t: &DateTime<FixedOffset>) -> String {
        let format = SecondsFormat::AutoSi;
        match self {
            Zone::Utc => t.with_timezone(&chrono::Utc).to_rfc3339_opts(format, true),
            Zone::Local => t
                .with_timezone(&chrono::Local)
                .to_rfc3339_opts(format, true),
            Zone::Fixed(offset) => t.with_timezone(&offset).to_rfc3339_opts(format, true),
            Zone::Named(tz) => t.with_timezone(&tz).to_rfc3339_opts(format, true),
        }
    }

    fn date(self, t: &DateTime<FixedOffset>) -> String {
        let format = "%Y-%m-%d";
        match self {
            Zone::Utc => t.with_timezone(&chrono::Utc).format(format).to_string(),
            Zone::Local => t.with_timezone(&chrono::Local).format(format).to_string(),
            Zone::Fixed(offset) => t.with_timezone(&offset).format(format).to_string(),
            Zone::Named(tz) => t.with_timezone(&tz).format(format).to_string(),
        }
    }
}

/// etl-cast: each record converted; with `--on-error null` a value that does not
/// convert becomes null and is counted.
pub struct Cast {
    caster: Caster,
    cast: Record,
    null_on_error: bool,
    nulled: u64,
}

impl Cast {
    pub fn new(caster: Caster, null_on_error: bool) -> Cast {
        Cast {
            caster,
            cast: Record::default(),
            null_on_error,
            nulled: 0,
        }
    }

    /// Values set to null so far.
    pub fn nulled(&self) -> u64 {
        self.nulled
    }
}

impl Operator for Cast {
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool> {
        self.nulled += self
            .caster
            .apply(record, &mut self.cast, self.null_on_error)?;
        out.write(&self.cast)?;
        Ok(true)
    }
}

pub struct Caster {
    specs: Vec<Spec>,
    /// `--infer`: the type of each column, decided from the first records.
    inferred: Option<Inference>,
    times: TimeRules,
    hash_key: Option<Vec<u8>>,
    /// For the header seen last: the output header and each field's conversions.
    plan: Option<(Arc<Header>, Vec<FieldPlan>)>,
}

/// What happens to one field: the conversion of its inferred type, then the specs.
#[derive(Clone, Default)]
struct FieldPlan {
    inferred: Option<ColumnType>,
    specs: Vec<usize>,
}

impl Caster {
    /// `hash_key` must be given when a spec hashes.
    pub fn new(
        specs: Vec<Spec>,
        inferred: Option<Inference>,
        times: TimeRules,
        hash_key: Option<Vec<u8>>,
    ) -> Result<Caster> {
        if specs.iter().any(|s| s.conversion == Conversion::Hash) && hash_key.is_none() {
            return Err(Error::usage(
                "hash needs a secret key in ETL_HASH_KEY: an unkeyed hash of an e-mail \
                 address or IP is undone by hashing every candidate",
            ));
        }
        if specs.is_empty() && inferred.is_none() {
            return Err(Error::usage(
                "nothing to do: give FIELD:TYPE specs or --infer",
            ));
        }
        Ok(Caster {
            specs,
            inferred,
            times,
            hash_key,
            plan: None,
        })
    }

    /// Converts `input` into `out`. With `null_on_error`, a value that does not
    /// convert becomes null and is counted in the returned number; otherwise the first
    /// such value is an `Error::Data` for the bad-record policy.
    pub fn apply(&mut self, input: &Record, out: &mut Record, null_on_error: bool) -> Result<u64> {
        let fresh = match &self.plan {
            Some((seen, _)) => !Arc::ptr_eq(seen, input.header()),
            None => true,
        };
        if fresh {
            let plan = self.plan_for(input)?;
            self.plan = Some((input.header().clone(), plan));
        }
        let (header, values) = out.parts_mut();
        if !Arc::ptr_eq(header, input.header()) {
            *header = input.header().clone();
        }
        let mut typed: Vec<Json> = match values {
            Values::Json(old) => {
                old.clear();
                std::mem::take(old)
            }
            Values::Text(_) | Values::Raw(_) => Vec::with_capacity(input.len()),
        };
        let (_, plan) = self.plan.as_ref().expect("planned above");
        let mut nulled = 0;
        for (i, (name, value)) in input.fields().enumerate() {
            let mut value = value.to_json();
            if let (Some(column), Some(ValueRef::Text(_))) = (plan[i].inferred, input.get(i)) {
                value = match self.typed(column, value) {
                    Ok(typed) => typed,
                    Err(_) if null_on_error => {
                        nulled += 1;
                        Json::Null
                    }
                    Err((shown, expected)) => {
                        let sample = self.inferred.as_ref().map(Inference::sample);
                        let expected = format!(
                            "{expected}, the type --infer gave the column from {}",
                            sample.unwrap_or_default()
                        );
                        return Err(Error::Data(bad_value(name, &shown, &expected)));
                    }
                };
            }
            for &spec in &plan[i].specs {
                value = match self.convert(&self.specs[spec].conversion, value) {
                    Ok(converted) => converted,
                    Err(_) if null_on_error => {
                        nulled += 1;
                        Json::Null
                    }
                    Err((shown, expected)) => {
                        return Err(Error::Data(bad_value(name, &shown, &expected)))
                    }
                };
            }
            typed.push(value);
        }
        *values = Values::Json(typed);
        Ok(nulled)
    }

    /// For each field of the input, its inferred type and the specs that apply to it,
    /// in order.
    fn plan_for(&self, input: &Record) -> Result<Vec<FieldPlan>> {
        let strict = matches!(input.values(), Values::Text(_));
        let mut plan = vec![FieldPlan::default(); input.len()];
        if let Some(inferred) = &self.inferred {
            for (field, name) in plan.iter_mut().zip(input.header().names()) {
                field.inferred = inferred.type_of(name);
            }
        }
        for (index, spec) in self.specs.iter().enumerate() {
            for pick in spec.fields.resolve(input.header(), strict)? {
                if let From::Index(i) = pick.from {
                    plan[i].specs.push(index);
                }
            }
        }
        Ok(plan)
    }

    /// A CSV text value as its column's inferred type: numbers and booleans converted,
    /// text, dates and timestamps kept as written; empty is null.
    fn typed(&self, column: ColumnType, value: Json) -> Result<Json, (String, String)> {
        if value.as_str() == Some("") {
            return Ok(Json::Null);
        }
        let conversion = match column {
            ColumnType::Int => Conversion::Int,
            ColumnType::Decimal => Conversion::Decimal,
            ColumnType::Float => Conversion::Float,
            ColumnType::Bool => Conversion::Bool,
            _ => return Ok(value),
        };
        self.convert(&conversion, value)
    }

    /// One conversion of one value; on failure, the value as shown and what was expected.
    fn convert(&self, conversion: &Conversion, value: Json) -> Result<Json, (String, String)> {
        if value.is_null() {
            return Ok(value);
        }
        let text: String = match &value {
            Json::String(s) => s.clone(),
            Json::Number(n) => n.to_string(),
            Json::Bool(b) => b.to_string(),
            other => other.to_string(),
        };
        if text.is_empty() && !conversion.is_textual() {
            return Ok(Json::Null);
        }
        let fail = |expected: &str| (text.clone(), expected.to_owned());
        let timestamp = |text: &str, formats: &[String]| self.times.timestamp(text, formats);
        Ok(match conversion {
            Conversion::String => Json::String(text),
            Conversion::Int => int(&text).ok_or_else(|| fail("is not an int"))?,
            Conversion::Float => text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() && crate::value::parse_number(text.trim()).is_some())
                .and_then(Number::from_f64)
                .map(Json::Number)
                .ok_or_else(|| fail("is not a float"))?,
            Conversion::Decimal => decimal(&text).ok_or_else(|| fail("is not a decimal"))?,
            Conversion::Bool => Json::Bool(boolean(&text).ok_or_else(|| fail("is not a boolean"))?),
            Conversion::Timestamp(formats) => Json::String(
                self.times
                    .zone
                    .rfc3339(&timestamp(&text, formats).ok_or_else(|| fail("is not a timestamp"))?),
            ),
            Conversion::Date(formats) => Json::String(
                self.times
                    .zone
                    .date(&timestamp(&text, formats).ok_or_else(|| fail("is not a timestamp"))?),
            ),
            Conversion::Epoch(formats) => {
                let t = timestamp(&text, formats).ok_or_else(|| fail("is not a timestamp"))?;
                let nanos = t.timestamp_subsec_nanos();
                if nanos == 0 {
                    Json::from(t.timestamp())
                } else {
                    decimal(format!("{}.{:09}", t.timestamp(), nanos).trim_end_matches('0'))
                        .ok_or_else(|| fail("is not a timestamp"))?
                }
            }
            Conversion::EpochMs(formats) => Json::from(
                timestamp(&text, formats)
                    .ok_or_else(|| fail("is not a timestamp"))?
                    .timestamp_millis(),
            ),
            Conversion::Json => match value {
                Json::String(s) => serde_json::from_str(&s).map_err(|_| fail("is not JSON"))?,
                other => other,
            },
            Conversion::Trim => Json::String(text.trim().to_owned()),
            Conversion::Lower => Json::String(text.to_lowercase()),
            Conversion::Upper => Json::String(text.to_uppercase()),
            Conversion::NullIfEmpty if text.is_empty() => Json::Null,
            Conversion::NullIfEmpty => value,
            Conversion::Bytes => Json::from(
                units::bytes(&text).ok_or_else(|| fail("is not a size such as 1.5K or 2MiB"))?,
            ),
            Conversion::Duration => {
                let seconds = units::duration_seconds(&text)
                    .ok_or_else(|| fail("is not a duration such as 1m30s or 150ms"))?;
                number(seconds)
            }
            Conversion::Hash => Json::String(anonymise::hash(
                self.hash_key.as_deref().expect("checked in new"),
                &text,
            )),
            Conversion::MaskIp => {
                Json::String(anonymise::mask_ip(&text).ok_or_else(|| fail("is not an IP address"))?)
            }
            Conversion::Redact => Json::String(anonymise::REDACTED.to_owned()),
        })
    }
}

/// A whole number as a JSON number, exactly, however many digits it has.
fn int(text: &str) -> Option<Json> {
    let text = text.trim();
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Ok(n) = text.parse::<i64>() {
        return Some(Json::from(n));
    }
    let digits = digits.trim_start_matches('0');
    let sign = if text.starts_with('-') { "-" } else { "" };
    Number::from_str(&format!("{sign}{digits}"))
        .ok()
        .map(Json::Number)
}

/// A decimal keeping every digit it was written with (`1.50` stays `1.50`).
fn decimal(text: &str) -> Option<Json> {
    let text = text.trim();
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let sign = if text.starts_with('-') { "-" } else { "" };
    let normal = if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    };
    Number::from_str(&normal).ok().map(Json::Number)
}

/// `true`, `t`, `yes`, `y`, `1`, `on` and their opposites, in any case; compared in
/// place, as this runs for every value of a boolean column.
pub fn boolean(text: &str) -> Option<bool> {
    const TRUE: [&str; 6] = ["true", "t", "yes", "y", "1", "on"];
    const FALSE: [&str; 6] = ["false", "f", "no", "n", "0", "off"];
    // The usual spellings first, before trimming and ignoring case.
    match text {
        "true" | "t" => return Some(true),
        "false" | "f" => return Some(false),
        _ => {}
    }
    let text = text.trim();
    let is = |words: [&str; 6]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    if is(TRUE) {
        Some(true)
    } else if is(FALSE) {
        Some(false)
    } else {
        None
    }
}

fn number(n: f64) -> Json {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        Json::from(n as i64)
    } else {
        Number::from_f64(n).map_or(Json::Null, Json::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_in_any_case() {
        for yes in [
            "true", "TRUE", "True", "t", "T", "yes", "Yes", "y", "1", "on", "ON", " t ",
        ] {
            assert_eq!(boolean(yes), Some(true), "{yes:?}");
        }
        for no in [
            "false", "FALSE", "f", "F", "no", "No", "n", "0", "off", "Off", "\tf",
        ] {
            assert_eq!(boolean(no), Some(false), "{no:?}");
        }
        for neither in ["", "tru", "yess", "2", "ja", "o", "t r u e", "truefalse"] {
            assert_eq!(boolean(neither), None, "{neither:?}");
        }
    }

    #[test]
    fn ints_and_decimals_keep_their_digits() {
        assert_eq!(int("42"), Some(Json::from(42)));
        assert_eq!(int("-007"), Some(Json::from(-7)));
        assert_eq!(
            int("123456789012345678901234567890").unwrap().to_string(),
            "123456789012345678901234567890"
        );
        assert_eq!(int("1.5"), None);
        assert_eq!(decimal("1.50").unwrap().to_string(), "1.50");
        assert_eq!(decimal("-.5").unwrap().to_string(), "-0.5");
        assert_eq!(decimal("12,5"), None);
    }

    #[test]
    fn zones() {
        assert!(matches!("UTC".parse::<Zone>(), Ok(Zone::Utc)));
        assert!(matches!("+01:00".parse::<Zone>(), Ok(Zone::Fixed(_))));
        assert!(matches!(
            "Europe/Berlin".parse::<Zone>(),
            Ok(Zone::Named(_))
        ));
        assert!("Mars/Base".parse::<Zone>().is_err());
    }
}
