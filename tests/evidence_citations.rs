//! Evidence a reader can find and trust (issue 18, items 1-3): ledger lines and quotes do not
//! depend on line endings, capture requests are cited by entry number as well as line, and a
//! data category read from a capture rests on the parameter's documented meaning or on the
//! value, never on a short name alone.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn saydo() -> Command {
    let mut c = Command::cargo_bin("saydo").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Item 3: a capture on one line is cited by entry.

#[test]
fn a_one_line_capture_cites_each_request_by_entry() {
    let dir = tempfile::tempdir().unwrap();
    // The corpus capture, re-serialised on one line.
    let text = std::fs::read_to_string(root().join("corpus/logs/health-app-capture.har")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let one = dir.path().join("one.har");
    std::fs::write(&one, v.to_string()).unwrap();
    assert_eq!(std::fs::read_to_string(&one).unwrap().lines().count(), 1);
    let urls: Vec<String> = v["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["request"]["url"].as_str().unwrap().to_string())
        .collect();

    let out = saydo()
        .args(["flows", "--format", "json", "--site", "bloomcycle.app"])
        .arg(&one)
        .output()
        .unwrap();
    let flows = json_of(&out);
    let mut entries = Vec::new();
    for f in flows["flows"].as_array().unwrap() {
        for s in f["sources"].as_array().unwrap() {
            assert_eq!(s["line"], 1, "the line is kept: {s}");
            let n = s["entry"].as_u64().expect("an entry number") as usize;
            // 1-based: entry N is log.entries[N - 1].
            assert_eq!(s["url"].as_str().unwrap(), urls[n - 1], "{s}");
            let quote = s["quote"].as_str().unwrap();
            assert!(
                quote.starts_with("GET ") || quote.starts_with("POST "),
                "{s}"
            );
            entries.push(n);
        }
    }
    let mut distinct = entries.clone();
    distinct.sort();
    distinct.dedup();
    assert!(entries.len() >= 4, "{entries:?}");
    assert_eq!(
        distinct.len(),
        entries.len(),
        "distinct citations: {entries:?}"
    );

    // The text report names the entry, and the long URL is kept whole in JSON only.
    let out = saydo()
        .args(["flows", "--color", "never", "--site", "bloomcycle.app"])
        .arg(&one)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("one.har#entry=5 GET https://www.facebook.com/tr/"),
        "{text}"
    );
    assert!(!text.contains("one.har:1 "), "{text}");

    // A pretty-printed capture keeps its line numbers next to the entry.
    let out = saydo()
        .args(["flows", "--color", "never", "--site", "bloomcycle.app"])
        .arg("corpus/logs/health-app-capture.har")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("health-app-capture.har#entry=5 (line 146) GET https://www.facebook.com/tr/"),
        "{text}"
    );
}

#[test]
fn check_evidence_carries_the_entry_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("corpus/logs/health-app-capture.har")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let one = dir.path().join("one.har");
    std::fs::write(&one, v.to_string()).unwrap();
    let run = |format: &str| {
        let out = saydo()
            .args(["check", "--color", "never", "--format", format])
            .args([
                "--policy",
                "corpus/policies/health-app.md",
                "--site",
                "bloomcycle.app",
            ])
            .args(["--canary", "email=jane.doe@example.com", "--log"])
            .arg(&one)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let v: Value = serde_json::from_str(&run("json")).unwrap();
    let facebook = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["recipient"]["name"] == "Facebook")
        .unwrap();
    assert_eq!(facebook["log_evidence"][0]["entry"], 5);
    assert_eq!(facebook["canaries"][0]["entry"], 5);
    assert!(run("md").contains("one.har`, entry 5:"));
    assert!(run("csv").contains("one.har#entry=5"));
    assert!(run("html").contains("one.har#entry=5"));
    // Ledger rows have no entry.
    let out = saydo()
        .args([
            "check",
            "--format",
            "json",
            "--policy",
            "corpus/policies/emmas-club.md",
        ])
        .args(["--log", "corpus/logs/emmas-club-ledger.csv"])
        .output()
        .unwrap();
    let v = json_of(&out);
    let ev = &v["findings"][0]["log_evidence"][0];
    assert!(ev.get("entry").is_none() && ev.get("url").is_none(), "{ev}");
}
