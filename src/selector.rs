//! The field-list grammar every command shares: `a,b`, `new=old`, 1-based positions
//! and ranges (`1,3-5`, `7-`), `/regex/` and globs (`user_*`), and dotted names
//! (`user.name`) that reach into nested objects.
//!
//! A name that is literally in the header always means that field, so a CSV column
//! called `1-5` or `a*` can still be picked by its name.

use regex::Regex;

use crate::error::{Error, Result};
use crate::record::Header;

#[derive(Clone, Debug)]
pub struct Selection {
    items: Vec<Item>,
}

#[derive(Clone, Debug)]
struct Item {
    /// The output name given with `new=old`.
    rename: Option<String>,
    pattern: Pattern,
}

#[derive(Clone, Debug)]
enum Pattern {
    /// A name, which may also read as a position, range or glob when the header lacks it.
    Name(String),
    Regex(Regex),
}

/// Where a selected field's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum From {
    /// The field at this position of the record.
    Index(usize),
    /// A dotted path into nested objects, or a name this record lacks: null when absent.
    Path(String),
}

/// One output field: its name and where its value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pick {
    pub name: Box<str>,
    pub from: From,
}

impl Selection {
    /// Parses a comma-separated field list; a comma inside a name is written `\,`.
    pub fn parse(text: &str) -> Result<Selection> {
        Selection::from_items(split_items(text)?)
    }

    /// Parses a list already split into items (see [`split_items`]), for commands
    /// whose items carry a suffix of their own, like `etl-sort -k amount:desc`.
    pub fn from_items(raw_items: Vec<String>) -> Result<Selection> {
        let mut items = Vec::new();
        for raw in raw_items {
            let (rename, body) = match raw.find('=') {
                Some(at) if !raw.starts_with('/') && at > 0 => {
                    (Some(raw[..at].to_owned()), raw[at + 1..].to_owned())
                }
                _ => (None, raw),
            };
            if body.is_empty() {
                let shown = rename.as_deref().unwrap_or_default();
                return Err(Error::usage(format!("empty field name in \"{shown}=\"")));
            }
            let pattern = match body.strip_prefix('/').and_then(|b| b.strip_suffix('/')) {
                Some(regex) if body.len() >= 2 => Pattern::Regex(
                    Regex::new(regex)
                        .map_err(|e| Error::usage(format!("bad regex /{regex}/: {e}")))?,
                ),
                _ => Pattern::Name(body),
            };
            items.push(Item { rename, pattern });
        }
        if items.is_empty() {
            return Err(Error::usage("no fields given"));
        }
        Ok(Selection { items })
    }

    /// Exactly these names, read as names only (no ranges, globs or renames).
    pub fn names<I: IntoIterator<Item = String>>(names: I) -> Selection {
        let items = names
            .into_iter()
            .map(|name| Item {
                rename: None,
                pattern: Pattern::Name(name),
            })
            .collect();
        Selection { items }
    }

    /// Resolves the selection against a header. With `strict` (CSV, whose header names
    /// every field), a name that matches nothing is a usage error that suggests the
    /// closest header name; otherwise (NDJSON) it is a path that reads as null when absent.
    pub fn resolve(&self, header: &Header, strict: bool) -> Result<Vec<Pick>> {
        let mut picks = Vec::new();
        for item in &self.items {
            let start = picks.len();
            match &item.pattern {
                Pattern::Regex(regex) => picks.extend(
                    header
                        .names()
                        .iter()
                        .enumerate()
                        .filter(|(_, name)| regex.is_match(name))
                        .map(|(i, name)| pick(name, i)),
                ),
                Pattern::Name(name) => resolve_name(name, header, strict, &mut picks)?,
            }
            if let Some(rename) = &item.rename {
                if picks.len() - start != 1 {
                    return Err(Error::usage(format!(
                        "{rename}=… renames one field, but its selector matched {}",
                        picks.len() - start
                    )));
                }
                picks[start].name = rename.as_str().into();
            }
        }
        Ok(picks)
    }
}

fn pick(name: &str, index: usize) -> Pick {
    Pick {
        name: name.into(),
        from: From::Index(index),
    }
}

fn resolve_name(name: &str, header: &Header, strict: bool, picks: &mut Vec<Pick>) -> Result<()> {
    if let Some(i) = header.index(name) {
        picks.push(pick(name, i));
        return Ok(());
    }
    if let Some((first, last)) = parse_range(name) {
        if first == 0 || first > header.len() || last.is_some_and(|l| l < first || l > header.len())
        {
            return Err(Error::usage(format!(
                "position {name} is outside the {} fields of the header",
                header.len()
            )));
        }
        let last = last.unwrap_or(header.len());
        picks.extend((first - 1..last).map(|i| pick(&header.names()[i], i)));
        return Ok(());
    }
    if name.contains(['*', '?']) {
        let glob = glob_regex(name);
        picks.extend(
            header
                .names()
                .iter()
                .enumerate()
                .filter(|(_, n)| glob.is_match(n))
                .map(|(i, n)| pick(n, i)),
        );
        return Ok(());
    }
    if strict {
        return Err(not_in_header(name, header));
    }
    picks.push(Pick {
        name: name.into(),
        from: From::Path(name.to_owned()),
    });
    Ok(())
}

fn not_in_header(name: &str, header: &Header) -> Error {
    let closest = header.names().iter().max_by(|a, b| {
        strsim::jaro_winkler(name, a)
            .partial_cmp(&strsim::jaro_winkler(name, b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    match closest {
        Some(closest) => Error::usage(format!(
            "no field {name:?} in the header; did you mean {closest:?}?"
        )),
        None => Error::usage(format!("no field {name:?}: the input has no header")),
    }
}

/// `3` → (3, Some(3)); `3-5` → (3, Some(5)); `3-` → (3, None).
fn parse_range(text: &str) -> Option<(usize, Option<usize>)> {
    let (first, last) = match text.split_once('-') {
        Some((first, "")) => (first, None),
        Some((first, last)) => (first, Some(last)),
        None => (text, Some(text)),
    };
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let first = number(first)?;
    match last {
        None => Some((first, None)),
        Some(last) => Some((first, Some(number(last)?))),
    }
}

fn glob_regex(glob: &str) -> Regex {
    let mut pattern = String::from("^");
    for c in glob.chars() {
        match c {
            '*' => pattern.push_str(".*"),
            '?' => pattern.push('.'),
            c => pattern.push_str(&regex::escape(&c.to_string())),
        }
    }
    pattern.push('$');
    Regex::new(&pattern).expect("escaped glob is a valid regex")
}

/// Splits on commas that are not escaped with `\` and not inside `/regex/`.
pub fn split_items(text: &str) -> Result<Vec<String>> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let mut in_regex = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if !in_regex => match chars.next() {
                Some(next) => current.push(next),
                None => current.push('\\'),
            },
            '\\' => {
                current.push('\\');
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '/' if current.is_empty() || current.ends_with('=') => {
                in_regex = true;
                current.push(c);
            }
            '/' if in_regex => {
                in_regex = false;
                current.push(c);
            }
            ',' if !in_regex => items.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    if in_regex {
        return Err(Error::usage(format!("unclosed /regex/ in {text:?}")));
    }
    items.push(current);
    Ok(items.into_iter().filter(|i| !i.is_empty()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(selection: &str, header: &[&str], strict: bool) -> Result<Vec<(String, From)>> {
        let header = Header::new(header.iter().copied());
        Ok(Selection::parse(selection)?
            .resolve(&header, strict)?
            .into_iter()
            .map(|p| (p.name.to_string(), p.from))
            .collect())
    }

    fn indices(selection: &str, header: &[&str]) -> Vec<usize> {
        names(selection, header, true)
            .unwrap()
            .into_iter()
            .map(|(_, from)| match from {
                From::Index(i) => i,
                From::Path(p) => panic!("path {p}"),
            })
            .collect()
    }

    #[test]
    fn names_positions_ranges_globs_regexes() {
        let header = ["id", "user_id", "user_name", "amount", "1-2"];
        assert_eq!(indices("amount,id", &header), [3, 0]);
        assert_eq!(indices("id,id", &header), [0, 0]);
        assert_eq!(indices("2,4-5", &header), [1, 3, 4]);
        assert_eq!(indices("4-", &header), [3, 4]);
        assert_eq!(indices("user_*", &header), [1, 2]);
        assert_eq!(indices("/^u.*e$/", &header), [2]);
        assert_eq!(indices("/a{1,2}m/,id", &header), [2, 3, 0]);
        assert_eq!(
            indices("1-2", &header),
            [4],
            "a literal name wins over a range"
        );
    }

    #[test]
    fn renames() {
        let got = names("key=id,n=3", &["id", "a", "b"], true).unwrap();
        assert_eq!(
            got,
            [("key".into(), From::Index(0)), ("n".into(), From::Index(2))]
        );
        assert!(names("x=user_*", &["user_a", "user_b"], true).is_err());
    }

    #[test]
    fn unknown_names() {
        let err = names("amout", &["id", "amount"], true).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"no field "amout" in the header; did you mean "amount"?"#
        );
        let got = names("user.name,x", &["user"], false).unwrap();
        assert_eq!(got[0].1, From::Path("user.name".into()));
        assert!(names("9", &["a"], true).is_err());
        assert!(names("/unclosed", &["a"], true).is_err());
    }

    #[test]
    fn escaped_commas() {
        assert_eq!(indices(r"a\,b,c", &["a,b", "c"]), [0, 1]);
    }
}
