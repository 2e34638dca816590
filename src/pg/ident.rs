//! SQL identifiers: every table and column name reaches SQL through `quote`, so a
//! name is always a name, whatever characters it holds.

use std::fmt;

use crate::error::{Error, Result};

/// PostgreSQL silently truncates longer names (NAMEDATALEN - 1); refusing them keeps
/// "exactly that name".
const MAX_BYTES: usize = 63;

/// `"name"`, with every `"` doubled: the only quoting rule of SQL identifiers.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Refuses names PostgreSQL cannot hold as given: empty, with NUL, or too long.
pub fn check(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::usage("an empty name is not a PostgreSQL identifier"));
    }
    if name.contains('\0') {
        return Err(Error::usage(format!(
            "{name:?}: a PostgreSQL identifier cannot contain a NUL character"
        )));
    }
    if name.len() > MAX_BYTES {
        return Err(Error::usage(format!(
            "{name:?} is longer than PostgreSQL's {MAX_BYTES}-byte limit for names"
        )));
    }
    Ok(())
}

/// A table, `--table [SCHEMA.]NAME`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableName {
    /// None: the first schema of the search path that has it (or `public` to create).
    pub schema: Option<String>,
    pub name: String,
}

impl TableName {
    /// Reads `[SCHEMA.]NAME`. Names are taken literally (case kept, no folding); a part
    /// in double quotes may hold dots, with `""` for a quote: `"my.schema"."t"`. A dot
    /// splits only outside quotes, so `x"; DROP TABLE y; --` is one table name.
    pub fn parse(text: &str) -> Result<TableName> {
        let (first, rest) = split_part(text)?;
        let table = match rest {
            None => TableName {
                schema: None,
                name: first,
            },
            Some(rest) => {
                let (second, more) = split_part(rest)?;
                if more.is_some() {
                    return Err(Error::usage(format!(
                        "--table {text:?}: expected [SCHEMA.]NAME; quote a name that holds a dot: \"a.b\""
                    )));
                }
                TableName {
                    schema: Some(first),
                    name: second,
                }
            }
        };
        if let Some(schema) = &table.schema {
            check(schema)?;
        }
        check(&table.name)?;
        Ok(table)
    }

    /// The name as SQL: `"schema"."name"` or `"name"`.
    pub fn sql(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{}.{}", quote(schema), quote(&self.name)),
            None => quote(&self.name),
        }
    }
}

impl fmt::Display for TableName {
    /// The name for messages: `public.events`, quoted only where needed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |name: &str| {
            let plain = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if plain {
                name.to_owned()
            } else {
                quote(name)
            }
        };
        match &self.schema {
            Some(schema) => write!(f, "{}.{}", show(schema), show(&self.name)),
            None => write!(f, "{}", show(&self.name)),
        }
    }
}

/// One part of a dotted name and what follows its dot. A part that starts with `"` is
/// read up to its closing quote (`""` inside is one quote); any other part runs to the
/// next dot, literally.
fn split_part(text: &str) -> Result<(String, Option<&str>)> {
    let Some(quoted) = text.strip_prefix('"') else {
        return Ok(match text.split_once('.') {
            Some((part, rest)) => (part.to_owned(), Some(rest)),
            None => (text.to_owned(), None),
        });
    };
    let mut name = String::new();
    let mut rest = quoted;
    loop {
        let Some(end) = rest.find('"') else {
            return Err(Error::usage(format!("{text:?}: a quote is not closed")));
        };
        name.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix('"') {
            Some(after) => {
                name.push('"');
                rest = after;
            }
            None => break,
        }
    }
    match rest {
        "" => Ok((name, None)),
        _ => match rest.strip_prefix('.') {
            Some(after) => Ok((name, Some(after))),
            None => Err(Error::usage(format!(
                "{text:?}: a closing quote must end the name or come before a dot"
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<String>, String) {
        let t = TableName::parse(text).unwrap();
        (t.schema, t.name)
    }

    #[test]
    fn names_are_literal_and_quoted_parts_may_hold_dots() {
        assert_eq!(parse("events"), (None, "events".into()));
        assert_eq!(
            parse("Sales.Events"),
            (Some("Sales".into()), "Events".into())
        );
        assert_eq!(
            parse(r#""my.schema"."a""b""#),
            (Some("my.schema".into()), r#"a"b"#.into())
        );
        let evil = r#"x"; DROP TABLE y; --"#;
        assert_eq!(parse(evil), (None, evil.into()));
        assert_eq!(
            TableName::parse(evil).unwrap().sql(),
            r#""x""; DROP TABLE y; --""#
        );
        assert!(TableName::parse("a.b.c").is_err());
        assert!(TableName::parse(r#""open"#).is_err());
        assert!(TableName::parse("").is_err());
        assert!(TableName::parse(&"x".repeat(64)).is_err());
    }

    #[test]
    fn display_quotes_only_where_needed() {
        assert_eq!(
            TableName::parse("public.events").unwrap().to_string(),
            "public.events"
        );
        assert_eq!(
            TableName::parse("Ev ents").unwrap().to_string(),
            r#""Ev ents""#
        );
    }
}
