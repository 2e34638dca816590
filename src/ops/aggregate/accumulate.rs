//! One aggregate over one group: the operations and what each keeps.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_json::Value as Json;

use super::decimal::Sum;
use super::sketch::{Distinct, Quantiles};
use crate::record::ValueRef;
use crate::value::{compare, format_number, Number, Val};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// Records in the group.
    Count,
    /// Non-null, non-empty values of a field.
    CountValues,
    Sum,
    Mean,
    Min,
    Max,
    First,
    Last,
    /// A quantile (median is p50).
    Quantile(Fraction),
    Stddev,
    Var,
    CountDistinct,
    Mode,
    List,
}

impl Op {
    pub fn parse(name: &str) -> Option<Op> {
        Some(match name {
            "count" => Op::Count,
            "sum" => Op::Sum,
            "mean" | "avg" => Op::Mean,
            "min" => Op::Min,
            "max" => Op::Max,
            "first" => Op::First,
            "last" => Op::Last,
            "median" => Op::Quantile(Fraction { num: 1, den: 2 }),
            "stddev" => Op::Stddev,
            "var" => Op::Var,
            "count_distinct" => Op::CountDistinct,
            "mode" => Op::Mode,
            "list" => Op::List,
            p => Op::Quantile(Fraction::percent(p.strip_prefix('p')?)?),
        })
    }
}

/// A quantile as the exact fraction written (p99.9 is 999/1000), so that rank
/// arithmetic is exact and results match other tools digit for digit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fraction {
    pub num: u64,
    pub den: u64,
}

impl Fraction {
    /// `99.9` → 999/1000; `None` unless a plain decimal in 0..=100 (6 decimals at most).
    fn percent(text: &str) -> Option<Fraction> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let plain = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || whole.len() > 3
            || fraction.len() > 6
            || !plain(whole)
            || !plain(fraction)
        {
            return None;
        }
        let num: u64 = format!("{whole}{fraction}").parse().ok()?;
        let den = 100 * 10u64.pow(fraction.len() as u32);
        (num <= den).then_some(Fraction { num, den })
    }

    /// The 0-based position q·(n−1) in n sorted values: whole part and the remainder
    /// over `den`.
    fn position(self, n: usize) -> (usize, u64) {
        let scaled = (n as u128 - 1) * self.num as u128;
        (
            (scaled / self.den as u128) as usize,
            (scaled % self.den as u128) as u64,
        )
    }

    /// The nearest rank, for sketches.
    fn nearest_rank(self, n: u64) -> u64 {
        let (whole, rest) = self.position(n as usize);
        whole as u64 + (2 * rest >= self.den) as u64
    }
}

/// What a record gives one aggregate, found before any aggregate changes, so that a
/// bad value (under `--on-error skip`) leaves every group as it was.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Checked {
    /// Null, empty or absent: ignored by all but `count`.
    Blank,
    /// The value counts (for min/max: it is a new extreme).
    Take,
    /// A number, for the numeric ops.
    Number(f64),
}

/// The state of one aggregate. Large or rare states are boxed, keeping each small
/// (48 bytes): with many groups, every record's aggregates are a cache miss away.
// Boxed maps: unboxed, the 48-byte map would make every state 64 bytes.
#[allow(clippy::box_collection)]
#[derive(Clone, Debug)]
pub enum Acc {
    Count(u64),
    CountValues(u64),
    /// The sum and how many values it has: none is null, as in SQL.
    Sum(Sum, u64),
    Mean(Sum, u64),
    /// The extreme so far, and its number when it is one (to compare without parsing).
    Extreme {
        value: Option<Box<Json>>,
        number: Option<Number>,
        max: bool,
    },
    First(Option<Box<Json>>),
    Last(Option<Box<Json>>),
    Values(Vec<f64>, Fraction),
    Sketch(Box<Quantiles>, Fraction),
    /// Welford's running mean and sum of squared deviations.
    Moments {
        n: u64,
        mean: f64,
        m2: f64,
        var: bool,
    },
    Distinct(Box<HashSet<Box<str>>>),
    DistinctApprox(Box<Distinct>),
    /// Value text → (count, first seen, the value).
    Mode(Box<HashMap<Box<str>, (u64, usize, Json)>>),
    List(Vec<Json>),
}

impl Acc {
    pub fn new(op: Op, approx: bool) -> Acc {
        match op {
            Op::Count => Acc::Count(0),
            Op::CountValues => Acc::CountValues(0),
            Op::Sum => Acc::Sum(Sum::default(), 0),
            Op::Mean => Acc::Mean(Sum::default(), 0),
            Op::Min | Op::Max => Acc::Extreme {
                value: None,
                number: None,
                max: op == Op::Max,
            },
            Op::First => Acc::First(None),
            Op::Last => Acc::Last(None),
            Op::Quantile(q) if approx => Acc::Sketch(Box::default(), q),
            Op::Quantile(q) => Acc::Values(Vec::new(), q),
            Op::Stddev | Op::Var => Acc::Moments {
                n: 0,
                mean: 0.0,
                m2: 0.0,
                var: op == Op::Var,
            },
            Op::CountDistinct if approx => Acc::DistinctApprox(Box::default()),
            Op::CountDistinct => Acc::Distinct(Box::default()),
            Op::Mode => Acc::Mode(Box::default()),
            Op::List => Acc::List(Vec::new()),
        }
    }

    /// Reads one record's value (`None` when the field is absent) without changing
    /// anything. A value a numeric op cannot read, or one min/max cannot order with the
    /// extreme so far, is an `Err` saying so.
    pub fn check(&self, value: Option<ValueRef<'_>>) -> Result<Checked, String> {
        let Some(value) = value.filter(|v| !is_blank(v)) else {
            return Ok(Checked::Blank);
        };
        match self {
            Acc::Sum(..)
            | Acc::Mean(..)
            | Acc::Values(..)
            | Acc::Sketch(..)
            | Acc::Moments { .. } => number(value).map(Checked::Number),
            Acc::Extreme { value: None, .. } => Ok(Checked::Take),
            Acc::Extreme {
                value: Some(best),
                number: best_number,
                max,
            } => {
                let ordering = match (best_number, exact(value)) {
                    (Some(b), Some(x)) => x.partial_cmp(*b),
                    _ => compare(&Val::from_field(Some(value)), &Val::from_json(best)).map_err(
                        |clash| format!("cannot order {} with {}", clash.left, clash.right),
                    )?,
                };
                let better = ordering.is_some_and(|o| o.is_ne() && o.is_gt() == *max);
                Ok(if better {
                    Checked::Take
                } else {
                    Checked::Blank
                })
            }
            _ => Ok(Checked::Take),
        }
    }

    /// Adds a value that [`Acc::check`] read as `checked`.
    pub fn add(&mut self, value: Option<ValueRef<'_>>, checked: Checked) {
        if let Acc::Count(n) = self {
            *n += 1;
            return;
        }
        let Some(value) = value else { return };
        match (self, checked) {
            (_, Checked::Blank) => {}
            (Acc::CountValues(n), _) => *n += 1,
            (Acc::Sum(sum, n), Checked::Number(x)) => {
                *n += 1;
                sum.add(&value.as_text().unwrap_or_default(), x)
            }
            (Acc::Mean(sum, n), Checked::Number(x)) => {
                sum.add(&value.as_text().unwrap_or_default(), x);
                *n += 1;
            }
            (Acc::Values(values, _), Checked::Number(x)) => values.push(x),
            (Acc::Sketch(sketch, _), Checked::Number(x)) => sketch.add(x),
            (Acc::Moments { n, mean, m2, .. }, Checked::Number(x)) => {
                *n += 1;
                let delta = x - *mean;
                *mean += delta / *n as f64;
                *m2 += delta * (x - *mean);
            }
            (
                Acc::Extreme {
                    value: best,
                    number: best_number,
                    ..
                },
                _,
            ) => {
                *best_number = exact(value);
                *best = Some(Box::new(value.to_json()));
            }
            (Acc::First(first), _) => {
                if first.is_none() {
                    *first = Some(Box::new(value.to_json()));
                }
            }
            (Acc::Last(last), _) => *last = Some(Box::new(value.to_json())),
            (Acc::Distinct(seen), _) => {
                let text = key_text(value);
                if !seen.contains(&*text) {
                    seen.insert(text.into());
                }
            }
            (Acc::DistinctApprox(distinct), _) => distinct.add(&key_text(value)),
            (Acc::Mode(counts), _) => {
                let order = counts.len();
                let text = key_text(value);
                match counts.get_mut(&*text) {
                    Some(entry) => entry.0 += 1,
                    None => {
                        counts.insert(text.into(), (1, order, value.to_json()));
                    }
                }
            }
            (Acc::List(values), _) => values.push(value.to_json()),
            (acc, checked) => unreachable!("{checked:?} for {acc:?}"),
        }
    }

    pub fn finish(self) -> Json {
        match self {
            Acc::Count(n) | Acc::CountValues(n) => Json::from(n),
            Acc::Sum(_, 0) | Acc::Mean(_, 0) => Json::Null,
            Acc::Sum(sum, _) => number_text(&sum.text()),
            Acc::Mean(sum, n) => number_text(&sum.mean_text(n)),
            Acc::Extreme { value, .. } | Acc::First(value) | Acc::Last(value) => {
                value.map_or(Json::Null, |value| *value)
            }
            Acc::Values(values, q) => quantile(values, q),
            Acc::Sketch(sketch, q) => match sketch.count() {
                0 => Json::Null,
                n => sketch.at_rank(q.nearest_rank(n)).map_or(Json::Null, float),
            },
            Acc::Moments { n, .. } if n < 2 => Json::Null,
            Acc::Moments { n, m2, var, .. } => {
                let variance = m2 / (n - 1) as f64;
                float(if var { variance } else { variance.sqrt() })
            }
            Acc::Distinct(seen) => Json::from(seen.len()),
            Acc::DistinctApprox(distinct) => Json::from(distinct.estimate()),
            Acc::Mode(counts) => counts
                .into_values()
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                .map_or(Json::Null, |(_, _, value)| value),
            Acc::List(values) => Json::Array(values),
        }
    }
}

/// Null and empty text hold no value for any aggregate but `count`.
fn is_blank(value: &ValueRef<'_>) -> bool {
    value.is_null() || matches!(value, ValueRef::Text("") | ValueRef::Raw("\"\""))
}

/// A value as text, to tell values apart (distinct counts, modes).
fn key_text<'a>(value: ValueRef<'a>) -> Cow<'a, str> {
    value
        .as_text()
        .unwrap_or_else(|| Cow::Owned(value.to_json().to_string()))
}

/// A value as an exact number, for min and max: integers beyond 2^53 differ.
fn exact(value: ValueRef<'_>) -> Option<Number> {
    Number::parse(&value.as_text()?)
}

/// A value as a number: a JSON number, or text that reads as one (CSV).
fn number(value: ValueRef<'_>) -> Result<f64, String> {
    let text = match value {
        ValueRef::Json(Json::Bool(_)) | ValueRef::Raw("true" | "false") => None,
        other => other.as_text(),
    };
    text.as_deref()
        .and_then(crate::value::parse_number)
        .ok_or_else(|| format!("{} is not a number", crate::error::quoted(&key_text(value))))
}

/// Linear interpolation between the closest ranks (NumPy's default, R's type 7),
/// weighted the way Python's statistics.quantiles does it, for the same last digit.
fn quantile(mut values: Vec<f64>, q: Fraction) -> Json {
    if values.is_empty() {
        return Json::Null;
    }
    values.sort_unstable_by(f64::total_cmp);
    let (low, rest) = q.position(values.len());
    if rest == 0 {
        return float(values[low]);
    }
    let (den, rest) = (q.den as f64, rest as f64);
    float((values[low] * (den - rest) + values[low + 1] * rest) / den)
}

fn float(x: f64) -> Json {
    number_text(&format_number(x))
}

fn number_text(text: &str) -> Json {
    text.parse::<serde_json::Number>()
        .map_or(Json::Null, Json::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_stay_small() {
        assert!(
            std::mem::size_of::<Acc>() <= 48,
            "{}",
            std::mem::size_of::<Acc>()
        );
    }

    fn run(op: Op, values: &[&str]) -> String {
        let mut acc = Acc::new(op, false);
        for v in values {
            let value = Some(ValueRef::Text(v));
            let checked = acc.check(value).unwrap();
            acc.add(value, checked);
        }
        acc.finish().to_string()
    }

    /// Expected values from Python's statistics module (mean, median, variance, stdev,
    /// quantiles(method="inclusive"), which is this definition of pNN).
    #[test]
    fn each_op() {
        let v = ["3", "1", "", "4", "1", "5"];
        assert_eq!(run(Op::Count, &v), "6");
        assert_eq!(run(Op::CountValues, &v), "5");
        assert_eq!(run(Op::Sum, &v), "14");
        assert_eq!(run(Op::Mean, &v), "2.8");
        assert_eq!(run(Op::Min, &v), "\"1\"");
        assert_eq!(run(Op::Max, &v), "\"5\"");
        assert_eq!(run(Op::First, &v), "\"3\"");
        assert_eq!(run(Op::Last, &v), "\"5\"");
        let p = |text| Op::parse(text).unwrap();
        assert_eq!(run(p("median"), &v), "3");
        assert_eq!(run(p("p90"), &v), "4.6");
        assert_eq!(run(p("p30"), &v), "1.4");
        assert_eq!(run(p("p100"), &v), "5");
        assert_eq!(run(p("p0"), &v), "1");
        assert_eq!(run(Op::Var, &v), "3.2");
        assert_eq!(run(Op::Stddev, &v), "1.7888543819998317");
        assert_eq!(run(Op::CountDistinct, &v), "4");
        assert_eq!(run(Op::Mode, &v), "\"1\"");
        assert_eq!(
            run(Op::Mode, &["b", "a", "a", "b"]),
            "\"b\"",
            "ties: first seen"
        );
        assert_eq!(run(Op::List, &["a", "", "b"]), "[\"a\",\"b\"]");
        assert_eq!(
            run(Op::Max, &["10", "9"]),
            "\"10\"",
            "numeric text orders as numbers"
        );
        assert_eq!(run(Op::Max, &["b", "a"]), "\"b\"");
        assert_eq!(
            run(
                Op::Min,
                &["2024-03-01T01:00:00+01:00", "2024-03-01T00:30:00Z"]
            ),
            "\"2024-03-01T01:00:00+01:00\"",
            "timestamps order as instants"
        );
        assert_eq!(run(Op::Var, &["7"]), "null", "needs two values");
        assert_eq!(run(Op::Mean, &[""]), "null");
        assert_eq!(
            run(Op::Sum, &[]),
            "null",
            "no values: null, as mean and SQL"
        );
        assert_eq!(run(Op::Sum, &["", ""]), "null");
    }

    #[test]
    fn quantiles_are_exact_fractions() {
        assert_eq!(
            Op::parse("p99.9"),
            Some(Op::Quantile(Fraction {
                num: 999,
                den: 1000
            }))
        );
        assert_eq!(
            Op::parse("p50"),
            Some(Op::Quantile(Fraction { num: 50, den: 100 }))
        );
        for bad in ["p", "p100.1", "p-1", "p1e2", "p.5", "pnan", "p99.1234567"] {
            assert_eq!(Op::parse(bad), None, "{bad}");
        }
        let q = Fraction {
            num: 999,
            den: 1000,
        };
        assert_eq!(q.position(3), (1, 998));
        assert_eq!(q.nearest_rank(3), 2);
        assert_eq!(
            Fraction { num: 1, den: 2 }.nearest_rank(4),
            2,
            "1.5 rounds up"
        );
    }

    #[test]
    fn bad_values_are_errors_before_anything_changes() {
        let acc = Acc::new(Op::Sum, false);
        assert_eq!(
            acc.check(Some(ValueRef::Text("12,5"))),
            Err("\"12,5\" is not a number".into())
        );
        assert_eq!(
            acc.check(Some(ValueRef::Raw("true"))),
            Err("\"true\" is not a number".into())
        );
        assert_eq!(acc.check(Some(ValueRef::Raw("null"))), Ok(Checked::Blank));
        assert_eq!(acc.check(None), Ok(Checked::Blank));
        let mut max = Acc::new(Op::Max, false);
        max.add(Some(ValueRef::Raw("5")), Checked::Take);
        assert_eq!(
            max.check(Some(ValueRef::Raw("\"abc\""))),
            Err("cannot order \"abc\" with 5".into())
        );
    }

    #[test]
    fn json_numbers_and_text_numbers_mix() {
        let mut acc = Acc::new(Op::Sum, false);
        for raw in ["1.25", "\"2.50\""] {
            let checked = acc.check(Some(ValueRef::Raw(raw))).unwrap();
            acc.add(Some(ValueRef::Raw(raw)), checked);
        }
        assert_eq!(acc.finish().to_string(), "3.75");
    }
}
