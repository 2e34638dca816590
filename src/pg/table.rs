//! The target table: found in the catalog with its columns, or created from
//! inferred types.

use postgres::Client;

use super::column::{Column, Kind};
use super::ident::{quote, TableName};
use crate::infer::{ColumnType, Inference};

/// A table that exists, with the columns a COPY can write (generated ones left out).
#[derive(Debug)]
pub struct Table {
    /// Schema and name as the catalog has them.
    pub name: TableName,
    pub columns: Vec<Column>,
}

impl Table {
    /// Looks the table up by its exact (quoted) name; `None` when there is none. The
    /// name reaches the server as a parameter, never as SQL text.
    pub fn find(client: &mut Client, name: &TableName) -> Result<Option<Table>, postgres::Error> {
        let rows = client.query(
            "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), \
                    b.typname::text, b.typtype::text, a.atttypmod, a.attnotnull \
             FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 \
                  AND NOT a.attisdropped AND a.attgenerated = '' \
             LEFT JOIN pg_type t ON t.oid = a.atttypid \
             LEFT JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END \
             WHERE c.oid = to_regclass($1) \
             ORDER BY a.attnum",
            &[&name.sql()],
        )?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let mut table = Table {
            name: TableName {
                schema: Some(first.get(0)),
                name: first.get(1),
            },
            columns: Vec::new(),
        };
        for row in &rows {
            let Some(column) = row.get::<_, Option<String>>(2) else {
                continue; // a table without columns
            };
            let type_name: String = row.get(3);
            let typname: String = row.get(4);
            let typmod: i32 = row.get(6);
            let sized = matches!(typname.as_str(), "varchar" | "bpchar") && typmod >= 4;
            table.columns.push(Column {
                name: column,
                type_name,
                kind: Kind::of(&typname, row.get(5)),
                max_chars: sized.then(|| (typmod - 4) as usize),
                not_null: row.get(7),
            });
        }
        Ok(Some(table))
    }

    /// Whether a unique index (or constraint) without a predicate covers exactly
    /// `keys`, in any order: what `ON CONFLICT (keys)` needs.
    pub fn has_unique_index(
        &self,
        client: &mut Client,
        keys: &[String],
    ) -> Result<bool, postgres::Error> {
        let row = client.query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_index i \
               WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indpred IS NULL \
                 AND i.indnkeyatts = cardinality($2::text[]) \
                 AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text) FROM pg_attribute a \
                      WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey[0:i.indnkeyatts - 1])) \
                     = (SELECT array_agg(k ORDER BY k) FROM unnest($2::text[]) k))",
            &[&self.name.sql(), &keys],
        )?;
        Ok(row.get(0))
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// `CREATE TABLE` for the inferred columns, with `primary_key` (checked to be among
/// them) as its primary key.
pub fn create_sql(name: &TableName, inference: &Inference, primary_key: &[String]) -> String {
    let mut columns: Vec<String> = inference
        .columns
        .iter()
        .map(|(column, inferred)| format!("    {} {}", quote(column), sql_type(*inferred)))
        .collect();
    if !primary_key.is_empty() {
        let keys: Vec<String> = primary_key.iter().map(|k| quote(k)).collect();
        columns.push(format!("    PRIMARY KEY ({})", keys.join(", ")));
    }
    format!(
        "CREATE TABLE {} (\n{}\n);\n",
        name.sql(),
        columns.join(",\n")
    )
}

/// The PostgreSQL type of an inferred column: a column with no value yet is text.
fn sql_type(inferred: ColumnType) -> &'static str {
    match inferred {
        ColumnType::Int => "bigint",
        ColumnType::Decimal => "numeric",
        ColumnType::Float => "double precision",
        ColumnType::Bool => "boolean",
        ColumnType::Date => "date",
        ColumnType::Timestamp => "timestamp with time zone",
        ColumnType::Json => "jsonb",
        ColumnType::Null | ColumnType::Text => "text",
    }
}
