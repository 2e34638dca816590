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

    /// The text's bytes: looking a key up compares bytes, without checking them as
    /// UTF-8 again.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            GroupKey::Inline { len, bytes } => &bytes[..*len as usize],
            GroupKey::Heap(text) => text.as_bytes(),
        }
    }
}

/// Hashes as the text's bytes do, so a map of keys can be searched with a `&[u8]`.
impl Hash for GroupKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state)
    }
}

impl Borrow<[u8]> for GroupKey {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
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
        assert_eq!(map.get(&b"DE"[..]), Some(&1));
        assert_eq!(map.get(&b"D"[..]), None);
        assert_eq!(map.get("\u{1f}DE\u{1f}ü".as_bytes()), Some(&2));
        assert_eq!(map.get(long.as_bytes()), Some(&4));
        assert_eq!(map.get(&b""[..]), Some(&0));
        assert!(matches!(
            GroupKey::new(&"y".repeat(30)),
            GroupKey::Inline { .. }
        ));
        assert!(matches!(GroupKey::new(&long), GroupKey::Heap(_)));
    }
}
