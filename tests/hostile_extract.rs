//! `saydo extract` on inputs shaped to be slow: one enormous line without a full stop, and
//! many sentences in one line. Time is measured in `benches/pathological.sh`; these tests pin
//! what the reader is told and what is still found.

mod common;

use common::saydo;

fn extract_jsonl(path: &std::path::Path) -> (Vec<serde_json::Value>, String) {
    let out = saydo()
        .args(["extract", "--format", "jsonl"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let rows = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    (rows, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_line_without_full_stops_is_read_in_bounded_parts_and_the_reader_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.txt");
    // 400 KB of filler, a sale to data brokers deep inside, more filler: one sentence.
    let filler = "our members enjoy the club newsletter every week ".repeat(4_000);
    let text = format!(
        "{filler}we sell your email address to data brokers {filler}we share your data with advertisers"
    );
    std::fs::write(&path, &text).unwrap();
    let (rows, stderr) = extract_jsonl(&path);
    assert!(
        stderr.contains("one-line.txt:")
            && stderr.contains("longer than 2048 bytes")
            && stderr.contains("(line 1)"),
        "{stderr}"
    );
    let sale = rows
        .iter()
        .find(|d| d["action"] == "sell")
        .expect("the sale in the middle of the line is found");
    assert_eq!(sale["negated"], false);
    assert_eq!(sale["recipients"][0]["category"], "data-broker");
    assert!(
        sale["evidence"]["quote"].as_str().unwrap().chars().count() <= 601,
        "quotes stay bounded"
    );
    assert!(
        rows.iter()
            .any(|d| d["action"] == "share" && d["recipients"][0]["category"] == "advertiser"),
        "the statement at the end of the line is found"
    );
}

#[test]
fn sentences_under_the_bound_are_not_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long-but-fine.txt");
    let sentence = format!(
        "We do not sell your personal information to data brokers, {}and we never will.",
        "nor to anyone acting for them, ".repeat(58)
    );
    assert!(sentence.len() > 1_800 && sentence.len() < saydo::document::MAX_SENTENCE);
    std::fs::write(&path, &sentence).unwrap();
    let (rows, stderr) = extract_jsonl(&path);
    assert!(!stderr.contains("longer than"), "{stderr}");
    assert!(
        rows.iter()
            .any(|d| d["action"] == "sell" && d["negated"] == true)
    );
}
