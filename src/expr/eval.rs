//! Evaluates an expression against one record, borrowing values from it.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value as Json;

use super::ast::{BinOp, Expr, Func};
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
            None if name.contains('.') => Slot::Path,
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
                Val::Null => Val::Null,
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
        })
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
        if let (Func::Exists | Func::IsNull, Expr::Field(index)) = (func, &args[0]) {
            let value = self.field(*index);
            return Ok(Val::Bool(match func {
                Func::Exists => value.is_some(),
                _ => value.is_none_or(|v| v.is_null()),
            }));
        }
        let a = self.eval(&args[0])?;
        Ok(match func {
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
            Func::Ts => match &a {
                Val::Null => Val::Null,
                Val::Time(t) => Val::Time(*t),
                Val::Num(n) => crate::time::parse_epoch(&n.to_string())
                    .map(Val::Time)
                    .ok_or_else(|| format!("ts({}): not a timestamp", a.show()))?,
                other => text(other)
                    .and_then(|t| crate::time::parse(&t))
                    .map(Val::Time)
                    .ok_or_else(|| format!("ts({}): not a timestamp", other.show()))?,
            },
            Func::Contains => contains(&a, &self.eval(&args[1])?)?,
            Func::StartsWith | Func::EndsWith => {
                affix(func == Func::StartsWith, &a, &self.eval(&args[1])?)?
            }
            Func::Exists | Func::IsNull => unreachable!("handled above"),
        })
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

fn arithmetic<'a>(op: BinOp, a: &Val, b: &Val) -> Result<Val<'a>, String> {
    if matches!(a, Val::Null) || matches!(b, Val::Null) {
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
    let (x, y) = (m.as_f64(), n.as_f64());
    Ok(Val::Num(Number::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => x / y,
        _ => x % y,
    })))
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
