//! Long-running pipes: every record leaves every command as soon as it arrives, and a
//! signal loses nothing that was read. Each test checks the order of events (a record
//! read downstream before the next one is written upstream), never a time.

use crate::pipeline::Pipeline;

#[test]
fn each_record_leaves_every_command_before_the_next_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let lookup = dir.path().join("hosts.csv");
    std::fs::write(&lookup, "host,site\na,berlin\nb,paris\n").unwrap();
    let lookup = lookup.to_str().unwrap();
    let mut pipe = Pipeline::start(&[
        &["etl-extract-log", "-f", "logfmt"],
        &["etl-filter", "n > 0"],
        &["etl-select", "n,host"],
        &["etl-cast", "n:int"],
        &["etl-dedup", "--on", "n"],
        &["etl-join", "--with", lookup, "--on", "host"],
        &["etl-head", "-n", "100"],
        &["etl-select", "-O", "csv", "n,site"],
    ]);
    pipe.send("host=a n=1");
    assert_eq!(pipe.receive(), "n,site");
    assert_eq!(pipe.receive(), "1,berlin");
    pipe.send("host=b n=0");
    pipe.send("host=b n=2");
    assert_eq!(pipe.receive(), "2,paris");
    pipe.send("host=a n=2");
    pipe.send("host=a n=3");
    assert_eq!(pipe.receive(), "3,berlin");
    pipe.close_input();
    assert_eq!(pipe.finish(), (vec![], vec![Some(0); 8], String::new()));
}

#[test]
fn a_signalled_command_reads_its_pipe_to_the_end_and_writes_everything() {
    let mut pipe = Pipeline::start(&[&["etl-filter", "n > 0"], &["etl-cast", "n:int"]]);
    pipe.send(r#"{"n":1}"#);
    assert_eq!(pipe.receive(), r#"{"n":1}"#);
    pipe.signal(0, "-TERM");
    pipe.signal(1, "-TERM");
    // What is still in the pipe (the source upstream writing its last records) is read.
    pipe.send(r#"{"n":2}"#);
    assert_eq!(pipe.receive(), r#"{"n":2}"#);
    pipe.send(r#"{"n":3}"#);
    pipe.close_input();
    assert_eq!(
        pipe.finish(),
        (
            vec![r#"{"n":3}"#.to_owned()],
            vec![Some(0), Some(0)],
            String::new()
        )
    );
}

#[test]
fn a_pipe_that_does_not_end_within_the_drain_timeout_ends_the_command() {
    let mut pipe = Pipeline::start(&[&["etl-select", "--drain-timeout", "0.2s", "n"]]);
    pipe.send(r#"{"n":1,"x":2}"#);
    assert_eq!(pipe.receive(), r#"{"n":1}"#);
    // The input stays open: the command gives up after 0.2 s with the signal's status.
    assert_eq!(
        pipe.stop("-HUP"),
        (vec![], vec![Some(128 + 1)], String::new())
    );
}

#[test]
fn a_signalled_source_stops_reading_and_writes_what_it_read() {
    let mut pipe = Pipeline::start(&[
        &["etl-extract-log", "-f", "logfmt"],
        &["etl-filter", "n > 0"],
    ]);
    pipe.send("n=1");
    assert_eq!(pipe.receive(), r#"{"n":"1"}"#);
    // The source ends its output, so the relay downstream ends too.
    assert_eq!(
        pipe.stop("-TERM"),
        (vec![], vec![Some(143), Some(0)], String::new())
    );
}

/// The lookup file of etl-join is no reason to stop at once: its stream is a pipe.
#[test]
fn a_signalled_join_reads_its_pipe_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let lookup = dir.path().join("sites.csv");
    std::fs::write(&lookup, "host,site\na,berlin\n").unwrap();
    let mut pipe = Pipeline::start(&[&[
        "etl-join",
        "--with",
        lookup.to_str().unwrap(),
        "--on",
        "host",
    ]]);
    pipe.send(r#"{"host":"a","n":1}"#);
    assert_eq!(pipe.receive(), r#"{"host":"a","n":1,"site":"berlin"}"#);
    pipe.signal(0, "-TERM");
    pipe.send(r#"{"host":"a","n":2}"#);
    pipe.close_input();
    assert_eq!(
        pipe.finish(),
        (
            vec![r#"{"host":"a","n":2,"site":"berlin"}"#.to_owned()],
            vec![Some(0)],
            String::new()
        )
    );
}
