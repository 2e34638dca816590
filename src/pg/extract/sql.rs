//! The SQL an extract sends, built safely: names from the user are always quoted
//! identifiers, a `--query` or `--where` is the user's own SQL text sent as it is, and
//! the only values put into SQL text (a high-water mark, a range bound) are literals
//! quoted as `quote_literal` would, with a cast to the column's type.
//!
//! COPY takes no bind parameters, so those values cannot travel as parameters; every
//! catalog lookup that is not a COPY passes its values as parameters.

use postgres::types::Type;

use super::super::ident::{quote, TableName};
use super::decode::Plan;

/// What is extracted.
#[derive(Clone, Debug)]
pub enum Source {
    /// `-t TABLE [--columns a,b] [--where SQL]`.
    Table {
        name: TableName,
        /// `None`: every column (`*`).
        columns: Option<Vec<String>>,
        /// `--where`: the user's condition, as SQL text.
        filter: Option<String>,
    },
    /// `--query SQL`: any query, as the user wrote it.
    Query(String),
}

impl Source {
    /// The query whose rows are extracted, with `conditions` (SQL over
    /// [`Source::column_ref`]) added to a table's WHERE; a query's conditions go to
    /// the select around it instead (see [`copy_select`]).
    pub fn inner_sql(&self, conditions: &[String]) -> String {
        match self {
            Source::Query(query) => trim_query(query).to_owned(),
            Source::Table {
                name,
                columns,
                filter,
            } => {
                let list = match columns {
                    None => "*".to_owned(),
                    Some(columns) => columns
                        .iter()
                        .map(|c| quote(c))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                format!(
                    "SELECT {list} {}",
                    table_from_where(name, filter, conditions)
                )
            }
        }
    }

    /// How the conditions of the extract name column `name`: in a table, the column
    /// itself; in a query, its output column, `q."c<position>"`, given `names` (the
    /// query's output column names).
    pub fn column_ref(&self, name: &str, names: &[String]) -> Option<String> {
        match self {
            Source::Table { .. } => Some(quote(name)),
            Source::Query(_) => names
                .iter()
                .position(|n| n == name)
                .map(|i| format!("q.{}", quote(&alias(i)))),
        }
    }

    /// Whether conditions go around the query rather than into it.
    fn outer_conditions(&self) -> bool {
        matches!(self, Source::Query(_))
    }
}

/// `FROM table WHERE (filter) AND conditions…`.
fn table_from_where(name: &TableName, filter: &Option<String>, conditions: &[String]) -> String {
    let mut sql = format!("FROM {}", name.sql());
    let mut all: Vec<String> = Vec::new();
    if let Some(filter) = filter {
        // On lines of its own: a `--` comment in it ends at its line.
        all.push(format!("(\n{filter}\n)"));
    }
    all.extend(conditions.iter().cloned());
    if !all.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&all.join(" AND "));
    }
    sql
}

/// A query without the semicolon and blanks that may end it: it goes inside
/// parentheses.
fn trim_query(query: &str) -> &str {
    query.trim_end_matches(|c: char| c == ';' || c.is_whitespace())
}

/// The alias of output column `i` in the select around the query: the query's own
/// names may repeat or be anything.
fn alias(i: usize) -> String {
    format!("c{}", i + 1)
}

/// `SELECT q."c1", q."c2"::text[] … FROM (inner) AS q("c1", "c2", …) [WHERE …]`: the
/// source's rows, column i as `plans[i]` selects it.
pub fn copy_select(source: &Source, plans: &[Plan], conditions: &[String]) -> String {
    let (inner, outer) = if source.outer_conditions() {
        (source.inner_sql(&[]), conditions)
    } else {
        (source.inner_sql(conditions), &[][..])
    };
    let list: Vec<String> = plans
        .iter()
        .enumerate()
        .map(|(i, plan)| plan.select(&format!("q.{}", quote(&alias(i)))))
        .collect();
    let aliases: Vec<String> = (0..plans.len()).map(|i| quote(&alias(i))).collect();
    let mut sql = format!(
        "SELECT {} FROM (\n{inner}\n) AS q({})",
        list.join(", "),
        aliases.join(", ")
    );
    if !outer.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&outer.join(" AND "));
    }
    sql
}

/// `SELECT max(col) …` over the source's rows and `conditions`, for a high-water mark.
pub fn max_select(
    source: &Source,
    column: &str,
    names: &[String],
    conditions: &[String],
) -> String {
    aggregate_select(source, &format!("max({column})"), names.len(), conditions)
}

/// `SELECT min(col)::bigint, max(col)::bigint …`, for `--jobs` ranges of a table.
pub fn range_select(source: &Source, column: &str, conditions: &[String]) -> String {
    aggregate_select(
        source,
        &format!("min({column})::bigint, max({column})::bigint"),
        0,
        conditions,
    )
}

fn aggregate_select(source: &Source, what: &str, width: usize, conditions: &[String]) -> String {
    match source {
        Source::Table { name, filter, .. } => {
            format!(
                "SELECT {what} {}",
                table_from_where(name, filter, conditions)
            )
        }
        Source::Query(query) => {
            let aliases: Vec<String> = (0..width).map(|i| quote(&alias(i))).collect();
            let mut sql = format!(
                "SELECT {what} FROM (\n{}\n) AS q({})",
                trim_query(query),
                aliases.join(", ")
            );
            if !conditions.is_empty() {
                sql.push_str(" WHERE ");
                sql.push_str(&conditions.join(" AND "));
            }
            sql
        }
    }
}

/// `text` as an SQL string literal, as `quote_literal` writes it: quotes doubled, and
/// an `E''` string with backslashes doubled when it holds any, so that it means the
/// same whatever `standard_conforming_strings` is.
pub fn literal(text: &str) -> String {
    let quoted = text.replace('\'', "''");
    if text.contains('\\') {
        format!("E'{}'", quoted.replace('\\', "\\\\"))
    } else {
        format!("'{quoted}'")
    }
}

/// The type as SQL, schema-qualified and quoted: `"pg_catalog"."timestamptz"`.
pub fn type_sql(ty: &Type) -> String {
    format!("{}.{}", quote(ty.schema()), quote(ty.name()))
}

/// `'value'::"schema"."type"`: a value of the column's type, from its text.
pub fn typed_literal(text: &str, ty: &Type) -> String {
    format!("{}::{}", literal(text), type_sql(ty))
}

#[cfg(test)]
mod tests {
    use super::super::decode::Decoder;
    use super::*;

    #[test]
    fn literals_are_quoted_whatever_they_hold() {
        assert_eq!(literal("2024-03-01"), "'2024-03-01'");
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal(r"a\'b"), r"E'a\\''b'");
        assert_eq!(
            typed_literal("x'); DROP TABLE t; --", &Type::TEXT),
            r#"'x''); DROP TABLE t; --'::"pg_catalog"."text""#
        );
    }

    #[test]
    fn a_table_with_columns_filter_and_conditions() {
        let source = Source::Table {
            name: TableName::parse("Sales.events").unwrap(),
            columns: Some(vec!["id".into(), "a\"b".into()]),
            filter: Some("amount > 0 -- positive".into()),
        };
        let condition = format!("{} > 5", source.column_ref("id", &[]).unwrap());
        assert_eq!(
            copy_select(&source, &[Plan::Binary(Decoder::Int4), Plan::AsTextArray], &[condition]),
            "SELECT q.\"c1\", q.\"c2\"::text[] FROM (\nSELECT \"id\", \"a\"\"b\" FROM \
             \"Sales\".\"events\" WHERE (\namount > 0 -- positive\n) AND \"id\" > 5\n) AS q(\"c1\", \"c2\")"
        );
    }

    #[test]
    fn a_query_keeps_its_text_and_gets_conditions_around_it() {
        let source = Source::Query("select 1 as n, 2 as n;\n".into());
        let names = ["n".to_owned(), "m".to_owned()];
        let condition = format!("{} > 5", source.column_ref("m", &names).unwrap());
        assert_eq!(
            copy_select(
                &source,
                &[Plan::AsText, Plan::Binary(Decoder::Text)],
                &[condition]
            ),
            "SELECT CASE WHEN num_nulls(q.\"c1\") = 1 THEN NULL ELSE format('%s', q.\"c1\") END, \
             q.\"c2\" FROM (\nselect 1 as n, 2 as n\n) AS q(\"c1\", \"c2\") WHERE q.\"c2\" > 5"
        );
        assert_eq!(source.column_ref("z", &names), None);
    }
}
