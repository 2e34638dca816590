//! `--incremental-column COL --state FILE`: which rows a run reads, so that runs one
//! after the other read every row once.
//!
//! - **A time column** (timestamptz, timestamp, date): a run reads `mark <= COL <
//!   bound` and the bound becomes the next mark. The bound is taken before the run's
//!   snapshot, from the server's clock: the earlier of `clock_timestamp() - --lag`
//!   and the start of the oldest transaction then open in the database (client
//!   sessions other than etl-pg-extract's, as `pg_stat_activity` shows them). A row
//!   whose COL its transaction set from the server's clock (`now()`, a trigger,
//!   `clock_timestamp()`) at or after it began has COL >= that transaction's start, so
//!   a transaction that commits after the snapshot writes only values >= the bound:
//!   they are read by the next run, however long the transaction ran, ties at the mark
//!   included. `--lag` covers values set a little before their transaction began (a
//!   client's clock) and the sessions the extracting role may not see (other roles'
//!   sessions need pg_read_all_stats, or superuser).
//! - **Any other ordered column** (integers, numeric, text): a run reads `mark < COL
//!   <= max(COL)` in its snapshot. Every row is read once when values are committed in
//!   increasing order; a smaller value committed after a larger one was read (two
//!   writers racing for a sequence) is missed.
//!
//! Rows whose COL is NULL are never read. Each mark is the text the output writes for
//! the value, and goes back to SQL as a quoted literal cast to the column's type.

use postgres::types::{FromSql, Kind, Type};
use postgres::Client;

use super::decode::{PlainText, Plan, Scratch};
use super::sql::{literal, max_select, type_sql, typed_literal, Source};
use super::watermark::Mark;
use crate::error::{Error, Result};

/// The application name etl-pg-extract's sessions have: their open (read-only)
/// transactions do not hold the bound back.
pub const APPLICATION: &str = "etl-pg-extract";

/// How a column's values advance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    /// Time from the server's clock: read up to a bound in time.
    Time,
    /// Any ordered value: read up to the largest one seen.
    Value,
}

fn order_of(ty: &Type) -> Option<Order> {
    if let Kind::Domain(base) = ty.kind() {
        return order_of(base);
    }
    match *ty {
        Type::TIMESTAMPTZ | Type::TIMESTAMP | Type::DATE => Some(Order::Time),
        Type::INT2 | Type::INT4 | Type::INT8 | Type::NUMERIC => Some(Order::Value),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR => Some(Order::Value),
        _ => None,
    }
}

/// A value in its binary form, for any type: decoded here, not by the crate.
struct Binary(Vec<u8>);

impl<'a> FromSql<'a> for Binary {
    fn from_sql(
        _: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Binary(raw.to_vec()))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// The text of a one-value query's result (CSV's text of the value), `None` for NULL.
fn value_text(
    client: &mut Client,
    sql: &str,
    params: &[&(dyn postgres::types::ToSql + Sync)],
) -> std::result::Result<Option<String>, postgres::Error> {
    let statement = client.prepare(sql)?;
    let ty = statement.columns()[0].type_().clone();
    let row = client.query_one(&statement, params)?;
    let Some(Binary(bytes)) = row.get::<_, Option<Binary>>(0) else {
        return Ok(None);
    };
    let mut text = PlainText::default();
    // A value of a type the server has just described to us.
    if Plan::of(&ty)
        .decoder()
        .decode(&bytes, &mut Scratch::default(), &mut text)
        .is_err()
    {
        return Ok(None);
    }
    Ok(text.0)
}

/// The latest time a run may read up to, taken before its snapshot (see the module
/// comment), as RFC 3339 text.
pub fn time_bound(client: &mut Client, lag_seconds: f64) -> Result<String, postgres::Error> {
    let sql = "SELECT least(clock_timestamp() - make_interval(secs => $1::float8), \
               (SELECT min(xact_start) FROM pg_stat_activity \
                 WHERE datname = current_database() AND backend_type = 'client backend' \
                   AND pid <> pg_backend_pid() AND application_name <> $2::text))";
    let bound = value_text(client, sql, &[&lag_seconds, &APPLICATION])?;
    Ok(bound.expect("clock_timestamp() is never NULL"))
}

/// What a run reads and the mark it reaches.
#[derive(Debug)]
pub struct Window {
    /// Conditions on the column (over `Source::column_ref`).
    pub conditions: Vec<String>,
    /// The mark the next run starts from.
    pub next: Mark,
    /// For `-v`: the mark this run started from.
    pub from: Option<String>,
    /// For `-v`: a time column's window, `[from, next)`; else `(from, next]`.
    pub time: bool,
}

/// The incremental column: its name, how the extract's conditions name it, its type.
pub struct Column {
    pub name: String,
    pub sql: String,
    pub ty: Type,
}

/// The rows past `committed` for `column`, up to `bound` for a time column or the
/// largest value in the snapshot for others. Runs inside the run's transaction.
pub fn window(
    client: &mut Client,
    source: &Source,
    names: &[String],
    column: &Column,
    committed: Option<Mark>,
    bound: &str,
    failed: &dyn Fn(&postgres::Error) -> Error,
) -> Result<Window> {
    let Column {
        name,
        sql: column_ref,
        ty,
    } = column;
    let order = order_of(ty).ok_or_else(|| {
        Error::usage(format!(
            "--incremental-column {name} is of type {}: it must be a timestamp, date, \
             integer, numeric or text column",
            ty.name()
        ))
    })?;
    let from = match committed {
        Some(mark) if mark.column != *name || mark.type_name != ty.name() => {
            return Err(Error::usage(format!(
                "the state holds the mark of column {} ({}), not of {name} ({}); remove the \
                 state file to start over",
                mark.column,
                mark.type_name,
                ty.name()
            )))
        }
        Some(mark) => mark.value,
        None => None,
    };
    let from_literal = from.as_deref().map(|mark| typed_literal(mark, ty));
    let mut conditions = Vec::new();
    let next = match order {
        Order::Time => {
            let bound = format!("CAST({}::timestamptz AS {})", literal(bound), type_sql(ty));
            // Never back: a mark ahead of this bound (a longer --lag now) stays.
            let sql = match &from_literal {
                Some(from) => format!("SELECT greatest({bound}, {from})"),
                None => format!("SELECT {bound}"),
            };
            if let Some(from) = &from_literal {
                conditions.push(format!("{column_ref} >= {from}"));
            }
            value_text(client, &sql, &[]).map_err(|e| failed(&e))?
        }
        Order::Value => {
            if let Some(from) = &from_literal {
                conditions.push(format!("{column_ref} > {from}"));
            }
            let sql = max_select(source, column_ref, names, &conditions);
            let max = value_text(client, &sql, &[]).map_err(|e| failed(&e))?;
            max.or_else(|| from.clone())
        }
    };
    let below = if order == Order::Time { "<" } else { "<=" };
    conditions.push(match &next {
        Some(next) => format!("{column_ref} {below} {}", typed_literal(next, ty)),
        // Nothing yet: no row has a value.
        None => "FALSE".into(),
    });
    Ok(Window {
        conditions,
        next: Mark {
            column: name.clone(),
            type_name: ty.name().to_owned(),
            value: next,
        },
        from,
        time: order == Order::Time,
    })
}
