//! Runs `saydo extract` on every policy in `corpus/policies/` and checks the hand-written
//! expectations in `corpus/expected/<file>.toml`: each `[[declaration]]` must be found (same
//! line, action, polarity; the listed categories among its own), and no declaration may match
//! an `[[absent]]`. All mismatches are reported together.

use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Expected {
    #[serde(default)]
    declaration: Vec<Want>,
    #[serde(default)]
    absent: Vec<Want>,
}

#[derive(Deserialize, Debug)]
struct Want {
    line: Option<u64>,
    action: Option<String>,
    negated: Option<bool>,
    #[serde(default)]
    recipients: Vec<String>,
    #[serde(default)]
    purposes: Vec<String>,
    #[serde(default)]
    data: Vec<String>,
    condition: Option<String>,
    #[serde(default)]
    except: Vec<String>,
    #[serde(default)]
    note: String,
}

fn categories(d: &Value, key: &str) -> Vec<String> {
    d[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m["category"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

static VOCAB: std::sync::LazyLock<saydo::vocab::Vocabulary> =
    std::sync::LazyLock::new(saydo::vocab::Vocabulary::embedded);

/// A wanted category is met by itself or anything more specific below it (a declaration of
/// `payment-processor` meets a want of `service-provider`); with `exact`, only by itself.
fn matches(w: &Want, d: &Value, exact: bool) -> bool {
    let subset = |want: &[String], key: &str| {
        let have = categories(d, key);
        let tree = match key {
            "purposes" => &VOCAB.purposes,
            "data" => &VOCAB.data,
            _ => &VOCAB.recipients,
        };
        want.iter().all(|c| {
            have.iter().any(|h| {
                if exact {
                    h == c
                } else {
                    tree.distance(c, h).is_some()
                }
            })
        })
    };
    w.line
        .is_none_or(|l| d["evidence"]["line"].as_u64() == Some(l))
        && w.action
            .as_ref()
            .is_none_or(|a| d["action"].as_str() == Some(a))
        && w.negated.is_none_or(|n| d["negated"].as_bool() == Some(n))
        && w.condition
            .as_ref()
            .is_none_or(|c| d["condition"].as_str() == Some(c))
        && subset(&w.recipients, "recipients")
        && subset(&w.purposes, "purposes")
        && subset(&w.data, "data")
        && subset(&w.except, "except")
}

fn policies(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            policies(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn corpus_policies_meet_their_expectations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    policies(&root.join("corpus/policies"), &mut files);
    files.sort();
    assert!(files.len() >= 15, "the corpus holds at least 15 policies");
    let output = assert_cmd::Command::cargo_bin("saydo")
        .unwrap()
        .current_dir(root)
        .args(["extract", "--format", "json", "corpus/policies"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(root.join("corpus/policies")).unwrap();
        let expected_path = root
            .join("corpus/expected")
            .join(format!("{}.toml", rel.display()));
        let expected: Expected = toml::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} has expectations", rel.display())),
        )
        .unwrap();
        let doc = report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| Path::new(d["file"].as_str().unwrap()).ends_with(rel))
            .unwrap_or_else(|| panic!("{} was extracted", rel.display()));
        let decls = doc["declarations"].as_array().unwrap();
        for w in &expected.declaration {
            checked += 1;
            if !decls.iter().any(|d| matches(w, d, false)) {
                let at_line: Vec<String> = decls
                    .iter()
                    .filter(|d| d["evidence"]["line"].as_u64() == w.line)
                    .map(|d| {
                        format!(
                            "{} negated={} {:?} {:?} {:?}",
                            d["action"],
                            d["negated"],
                            categories(d, "recipients"),
                            categories(d, "purposes"),
                            categories(d, "data")
                        )
                    })
                    .collect();
                failures.push(format!(
                    "{}:{}: missing {:?} {:?} {:?} {:?} ({})\n      found: {at_line:?}",
                    rel.display(),
                    w.line.unwrap_or(0),
                    w.action,
                    w.negated,
                    w.recipients,
                    w.data,
                    w.note
                ));
            }
        }
        for w in &expected.absent {
            checked += 1;
            for d in decls.iter().filter(|d| matches(w, d, true)) {
                failures.push(format!(
                    "{}:{}: unexpected {} {:?} ({})",
                    rel.display(),
                    d["evidence"]["line"],
                    d["action"],
                    categories(d, "recipients"),
                    w.note
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} expectations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
