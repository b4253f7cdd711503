//! Command-line behaviour: exit codes, bad input, vocabulary validation, standard input.

mod common;

use common::saydo;
use std::io::Write;

#[test]
fn a_bad_file_is_reported_and_the_others_still_run() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.md");
    std::fs::write(&bad, b"\x00\x01\x02binary\x00").unwrap();
    let out = saydo()
        .args([
            "extract",
            "--format",
            "jsonl",
            "corpus/policies/ngo-newsletter.md",
        ])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.md: binary content"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.lines().count() >= 3,
        "the good policy was still extracted"
    );
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            v["evidence"]["file"]
                .as_str()
                .unwrap()
                .ends_with("ngo-newsletter.md")
        );
    }
}

#[test]
fn missing_file_names_it() {
    let out = saydo()
        .args(["extract", "no/such/policy.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/policy.md: cannot read"));
}

#[test]
fn standard_input_with_forced_format() {
    let out = saydo()
        .args(["extract", "--format", "jsonl", "--policy-format", "html", "-"])
        .write_stdin("<html><body><h2>Sharing</h2><p>We never sell your personal data.</p><nav>We sell everything</nav></body></html>")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["negated"], true);
    assert_eq!(lines[0]["evidence"]["heading"][0], "Sharing");
}

#[test]
fn vocab_check_lists_problems_with_lines() {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(b"[[recipient]]\nid = \"pollster\"\nparent = \"nowhere\"\n")
        .unwrap();
    let out = saydo()
        .args(["vocab", "check"])
        .arg(f.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(":3: recipient \"pollster\" has unknown parent \"nowhere\""),
        "{stderr}"
    );

    let mut ok = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    ok.write_all(b"[[recipient]]\nid = \"pollster\"\nparent = \"political-consultancy\"\nsynonyms = [\"polling firm\"]\n").unwrap();
    let out = saydo()
        .args(["vocab", "check"])
        .arg(ok.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The extension is used by extraction.
    let out = saydo()
        .arg("--vocab")
        .arg(ok.path())
        .args([
            "extract",
            "--format",
            "jsonl",
            "--policy-format",
            "text",
            "-",
        ])
        .write_stdin("We share your name with our polling firm.\n")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"category\":\"pollster\""));
}

#[test]
fn usage_errors_exit_2() {
    let out = saydo().args(["extract"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = saydo()
        .args(["extract", "--format", "yaml", "x.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_says_when_the_policy_is_not_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("politique.md");
    std::fs::write(
        &policy,
        "# Politique de confidentialité\n\nNous pouvons partager vos coordonnées avec des \
         sociétés partenaires sélectionnées à des fins de marketing. Nous ne vendons jamais vos \
         données à des tiers sans votre consentement. Vous pouvez à tout moment demander \
         l'accès à vos données, leur rectification ou leur suppression en écrivant à notre \
         délégué à la protection des données.\n",
    )
    .unwrap();
    let out = saydo()
        .args(["check", "--policy"])
        .arg(&policy)
        .args([
            "--log",
            "corpus/logs/emmas-club-ledger.csv",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // The report itself says it, in its header and on every finding, not just stderr.
    let header: Vec<&str> = text.lines().take(4).collect();
    assert!(
        header
            .iter()
            .any(|l| l.starts_with("warning:") && l.contains("does not read as English")),
        "{text}"
    );
    assert!(
        text.contains("note: the policy does not read as English, and saydo reads English only")
            && !text.contains("makes no statement about sharing at all"),
        "{text}"
    );
    let md = saydo()
        .args(["check", "--format", "md", "--policy"])
        .arg(&policy)
        .args(["--log", "corpus/logs/emmas-club-ledger.csv"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(md.stdout)
            .unwrap()
            .contains("> **Warning:**")
    );
}
