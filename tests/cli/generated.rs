//! Man pages and shell completions are generated from the clap definitions, committed,
//! and checked here: this test renders them in memory and fails when a committed file
//! is stale, missing or orphaned. `make docs` (ETLKIT_BLESS=1) rewrites them instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap_complete::Shell;
use clap_mangen::roff::{bold, roman, Roff};
use clap_mangen::Man;
use etlkit::cli::{Example, COMMANDS, ENVIRONMENT};
use etlkit::exit::Exit;

/// What a man page shows of a binary besides its clap definition.
struct Page {
    examples: &'static [Example],
    exits: &'static [Exit],
    /// Its entries of `ENVIRONMENT`, besides `NO_COLOR`.
    environment: &'static [&'static str],
}

/// Every binary's clap command and page, `etl` first: it runs the others, so it ends
/// as they do, but reads only what every command does.
fn binaries() -> Vec<(clap::Command, Page)> {
    let etl = Page {
        examples: etlkit::cli::etl::EXAMPLES,
        exits: &Exit::ALL,
        environment: &[],
    };
    let mut all = vec![(etlkit::cli::etl::command(), etl)];
    all.extend(COMMANDS.iter().map(|info| {
        let page = Page {
            examples: info.examples,
            exits: info.exits,
            environment: info.environment,
        };
        ((info.command)(), page)
    }));
    all
}

fn man_page(command: clap::Command, page: &Page) -> Vec<u8> {
    let has_subcommands = command.has_subcommands();
    let name = command.get_name().to_owned();
    let man = Man::new(command).manual("etlkit");
    let mut out = Vec::new();
    man.render_title(&mut out).unwrap();
    man.render_name_section(&mut out).unwrap();
    man.render_synopsis_section(&mut out).unwrap();
    man.render_description_section(&mut out).unwrap();
    man.render_options_section(&mut out).unwrap();
    if has_subcommands {
        man.render_subcommands_section(&mut out).unwrap();
    }
    let mut roff = Roff::new();
    roff.control("SH", ["EXAMPLES"]);
    for example in page.examples {
        roff.control("TP", []);
        roff.text([roman(example.what)]);
        roff.text([bold(example.run)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for exit in page.exits {
        roff.control("TP", []);
        roff.text([bold(exit.code().to_string())]);
        roff.text([roman(exit.meaning())]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    let read = ENVIRONMENT
        .iter()
        .filter(|(names, _)| *names == "NO_COLOR" || page.environment.contains(names));
    for (names, meaning) in read {
        roff.control("TP", []);
        roff.text([bold(*names)]);
        roff.text([roman(*meaning)]);
    }
    roff.control("SH", ["SEE ALSO"]);
    let see_also: Vec<String> = std::iter::once("etl".to_owned())
        .chain(COMMANDS.iter().map(|c| c.name.to_owned()))
        .filter(|other| *other != name)
        .map(|name| format!("{name}(1)"))
        .collect();
    roff.text([roman(see_also.join(", "))]);
    roff.to_writer(&mut out).unwrap();
    man.render_version_section(&mut out).unwrap();
    out
}

/// Every generated file: path relative to the repository → contents.
fn expected_files() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for (command, page) in binaries() {
        let name = command.get_name().to_owned();
        files.insert(
            PathBuf::from(format!("man/{name}.1")),
            man_page(command.clone(), &page),
        );
        for (shell, path) in [
            (Shell::Bash, format!("completions/bash/{name}")),
            (Shell::Zsh, format!("completions/zsh/_{name}")),
            (Shell::Fish, format!("completions/fish/{name}.fish")),
        ] {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command.clone(), &name, &mut out);
            if shell == Shell::Bash {
                out = bash_completes_files_as_arguments(out);
            }
            files.insert(PathBuf::from(path), out);
        }
    }
    files
}

/// clap_complete's bash script offers the options where an argument goes, so `etl-select
/// id <TAB>` inserts their common `-`: there it offers nothing instead, and bash
/// completes file names (`-o default`).
fn bash_completes_files_as_arguments(script: Vec<u8>) -> Vec<u8> {
    let script = String::from_utf8(script).unwrap();
    let options_anywhere =
        "esac\n            COMPREPLY=( $(compgen -W \"${opts}\" -- \"${cur}\") )";
    assert!(
        script.contains(options_anywhere),
        "clap_complete's bash script changed: look at bash_completes_files_as_arguments"
    );
    script
        .replace(options_anywhere, "esac\n            COMPREPLY=()")
        .into_bytes()
}

/// What the committed bash script completes after `words`, the last being the word
/// under the cursor.
fn bash_completes(program: &str, words: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("completions/bash").join(program);
    let function = format!("_{}", program.replace('-', "__"));
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let run = format!(
        "source {}; COMP_WORDS=({program} {}); COMP_CWORD={}; {function} {program} {} {}; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len(),
        quoted[quoted.len() - 1],
        match quoted.len() {
            1 => program.to_owned(),
            n => quoted[n - 2].clone(),
        },
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &run])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// bash: file names where an argument goes (bash's default, when the script offers
/// nothing), options after `-`, the commands' options through `etl` too.
#[test]
fn bash_completes_arguments_options_and_subcommands() {
    assert_eq!(
        bash_completes("etl-select", &["id", ""]),
        Vec::<String>::new()
    );
    assert_eq!(bash_completes("etl-select", &["--rej"]), ["--rejects"]);
    assert_eq!(bash_completes("etl", &["sel"]), ["select"]);
    assert_eq!(bash_completes("etl", &["select", "--rej"]), ["--rejects"]);
    assert_eq!(
        bash_completes("etl", &["select", "id", ""]),
        Vec::<String>::new()
    );
}

fn committed_files(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in [
        "man",
        "completions/bash",
        "completions/zsh",
        "completions/fish",
    ] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            for entry in entries {
                let path = entry.unwrap().path();
                found.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    found
}

#[test]
fn man_pages_and_completions_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = expected_files();
    let bless = std::env::var_os("ETLKIT_BLESS").is_some();
    let mut problems = Vec::new();
    for (path, contents) in &expected {
        let full = root.join(path);
        match std::fs::read(&full) {
            Ok(current) if current == *contents => {}
            Ok(_) | Err(_) if bless => {
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(&full, contents).unwrap();
            }
            Ok(_) => problems.push(format!("stale: {}", path.display())),
            Err(_) => problems.push(format!("missing: {}", path.display())),
        }
    }
    for path in committed_files(root) {
        if !expected.contains_key(&path) {
            if bless {
                std::fs::remove_file(root.join(&path)).unwrap();
            } else {
                problems.push(format!("orphaned: {}", path.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "generated docs are out of date; run `make docs`:\n{}",
        problems.join("\n")
    );
}

#[test]
fn clap_definitions_are_valid() {
    for (command, _) in binaries() {
        command.debug_assert();
    }
}

/// A command's man page lists the variables it reads, named as in `ENVIRONMENT`.
#[test]
fn every_command_reads_variables_the_docs_explain() {
    for info in COMMANDS {
        for name in info.environment {
            assert!(
                ENVIRONMENT.iter().any(|(names, _)| names == name),
                "{}: {name} is not an entry of ENVIRONMENT",
                info.name
            );
        }
    }
}

#[test]
fn registry_matches_the_binaries() {
    let bins = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bin");
    let mut on_disk: Vec<String> = std::fs::read_dir(bins)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned()
        })
        .filter(|name| name != "etl")
        .collect();
    on_disk.sort();
    let mut registered: Vec<String> = COMMANDS.iter().map(|c| c.name.to_owned()).collect();
    registered.sort();
    assert_eq!(on_disk, registered);
}

#[test]
fn readme_lists_the_exit_codes() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&Exit::table_markdown()),
        "README.md must contain this exit-code table:\n{}",
        Exit::table_markdown()
    );
}

#[test]
fn readme_lists_every_environment_variable() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let environment = readme
        .split("## Environment")
        .nth(1)
        .expect("README.md has an Environment section");
    for (names, _) in ENVIRONMENT {
        for name in names.split(", ") {
            assert!(
                environment.contains(&format!("`{name}`")),
                "README.md's Environment section does not name {name}"
            );
        }
    }
}
