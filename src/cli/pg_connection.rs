//! The connection flags of every PostgreSQL command, defined once: `--db` and psql's
//! `-h`, `-p`, `-U`, `-d`. `-h` is the host, as in psql, so these commands have no `-h`
//! for help, only `--help`.

use clap::{ArgAction, Args};

use crate::pg::conninfo::Explicit;

/// Where to connect, as given on the command line.
#[derive(Debug, Clone, Args)]
#[command(disable_help_flag = true)]
pub struct PgConnectionArgs {
    /// Connection: postgresql://user@host:port/db?sslmode=… or 'host=… dbname=…' or
    /// 'service=NAME'. Default: DATABASE_URL, else the PG* variables. Keep passwords
    /// out of it.
    ///
    /// As in psql, the keywords of this conninfo (or of one given to -d) win over -h,
    /// -p, -U and -d, which fill in what it leaves out. Without one, -h, -p, -U and -d
    /// win over DATABASE_URL's parts. Then come the connection service, the PG*
    /// variables and libpq's defaults.
    #[arg(long, value_name = "CONNINFO")]
    pub db: Option<String>,
    /// The database name, as psql's -d: a name with '=' in it, or starting with
    /// postgresql://, is a conninfo, as --db.
    #[arg(short = 'd', long, value_name = "DBNAME", conflicts_with = "db")]
    pub dbname: Option<String>,
    /// The server's host name, address or socket directory (psql's -h); several,
    /// comma-separated, are tried in turn.
    #[arg(short = 'h', long, value_name = "HOST")]
    pub host: Option<String>,
    /// The server's port (psql's -p); one per host, comma-separated, or one for all.
    #[arg(short = 'p', long, value_name = "PORT")]
    pub port: Option<String>,
    /// The database user name (psql's -U); by default the operating system's user.
    #[arg(short = 'U', long, value_name = "USER")]
    pub username: Option<String>,
    /// Print help (-h is the host, as in psql).
    #[arg(long, action = ArgAction::HelpLong)]
    pub help: Option<bool>,
}

impl PgConnectionArgs {
    /// The settings given, with `DATABASE_URL` when neither `--db` nor a conninfo in
    /// `-d` is given.
    pub fn explicit(&self) -> Explicit {
        self.explicit_with(std::env::var("DATABASE_URL").ok())
    }

    /// The settings given, `database_url` standing for `DATABASE_URL`. As psql passes
    /// them to libpq: `-h -p -U -d` first, then the conninfo, whose keywords override
    /// theirs; `DATABASE_URL`, an environment variable, comes before the flags instead.
    pub fn explicit_with(&self, database_url: Option<String>) -> Explicit {
        let dbname_conninfo = self.dbname.as_deref().filter(|d| is_conninfo(d));
        let conninfo = self.db.as_deref().or(dbname_conninfo);
        let mut explicit = Explicit::default();
        if conninfo.is_none() {
            if let Some(url) = database_url {
                explicit = explicit.conninfo(url);
            }
        }
        let flags = [
            ("host", self.host.as_deref()),
            ("port", self.port.as_deref()),
            ("user", self.username.as_deref()),
            ("dbname", self.dbname.as_deref().filter(|d| !is_conninfo(d))),
        ];
        for (keyword, value) in flags {
            if let Some(value) = value {
                explicit = explicit.keyword(keyword, value);
            }
        }
        match conninfo {
            Some(conninfo) => explicit.conninfo(conninfo),
            None => explicit,
        }
    }
}

/// Whether a database name is a conninfo, as libpq's `recognized_connection_string`
/// decides for psql's `-d`.
fn is_conninfo(dbname: &str) -> bool {
    dbname.starts_with("postgresql://") || dbname.starts_with("postgres://") || dbname.contains('=')
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Command {
        #[command(flatten)]
        connection: PgConnectionArgs,
    }

    fn explicit(args: &[&str], database_url: Option<&str>) -> Explicit {
        let command = Command::try_parse_from([&["cmd"], args].concat()).unwrap();
        command
            .connection
            .explicit_with(database_url.map(str::to_owned))
    }

    #[test]
    fn flags_fill_what_a_conninfo_leaves_out_as_in_psql() {
        let flags = Explicit::default()
            .keyword("host", "h")
            .keyword("port", "1")
            .keyword("user", "u");
        assert_eq!(
            explicit(
                &["-h", "h", "-p", "1", "-U", "u", "--db", "host=x"],
                Some("y")
            ),
            flags.clone().conninfo("host=x")
        );
        assert_eq!(
            explicit(
                &["-h", "h", "-p", "1", "-U", "u", "-d", "postgres://x"],
                None
            ),
            flags.clone().conninfo("postgres://x")
        );
        assert_eq!(
            explicit(
                &["--host", "h", "--port", "1", "--username", "u", "-d", "db"],
                None
            ),
            flags.clone().keyword("dbname", "db")
        );
        // DATABASE_URL comes first: the flags win over it.
        assert_eq!(
            explicit(&["-d", "db"], Some("postgresql://x/y")),
            Explicit::default()
                .conninfo("postgresql://x/y")
                .keyword("dbname", "db")
        );
        assert_eq!(explicit(&[], None), Explicit::default());
    }

    #[test]
    fn h_is_the_host_and_help_is_long() {
        let command = Command::try_parse_from(["cmd", "-h", "db.internal"]).unwrap();
        assert_eq!(command.connection.host.as_deref(), Some("db.internal"));
        let err = Command::try_parse_from(["cmd", "--help"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp);
        let err = Command::try_parse_from(["cmd", "--db", "x", "-d", "y"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
    }
}
