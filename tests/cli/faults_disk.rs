//! A disk that fills up under etl-sort's spilled runs and under a command's output: a
//! clear error and exit 3, nothing left behind, and a clean rerun once there is room.
//! (A full disk under etl-extract-log's state: tests/cli/extract_log_state.rs.)

use std::fs::File;
use std::process::{Command, Stdio};

use crate::harness::{bin_dir, SmallDisk};

/// `n` CSV records with a shuffled key, about 60 bytes each.
fn records(n: u32) -> String {
    let mut text = String::from("id,name,pad\n");
    for i in 0..n {
        let id = (i * 7919) % n;
        text.push_str(&format!("{id},name{i},{}\n", "p".repeat(40)));
    }
    text
}

/// Runs `program args` on `input` with stdout to `stdout`: (exit code, stderr).
fn run(program: &str, args: &[&str], input: &str, stdout: File) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.csv");
    std::fs::write(&file, input).unwrap();
    let output = Command::new(bin_dir().join(program))
        .args(args)
        .arg(&file)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn sort_spilling_to_a_full_disk_fails_clearly_and_removes_its_runs() {
    let Some(disk) = SmallDisk::mount("sort_spilling_to_a_full_disk") else {
        return;
    };
    // 1 MB of records, spilled in 64 KiB runs to a disk with room for a few.
    let input = records(16_000);
    let tmpdir = disk.path().to_str().unwrap();
    let args = ["--memory", "64K", "--tmpdir", tmpdir, "-k", "id:asc"];
    let out = tempfile::NamedTempFile::new().unwrap();
    let (code, stderr) = run("etl-sort", &args, &input, out.reopen().unwrap());
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.starts_with(&format!("etl-sort: {tmpdir}/"))
            && stderr.ends_with(": No space left on device\n")
            && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert_eq!(std::fs::read(out.path()).unwrap(), b"");
    assert_eq!(
        disk.files(),
        Vec::<String>::new(),
        "spilled runs left behind"
    );
    // With the runs in memory, the same sort succeeds.
    let out = tempfile::NamedTempFile::new().unwrap();
    let (code, stderr) = run(
        "etl-sort",
        &["--tmpdir", tmpdir, "-k", "id:asc"],
        &input,
        out.reopen().unwrap(),
    );
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let sorted = std::fs::read_to_string(out.path()).unwrap();
    assert_eq!(sorted.lines().count(), 16_001);
    assert!(sorted.lines().nth(1).unwrap().starts_with("0,"));
}

#[test]
fn output_to_a_full_disk_fails_clearly_and_succeeds_once_there_is_room() {
    let Some(disk) = SmallDisk::mount("output_to_a_full_disk") else {
        return;
    };
    // About 180 KB: room for it on the empty disk, none once it is full.
    let input = records(3_000);
    let full = "etl-select: <stdout>: No space left on device\n";
    let target = disk.path().join("out.csv");
    disk.fill();
    let (code, stderr) = run("etl-select", &["*"], &input, File::create(&target).unwrap());
    assert_eq!((code, stderr.as_str()), (Some(3), full));
    disk.free();
    let (code, stderr) = run("etl-select", &["*"], &input, File::create(&target).unwrap());
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), input);
    // /dev/full says the same without a mount.
    let dev_full = File::options().write(true).open("/dev/full").unwrap();
    let (code, stderr) = run("etl-select", &["*"], &input, dev_full);
    assert_eq!((code, stderr.as_str()), (Some(3), full));
}
