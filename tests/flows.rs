//! `saydo flows` and `saydo check` on the corpus logs: skipped records with their lines and
//! reasons (hand-checked in `corpus/logs/*.expected.toml`), broken captures, canaries, real
//! captures, exit codes, report formats and atomic output.

mod common;

use common::saydo;
use serde::Deserialize;
use serde_json::Value;

fn flows_json(args: &[&str]) -> (Option<i32>, Value, String) {
    let out = saydo()
        .args(["flows", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("flows --format json prints JSON");
    (
        out.status.code(),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[derive(Deserialize)]
struct ExpectedReading {
    read: u64,
    skipped: u64,
    skip: Vec<ExpectedSkip>,
}

#[derive(Deserialize)]
struct ExpectedSkip {
    line: u64,
    reason: String,
}

#[test]
fn malformed_ledgers_skip_exactly_the_bad_records() {
    for name in ["malformed-ledger.csv", "retailer-ledger.jsonl"] {
        let path = format!("corpus/logs/{name}");
        let stem = name.rsplit_once('.').unwrap().0;
        let expected: ExpectedReading = toml::from_str(
            &std::fs::read_to_string(format!("corpus/logs/{stem}.expected.toml")).unwrap(),
        )
        .unwrap();
        let (code, v, _) = flows_json(&[&path]);
        assert_eq!(code, Some(0), "{name}: skipped records are not an error");
        let input = &v["inputs"][0];
        assert_eq!(input["read"], expected.read, "{name}");
        assert_eq!(input["skipped"], expected.skipped, "{name}");
        let got: Vec<(u64, String)> = v["summary"]["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let reason = s["reason"].as_str().unwrap();
                (
                    s["line"].as_u64().unwrap(),
                    reason.split(':').next().unwrap().to_string(),
                )
            })
            .collect();
        let want: Vec<(u64, String)> = expected
            .skip
            .iter()
            .map(|s| (s.line, s.reason.clone()))
            .collect();
        assert_eq!(got, want, "{name}");
        // --strict turns any skipped record into an error for the file.
        let (code, _, stderr) = flows_json(&["--strict", &path]);
        assert_eq!(code, Some(2), "{name} with --strict");
        assert!(
            stderr.contains(name) && stderr.contains("--strict"),
            "{stderr}"
        );
    }
}

#[test]
fn the_parenting_club_transfer_is_one_flow_on_behalf_of_the_party() {
    let (code, v, _) = flows_json(&["corpus/logs/emmas-club-ledger.csv"]);
    assert_eq!(code, Some(0));
    let flows = v["flows"].as_array().unwrap();
    let ems = flows
        .iter()
        .find(|f| f["recipient"]["name"] == "Experian Marketing Services")
        .expect("the Experian flow");
    assert_eq!(ems["records"], 1_065_200);
    assert_eq!(ems["on_behalf_of"]["name"], "Labour Party");
    assert_eq!(ems["on_behalf_of"]["categories"][0], "political-party");
    assert!(
        ems["recipient"]["categories"]
            .as_array()
            .unwrap()
            .contains(&"data-broker".into())
    );
    assert_eq!(ems["sources"][0]["line"], 6);
    assert_eq!(ems["first_seen"], "2017-04-28");
    let data: Vec<&str> = ems["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["category"].as_str())
        .collect();
    assert!(data.contains(&"children"), "{data:?}");
    assert_eq!(v["inputs"][0]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn broken_captures_are_errors_that_name_the_file_and_line_and_the_rest_is_read() {
    let (code, v, stderr) = flows_json(&[
        "corpus/logs/truncated.har",
        "corpus/logs/not-json.har",
        "corpus/logs/emmas-club-ledger.csv",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("corpus/logs/truncated.har:") && stderr.contains("cut off"),
        "{stderr}"
    );
    assert!(stderr.contains("corpus/logs/not-json.har:1:"), "{stderr}");
    assert_eq!(v["inputs"][0]["read"], 0, "nothing partial is counted");
    assert!(
        !v["flows"].as_array().unwrap().is_empty(),
        "the good ledger was still read"
    );
}

#[test]
fn canaries_are_found_in_hashed_and_encoded_forms() {
    let (code, v, _) = flows_json(&[
        "--canary",
        "email=sam.rivera@example.net",
        "corpus/logs/campaign-news-capture.har",
    ]);
    assert_eq!(code, Some(0));
    let flows = v["flows"].as_array().unwrap();
    let forms = |name: &str| -> Vec<String> {
        flows
            .iter()
            .filter(|f| f["recipient"]["name"] == name)
            .flat_map(|f| f["canaries"].as_array().unwrap().clone())
            .map(|c| {
                format!(
                    "{}/{}",
                    c["form"].as_str().unwrap(),
                    c["place"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert!(
        forms("Facebook").contains(&"sha256/body".to_string()),
        "{:?}",
        forms("Facebook")
    );
    let actblue = forms("ActBlue");
    assert!(
        actblue.contains(&"url-encoded/url".to_string()),
        "{actblue:?}"
    );
    assert!(actblue.contains(&"plain/body".to_string()), "{actblue:?}");
    assert_eq!(v["inputs"][0]["site"], "civiclantern.example");
    assert!(
        flows
            .iter()
            .all(|f| f["recipient"]["name"] != "civiclantern.example")
    );
}

#[test]
fn every_real_capture_reads_without_error() {
    let Some(dir) =
        saydo::shared_data::shared_data("every_real_capture_reads_without_error", "har")
    else {
        return;
    };
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "har") {
                files.push(p.display().to_string());
            }
        }
    }
    assert!(files.len() >= 20, "{}", files.len());
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, v, stderr) = flows_json(&args);
    assert_eq!(code, Some(0), "{stderr}");
    let used: u64 = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["used"].as_u64().unwrap())
        .sum();
    assert!(used > 1000, "third-party requests found: {used}");
}

fn check(args: &[&str]) -> std::process::Output {
    saydo()
        .args([
            "check",
            "--color",
            "never",
            "--policy",
            "corpus/policies/emmas-club.md",
            "--log",
            "corpus/logs/emmas-club-ledger.csv",
        ])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn check_exit_codes_follow_fail_on() {
    assert_eq!(
        check(&[]).status.code(),
        Some(1),
        "a high finding fails by default"
    );
    assert_eq!(check(&["--fail-on", "never"]).status.code(), Some(0));
    let clean = saydo()
        .args([
            "check",
            "--policy",
            "corpus/cases/clean-site/policy.md",
            "--log",
            "corpus/cases/clean-site/ledger.csv",
            "--fail-on",
            "low",
        ])
        .output()
        .unwrap();
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    let missing = saydo()
        .args([
            "check",
            "--policy",
            "corpus/policies/nope.md",
            "--log",
            "corpus/logs/emmas-club-ledger.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("corpus/policies/nope.md"));
}

#[test]
fn two_versions_dated_the_same_day_are_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("2018-06-01.md"),
        "We share data with advertisers.\n",
    )
    .unwrap();
    let other = dir.path().join("other.md");
    std::fs::write(&other, "We share data with partners.\n").unwrap();
    let out = saydo()
        .args(["check", "--policy"])
        .arg(dir.path())
        .arg("--policy")
        .arg(format!("{}@2018-06-01", other.display()))
        .args(["--log", "corpus/logs/emmas-club-ledger.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("both dated 2018-06-01"));
}

#[test]
fn reports_in_every_format_name_the_transfer_and_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    for (format, needles) in [
        (
            "text",
            vec![
                "Experian Marketing Services",
                "Labour Party",
                "1,065,200",
                "emmas-club.md:52",
                "emmas-club-ledger.csv:6",
            ],
        ),
        (
            "md",
            vec![
                "| 1 | high | Experian Marketing Services",
                "> By joining the Club",
                "`corpus/logs/emmas-club-ledger.csv`, line 6",
                "## Method",
            ],
        ),
        (
            "html",
            vec![
                "<!doctype html>",
                "id=\"p0-L52\"",
                "class=\"line cited\"",
                "Experian Marketing Services",
            ],
        ),
        (
            "csv",
            vec!["severity,verdict,undisclosed", "high,vague,true,"],
        ),
        (
            "json",
            vec![
                "\"schema_version\": 1",
                "\"sha256\"",
                "\"undisclosed\": true",
            ],
        ),
    ] {
        let path = dir.path().join(format!("report.{format}"));
        let out = check(&["--format", format, "-o", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(
            out.stdout.is_empty(),
            "{format}: -o writes nothing to stdout"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        for n in needles {
            assert!(text.contains(n), "{format} report lacks {n:?}");
        }
        if format == "html" {
            assert!(
                !text.contains("http://") && !text.contains("https://"),
                "no external assets"
            );
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 5, "no temporary files left: {leftovers:?}");
}
