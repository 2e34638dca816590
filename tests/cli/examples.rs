//! The examples in examples/ run, so they cannot rot.

use std::process::Command;

use crate::harness::bin_dir;

#[test]
fn demo_runs() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo.sh");
    let output = Command::new("bash")
        .arg(demo)
        .env(
            "PATH",
            format!("{}:{}", bin_dir().display(), std::env::var("PATH").unwrap()),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("2024-03-01T12:00:02Z,\"/api/cart?item=1,2\",201\n"),
        "{stdout}"
    );
    assert!(stdout.contains(
        "{\"time\":\"2024-03-01T12:00:05Z\",\"client\":\"198.51.100.23\",\"status\":\"502\"}\n"
    ));
    assert!(stdout.contains(
        "ts,count,sum_bytes,mode_ip\n2024-03-01T12:00:00Z,4,5520,203.0.113.7\n2024-03-01T12:00:05Z,1,0,198.51.100.23\n"
    ));
    assert!(stdout.contains("{\"ip\":\"2001:db8::1\",\"method\":\"GET\",\"path\":\"/static/app.js\",\"status\":\"304\"}\n"));
}
