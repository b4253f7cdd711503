//! Hostile input to dated version series, `history` and `vocab check` (issue 17, rows 8 and 10):
//! file names that look dated but are no real day, deep and cyclic parent chains, page-long
//! synonyms, many synonyms sharing their first words. Sizes are chosen so the quadratic paths
//! these tests guard against would take minutes in a debug build; the fixed ones take well under
//! a second.

mod common;

use common::run;
use std::fmt::Write as _;
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const LEDGER: &str = "recipient,date,recipient_category\n\
                      Experian Marketing Services,2016-06-01,data broker\n";

/// A version series whose second file, `2016-02-30.md`, names a day that does not exist.
fn series_with_a_false_date(dir: &Path) {
    std::fs::write(
        dir.join("2016-01-01.md"),
        "We never sell your personal information to data brokers.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("2016-02-30.md"),
        "We sell your personal information to data brokers.\n",
    )
    .unwrap();
}

#[test]
fn a_version_named_by_a_day_that_does_not_exist_is_an_error_in_check() {
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policy");
    std::fs::create_dir(&policies).unwrap();
    series_with_a_false_date(&policies);
    let ledger = dir.path().join("ledger.csv");
    std::fs::write(&ledger, LEDGER).unwrap();

    let (code, stdout, stderr) = run(&[
        "check",
        "--policy",
        s(&policies),
        "--log",
        s(&ledger),
        "--format",
        "json",
    ]);
    // Read as undated, the file was in force throughout and turned the verdict: no report.
    assert_eq!(code, Some(2), "{stdout}\n{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("2016-02-30.md") && stderr.contains("not a real date"),
        "{stderr}"
    );

    // The same file given on its own is refused the same way.
    let file = policies.join("2016-02-30.md");
    let (code, _, stderr) = run(&["check", "--policy", s(&file), "--log", s(&ledger)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("2016-02-30.md"), "{stderr}");

    // FILE@DATE gives the date, so the name is not read for one.
    let dated = format!("{}@2016-03-01", file.display());
    let (code, _, stderr) = run(&["check", "--policy", &dated, "--log", s(&ledger)]);
    assert_ne!(code, Some(2), "{stderr}");

    // Without the false date the series is read as before.
    std::fs::remove_file(&file).unwrap();
    let (code, _, stderr) = run(&["check", "--policy", s(&policies), "--log", s(&ledger)]);
    assert_ne!(code, Some(2), "{stderr}");
}

#[test]
fn a_version_named_by_a_day_that_does_not_exist_is_an_error_in_history() {
    let dir = tempfile::tempdir().unwrap();
    series_with_a_false_date(dir.path());
    let (code, _, stderr) = run(&["history", s(dir.path())]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("2016-02-30.md") && stderr.contains("not a real date"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["history", s(&dir.path().join("2016-02-30.md"))]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("2016-02-30.md"), "{stderr}");
}

#[test]
fn names_that_merely_start_with_digits_stay_undated() {
    // Only an ISO-shaped name is held to be a date: `2016-policy.md` is an undated policy,
    // in force throughout beside the dated one.
    let dir = tempfile::tempdir().unwrap();
    let dated = dir.path().join("2016-01-01.md");
    let other = dir.path().join("2016-policy.md");
    std::fs::write(&dated, "We share your email address with advertisers.\n").unwrap();
    std::fs::write(&other, "We share your email address with advertisers.\n").unwrap();
    let ledger = dir.path().join("ledger.csv");
    std::fs::write(&ledger, LEDGER).unwrap();
    let (code, _, stderr) = run(&[
        "check",
        "--policy",
        s(&dated),
        "--policy",
        s(&other),
        "--log",
        s(&ledger),
    ]);
    assert_ne!(code, Some(2), "{stderr}");
}

fn vocab_file(dir: &Path, text: &str) -> String {
    let p = dir.join("mine.toml");
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn a_page_long_synonym_is_refused_naming_file_line_and_id() {
    let dir = tempfile::tempdir().unwrap();
    let words: Vec<String> = (0..200).map(|i| format!("word{i}")).collect();
    let file = vocab_file(
        dir.path(),
        &format!(
            "[[recipient]]\nid = \"long-one\"\nparent = \"third-party\"\n\
             synonyms = [\"fine phrase\", \"{}\"]\n",
            words.join(" ")
        ),
    );
    let (code, _, stderr) = run(&["vocab", "check", &file]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("mine.toml:4:")
            && stderr.contains("\"long-one\"")
            && stderr.contains("too long")
            && stderr.contains("200 words"),
        "{stderr}"
    );

    // At the bound it is accepted.
    let file = vocab_file(
        dir.path(),
        &format!(
            "[[recipient]]\nid = \"long-one\"\nparent = \"third-party\"\nsynonyms = [\"{}\"]\n",
            words[..20].join(" ")
        ),
    );
    let (code, stdout, stderr) = run(&["vocab", "check", &file]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("ok"), "{stdout}");
}

#[test]
fn a_deep_parent_chain_is_refused_once_at_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("[[recipient]]\nid = \"c0\"\nparent = \"third-party\"\n");
    for i in 1..20_000 {
        writeln!(
            text,
            "[[recipient]]\nid = \"c{i}\"\nparent = \"c{}\"",
            i - 1
        )
        .unwrap();
    }
    let file = vocab_file(dir.path(), &text);
    let (code, _, stderr) = run(&["vocab", "check", &file]);
    assert_eq!(code, Some(2), "{stderr}");
    // c0 has one ancestor (third-party): c32 is the first with 33.
    assert!(
        stderr.contains("recipient \"c32\" is nested 33 levels deep (at most 32)"),
        "{stderr}"
    );
    assert!(stderr.contains("1 problem in the vocabulary"), "{stderr}");

    // 32 levels are fine.
    let cut = text
        .find("[[recipient]]\nid = \"c32\"")
        .expect("c32 is written");
    let file = vocab_file(dir.path(), &text[..cut]);
    let (code, _, stderr) = run(&["vocab", "check", &file]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_long_parent_cycle_names_every_category_on_and_below_it() {
    let dir = tempfile::tempdir().unwrap();
    let n = 10_000;
    let mut text = String::new();
    for i in 0..n {
        writeln!(
            text,
            "[[recipient]]\nid = \"c{i}\"\nparent = \"c{}\"",
            (i + 1) % n
        )
        .unwrap();
    }
    // Below the cycle, not on it: still a category whose chain never reaches a root.
    text.push_str("[[recipient]]\nid = \"hanger\"\nparent = \"c5\"\n");
    let file = vocab_file(dir.path(), &text);
    let (code, _, stderr) = run(&["vocab", "check", &file]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr.matches("is in a parent cycle").count(),
        n + 1,
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.contains("recipient \"hanger\" is in a parent cycle"),
        "{stderr}"
    );
}

#[test]
fn many_synonyms_sharing_their_first_words_are_all_matched() {
    // 20,000 synonyms "widget maker N": one trie node with 20,000 children.
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let mut text = String::new();
    for i in 0..n {
        writeln!(
            text,
            "[[recipient]]\nid = \"w{i}\"\nparent = \"third-party\"\nsynonyms = [\"widget maker {i}\"]"
        )
        .unwrap();
    }
    let file = vocab_file(dir.path(), &text);
    let (code, stdout, stderr) = run(&["vocab", "check", &file]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains(": ok"), "{stdout}");

    let policy = dir.path().join("policy.md");
    std::fs::write(
        &policy,
        "We share your email address with widget maker 12345.\n",
    )
    .unwrap();
    let (code, stdout, stderr) =
        run(&["--vocab", &file, "extract", "--format", "json", s(&policy)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("\"w12345\""), "{stdout}");
    assert!(!stdout.contains("\"w1234\""), "{stdout}");
}
