//! `saydo scan`: determinism across thread counts, shards whose union is the full scan row for
//! row, resuming an interrupted output, file lists on standard input, error rows, CSV.

mod common;

use common::saydo;
use serde_json::Value;

fn scan(args: &[&str]) -> (Option<i32>, String, String) {
    let out = saydo().arg("scan").args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn policy_count() -> usize {
    let mut n = 0;
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/policies"
    ))];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn rows_are_deterministic_whatever_the_thread_count() {
    let (code, one, _) = scan(&["--jobs", "1", "corpus/policies"]);
    assert_eq!(code, Some(0));
    let (_, two, stderr) = scan(&["--jobs", "2", "corpus/policies"]);
    assert_eq!(one, two);
    assert_eq!(one.lines().count(), policy_count());
    assert!(
        stderr.contains(&format!("scanned {} policies", policy_count())),
        "{stderr}"
    );
    let rows: Vec<Value> = one
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "walk order is sorted");
    let political = rows
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .unwrap()
                .ends_with("political-explicit.md")
        })
        .unwrap();
    assert_eq!(political["discloses_political"], true);
    let emma = rows
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with("emmas-club.md"))
        .unwrap();
    assert_eq!(emma["discloses_political"], false);
    assert_eq!(emma["children"], true);
    assert_eq!(emma["service"], "policies");
    assert!(emma["vocab_version"].as_str().unwrap().starts_with("2026."));
}

#[test]
fn the_union_of_the_shards_is_the_full_scan_row_for_row() {
    let (_, full, _) = scan(&["corpus/policies"]);
    let mut union: Vec<String> = Vec::new();
    let mut sizes = Vec::new();
    for k in 0..3 {
        let shard = format!("{k}/3");
        let (code, rows, _) = scan(&["--shard", &shard, "corpus/policies"]);
        assert_eq!(code, Some(0));
        sizes.push(rows.lines().count());
        union.extend(rows.lines().map(str::to_string));
    }
    let mut full: Vec<String> = full.lines().map(str::to_string).collect();
    full.sort();
    union.sort();
    assert_eq!(union, full);
    assert!(
        sizes.iter().all(|&s| s > 0),
        "every shard has work: {sizes:?}"
    );
    let (code, _, stderr) = scan(&["--shard", "3/3", "corpus/policies"]);
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn resume_skips_what_is_done_and_repairs_a_cut_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rows.jsonl");
    let (_, full, _) = scan(&["corpus/policies"]);
    let lines: Vec<&str> = full.lines().collect();
    // An interrupted run: five rows, then half a row.
    let partial = format!("{}\n{}", lines[..5].join("\n"), &lines[5][..20]);
    std::fs::write(&out, partial).unwrap();
    let (code, _, stderr) = scan(&["--resume", "-o", out.to_str().unwrap(), "corpus/policies"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("scanned {} policies", lines.len() - 5)),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), full);
    // CSV: the header is written once.
    let csv = dir.path().join("rows.csv");
    let (_, _, _) = scan(&[
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
        "corpus/policies/bank.md",
    ]);
    let (_, _, _) = scan(&[
        "--format",
        "csv",
        "--resume",
        "-o",
        csv.to_str().unwrap(),
        "corpus/policies",
    ]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.matches("path,service,document").count(), 1);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(rdr.records().count(), policy_count());
}

#[test]
fn file_lists_from_stdin_and_error_rows() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("Broken Service").join("Privacy Policy.md");
    std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
    std::fs::write(&bad, b"\x00\x01binary\x00").unwrap();
    std::fs::write(dir.path().join("notes.pdf"), b"%PDF").unwrap();
    let list = format!(
        "corpus/policies/bank.md\n# a comment\n\n{}\n",
        bad.display()
    );
    let out = saydo()
        .args(["scan", "--files-from", "-"])
        .write_stdin(list)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "error rows do not stop the scan"
    );
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["error"].is_null());
    assert!(
        rows[1]["error"].as_str().unwrap().contains("binary"),
        "{}",
        rows[1]
    );
    assert_eq!(rows[1]["service"], Value::Null);
    let (_, rows, stderr) = scan(&[dir.path().to_str().unwrap()]);
    assert_eq!(rows.lines().count(), 1);
    assert!(
        stderr.contains("1 could not be read") && stderr.contains("1 other files passed over"),
        "{stderr}"
    );
}

#[test]
fn the_sentence_cache_changes_no_row_and_a_bad_setting_is_refused() {
    // corpus/ holds a policy's dated versions and cases that repeat policies' sentences, so the
    // cache is hit; debug builds also check each hit against a fresh analysis.
    let run = |setting: Option<&str>| {
        let mut c = saydo();
        c.args(["scan", "--jobs", "1", "corpus"]);
        if let Some(s) = setting {
            c.env("SAYDO_SENTENCE_CACHE", s);
        }
        let out = c.output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, cached) = run(None);
    assert_eq!(code, Some(0));
    assert!(cached.lines().count() > 20, "{cached}");
    assert_eq!(run(Some("0")), (Some(0), cached.clone()));
    assert_eq!(run(Some("1")), (Some(0), cached));

    let out = saydo()
        .args(["scan", "corpus"])
        .env("SAYDO_SENTENCE_CACHE", "lots")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SAYDO_SENTENCE_CACHE=lots") && err.contains("MiB"),
        "{err}"
    );
}

#[test]
fn rows_say_whether_a_policy_reads_as_english_and_the_summary_counts_only_those() {
    let dir = tempfile::tempdir().unwrap();
    let write = |service: &str, text: &str| {
        let p = dir.path().join(service).join("Privacy Policy.md");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "Bank",
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/policies/bank.md"
        ))
        .unwrap(),
    );
    write(
        "Club Bebe",
        "# Politique de confidentialité\n\nNous pouvons partager vos coordonnées avec des \
         sociétés partenaires sélectionnées à des fins de marketing. Nous ne vendons jamais vos \
         données à des tiers sans votre consentement. Vous pouvez à tout moment demander \
         l'accès à vos données, leur rectification ou leur suppression en écrivant à notre \
         délégué à la protection des données.\n",
    );
    write(
        "Stub",
        "Please enable JavaScript in your browser to view the content.\n",
    );
    let path = dir.path().to_str().unwrap();
    let (code, out, err) = scan(&[path, "--summary"]);
    assert_eq!(code, Some(0), "{err}");
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let english: Vec<(&str, Value)> = rows
        .iter()
        .map(|r| (r["service"].as_str().unwrap(), r["english"].clone()))
        .collect();
    assert_eq!(
        english,
        [
            ("Bank", Value::Bool(true)),
            ("Club Bebe", Value::Bool(false)),
            ("Stub", Value::Null)
        ]
    );
    assert!(
        err.contains("3 policies read")
            && err.contains("shares of the 1 in English; left out: 1 not in English, 1 too short"),
        "{err}"
    );
    let (_, csv, _) = scan(&[path, "--format", "csv"]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let column = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "english")
        .expect("an english column");
    let cells: Vec<String> = rdr
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .collect();
    assert_eq!(cells, ["true", "false", ""]);
}

#[test]
fn resume_refuses_a_file_written_with_other_columns_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rows.csv");
    // The header of a saydo from before the `english` column.
    let old = "path,service,document,bytes,words,sentences,declarations,affirmed,negated,recipients_affirmed,recipients_denied,purposes,data,discloses_political,sells_data,mentions_data_brokers,children,special_categories,vocab_version,error,schema_version\n";
    std::fs::write(&out, old).unwrap();
    let (code, _, err) = scan(&[
        "corpus/policies",
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
        "--resume",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("rows.csv") && err.contains("cannot resume") && err.contains("english"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), old);
}
