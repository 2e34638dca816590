//! The filter expression language: compiled once, evaluated per record.
//!
//! ```text
//! status >= 500 && path =~ "^/api"        country in ["DE", "FR"]
//! lower(user.name) starts_with "a"        exists(referer) and !is_null(bytes)
//! ts(ts) >= ts("2024-03-01T00:00:00Z")    `response time` / 1000 > 2.5
//! ```
//!
//! See `value.rs` for how values compare (numeric text, timestamps, null).

mod ast;
mod decimal;
mod eval;
mod lexer;
mod parser;

use std::fmt;
use std::sync::Arc;

use serde_json::Value as Json;

use crate::record::{Header, Record};

pub use ast::Expr;

/// A syntax error, with the expression and a caret under the bad spot.
#[derive(Debug, PartialEq)]
pub struct ExprError {
    pub message: String,
    pub source: String,
    /// Byte offset of the bad spot in `source`.
    pub offset: usize,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let column = self.source[..self.offset.min(self.source.len())]
            .chars()
            .count();
        write!(
            f,
            "{} in the expression\n  {}\n  {}^",
            self.message,
            self.source,
            " ".repeat(column)
        )
    }
}

impl std::error::Error for ExprError {}

/// A compiled expression.
pub struct Program {
    expr: Expr,
    /// Field names the expression reads, indexed by `Expr::Field`.
    fields: Vec<String>,
    /// Where each field is in records with the header seen last.
    slots: Option<(Arc<Header>, Vec<eval::Slot>)>,
}

impl Program {
    pub fn compile(source: &str) -> Result<Program, ExprError> {
        let tokens = lexer::tokenize(source)?;
        let (expr, fields) = parser::parse(source, &tokens)?;
        Ok(Program {
            expr,
            fields,
            slots: None,
        })
    }

    /// The names of the fields the expression reads (dotted paths as written).
    pub fn reads(&self) -> &[String] {
        &self.fields
    }

    /// True when the record matches. A type clash or a non-boolean result is an
    /// `Err` with the reason, for the bad-record policy.
    pub fn test(&mut self, record: &Record) -> Result<bool, String> {
        let (context, expr) = self.context(record);
        context.test(expr)
    }

    /// The expression's value on the record, as JSON (a computed field). A type clash
    /// is an `Err` with the reason, for the bad-record policy.
    pub fn value(&mut self, record: &Record) -> Result<Json, String> {
        let (context, expr) = self.context(record);
        context.value(expr)?.into_json()
    }

    /// The evaluation on `record`, with the fields read found in its header (once per
    /// header), and the expression to evaluate.
    fn context<'a>(&'a mut self, record: &'a Record) -> (eval::Context<'a>, &'a Expr) {
        let fresh = match &self.slots {
            Some((seen, _)) => !Arc::ptr_eq(seen, record.header()),
            None => true,
        };
        if fresh {
            let slots = eval::resolve(&self.fields, record.header());
            self.slots = Some((record.header().clone(), slots));
        }
        let (_, slots) = self.slots.as_ref().expect("resolved above");
        let context = eval::Context {
            record,
            slots,
            fields: &self.fields,
        };
        (context, &self.expr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Values;

    fn record() -> Record {
        let header = Arc::new(Header::new(["status", "path", "n", "empty"]));
        let row = ["503", "/api/x", "10", ""].into_iter().collect();
        Record::new(header, Values::Text(row))
    }

    fn matches(source: &str) -> Result<bool, String> {
        Program::compile(source)
            .map_err(|e| e.to_string())?
            .test(&record())
    }

    #[test]
    fn operators_and_functions() {
        for (source, expected) in [
            ("status >= 500", true),
            ("status > 503 || path == \"/api/x\"", true),
            ("not (status == 503) and true", false),
            (
                "n * 2 + 1 == 21 && n % 3 == 1 && n / 4 == 2.5 && n - 11 < 0",
                true,
            ),
            ("-n == -10", true),
            ("path =~ '^/api' && path !~ /\\/x$/", false),
            (
                "path starts_with \"/api\" and ends_with(path, 'x') and path contains \"pi/\"",
                true,
            ),
            ("status in [500, 503] and not (n in [\"1\", \"2\"])", true),
            ("lower(upper(path)) == path and len(path) == 6", true),
            (
                "exists(status) && !exists(nope) && is_null(nope) && !is_null(empty)",
                true,
            ),
            (
                "nope == null && nope != 1 && !(nope < 1) && !(nope >= 1)",
                true,
            ),
            (
                "ts(\"2024-03-01T01:00:00+01:00\") == ts(\"2024-03-01T00:00:00Z\")",
                true,
            ),
            ("`status` == 503", true),
        ] {
            assert_eq!(matches(source), Ok(expected), "{source}");
        }
    }

    #[test]
    fn type_clashes_are_record_errors() {
        assert_eq!(
            matches("path > 5"),
            Err("cannot compare \"/api/x\" with 5".into())
        );
        assert_eq!(
            matches("path * 2 == 1"),
            Err("* needs numbers, got a string (\"/api/x\")".into())
        );
        assert_eq!(
            matches("n"),
            Err("the expression gave a string (\"10\"), not true or false".into())
        );
        assert_eq!(
            matches("n / 0 == 1"),
            Err("division by zero (\"10\" / 0)".into())
        );
    }

    #[test]
    fn syntax_errors_point_at_the_spot() {
        let err = Program::compile("status >= && x").err().unwrap();
        assert_eq!(
            err.to_string(),
            "expected a value in the expression\n  status >= && x\n            ^"
        );
        let err = Program::compile("a =~ \"(\"").err().unwrap();
        assert!(
            err.to_string().starts_with("bad regex: unclosed group"),
            "{err}"
        );
        let err = Program::compile("frob(a)").err().unwrap();
        assert!(
            err.to_string().starts_with("unknown function \"frob\""),
            "{err}"
        );
        assert!(Program::compile("(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a").is_err());
    }

    /// Never panics, whatever the input: random strings built from the language's
    /// pieces and from arbitrary characters, compiled and (when they compile) evaluated.
    #[test]
    fn never_panics_on_any_input() {
        const PIECES: [&str; 40] = [
            "status", "path", "n", "nope", "a.b", "`x y`", "1", "2.5", "-", "1e", "\"s\"", "'",
            "\"", "\\", "(", ")", "[", "]", ",", "==", "!=", "<", ">=", "&&", "||", "!", "and",
            "or", "not", "in", "=~", "/", "%", "*", "+", "lower(", "ts(", "exists(", "null", "é",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let mut source = String::new();
            for _ in 0..(next() % 12) {
                if next() % 4 == 0 {
                    source.push(char::from_u32((next() % 0x800) as u32).unwrap_or('?'));
                } else {
                    source.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
                }
                if next() % 2 == 0 {
                    source.push(' ');
                }
            }
            if let Ok(mut program) = Program::compile(&source) {
                let _ = program.test(&record());
            }
        }
    }
}
