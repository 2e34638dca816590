//! PostgreSQL: connecting as libpq would, and bulk loading with binary COPY.
//!
//! - [`conninfo`]: `--db`, `DATABASE_URL`, `PG*` variables, `~/.pgpass`, password masking.
//! - [`service`]: connection services from `pg_service.conf`, as libpq finds them.
//! - [`connect`]: connections, timed; PostgreSQL errors as one readable line.
//! - [`tls`]: TLS as libpq sets it up: `sslmode`, roots, revocation lists, client certificates.
//! - [`ident`]: quoted identifiers and `[SCHEMA.]NAME`.
//! - [`table`]: the target table's columns from the catalog; `CREATE TABLE`.
//! - [`infer`]: column types for `--create`.
//! - [`column`] and [`numeric`]: values converted to binary COPY fields.
//! - [`session`]: one connection's transaction and COPY streams; the upsert SQL.
//! - [`refused`]: rows the server refuses, set aside under `--on-error skip`.
//! - [`load`]: records to COPY rows, in chunks, to one session per connection.
//! - [`two_phase`]: `--jobs`, N connections committed all or nothing.
//! - [`run`]: one etl-pg-load run, from connecting to committing.
//! - [`extract`]: etl-pg-extract, tables and queries out through binary COPY.

pub mod column;
pub mod connect;
pub mod conninfo;
pub mod extract;
pub mod ident;
pub mod load;
pub mod numeric;
pub mod offsets;
pub mod refused;
pub mod run;
pub mod service;
pub mod session;
pub mod table;
pub mod tls;
pub mod two_phase;
