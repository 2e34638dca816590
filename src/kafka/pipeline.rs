//! The `--exec` pipeline as bash runs it: its last stage learns whether the stages
//! before it succeeded.
//!
//! When a stage in the middle of `etl-filter … | etl-cast … | etl-pg-load …` dies, the
//! load sees its input end as if the batch were complete, and would commit part of it.
//! Under `pipefail` the batch still fails and its offsets stay uncommitted, but in
//! the meantime the load has committed rows (duplicates later) and, with
//! `--offsets-table`, offsets past records it never got. So the pipeline is run as
//!
//! ```text
//! trap : HUP INT TERM
//! { trap : HUP INT TERM
//!   FRONT
//!   status=$?; echo $status > "$ETLKIT_KAFKA_UPSTREAM"; exit $status
//! } | LAST
//! ```
//!
//! The group holds LAST's input open until it has written FRONT's status, so when
//! LAST (etl-pg-load) sees its input end, the file says whether all of it came.
//!
//! The traps keep both shells alive through a stop signal to the process group
//! (`systemctl stop`, ^C): bash runs a trap only once the pipeline in front of it has
//! ended, so the stages drain and finish as they would, the status is still written
//! and the script's status is the pipeline's. The stages themselves get the signal's
//! default disposition back, as for any trap that is not an empty string.

/// The variable naming the file with the status of the stages before the last.
pub const UPSTREAM_VARIABLE: &str = "ETLKIT_KAFKA_UPSTREAM";

/// Keeps a shell alive through a stop signal until its pipeline has ended.
const OUTLIVE_SIGNALS: &str = "trap : HUP INT TERM\n";

/// The bash script that runs `pipeline` and whether it reports the status of all its
/// stages but the last to the file named by [`UPSTREAM_VARIABLE`]: a pipeline that is
/// not a plain `A | B | … | Z` at its top level does not.
pub fn script(pipeline: &str) -> (String, bool) {
    match split_last_stage(pipeline) {
        Some((front, last)) => (
            format!(
                "{OUTLIVE_SIGNALS}{{ {OUTLIVE_SIGNALS}{front}\n\
                 status=$?; echo $status > \"${UPSTREAM_VARIABLE}\"; exit $status\n}} | {last}"
            ),
            true,
        ),
        None => (format!("{OUTLIVE_SIGNALS}{pipeline}"), false),
    }
}

/// For the last stage, at the end of its input: why the stages before it did not all
/// succeed, when it runs in an `--exec` pipeline and they did not.
pub fn upstream_failure() -> Option<String> {
    let path = std::env::var_os(UPSTREAM_VARIABLE)?;
    let status = std::fs::read_to_string(&path).ok();
    match status.as_deref().map(str::trim) {
        Some("0") => None,
        Some(status) => Some(format!(
            "the stages before this one in the --exec pipeline failed (status {status})"
        )),
        None => Some(
            "the stages before this one in the --exec pipeline were stopped before their end"
                .to_owned(),
        ),
    }
}

/// `A | B | C` as (`A | B `, ` C`): split at the last `|` outside quotes, brackets
/// and substitutions. `None` when there is none, or when the part before it holds
/// anything but a pipeline at the top level (`;`, `&&`, `||`, `&`, a newline that does
/// not follow a `|` or come before the first command), whose meaning the braces would
/// change.
fn split_last_stage(pipeline: &str) -> Option<(&str, &str)> {
    let bytes = pipeline.as_bytes();
    let mut depth = 0usize;
    let mut last_pipe = None;
    let mut list_before = Vec::new();
    // A newline here goes on with the same pipeline: at the start, or after a `|`.
    let mut continues = true;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii_whitespace() && byte != b'\n' {
            i += 1;
            continue;
        }
        let continued = std::mem::replace(&mut continues, false);
        match byte {
            b'\n' if depth == 0 && continued => continues = true,
            b'\\' => i += 1,
            b'\'' => i = closing(bytes, i, b'\'')?,
            b'"' => i = closing_double(bytes, i)?,
            b'`' => i = closing(bytes, i, b'`')?,
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => depth = depth.checked_sub(1)?,
            b'|' if depth == 0 => {
                if matches!(bytes.get(i + 1), Some(b'|' | b'&')) {
                    list_before.push(i);
                    i += 1;
                } else {
                    last_pipe = Some(i);
                    continues = true;
                }
            }
            b';' | b'&' | b'\n' if depth == 0 => list_before.push(i),
            _ => {}
        }
        i += 1;
    }
    let at = last_pipe?;
    if list_before.iter().any(|&list| list < at) || depth != 0 {
        return None;
    }
    Some((&pipeline[..at], &pipeline[at + 1..]))
}

/// The index of the `quote` closing the one at `open`.
fn closing(bytes: &[u8], open: usize, quote: u8) -> Option<usize> {
    bytes[open + 1..]
        .iter()
        .position(|&b| b == quote)
        .map(|at| open + 1 + at)
}

/// The index of the `"` closing the one at `open`, past `\"` escapes.
fn closing_double(bytes: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_stage_is_split_off_a_plain_pipeline() {
        assert_eq!(
            split_last_stage("etl-filter 'a | b' | etl-cast x:int | etl-pg-load -t t"),
            Some(("etl-filter 'a | b' | etl-cast x:int ", " etl-pg-load -t t"))
        );
        assert_eq!(
            split_last_stage(r#"etl-filter "s == \"|\"" | etl-pg-load"#),
            Some((r#"etl-filter "s == \"|\"" "#, " etl-pg-load"))
        );
        assert_eq!(
            split_last_stage("a $(b | c) | d"),
            Some(("a $(b | c) ", " d"))
        );
        // What follows the last pipe is the last stage's business.
        assert_eq!(
            split_last_stage("a | b && echo done"),
            Some(("a ", " b && echo done"))
        );
    }

    #[test]
    fn a_pipeline_may_go_over_several_lines() {
        assert_eq!(
            split_last_stage("\n  a |\n  b |  \n c\n"),
            Some(("\n  a |\n  b ", "  \n c\n"))
        );
    }

    #[test]
    fn anything_else_runs_as_it_is() {
        for pipeline in [
            "etl-pg-load -t t",
            "a || b",
            "a; b | c",
            "a && b | c",
            "a & b | c",
            "a\nb | c",
            "a |& b",
            "a 'unclosed | b",
            "(a | b",
        ] {
            assert_eq!(
                script(pipeline),
                (format!("trap : HUP INT TERM\n{pipeline}"), false),
                "{pipeline}"
            );
        }
    }

    #[test]
    fn the_script_reports_the_front_status() {
        assert_eq!(
            script("a | b").0,
            "trap : HUP INT TERM\n{ trap : HUP INT TERM\na \n\
             status=$?; echo $status > \"$ETLKIT_KAFKA_UPSTREAM\"; exit $status\n} |  b"
        );
    }
}
