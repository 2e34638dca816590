//! CSV and TSV values as read: text fields in one buffer.
//!
//! The row splitter copies a row's bytes whole and notes where each field is in them
//! (inside the quotes of a quoted field), instead of copying field by field; a field
//! whose `""` escapes had to be undone is added after the row's bytes. The bytes are
//! checked as UTF-8 once, when they become a [`TextRow`].

use std::str::Utf8Error;

/// A field's start and end in its row's bytes. 32 bits keep a held row (etl-sort,
/// etl-join) at 8 bytes a field, as the `csv` crate's records were; the row reader
/// refuses rows of 4 GiB and more.
pub type Span = (u32, u32);

/// The span of `start..end`, both under 4 GiB.
pub fn span(start: usize, end: usize) -> Span {
    (start as u32, end as u32)
}

/// The largest row, in bytes, spans can address.
pub const MAX_ROW: usize = u32::MAX as usize;

/// Row bytes as the splitter leaves them, not yet checked as UTF-8.
#[derive(Clone, Debug, Default)]
pub struct RowBytes {
    pub bytes: Vec<u8>,
    /// Each field's start and end in `bytes`.
    pub spans: Vec<Span>,
}

impl RowBytes {
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.spans.clear();
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn fields(&self) -> impl Iterator<Item = &[u8]> {
        self.spans
            .iter()
            .map(|&(start, end)| &self.bytes[start as usize..end as usize])
    }
}

/// A row of text fields.
#[derive(Clone, Debug, Default)]
pub struct TextRow {
    text: String,
    spans: Vec<Span>,
}

impl TextRow {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&str> {
        let &(start, end) = self.spans.get(index)?;
        Some(&self.text[start as usize..end as usize])
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> {
        self.spans
            .iter()
            .map(|&(start, end)| &self.text[start as usize..end as usize])
    }

    pub fn push_field(&mut self, field: &str) {
        let start = self.text.len();
        self.text.push_str(field);
        self.spans.push(span(start, self.text.len()));
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
    }

    /// Makes this row a copy of `other`, in the buffers it has: two copies, where
    /// pushing field by field would be one per field.
    pub fn copy_from(&mut self, other: &TextRow) {
        self.text.clear();
        self.text.push_str(&other.text);
        self.spans.clear();
        self.spans.extend_from_slice(&other.spans);
    }

    /// Bytes held for the values, for memory accounting.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// A copy holding only the values, for commands that keep many rows: a read row's
    /// buffer also holds its quotes and delimiters.
    pub fn compact_copy(&self) -> TextRow {
        let mut copy = TextRow {
            text: String::with_capacity(self.iter().map(str::len).sum()),
            spans: Vec::with_capacity(self.len()),
        };
        self.iter().for_each(|field| copy.push_field(field));
        copy
    }

    /// Takes `raw`'s bytes when they are UTF-8, handing this row's buffers to `raw` for
    /// the next row; otherwise leaves both as they are.
    pub fn take_bytes(&mut self, raw: &mut RowBytes) -> Result<(), Utf8Error> {
        match String::from_utf8(std::mem::take(&mut raw.bytes)) {
            Ok(text) if split_characters(&text, &raw.spans) => {
                let bytes = text.as_bytes();
                let err = raw
                    .spans
                    .iter()
                    .find_map(|&(start, end)| {
                        std::str::from_utf8(&bytes[start as usize..end as usize]).err()
                    })
                    .expect("a field ends or starts inside a character");
                raw.bytes = text.into_bytes();
                Err(err)
            }
            Ok(text) => {
                raw.bytes = std::mem::replace(&mut self.text, text).into_bytes();
                std::mem::swap(&mut self.spans, &mut raw.spans);
                Ok(())
            }
            Err(err) => {
                let reason = err.utf8_error();
                raw.bytes = err.into_bytes();
                Err(reason)
            }
        }
    }
}

/// Whether a field starts or ends inside a character: csv_core's output has a row's
/// fields side by side, with no delimiter between them, so the halves of a character
/// split by a delimiter join into a valid one, which neither field alone is.
fn split_characters(text: &str, spans: &[Span]) -> bool {
    spans.iter().any(|&(start, end)| {
        !text.is_char_boundary(start as usize) || !text.is_char_boundary(end as usize)
    })
}

impl<S: AsRef<str>> FromIterator<S> for TextRow {
    fn from_iter<I: IntoIterator<Item = S>>(fields: I) -> TextRow {
        let mut row = TextRow::default();
        fields
            .into_iter()
            .for_each(|field| row.push_field(field.as_ref()));
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_from_spans_anywhere_in_the_bytes() {
        let mut raw = RowBytes {
            bytes: b"\"a,b\",c,\"x\"\"y\"\nx\"y".to_vec(),
            spans: vec![(1, 4), (6, 7), (15, 18)],
        };
        let mut row: TextRow = ["old"].into_iter().collect();
        row.take_bytes(&mut raw).unwrap();
        assert_eq!(row.iter().collect::<Vec<_>>(), ["a,b", "c", "x\"y"]);
        assert_eq!(row.get(3), None);
        // The old row's buffers come back for the next row.
        assert_eq!(raw.bytes, b"old");
        assert_eq!(raw.spans, [(0, 3)]);
    }

    /// Found by fuzzing (issue 19): `\xc4,\xb5` read by csv_core became the bytes of
    /// `ĵ` with a field boundary inside it, and reading the first field panicked.
    #[test]
    fn a_character_split_between_fields_is_invalid_utf8() {
        let mut raw = RowBytes {
            bytes: b"\xc4\xb56".to_vec(),
            spans: vec![(0, 1), (1, 2), (2, 3)],
        };
        let mut row: TextRow = ["kept"].into_iter().collect();
        assert!(row.take_bytes(&mut raw).is_err());
        assert_eq!(row.iter().collect::<Vec<_>>(), ["kept"]);
        assert_eq!(raw.bytes, b"\xc4\xb56");
    }

    #[test]
    fn invalid_utf8_leaves_both_rows() {
        let mut raw = RowBytes {
            bytes: b"ok,\xff".to_vec(),
            spans: vec![(0, 2), (3, 4)],
        };
        let mut row: TextRow = ["kept"].into_iter().collect();
        assert!(row.take_bytes(&mut raw).is_err());
        assert_eq!(row.iter().collect::<Vec<_>>(), ["kept"]);
        assert_eq!(raw.fields().collect::<Vec<_>>(), [&b"ok"[..], b"\xff"]);
    }
}
