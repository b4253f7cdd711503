//! `saydo audit` with the real Chromium against the fixture site in
//! `tests/fixtures/audit-site/`, served by a small HTTP server on 127.0.0.1. Chromium maps every
//! host name to that server (`--host-resolver-rules`), so no request leaves the machine.
//!
//! These tests need Chromium (`/usr/bin/chromium`, or `SAYDO_BROWSER`): without it they fail,
//! they do not skip (`.ci/run` installs it).

use assert_cmd::Command;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const CANARY: &str = "sam.rivera@example.net";
/// SHA-256 of the canary, as the fixture's pixel sends it.
const CANARY_SHA256: &str = "bdf2bde74230a68c6ba6df98819f2c1edbc463677d42c0ec0f37a64091976314";

fn browser() -> PathBuf {
    let p = std::env::var_os("SAYDO_BROWSER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        p.exists(),
        "{}: Chromium is needed for the audit tests (apt-get install chromium, or set SAYDO_BROWSER)",
        p.display()
    );
    p
}

/// Serves `tests/fixtures/audit-site/<host>/<path>` on a loopback port, one thread a
/// connection. Hosts without a folder (the trackers) get an empty 200; `rlcdn.com` sets a
/// cookie; `www.hanging.example` starts a page and never finishes it, `www.loop.example`
/// redirects for ever and `www.download.example` answers with a file to download.
fn serve() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || {
                    let _ = answer(stream);
                });
            }
        });
        port
    })
}

fn answer(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (mut host, mut length) = (String::new(), 0usize);
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" {
            break;
        }
        let (k, v) = h.split_once(':').unwrap_or((&h, ""));
        match k.to_ascii_lowercase().as_str() {
            "host" => host = v.trim().split(':').next().unwrap_or("").to_string(),
            "content-length" => length = v.trim().parse().unwrap_or(0),
            _ => {}
        }
    }
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    if host == "www.hanging.example" {
        stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body><p>Loading",
        )?;
        std::thread::sleep(Duration::from_secs(60));
        return Ok(());
    }
    if host == "www.loop.example" {
        return stream.write_all(
            b"HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    }
    if host == "www.download.example" {
        return stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=x.zip\r\nContent-Length: 4\r\nConnection: close\r\n\r\nPK..",
        );
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit-site");
    let clean = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(&host).join(clean.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, kind, content, extra) = match std::fs::read(&file) {
        Ok(c) if !clean.contains("..") => (
            "200 OK",
            // A service worker's script must be served as JavaScript.
            if clean.ends_with(".js") {
                "text/javascript; charset=utf-8"
            } else {
                "text/html; charset=utf-8"
            },
            c,
            String::new(),
        ),
        _ if root.join(&host).is_dir() => (
            "404 Not Found",
            "text/plain",
            b"not found".to_vec(),
            String::new(),
        ),
        _ if host.ends_with("rlcdn.com") => (
            "200 OK",
            "image/gif",
            Vec::new(),
            "Set-Cookie: rlas3=cl-1234-broker-id; Path=/; Max-Age=31536000\r\n".to_string(),
        ),
        _ => ("200 OK", "text/plain", Vec::new(), String::new()),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
        content.len()
    )?;
    stream.write_all(&content)
}

fn map_rule(port: u16) -> String {
    format!("--browser-arg=--host-resolver-rules=MAP * 127.0.0.1:{port}")
}

/// The landing page's address.
const SITE: &str = "http://www.civiclantern.example/";

struct Audit {
    dir: tempfile::TempDir,
    out: PathBuf,
    code: i32,
    stdout: String,
    stderr: String,
    seconds: f64,
}

fn audit(url: &str, extra: &[&str]) -> Audit {
    let port = serve();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("audit");
    let started = Instant::now();
    let o = Command::cargo_bin("saydo")
        .unwrap()
        .arg("audit")
        .arg(url)
        .arg("--out")
        .arg(&out)
        .arg("--browser")
        .arg(browser())
        .arg(map_rule(port))
        .args(extra)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(90))
        .output()
        .unwrap();
    Audit {
        dir,
        out,
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        seconds: started.elapsed().as_secs_f64(),
    }
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The full audit of the fixture, run once for the tests that read its folder.
fn full() -> &'static Audit {
    static FULL: OnceLock<Audit> = OnceLock::new();
    FULL.get_or_init(|| {
        audit(
            SITE,
            &[
                "--canary",
                &format!("email={CANARY}"),
                "--consent",
                "accept",
                "--pages",
                "3",
                "--wait",
                "8",
                // crypto.subtle (the pixel's hashing) needs a secure context.
                "--browser-arg=--unsafely-treat-insecure-origin-as-secure=http://www.civiclantern.example",
            ],
        )
    })
}

fn finding<'a>(report: &'a Value, recipient: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["recipient"]["name"] == recipient)
        .unwrap_or_else(|| panic!("no finding for {recipient}: {report:#}"))
}

#[test]
fn audit_finds_every_flow_with_its_organisation_and_verdict() {
    let a = full();
    eprintln!("{}\n{}\naudit took {:.1} s", a.stderr, a.stdout, a.seconds);
    // The LiveRamp and ActBlue findings are high: exit 1, as `check` would.
    assert_eq!(a.code, 1, "{}", a.stderr);
    assert!(a.seconds < 30.0, "a 3-page audit took {:.1} s", a.seconds);
    for stage in [
        "launch:", "load:", "consent:", "canary:", "pages:", "policy:", "check:",
    ] {
        assert!(
            a.stderr.contains(&format!("saydo audit: {stage}")),
            "{stage} in {}",
            a.stderr
        );
    }
    let report = json(&a.out.join("report.json"));
    assert_eq!(finding(&report, "Google Analytics")["verdict"], "clear");
    assert_eq!(finding(&report, "Facebook")["verdict"], "clear");
    let actblue = finding(&report, "ActBlue");
    assert_eq!(actblue["verdict"], "omitted");
    assert_eq!(actblue["severity"], "high");
    let liveramp = finding(&report, "LiveRamp");
    assert_eq!(liveramp["verdict"], "omitted");
    assert!(finding(&report, "Hotjar")["undisclosed"].as_bool().unwrap());
    // The text report is printed after the progress lines.
    assert!(a.stdout.contains("ActBlue"), "{}", a.stdout);
    for f in saydo_files() {
        assert!(a.out.join(f).is_file(), "{f} missing");
    }
}

fn saydo_files() -> [&'static str; 8] {
    [
        "capture.har",
        "policy.html",
        "policy.md",
        "screenshot.png",
        "report.json",
        "report.html",
        "report.txt",
        "manifest.json",
    ]
}

#[test]
fn the_typed_canary_is_caught_plain_and_hashed() {
    let a = full();
    let report = json(&a.out.join("report.json"));
    let text = report.to_string();
    let har = std::fs::read_to_string(a.out.join("capture.har")).unwrap();
    assert!(
        har.contains(CANARY_SHA256),
        "the pixel's hashed email is in the capture"
    );
    assert!(
        har.contains("sam.rivera%40example.net"),
        "the broker's plain email is in the capture"
    );
    let canary_forms = |name: &str| -> Vec<String> {
        finding(&report, name)["canaries"]
            .as_array()
            .map(|c| {
                c.iter()
                    .map(|h| h["form"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(
        canary_forms("Facebook").contains(&"sha256".to_string()),
        "{text}"
    );
    assert!(
        canary_forms("LiveRamp")
            .iter()
            .any(|f| f == "plain" || f == "url-encoded"),
        "{text}"
    );
    let manifest = json(&a.out.join("manifest.json"));
    assert_eq!(manifest["canaries_typed"][0]["kind"], "email");
}

#[test]
fn the_policy_is_found_through_the_legal_index_and_quoted() {
    let a = full();
    let manifest = json(&a.out.join("manifest.json"));
    assert_eq!(
        manifest["policy"]["url"],
        "http://www.civiclantern.example/legal/privacy-policy.html"
    );
    let md = std::fs::read_to_string(a.out.join("policy.md")).unwrap();
    let line =
        "Advertising partners such as Facebook may collect information about the pages you visit";
    assert!(md.lines().any(|l| l.starts_with(line)), "{md}");
    let report = json(&a.out.join("report.json"));
    let quoted = finding(&report, "Facebook").to_string();
    assert!(
        quoted.contains("Advertising partners such as Facebook"),
        "{quoted}"
    );
}

#[test]
fn requests_are_marked_with_their_consent_phase() {
    let a = full();
    let har = json(&a.out.join("capture.har"));
    let log = &har["log"];
    assert_eq!(log["_consent"]["action"], "accept");
    assert_eq!(log["_consent"]["clicked"], true);
    assert_eq!(log["_consent"]["button"], "Accept all");
    let entries = log["entries"].as_array().unwrap();
    let phase_of = |needle: &str| -> Vec<&str> {
        entries
            .iter()
            .filter(|e| e["request"]["url"].as_str().unwrap().contains(needle))
            .map(|e| e["_consentPhase"].as_str().unwrap_or("none"))
            .collect()
    };
    assert!(
        phase_of("rlcdn.com/709228.gif")
            .iter()
            .all(|p| *p == "before-consent")
    );
    assert!(!phase_of("ev=PageView").is_empty());
    assert!(
        phase_of("ev=PageView")
            .iter()
            .all(|p| *p == "after-consent")
    );
    assert!(entries.iter().all(|e| e["_consentPhase"].is_string()));
    // Requests of the cross-site iframe (its own target), its POST body, the WebSocket, and a
    // third party's cookie are all in the capture.
    let beacon = entries
        .iter()
        .find(|e| {
            e["request"]["url"]
                .as_str()
                .unwrap()
                .contains("actblue.com/api/track")
        })
        .expect("the iframe's beacon");
    assert_eq!(beacon["request"]["method"], "POST");
    assert!(
        beacon["request"]["postData"]["text"]
            .as_str()
            .unwrap()
            .contains("widget_view")
    );
    assert!(entries.iter().any(|e| e["_webSocket"] == true));
    assert!(entries.iter().any(|e| {
        e["response"]["cookies"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["name"] == "rlas3"))
    }));
    // The browser's own traffic is not the site's.
    assert!(!entries.iter().any(|e| {
        let u = e["request"]["url"].as_str().unwrap();
        u.contains("update.googleapis.com")
            || u.contains("/time/1/current")
            || u.contains("accounts.google.com")
    }));
}

#[test]
fn the_folder_rechecked_with_saydo_check_gives_the_same_findings() {
    let a = full();
    let o = Command::cargo_bin("saydo")
        .unwrap()
        .args(["check", "--format", "json", "--canary"])
        .arg(format!("email={CANARY}"))
        .arg("--policy")
        .arg(a.out.join("policy.md"))
        .arg("--log")
        .arg(a.out.join("capture.har"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let again: Value = serde_json::from_slice(&o.stdout).unwrap();
    let audit = json(&a.out.join("report.json"));
    let key = |r: &Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}",
                    f["recipient"]["name"], f["verdict"], f["severity"]
                )
            })
            .collect()
    };
    assert_eq!(key(&again), key(&audit));
    assert_eq!(again["findings"], audit["findings"]);
    // The manifest's digests are those of the files.
    let manifest = json(&a.out.join("manifest.json"));
    assert_eq!(manifest["complete"], true);
    let digest = manifest["files"]["capture.har"]["sha256"].as_str().unwrap();
    assert_eq!(digest.len(), 64);
    assert!(manifest["browser"].as_str().unwrap().contains('/'));
    let _ = &a.dir;
}

fn assert_fault(a: &Audit, stage: &str, words: &str) {
    assert_eq!(a.code, 2, "{}", a.stderr);
    let line = a
        .stderr
        .lines()
        .find(|l| l.starts_with("saydo: error: "))
        .unwrap_or_else(|| panic!("no error line in {}", a.stderr));
    assert!(line.contains(&format!(": {stage}: ")), "{line}");
    assert!(line.contains(words), "{line}");
    let manifest = json(&a.out.join("manifest.json"));
    assert_eq!(manifest["complete"], false);
    assert_eq!(manifest["failed_stage"], stage);
}

#[test]
fn an_unreachable_site_is_a_load_fault_with_the_evidence_kept() {
    let a = audit(
        "http://www.unreachable.example/",
        &[
            "--browser-arg=--host-resolver-rules=MAP * ~NOTFOUND",
            "--wait",
            "5",
        ],
    );
    assert_fault(
        &a,
        "load",
        "http://www.unreachable.example/: load: the site cannot be reached",
    );
    assert!(a.out.join("capture.har").is_file());
}

#[test]
fn a_missing_browser_is_a_launch_fault() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("audit");
    let o = Command::cargo_bin("saydo")
        .unwrap()
        .args(["audit", SITE, "--browser", "/nonexistent/chromium", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let a = Audit {
        out,
        code: o.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        seconds: 0.0,
        dir,
    };
    assert_fault(&a, "launch", "/nonexistent/chromium: no browser there");
}

#[test]
fn a_page_that_never_settles_is_a_load_fault() {
    let a = audit("http://www.hanging.example/", &["--wait", "3"]);
    assert_fault(&a, "load", "never settled");
    assert!(a.seconds < 20.0, "{:.1} s", a.seconds);
}

#[test]
fn a_non_empty_out_folder_is_refused_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let o = Command::cargo_bin("saydo")
        .unwrap()
        .args(["audit", SITE, "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn an_endless_redirect_and_a_download_are_load_faults() {
    let a = audit("http://www.loop.example/", &["--wait", "5"]);
    assert_fault(&a, "load", "an endless redirect");
    let har = json(&a.out.join("capture.har"));
    assert!(
        har["log"]["entries"].as_array().unwrap().len() > 10,
        "the redirects are kept"
    );
    let a = audit("http://www.download.example/", &["--wait", "5"]);
    assert_fault(&a, "load", "a download");
}

#[test]
fn without_a_policy_every_flow_is_reported_as_covered_by_none() {
    let a = audit(
        "http://www.nopolicy.example/",
        &[
            "--consent",
            "reject",
            "--pages",
            "1",
            "--wait",
            "5",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert!(
        a.stderr.contains("saydo audit: policy: none found"),
        "{}",
        a.stderr
    );
    let manifest = json(&a.out.join("manifest.json"));
    assert_eq!(manifest["policy"]["found"], false);
    assert_eq!(manifest["complete"], true);
    let report = json(&a.out.join("report.json"));
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{report:#}");
    assert!(
        findings.iter().all(|f| f["verdict"] == "omitted"),
        "{report:#}"
    );
    let har = json(&a.out.join("capture.har"));
    assert_eq!(har["log"]["_consent"]["action"], "reject");
    assert_eq!(har["log"]["_consent"]["button"], "Reject all");
    let linkedin: Vec<&Value> = har["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["request"]["url"]
                .as_str()
                .unwrap()
                .contains("linkedin.com")
        })
        .collect();
    assert!(!linkedin.is_empty());
    assert!(
        linkedin
            .iter()
            .all(|e| e["_consentPhase"] == "after-consent")
    );
    // The advertiser's pixel fired after "Reject all" was clicked: a consent finding of its own,
    // high, citing the request in the capture (issue 20 item 2).
    let consent = &finding(&report, "LinkedIn")["consent"];
    assert_eq!(consent["severity"], "high", "{report:#}");
    assert!(consent["after_reject"]["requests"].as_u64().unwrap() >= 1);
    assert!(
        consent["after_reject"]["first"]["url"]
            .as_str()
            .unwrap()
            .contains("linkedin.com"),
        "{consent:#}"
    );
    assert_eq!(report["summary"]["consent_findings"], 2, "{report:#}");
}

fn sites_run(dir: &Path, list: &str, extra: &[&str]) -> (i32, String) {
    let port = serve();
    let file = dir.join("sites.txt");
    std::fs::write(&file, list).unwrap();
    let o = Command::cargo_bin("saydo")
        .unwrap()
        .arg("audit")
        .arg("--sites")
        .arg(&file)
        .arg("--out")
        .arg(dir.join("out"))
        .arg("--browser")
        .arg(browser())
        .arg(map_rule(port))
        .args(extra)
        .timeout(Duration::from_secs(170))
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn summary_rows(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("out/summary.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn many_sites_go_into_their_own_folders_with_a_summary_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    let list = "# fixture sites\nhttp://www.civiclantern.example/\nhttp://www.nopolicy.example/\nhttp://www.loop.example/\n";
    let extra = ["--jobs", "2", "--pages", "1", "--wait", "5"];
    let (code, stderr) = sites_run(dir.path(), list, &extra);
    assert_eq!(code, 2, "one site failed: {stderr}");
    assert!(
        stderr.contains("saydo: error: http://www.loop.example/: load: an endless redirect"),
        "{stderr}"
    );
    let rows = summary_rows(dir.path());
    assert_eq!(rows.len(), 3, "{rows:?}");
    let row = |site: &str| rows.iter().find(|r| r["site"] == site).unwrap().clone();
    let civic = row("www.civiclantern.example");
    assert_eq!(civic["complete"], true);
    assert_eq!(civic["policy_found"], true);
    assert_eq!(
        civic["undisclosed_by_category"]["political-organisation"],
        1
    );
    assert_eq!(row("www.nopolicy.example")["policy_found"], false);
    assert_eq!(row("www.loop.example")["stage"], "load");
    assert!(
        dir.path()
            .join("out/www.civiclantern.example/report.json")
            .is_file()
    );
    // --resume audits again only the site that failed, and keeps the others' rows.
    let (code, stderr) = sites_run(dir.path(), list, &[&extra[..], &["--resume"]].concat());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("2 sites already complete"), "{stderr}");
    assert!(stderr.contains("1 site audited"), "{stderr}");
    assert_eq!(summary_rows(dir.path()).len(), 3);
}

/// The bar of issue 20: 20 fixture sites with `--jobs 2` in under 3 minutes, and the peak
/// memory of saydo itself (VmHWM, the browsers not included) flat from 4 sites to 20. Run with
/// `cargo test --test audit -- --ignored --nocapture` (it takes a minute and is a measurement).
#[test]
#[ignore]
fn twenty_sites_with_two_jobs() {
    let port = serve();
    let mut peaks = Vec::new();
    for n in [4, 20] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sites.txt");
        std::fs::write(&file, "http://www.civiclantern.example/\n".repeat(n)).unwrap();
        let started = Instant::now();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_saydo"))
            .args(["audit", "--jobs", "2", "--sites"])
            .arg(&file)
            .arg("--out")
            .arg(dir.path().join("out"))
            .arg("--browser")
            .arg(browser())
            .arg(map_rule(port))
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let status_file = format!("/proc/{}/status", child.id());
        let mut peak_kb = 0u64;
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if let Ok(text) = std::fs::read_to_string(&status_file)
                && let Some(kb) = text
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        let took = started.elapsed().as_secs_f64();
        eprintln!(
            "{n} sites, --jobs 2: {took:.1} s, saydo peak RSS {} MiB",
            peak_kb / 1024
        );
        assert_eq!(status.code(), Some(1));
        assert_eq!(summary_rows(dir.path()).len(), n);
        if n == 20 {
            assert!(took < 180.0);
        }
        peaks.push(peak_kb);
    }
    assert!(
        peaks[1] < peaks[0] + peaks[0] / 4,
        "peak memory grew with the sites: {peaks:?}"
    );
}

/// `saydo audit URL [EXTRA...] --out OUT` with the test's browser and every host mapped to the
/// fixture server on `port`, to be spawned by a test that signals it.
fn audit_command(port: u16, url: &str, extra: &[&str], out: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_saydo"));
    c.args(["audit", url])
        .args(extra)
        .arg("--out")
        .arg(out)
        .arg("--browser")
        .arg(browser())
        .arg(map_rule(port));
    c
}

#[test]
fn ctrl_c_stops_the_audit_and_the_browser_with_exit_130() {
    let port = serve();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("audit");
    let mut child = audit_command(port, "http://www.hanging.example/", &["--wait", "30"], &out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the launch line, which names the browser's process id.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let pid: i32 = line
        .rsplit("pid ")
        .next()
        .and_then(|p| p.trim().trim_end_matches(')').parse().ok())
        .unwrap_or_else(|| panic!("no pid in {line:?}"));
    std::thread::sleep(Duration::from_millis(1500));
    // SAFETY: signals the child this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    assert_eq!(status.code(), Some(130), "{rest}");
    assert!(rest.contains("interrupted (Ctrl-C)"), "{rest}");
    // SAFETY: signal 0 only asks whether the process exists.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    assert!(!alive, "the browser (pid {pid}) outlived saydo");
    assert_eq!(json(&out.join("manifest.json"))["complete"], false);
}

#[test]
fn policy_given_as_a_url_or_a_file_overrides_the_search() {
    let url = "http://www.civiclantern.example/legal/privacy-policy.html";
    let a = audit(
        "http://www.nopolicy.example/",
        &["--policy", url, "--pages", "0", "--wait", "5"],
    );
    assert_eq!(a.code, 1, "{}", a.stderr);
    assert!(
        a.stderr.contains(&format!("saydo audit: policy: {url}")),
        "{}",
        a.stderr
    );
    let md = std::fs::read_to_string(a.out.join("policy.md")).unwrap();
    assert!(md.contains("# Civic Lantern Privacy Policy"), "{md}");
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/audit-site/www.civiclantern.example/legal/privacy-policy.html");
    let b = audit(
        "http://www.nopolicy.example/",
        &[
            "--policy",
            file.to_str().unwrap(),
            "--pages",
            "0",
            "--wait",
            "5",
        ],
    );
    assert_eq!(b.code, 1, "{}", b.stderr);
    assert_eq!(json(&b.out.join("manifest.json"))["policy"]["found"], true);
    // The same policy, so the same findings (their files are in other folders).
    let key = |x: &Audit| -> Vec<String> {
        json(&x.out.join("report.json"))["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {} {} {}",
                    f["recipient"]["name"], f["verdict"], f["severity"], f["explanation"]
                )
            })
            .collect()
    };
    assert_eq!(key(&a), key(&b));
    assert_eq!(
        key(&a).len(),
        1,
        "the policy page's own requests are not the audited site's"
    );
}

/// A run killed with SIGKILL cannot clean up: the browser dies with it (PDEATHSIG) but its
/// temporary profile (cookies and cache of the audited site) stays, and the next run removes it.
#[test]
fn a_profile_left_by_a_killed_run_is_removed_by_the_next_run() {
    let port = serve();
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let profiles = |tmp: &Path| -> Vec<String> {
        std::fs::read_dir(tmp)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("saydo-audit-profile-"))
            .collect()
    };
    let mut child = audit_command(
        port,
        "http://www.hanging.example/",
        &["--wait", "30"],
        &dir.path().join("killed"),
    )
    .env("TMPDIR", &tmp)
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    std::thread::sleep(Duration::from_millis(1000));
    // SAFETY: signals the child this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    child.wait().unwrap();
    let left = profiles(&tmp);
    assert_eq!(left.len(), 1, "SIGKILL should leave the profile: {left:?}");
    let next = audit_command(
        port,
        "http://www.nopolicy.example/",
        &["--pages", "0", "--wait", "3"],
        &dir.path().join("next"),
    )
    .env("TMPDIR", &tmp)
    .output()
    .unwrap();
    assert!(
        next.status.code().is_some(),
        "{}",
        String::from_utf8_lossy(&next.stderr)
    );
    let after = profiles(&tmp);
    assert!(
        !after.contains(&left[0]),
        "the killed run's profile is still there: {after:?}"
    );
    assert!(
        after.is_empty(),
        "the next run left its own profile: {after:?}"
    );
}

/// The audit of `www.harbourfund.example`: a newsletter form and the consent banner each in a
/// cross-site frame of their own (their own renderer and DevTools target), and a service
/// worker that sends a request of its own. Run once for the tests that read its folder.
fn harbour() -> &'static Audit {
    static HARBOUR: OnceLock<Audit> = OnceLock::new();
    HARBOUR.get_or_init(|| {
        audit(
            "http://www.harbourfund.example/",
            &[
                "--canary",
                &format!("email={CANARY}"),
                "--canary",
                "name=Samantha Rivera",
                "--consent",
                "accept",
                "--pages",
                "0",
                "--wait",
                "6",
                "--fail-on",
                "never",
                // A service worker needs a secure context.
                "--browser-arg=--unsafely-treat-insecure-origin-as-secure=http://www.harbourfund.example",
            ],
        )
    })
}

fn har_of(a: &Audit) -> Value {
    json(&a.out.join("capture.har"))
}

fn entries_to<'a>(har: &'a Value, needle: &str) -> Vec<&'a Value> {
    har["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["request"]["url"].as_str().unwrap().contains(needle))
        .collect()
}

#[test]
fn a_canary_is_typed_into_a_cross_site_frame_and_caught_in_its_request() {
    let a = harbour();
    eprintln!("{}\naudit took {:.1} s", a.stderr, a.seconds);
    assert_eq!(a.code, 0, "{}", a.stderr);
    let manifest = json(&a.out.join("manifest.json"));
    // No frame was skipped.
    assert_eq!(
        manifest["notes"].as_array().unwrap().len(),
        0,
        "{manifest:#}"
    );
    let typed = manifest["canaries_typed"].as_array().unwrap();
    assert_eq!(typed.len(), 2, "{manifest:#}");
    let frame_of = |kind: &str| -> &Value {
        &typed
            .iter()
            .find(|t| t["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} field typed into: {manifest:#}"))["frame"]
    };
    // A cross-site frame (its own renderer and target), and a frame of another origin on the
    // site itself (in the page's renderer).
    assert_eq!(
        frame_of("email"),
        "http://harbourfund.us1.list-manage.com/subscribe/embed"
    );
    assert_eq!(
        frame_of("name"),
        "http://giving.harbourfund.example/giftaid.html"
    );
    let har = har_of(a);
    let criteo = entries_to(&har, "sslwidget.criteo.com/event");
    assert!(
        criteo.iter().any(|e| e["request"]["url"]
            .as_str()
            .unwrap()
            .contains("fn=Samantha%20Rivera")),
        "{}{criteo:#?}",
        a.stderr
    );
    let sent = entries_to(&har, "a.klaviyo.com/api/identify");
    assert!(!sent.is_empty(), "the frame's request: {har:#}");
    assert!(sent.iter().all(|e| e["_target"] == "iframe"), "{sent:#?}");
    assert!(
        sent[0]["request"]["url"]
            .as_str()
            .unwrap()
            .contains("sam.rivera%40example.net")
    );
    let report = json(&a.out.join("report.json"));
    let forms: Vec<&str> = finding(&report, "Klaviyo")["canaries"]
        .as_array()
        .unwrap_or_else(|| panic!("no canary for Klaviyo: {report:#}"))
        .iter()
        .map(|c| c["form"].as_str().unwrap())
        .collect();
    assert!(
        forms.iter().any(|f| *f == "url-encoded" || *f == "plain"),
        "{forms:?}"
    );
}

#[test]
fn a_consent_banner_in_a_cross_site_frame_is_clicked_and_phases_follow() {
    let a = harbour();
    let har = json(&a.out.join("capture.har"));
    let consent = &har["log"]["_consent"];
    assert_eq!(consent["action"], "accept", "{}", a.stderr);
    assert_eq!(consent["clicked"], true, "{}", a.stderr);
    assert_eq!(consent["button"], "Allow all");
    assert_eq!(consent["frame"], "http://consent.cookiebot.com/banner.html");
    assert!(
        a.stderr.contains(
            "clicked \"Allow all\" (accept) in the frame http://consent.cookiebot.com/banner.html"
        ),
        "{}",
        a.stderr
    );
    let phases = |needle: &str| -> Vec<String> {
        let found = entries_to(&har, needle);
        assert!(!found.is_empty(), "no request to {needle}");
        found
            .iter()
            .map(|e| e["_consentPhase"].as_str().unwrap_or("none").to_string())
            .collect()
    };
    // The banner itself loaded before consent; what the click caused, in the frame (its log
    // of the choice) and in the page (the pixel it then loads), is after it.
    assert!(
        phases("cookiebot.com/banner.html")
            .iter()
            .all(|p| p == "before-consent")
    );
    assert!(
        phases("cookiebot.com/logconsent")
            .iter()
            .all(|p| p == "after-consent")
    );
    assert!(
        phases("px.ads.linkedin.com")
            .iter()
            .all(|p| p == "after-consent")
    );
    let report = json(&a.out.join("report.json"));
    assert!(
        finding(&report, "LinkedIn").get("consent").is_none()
            || finding(&report, "LinkedIn")["consent"]["before_consent"].is_null(),
        "the pixel came after an accept: {report:#}"
    );
}

#[test]
fn a_service_worker_request_is_captured_as_a_flow() {
    let a = harbour();
    let har = json(&a.out.join("capture.har"));
    let sw = entries_to(&har, "ct.pinterest.com/v3/");
    assert!(!sw.is_empty(), "{}", a.stderr);
    assert!(
        sw.iter().all(|e| e["_target"] == "service_worker"),
        "{sw:#?}"
    );
    let report = json(&a.out.join("report.json"));
    finding(&report, "Pinterest");
}

/// A cross-site widget whose renderer runs out of memory and crashes (the browser is started
/// with a small JavaScript heap so that this comes quickly): the audit goes on, keeps the
/// page's evidence, and says what happened in the manifest.
#[test]
fn a_frame_whose_renderer_crashes_does_not_stop_the_audit() {
    let a = audit(
        "http://www.quaysidegym.example/",
        &[
            "--canary",
            &format!("email={CANARY}"),
            "--consent",
            "accept",
            "--pages",
            "0",
            "--wait",
            "6",
            "--fail-on",
            "never",
            "--browser-arg=--js-flags=--max-old-space-size=16",
        ],
    );
    eprintln!("{}\naudit took {:.1} s", a.stderr, a.seconds);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert!(a.seconds < 30.0, "{:.1} s", a.seconds);
    let manifest = json(&a.out.join("manifest.json"));
    assert_eq!(manifest["complete"], true, "{manifest:#}");
    let notes = manifest["notes"].to_string();
    assert!(
        notes.contains("warning: the renderer of the frame http://widget.crashlab.example/timetable.html crashed"),
        "{manifest:#}"
    );
    let har = json(&a.out.join("capture.har"));
    // Two entries: Chromium's HSTS list upgrades the http:// request (README of the fixture).
    assert!(!entries_to(&har, "www.google-analytics.com/collect").is_empty());
    assert_eq!(
        entries_to(&har, "widget.crashlab.example/api/timetable").len(),
        1
    );
    let report = json(&a.out.join("report.json"));
    finding(&report, "Google Analytics");
}

/// An HTTPS server on a loopback port whose certificate is self-signed, generated for the test
/// with the `openssl` command (`.ci/run` installs it with Chromium); killed when dropped.
struct TlsServer {
    child: std::process::Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tls_server(host: &str) -> TlsServer {
    let dir = tempfile::tempdir().unwrap();
    let (key, cert) = (dir.path().join("key.pem"), dir.path().join("cert.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .arg("-subj")
        .arg(format!("/CN={host}"))
        .arg("-addext")
        .arg(format!("subjectAltName=DNS:{host}"))
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("the TLS test needs the `openssl` command (apt-get install openssl)");
    assert!(made.success(), "openssl could not make a certificate");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new("openssl")
        .args(["s_server", "-quiet", "-www", "-accept"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-cert")
        .arg(&cert)
        .arg("-key")
        .arg(&key)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let server = TlsServer {
        child,
        port,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "openssl s_server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

#[test]
fn a_certificate_the_browser_does_not_trust_is_a_load_fault() {
    let server = tls_server("www.selfsigned.example");
    let a = audit(
        "https://www.selfsigned.example/",
        &[
            // The later rule wins: this host goes to the TLS server.
            &format!(
                "--browser-arg=--host-resolver-rules=MAP * 127.0.0.1:{}",
                server.port
            ),
            "--wait",
            "5",
        ],
    );
    assert_fault(
        &a,
        "load",
        "https://www.selfsigned.example/: load: TLS error (net::ERR_CERT_AUTHORITY_INVALID)",
    );
    let har = json(&a.out.join("capture.har"));
    let tried = entries_to(&har, "https://www.selfsigned.example/");
    assert!(!tried.is_empty(), "the failed request is kept: {har:#}");
    assert!(
        tried[0]["_error"].as_str().unwrap_or("").contains("CERT"),
        "{:#}",
        tried[0]
    );
    // One line: the error names the URL and the stage, nothing more.
    assert_eq!(
        a.stderr.lines().filter(|l| l.contains("ERR_CERT")).count(),
        1,
        "{}",
        a.stderr
    );
}

#[test]
fn reject_in_a_consent_banner_in_a_cross_site_frame() {
    let a = audit(
        "http://www.harbourfund.example/",
        &[
            "--consent",
            "reject",
            "--pages",
            "0",
            "--wait",
            "5",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(a.code, 0, "{}", a.stderr);
    let har = har_of(&a);
    let consent = &har["log"]["_consent"];
    assert_eq!(consent["action"], "reject", "{}", a.stderr);
    assert_eq!(consent["clicked"], true, "{}", a.stderr);
    assert_eq!(consent["button"], "Deny");
    assert_eq!(consent["frame"], "http://consent.cookiebot.com/banner.html");
    let logged = entries_to(&har, "cookiebot.com/logconsent?choice=deny");
    assert!(!logged.is_empty(), "{}", a.stderr);
    assert!(logged.iter().all(|e| e["_consentPhase"] == "after-consent"));
    // The page loads its advertiser's pixel only on "allow".
    assert!(entries_to(&har, "px.ads.linkedin.com").is_empty());
}
