//! `etl`: lists the commands, runs `etl-NAME` with the same arguments and exit status.

use crate::harness::{data, etl};

#[test]
fn lists_every_command_without_arguments_and_with_help() {
    for args in [&[][..], &["help"][..]] {
        let outcome = etl("etl").args(args).run();
        assert_eq!(outcome.code, Some(0));
        for info in etlkit::cli::COMMANDS {
            let line = format!("\n  {:<16} ", info.short_name());
            assert!(
                outcome.stdout.contains(&line),
                "missing {line:?} in\n{}",
                outcome.stdout
            );
        }
        // Wrapped to 80 columns, continued under the descriptions.
        for line in outcome.stdout.lines() {
            assert!(line.chars().count() <= 80, "{line:?}");
        }
        assert!(outcome.stdout.contains(
            "\n  join             Join the records of the input (the left side) with the\n                   records"
        ));
    }
}

#[test]
fn runs_the_command_with_its_arguments_and_exit_status() {
    etl("etl")
        .args(["select", "id", &data("people.csv")])
        .succeeds_with("id\n1\n2\n3\n");
    let outcome = etl("etl")
        .args(["select", "nope", &data("people.csv")])
        .run();
    assert_eq!(outcome.code, Some(2));
    assert!(outcome.stderr.starts_with("etl-select: no field \"nope\""));
}

#[test]
fn unknown_command_is_a_usage_error() {
    let outcome = etl("etl").args(["frobnicate"]).run();
    assert_eq!(outcome.code, Some(2));
    assert_eq!(
        outcome.stderr,
        "etl: \"frobnicate\" is not an etlkit command (no etl-frobnicate beside etl or on PATH); see `etl help`\n"
    );
    // A near miss is named.
    etl("etl").args(["selct", "id"]).run().expect(
        2,
        "",
        "etl: \"selct\" is not an etlkit command (no etl-selct beside etl or on PATH); did you mean `etl select`?\n",
    );
    etl("etl").args(["--bogus"]).run().expect(
        2,
        "",
        "etl: unexpected argument '--bogus' found\n\nUsage: etl [COMMAND]\n\nFor more information, try '--help'.\n",
    );
}

/// Regression (issue 19, 11): with a folder named `etl-` in the current directory,
/// `etl /../evil.sh` ran `./evil.sh`.
#[test]
fn a_command_name_is_never_a_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("etl-")).unwrap();
    let evil = dir.path().join("evil.sh");
    std::fs::write(&evil, "#!/bin/sh\necho ran\n").unwrap();
    let mut permissions = std::fs::metadata(&evil).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&evil, permissions).unwrap();
    for name in ["/../evil.sh", "../evil.sh", "a/b", ""] {
        let outcome = etl("etl").args([name]).current_dir(dir.path()).run();
        outcome.expect(
            2,
            "",
            &format!(
                "etl: {name:?} is not an etlkit command name (letters, digits, - and _); see \
                 `etl help`\n"
            ),
        );
    }
}

#[test]
fn every_binary_prints_the_same_version() {
    let expected = env!("CARGO_PKG_VERSION");
    etl("etl")
        .args(["--version"])
        .succeeds_with(&format!("etl {expected}\n"));
    for info in etlkit::cli::COMMANDS {
        etl(info.name)
            .args(["--version"])
            .succeeds_with(&format!("{} {expected}\n", info.name));
    }
}

#[test]
fn every_help_has_two_examples_and_its_exit_codes() {
    use etlkit::exit::Exit;
    let commands = etlkit::cli::COMMANDS.iter().map(|c| (c.name, c.exits));
    for (name, exits) in std::iter::once(("etl", &Exit::ALL[..])).chain(commands) {
        let outcome = etl(name).args(["--help"]).run();
        assert_eq!(outcome.code, Some(0));
        let examples = outcome.stdout.split("Examples:").nth(1).unwrap_or("");
        assert!(
            examples.matches("\n  # ").count() >= 2,
            "{name}: {}",
            outcome.stdout
        );
        assert!(
            outcome
                .stdout
                .contains(&format!("Exit status:\n{}", Exit::table_text(exits))),
            "{name}"
        );
        // Only a group consumer ends with 141; only a command with a server with 4.
        let says = |code: &str| outcome.stdout.contains(&format!("\n  {code}  "));
        assert_eq!(
            says("141"),
            matches!(name, "etl" | "etl-kafka-consume"),
            "{name}"
        );
        let service = name == "etl" || name.contains("-pg-") || name.contains("-kafka-");
        assert_eq!(says("  4"), service, "{name}");
    }
}

/// The commands whose records come from a server have no input format to keep.
#[test]
fn server_sources_say_their_own_default_format() {
    for name in ["etl-kafka-consume", "etl-pg-extract"] {
        let outcome = etl(name).args(["--help"]).run();
        assert!(
            outcome.stdout.contains("Output format (default: ndjson)")
                && !outcome.stdout.contains("same as the (first) input's"),
            "{name}"
        );
    }
}
