//! Sizes and durations written the way people write them.

/// `1.5K` → 1500, `2 MiB` → 2097152, `300kb` → 300000. K, M, G, T, P (with or without
/// a trailing B, any case) count in 1000s; Ki, Mi, Gi, Ti, Pi (KiB…) in 1024s. A bare
/// number, or one ending in B, is bytes. The result is rounded to whole bytes.
pub fn bytes(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit.strip_suffix('b').unwrap_or(&unit);
    let (prefix, binary) = match unit.strip_suffix('i') {
        Some(prefix) => (prefix, true),
        None => (unit, false),
    };
    let power = match prefix {
        "" if !binary => 0,
        "k" => 1,
        "m" => 2,
        "g" => 3,
        "t" => 4,
        "p" => 5,
        _ => return None,
    };
    let base: f64 = if binary { 1024.0 } else { 1000.0 };
    let value = number * base.powi(power);
    (value.is_finite() && value < 1.8e19).then(|| value.round() as u64)
}

/// `1m30s` → 90, `150ms` → 0.15, `2h` → 7200, `1.5s` → 1.5; units d, h, m, s, ms,
/// us (µs), ns, combined largest first. A bare number is seconds.
pub fn duration_seconds(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return seconds.is_finite().then_some(seconds);
    }
    let mut rest = text;
    let mut total = 0.0;
    let mut any = false;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|&n| n > 0)?;
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "d" => 86400.0,
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        total += number * scale;
        rest = &rest[unit_len..];
        any = true;
    }
    any.then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        let cases = [
            ("1.5K", 1500),
            ("2 MiB", 2 * 1024 * 1024),
            ("300kb", 300_000),
            ("1KiB", 1024),
            ("7", 7),
            ("12B", 12),
            ("1G", 1_000_000_000),
        ];
        for (text, expected) in cases {
            assert_eq!(bytes(text), Some(expected), "{text}");
        }
        for bad in ["", "K", "1.2.3K", "5 parsecs", "-1K"] {
            assert_eq!(bytes(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations() {
        let cases = [
            ("1m30s", 90.0),
            ("150ms", 0.15),
            ("2h", 7200.0),
            ("1.5", 1.5),
            ("1d2h", 93600.0),
        ];
        for (text, expected) in cases {
            assert_eq!(duration_seconds(text), Some(expected), "{text}");
        }
        for bad in ["", "m", "1x", "1m30", "s1"] {
            assert_eq!(duration_seconds(bad), None, "{bad}");
        }
    }
}
