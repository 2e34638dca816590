//! `--bucket FIELD:WIDTH`: records grouped by the bucket their field falls in, before
//! the `--by` fields. A duration buckets timestamps, aligned to UTC; a bare number
//! buckets numbers (`amount:50`: 0, 50, 100…), exactly for plain decimals.

use serde_json::Value as Json;

use super::spec::parse_interval;
use super::{time_text, timestamp, value};
use crate::error::{quoted, Error, Result};
use crate::record::Record;
use crate::selector::From;
use crate::value::{parse_number, plain_decimal};

#[derive(Clone, Debug)]
pub struct Bucket {
    pub field: String,
    width: Width,
}

#[derive(Clone, Debug)]
enum Width {
    /// Milliseconds: a timestamp's bucket starts at a multiple of it since the epoch.
    Time(i64),
    /// A positive decimal as its digits and how many of them are decimals (`0.25` is
    /// 25 and 2): a number's bucket starts at a multiple of it.
    Number { digits: i128, scale: u32 },
}

/// More decimals than this in a value or width are read as a double instead.
const MAX_SCALE: u32 = 18;

impl Bucket {
    pub fn parse(text: &str) -> Result<Bucket> {
        let (field, width) = text.rsplit_once(':').ok_or_else(|| {
            Error::usage(format!(
                "--bucket {text:?}: write FIELD:WIDTH, e.g. ts:5m or amount:50"
            ))
        })?;
        let width = match plain_decimal(width.as_bytes()) {
            Some(d) if !d.negative && d.digits > 0 && d.scale <= MAX_SCALE => Width::Number {
                digits: d.digits,
                scale: d.scale,
            },
            Some(_) => {
                return Err(Error::usage(format!(
                    "--bucket {text:?}: a bucket width is a positive number (at most \
                     {MAX_SCALE} decimals) or an interval such as 5m"
                )))
            }
            None => Width::Time(parse_interval(width)?),
        };
        Ok(Bucket {
            field: field.to_owned(),
            width,
        })
    }

    /// The number of the bucket `record` falls in (its start over the width).
    pub fn index(&self, record: &Record, from: &From) -> Result<i64> {
        match self.width {
            Width::Time(millis) => Ok(timestamp(record, from, &self.field)?.div_euclid(millis)),
            Width::Number { digits, scale } => {
                let value = value(record, from);
                let text = value.as_ref().and_then(|v| v.as_text());
                text.as_deref()
                    .and_then(|text| number_index(text, digits, scale))
                    .ok_or_else(|| {
                        let shown = match (&value, &text) {
                            (None, _) => "absent".to_owned(),
                            (Some(v), _) if v.is_null() => "null".to_owned(),
                            (_, text) => quoted(text.as_deref().unwrap_or_default()),
                        };
                        Error::Data(format!(
                            "field {}: {shown} is not a number",
                            quoted(&self.field)
                        ))
                    })
            }
        }
    }

    /// The bucket's value as written: where it starts, an RFC 3339 time or a number.
    pub fn start(&self, index: i64) -> Json {
        match self.width {
            Width::Time(millis) => Json::String(time_text(index * millis)),
            Width::Number { digits, scale } => {
                let start = decimal_text(i128::from(index) * digits, scale);
                start.parse().map_or(Json::Null, Json::Number)
            }
        }
    }
}

/// The bucket of the number `text` for a width of `digits` at `scale`: exact for a
/// plain decimal, through doubles for other numbers (`1e3`).
fn number_index(text: &str, digits: i128, scale: u32) -> Option<i64> {
    let exact = plain_decimal(text.trim().as_bytes()).and_then(|d| {
        let common = d.scale.max(scale);
        if common > MAX_SCALE {
            return None;
        }
        let value = d.digits.checked_mul(10_i128.pow(common - d.scale))?;
        let value = if d.negative { -value } else { value };
        let width = digits * 10_i128.pow(common - scale);
        i64::try_from(value.div_euclid(width)).ok()
    });
    exact.or_else(|| {
        let x = parse_number(text.trim())?;
        let index = (x / (digits as f64 / 10f64.powi(scale as i32))).floor();
        (index.abs() < 9e18).then_some(index as i64)
    })
}

/// `n` / 10^scale as a decimal: `-125` at 1 is `-12.5`.
fn decimal_text(n: i128, scale: u32) -> String {
    let digits = n.unsigned_abs().to_string();
    let sign = if n < 0 { "-" } else { "" };
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let digits = format!("{digits:0>width$}", width = scale as usize + 1);
    let (whole, fraction) = digits.split_at(digits.len() - scale as usize);
    format!("{sign}{whole}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_fall_in_buckets_exactly() {
        let index = |text, width: &str| {
            let d = plain_decimal(width.as_bytes()).unwrap();
            number_index(text, d.digits, d.scale)
        };
        assert_eq!(index("120", "50"), Some(2));
        assert_eq!(index("-1", "50"), Some(-1));
        // 0.3 / 0.1 is 2.9999999999999996 in doubles.
        assert_eq!(index("0.3", "0.1"), Some(3));
        assert_eq!(index("1e3", "50"), Some(20));
        assert_eq!(index("x", "50"), None);
        assert_eq!(decimal_text(3, 1), "0.3");
        assert_eq!(decimal_text(-125, 1), "-12.5");
        assert_eq!(decimal_text(100, 0), "100");
        assert_eq!(decimal_text(5, 3), "0.005");
    }
}
