//! `saydo history` from the command line: a dated folder, JSON shape, `--only-sharing`, errors.

mod common;

use common::saydo;
use serde_json::Value;

#[test]
fn a_dated_folder_gives_the_timeline_and_the_sharing_changes() {
    let out = saydo()
        .args([
            "history",
            "--format",
            "json",
            "--only-sharing",
            "corpus/history/lantern-club/",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["versions"].as_array().unwrap().len(), 3);
    let party = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["category"] == "political-party")
        .expect("political parties appear");
    assert_eq!(
        (party["version"].as_str(), party["change"].as_str()),
        (Some("2020-03-15"), Some("appeared"))
    );
    let changes: Vec<&Value> = v["diffs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["changes"].as_array().unwrap())
        .collect();
    assert_eq!(
        changes.len(),
        2,
        "only the two sharing sentences changed: {changes:?}"
    );
    assert!(changes.iter().all(|c| c["declares"] == true));
}

#[test]
fn markdown_and_errors() {
    let md = saydo()
        .args(["history", "--format", "md", "corpus/history/lantern-club/"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&md.stdout).contains("political-party"));
    let undated = saydo()
        .args(["history", "corpus/policies/bank.md"])
        .output()
        .unwrap();
    assert_eq!(undated.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&undated.stderr).contains("bank.md"));
    let two = saydo()
        .args(["history", "--git", ".", "a.md", "b.md"])
        .output()
        .unwrap();
    assert_eq!(two.status.code(), Some(2));
}
