//! The field-list grammar (`a,b`, `new=old`, `1,3-5`, `user_*`, `/regex/`, `a\,b`):
//! the input's first line is the list, the lines after it the header's names (a
//! fixed header without them). A list is taken or refused with a usage error, and
//! resolves against the header, strictly (CSV) or not (NDJSON), to positions inside
//! it. And the documented rule: a name that is in the header, written with `\`
//! before its commas and backslashes, selects that field whatever else it could
//! read as (a position, a range, a glob) — except names that read as a rename (a `=`
//! after the first character) or a regex (between slashes), which the grammar reserves.

use etlkit::record::Header;
use etlkit::selector::{From, Pick, Selection};

use crate::input::head_and_rest;

const NAMES: [&str; 7] = ["id", "user_id", "user_name", "amount", "1-2", "a,b", "x*"];

pub fn check(data: &[u8]) {
    let (list, rest) = head_and_rest(data);
    let names: Vec<&str> = if rest.is_empty() {
        NAMES.to_vec()
    } else {
        rest.split('\n').collect()
    };
    let header = Header::new(names.iter().copied());
    if let Ok(selection) = Selection::parse(&list) {
        for strict in [true, false] {
            let Ok(picks) = selection.resolve(&header, strict) else {
                continue;
            };
            for pick in picks {
                match pick.from {
                    From::Index(i) => assert!(i < header.len(), "{list:?} picks {i}"),
                    From::Path(_) => assert!(!strict, "{list:?} gives a path in a CSV header"),
                }
            }
        }
    }
    for name in names {
        let regex = name.len() >= 2 && name.starts_with('/') && name.ends_with('/');
        let rename = !name.starts_with('/') && name.find('=').is_some_and(|at| at > 0);
        let reserved = name.is_empty() || regex || rename;
        if reserved {
            continue;
        }
        let written = escaped(name);
        let picks = Selection::parse(&written)
            .and_then(|selection| selection.resolve(&header, true))
            .unwrap_or_else(|err| panic!("{written:?} of {name:?}: {err}"));
        let expected = Pick {
            name: name.into(),
            from: From::Index(header.index(name).expect("in the header")),
        };
        assert_eq!(picks, [expected], "{written:?}");
    }
}

/// A name as a one-item field list: `\` before commas, backslashes and slashes.
fn escaped(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    for c in name.chars() {
        if matches!(c, ',' | '\\' | '/') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
