//! Rows the server refuses, under `--on-error skip`: which errors are a row's fault,
//! what the rejects file says about them, and where each row of a COPY chunk starts so
//! a failed chunk can be sent again without them.

use std::sync::Mutex;

use postgres::error::DbError;

use super::column::Form;
use super::connect::describe;

/// A row the server refused: its number in the whole load (from 0) and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused {
    pub row: u64,
    pub reason: String,
}

/// What the sessions refused so far, for the reader to hand to the job's policy.
pub type RefusedRows = Mutex<Vec<Refused>>;

/// Whether the error is the fault of the rows sent, not of the load: a value the
/// column cannot take (SQLSTATE class 22, data exception) or a constraint it breaks
/// (class 23: not null, foreign key, unique, check, exclusion). Anything else (a
/// lost connection, a missing privilege, a lock wait) fails the load.
pub fn is_row_error(err: &postgres::Error) -> bool {
    err.code()
        .is_some_and(|code| matches!(&code.code()[..2], "22" | "23"))
}

/// The reason written to the rejects file: the server's message, its SQLSTATE and
/// the constraint broken, if any. The context's line number is left out: it counts
/// the lines of a COPY sent again, not of the input.
pub fn reason(err: &postgres::Error) -> String {
    let mut text = describe(err);
    if let Some(at) = text.find(", line ") {
        let digits = text[at + ", line ".len()..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        text.replace_range(at..at + ", line ".len() + digits, "");
    }
    if let Some(db) = err.as_db_error() {
        text.push_str(&format!(" (SQLSTATE {}", db.code().code()));
        if let Some(constraint) = DbError::constraint(db) {
            text.push_str(&format!(", constraint {constraint}"));
        }
        text.push(')');
    }
    text
}

/// Where each of the `rows` rows of a COPY chunk starts, and where the last ends: a
/// binary row is a field count then each field's length and bytes (-1: null), a text
/// row ends at its newline.
pub fn row_starts(data: &[u8], form: Form, rows: usize) -> Vec<usize> {
    let mut starts = Vec::with_capacity(rows + 1);
    let mut at = 0;
    starts.push(at);
    for _ in 0..rows {
        at = match form {
            Form::Binary => {
                let fields = i16::from_be_bytes([data[at], data[at + 1]]);
                let mut end = at + 2;
                for _ in 0..fields {
                    let len = i32::from_be_bytes(data[end..end + 4].try_into().expect("4 bytes"));
                    end += 4 + usize::try_from(len).unwrap_or(0);
                }
                end
            }
            Form::Text => memchr::memchr(b'\n', &data[at..]).map_or(data.len(), |i| at + i + 1),
        };
        starts.push(at);
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_a_binary_chunk() {
        // (1, NULL), then ('ab').
        let mut data = Vec::new();
        data.extend_from_slice(&2i16.to_be_bytes());
        data.extend_from_slice(&4i32.to_be_bytes());
        data.extend_from_slice(&1i32.to_be_bytes());
        data.extend_from_slice(&(-1i32).to_be_bytes());
        data.extend_from_slice(&1i16.to_be_bytes());
        data.extend_from_slice(&2i32.to_be_bytes());
        data.extend_from_slice(b"ab");
        assert_eq!(row_starts(&data, Form::Binary, 2), [0, 14, 22]);
    }

    #[test]
    fn rows_of_a_text_chunk() {
        assert_eq!(row_starts(b"1\tx\n2\t\\N\n", Form::Text, 2), [0, 4, 9]);
    }
}
