//! Hostile inputs to the log readers (issue 17): broken quotes, huge and odd fields, bad dates
//! and counts, duplicate columns and keys, non-network URLs, canaries that match everywhere,
//! platform subdomains and registry entries that match every host. Inputs are generated here.

mod common;

use common::saydo;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

/// `saydo flows --format json ARGS`: exit code, the document, standard error.
fn flows(args: &[&str]) -> (Option<i32>, Value, String) {
    let out = saydo()
        .args(["flows", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
    (out.status.code(), v, stderr)
}

fn skips(v: &Value) -> Vec<(u64, String)> {
    v["summary"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["line"].as_u64().unwrap(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn total_records(v: &Value) -> u64 {
    v["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["records"].as_u64().unwrap())
        .sum()
}

fn data_categories(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for f in v["flows"].as_array().unwrap() {
        for d in f["data"].as_array().unwrap() {
            if let Some(c) = d["category"].as_str() {
                out.push(c.to_string());
            }
        }
    }
    out
}

// Row 1: a broken quote costs the record it is in, wherever it falls.

#[test]
fn an_unterminated_quote_costs_only_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("recipient,records,notes\n");
    for i in 0..20 {
        if i == 3 {
            csv.push_str("Experian,1,\"oops\n");
        } else {
            csv.push_str("Labour Party,1000,fine\n");
        }
    }
    let p = write(dir.path(), "l.csv", csv.as_bytes());
    let (code, v, _) = flows(&[p.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_eq!(v["inputs"][0]["read"], 20);
    assert_eq!(v["inputs"][0]["skipped"], 1);
    let s = skips(&v);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].0, 5, "{s:?}");
    assert!(s[0].1.contains("quote"), "{s:?}");
    assert_eq!(total_records(&v), 19 * 1000);
}

#[test]
fn stray_quotes_in_a_big_ledger_cost_their_lines_and_block_ends_change_nothing() {
    // Over 16 MiB, so the file is read in many blocks; the bad lines are spread through it.
    let dir = tempfile::tempdir().unwrap();
    let pad = "x".repeat(200);
    let rows = 85_000;
    let bad = [1_000, 30_000, 55_555, 84_000];
    let screen = 70_000;
    let mut csv = String::with_capacity(rows * 240);
    csv.push_str("recipient,records,notes\n");
    for i in 0..rows {
        if bad.contains(&i) {
            csv.push_str(&format!("Acxiom,1,\"oops {pad}\n"));
        } else if i == screen {
            csv.push_str(&format!("Acxiom,1,6\" screen {pad}\n"));
        } else {
            csv.push_str(&format!("Acxiom,1,fine {pad}\n"));
        }
    }
    assert!(csv.len() > 17 << 20);
    let p = write(dir.path(), "big.csv", csv.as_bytes());
    let (code, v, stderr) = flows(&[p.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(v["inputs"][0]["read"], rows as u64);
    let lines: Vec<u64> = skips(&v).iter().map(|s| s.0).collect();
    let want: Vec<u64> = bad.iter().map(|&i| i as u64 + 2).collect();
    assert_eq!(lines, want);
    assert_eq!(total_records(&v), (rows - bad.len()) as u64);
    // The same `6" screen` row in a small file is read too.
    let small = write(
        dir.path(),
        "small.csv",
        b"recipient,records,notes\nAcxiom,1,6\" screen\nAcxiom,1,ok\n",
    );
    let (_, v, _) = flows(&[small.to_str().unwrap()]);
    assert_eq!(v["inputs"][0]["skipped"], 0);
    assert_eq!(total_records(&v), 2);
}

// Row 4: a text/plain body is not a form; huge bodies give bounded reports.

fn har_with(entries: &[Value]) -> Vec<u8> {
    let doc = serde_json::json!({
        "log": {
            "version": "1.2",
            "pages": [{"title": "https://shop.example/"}],
            "entries": entries,
        }
    });
    serde_json::to_vec_pretty(&doc).unwrap()
}

fn post(url: &str, mime: &str, text: &str) -> Value {
    serde_json::json!({
        "startedDateTime": "2024-01-02T10:00:00Z",
        "request": {
            "method": "POST", "url": url, "headers": [], "cookies": [],
            "postData": {"mimeType": mime, "text": text}
        }
    })
}

fn get(url: Value) -> Value {
    serde_json::json!({
        "startedDateTime": "2024-01-02T10:00:00Z",
        "request": {"method": "GET", "url": url, "headers": [], "cookies": []}
    })
}

/// Base64 of text that names health words, as a beacon might send an opaque payload.
fn base64_blob(len: usize) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let words = ["RxPrescription", "KidsChildHealth", "PregnancyWeek"];
    let mut s = String::with_capacity(len + 2);
    let mut i = 0usize;
    while s.len() < len {
        s.push_str(words[i % 3]);
        s.push(alphabet[(i * 7) % 64] as char);
        i += 1;
    }
    s.truncate(len);
    s.push_str("==");
    s
}

#[test]
fn a_base64_body_is_not_read_as_a_form() {
    let dir = tempfile::tempdir().unwrap();
    let har = har_with(&[post(
        "https://collector.tracker.example/b",
        "text/plain;charset=UTF-8",
        &base64_blob(4000),
    )]);
    let p = write(dir.path(), "c.har", &har);
    let (code, v, stderr) = flows(&[p.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let cats = data_categories(&v);
    for invented in ["prescription", "children", "health", "pregnancy"] {
        assert!(
            !cats.iter().any(|c| c == invented),
            "{invented} in {cats:?}"
        );
    }
    // A body typed as a form, or text that reads as short key=value pairs, is still read.
    let har = har_with(&[
        post(
            "https://a.tracker.example/f",
            "application/x-www-form-urlencoded",
            "em=jane%40example.com",
        ),
        post(
            "https://b.tracker.example/f",
            "text/plain",
            // `phone`, not `ph`: a two-letter name means nothing on an unknown tracker
            // (issue 18).
            "phone=5551234&ev=Lead",
        ),
    ]);
    let p = write(dir.path(), "f.har", &har);
    let (_, v, _) = flows(&[p.to_str().unwrap()]);
    let cats = data_categories(&v);
    assert!(cats.iter().any(|c| c == "email"), "{cats:?}");
    assert!(cats.iter().any(|c| c == "phone"), "{cats:?}");
}

#[test]
fn a_huge_form_body_gives_a_report_of_bounded_size() {
    let dir = tempfile::tempdir().unwrap();
    // One 4 MB parameter name made of words the vocabulary knows.
    let name = "child_health_prescription_".repeat(4_000_000 / 26);
    let har = har_with(&[post(
        "https://collector.tracker.example/f",
        "application/x-www-form-urlencoded",
        &format!("{name}=1&cd%5B{name}%5D=yes"),
    )]);
    let p = write(dir.path(), "big.har", &har);
    let out = saydo()
        .args(["flows", "--format", "json"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.len() < 100_000,
        "a 4 MB body gave a {} byte report",
        out.stdout.len()
    );
}

// Row 11: canaries match whole values, and a value that matches everywhere is refused.

#[test]
fn short_canaries_are_refused_and_canaries_match_whole_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let har = har_with(&[
        get(Value::from("https://cdnjs.cloudflare.com/ajax/libs/x.js")),
        get(Value::from(
            "https://pixel.tracker-a.example/p?q=blacksmithing",
        )),
        get(Value::from(
            "https://other.tracker-b.example/p?name=Smith&x=1",
        )),
    ]);
    let p = write(dir.path(), "c.har", &har);
    for bad in ["health=com", "x=ab", "city=co.uk", "x=info"] {
        let out = saydo()
            .args(["flows", "--canary", bad])
            .arg(&p)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("canary"),
            "{bad}"
        );
    }
    let (code, v, _) = flows(&["--canary", "name=smith", p.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let hit_hosts: Vec<&str> = v["flows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["canaries"].as_array().unwrap().is_empty())
        .map(|f| f["hosts"][0].as_str().unwrap())
        .collect();
    assert_eq!(hit_hosts, vec!["other.tracker-b.example"]);
}

// Row 12: another customer of the same platform is a third party.

#[test]
fn another_site_on_the_same_platform_is_a_third_party() {
    let dir = tempfile::tempdir().unwrap();
    for (site, other) in [
        ("myclinic.herokuapp.com", "evil.herokuapp.com"),
        ("mystore.myshopify.com", "evil.myshopify.com"),
    ] {
        let har = har_with(&[
            get(Value::from(format!("https://{site}/"))),
            get(Value::from(format!(
                "https://{other}/c?e=jane%40example.com"
            ))),
        ]);
        let p = write(dir.path(), "p.har", &har);
        let (code, v, _) = flows(&[
            "--site",
            site,
            "--canary",
            "email=jane@example.com",
            p.to_str().unwrap(),
        ]);
        assert_eq!(code, Some(0));
        let flows = v["flows"].as_array().unwrap();
        assert_eq!(flows.len(), 1, "{other}: {flows:?}");
        assert_eq!(flows[0]["recipient"]["name"], other);
        assert!(!flows[0]["canaries"].as_array().unwrap().is_empty());
    }
}

// Row 13: registry entries that would match every host are refused.

#[test]
fn registry_domains_and_aliases_that_match_everything_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (field, value) in [
        ("domains", "\"com\""),
        ("domains", "\"\""),
        ("domains", "\"..\""),
        ("domains", "\"co.uk\""),
        ("domains", "\"bad host.example\""),
        ("aliases", "\"\""),
        ("aliases", "\"a\""),
    ] {
        let toml = format!(
            "[[entity]]\nname = \"Everyone Ltd\"\n{field} = [{value}]\ncategories = [\"data-broker\"]\n"
        );
        let p = write(dir.path(), "e.toml", toml.as_bytes());
        let out = saydo().args(["vocab", "check"]).arg(&p).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{field} = [{value}] passed");
        assert!(
            err.contains("e.toml") && err.contains("Everyone Ltd"),
            "{err}"
        );
    }
    let ok = write(
        dir.path(),
        "ok.toml",
        b"[[entity]]\nname = \"Some Ltd\"\naliases = [\"SL\"]\ndomains = [\"some.example\"]\ncategories = [\"data-broker\"]\n",
    );
    let out = saydo().args(["vocab", "check"]).arg(&ok).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// Row 15: when every record is unusable, the counts say so.

#[test]
fn a_log_of_only_unusable_records_counts_every_one() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "bad.csv",
        b"recipient,date,records\n,2020-01-01,1\nAcxiom,yesterday,1\nAcxiom,2020-01-01,lots\n\"Acxiom,2020-01-01,1\n",
    );
    let jsonl = write(
        dir.path(),
        "bad.jsonl",
        b"{\"recipient\": \"\"}\n[1,2]\nnot json\n{\"recipient\": \"A\", \"recipient\": \"B\"}\n",
    );
    let har = write(
        dir.path(),
        "bad.har",
        &har_with(&[
            get(Value::from("data:image/png;base64,AAAA")),
            get(Value::from(12345)),
        ]),
    );
    for (p, n) in [(csv, 4), (jsonl, 4), (har, 2)] {
        let (code, v, _) = flows(&[p.to_str().unwrap()]);
        // A log that gave no evidence is an input error (exit 2), never a clean run.
        assert_eq!(code, Some(2), "{p:?}");
        let input = &v["inputs"][0];
        assert_eq!(
            (input["read"].as_u64(), input["skipped"].as_u64()),
            (Some(n), Some(n)),
            "{p:?}"
        );
        assert_eq!(input["used"], 0);
        assert_eq!(skips(&v).len() as u64, n);
        assert!(v["flows"].as_array().unwrap().is_empty());
    }
}

// Row 17: malformed values are refused, duplicates reported, odd URLs not flows.

#[test]
fn malformed_dates_and_counts_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "v.csv",
        "recipient,date,records\n\
Acxiom,-2020-01-01,1\n\
Acxiom,2020-01-01 junk,1\n\
Acxiom,2020-01-01T25:00:00Z,1\n\
Acxiom,2020-01-01T10:00:00+99:00,1\n\
Acxiom,2020-01-01,\"1,2,3\"\n\
Acxiom,2020-01-01,\",5\"\n\
Acxiom,2020-01-01,\"1,234,567\"\n\
Acxiom,2020-01-01T10:00:00+01:00,1\n"
            .as_bytes(),
    );
    let (_, v, _) = flows(&[p.to_str().unwrap()]);
    let s: Vec<(u64, &str)> = skips(&v)
        .iter()
        .map(|(l, r)| {
            (
                *l,
                if r.starts_with("date") {
                    "date"
                } else {
                    "records"
                },
            )
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        s,
        vec![
            (2, "date"),
            (3, "date"),
            (4, "date"),
            (5, "date"),
            (6, "records"),
            (7, "records")
        ]
    );
    assert_eq!(total_records(&v), 1_234_568);
}

#[test]
fn record_sums_that_overflow_are_reported_not_saturated() {
    let dir = tempfile::tempdir().unwrap();
    let max = u64::MAX;
    let p = write(
        dir.path(),
        "o.csv",
        format!("recipient,records\nAcxiom,{max}\nAcxiom,1\n").as_bytes(),
    );
    let (_, v, _) = flows(&[p.to_str().unwrap()]);
    let s = skips(&v);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, 3);
    assert!(s[0].1.starts_with("records"), "{s:?}");
    assert_eq!(total_records(&v), max);
}

#[test]
fn duplicate_columns_and_keys_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "d.csv",
        b"recipient,records,Third party\nAcxiom,1,Experian\n",
    );
    let (code, v, stderr) = flows(&[p.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    let err = v["inputs"][0]["error"].as_str().unwrap_or_default();
    assert!(
        err.contains("Third party") && err.contains("d.csv"),
        "{err} {stderr}"
    );
    let p = write(
        dir.path(),
        "d.jsonl",
        b"{\"recipient\": \"Acxiom\", \"records\": 1}\n{\"recipient\": \"Acxiom\", \"records\": 1, \"records\": 5}\n",
    );
    let (code, v, _) = flows(&[p.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let s = skips(&v);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].0, 2);
    assert!(s[0].1.contains("records"), "{s:?}");
    assert_eq!(total_records(&v), 1);
}

#[test]
fn non_network_urls_are_skipped_and_a_bom_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut har = b"\xef\xbb\xbf".to_vec();
    har.extend(har_with(&[
        get(Value::from("https://shop.example/")),
        get(Value::from("data:text/html,<b>x</b>")),
        get(Value::from("about:blank")),
        get(Value::from("javascript:void(0)")),
        get(Value::from("blob:https://evil.example/1234")),
        get(Value::from(12345)),
        get(Value::from("https://pixel.tracker.example/p")),
    ]));
    let p = write(dir.path(), "bom.har", &har);
    let (code, v, stderr) = flows(&[p.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(v["inputs"][0]["error"], Value::Null);
    assert_eq!(v["inputs"][0]["read"], 7);
    assert_eq!(v["inputs"][0]["skipped"], 5);
    let names: Vec<&str> = v["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["recipient"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["tracker.example"]);
}

// Enormous fields, rows and URLs: read, bounded, no crash.

#[test]
fn enormous_fields_rows_and_urls_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = b"recipient,records\n".to_vec();
    csv.extend(b",".repeat(1_000_000));
    csv.extend(b"\nAcxiom,1\n");
    csv.extend(b"Acxiom,\"");
    csv.extend(b"9".repeat(2_000_000));
    csv.extend(b"\"\n");
    let p = write(dir.path(), "wide.csv", &csv);
    let (code, v, _) = flows(&[p.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_eq!(v["inputs"][0]["read"], 3);
    let s = skips(&v);
    assert_eq!(s.iter().map(|s| s.0).collect::<Vec<_>>(), vec![2, 4]);
    assert!(
        s.iter().all(|s| s.1.len() < 1000),
        "reasons quote within bounds"
    );
    let long = format!(
        "https://pixel.tracker.example/p?{}",
        "a=b&".repeat(2_500_000)
    );
    let har = write(dir.path(), "u.har", &har_with(&[get(Value::from(long))]));
    let out = saydo()
        .args(["flows", "--format", "json"])
        .arg(&har)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.len() < 100_000, "{}", out.stdout.len());
}
