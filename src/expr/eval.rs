//! Evaluates an expression against one record, borrowing values from it.

use std::borrow::Cow;
use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset};
use serde_json::Value as Json;

use super::ast::{BinOp, Expr, Func};
use super::decimal;
use crate::record::{Header, Record, ValueRef};
use crate::value::{compare, equal, Number, Val};

/// Where a field the expression reads is in records with one header.
#[derive(Clone, Debug)]
pub enum Slot {
    Index(usize),
    /// A dotted path into nested objects, looked up per record.
    Path,
    Absent,
}

pub fn resolve(fields: &[String], header: &Header) -> Vec<Slot> {
    fields
        .iter()
        .map(|name| match header.index(name) {
            Some(i) => Slot::Index(i),
            None if name.contains(['.', '[']) => Slot::Path,
            None => Slot::Absent,
        })
        .collect()
}

pub struct Context<'a> {
    pub record: &'a Record,
    pub slots: &'a [Slot],
    pub fields: &'a [String],
}

type Eval<'a> = Result<Val<'a>, String>;

impl<'a> Context<'a> {
    pub fn test(&self, expr: &'a Expr) -> Result<bool, String> {
        match self.eval(expr)? {
            Val::Bool(b) => Ok(b),
            Val::Null => Ok(false),
            other => Err(format!(
                "the expression gave {} ({}), not true or false",
                other.kind(),
                other.show()
            )),
        }
    }

    fn field(&self, index: usize) -> Option<ValueRef<'a>> {
        match self.slots[index] {
            Slot::Index(i) => self.record.get(i),
            Slot::Path => self.record.get_path(&self.fields[index]),
            Slot::Absent => None,
        }
    }

    fn eval(&self, expr: &'a Expr) -> Eval<'a> {
        Ok(match expr {
            Expr::Null => Val::Null,
            Expr::Bool(b) => Val::Bool(*b),
            Expr::Num(n) => Val::Num(*n),
            Expr::Str(s) => Val::Str(Cow::Borrowed(s)),
            Expr::Field(index) => Val::from_field(self.field(*index)),
            Expr::List(items) => Val::List(
                items
                    .iter()
                    .map(|e| self.eval(e))
                    .collect::<Result<_, _>>()?,
            ),
            Expr::Not(inner) => Val::Bool(!self.test(inner)?),
            Expr::Neg(inner) => match self.eval(inner)? {
                value if is_missing(&value) => Val::Null,
                value => Val::Num(-exact(&value, "-")?),
            },
            Expr::Match {
                subject,
                regex,
                negated,
            } => match text(&self.eval(subject)?) {
                None => Val::Bool(false),
                Some(t) => Val::Bool(regex.is_match(&t) != *negated),
            },
            Expr::Binary(op, left, right) => self.binary(*op, left, right)?,
            Expr::Call(func, args) => self.call(*func, args)?,
            Expr::Replace {
                subject,
                regex,
                with,
            } => match text(&self.eval(subject)?) {
                None => Val::Null,
                Some(t) => {
                    let with = self.eval(with)?;
                    let with = text(&with).ok_or_else(|| {
                        format!("replace needs text to put in, got {}", with.kind())
                    })?;
                    Val::Str(Cow::Owned(regex.replace_all(&t, &*with).into_owned()))
                }
            },
            Expr::Capture {
                subject,
                regex,
                group,
            } => match text(&self.eval(subject)?) {
                None => Val::Null,
                Some(t) => {
                    // The first group, or the whole match of a regex without groups.
                    let wanted = match group {
                        Some(group) => integer(&self.eval(group)?, "capture's group")?,
                        None => i64::from(regex.captures_len() > 1),
                    };
                    let index = usize::try_from(wanted)
                        .ok()
                        .filter(|&i| i < regex.captures_len())
                        .ok_or_else(|| {
                            format!(
                                "capture's group {wanted} is not in the regex (it has {})",
                                regex.captures_len() - 1
                            )
                        })?;
                    match regex.captures(&t).and_then(|found| found.get(index)) {
                        Some(found) => Val::Str(Cow::Owned(found.as_str().to_owned())),
                        None => Val::Null,
                    }
                }
            },
        })
    }

    /// The value of the expression, for a computed field.
    pub fn value(&self, expr: &'a Expr) -> Eval<'a> {
        self.eval(expr)
    }

    fn binary(&self, op: BinOp, left: &'a Expr, right: &'a Expr) -> Eval<'a> {
        match op {
            BinOp::And => return Ok(Val::Bool(self.test(left)? && self.test(right)?)),
            BinOp::Or => return Ok(Val::Bool(self.test(left)? || self.test(right)?)),
            _ => {}
        }
        let (a, b) = (self.eval(left)?, self.eval(right)?);
        let ordered = |wanted: fn(Ordering) -> bool| -> Eval<'a> {
            match compare(&a, &b) {
                Ok(Some(ordering)) => Ok(Val::Bool(wanted(ordering))),
                Ok(None) => Ok(Val::Bool(false)),
                Err(clash) => Err(format!(
                    "cannot compare {} with {}",
                    clash.left, clash.right
                )),
            }
        };
        match op {
            BinOp::Eq => Ok(Val::Bool(equal(&a, &b))),
            BinOp::Ne => Ok(Val::Bool(!equal(&a, &b))),
            BinOp::Lt => ordered(Ordering::is_lt),
            BinOp::Le => ordered(Ordering::is_le),
            BinOp::Gt => ordered(Ordering::is_gt),
            BinOp::Ge => ordered(Ordering::is_ge),
            BinOp::In => membership(&b, &a, "in"),
            BinOp::Contains => contains(&a, &b),
            BinOp::StartsWith | BinOp::EndsWith => affix(op == BinOp::StartsWith, &a, &b),
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                arithmetic(op, &a, &b)
            }
            BinOp::And | BinOp::Or => unreachable!("handled above"),
        }
    }

    fn call(&self, func: Func, args: &'a [Expr]) -> Eval<'a> {
        if let (Func::Exists | Func::IsNull, Some(Expr::Field(index))) = (func, args.first()) {
            let value = self.field(*index);
            return Ok(Val::Bool(match func {
                Func::Exists => value.is_some(),
                _ => value.is_none_or(|v| v.is_null()),
            }));
        }
        match func {
            Func::If => {
                let chosen = if self.test(&args[0])? {
                    &args[1]
                } else {
                    &args[2]
                };
                return self.eval(chosen);
            }
            Func::Coalesce => {
                for arg in args {
                    let value = self.eval(arg)?;
                    if !is_missing(&value) {
                        return Ok(value);
                    }
                }
                return Ok(Val::Null);
            }
            Func::Concat => {
                let mut joined = String::new();
                for arg in args {
                    match self.eval(arg)? {
                        Val::Null => {}
                        value => match text(&value) {
                            Some(t) => joined.push_str(&t),
                            None => joined.push_str(&value.show()),
                        },
                    }
                }
                return Ok(Val::Str(Cow::Owned(joined)));
            }
            Func::Min | Func::Max => return self.extreme(func == Func::Max, args),
            Func::Now => return Ok(Val::Time(run_started())),
            _ => {}
        }
        let a = self.eval(&args[0])?;
        Ok(match func {
            Func::Trim => match text(&a) {
                None => Val::Null,
                Some(t) => Val::Str(Cow::Owned(t.trim().to_owned())),
            },
            Func::Substr => match text(&a) {
                None => Val::Null,
                Some(t) => {
                    let start = integer(&self.eval(&args[1])?, "substr's start")?;
                    let len = match args.get(2) {
                        Some(len) => Some(integer(&self.eval(len)?, "substr's length")?),
                        None => None,
                    };
                    Val::Str(Cow::Owned(substring(&t, start, len)))
                }
            },
            Func::Round | Func::Floor | Func::Ceil | Func::Abs if matches!(a, Val::Null) => {
                Val::Null
            }
            Func::Round => {
                let places = match args.get(1) {
                    Some(places) => integer(&self.eval(places)?, "round's places")?,
                    None => 0,
                };
                Val::Num(round(exact(&a, "round")?, places))
            }
            Func::Floor | Func::Ceil => Val::Num(match exact(&a, "floor and ceil")? {
                Number::Float(f) => {
                    let whole = if func == Func::Floor {
                        f.floor()
                    } else {
                        f.ceil()
                    };
                    whole_number(whole)
                }
                int => int,
            }),
            Func::Abs => Val::Num(match exact(&a, "abs")? {
                Number::Int(i) => i
                    .checked_abs()
                    .map_or(Number::Float((i as f64).abs()), Number::Int),
                Number::Float(f) => Number::Float(f.abs()),
            }),
            Func::Lower | Func::Upper => match text(&a) {
                None => Val::Null,
                Some(t) if func == Func::Lower => Val::Str(Cow::Owned(t.to_lowercase())),
                Some(t) => Val::Str(Cow::Owned(t.to_uppercase())),
            },
            Func::Len => match &a {
                Val::Null => Val::Null,
                Val::Json(j) => count(match &**j {
                    Json::Array(items) => items.len(),
                    Json::Object(fields) => fields.len(),
                    _ => 0,
                }),
                Val::List(items) => count(items.len()),
                other => count(text(other).map_or(0, |t| t.chars().count())),
            },
            Func::Ts => timestamp(&a, "ts")?.map_or(Val::Null, Val::Time),
            Func::Epoch => match timestamp(&a, "epoch")? {
                None => Val::Null,
                Some(t) => Val::Num(match t.timestamp_subsec_nanos() {
                    0 => Number::Int(t.timestamp()),
                    nanos => Number::Float(t.timestamp() as f64 + f64::from(nanos) / 1e9),
                }),
            },
            Func::FormatTs => match timestamp(&a, "format_ts")? {
                None => Val::Null,
                Some(t) => {
                    let format = self.eval(&args[1])?;
                    let format = text(&format).unwrap_or_default();
                    Val::Str(Cow::Owned(format_time(&t, &format)?))
                }
            },
            Func::TruncTs => match timestamp(&a, "trunc_ts")? {
                None => Val::Null,
                Some(t) => {
                    let unit = self.eval(&args[1])?;
                    Val::Time(truncate_time(t, &text(&unit).unwrap_or_default())?)
                }
            },
            Func::Bin => {
                let width = self.eval(&args[1])?;
                if is_missing(&a) {
                    Val::Null
                } else {
                    Val::Num(bin(exact(&a, "bin")?, exact(&width, "bin")?)?)
                }
            }
            Func::Split => match text(&a) {
                None => Val::Null,
                Some(t) => {
                    let separator = self.eval(&args[1])?;
                    let separator = text(&separator).unwrap_or_default();
                    if separator.is_empty() {
                        return Err("split's separator is empty".to_owned());
                    }
                    Val::List(
                        t.split(&*separator)
                            .map(|part| Val::Str(Cow::Owned(part.to_owned())))
                            .collect(),
                    )
                }
            },
            Func::Join => {
                let separator = self.eval(&args[1])?;
                let separator = text(&separator).unwrap_or_default();
                let parts: Vec<String> = match &a {
                    Val::Null => return Ok(Val::Null),
                    Val::List(items) => items.iter().filter_map(joined).collect(),
                    Val::Json(j) if j.is_array() => (j.as_array().into_iter().flatten())
                        .filter_map(|item| joined(&Val::from_json(item)))
                        .collect(),
                    other => {
                        return Err(format!(
                            "join needs a list, got {} ({})",
                            other.kind(),
                            other.show()
                        ))
                    }
                };
                Val::Str(Cow::Owned(parts.join(&separator)))
            }
            Func::IsNum | Func::IsInt => Val::Bool(match a.as_exact() {
                Some(Number::Int(_)) => true,
                Some(Number::Float(f)) => func == Func::IsNum && f.is_finite(),
                None => false,
            }),
            Func::IsBool => Val::Bool(match &a {
                Val::Bool(_) => true,
                Val::Str(s) => matches!(&**s, "true" | "false"),
                _ => false,
            }),
            Func::IsTs => Val::Bool(match &a {
                Val::Time(_) => true,
                Val::Str(s) => crate::time::parse(s).is_some(),
                _ => false,
            }),
            Func::Hash => match text(&a) {
                None => Val::Null,
                Some(t) => Val::Str(Cow::Owned(crate::ops::cast::anonymise::hash(
                    hash_key()?,
                    &t,
                ))),
            },
            Func::MaskIp => match text(&a) {
                None => Val::Null,
                Some(t) if t.is_empty() => Val::Str(Cow::Owned(String::new())),
                Some(t) => Val::Str(Cow::Owned(
                    crate::ops::cast::anonymise::mask_ip(&t)
                        .ok_or_else(|| format!("mask_ip({}): not an IP address", a.show()))?,
                )),
            },
            Func::Contains => contains(&a, &self.eval(&args[1])?)?,
            Func::StartsWith | Func::EndsWith => {
                affix(func == Func::StartsWith, &a, &self.eval(&args[1])?)?
            }
            Func::Exists | Func::IsNull => unreachable!("handled above"),
            Func::If | Func::Coalesce | Func::Concat | Func::Min | Func::Max | Func::Now => {
                unreachable!("handled above")
            }
            Func::Replace => unreachable!("parsed as Expr::Replace"),
            Func::Capture => unreachable!("parsed as Expr::Capture"),
            Func::Lpad | Func::Rpad => match text(&a) {
                None => Val::Null,
                Some(t) => {
                    let width = integer(&self.eval(&args[1])?, "pad's width")?;
                    let fill = match args.get(2) {
                        Some(fill) => {
                            let fill = self.eval(fill)?;
                            let fill = text(&fill).unwrap_or_default().into_owned();
                            let mut chars = fill.chars();
                            match (chars.next(), chars.next()) {
                                (Some(c), None) => c,
                                _ => {
                                    return Err(format!(
                                        "pad's fill must be one character, got {fill:?}"
                                    ))
                                }
                            }
                        }
                        None => ' ',
                    };
                    Val::Str(Cow::Owned(pad(&t, width, fill, func == Func::Lpad)?))
                }
            },
        })
    }

    /// The least or greatest of the values that are neither null nor empty; null when
    /// none is.
    fn extreme(&self, max: bool, args: &'a [Expr]) -> Eval<'a> {
        let mut best: Option<Val<'a>> = None;
        for arg in args {
            let value = self.eval(arg)?;
            if is_missing(&value) {
                continue;
            }
            let better = match &best {
                None => true,
                Some(current) => match compare(&value, current) {
                    Ok(ordering) => ordering.is_some_and(|o| o.is_gt() == max && o.is_ne()),
                    Err(clash) => {
                        return Err(format!(
                            "cannot compare {} with {}",
                            clash.left, clash.right
                        ))
                    }
                },
            };
            if better {
                best = Some(value);
            }
        }
        Ok(best.unwrap_or(Val::Null))
    }
}

/// A value as a timestamp: null stays null, a number is an epoch, text is parsed.
fn timestamp(value: &Val, function: &str) -> Result<Option<DateTime<FixedOffset>>, String> {
    let parsed = match value {
        Val::Null => return Ok(None),
        Val::Str(s) if s.is_empty() => return Ok(None),
        Val::Time(t) => Some(*t),
        Val::Num(n) => crate::time::parse_epoch(&n.to_string()),
        other => text(other).and_then(|t| crate::time::parse(&t)),
    };
    parsed
        .map(Some)
        .ok_or_else(|| format!("{function}({}): not a timestamp", value.show()))
}

/// `time` in strftime's `format`; a format chrono cannot write is an error, not a panic.
fn format_time(time: &DateTime<FixedOffset>, format: &str) -> Result<String, String> {
    use chrono::format::{Item, StrftimeItems};
    let items: Vec<Item> = StrftimeItems::new(format).collect();
    if items.iter().any(|item| matches!(item, Item::Error)) {
        return Err(format!("format_ts: {format:?} is not a strftime format"));
    }
    let mut written = String::new();
    std::fmt::Write::write_fmt(
        &mut written,
        format_args!("{}", time.format_with_items(items.into_iter())),
    )
    .map_err(|_| format!("format_ts: {format:?} cannot be written for {time}"))?;
    Ok(written)
}

/// `time` cut down to the start of its `unit`, in its own offset.
fn truncate_time(time: DateTime<FixedOffset>, unit: &str) -> Result<DateTime<FixedOffset>, String> {
    use chrono::{Datelike, NaiveTime, TimeZone, Timelike};
    let date = time.date_naive();
    let (date, clock) = match unit {
        "second" => (date, time.time().with_nanosecond(0)),
        "minute" => (date, NaiveTime::from_hms_opt(time.hour(), time.minute(), 0)),
        "hour" => (date, NaiveTime::from_hms_opt(time.hour(), 0, 0)),
        "day" => (date, NaiveTime::from_hms_opt(0, 0, 0)),
        "month" => (
            date.with_day(1).unwrap_or(date),
            NaiveTime::from_hms_opt(0, 0, 0),
        ),
        "year" => (
            date.with_day(1)
                .and_then(|d| d.with_month(1))
                .unwrap_or(date),
            NaiveTime::from_hms_opt(0, 0, 0),
        ),
        _ => {
            return Err(format!(
                "trunc_ts: unknown unit {unit:?}; units: second minute hour day month year"
            ))
        }
    };
    let clock = clock.expect("a valid time of day");
    time.offset()
        .from_local_datetime(&date.and_time(clock))
        .single()
        .ok_or_else(|| format!("trunc_ts: {time} has no start of its {unit}"))
}

/// `value` down to a multiple of `width`: `bin(87, 50)` is 50.
fn bin(value: Number, width: Number) -> Result<Number, String> {
    match (value, width) {
        (_, w) if w.as_f64().is_nan() || w.as_f64() <= 0.0 => {
            Err(format!("bin's width must be above 0, got {w}"))
        }
        // The bin below the least integers is past 64 bits: a bad value, not a wrap.
        (Number::Int(v), Number::Int(w)) => (v.div_euclid(w).checked_mul(w))
            .map(Number::Int)
            .ok_or_else(|| format!("bin({v}, {w}) is below the least 64-bit integer")),
        (v, w) => {
            let binned = (v.as_f64() / w.as_f64()).floor() * w.as_f64();
            Ok(match binned.fract() {
                0.0 => whole_number(binned),
                _ => Number::Float(binned),
            })
        }
    }
}

/// `text` filled with `fill` to `width` characters, on the left or the right; longer
/// text stays as it is.
fn pad(text: &str, width: i64, fill: char, left: bool) -> Result<String, String> {
    // A width beyond any real column is a mistake, not a request for gigabytes.
    const WIDEST: i64 = 1 << 16;
    if !(0..=WIDEST).contains(&width) {
        return Err(format!("pad's width must be 0 to {WIDEST}, got {width}"));
    }
    let missing = (width as usize).saturating_sub(text.chars().count());
    let filling: String = std::iter::repeat_n(fill, missing).collect();
    Ok(if left {
        filling + text
    } else {
        text.to_owned() + &filling
    })
}

/// An item of a list as `join` writes it: text as it is, null left out.
fn joined(item: &Val) -> Option<String> {
    match item {
        Val::Null => None,
        other => Some(text(other).map_or_else(|| other.show(), Cow::into_owned)),
    }
}

/// `now()`: the time the run first asked for it, the same for every record after (as
/// SQL's now() is the transaction's), so that a record's fields agree with each other.
fn run_started() -> DateTime<FixedOffset> {
    static STARTED: std::sync::OnceLock<DateTime<FixedOffset>> = std::sync::OnceLock::new();
    *STARTED.get_or_init(|| chrono::Utc::now().fixed_offset())
}

/// `hash`'s key: ETL_HASH_KEY, as etl-cast reads it.
fn hash_key() -> Result<&'static [u8], String> {
    static KEY: std::sync::OnceLock<Option<Vec<u8>>> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        std::env::var_os("ETL_HASH_KEY")
            .filter(|key| !key.is_empty())
            .map(|key| key.into_encoded_bytes())
    })
    .as_deref()
    .ok_or_else(|| "hash needs a secret key in ETL_HASH_KEY".to_owned())
}

/// Null, or empty text (an empty CSV value): what coalesce, min and max pass over.
fn is_missing(value: &Val) -> bool {
    match value {
        Val::Null => true,
        Val::Str(s) => s.is_empty(),
        _ => false,
    }
}

/// A whole number given to a function (a place count, a position).
fn integer(value: &Val, what: &str) -> Result<i64, String> {
    match value.as_exact() {
        Some(Number::Int(i)) => Ok(i),
        Some(Number::Float(f)) if f.fract() == 0.0 && f.abs() < 9e15 => Ok(f as i64),
        _ => Err(format!(
            "{what} must be a whole number, got {} ({})",
            value.kind(),
            value.show()
        )),
    }
}

/// The characters of `text` from `start` (counted from the end when negative), `len`
/// of them or to the end.
fn substring(text: &str, start: i64, len: Option<i64>) -> String {
    let count = text.chars().count() as i64;
    let from = if start < 0 {
        (count + start).max(0)
    } else {
        start.min(count)
    };
    let take = len.map_or(count - from, |len| len.clamp(0, count - from));
    text.chars()
        .skip(from as usize)
        .take(take as usize)
        .collect()
}

/// `x` rounded half away from zero to `places` decimals (tens, hundreds… when
/// negative).
fn round(x: Number, places: i64) -> Number {
    let places = places.clamp(-18, 18) as i32;
    match x {
        Number::Int(_) if places >= 0 => x,
        Number::Int(i) => {
            let unit = 10_i64.pow((-places) as u32);
            let rounded = (i as f64 / unit as f64).round() as i64;
            rounded
                .checked_mul(unit)
                .map_or(Number::Float(i as f64), Number::Int)
        }
        Number::Float(f) if places == 0 => whole_number(f.round()),
        Number::Float(f) => Number::Float(decimal::round(f, places).unwrap_or_else(|| {
            let scale = 10f64.powi(places);
            (f * scale).round() / scale
        })),
    }
}

/// A double with no fraction as an integer when it fits.
fn whole_number(f: f64) -> Number {
    if f.is_finite() && f.abs() < 9.2e18 {
        Number::Int(f as i64)
    } else {
        Number::Float(f)
    }
}

/// A value as text, for regexes and string functions: strings as they are, numbers
/// and booleans as written; `None` for null, arrays and objects.
fn text<'v>(value: &'v Val) -> Option<Cow<'v, str>> {
    match value {
        Val::Str(s) => Some(Cow::Borrowed(s)),
        Val::Num(n) => Some(Cow::Owned(n.to_string())),
        Val::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Val::Time(t) => Some(Cow::Owned(crate::time::to_rfc3339_utc(t))),
        _ => None,
    }
}

fn count<'a>(n: usize) -> Val<'a> {
    Val::Num(Number::Int(n as i64))
}

fn exact(value: &Val, op: &str) -> Result<Number, String> {
    value.as_exact().ok_or_else(|| {
        format!(
            "{op} needs numbers, got {} ({})",
            value.kind(),
            value.show()
        )
    })
}

/// Arithmetic on null, or on empty text (an empty CSV value holds no number), is null.
fn arithmetic<'a>(op: BinOp, a: &Val, b: &Val) -> Result<Val<'a>, String> {
    if is_missing(a) || is_missing(b) {
        return Ok(Val::Null);
    }
    let symbol = match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        _ => "%",
    };
    let (m, n) = (exact(a, symbol)?, exact(b, symbol)?);
    if matches!(op, BinOp::Div | BinOp::Rem) && n.as_f64() == 0.0 {
        return Err(format!(
            "division by zero ({} {symbol} {})",
            a.show(),
            b.show()
        ));
    }
    // Integers stay exact while they fit; a quotient is a double.
    if let (Number::Int(i), Number::Int(j)) = (m, n) {
        let exact = match op {
            BinOp::Add => i.checked_add(j),
            BinOp::Sub => i.checked_sub(j),
            BinOp::Mul => i.checked_mul(j),
            BinOp::Rem => i.checked_rem(j),
            _ => None,
        };
        if let Some(result) = exact {
            return Ok(Val::Num(Number::Int(result)));
        }
    }
    Ok(Val::Num(Number::Float(decimal::apply(
        op,
        m.as_f64(),
        n.as_f64(),
    ))))
}

/// `needle in haystack`: the haystack is a list literal or an array field.
fn membership<'a>(haystack: &Val, needle: &Val, op: &str) -> Result<Val<'a>, String> {
    Ok(Val::Bool(match haystack {
        Val::List(items) => items.iter().any(|item| equal(item, needle)),
        Val::Json(j) if j.is_array() => j
            .as_array()
            .expect("checked")
            .iter()
            .any(|item| equal(&Val::from_json(item), needle)),
        Val::Null => false,
        other => {
            return Err(format!(
                "{op} needs a list, got {} ({})",
                other.kind(),
                other.show()
            ))
        }
    }))
}

fn contains<'a>(haystack: &Val, needle: &Val) -> Result<Val<'a>, String> {
    match haystack {
        Val::List(_) | Val::Json(_) => membership(haystack, needle, "contains"),
        Val::Null => Ok(Val::Bool(false)),
        _ => match (text(haystack), text(needle)) {
            (Some(h), Some(n)) => Ok(Val::Bool(h.contains(&*n))),
            _ => Ok(Val::Bool(false)),
        },
    }
}

fn affix<'a>(start: bool, value: &Val, affix: &Val) -> Result<Val<'a>, String> {
    Ok(Val::Bool(match (text(value), text(affix)) {
        (Some(v), Some(a)) if start => v.starts_with(&*a),
        (Some(v), Some(a)) => v.ends_with(&*a),
        _ => false,
    }))
}
