//! Connection services: named sets of connection settings in `pg_service.conf`, found
//! and read exactly as libpq does, so `service=NAME` and `PGSERVICE` mean what they
//! mean to psql.
//!
//! The service is looked up in `PGSERVICEFILE` (when set; a file that is not there is
//! an error), else in `~/.pg_service.conf` (when it exists), then in
//! `PGSYSCONFDIR/pg_service.conf` (libpq's compiled-in directory when unset: Debian's
//! `/etc/postgresql-common`). The first file that defines the service is the only one
//! read for it. In a file, `[NAME]` opens a section and `keyword=value` lines fill it:
//! the whole line is trimmed, `#` starts a comment line, and nothing else is: no
//! spaces around `=`, no quotes, the value runs to the end of the line. Only a
//! service's first section counts, and within it a keyword's first line.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where libpq looks for the system-wide `pg_service.conf` when `PGSYSCONFDIR` is not
/// set: its compiled-in sysconfdir, which is this on Debian and Ubuntu
/// (`pg_config --sysconfdir`).
pub const DEFAULT_SYSCONFDIR: &str = "/etc/postgresql-common";

/// libpq reads a service file with a 1024-byte line buffer and refuses longer lines.
const LINE_LIMIT: usize = 1022;

/// One `keyword=value` line of the service, with where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub keyword: String,
    pub value: String,
    pub file: PathBuf,
    pub line: usize,
}

impl Setting {
    /// `service file "F", line N`, as libpq names a line in its messages.
    pub fn place(&self) -> String {
        format!(
            "service file \"{}\", line {}",
            self.file.display(),
            self.line
        )
    }
}

/// The settings of service `name`, in file order (a keyword's first line first).
/// `known` says whether a keyword is one of libpq's: any other is a syntax error, as in
/// libpq. `home` is the user's home directory, for `~/.pg_service.conf`.
pub fn lookup(
    name: &str,
    env: &dyn Fn(&str) -> Option<String>,
    home: Option<&Path>,
    known: &dyn Fn(&str) -> bool,
) -> Result<Vec<Setting>> {
    let user_file = match env("PGSERVICEFILE") {
        Some(file) => Some(PathBuf::from(file)),
        // Only when it exists: a missing ~/.pg_service.conf is no error.
        None => home
            .map(|home| home.join(".pg_service.conf"))
            .filter(|file| file.exists()),
    };
    if let Some(file) = user_file {
        if let Some(settings) = read(&file, name, known)? {
            return Ok(settings);
        }
    }
    let directory = env("PGSYSCONFDIR").unwrap_or_else(|| DEFAULT_SYSCONFDIR.to_owned());
    let system_file = Path::new(&directory).join("pg_service.conf");
    if system_file.exists() {
        if let Some(settings) = read(&system_file, name, known)? {
            return Ok(settings);
        }
    }
    Err(Error::usage(format!(
        "definition of service \"{name}\" not found"
    )))
}

/// The service's settings in `file`, or `None` when the file has no section for it.
fn read(file: &Path, name: &str, known: &dyn Fn(&str) -> bool) -> Result<Option<Vec<Setting>>> {
    let text = std::fs::read(file)
        .map_err(|_| Error::usage(format!("service file \"{}\" not found", file.display())))?;
    let mut found = false;
    let mut settings = Vec::new();
    for (index, raw) in text.split_inclusive(|&b| b == b'\n').enumerate() {
        let number = index + 1;
        let at = || format!("service file \"{}\", line {number}", file.display());
        if raw.len() > LINE_LIMIT {
            return Err(Error::usage(format!(
                "line {number} too long in service file \"{}\"",
                file.display()
            )));
        }
        let line = trim(raw);
        if line.is_empty() || line[0] == b'#' {
            continue;
        }
        if line[0] == b'[' {
            if found {
                // The end of the service's first section.
                break;
            }
            // `[NAME]` with anything after the `]`, as libpq compares it.
            found =
                line[1..].starts_with(name.as_bytes()) && line.get(name.len() + 1) == Some(&b']');
            continue;
        }
        if !found {
            continue;
        }
        if line.starts_with(b"ldap") {
            return Err(Error::usage(format!(
                "{}: LDAP lookup of connection settings is not supported",
                at()
            )));
        }
        let text = String::from_utf8_lossy(line);
        let Some((keyword, value)) = text.split_once('=') else {
            return Err(Error::usage(format!("syntax error in {}", at())));
        };
        if keyword == "service" {
            return Err(Error::usage(format!(
                "nested service specifications not supported in {}",
                at()
            )));
        }
        if !known(keyword) {
            return Err(Error::usage(format!("syntax error in {}", at())));
        }
        if settings.iter().any(|s: &Setting| s.keyword == keyword) {
            // libpq keeps a keyword's first value.
            continue;
        }
        settings.push(Setting {
            keyword: keyword.to_owned(),
            value: value.to_owned(),
            file: file.to_owned(),
            line: number,
        });
    }
    Ok(found.then_some(settings))
}

/// The line without the white space around it, as C's `isspace` sees it (which counts
/// vertical tab and form feed too).
fn trim(line: &[u8]) -> &[u8] {
    let space = |b: &u8| matches!(b, b' ' | b'\t'..=b'\r');
    let start = line.iter().position(|b| !space(b)).unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|b| !space(b))
        .map_or(start, |i| i + 1);
    &line[start..end.max(start)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(keyword: &str) -> bool {
        ["host", "port", "user", "dbname", "sslmode"].contains(&keyword)
    }

    fn pairs(settings: &[Setting]) -> Vec<(String, String, usize)> {
        settings
            .iter()
            .map(|s| (s.keyword.clone(), s.value.clone(), s.line))
            .collect()
    }

    fn owned(list: &[(&str, &str, usize)]) -> Vec<(String, String, usize)> {
        list.iter()
            .map(|(k, v, l)| (k.to_string(), v.to_string(), *l))
            .collect()
    }

    #[test]
    fn sections_comments_and_white_space_as_libpq_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("services");
        std::fs::write(
            &file,
            "host=ignored\n# a comment\n[other]\nhost=o\n  [main]junk \n\thost=db.example \
             \x0b\nport= 6543\n\n  # indented comment\nuser=a=b\nhost=second\n[main]\ndbname=late\n",
        )
        .unwrap();
        let env = |name: &str| (name == "PGSERVICEFILE").then(|| file.display().to_string());
        let settings = lookup("main", &env, None, &known).unwrap();
        assert_eq!(
            pairs(&settings),
            owned(&[
                ("host", "db.example", 6),
                ("port", " 6543", 7),
                ("user", "a=b", 10)
            ])
        );
        assert_eq!(
            settings[0].place(),
            format!("service file \"{}\", line 6", file.display())
        );
        // A name that only starts the section's name is another service.
        let err = lookup("mai", &env, None, &known).unwrap_err();
        assert_eq!(err.to_string(), "definition of service \"mai\" not found");
    }

    #[test]
    fn errors_name_the_file_and_line_as_libpq_does() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("services");
        let shown = file.display().to_string();
        let env = |name: &str| (name == "PGSERVICEFILE").then(|| shown.clone());
        let fails = |text: &str| {
            std::fs::write(&file, text).unwrap();
            lookup("s", &env, None, &known).unwrap_err().to_string()
        };
        let line2 = format!("service file \"{shown}\", line 2");
        assert_eq!(fails("[s]\nhost = x\n"), format!("syntax error in {line2}"));
        assert_eq!(fails("[s]\nhost\n"), format!("syntax error in {line2}"));
        assert_eq!(
            fails("[s]\nservice=t\n"),
            format!("nested service specifications not supported in {line2}")
        );
        assert_eq!(
            fails("[s]\nldap://ldap.example/dc=x?y?one?(z)\n"),
            format!("{line2}: LDAP lookup of connection settings is not supported")
        );
        assert_eq!(
            fails(&format!("[s]\nhost={}\n", "x".repeat(1100))),
            format!("line 2 too long in service file \"{shown}\"")
        );
        // Errors outside the service's section are not looked at.
        std::fs::write(&file, "[t]\nhost = x\n[s]\nhost=y\n").unwrap();
        assert_eq!(
            pairs(&lookup("s", &env, None, &known).unwrap()),
            owned(&[("host", "y", 4)])
        );
        let missing = dir.path().join("missing");
        let env = |name: &str| (name == "PGSERVICEFILE").then(|| missing.display().to_string());
        assert_eq!(
            lookup("s", &env, None, &known).unwrap_err().to_string(),
            format!("service file \"{}\" not found", missing.display())
        );
    }

    #[test]
    fn user_file_first_then_the_system_one() {
        let home = tempfile::tempdir().unwrap();
        let system = tempfile::tempdir().unwrap();
        std::fs::write(
            system.path().join("pg_service.conf"),
            "[both]\nhost=system\n[sys]\nport=1\n",
        )
        .unwrap();
        let sysconfdir = system.path().display().to_string();
        let env = |name: &str| (name == "PGSYSCONFDIR").then(|| sysconfdir.clone());
        // No ~/.pg_service.conf: the system file.
        let found = lookup("both", &env, Some(home.path()), &known).unwrap();
        assert_eq!(pairs(&found), owned(&[("host", "system", 2)]));
        std::fs::write(home.path().join(".pg_service.conf"), "[both]\nport=2\n").unwrap();
        // The first file that defines it is the only one read for it.
        let found = lookup("both", &env, Some(home.path()), &known).unwrap();
        assert_eq!(pairs(&found), owned(&[("port", "2", 2)]));
        assert_eq!(found[0].file, home.path().join(".pg_service.conf"));
        let found = lookup("sys", &env, Some(home.path()), &known).unwrap();
        assert_eq!(pairs(&found), owned(&[("port", "1", 4)]));
        let err = lookup("none", &env, Some(home.path()), &known).unwrap_err();
        assert_eq!(err.to_string(), "definition of service \"none\" not found");
    }
}
