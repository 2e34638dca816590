//! The aggregates as written on the command line: `count`, `OP:FIELD`, `NAME=OP:FIELD`,
//! and intervals (`5m`).

use super::Op;
use crate::error::{Error, Result};

/// One aggregate: `count`, `OP:FIELD`, optionally named `NAME=OP:FIELD`.
#[derive(Clone, Debug)]
pub struct Spec {
    pub name: String,
    pub op: Op,
    pub field: Option<String>,
}

impl Spec {
    /// Whether `text` is meant as an aggregate (its op is known), as opposed to a file.
    pub fn is_aggregate(text: &str) -> bool {
        let body = text.split_once('=').map_or(text, |(_, body)| body);
        Op::parse(body.split_once(':').map_or(body, |(op, _)| op)).is_some()
    }

    pub fn parse(text: &str) -> Result<Spec> {
        let (name, body) = match text.split_once('=') {
            Some((name, body)) => (Some(name.to_owned()), body),
            None => (None, text),
        };
        let (op_name, field) = match body.split_once(':') {
            Some((op, field)) => (op, Some(field.to_owned())),
            None => (body, None),
        };
        let mut op = Op::parse(op_name).ok_or_else(|| {
            Error::usage(format!(
                "unknown aggregate {op_name:?}; ops: count sum mean avg min max first last \
                 median pNN stddev var count_distinct mode list"
            ))
        })?;
        match (&field, op) {
            (Some(field), _) if field.is_empty() => {
                return Err(Error::usage(format!("{text:?}: the field name is empty")))
            }
            (Some(_), Op::Count) => op = Op::CountValues,
            (None, Op::Count) => {}
            (None, _) => {
                return Err(Error::usage(format!(
                    "{op_name} needs a field: {op_name}:FIELD"
                )))
            }
            _ => {}
        }
        let name = name.unwrap_or_else(|| match &field {
            Some(field) => format!("{op_name}_{field}"),
            None => op_name.to_owned(),
        });
        Ok(Spec { name, op, field })
    }
}

/// `5m`, `1h`, `1d`, `30s`, `250ms`: a window or bucket length in milliseconds.
pub fn parse_interval(text: &str) -> Result<i64> {
    millis(text).filter(|&ms| ms > 0).ok_or_else(|| {
        Error::usage(format!(
            "{text:?} is not an interval such as 30s, 5m, 1h or 1d (at least 1ms)"
        ))
    })
}

/// A duration that may be zero (`--allowed-lateness`), in milliseconds.
pub fn parse_duration(text: &str) -> Result<i64> {
    millis(text)
        .filter(|&ms| ms >= 0)
        .ok_or_else(|| Error::usage(format!("{text:?} is not a duration such as 0, 30s or 5m")))
}

fn millis(text: &str) -> Option<i64> {
    let seconds = crate::ops::cast::units::duration_seconds(text)?;
    (seconds.is_finite() && seconds.abs() < 1e15).then(|| (seconds * 1000.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (String, Op, Option<String>) {
        let spec = Spec::parse(text).unwrap();
        (spec.name, spec.op, spec.field)
    }

    #[test]
    fn names_ops_and_fields() {
        assert_eq!(parsed("count"), ("count".into(), Op::Count, None));
        assert_eq!(
            parsed("count:user"),
            ("count_user".into(), Op::CountValues, Some("user".into()))
        );
        assert_eq!(
            parsed("avg:amount"),
            ("avg_amount".into(), Op::Mean, Some("amount".into()))
        );
        assert_eq!(
            parsed("p99.9:latency_ms"),
            (
                "p99.9_latency_ms".into(),
                Op::parse("p99.9").unwrap(),
                Some("latency_ms".into())
            )
        );
        assert_eq!(
            parsed("total=sum:a:b"),
            ("total".into(), Op::Sum, Some("a:b".into()))
        );
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for (text, message) in [
            ("sum", "sum needs a field: sum:FIELD"),
            ("sum:", "\"sum:\": the field name is empty"),
            ("p101:x", "unknown aggregate \"p101\"; ops: count sum mean avg min max first last median pNN stddev var count_distinct mode list"),
        ] {
            assert_eq!(Spec::parse(text).unwrap_err().to_string(), message);
        }
        assert!(Spec::is_aggregate("n=p95:x") && Spec::is_aggregate("count"));
        assert!(!Spec::is_aggregate("events.csv") && !Spec::is_aggregate("-"));
    }

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("5m").unwrap(), 300_000);
        assert_eq!(parse_interval("1d").unwrap(), 86_400_000);
        assert_eq!(parse_interval("250ms").unwrap(), 250);
        assert!(parse_interval("0").is_err() && parse_interval("1us").is_err());
        assert_eq!(parse_duration("0").unwrap(), 0);
        assert!(parse_duration("-5s").is_err() && parse_duration("soon").is_err());
    }
}
