//! Anonymising values: keyed hashing, IP masking, redaction.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The marker `redact` writes.
pub const REDACTED: &str = "[REDACTED]";

/// HMAC-SHA-256 of `text` under `key`, as lowercase hex. Keyed, because a plain hash
/// of an e-mail address is undone by hashing every address in a leaked list.
pub fn hash(key: &[u8], text: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(text.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// Bytes as lowercase hex, without a string per byte (hash runs once per value).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(DIGITS[usize::from(b >> 4)] as char);
        text.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    text
}

/// IPv4 to its /24 (`203.0.113.7` → `203.0.113.0`), IPv6 to its /48.
pub fn mask_ip(text: &str) -> Option<String> {
    Some(match text.trim().parse::<IpAddr>().ok()? {
        IpAddr::V4(ip) => {
            let [a, b, c, _] = ip.octets();
            Ipv4Addr::new(a, b, c, 0).to_string()
        }
        IpAddr::V6(ip) => {
            let s = ip.segments();
            Ipv6Addr::new(s[0], s[1], s[2], 0, 0, 0, 0, 0).to_string()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_keyed_and_stable() {
        // RFC 4231 test case 2.
        assert_eq!(
            hash(b"Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_ne!(hash(b"k1", "a@x"), hash(b"k2", "a@x"));
    }

    #[test]
    fn masks_ips() {
        assert_eq!(mask_ip("203.0.113.7").as_deref(), Some("203.0.113.0"));
        assert_eq!(
            mask_ip("2001:db8:85a3:8d3:1319:8a2e:370:7348").as_deref(),
            Some("2001:db8:85a3::")
        );
        assert_eq!(mask_ip("not an ip"), None);
    }
}
