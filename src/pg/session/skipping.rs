//! `--on-error skip` in a session: a chunk is loaded without the rows the server
//! refuses, in as few round trips as the refusals allow.
//!
//! A COPY stops at the first row the server refuses and loads nothing, so each refused
//! row costs at least one failed COPY and a rollback to the savepoint: three round
//! trips, which over a network are worth thousands of rows. The rows between refusals
//! are found by *probes*: COPYs of the rows after a refusal, rolled back whether they
//! load or not while rows before them wait, so that nothing is ever loaded out of input
//! order. The rows that passed their probes are then *loaded* together, in one COPY,
//! and that makes the refusals final.
//!
//! The server names the row it refused for the checks it makes row by row (a value, a
//! unique key, a check); a row refused while the rows before it were not loaded may
//! fare otherwise after them:
//! - a key that a row passing its probe repeats from an earlier row of the window is
//!   refused by the load, which names it: it is refused, and the rows after it are
//!   probed again, since a row it kept out may now go in;
//! - a foreign key is checked at the end of a COPY, with no row named: a probe that
//!   fails so is tried again once the window is loaded, alone, halved down to its row;
//!   a load that fails so tries its rows again in their runs and refused rows alone.

use std::io::Write;
use std::ops::Range;

use super::{copy_line, CopyColumns, Failure, Session, COPY_HEADER, COPY_TRAILER};
use crate::pg::column::Form;
use crate::pg::refused::{self, Refused, RefusedRows};

/// The shortest probe after a refusal.
const FIRST_PART: usize = 32;
/// Refusals waiting for a load at most: when a load names a row, the rows after it are
/// probed again.
const WINDOW: usize = 16;
/// A probe after a refusal covers this many times the mean distance between refusals,
/// so that it rarely ends before the next one (a probe that loads is a round trip that
/// finds nothing) and seldom sends much past it (the server drops those rows).
const PROBE_SPAN: usize = 4;

/// What to do next with the chunk.
enum Step {
    /// Try these rows, the window's waiting rows not loaded.
    Probe(Range<usize>),
    /// Load the window's rows that passed their probes.
    Load,
}

/// The rows of a chunk since the savepoint that are not loaded yet.
#[derive(Default)]
struct Window {
    /// Rows that passed their probes, in order.
    passed: Vec<Range<usize>>,
    /// Rows refused, by chunk row (from 0); final when the rows before them load.
    refused: Vec<(usize, String)>,
}

impl Window {
    fn is_empty(&self) -> bool {
        self.passed.is_empty() && self.refused.is_empty()
    }

    /// The first row after the window.
    fn end(&self) -> usize {
        let passed = self.passed.last().map_or(0, |rows| rows.end);
        let refused = self.refused.last().map_or(0, |(row, _)| row + 1);
        passed.max(refused)
    }

    /// Forgets the rows from `row` on.
    fn truncate(&mut self, row: usize) {
        self.passed.retain_mut(|rows| {
            rows.end = rows.end.min(row);
            rows.start < rows.end
        });
        self.refused.retain(|(refused, _)| *refused < row);
    }
}

impl Session {
    /// Copies one chunk (`rows` rows, the first being row `first_row` of the load)
    /// under a savepoint, handing the rows the server refuses to `refused` and loading
    /// every other row once.
    pub(super) fn copy_skipping(
        &mut self,
        columns: &CopyColumns,
        data: &[u8],
        (rows, first_row): (u64, u64),
        refused: &RefusedRows,
    ) -> Result<(), Failure> {
        let rows = rows as usize;
        let starts = refused::row_starts(data, columns.form, rows);
        let failed = |e: postgres::Error| Failure::new(&e);
        let sql = self.copy_sql(columns);
        // One prepared COPY serves every attempt, one savepoint too: rolling back to it
        // keeps it, and rows loaded move it on.
        let copy = self.client.prepare(&sql).map_err(failed)?;
        let chunk = Chunk {
            copy: &copy,
            form: columns.form,
            data,
            starts: &starts,
        };
        self.savepoint("SAVEPOINT etl_pg_load_rows")?;
        let mut set_aside: Vec<(usize, String)> = Vec::new();
        let mut window = Window::default();
        let mut todo = vec![Step::Probe(0..rows)];
        // The longest probe; and the refusals so far, to size probes after them.
        let mut longest = rows;
        let mut refusals = 0;
        loop {
            let step = match todo.pop() {
                Some(Step::Probe(part)) if part.is_empty() => continue,
                Some(Step::Probe(part)) if window.refused.len() >= WINDOW => {
                    todo.push(Step::Probe(part));
                    Step::Load
                }
                Some(step) => step,
                None if !window.is_empty() => Step::Load,
                None => break,
            };
            match step {
                Step::Probe(rows) => {
                    // The rows tried now; the rest of `rows` goes after them.
                    let part = rows.start..rows.end.min(rows.start.saturating_add(longest));
                    let alone = window.is_empty();
                    match self.copy_parts(&chunk, std::slice::from_ref(&part)) {
                        Ok(()) if alone => {
                            self.savepoint(
                                "RELEASE SAVEPOINT etl_pg_load_rows; SAVEPOINT etl_pg_load_rows",
                            )?;
                            self.uncommitted += part.len() as u64;
                            longest = longest.saturating_mul(2);
                            todo.push(Step::Probe(part.end..rows.end));
                        }
                        Ok(()) => {
                            self.savepoint("ROLLBACK TO SAVEPOINT etl_pg_load_rows")?;
                            window.passed.push(part.clone());
                            longest = longest.saturating_mul(2);
                            todo.push(Step::Probe(part.end..rows.end));
                        }
                        Err(e) if refused::is_row_error(&e) => {
                            self.savepoint("ROLLBACK TO SAVEPOINT etl_pg_load_rows")?;
                            let reason = refused::reason(&e);
                            match named_row(&e, std::slice::from_ref(&part)) {
                                Some(row) => {
                                    refusals += 1;
                                    longest = (PROBE_SPAN * (row + 1) / refusals).max(FIRST_PART);
                                    todo.push(Step::Probe(row + 1..rows.end));
                                    if alone && row == part.start {
                                        // Nothing before it waits: it is final.
                                        set_aside.push((row, reason));
                                    } else {
                                        if row > part.start {
                                            window.passed.push(part.start..row);
                                        }
                                        window.refused.push((row, reason));
                                    }
                                }
                                // A check at the end of the COPY: try the part again
                                // after the window is loaded.
                                None if !alone => {
                                    todo.push(Step::Probe(rows));
                                    todo.push(Step::Load);
                                }
                                None => {
                                    todo.push(Step::Probe(part.end..rows.end));
                                    if part.len() == 1 {
                                        set_aside.push((part.start, reason));
                                    } else {
                                        let middle = part.start + part.len() / 2;
                                        todo.push(Step::Probe(middle..part.end));
                                        todo.push(Step::Probe(part.start..middle));
                                    }
                                }
                            }
                        }
                        Err(e) => return Err(failed(e)),
                    }
                }
                Step::Load => match self.copy_parts(&chunk, &window.passed) {
                    Ok(()) => {
                        self.savepoint(
                            "RELEASE SAVEPOINT etl_pg_load_rows; SAVEPOINT etl_pg_load_rows",
                        )?;
                        self.uncommitted += window
                            .passed
                            .iter()
                            .map(|rows| rows.len() as u64)
                            .sum::<u64>();
                        set_aside.append(&mut window.refused);
                        window.passed.clear();
                    }
                    Err(e) if refused::is_row_error(&e) => {
                        self.savepoint("ROLLBACK TO SAVEPOINT etl_pg_load_rows")?;
                        match named_row(&e, &window.passed) {
                            Some(row) => {
                                // The rows after it were probed with it: again without it.
                                todo.push(Step::Probe(row + 1..window.end()));
                                window.truncate(row);
                                window.refused.push((row, refused::reason(&e)));
                            }
                            None => {
                                // Each run of rows and each refused row alone, in order:
                                // together again, a key refused before a foreign key
                                // fails would hide it for ever.
                                let mut pieces: Vec<Range<usize>> =
                                    window.passed.drain(..).collect();
                                pieces
                                    .extend(window.refused.drain(..).map(|(row, _)| row..row + 1));
                                pieces.sort_by_key(|rows| rows.start);
                                todo.extend(pieces.into_iter().rev().map(Step::Probe));
                            }
                        }
                    }
                    Err(e) => return Err(failed(e)),
                },
            }
        }
        self.savepoint("RELEASE SAVEPOINT etl_pg_load_rows")?;
        set_aside.sort_by_key(|(row, _)| *row);
        refused
            .lock()
            .expect("refused rows")
            .extend(set_aside.into_iter().map(|(row, reason)| Refused {
                row: first_row + row as u64,
                reason,
            }));
        Ok(())
    }

    fn savepoint(&mut self, sql: &str) -> Result<(), Failure> {
        self.client.batch_execute(sql).map_err(|e| Failure::new(&e))
    }

    /// One COPY of the rows in `parts` of the chunk.
    fn copy_parts(&mut self, chunk: &Chunk, parts: &[Range<usize>]) -> Result<(), postgres::Error> {
        let (header, trailer) = match chunk.form {
            Form::Binary => (COPY_HEADER, COPY_TRAILER),
            Form::Text => (&b""[..], &b""[..]),
        };
        let mut writer = self.client.copy_in(chunk.copy)?;
        // A write fails when the server has refused the COPY; finishing says why.
        let mut written = writer.write_all(header);
        for rows in parts {
            written = written.and_then(|()| {
                writer.write_all(&chunk.data[chunk.starts[rows.start]..chunk.starts[rows.end]])
            });
        }
        let _ = written.and_then(|()| writer.write_all(trailer));
        writer.finish()?;
        Ok(())
    }
}

/// A chunk of encoded rows, where each starts, and the COPY that takes them.
struct Chunk<'a> {
    copy: &'a postgres::Statement,
    form: Form,
    data: &'a [u8],
    starts: &'a [usize],
}

/// The chunk row that a COPY of `parts` names in its error, if any.
fn named_row(err: &postgres::Error, parts: &[Range<usize>]) -> Option<usize> {
    let line = err
        .as_db_error()
        .and_then(|db| db.where_())
        .and_then(copy_line)?;
    nth_row(parts, usize::try_from(line).ok()?.checked_sub(1)?)
}

/// The `n`th row (from 0) of the rows in `parts`, in order.
fn nth_row(parts: &[Range<usize>], mut n: usize) -> Option<usize> {
    for rows in parts {
        if n < rows.len() {
            return Some(rows.start + n);
        }
        n -= rows.len();
    }
    None
}
