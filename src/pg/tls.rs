//! TLS for PostgreSQL connections, set up as libpq sets it up with OpenSSL: `sslmode`,
//! the roots the server's certificate is checked against (`sslrootcert`), revocation
//! lists (`sslcrl`, `sslcrldir`) and a client certificate (`sslcert`, `sslkey`,
//! `sslpassword`), with libpq's defaults in `~/.postgresql/`.
//!
//! The files are read when the settings are made, before connecting, so a missing or
//! unreadable one fails the run at once; the OpenSSL connector itself is built when a
//! server first agrees to TLS (see [`LazyTls`]).

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use openssl::pkey::{PKey, Private};
use openssl::ssl::{SslConnector, SslFiletype, SslMethod, SslVerifyMode, SslVersion};
use openssl::x509::store::{X509Lookup, X509StoreBuilder};
use openssl::x509::verify::X509VerifyFlags;
use openssl::x509::X509;
use postgres::tls::{MakeTlsConnect, TlsConnect};
use postgres::Socket;
use postgres_openssl::TlsStream;

use super::conninfo::{ConnInfo, SslMode};
use crate::error::{Error, Result};

/// How the TLS connector is to check the server and show itself, from the settings.
pub struct TlsSettings {
    /// Check the certificate chain (verify-ca, verify-full, or require with a root file).
    verify: bool,
    /// Check the host name too (verify-full).
    verify_host: bool,
    /// The roots to check against; `None` for the system's (`sslrootcert=system`).
    roots: Option<Vec<X509>>,
    /// Revocation lists: a file and a folder of hashed names (`c_rehash`), as libpq
    /// gives them to OpenSSL; only where they exist.
    crl_file: Option<PathBuf>,
    crl_dir: Option<PathBuf>,
    /// The client certificate (its chain) and key, when there is one.
    client: Option<(Vec<X509>, PKey<Private>)>,
}

impl TlsSettings {
    /// The settings for `info`, emulating libpq (`fe-secure-openssl.c`):
    ///
    /// - prefer and require encrypt without checking the server's certificate, unless
    ///   the root file (`sslrootcert`, default `~/.postgresql/root.crt`) exists, which
    ///   makes require check the chain; verify-ca checks the chain against it (it must
    ///   exist; `system` means the system's roots), verify-full also the host name;
    /// - where the chain is checked, the revocation lists `sslcrl` (default
    ///   `~/.postgresql/root.crl`) and `sslcrldir` are checked too when they exist;
    /// - a client certificate `sslcert` (default `~/.postgresql/postgresql.crt`) is
    ///   sent when the file exists, with the key `sslkey` (default
    ///   `~/.postgresql/postgresql.key`), which must exist then and be private to its
    ///   owner (0600, or 0640 when root owns it), in PEM: PKCS#1, PKCS#8 or SEC1,
    ///   encrypted ones with the password `sslpassword`.
    pub fn new(info: &ConnInfo) -> Result<TlsSettings> {
        let mode = info.ssl_mode()?;
        let in_home = |name: &str| info.home().map(|home| home.join(".postgresql").join(name));
        let file = |keyword: &str, default: &str| match info.get(keyword) {
            Some(path) => Some(PathBuf::from(path)),
            None => in_home(default),
        };
        let mut settings = TlsSettings {
            verify: false,
            verify_host: mode == SslMode::VerifyFull,
            roots: None,
            crl_file: None,
            crl_dir: None,
            client: None,
        };
        if mode == SslMode::Disable {
            return Ok(settings);
        }
        if info.get("sslrootcert") == Some("system") {
            settings.verify = mode != SslMode::Prefer;
        } else {
            let root = file("sslrootcert", "root.crt");
            match root.as_deref().filter(|path| path.exists()) {
                Some(path) => {
                    settings.verify = mode != SslMode::Prefer;
                    if settings.verify {
                        settings.roots = Some(read_certificates(path, "root certificate")?);
                    }
                }
                None if matches!(mode, SslMode::VerifyCa | SslMode::VerifyFull) => {
                    let shown =
                        root.map_or("~/.postgresql/root.crt".into(), |p| p.display().to_string());
                    return Err(Error::usage(format!(
                        "root certificate file \"{shown}\" does not exist: give one \
                         (sslrootcert), use sslrootcert=system, or change sslmode to \
                         disable server certificate verification"
                    )));
                }
                None => {}
            }
        }
        if settings.verify {
            settings.crl_file = file("sslcrl", "root.crl").filter(|path| path.exists());
            settings.crl_dir = info
                .get("sslcrldir")
                .map(PathBuf::from)
                .filter(|path| path.exists());
        }
        // A certificate file that is not there is no certificate, as in libpq.
        if let Some(cert) = file("sslcert", "postgresql.crt").filter(|path| path.exists()) {
            let chain = read_certificates(&cert, "certificate")?;
            let key = file("sslkey", "postgresql.key").ok_or_else(|| {
                Error::usage(format!(
                    "certificate present, but no private key file (sslkey) for \"{}\"",
                    cert.display()
                ))
            })?;
            let key_pair = read_key(&key, info.get("sslpassword"))?;
            settings.client = Some((chain, key_pair));
        }
        Ok(settings)
    }

    /// The OpenSSL connector for these settings.
    fn connector(&self) -> std::result::Result<SslConnector, String> {
        let failed = |what: &str, e: openssl::error::ErrorStack| format!("{what}: {e}");
        let mut builder = SslConnector::builder(SslMethod::tls_client())
            .map_err(|e| failed("TLS set-up failed", e))?;
        // libpq's ssl_min_protocol_version default.
        builder
            .set_min_proto_version(Some(SslVersion::TLS1_2))
            .map_err(|e| failed("TLS set-up failed", e))?;
        if self.verify {
            builder.set_verify(SslVerifyMode::PEER);
            let mut store = X509StoreBuilder::new().map_err(|e| failed("TLS set-up failed", e))?;
            match &self.roots {
                None => store.set_default_paths(),
                Some(roots) => roots
                    .iter()
                    .try_for_each(|root| store.add_cert(root.clone())),
            }
            .map_err(|e| failed("could not load the root certificates", e))?;
            if let Some(file) = &self.crl_file {
                let lookup = store
                    .add_lookup(X509Lookup::file())
                    .map_err(|e| failed("TLS set-up failed", e))?;
                lookup.load_crl_file(file, SslFiletype::PEM).map_err(|e| {
                    failed(
                        &format!(
                            "could not load SSL certificate revocation list \"{}\"",
                            file.display()
                        ),
                        e,
                    )
                })?;
            }
            if let Some(dir) = &self.crl_dir {
                let lookup = store
                    .add_lookup(X509Lookup::hash_dir())
                    .map_err(|e| failed("TLS set-up failed", e))?;
                lookup
                    .add_dir(&dir.to_string_lossy(), SslFiletype::PEM)
                    .map_err(|e| {
                        failed(
                            &format!(
                                "could not use the revocation list folder \"{}\"",
                                dir.display()
                            ),
                            e,
                        )
                    })?;
            }
            if self.crl_file.is_some() || self.crl_dir.is_some() {
                store
                    .set_flags(X509VerifyFlags::CRL_CHECK | X509VerifyFlags::CRL_CHECK_ALL)
                    .map_err(|e| failed("TLS set-up failed", e))?;
            }
            builder.set_cert_store(store.build());
        } else {
            builder.set_verify(SslVerifyMode::NONE);
        }
        if let Some((chain, key)) = &self.client {
            let bad = |e| failed("could not use the client certificate", e);
            builder.set_certificate(&chain[0]).map_err(bad)?;
            for extra in &chain[1..] {
                builder.add_extra_chain_cert(extra.clone()).map_err(bad)?;
            }
            builder.set_private_key(key).map_err(bad)?;
            builder
                .check_private_key()
                .map_err(|e| failed("the client certificate does not match its private key", e))?;
        }
        Ok(builder.build())
    }
}

/// The certificates of a PEM file (a chain, or a bundle of roots).
fn read_certificates(path: &Path, what: &str) -> Result<Vec<X509>> {
    let pem = std::fs::read(path)
        .map_err(|e| Error::io(format!("{what} file \"{}\"", path.display()), e))?;
    let certificates = X509::stack_from_pem(&pem).map_err(|e| {
        Error::usage(format!(
            "could not read {what} file \"{}\": {e}",
            path.display()
        ))
    })?;
    if certificates.is_empty() {
        return Err(Error::usage(format!(
            "{what} file \"{}\" holds no certificate",
            path.display()
        )));
    }
    Ok(certificates)
}

/// A client's private key, checked and decrypted as libpq does: a regular file that
/// only its owner may read (a root-owned one may be group-readable), PEM in any of
/// OpenSSL's forms, decrypted with `password`. Without one, an encrypted key fails
/// rather than asking on the terminal, as psql would.
fn read_key(path: &Path, password: Option<&str>) -> Result<PKey<Private>> {
    let shown = path.display();
    let metadata = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::usage(format!(
                "certificate present, but not private key file \"{shown}\""
            ))
        } else {
            Error::io(format!("private key file \"{shown}\""), e)
        }
    })?;
    if !metadata.is_file() {
        return Err(Error::usage(format!(
            "private key file \"{shown}\" is not a regular file"
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let others = if metadata.uid() == 0 { 0o037 } else { 0o077 };
        if metadata.mode() & others != 0 {
            return Err(Error::usage(format!(
                "private key file \"{shown}\" has group or world access; file must have \
                 permissions u=rw (0600) or less if owned by the current user, or \
                 permissions u=rw,g=r (0640) or less if owned by root"
            )));
        }
    }
    let pem =
        std::fs::read(path).map_err(|e| Error::io(format!("private key file \"{shown}\""), e))?;
    let mut asked = false;
    let key = PKey::private_key_from_pem_callback(&pem, |buffer| {
        asked = true;
        let password = password.unwrap_or_default().as_bytes();
        if password.len() > buffer.len() {
            return Ok(0);
        }
        buffer[..password.len()].copy_from_slice(password);
        Ok(password.len())
    });
    key.map_err(|e| {
        let hint = if asked && password.is_none() {
            " (the key is encrypted: give its password in sslpassword)"
        } else {
            ""
        };
        Error::usage(format!(
            "could not load private key file \"{shown}\": {e}{hint}"
        ))
    })
}

type TlsError = Box<dyn std::error::Error + Send + Sync>;

/// The TLS connector, built when a server first agrees to TLS and then shared by every
/// connection: building it reads the system's root certificates whatever the mode
/// (about 40 ms of CPU), which a server without TLS, the common local case, never
/// needs.
#[derive(Clone)]
pub struct LazyTls {
    settings: Arc<TlsSettings>,
    built: Arc<OnceLock<std::result::Result<SslConnector, String>>>,
}

impl LazyTls {
    pub fn new(settings: TlsSettings) -> LazyTls {
        LazyTls {
            settings: Arc::new(settings),
            built: Arc::new(OnceLock::new()),
        }
    }
}

impl MakeTlsConnect<Socket> for LazyTls {
    type Stream = TlsStream<Socket>;
    type TlsConnect = LazyTlsConnect;
    type Error = std::convert::Infallible;

    fn make_tls_connect(
        &mut self,
        domain: &str,
    ) -> std::result::Result<LazyTlsConnect, Self::Error> {
        Ok(LazyTlsConnect {
            tls: self.clone(),
            domain: domain.to_owned(),
        })
    }
}

/// One connection's TLS handshake with the shared connector.
pub struct LazyTlsConnect {
    tls: LazyTls,
    domain: String,
}

impl TlsConnect<Socket> for LazyTlsConnect {
    type Stream = TlsStream<Socket>;
    type Error = TlsError;
    type Future = Pin<Box<dyn Future<Output = std::result::Result<Self::Stream, TlsError>> + Send>>;

    fn connect(self, stream: Socket) -> Self::Future {
        let built = self.tls.built.get_or_init(|| self.tls.settings.connector());
        let configured = built.clone().and_then(|connector| {
            let mut configuration = connector
                .configure()
                .map_err(|e| format!("TLS set-up failed: {e}"))?;
            configuration.set_verify_hostname(self.tls.settings.verify_host);
            Ok(configuration)
        });
        match configured {
            Ok(configuration) => {
                let handshake = postgres_openssl::TlsConnector::new(configuration, &self.domain)
                    .connect(stream);
                Box::pin(handshake)
            }
            Err(reason) => Box::pin(async move { Err(TlsError::from(reason)) }),
        }
    }
}

#[cfg(test)]
mod tests {
    use openssl::ec::{EcGroup, EcKey};
    use openssl::nid::Nid;
    use openssl::rsa::Rsa;
    use openssl::symm::Cipher;

    use super::*;

    fn write(path: &Path, bytes: &[u8], mode: u32) -> PathBuf {
        std::fs::write(path, bytes).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        path.to_owned()
    }

    #[test]
    fn keys_in_every_pem_form_encrypted_or_not() {
        let dir = tempfile::tempdir().unwrap();
        let rsa = Rsa::generate(2048).unwrap();
        let ec =
            EcKey::generate(&EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap()).unwrap();
        let pkey = PKey::from_rsa(rsa.clone()).unwrap();
        let cipher = Cipher::aes_256_cbc();
        let forms = [
            ("pkcs8", pkey.private_key_to_pem_pkcs8().unwrap(), None),
            ("pkcs1", rsa.private_key_to_pem().unwrap(), None),
            ("sec1", ec.private_key_to_pem().unwrap(), None),
            (
                "pkcs8-encrypted",
                pkey.private_key_to_pem_pkcs8_passphrase(cipher, b"pw")
                    .unwrap(),
                Some("pw"),
            ),
            (
                "pkcs1-encrypted",
                rsa.private_key_to_pem_passphrase(cipher, b"pw").unwrap(),
                Some("pw"),
            ),
        ];
        for (name, pem, password) in &forms {
            let path = write(&dir.path().join(name), pem, 0o600);
            read_key(&path, *password).unwrap_or_else(|e| panic!("{name}: {e}"));
            if password.is_some() {
                let shown = path.display();
                let err = read_key(&path, None).unwrap_err().to_string();
                assert!(
                    err.starts_with(&format!("could not load private key file \"{shown}\": "))
                        && err
                            .ends_with(" (the key is encrypted: give its password in sslpassword)"),
                    "{err}"
                );
                let err = read_key(&path, Some("wrong")).unwrap_err().to_string();
                assert!(!err.contains("give its password"), "{err}");
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_key_others_may_read_is_refused_as_libpq_refuses_it() {
        let dir = tempfile::tempdir().unwrap();
        let pem = Rsa::generate(2048).unwrap().private_key_to_pem().unwrap();
        let path = write(&dir.path().join("key"), &pem, 0o604);
        let err = read_key(&path, None).unwrap_err().to_string();
        assert!(err.contains("has group or world access"), "{err}");
        let err = read_key(dir.path(), None).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "private key file \"{}\" is not a regular file",
                dir.path().display()
            )
        );
        let missing = dir.path().join("missing");
        assert_eq!(
            read_key(&missing, None).unwrap_err().to_string(),
            format!(
                "certificate present, but not private key file \"{}\"",
                missing.display()
            )
        );
    }

    fn settings(conninfo: &str, home: &Path) -> Result<TlsSettings> {
        let home = home.display().to_string();
        let env = move |name: &str| match name {
            "HOME" => Some(home.clone()),
            "PGUSER" => Some("u".to_owned()),
            _ => None,
        };
        TlsSettings::new(&ConnInfo::resolve(conninfo, &env)?)
    }

    #[test]
    fn the_root_file_decides_whether_require_checks_the_chain() {
        let home = tempfile::tempdir().unwrap();
        // Nothing in ~/.postgresql: require encrypts only; verify-ca needs a root file.
        assert!(!settings("sslmode=require", home.path()).unwrap().verify);
        let err = settings("sslmode=verify-ca", home.path())
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with(&format!(
                "root certificate file \"{}/.postgresql/root.crt\" does not exist: ",
                home.path().display()
            )),
            "{err}"
        );
        // An explicit root file that is not there is no root file either (libpq).
        let none = settings("sslmode=require sslrootcert=/nonexistent", home.path()).unwrap();
        assert!(!none.verify);
        std::fs::create_dir(home.path().join(".postgresql")).unwrap();
        let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
        let mut name = openssl::x509::X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", "test").unwrap();
        let name = name.build();
        let mut builder = X509::builder().unwrap();
        builder.set_subject_name(&name).unwrap();
        builder.set_issuer_name(&name).unwrap();
        builder.set_pubkey(&key).unwrap();
        let now = openssl::asn1::Asn1Time::days_from_now(0).unwrap();
        let later = openssl::asn1::Asn1Time::days_from_now(1).unwrap();
        builder.set_not_before(&now).unwrap();
        builder.set_not_after(&later).unwrap();
        builder
            .sign(&key, openssl::hash::MessageDigest::sha256())
            .unwrap();
        let pem = builder.build().to_pem().unwrap();
        write(&home.path().join(".postgresql/root.crt"), &pem, 0o644);
        let require = settings("sslmode=require", home.path()).unwrap();
        assert!(require.verify && !require.verify_host && require.roots.is_some());
        assert!(!settings("sslmode=prefer", home.path()).unwrap().verify);
        let full = settings("sslmode=verify-full", home.path()).unwrap();
        assert!(full.verify && full.verify_host && full.crl_file.is_none());
        // The default revocation list, and a client certificate with its default key.
        write(&home.path().join(".postgresql/root.crl"), b"", 0o644);
        write(&home.path().join(".postgresql/postgresql.crt"), &pem, 0o644);
        let err = settings("sslmode=verify-ca", home.path())
            .err()
            .unwrap()
            .to_string();
        assert_eq!(
            err,
            format!(
                "certificate present, but not private key file \"{}/.postgresql/postgresql.key\"",
                home.path().display()
            )
        );
        let key_pem = key.private_key_to_pem_pkcs8().unwrap();
        write(
            &home.path().join(".postgresql/postgresql.key"),
            &key_pem,
            0o600,
        );
        let client = settings("sslmode=verify-ca", home.path()).unwrap();
        assert!(client.client.is_some() && client.crl_file.is_some());
        // An unreadable list fails the connection (libpq would quietly check nothing).
        let err = client.connector().err().unwrap();
        assert!(
            err.starts_with(&format!(
                "could not load SSL certificate revocation list \"{}/.postgresql/root.crl\": ",
                home.path().display()
            )),
            "{err}"
        );
        std::fs::remove_file(home.path().join(".postgresql/root.crl")).unwrap();
        let client = settings("sslmode=verify-ca", home.path()).unwrap();
        assert!(client.connector().is_ok());
        // disable reads nothing at all.
        let off = settings("sslmode=disable sslcert=/etc/passwd", home.path()).unwrap();
        assert!(off.client.is_none() && !off.verify);
    }
}
