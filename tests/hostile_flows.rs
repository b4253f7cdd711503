//! Ledgers with hundreds of thousands of distinct recipients: `check` memory per flow stays
//! bounded (issue 17, row 7). Peak memory of the child is read with `wait4`.

mod common;

use std::io::Write;
use std::path::Path;

const POLICY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/policies/emmas-club.md");

/// A ledger of `rows` rows, each to a different recipient.
fn ledger(path: &Path, rows: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "recipient,date,data,records").unwrap();
    for i in 0..rows {
        writeln!(f, "Org {i} Ltd,2020-01-01,email,5").unwrap();
    }
    f.flush().unwrap();
}

fn peak_rss(args: &[&str]) -> (i32, u64) {
    common::peak_rss(None, args)
}

#[test]
fn check_memory_per_distinct_recipient_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let (small, big) = (dir.path().join("small.csv"), dir.path().join("big.csv"));
    let (n_small, n_big) = (2_000usize, 40_000usize);
    ledger(&small, n_small);
    ledger(&big, n_big);
    for format in ["json", "text", "html"] {
        let run = |p: &Path| {
            peak_rss(&[
                "check",
                "--policy",
                POLICY,
                "--log",
                p.to_str().unwrap(),
                "--format",
                format,
            ])
        };
        let (code_small, rss_small) = run(&small);
        let (code_big, rss_big) = run(&big);
        assert_eq!((code_small, code_big), (0, 0), "{format}");
        let per_flow = rss_big.saturating_sub(rss_small) / (n_big - n_small) as u64;
        // Each finding used to hold its own copies of the flow, of every policy quote and of
        // the file names, beside the flow itself: about 5.5 KB a flow at this size; now 4.1 KB.
        assert!(
            per_flow < 4_800,
            "{format}: {per_flow} bytes per flow ({rss_small} for {n_small}, {rss_big} for {n_big})"
        );
    }
}

#[test]
fn the_text_report_names_a_few_unresolved_recipients_and_counts_the_rest() {
    // 300,000 unknown names used to make one 8.5 MB line of the report.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    let mut csv = String::from("recipient,date,data,records\n");
    for i in 0..25 {
        csv.push_str(&format!("Unknown Company {i} Ltd,2020-01-01,email,1\n"));
    }
    std::fs::write(&path, csv).unwrap();
    let out = assert_cmd::Command::cargo_bin("saydo")
        .unwrap()
        .args(["flows", "--format", "text"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("Unresolved recipients"))
        .expect("the unresolved recipients are noted");
    assert!(line.contains("Unknown Company 19 Ltd"), "{line}");
    assert!(!line.contains("Unknown Company 20 Ltd"), "{line}");
    assert!(
        line.ends_with("and 5 more (all in --format json)"),
        "{line}"
    );
}
