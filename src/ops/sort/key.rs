//! Sort keys: `-k amount:desc:num,ts` parsed into fields with a direction and a type,
//! and each record's key computed once, so comparing two records parses nothing.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::ops::key::value_of;
use crate::record::{Header, Record, Values};
use crate::selector::{split_items, Pick, Selection};
use crate::value::{parse_number, SortValue, Val};

/// How the values of a key field compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Numbers (numeric text too) by value, then timestamps, then other text: see
    /// [`SortValue`].
    Typed,
    /// Numbers by value; a value that is not a number sorts like null.
    Num,
    /// Text with digit runs compared as numbers: `file2` before `file10`.
    Natural,
    /// Text bytewise.
    Text,
}

/// One `-k` item: fields, direction and type.
#[derive(Clone, Debug)]
struct Item {
    fields: Selection,
    desc: bool,
    kind: Kind,
    /// The item as `-k` gave it, to name a suffix it misspells.
    given: String,
}

/// The suffixes a key item takes.
const SUFFIXES: [&str; 6] = ["asc", "desc", "num", "nat", "text", "typed"];

/// The sort keys, resolved once per header.
pub struct KeySpec {
    items: Vec<Item>,
    plan: Option<(Arc<Header>, Vec<Column>)>,
}

/// One resolved key field: where its value is, whether descending, its type.
type Column = (Pick, bool, Kind);

/// One value of a record's key, with how it compares.
#[derive(Clone, Debug)]
pub struct KeyPart {
    pub(super) value: SortValue,
    /// A text's first 8 bytes, big-endian and zero-padded: most comparisons of text
    /// end here, without following the pointer to the text.
    prefix: u64,
    pub(super) desc: bool,
    pub(super) natural: bool,
}

pub type Key = Vec<KeyPart>;

impl KeyPart {
    pub fn new(value: SortValue, desc: bool, natural: bool) -> KeyPart {
        let prefix = match &value {
            SortValue::Text(text) => {
                let mut bytes = [0; 8];
                let head = &text.as_bytes()[..text.len().min(8)];
                bytes[..head.len()].copy_from_slice(head);
                u64::from_be_bytes(bytes)
            }
            _ => 0,
        };
        KeyPart {
            value,
            prefix,
            desc,
            natural,
        }
    }

    /// The bytes this part holds outside itself, for the memory budget.
    pub fn heap_size(&self) -> usize {
        match &self.value {
            SortValue::Text(text) | SortValue::Json(text) => text.len(),
            _ => 0,
        }
    }
}

impl KeySpec {
    /// Parses `-k`: comma-separated field-list items, each with optional suffixes
    /// `:asc`/`:desc` and `:num`/`:nat`/`:text`/`:typed`. `desc` and `kind` are the
    /// defaults for items without a suffix (-r, -n, --natural). No `-k` means every
    /// field in order.
    pub fn parse(keys: Option<&str>, desc: bool, kind: Kind) -> Result<KeySpec> {
        let Some(keys) = keys else {
            let fields = Selection::parse("1-")?;
            return Ok(KeySpec::new(vec![Item {
                fields,
                desc,
                kind,
                given: String::new(),
            }]));
        };
        let mut items = Vec::new();
        for raw in split_items(keys)? {
            let (mut item_desc, mut item_kind) = (None, None);
            let mut name = raw.as_str();
            while let Some((rest, suffix)) = name.rsplit_once(':') {
                match suffix {
                    "asc" if item_desc.is_none() => item_desc = Some(false),
                    "desc" if item_desc.is_none() => item_desc = Some(true),
                    "num" if item_kind.is_none() => item_kind = Some(Kind::Num),
                    "nat" if item_kind.is_none() => item_kind = Some(Kind::Natural),
                    "text" if item_kind.is_none() => item_kind = Some(Kind::Text),
                    "typed" if item_kind.is_none() => item_kind = Some(Kind::Typed),
                    _ => break,
                }
                name = rest;
            }
            items.push(Item {
                fields: Selection::from_items(vec![name.to_owned()])?,
                desc: item_desc.unwrap_or(desc),
                kind: item_kind.unwrap_or(kind),
                given: raw.clone(),
            });
        }
        Ok(KeySpec::new(items))
    }

    fn new(items: Vec<Item>) -> KeySpec {
        KeySpec { items, plan: None }
    }

    /// The key of `record`. For CSV a field not in the header is a usage error; in
    /// NDJSON a missing field is null.
    pub fn key(&mut self, record: &Record) -> Result<Key> {
        let fresh = match &self.plan {
            Some((seen, _)) => !Arc::ptr_eq(seen, record.header()),
            None => true,
        };
        if fresh {
            let strict = matches!(record.values(), Values::Text(_));
            let mut columns = Vec::new();
            for item in &self.items {
                let picks = (item.fields.resolve(record.header(), strict))
                    .map_err(|err| misspelt_suffix(&item.given, record.header()).unwrap_or(err))?;
                for pick in picks {
                    columns.push((pick, item.desc, item.kind));
                }
            }
            self.plan = Some((record.header().clone(), columns));
        }
        let (_, columns) = self.plan.as_ref().expect("set above");
        Ok(columns
            .iter()
            .map(|(pick, desc, kind)| {
                let value = sort_value(Val::from_field(value_of(record, pick)), *kind);
                KeyPart::new(value, *desc, *kind == Kind::Natural)
            })
            .collect())
    }
}

/// `amount:up`, when the header has `amount` but no `amount:up`: the suffix, not the
/// field, is what is wrong.
fn misspelt_suffix(given: &str, header: &Header) -> Option<crate::error::Error> {
    let (field, suffix) = given.rsplit_once(':')?;
    let field = field.split(':').next()?;
    (header.index(field).is_some() && !SUFFIXES.contains(&suffix)).then(|| {
        crate::error::Error::usage(format!(
            "-k {given:?}: {suffix:?} is not a key suffix (asc, desc, num, nat, text, typed)"
        ))
    })
}

fn sort_value(value: Val, kind: Kind) -> SortValue {
    match kind {
        Kind::Typed => SortValue::typed(&value),
        Kind::Num => match value.as_exact() {
            Some(n) => SortValue::Num(n),
            None => SortValue::Null,
        },
        Kind::Natural | Kind::Text => match value {
            Val::Null => SortValue::Null,
            Val::Str(s) => SortValue::Text(s.as_ref().into()),
            Val::Num(n) => SortValue::Text(n.to_string().into()),
            other => match SortValue::typed(&other) {
                SortValue::Json(text) => SortValue::Text(text),
                SortValue::Bool(b) => SortValue::Text(b.to_string().into()),
                other => other,
            },
        },
    }
}

/// Compares two keys field by field; a shorter key (fewer fields) sorts first.
pub fn compare(a: &Key, b: &Key) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let order = match (&x.value, &y.value) {
            (SortValue::Text(s), SortValue::Text(t)) if x.natural => natural_cmp(s, t),
            // Equal prefixes of texts of at most 8 bytes: the shorter is a prefix of
            // the longer (zero padding), or they are equal.
            (SortValue::Text(s), SortValue::Text(t)) => x.prefix.cmp(&y.prefix).then_with(|| {
                if s.len() <= 8 && t.len() <= 8 {
                    s.len().cmp(&t.len())
                } else {
                    s.as_bytes().cmp(t.as_bytes())
                }
            }),
            (v, w) => v.total_cmp(w),
        };
        let order = if x.desc { order.reverse() } else { order };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

/// Natural order: runs of digits compare as numbers, everything else bytewise.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (m, rest_a) = digit_run(a);
                let (n, rest_b) = digit_run(b);
                let (m_trim, n_trim) = (trim_zeros(m), trim_zeros(n));
                let order = m_trim
                    .len()
                    .cmp(&n_trim.len())
                    .then_with(|| m_trim.cmp(n_trim))
                    .then_with(|| m.len().cmp(&n.len()));
                if order != Ordering::Equal {
                    return order;
                }
                (a, b) = (rest_a, rest_b);
            }
            (Some(x), Some(y)) if x != y => return x.cmp(y),
            _ => (a, b) = (&a[1..], &b[1..]),
        }
    }
}

fn digit_run(text: &[u8]) -> (&[u8], &[u8]) {
    let end = text
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits
        .iter()
        .position(|&d| d != b'0')
        .unwrap_or(digits.len());
    &digits[start..]
}

/// Reads `--memory`: bytes, or a number with K, M or G (powers of 1024).
pub fn parse_size(text: &str) -> Result<usize> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((at, _)) => text.split_at(at),
        None => (text, ""),
    };
    let scale: usize = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => 0,
    };
    match (parse_number(digits), scale) {
        // 0 would spill every record to a file of its own.
        (Some(n), scale) if scale > 0 && n * scale as f64 >= 1.0 => Ok((n * scale as f64) as usize),
        _ => Err(Error::usage(format!(
            "--memory {text:?} is not a size like 512M, 2G or 100000 (more than 0)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_directions_and_types() {
        let spec = KeySpec::parse(Some("amount:desc:num,ts,a:b"), false, Kind::Typed).unwrap();
        let got: Vec<(bool, Kind)> = spec.items.iter().map(|i| (i.desc, i.kind)).collect();
        assert_eq!(
            got,
            [
                (true, Kind::Num),
                (false, Kind::Typed),
                (false, Kind::Typed)
            ]
        );
        let spec = KeySpec::parse(Some("x:text"), true, Kind::Num).unwrap();
        assert_eq!((spec.items[0].desc, spec.items[0].kind), (true, Kind::Text));
    }

    #[test]
    fn text_order_is_bytewise_with_or_without_the_prefix() {
        let texts = [
            "",
            "a",
            "a\0",
            "ab",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghi",
            "b",
            "é",
        ];
        for a in texts {
            for b in texts {
                let part = |t: &str| vec![KeyPart::new(SortValue::Text(t.into()), false, false)];
                assert_eq!(
                    compare(&part(a), &part(b)),
                    a.as_bytes().cmp(b.as_bytes()),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn natural_order() {
        let mut names = ["file10", "file2", "file02", "file1b", "file", "a"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["a", "file", "file1b", "file2", "file02", "file10"]);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64M").unwrap(), 64 << 20);
        assert_eq!(parse_size("1.5K").unwrap(), 1536);
        assert_eq!(parse_size("100").unwrap(), 100);
        assert_eq!(parse_size("2GiB").unwrap(), 2 << 30);
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5X").is_err());
    }
}
