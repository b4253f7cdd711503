//! Issue 18, items 7 and 14 to 17: policy folders and their citations, merged vocabulary
//! files, git dates, empty scans, and the command line's conventions (help, short flags, one
//! form for operating-system errors).

use std::path::Path;
use std::process::Command;

fn saydo() -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("saydo"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .args(["--color", "never"]);
    c
}

/// (exit code, stdout, stderr)
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = saydo().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const LEDGER: &str = "corpus/logs/emmas-club-ledger.csv";

// Item 7: policy folders.

#[test]
fn a_folder_of_undated_unrelated_policies_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["emmas-club.md", "bank.md", "plain-notice.txt"] {
        std::fs::copy(
            Path::new("corpus/policies").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    let (code, stdout, stderr) = run(&["check", "--policy", s(dir.path()), "--log", LEDGER]);
    assert_eq!(code, Some(2), "{stdout}\n{stderr}");
    assert!(
        stdout.is_empty(),
        "no report from a merged corpus: {stdout}"
    );
    assert!(
        stderr.contains(s(dir.path()))
            && stderr.contains("3 policy files and none named by date")
            && stderr.contains("bank.md")
            && stderr.contains("YYYY-MM-DD"),
        "{stderr}"
    );

    // One undated file in a folder is one policy: nothing to confuse.
    let one = tempfile::tempdir().unwrap();
    std::fs::copy(
        "corpus/policies/emmas-club.md",
        one.path().join("emmas-club.md"),
    )
    .unwrap();
    let (code, _, stderr) = run(&["check", "--policy", s(one.path()), "--log", LEDGER]);
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn undated_files_beside_dated_versions_are_in_force_before_the_first_version_too() {
    // The issue's case: corpus/policies holds undated policies and a dated subfolder. The
    // README says undated files are in force throughout, so a 2016 flow is judged against
    // them, not found with "no policy in force".
    let (code, stdout, stderr) = run(&[
        "check",
        "--policy",
        "corpus/policies",
        "--log",
        LEDGER,
        "--format",
        "json",
    ]);
    assert_ne!(code, Some(2), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let early: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["first_seen"].as_str() < Some("2017-01-01"))
        .collect();
    assert_eq!(early.len(), 1, "{stdout}");
    let f = early[0];
    assert_ne!(f["verdict"], "omitted", "{f}");
    assert!(
        !f["policy_evidence"].as_array().unwrap().is_empty(),
        "judged against the undated files: {f}"
    );
    let notes = f["notes"].to_string();
    assert!(
        notes.contains("in force throughout") && !notes.contains("no policy version"),
        "{notes}"
    );

    // The text table no longer says "no policy in force".
    let (_, text, _) = run(&["check", "--policy", "corpus/policies", "--log", LEDGER]);
    assert!(!text.contains("no policy in force"), "{text}");
}

#[test]
fn with_several_policy_files_every_citation_names_its_file() {
    let (_, text, stderr) = run(&["check", "--policy", "corpus/policies", "--log", LEDGER]);
    // The POLICY SAYS column: "(ngo-newsletter.md:27)", never "(line 27)".
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("SEVERITY"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(rows.len() >= 5, "{text}\n{stderr}");
    for row in &rows {
        assert!(!row.contains("(line "), "a line without its file: {row}");
        assert!(
            row.contains(".md:") || row.contains(".txt:") || row.contains(".html:"),
            "{row}"
        );
    }
    // The explanations quote "FILE line N", not "line N".
    // (Prose is wrapped: read it with its line breaks undone.)
    let prose = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut explained = 0;
    for (at, _) in prose.match_indices("both allows and denies it:") {
        let after: String = prose[at..].chars().take(120).collect();
        assert!(
            after.contains("corpus/policies/") && !after.contains(": line "),
            "{after}"
        );
        explained += 1;
    }
    assert!(explained > 0, "{text}");
    // Markdown, HTML, CSV and JSON evidence carry the file.
    for format in ["md", "html", "csv", "json"] {
        let (_, out, _) = run(&[
            "check",
            "--policy",
            "corpus/policies",
            "--log",
            LEDGER,
            "--format",
            format,
        ]);
        assert!(
            out.contains("corpus/policies/ngo-newsletter.md")
                && out.contains("corpus/policies/political-added-later/2017-01-01.md"),
            "{format}"
        );
    }

    // With one policy file, the header names it and the citation stays short.
    let (_, text, _) = run(&[
        "check",
        "--policy",
        "corpus/policies/emmas-club.md",
        "--log",
        LEDGER,
    ]);
    assert!(
        text.contains("\"selected third parties\" (line 52)"),
        "{text}"
    );
}

// Item 14: two imported registries.

const CA: &str = r#"
[[entity]]
name = "Acme Data, Inc."
aliases = ["Acme"]
domains = ["acme-data.com"]
categories = ["data-broker"]

[[entity]]
name = "Gamma Lists Ltd"
aliases = ["GLX"]
domains = ["gamma-lists.com"]
categories = ["data-broker"]

[[entity]]
name = "Delta Direct LLC"
domains = ["delta-direct.com"]
categories = ["data-broker"]
"#;

const VT: &str = r#"
[[entity]]
name = "Acme Data Inc"
aliases = ["Acme Data Co"]
domains = ["acme-data.net"]
categories = ["data-broker", "marketing-partner"]

[[entity]]
name = "Delta, Inc."
aliases = ["Delta Direct LLC"]
domains = ["delta-direct.com"]
categories = ["data-broker"]

[[entity]]
name = "Glx Partners"
aliases = ["GLX"]
domains = ["glx-partners.com"]
categories = ["data-broker"]
"#;

#[test]
fn two_registries_naming_the_same_organisations_merge_and_report_it() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, vt) = (dir.path().join("ca.toml"), dir.path().join("vt.toml"));
    std::fs::write(&ca, CA).unwrap();
    std::fs::write(&vt, VT).unwrap();
    let (code, stdout, stderr) = run(&[
        "--vocab",
        s(&ca),
        "--vocab",
        s(&vt),
        "vocab",
        "show",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let entities = v["entities"]
        .as_array()
        .or_else(|| v["registry"].as_array())
        .expect("entities in vocab show --format json");
    let named = |n: &str| -> Vec<&serde_json::Value> {
        entities.iter().filter(|e| e["name"] == n).collect()
    };
    // Same name (but for punctuation): one entity, the union of both.
    let acme = named("Acme Data, Inc.");
    assert_eq!(acme.len(), 1, "{acme:?}");
    assert!(named("Acme Data Inc").is_empty());
    let acme = acme[0].to_string();
    for part in [
        "acme-data.com",
        "acme-data.net",
        "Acme Data Co",
        "marketing-partner",
    ] {
        assert!(acme.contains(part), "{part} in {acme}");
    }
    // Same domain: one entity, the other's name kept as an alias.
    let delta = named("Delta Direct LLC");
    assert_eq!(delta.len(), 1);
    assert!(delta[0].to_string().contains("Delta, Inc."), "{}", delta[0]);
    assert!(named("Delta, Inc.").is_empty());
    // Two different organisations claiming "GLX": both kept, the first keeps the alias.
    let gamma = named("Gamma Lists Ltd");
    let glx = named("Glx Partners");
    assert_eq!((gamma.len(), glx.len()), (1, 1));
    assert!(gamma[0]["aliases"].to_string().contains("GLX"));
    assert!(!glx[0]["aliases"].to_string().contains("GLX"));
    // A count on stderr.
    assert!(
        stderr.contains("2 organisations named again merged into one")
            && stderr.contains("1 alias claimed by two different organisations"),
        "{stderr}"
    );

    // The details with `vocab check`, which checks both files together.
    let (code, stdout, stderr) = run(&["vocab", "check", s(&ca), s(&vt)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains(
            "vt.toml:3: entity \"Acme Data Inc\" is the same organisation as \"Acme Data, Inc.\""
        ) && stdout.contains("\"Delta, Inc.\" is the same organisation as \"Delta Direct LLC\"")
            && stdout.contains("\"GLX\" also names \"Gamma Lists Ltd\"")
            && stdout.contains("3 notes above"),
        "{stdout}"
    );
    // The same order gives the same result.
    let (_, again, _) = run(&["vocab", "check", s(&ca), s(&vt)]);
    assert_eq!(stdout, again);

    // Within one file an alias clash is still an error to fix.
    let one = dir.path().join("one.toml");
    std::fs::write(&one, format!("{CA}\n[[entity]]\nname = \"Other\"\naliases = [\"GLX\"]\ndomains = [\"other-glx.com\"]\ncategories = [\"data-broker\"]\n")).unwrap();
    let (code, _, stderr) = run(&["vocab", "check", s(&one)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("already names"), "{stderr}");
}

#[test]
fn the_real_california_and_vermont_registries_imported_apart_load_together() {
    let Some(dir) = saydo::shared_data::shared_data(
        "the_real_california_and_vermont_registries_imported_apart_load_together",
        "registries",
    ) else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for state in ["ca", "vt"] {
        let toml = out.path().join(format!("{state}.toml"));
        let csv = dir.join(format!("{state}-data-brokers.csv"));
        let (code, _, stderr) = run(&[
            "vocab",
            "import",
            "broker-registry",
            s(&csv),
            "-o",
            s(&toml),
        ]);
        assert_eq!(code, Some(0), "{stderr}");
        files.push(toml);
    }
    let (code, _, stderr) = run(&[
        "--vocab",
        s(&files[0]),
        "--vocab",
        s(&files[1]),
        "vocab",
        "show",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("merged into one"), "{stderr}");
}

// Item 15: git dates.

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Saydo Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_AUTHOR_DATE")
        .env_remove("GIT_COMMITTER_DATE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn git_history_dates_versions_by_author_date_unless_told() {
    if Command::new("git").arg("--version").output().is_err() {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED: git is not installed");
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    let r = repo.path();
    git(r, &["init", "-q"]);
    std::fs::write(
        r.join("policy.md"),
        "We share your email with advertisers.\n",
    )
    .unwrap();
    git(r, &["add", "-A"]);
    // `--date` sets the author date; the committer date is now.
    git(
        r,
        &[
            "commit",
            "-q",
            "-m",
            "v1",
            "--date",
            "2019-03-01T12:00:00+00:00",
        ],
    );
    let committed = String::from_utf8(git(r, &["log", "-1", "--format=%cs"]).stdout).unwrap();
    let committed = committed.trim();
    assert_ne!(committed, "2019-03-01");

    let (code, stdout, stderr) = run(&["history", "--git", s(r), "policy.md", "-f", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["versions"][0]["date"], "2019-03-01", "{stdout}");
    assert_eq!(v["dated_by"], "author date");
    let (_, text, _) = run(&["history", "--git", s(r), "policy.md"]);
    assert!(text.contains("dated by author date"), "{text}");

    let (code, stdout, stderr) = run(&[
        "history",
        "--git",
        s(r),
        "--git-date",
        "committer",
        "policy.md",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["versions"][0]["date"], committed, "{stdout}");
    assert_eq!(v["dated_by"], "committer date");

    let (_, help, _) = run(&["history", "--help"]);
    assert!(
        help.contains("--git-date") && help.contains("author") && help.contains("committer"),
        "{help}"
    );
}

// Item 16: nothing to scan.

#[test]
fn a_scan_that_finds_no_policy_says_so_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(&["scan", s(dir.path())]);
    assert_eq!(code, Some(2), "{stdout}\n{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(&format!(
            "saydo: error: {}: no policy file found",
            dir.path().display()
        )),
        "{stderr}"
    );

    std::fs::write(dir.path().join("policy.pdf"), b"%PDF-1.4").unwrap();
    let (code, _, stderr) = run(&["scan", s(dir.path())]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("1 other file passed over"), "{stderr}");

    let list = dir.path().join("list.txt");
    std::fs::write(&list, "").unwrap();
    let (code, _, stderr) = run(&["scan", "--files-from", s(&list)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("lists no policy file"), "{stderr}");

    // A shard that gets no file is not an error: the corpus is there. Of two shards of one
    // file, one is empty.
    for shard in ["0/2", "1/2"] {
        let (code, _, stderr) = run(&["scan", "corpus/policies/emmas-club.md", "--shard", shard]);
        assert_eq!(code, Some(0), "{shard}: {stderr}");
    }
}

// Item 17: conventions.

#[test]
fn top_level_help_has_check_and_scan_examples() {
    let (code, help, _) = run(&["--help"]);
    assert_eq!(code, Some(0));
    assert!(
        help.contains("saydo check --policy corpus/policies/emmas-club.md --log corpus/logs/emmas-club-ledger.csv"),
        "{help}"
    );
    assert!(help.contains("\n  saydo scan "), "{help}");
}

#[test]
fn every_format_value_is_listed_with_its_help() {
    let (_, help, _) = run(&["check", "--help"]);
    for value in ["text:", "json:", "md:", "html:", "csv:"] {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("- {value}")))
            .unwrap_or_else(|| panic!("{value} in\n{help}"));
        assert!(line.len() > value.len() + 20, "{line}");
    }
    assert!(help.contains("-f, --format"), "{help}");
    for (cmd, values) in [
        (vec!["scan", "--help"], vec!["jsonl:", "csv:"]),
        (vec!["extract", "--help"], vec!["text:", "json:", "jsonl:"]),
        (vec!["flows", "--help"], vec!["text:", "json:", "jsonl:"]),
        (vec!["history", "--help"], vec!["text:", "json:", "md:"]),
        (vec!["vocab", "show", "--help"], vec!["text:", "json:"]),
    ] {
        let (_, help, _) = run(&cmd);
        assert!(help.contains("-f, --format"), "{cmd:?}: {help}");
        for v in values {
            assert!(help.contains(&format!("- {v} ")), "{cmd:?} {v}: {help}");
        }
    }
    let (_, help, _) = run(&["vocab", "import", "--help"]);
    for kind in ["tracker-radar:", "disconnect:", "broker-registry:"] {
        assert!(help.contains(&format!("- {kind} ")), "{kind}: {help}");
    }
}

#[test]
fn short_flags_j_and_f_work() {
    let (code, stdout, stderr) = run(&["scan", "-j", "2", "-f", "csv", "corpus/policies"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("path,"), "{stdout}");
    let (_, help, _) = run(&["scan", "--help"]);
    assert!(help.contains("-j, --jobs"), "{help}");

    let (code, stdout, stderr) = run(&[
        "check",
        "-f",
        "json",
        "--policy",
        "corpus/policies/emmas-club.md",
        "--log",
        LEDGER,
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(v["findings"].as_array().is_some_and(|f| !f.is_empty()));
}

/// `saydo: error: PATH: cannot read: REASON (os error N)`, the one form of an OS error.
fn assert_os_error(stderr: &str, path: &str, verb: &str) {
    let line = stderr
        .lines()
        .find(|l| l.contains(path))
        .unwrap_or_else(|| panic!("{path} in {stderr}"));
    let prefix = format!("saydo: error: {path}: cannot {verb}: ");
    assert!(line.starts_with(&prefix), "{line}");
    assert!(
        line.ends_with("(os error 2)") && line.contains("No such file or directory"),
        "{line}"
    );
    assert!(!line.contains(" at path "), "{line}");
}

#[test]
fn os_errors_have_one_form() {
    let (code, _, stderr) = run(&["check", "--policy", "corpus/nope.md", "--log", LEDGER]);
    assert_eq!(code, Some(2));
    assert_os_error(&stderr, "corpus/nope.md", "read");

    let (code, _, stderr) = run(&[
        "check",
        "--policy",
        "corpus/policies/emmas-club.md",
        "--log",
        "corpus/nope.csv",
    ]);
    assert_eq!(code, Some(2));
    assert_os_error(&stderr, "corpus/nope.csv", "read");

    // /proc takes no new files: the write fails with the OS's reason.
    let (code, _, stderr) = run(&[
        "check",
        "--policy",
        "corpus/policies/emmas-club.md",
        "--log",
        LEDGER,
        "-o",
        "/proc/saydo-report.txt",
    ]);
    assert_eq!(code, Some(2));
    assert_os_error(&stderr, "/proc/saydo-report.txt", "write");

    let (_, _, stderr) = run(&["scan", "corpus/nope"]);
    assert_os_error(&stderr, "corpus/nope", "read");
    let (_, _, stderr) = run(&["history", "corpus/nope.md"]);
    assert_os_error(&stderr, "corpus/nope.md", "read");
    let (_, _, stderr) = run(&["extract", "corpus/nope.md"]);
    assert_os_error(&stderr, "corpus/nope.md", "read");
    let (_, _, stderr) = run(&["flows", "corpus/nope.csv"]);
    assert_os_error(&stderr, "corpus/nope.csv", "read");
    let (_, _, stderr) = run(&["scan", "--files-from", "corpus/nope.txt"]);
    assert_os_error(&stderr, "corpus/nope.txt", "read");
}

/// The text listing names its three trees in plain English ("data", not "datas").
#[test]
fn vocab_show_names_its_trees_in_english() {
    let (code, stdout, stderr) = run(&["vocab", "show"]);
    assert_eq!(code, Some(0), "{stderr}");
    for heading in ["recipients (", "purposes (", "data ("] {
        assert!(
            stdout.lines().any(|l| l.starts_with(heading)),
            "{heading} in {stdout:.300}"
        );
    }
    assert!(!stdout.contains("datas"), "{stdout:.300}");
}
