//! Hostile inputs and outputs (issue 17): report files readable under the umask, `-o` naming
//! an input or a symbolic link, FIFOs and devices among the inputs, input size caps, thread
//! bounds, resuming cut or damaged scan outputs, names that are not UTF-8, a scan's own
//! output in the scanned folder, logs that give no evidence, and faults: a closed or full
//! standard output, a missing output folder, Ctrl-C during `scan -o`.
//!
//! The binary is `SAYDO_TEST_BIN` when set (to check that these tests fail on an older build),
//! else the one cargo built.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    std::env::var_os("SAYDO_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| assert_cmd::cargo::cargo_bin("saydo"))
}

fn saydo() -> Command {
    let mut c = Command::new(bin());
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("SAYDO_MAX_INPUT");
    c
}

fn corpus(p: &str) -> String {
    format!("{}/corpus/{p}", env!("CARGO_MANIFEST_DIR"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs with a time limit: a hang is a failure, not a stuck test run.
fn run_within(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "still running after {limit:?} (a hang); stderr: {}",
                text(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn policy_and_ledger(dir: &Path) -> (PathBuf, PathBuf) {
    let policy = dir.join("policy.md");
    std::fs::copy(corpus("policies/emmas-club.md"), &policy).unwrap();
    let ledger = dir.join("ledger.csv");
    std::fs::copy(corpus("logs/emmas-club-ledger.csv"), &ledger).unwrap();
    (policy, ledger)
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Runs saydo under `umask 022` through a shell, as a user's login shell would.
fn under_umask_022(args: &[&str]) -> Output {
    saydo_sh("umask 022; exec \"$0\" \"$@\"", args)
}

fn saydo_sh(script: &str, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(bin())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SAYDO_MAX_INPUT")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn written_files_get_the_umask_mode_not_a_private_one() {
    let dir = tempfile::tempdir().unwrap();
    let (policy, ledger) = policy_and_ledger(dir.path());
    let report = dir.path().join("report.html");
    let out = under_umask_022(&[
        "check",
        "--policy",
        policy.to_str().unwrap(),
        "--log",
        ledger.to_str().unwrap(),
        "--format",
        "html",
        "--fail-on",
        "never",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(mode(&report), 0o644, "a report must be readable by others");
    let rows = dir.path().join("rows.jsonl");
    let out = under_umask_022(&["scan", &corpus("policies"), "-o", rows.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(mode(&rows), 0o644);
    let entities = dir.path().join("entities.toml");
    let registry = dir.path().join("brokers.csv");
    std::fs::write(&registry, "Name,Website\nAcme Data,acme-data.example\n").unwrap();
    let out = under_umask_022(&[
        "vocab",
        "import",
        "broker-registry",
        registry.to_str().unwrap(),
        "-o",
        entities.to_str().unwrap(),
    ]);
    if out.status.success() {
        assert_eq!(mode(&entities), 0o644);
    }
}

#[cfg(unix)]
#[test]
fn output_naming_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (policy, ledger) = policy_and_ledger(dir.path());
    let before = std::fs::read(&ledger).unwrap();
    let alias = dir.path().join("alias.csv");
    std::os::unix::fs::symlink(&ledger, &alias).unwrap();
    for o in [&ledger, &alias, &policy] {
        let out = saydo()
            .args(["check", "--policy"])
            .arg(&policy)
            .arg("--log")
            .arg(&ledger)
            .arg("-o")
            .arg(o)
            .output()
            .unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("also an input"), "{err}");
    }
    assert_eq!(
        std::fs::read(&ledger).unwrap(),
        before,
        "the ledger is intact"
    );
    let out = saydo()
        .arg("scan")
        .arg(&policy)
        .arg("-o")
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("also an input"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_at_the_output_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let (policy, ledger) = policy_and_ledger(dir.path());
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let real = reports.join("real.md");
    std::fs::write(&real, "old report\n").unwrap();
    let link = dir.path().join("latest.md");
    std::os::unix::fs::symlink("reports/real.md", &link).unwrap();
    let out = saydo()
        .args(["check", "--fail-on", "never", "--format", "md", "--policy"])
        .arg(&policy)
        .arg("--log")
        .arg(&ledger)
        .arg("-o")
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    let report = std::fs::read_to_string(&real).unwrap();
    assert!(report.starts_with("# What the policy says"), "{report}");
}

#[test]
fn an_output_folder_that_does_not_exist_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (policy, ledger) = policy_and_ledger(dir.path());
    let missing = dir.path().join("no-such-folder");
    let out = saydo()
        .args(["check", "--fail-on", "never", "--policy"])
        .arg(&policy)
        .arg("--log")
        .arg(&ledger)
        .arg("-o")
        .arg(missing.join("report.md"))
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no-such-folder") && err.contains("does not exist"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_scanned_folder_is_an_error_row_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(corpus("policies/bank.md"), dir.path().join("a.md")).unwrap();
    let fifo = dir.path().join("b.md");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut cmd = saydo();
    cmd.arg("scan").arg(dir.path());
    let out = run_within(cmd, Duration::from_secs(60));
    let stdout = text(&out.stdout);
    let rows: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    let err = rows[1]["error"].as_str().unwrap_or_default();
    assert!(err.contains("b.md") && err.contains("FIFO"), "{err}");
    assert!(rows[0]["error"].is_null());
}

#[cfg(unix)]
#[test]
fn a_policy_linked_to_a_device_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("policy.md");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let mut cmd = saydo();
    cmd.arg("extract").arg(&zero);
    let out = run_within(cmd, Duration::from_secs(60));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("policy.md") && err.contains("not a regular file"),
        "{err}"
    );
    let mut cmd = saydo();
    cmd.args(["check", "--policy"])
        .arg(corpus("policies/bank.md"))
        .arg("--log")
        .arg(&zero);
    let out = run_within(cmd, Duration::from_secs(60));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
}

#[cfg(unix)]
#[test]
fn endless_standard_input_stops_at_the_cap() {
    for args in [
        vec!["extract", "-"],
        vec!["check", "--policy", "corpus/policies/bank.md", "--log", "-"],
    ] {
        let mut cmd = saydo();
        cmd.args(&args)
            .env("SAYDO_MAX_INPUT", "4M")
            .stdin(std::fs::File::open("/dev/zero").unwrap());
        let out = run_within(cmd, Duration::from_secs(120));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("4 MiB input cap") && err.contains("SAYDO_MAX_INPUT"),
            "{args:?}: {err}"
        );
    }
    // A capture that never ends: an open entry list, then spaces forever.
    let out = saydo_sh(
        "{ printf '{\"log\": {\"entries\": ['; tr '\\0' ' ' < /dev/zero; } | SAYDO_MAX_INPUT=4M \"$0\" flows --log-format har -",
        &[],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("4 MiB input cap"), "{err}");
    // The flag does the same for a file, and names it.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "We share your data with advertisers. ".repeat(60_000)).unwrap();
    let out = saydo()
        .args(["extract", "--max-input-size", "1M"])
        .arg(&big)
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("big.txt") && err.contains("1 MiB input cap"),
        "{err}"
    );
}

#[test]
fn thousands_of_jobs_are_clamped() {
    let mut cmd = saydo();
    cmd.args(["scan", "--jobs", "10000"])
        .arg(corpus("policies"));
    let out = run_within(cmd, Duration::from_secs(120));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("--jobs 10000") && err.contains("256"), "{err}");
    assert_eq!(text(&out.stdout).lines().count(), 19);
}

#[test]
fn deep_nesting_fits_the_worker_stacks() {
    // 10,000 unclosed inline tags beside an ordinary policy: rayon's default 2 MiB stacks
    // overflowed on these (exit 134 for the whole scan).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("deep.html"),
        format!(
            "<p>{}We share your email with advertisers.</p>",
            "<b>".repeat(10_000)
        ),
    )
    .unwrap();
    std::fs::copy(corpus("policies/bank.md"), dir.path().join("bank.md")).unwrap();
    let out = saydo()
        .args(["scan", "--jobs", "2"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 2);
}

/// A folder of `n` policies copied from the corpus, under names that sort in copy order.
fn many_policies(dir: &Path, n: usize) {
    let sources: Vec<PathBuf> = std::fs::read_dir(corpus("policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    for i in 0..n {
        std::fs::copy(&sources[i % sources.len()], dir.join(format!("p{i:05}.md"))).unwrap();
    }
}

fn scan_to(dir: &Path, out: &Path, extra: &[&str]) -> Output {
    saydo()
        .arg("scan")
        .arg(dir)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn csv_cut_inside_a_quoted_multi_line_path_resumes_cleanly() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("d");
    std::fs::create_dir(&dir).unwrap();
    many_policies(&dir, 3);
    std::fs::copy(
        corpus("policies/bank.md"),
        dir.join("p00001\nsecond line.md"),
    )
    .unwrap();
    let full = root.path().join("full.csv");
    let out = scan_to(&dir, &full, &["--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let whole = std::fs::read(&full).unwrap();
    let at = whole
        .windows(b"p00001\nsecond".len())
        .position(|w| w == b"p00001\nsecond")
        .unwrap();
    // Cut just after the line break inside the quoted path.
    let cut = root.path().join("cut.csv");
    std::fs::write(&cut, &whole[..at + "p00001\n".len()]).unwrap();
    let out = scan_to(&dir, &cut, &["--format", "csv", "--resume"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&std::fs::read(&cut).unwrap()),
        text(&whole),
        "resumed output equals a full scan"
    );
}

#[test]
fn a_broken_json_line_in_the_middle_is_not_kept_silently() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("d");
    std::fs::create_dir(&dir).unwrap();
    many_policies(&dir, 4);
    let rows = root.path().join("rows.jsonl");
    assert!(scan_to(&dir, &rows, &[]).status.success());
    let full = std::fs::read_to_string(&rows).unwrap();
    let mut lines: Vec<&str> = full.lines().collect();
    let broken = &lines[1][..20];
    lines[1] = broken;
    lines.truncate(3);
    std::fs::write(&rows, lines.join("\n") + "\n").unwrap();
    let out = scan_to(&dir, &rows, &["--resume"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("line 2") && err.contains("cannot resume"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_each_scanned_and_resumed() {
    use std::os::unix::ffi::OsStrExt;
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("d");
    std::fs::create_dir(&dir).unwrap();
    for name in [&b"a\xff.md"[..], &b"a\xfe.md"[..]] {
        let p = dir.join(std::ffi::OsStr::from_bytes(name));
        std::fs::copy(corpus("policies/bank.md"), p).unwrap();
    }
    for format in ["jsonl", "csv"] {
        let rows = root.path().join(format!("rows.{format}"));
        assert!(scan_to(&dir, &rows, &["--format", format]).status.success());
        let full = std::fs::read_to_string(&rows).unwrap();
        assert!(
            full.contains(r"a\\xfe.md") || full.contains(r"a\xfe.md"),
            "{full}"
        );
        // Drop the last row (the \xff file sorts after \xfe) and resume: it comes back.
        let keep: Vec<&str> = full.lines().collect();
        let keep = keep[..keep.len() - 1].join("\n") + "\n";
        std::fs::write(&rows, &keep).unwrap();
        let out = scan_to(&dir, &rows, &["--format", format, "--resume"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(std::fs::read_to_string(&rows).unwrap(), full, "{format}");
    }
}

#[test]
fn a_scan_into_its_own_folder_passes_over_its_output() {
    let dir = tempfile::tempdir().unwrap();
    many_policies(dir.path(), 3);
    let rows = dir.path().join("rows.txt");
    for _ in 0..2 {
        let out = scan_to(dir.path(), &rows, &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let all = std::fs::read_to_string(&rows).unwrap();
        assert_eq!(all.lines().count(), 3, "{all}");
        assert!(!all.contains("rows.txt"), "{all}");
    }
}

const FORMATS: [&str; 5] = ["text", "json", "md", "html", "csv"];

fn check_formats(policy: &Path, logs: &[&Path]) -> Vec<(String, Output)> {
    FORMATS
        .iter()
        .map(|f| {
            let mut c = saydo();
            c.args(["check", "--format", f, "--policy"]).arg(policy);
            for l in logs {
                c.arg("--log").arg(l);
            }
            (f.to_string(), c.output().unwrap())
        })
        .collect()
}

#[test]
fn a_log_with_no_usable_record_fails_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let (policy, _) = policy_and_ledger(dir.path());
    let unusable = dir.path().join("unusable.csv");
    std::fs::write(
        &unusable,
        "recipient,date,records\n,2020-01-01,5\n,2020-01-02,7\n",
    )
    .unwrap();
    let missing = dir.path().join("missing.csv");
    for log in [&unusable, &missing] {
        let name = log.file_name().unwrap().to_str().unwrap();
        for (format, out) in check_formats(&policy, &[log]) {
            let report = text(&out.stdout);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{format}: {err}");
            // With no readable evidence at all no report is written (issue 18, item 6): the
            // error names the log.
            assert!(report.is_empty(), "{format}: {report}");
            assert!(err.contains(name), "{format} names {name}: {err}");
            assert!(
                !err.contains("the others were processed"),
                "{format}: {err}"
            );
        }
    }
}

#[test]
fn skipped_records_are_counted_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let (policy, _) = policy_and_ledger(dir.path());
    let ledger = dir.path().join("ledger.csv");
    std::fs::write(
        &ledger,
        "recipient,date,records\nExperian,2020-01-01,5\n,2020-01-02,7\n",
    )
    .unwrap();
    for (format, out) in check_formats(&policy, &[&ledger]) {
        let report = text(&out.stdout);
        let said = match format.as_str() {
            "json" => {
                let v: Value = serde_json::from_str(&report).unwrap();
                v["summary"]["records_skipped"] == 1
            }
            "csv" => report.contains("input-skipped") && report.contains("1 record skipped"),
            "md" => report.contains("1 could not be used"),
            _ => report.contains("1 skipped"),
        };
        assert!(said, "{format}: {report}");
    }
}

#[cfg(unix)]
#[test]
fn a_closed_standard_output_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    many_policies(dir.path(), 300);
    for format in ["jsonl", "csv"] {
        let out = saydo_sh(
            "\"$0\" scan --format \"$1\" \"$2\" 2>\"$3\" | head -1 >/dev/null; cat \"$3\"",
            &[
                format,
                dir.path().to_str().unwrap(),
                dir.path().join(".err").to_str().unwrap(),
            ],
        );
        let err = text(&out.stdout);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe") && !err.contains("error"),
            "{format}: {err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_full_disk_is_a_clear_error() {
    let out = saydo_sh("\"$0\" scan \"$1\" > /dev/full", &[&corpus("policies")]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("No space left"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // `-o` through a link to the device: written to directly, not replaced. (Not `-o
    // /dev/full` itself: a build without the fix would replace the device, as root.)
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("rows.jsonl");
    std::os::unix::fs::symlink("/dev/full", &link).unwrap();
    let out = saydo()
        .args(["scan", "-o"])
        .arg(&link)
        .arg(corpus("policies"))
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("rows.jsonl") && err.contains("No space left"),
        "{err}"
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_scan_leaves_a_prefix_that_resume_completes() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("d");
    std::fs::create_dir(&dir).unwrap();
    many_policies(&dir, 3000);
    let full = root.path().join("full.jsonl");
    assert!(scan_to(&dir, &full, &[]).status.success());
    let rows = root.path().join("rows.jsonl");
    let mut child = saydo()
        .arg("scan")
        .arg(&dir)
        .args(["--jobs", "1", "-o"])
        .arg(&rows)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first batch of rows in the temporary file, then press Ctrl-C.
    let start = Instant::now();
    loop {
        let written = std::fs::read_dir(root.path()).unwrap().flatten().any(|e| {
            e.file_name().to_string_lossy().ends_with(".tmp")
                && e.metadata().is_ok_and(|m| m.len() > 0)
        });
        if written {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the scan ended before it could be interrupted"
        );
        assert!(start.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(10));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("--resume"), "{err}");
    let prefix = std::fs::read_to_string(&rows).unwrap();
    let whole = std::fs::read_to_string(&full).unwrap();
    assert!(prefix.ends_with('\n') && whole.starts_with(&prefix));
    assert!(prefix.lines().count() < 3000);
    let out = scan_to(&dir, &rows, &["--resume"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&rows).unwrap(), whole);
}

/// A small tmpfs, unmounted when dropped; `None` where mounting is not allowed (not root).
#[cfg(target_os = "linux")]
struct SmallDisk {
    dir: tempfile::TempDir,
}

#[cfg(target_os = "linux")]
impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { dir })
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_disk_that_fills_leaves_whole_rows() {
    let Some(disk) = SmallDisk::mount("64k") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let src = tempfile::tempdir().unwrap();
    many_policies(src.path(), 400);
    for format in ["jsonl", "csv"] {
        // Atomic: the failed file is not left behind, and the message names it.
        let rows = disk.dir.path().join(format!("rows.{format}"));
        let out = scan_to(src.path(), &rows, &["--format", format]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("rows.") && err.contains("No space left"),
            "{err}"
        );
        assert!(!rows.exists());
        assert_eq!(std::fs::read_dir(disk.dir.path()).unwrap().count(), 0);
        // Appending (--resume): the file is cut back to whole rows, which a resume accepts.
        let out = scan_to(src.path(), &rows, &["--format", format, "--resume"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("whole rows only"), "{err}");
        let kept = std::fs::read(&rows).unwrap();
        assert!(kept.ends_with(b"\n") && kept.len() > 1000);
        if format == "jsonl" {
            for line in text(&kept).lines() {
                serde_json::from_str::<Value>(line).unwrap();
            }
        }
        std::fs::remove_file(&rows).unwrap();
    }
}

/// `survey` writes through the same code: appending to a disk that fills cuts the file back
/// to whole rows too.
#[cfg(target_os = "linux")]
#[test]
fn a_disk_that_fills_leaves_whole_survey_rows() {
    let Some(disk) = SmallDisk::mount("4k") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    for format in ["jsonl", "csv"] {
        let rows = disk.dir.path().join(format!("survey.{format}"));
        let out = saydo()
            .args(["survey", "--policies"])
            .arg(corpus("survey/policies"))
            .arg("--evidence")
            .arg(corpus("survey/ledger.csv"))
            .args(["--format", format, "--resume", "-o"])
            .arg(&rows)
            .output()
            .unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("No space left") && err.contains("whole rows only"),
            "{err}"
        );
        let kept = std::fs::read(&rows).unwrap();
        assert!(kept.is_empty() || kept.ends_with(b"\n"), "{}", text(&kept));
        if format == "jsonl" {
            for line in text(&kept).lines() {
                serde_json::from_str::<Value>(line).unwrap();
            }
        } else {
            let mut r = csv::Reader::from_reader(kept.as_slice());
            let width = r.headers().unwrap().len();
            assert!(r.records().all(|rec| rec.unwrap().len() == width));
        }
        std::fs::remove_file(&rows).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_file_list_may_come_through_a_pipe() {
    // `--files-from <(find ...)` names a pipe: a list, unlike a policy, is read from one.
    let out = saydo_sh(
        "echo \"$1\" | \"$0\" scan --files-from /dev/stdin",
        &[&corpus("policies/bank.md")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 1);
}
