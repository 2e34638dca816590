//! Group keys: the text of a record's group values, stored inline when short (as most
//! are: a country, a user id, a status), so that finding a group among many reads one
//! cache line less than a key on the heap.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};

const INLINE: usize = 30;

/// Inline exactly when the text fits, so the derived equality is the text's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupKey {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl GroupKey {
    pub fn new(text: &str) -> GroupKey {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            GroupKey::Inline {
                len: text.len() as u8,
                bytes,
            }
        } else {
            GroupKey::Heap(text.into())
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            GroupKey::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..*len as usize]).expect("copied from a str")
            }
            GroupKey::Heap(text) => text,
        }
    }
}

/// Hashes as the text does, so a map of keys can be searched with a `&str`.
impl Hash for GroupKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl Borrow<str> for GroupKey {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn short_and_long_keys_are_found_by_their_text() {
        let long = "x".repeat(31);
        let mut map = HashMap::new();
        for (i, text) in ["", "DE", "\u{1f}DE\u{1f}ü", &"y".repeat(30), &long]
            .iter()
            .enumerate()
        {
            map.insert(GroupKey::new(text), i);
        }
        assert_eq!(map.get("DE"), Some(&1));
        assert_eq!(map.get("D"), None);
        assert_eq!(map.get("\u{1f}DE\u{1f}ü"), Some(&2));
        assert_eq!(map.get(long.as_str()), Some(&4));
        assert_eq!(map.get(""), Some(&0));
        assert!(matches!(
            GroupKey::new(&"y".repeat(30)),
            GroupKey::Inline { .. }
        ));
        assert!(matches!(GroupKey::new(&long), GroupKey::Heap(_)));
    }
}
