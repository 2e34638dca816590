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

/// Every `etl-*` command in every command's examples parses as its command line: an
/// example cannot drift into a usage error.
#[test]
fn every_example_is_a_valid_command_line() {
    let commands = &etlkit::cli::COMMANDS;
    let mut checked = 0;
    for info in *commands {
        for example in info.examples {
            for words in invocations(example.run) {
                let Some(command) = commands.iter().find(|c| c.name == words[0]) else {
                    continue;
                };
                if let Err(err) = (command.command)().try_get_matches_from(&words) {
                    panic!("{}: example {:?}:\n{err}", info.name, example.run);
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked}");
}

/// Every `etl-*` command in README.md's shell blocks parses as its command line too.
#[test]
fn every_readme_command_line_is_valid() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let commands = &etlkit::cli::COMMANDS;
    let mut checked = 0;
    // Inside a fenced block, and whether it is shell (```sh, or no language).
    let mut block: Option<bool> = None;
    let mut line = String::new();
    for text in readme.lines() {
        let text = text.trim();
        if let Some(language) = text.strip_prefix("```") {
            block = match block {
                Some(_) => None,
                None => Some(language.is_empty() || language == "sh"),
            };
            continue;
        }
        if block != Some(true) {
            continue;
        }
        // A comment ends the line (none of the examples has a # inside quotes).
        let code = match text.find(" #") {
            Some(at) => &text[..at],
            None if text.starts_with('#') => "",
            None => text,
        };
        line.push_str(code.trim_end_matches('\\'));
        line.push(' ');
        if code.ends_with('\\') {
            continue;
        }
        for words in invocations(&std::mem::take(&mut line)) {
            let Some(command) = commands.iter().find(|c| c.name == words[0]) else {
                continue;
            };
            if let Err(err) = (command.command)().try_get_matches_from(&words) {
                panic!("README.md: {words:?}:\n{err}");
            }
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

/// The words of each command in a shell line (split at `|`, `&&`, `||` and `;`
/// outside quotes), without the `NAME=value` settings before it and the redirections
/// (`> file`, `< file`, `2>&1`); a process substitution `<(…)` is a file name, and its
/// commands are taken too.
fn invocations(line: &str) -> Vec<Vec<String>> {
    if let Some(start) = line.find("<(") {
        let end = start + line[start..].find(')').expect("a closed <(");
        let outer = format!("{}/dev/fd/63{}", &line[..start], &line[end + 1..]);
        let mut all = invocations(&outer);
        all.extend(invocations(&line[start + 2..end]));
        return all;
    }
    let mut commands: Vec<Vec<String>> = vec![Vec::new()];
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    let mut quote: Option<char> = None;
    // The next word is where a redirection goes, not an argument.
    let mut target = false;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), '\\') if chars.peek() == Some(&'"') => word
                .get_or_insert_with(String::new)
                .push(chars.next().unwrap()),
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, ' ' | '\n' | '\t') => end_word(&mut word, &mut commands, &mut target),
            (None, '<' | '>') => {
                // `2>` and `2>&1`: the descriptor is no word either.
                if word
                    .as_deref()
                    .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
                {
                    word = None;
                }
                end_word(&mut word, &mut commands, &mut target);
                if chars.peek() == Some(&'&') {
                    chars.next();
                    word = Some(String::new());
                }
                target = true;
            }
            (None, '|' | '&' | ';') => {
                end_word(&mut word, &mut commands, &mut target);
                if chars.peek() == Some(&c) {
                    chars.next();
                }
                commands.push(Vec::new());
            }
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    end_word(&mut word, &mut commands, &mut target);
    commands
        .into_iter()
        .map(|words| {
            words
                .into_iter()
                .skip_while(|w| w.contains('=') && !w.starts_with('-'))
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .collect()
}

/// Ends the word being read: an argument of the last command, or the target of a
/// redirection.
fn end_word(word: &mut Option<String>, commands: &mut [Vec<String>], target: &mut bool) {
    if let Some(done) = word.take() {
        if !std::mem::take(target) {
            commands.last_mut().unwrap().push(done);
        }
    }
}
