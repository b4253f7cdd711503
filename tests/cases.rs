//! End-to-end cases: for every `corpus/cases/<name>/case.toml`, runs `saydo check` on the
//! policy and logs it names and compares the findings with the hand-checked expectations
//! (verdict, undisclosed, severity, records, policy version, data, a quoted policy sentence)
//! and the exit code. Every flow must be expected: an unexpected finding fails the case.
//! All mismatches of all cases are reported together.

use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code)]
    description: String,
    policy: Vec<String>,
    log: Vec<String>,
    site: Option<String>,
    /// `--app` (an iOS App Privacy Report's app).
    app: Option<String>,
    #[serde(default)]
    canary: Vec<String>,
    exit: i32,
    /// `summary.consent_findings`; absent: the summary must not have it (no consent marks).
    consent_findings: Option<u64>,
    #[serde(default)]
    finding: Vec<Want>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Want {
    recipient: String,
    on_behalf_of: Option<String>,
    verdict: String,
    /// `partly` (partly disclosed); unchecked when absent.
    partly: Option<bool>,
    /// `undisclosed_data`, exactly (vocabulary ids, in the finding's order).
    undisclosed_data: Option<Vec<String>>,
    undisclosed: bool,
    severity: String,
    records: Option<u64>,
    policy_version: Option<String>,
    quote_contains: Option<String>,
    #[serde(default)]
    data: Vec<String>,
    /// Text the explanation must contain (each item).
    #[serde(default)]
    explanation_contains: Vec<String>,
    /// The consent finding (see `compare::consent`): its severity, and the count and first
    /// entry of requests before consent and after a reject. With none of these, the finding
    /// must have no consent finding.
    consent_severity: Option<String>,
    consent_before: Option<u64>,
    consent_before_entry: Option<u64>,
    consent_after_reject: Option<u64>,
    consent_after_reject_entry: Option<u64>,
}

fn matches_key(f: &Value, w: &Want) -> bool {
    let behalf = f["on_behalf_of"]["name"].as_str();
    let version = f["policy_version"].as_str().unwrap_or("none");
    f["recipient"]["name"] == w.recipient.as_str()
        && behalf == w.on_behalf_of.as_deref()
        && w.policy_version.as_deref().is_none_or(|v| v == version)
}

fn problems(f: &Value, w: &Want) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |name: &str, got: &Value, want: Value| {
        if *got != want {
            out.push(format!("{name}: got {got}, want {want}"));
        }
    };
    field("verdict", &f["verdict"], w.verdict.clone().into());
    field("undisclosed", &f["undisclosed"], w.undisclosed.into());
    if let Some(p) = w.partly {
        field("partly", &f["partly"], p.into());
    }
    if let Some(d) = &w.undisclosed_data {
        field("undisclosed_data", &f["undisclosed_data"], d.clone().into());
    }
    field("severity", &f["severity"], w.severity.clone().into());
    if let Some(r) = w.records {
        field("records", &f["records"], r.into());
    }
    let consent = &f["consent"];
    match &w.consent_severity {
        None => field(
            "consent (no consent finding expected)",
            consent,
            Value::Null,
        ),
        Some(s) => {
            field("consent.severity", &consent["severity"], s.clone().into());
            for (kind, n, entry) in [
                ("before_consent", w.consent_before, w.consent_before_entry),
                (
                    "after_reject",
                    w.consent_after_reject,
                    w.consent_after_reject_entry,
                ),
            ] {
                let got = &consent[kind];
                field(
                    &format!("consent.{kind}.requests"),
                    &got["requests"],
                    n.map_or(Value::Null, Value::from),
                );
                if let Some(e) = entry {
                    field(
                        &format!("consent.{kind}.first.entry"),
                        &got["first"]["entry"],
                        e.into(),
                    );
                }
            }
        }
    }
    let data: Vec<&str> = f["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["category"].as_str())
        .collect();
    for d in &w.data {
        if !data.contains(&d.as_str()) {
            out.push(format!("data: {d} not among {data:?}"));
        }
    }
    if let Some(q) = &w.quote_contains {
        let quotes: Vec<&str> = f["policy_evidence"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["quote"].as_str())
            .collect();
        if !quotes.iter().any(|x| x.contains(q.as_str())) {
            out.push(format!(
                "no policy quote contains {q:?}; quotes: {quotes:?}"
            ));
        }
    }
    let explanation = f["explanation"].as_str().unwrap_or_default();
    for e in &w.explanation_contains {
        if !explanation.contains(e.as_str()) {
            out.push(format!("explanation does not contain {e:?}"));
        }
    }
    out
}

fn run_case(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(dir.join("case.toml")).unwrap();
    let case: Case = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
    let mut cmd = assert_cmd::Command::cargo_bin("saydo").unwrap();
    cmd.current_dir(dir)
        .args(["check", "--format", "json", "--color", "never"]);
    for p in &case.policy {
        cmd.args(["--policy", p]);
    }
    for l in &case.log {
        cmd.args(["--log", l]);
    }
    if let Some(s) = &case.site {
        cmd.args(["--site", s]);
    }
    if let Some(a) = &case.app {
        cmd.args(["--app", a]);
    }
    for c in &case.canary {
        cmd.args(["--canary", c]);
    }
    let out = cmd.output().unwrap();
    let mut errors = Vec::new();
    if out.status.code() != Some(case.exit) {
        errors.push(format!(
            "{name}: exit {:?}, want {}; stderr: {}",
            out.status.code(),
            case.exit,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let report: Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => {
            errors.push(format!("{name}: output is not JSON ({e})"));
            return errors;
        }
    };
    let consent_findings = &report["summary"]["consent_findings"];
    if *consent_findings != case.consent_findings.map_or(Value::Null, Value::from) {
        errors.push(format!(
            "{name}: summary.consent_findings is {consent_findings}, want {:?}",
            case.consent_findings
        ));
    }
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let mut used = vec![false; findings.len()];
    for w in &case.finding {
        let found = findings
            .iter()
            .enumerate()
            .find(|(i, f)| !used[*i] && matches_key(f, w));
        match found {
            None => errors.push(format!("{name}: no finding for {w:?}")),
            Some((i, f)) => {
                used[i] = true;
                for p in problems(f, w) {
                    errors.push(format!(
                        "{name}: {} (on behalf of {:?}, version {:?}): {p}\n    explanation: {}",
                        w.recipient, w.on_behalf_of, w.policy_version, f["explanation"]
                    ));
                }
            }
        }
    }
    for (i, f) in findings.iter().enumerate() {
        if !used[i] {
            errors.push(format!(
                "{name}: unexpected finding {} / {} ({} {})",
                f["recipient"]["name"], f["on_behalf_of"]["name"], f["verdict"], f["severity"]
            ));
        }
    }
    errors
}

#[test]
fn corpus_cases_produce_the_expected_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/cases");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("case.toml").exists())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 8, "at least 8 cases, found {}", dirs.len());
    let errors: Vec<String> = dirs.iter().flat_map(|d| run_case(d)).collect();
    assert!(
        errors.is_empty(),
        "{} problem(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
}
