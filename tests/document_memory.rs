//! Memory of reading one big policy (issue 17, row 7 and the pathological benchmark): `scan`
//! on one HTML page (one whose statements name categories, one whose statements name
//! organisations), and `history` on two versions of many sentences. Peak memory of the child
//! is read with `wait4` at two sizes, and the growth per byte or per sentence is bounded
//! (start-up memory cancels out).
//!
//! Before these bounds (release build), a scan held every declaration of the policy while it
//! counted them, and the HTML reader's tree and blocks grew by doubling: about 13 to 16 bytes
//! of peak memory per byte of page here (a 50 MB page: 641 MB); now about 3.5. `history` held
//! every declaration of both versions with its evidence, and both documents, until the end:
//! about 3.4 KB per sentence of each version; now about 1.4 KB.

mod common;

use std::io::Write as _;
use std::path::Path;

/// One child at a time: a child starts as a copy of this process, and its peak RSS counts
/// this process's peak (the inputs are written as they are made, so that stays small).
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs saydo with `args` in `dir`, output discarded; returns its exit code and peak RSS in
/// bytes, one child at a time.
fn peak_rss(dir: &Path, args: &[&str]) -> (i32, u64) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    common::peak_rss(Some(dir), args)
}

const DATA: [&str; 6] = [
    "email address",
    "postal address",
    "phone number",
    "browsing history",
    "location",
    "date of birth",
];
const RECIPIENTS: [&str; 6] = [
    "advertisers",
    "analytics providers",
    "data brokers",
    "our affiliates",
    "service providers",
    "political parties",
];

/// Organisations in the entity registry.
const ORGANISATIONS: [&str; 6] = [
    "Google", "Facebook", "Experian", "Acxiom", "Oracle", "Criteo",
];

/// Sentence `i` of version `v` (1 or 2), as `benches/pathological.sh` writes them.
fn sentence(i: usize, v: u8) -> String {
    sentence_to(i, v, &RECIPIENTS)
}

fn sentence_to(i: usize, v: u8, recipients: &[&str; 6]) -> String {
    let s = format!(
        "We share your {} with {} under agreement {i}.",
        DATA[(i / 7) % 6],
        recipients[i % 6]
    );
    if v == 2 && i % 10 == 3 {
        s.replace("share", "may disclose")
    } else {
        s
    }
}

/// An HTML policy of about `size` bytes, as the benchmark's "scan-html" case: a heading
/// every 40 paragraphs, each paragraph a sharing sentence, a denial and a link, naming
/// `recipients`.
fn html_policy(path: &Path, size: usize, recipients: &[&str; 6]) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let head = "<html><head><title>Privacy</title></head><body>\n";
    out.write_all(head.as_bytes()).unwrap();
    let (mut written, mut i) = (head.len(), 0);
    while written < size {
        let p = if i % 40 == 0 {
            format!("<h2>Section {}: who we share with</h2>\n", i / 40)
        } else {
            format!(
                "<p>{} We never sell your {} to {}. <a href=\"https://example.com/{i}\">More</a></p>\n",
                sentence_to(i, 1, recipients),
                DATA[i % 6],
                recipients[(i + 1) % 6]
            )
        };
        out.write_all(p.as_bytes()).unwrap();
        written += p.len();
        i += 1;
    }
    out.write_all(b"</body></html>\n").unwrap();
    out.flush().unwrap();
}

/// Peak memory of `scan` per byte of one HTML policy naming `recipients`.
fn scan_memory_per_byte(recipients: &[&str; 6]) -> (f64, u64, u64) {
    let (small, big) = (400_000, 3_200_000);
    let run = |size: usize| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        html_policy(&dir.path().join("corpus/policy.html"), size, recipients);
        let args = ["scan", "corpus", "--format", "jsonl", "--jobs", "1"];
        let (code, rss) = peak_rss(dir.path(), &args);
        assert_eq!(code, 0);
        rss
    };
    let (rss_small, rss_big) = (run(small), run(big));
    let per = rss_big.saturating_sub(rss_small) as f64 / (big - small) as f64;
    (per, rss_small, rss_big)
}

/// Peak memory of `history` per sentence of each of two versions.
fn history_memory_per_sentence() -> (u64, u64, u64) {
    let (small, big) = (2_000, 20_000);
    let run = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        let versions = dir.path().join("versions");
        std::fs::create_dir(&versions).unwrap();
        for (v, name) in [(1, "2020-01-01.md"), (2, "2021-01-01.md")] {
            let file = std::fs::File::create(versions.join(name)).unwrap();
            let mut out = std::io::BufWriter::new(file);
            for i in 0..n {
                let gap = if i % 5 == 4 { "\n\n" } else { " " };
                write!(out, "{}{gap}", sentence(i, v)).unwrap();
            }
            out.flush().unwrap();
        }
        let (code, rss) = peak_rss(dir.path(), &["history", "versions", "--format", "json"]);
        assert_eq!(code, 0);
        rss
    };
    let (rss_small, rss_big) = (run(small), run(big));
    let per = rss_big.saturating_sub(rss_small) / (big - small) as u64;
    (per, rss_small, rss_big)
}

/// One test, every run measured before any assertion: a failed assertion's backtrace grows
/// this process by tens of MB, which a child started after it would count as its own.
#[test]
fn memory_of_one_big_policy_is_bounded() {
    let plain = scan_memory_per_byte(&RECIPIENTS);
    // Statements naming an organisation wait for the end of the policy (it may be the
    // policy's own); past a bound they are made again by a second pass instead.
    let named = scan_memory_per_byte(&ORGANISATIONS);
    let history = history_memory_per_sentence();
    let mut failures = Vec::new();
    for (what, (per, small, big)) in [("scan", plain), ("scan, organisations named", named)] {
        if per >= 6.0 {
            failures.push(format!(
                "{what}: {per:.1} bytes of memory per byte of page ({small} for 0.4 MB, {big} for 3.2 MB)"
            ));
        }
    }
    let (per, small, big) = history;
    if per >= 2_200 {
        failures.push(format!(
            "history: {per} bytes per sentence of each version ({small} for 2,000, {big} for 20,000)"
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
