//! Consent marks in captures (issue 20 item 2): `_consentPhase` on entries and `_consent` on
//! the log, as `saydo audit --consent` writes them, read by plain `saydo check`. The corpus
//! case `consent-reject` checks the findings; these check every report format, odd and bad
//! marks, and that a capture without marks gives no trace of consent.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const POLICY: &str = "corpus/cases/consent-reject/policy.md";
const REJECT: &str = "corpus/logs/consent-reject-capture.har";
const BAD: &str = "corpus/logs/consent-bad-phase.har";

fn check(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("saydo")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--color", "never", "--policy", POLICY])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_of(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = check(&all);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {err}"));
    (code, v)
}

fn finding<'v>(v: &'v Value, name: &str) -> &'v Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["recipient"]["name"] == name)
        .unwrap_or_else(|| panic!("no finding for {name}"))
}

#[test]
fn json_cites_the_first_request_of_each_kind_and_the_log_consent() {
    let (code, v) = json_of(&["--log", REJECT]);
    assert_eq!(code, Some(1));
    assert_eq!(v["summary"]["consent_findings"], 2);
    let c = &finding(&v, "Criteo")["consent"];
    assert_eq!(c["severity"], "high");
    assert_eq!(c["category"], "advertiser");
    assert_eq!(
        c["after_reject"]["first"],
        json!({"file": REJECT, "line": 201, "entry": 6, "method": "GET",
               "url": "https://sslwidget.criteo.com/event?a=51234&v=5.23.0&p0=e%3Dvh&p1=e%3Dvp%26p%3Dlentil-soup&dl=https%3A%2F%2Fwww.simmerandsage.example%2Frecipes%2Flentil-soup"})
    );
    assert_eq!(c["before_consent"]["requests"], 1);
    assert!(finding(&v, "Google Analytics").get("consent").is_none());
    assert_eq!(
        v["inputs"]["logs"][0]["consent"],
        json!({"action": "reject", "clicked": true, "button": "Reject all",
               "before_consent": 4, "after_consent": 4, "unmarked": 0, "unknown_phase": 0})
    );
    // The verdict is the policy's: the consent finding does not change it.
    assert_eq!(finding(&v, "Criteo")["verdict"], "clear");
}

#[test]
fn every_format_shows_the_consent_findings() {
    let (_, text, _) = check(&["--log", REJECT]);
    // Prose is wrapped: compare words.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("consent: 2 flows to advertisers or data brokers")
            && text
                .contains("After the visitor clicked \"reject\", 2 requests still went to Criteo"),
        "{text}"
    );
    let (_, md, _) = check(&["--log", REJECT, "--format", "md"]);
    assert!(
        md.contains("- **Consent:** 2 flows") && md.contains("**Consent (high):**"),
        "{md}"
    );
    let (_, html, _) = check(&["--log", REJECT, "--format", "html"]);
    assert!(html.contains("<strong>Consent</strong> <span class=\"sev high\">high</span>"));
    let (_, csv, _) = check(&["--log", REJECT, "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let heads: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &heads[heads.len() - 4..],
        [
            "consent_severity",
            "consent_before_consent",
            "consent_after_reject",
            "consent_first_request"
        ]
    );
    let criteo = rows
        .records()
        .map(Result::unwrap)
        .find(|r| r.get(4) == Some("Criteo"))
        .unwrap();
    let n = criteo.len();
    let cells: Vec<&str> = criteo.iter().skip(n - 4).take(3).collect();
    assert_eq!(cells, ["high", "1", "2"]);
    assert!(criteo[n - 1].starts_with(&format!(
        "{REJECT}#entry=6 (line 201) GET https://sslwidget"
    )));
}

#[test]
fn a_capture_without_marks_says_nothing_about_consent() {
    let log = "corpus/logs/campaign-news-capture.har";
    let (_, v) = json_of(&["--log", log]);
    assert!(v["summary"].get("consent_findings").is_none());
    assert!(v["inputs"]["logs"][0].get("consent").is_none());
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f.get("consent").is_none())
    );
    let (_, csv, _) = check(&["--log", log, "--format", "csv"]);
    assert!(!csv.contains("consent_"), "{csv}");
    let (_, text, _) = check(&["--log", log]);
    assert!(!text.contains("consent:"), "{text}");
}

#[test]
fn unknown_phases_are_warned_counted_and_not_judged() {
    let (code, v) = json_of(&["--log", BAD]);
    // A medium finding does not fail the default --fail-on high; it does fail medium.
    assert_eq!(code, Some(0));
    assert_eq!(check(&["--log", BAD, "--fail-on", "medium"]).0, Some(1));
    let log = &v["inputs"]["logs"][0];
    assert_eq!(log["consent"]["unknown_phase"], 2);
    assert_eq!(
        log["used"], 3,
        "requests with a bad phase still count as flows"
    );
    let c = &finding(&v, "Criteo")["consent"];
    // Entries 2 and 3 carry "during" and 2; only entry 4 is before consent.
    assert_eq!(
        c["before_consent"],
        json!({"requests": 1, "first": {"file": BAD, "line": 125,
        "entry": 4, "method": "GET", "url": "https://gum.criteo.com/sync?c=51"}})
    );
    let (_, text, _) = check(&["--log", BAD]);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(&format!(
            "warning: {BAD}#entry=2 (line 53): _consentPhase is \"during\""
        )) && text.contains(&format!("{BAD}#entry=3 (line 89): _consentPhase is 2")),
        "{text}"
    );
}

#[test]
fn strict_makes_an_unknown_phase_or_consent_action_an_input_error() {
    // `check --strict`: the first bad mark is named with its file, entry and line; exit 2.
    let (code, out, err) = check(&["--log", BAD, "--strict", "--format", "json"]);
    assert_eq!(code, Some(2), "{out}{err}");
    let err = err.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        err.contains(&format!(
            "{BAD}#entry=2 (line 53): _consentPhase is \"during\""
        )) && err.contains("--strict"),
        "{err}"
    );
    // `flows --strict` too.
    let flows = Command::cargo_bin("saydo")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["flows", "--strict", BAD])
        .output()
        .unwrap();
    assert_eq!(flows.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&flows.stderr).contains("#entry=2"));
    // An unreadable `_consent` action is one too; a good capture is unaffected.
    let p = temp_har(
        "bad-action.har",
        json!({"_consent": {"action": "maybe", "clicked": true}}),
        &[json!("before-consent"), json!("after-consent")],
    );
    let (code, _, err) = check(&["--log", p.to_str().unwrap(), "--strict"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("_consent.action is \"maybe\"") && err.contains("--strict"),
        "{err}"
    );
    assert_ne!(check(&["--log", REJECT, "--strict"]).0, Some(2));
}

fn temp_har(name: &str, log_extra: Value, phases: &[Value]) -> PathBuf {
    let entries: Vec<Value> = phases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let url = if i == 0 {
                "https://www.site.example/".to_string()
            } else {
                format!("https://static.criteo.net/t{i}.js")
            };
            let mut e = json!({"startedDateTime": "2026-11-20T09:15:00Z",
                "request": {"method": "GET", "url": url, "headers": []}});
            if !p.is_null() {
                e["_consentPhase"] = p.clone();
            }
            e
        })
        .collect();
    let mut log = json!({"version": "1.2", "entries": entries});
    if let Value::Object(extra) = log_extra {
        for (k, v) in extra {
            log[k] = v;
        }
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("consent");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec(&json!({"log": log})).unwrap()).unwrap();
    p
}

#[test]
fn without_a_click_every_marked_request_is_before_consent() {
    // Phases but no `_consent`: nothing was tried, so no consent was ever given.
    let p = temp_har(
        "no-action.har",
        json!({}),
        &[
            json!("before-consent"),
            json!("after-consent"),
            json!("after-consent"),
        ],
    );
    let (_, v) = json_of(&["--log", p.to_str().unwrap()]);
    let c = &finding(&v, "Criteo")["consent"];
    assert_eq!(c["before_consent"]["requests"], 2);
    assert_eq!(c["after_reject"], Value::Null);
    // A reject whose button was not found: the same.
    let p = temp_har(
        "not-clicked.har",
        json!({"_consent": {"action": "reject", "clicked": false, "button": null}}),
        &[json!(null), json!("after-consent")],
    );
    let (_, v) = json_of(&["--log", p.to_str().unwrap()]);
    assert_eq!(finding(&v, "Criteo")["consent"]["severity"], "medium");
    assert_eq!(v["inputs"]["logs"][0]["consent"]["unmarked"], 1);
}

#[test]
fn accepted_flows_and_unreadable_consent_give_no_after_reject_finding() {
    let p = temp_har(
        "accepted.har",
        json!({"_consent": {"action": "accept", "clicked": true, "button": "OK"}}),
        &[json!("before-consent"), json!("after-consent")],
    );
    let (code, v) = json_of(&["--log", p.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_eq!(v["summary"]["consent_findings"], 0);
    assert!(finding(&v, "Criteo").get("consent").is_none());
    // An action saydo cannot read is warned about and never read as a reject.
    let p = temp_har(
        "odd-action.har",
        json!({"_consent": {"action": ["reject"], "clicked": true}}),
        &[json!(null), json!("after-consent")],
    );
    let path = p.to_str().unwrap();
    let (code, v) = json_of(&["--log", path]);
    assert_eq!(code, Some(0));
    assert_eq!(v["summary"]["consent_findings"], 0);
    assert_eq!(v["inputs"]["logs"][0]["consent"]["action"], Value::Null);
    let (_, text, _) = check(&["--log", path]);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("_consent.action is [\"reject\"]"), "{text}");
}
