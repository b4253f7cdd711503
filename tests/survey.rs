//! `saydo survey` end to end: a small OpenWPM crawl database built here with the columns of
//! OpenWPM v0.31.0's `openwpm/storage/schema.sql` (site_visits, http_requests,
//! javascript_cookies, task, crawl), the same requests as HAR files named by site and as
//! `audit --sites` folders, the same flows as sharing ledgers with a `site` column
//! (`corpus/survey/ledger.csv` and `.jsonl`), and the policies in `corpus/survey/policies/`
//! (Open Terms Archive layout, one service with dated versions).

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const POLICIES: &str = "corpus/survey/policies";
/// The crawl's third-party flows as ledger rows, one site spelt as a URL, a host and a domain.
const LEDGERS: [&str; 2] = ["corpus/survey/ledger.csv", "corpus/survey/ledger.jsonl"];

/// One request of the crawl: (site_url, visit date, method, url, headers, post body).
struct Req {
    site_url: &'static str,
    visit: u32,
    date: &'static str,
    method: &'static str,
    url: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: Option<&'static str>,
}

const LANTERN: &str = "https://www.dailylantern.example/";
const HARBOR: &str = "https://harborhealth.example/";
const QUIET: &str = "https://www.quietbooks.example/";
const NOPOLICY: &str = "https://www.nopolicy.example/";

fn requests() -> Vec<Req> {
    let r = |site_url, visit, date, method, url, headers, body| Req {
        site_url,
        visit,
        date,
        method,
        url,
        headers,
        body,
    };
    vec![
        r(
            LANTERN,
            1,
            "2024-05-02",
            "GET",
            "https://www.dailylantern.example/",
            &[],
            None,
        ),
        r(
            LANTERN,
            1,
            "2024-05-02",
            "GET",
            "https://cdn.dailylantern.example/app.js",
            &[],
            None,
        ),
        r(
            LANTERN,
            1,
            "2024-05-02",
            "GET",
            "https://www.google-analytics.com/g/collect?v=2&tid=G-LANTERN&dl=https%3A%2F%2Fwww.dailylantern.example%2Fnews%2Fcouncil-vote&cid=123.456",
            &[(
                "Referer",
                "https://www.dailylantern.example/news/council-vote",
            )],
            None,
        ),
        r(
            LANTERN,
            1,
            "2024-05-02",
            "GET",
            "https://securepubads.g.doubleclick.net/gampad/ads?iu=/1234/lantern&correlator=77",
            &[
                ("Cookie", "IDE=AHWqTUm1"),
                (
                    "Referer",
                    "https://www.dailylantern.example/news/council-vote",
                ),
            ],
            None,
        ),
        r(
            LANTERN,
            1,
            "2024-05-02",
            "GET",
            "https://idsync.rlcdn.com/365868.gif?partner_uid=lantern-4411",
            &[],
            None,
        ),
        r(
            LANTERN,
            1,
            "2024-05-02",
            "GET",
            "https://secure.actblue.com/donate/lantern-fund?refcode=embed&amount=25",
            &[],
            None,
        ),
        // Harbor Health, visited under each policy version.
        r(
            HARBOR,
            2,
            "2023-05-10",
            "GET",
            "https://harborhealth.example/book",
            &[],
            None,
        ),
        r(
            HARBOR,
            2,
            "2023-05-10",
            "GET",
            "https://connect.facebook.net/en_US/fbevents.js",
            &[],
            None,
        ),
        r(
            HARBOR,
            2,
            "2023-05-10",
            "GET",
            "https://www.facebook.com/tr/?id=999&ev=PageView&dl=https%3A%2F%2Fharborhealth.example%2Fbook",
            &[],
            None,
        ),
        r(
            HARBOR,
            3,
            "2024-07-01",
            "GET",
            "https://www.facebook.com/tr/?id=999&ev=PageView&dl=https%3A%2F%2Fharborhealth.example%2Fbook",
            &[],
            None,
        ),
        r(
            HARBOR,
            3,
            "2024-07-01",
            "POST",
            "https://www.facebook.com/tr/",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            Some(
                "id=999&ev=Lead&ud%5Bem%5D=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ),
        ),
        r(
            QUIET,
            4,
            "2024-05-03",
            "GET",
            "https://www.quietbooks.example/",
            &[],
            None,
        ),
        r(
            QUIET,
            4,
            "2024-05-03",
            "GET",
            "https://static.quietbooks.example/cover.jpg",
            &[],
            None,
        ),
        r(
            NOPOLICY,
            5,
            "2024-05-04",
            "GET",
            "https://www.google-analytics.com/g/collect?v=2&tid=G-NOPE&cid=9.9",
            &[],
            None,
        ),
    ]
}

/// The tables and columns of OpenWPM v0.31.0's SQLite schema that a crawl with the HTTP and
/// cookie instruments fills (written here, column for column).
const SCHEMA: &str = "
CREATE TABLE task (task_id INTEGER PRIMARY KEY AUTOINCREMENT, start_time DATETIME DEFAULT CURRENT_TIMESTAMP,
  manager_params TEXT NOT NULL, openwpm_version TEXT NOT NULL, browser_version TEXT NOT NULL);
CREATE TABLE crawl (browser_id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL, browser_params TEXT NOT NULL,
  start_time DATETIME DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE site_visits (visit_id INTEGER PRIMARY KEY, browser_id INTEGER NOT NULL,
  site_url VARCHAR(500) NOT NULL, site_rank INTEGER);
CREATE TABLE http_requests (id INTEGER PRIMARY KEY AUTOINCREMENT, incognito INTEGER,
  browser_id INTEGER NOT NULL, visit_id INTEGER NOT NULL, extension_session_uuid TEXT,
  event_ordinal INTEGER, window_id INTEGER, tab_id INTEGER, frame_id INTEGER, url TEXT NOT NULL,
  top_level_url TEXT, parent_frame_id INTEGER, frame_ancestors TEXT, method TEXT NOT NULL,
  referrer TEXT NOT NULL, headers TEXT NOT NULL, request_id INTEGER NOT NULL, is_XHR INTEGER,
  is_third_party_channel INTEGER, is_third_party_to_top_window INTEGER, triggering_origin TEXT,
  loading_origin TEXT, loading_href TEXT, req_call_stack TEXT, resource_type TEXT NOT NULL,
  post_body TEXT, post_body_raw TEXT, time_stamp DATETIME NOT NULL);
CREATE TABLE javascript_cookies (id INTEGER PRIMARY KEY ASC, browser_id INTEGER NOT NULL,
  visit_id INTEGER NOT NULL, extension_session_uuid TEXT, event_ordinal INTEGER, record_type TEXT,
  change_cause TEXT, expiry DATETIME, is_http_only INTEGER, is_host_only INTEGER,
  is_session INTEGER, host TEXT, is_secure INTEGER, name TEXT, path TEXT, value TEXT,
  same_site TEXT, first_party_domain TEXT, store_id STRING, time_stamp DATETIME);
";

fn headers_json(h: &[(&str, &str)]) -> String {
    let pairs: Vec<Value> = h
        .iter()
        .map(|(n, v)| Value::Array(vec![(*n).into(), (*v).into()]))
        .collect();
    Value::Array(pairs).to_string()
}

/// Builds the crawl database. Requests are written interleaved across visits (as two browsers
/// write them), so the reader must order them itself.
fn build_db(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(SCHEMA).unwrap();
    conn.execute(
        "INSERT INTO task (manager_params, openwpm_version, browser_version) VALUES ('{}', 'v0.31.0', 'Firefox 134')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO crawl (browser_id, task_id, browser_params) VALUES (1, 1, '{}')",
        [],
    )
    .unwrap();
    let reqs = requests();
    let mut visits: Vec<(u32, &str)> = reqs.iter().map(|r| (r.visit, r.site_url)).collect();
    visits.dedup();
    for (v, url) in &visits {
        conn.execute(
            "INSERT INTO site_visits (visit_id, browser_id, site_url, site_rank) VALUES (?1, 1, ?2, ?1)",
            rusqlite::params![v, url],
        )
        .unwrap();
    }
    // Even indexes first, then odd: requests of one visit are not contiguous by id.
    let order: Vec<usize> = (0..reqs.len())
        .filter(|i| i % 2 == 0)
        .chain((0..reqs.len()).filter(|i| i % 2 == 1))
        .collect();
    for i in order {
        let r = &reqs[i];
        conn.execute(
            "INSERT INTO http_requests (browser_id, visit_id, url, top_level_url, method, referrer, headers, request_id, resource_type, post_body, time_stamp)
             VALUES (1, ?1, ?2, ?3, ?4, '', ?5, ?6, 'script', ?7, ?8)",
            rusqlite::params![
                r.visit,
                r.url,
                r.site_url,
                r.method,
                headers_json(r.headers),
                i as i64,
                r.body,
                format!("{}T10:00:{:02}.000Z", r.date, i)
            ],
        )
        .unwrap();
    }
}

fn har_of(reqs: &[&Req]) -> String {
    let entries: Vec<Value> = reqs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let headers: Vec<Value> = r
                .headers
                .iter()
                .map(|(n, v)| serde_json::json!({"name": n, "value": v}))
                .collect();
            let mut req = serde_json::json!({
                "method": r.method, "url": r.url, "httpVersion": "HTTP/1.1",
                "headers": headers, "cookies": [], "queryString": [], "headersSize": -1, "bodySize": -1
            });
            if let Some(b) = r.body {
                req["postData"] = serde_json::json!({"mimeType": "application/x-www-form-urlencoded", "text": b});
            }
            serde_json::json!({
                "startedDateTime": format!("{}T10:00:{:02}.000Z", r.date, i),
                "time": 1, "request": req,
                "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
                             "content": {"size": 0, "mimeType": "text/plain"}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
                "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}
            })
        })
        .collect();
    let doc = serde_json::json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"},
        "pages": [], "entries": entries}});
    serde_json::to_string_pretty(&doc).unwrap()
}

fn host(url: &str) -> &str {
    url.split("://").nth(1).unwrap().split('/').next().unwrap()
}

/// The same requests as HAR files named by site (`www.dailylantern.example.har`), and as audit
/// folders (`<site>/capture.har` with a manifest).
fn build_hars(dir: &Path, audit: bool) {
    std::fs::create_dir_all(dir).unwrap();
    let reqs = requests();
    let mut sites: Vec<&str> = reqs.iter().map(|r| r.site_url).collect();
    sites.dedup();
    for site in sites {
        let mine: Vec<&Req> = reqs.iter().filter(|r| r.site_url == site).collect();
        let har = har_of(&mine);
        if audit {
            let d = dir.join(host(site));
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("capture.har"), har).unwrap();
            std::fs::write(
                d.join("manifest.json"),
                serde_json::json!({"url": site, "complete": true}).to_string(),
            )
            .unwrap();
        } else {
            std::fs::write(dir.join(format!("{}.har", host(site))), har).unwrap();
        }
    }
}

fn survey(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("saydo")
        .unwrap()
        .arg("survey")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn rows(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// What a row says, for comparing evidence kinds: site, service, status, recipient, verdict,
/// undisclosed, severity, policy version.
fn gist(r: &Value) -> String {
    format!(
        "{} | {} | {} | {} | {} | {} | {} | {}",
        r["site"].as_str().unwrap_or("-"),
        r["service"].as_str().unwrap_or("-"),
        r["status"].as_str().unwrap_or("-"),
        r["recipient"]["name"].as_str().unwrap_or("-"),
        r["verdict"].as_str().unwrap_or("-"),
        r["undisclosed"],
        r["severity"].as_str().unwrap_or("-"),
        r["policy_version"].as_str().unwrap_or("-"),
    )
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every row the crawl gives, in order.
const EXPECTED: [&str; 10] = [
    "dailylantern.example | Daily Lantern | finding | LiveRamp | incorrect | true | high | -",
    "dailylantern.example | Daily Lantern | finding | ActBlue | omitted | true | high | -",
    // Partly disclosed, as `check` says: the policy names cookie identifiers for advertising
    // partners, but no statement names the Referer's online activity.
    "dailylantern.example | Daily Lantern | finding | DoubleClick | vague | false | low | -",
    "dailylantern.example | Daily Lantern | finding | Google Analytics | clear | false | none | -",
    "harborhealth.example | Harbor Health | finding | Facebook | incorrect | true | medium | 2023-01-01",
    "harborhealth.example | Harbor Health | finding | Facebook | vague | false | low | 2024-06-01",
    "nopolicy.example | - | no-policy | - | - | null | - | -",
    "quietbooks.example | Quiet Books | no-flows | - | - | null | - | -",
    "- | Orphan Radio | no-evidence | - | - | null | - | -",
    "",
];

fn expected() -> Vec<String> {
    EXPECTED
        .iter()
        .filter(|e| !e.is_empty())
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn a_crawl_database_gives_every_expected_row_and_the_summary() {
    let dir = tmp();
    let db = dir.path().join("crawl-data.sqlite");
    build_db(&db);
    let out = dir.path().join("findings.jsonl");
    let sum = dir.path().join("summary.json");
    let (code, _, err) = survey(&[
        "--policies",
        POLICIES,
        "--evidence",
        path_str(&db),
        "-o",
        path_str(&out),
        "--summary",
        "--summary-json",
        path_str(&sum),
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = rows(&std::fs::read_to_string(&out).unwrap());
    let got: Vec<String> = rows.iter().map(gist).collect();
    assert_eq!(got, expected(), "{err}");
    // The fields of `check --format json` findings are all there, evidence cited by row id.
    let live = &rows[0];
    for f in [
        "recipient",
        "on_behalf_of",
        "verdict",
        "undisclosed",
        "severity",
        "policy_version",
        "purposes",
        "data",
        "records",
        "first_seen",
        "last_seen",
        "policy_evidence",
        "log_evidence",
        "explanation",
        "vocab_version",
    ] {
        assert!(live.get(f).is_some(), "{f} missing: {live}");
    }
    assert!(
        live["recipient"]["categories"][0] == "data-broker",
        "{live}"
    );
    let cited = live["log_evidence"][0]["file"].as_str().unwrap();
    assert!(cited.ends_with("crawl-data.sqlite"), "{cited}");
    assert!(live["log_evidence"][0]["entry"].as_u64().is_some());
    assert!(
        live["policy_evidence"].to_string().contains("do not sell"),
        "{live}"
    );
    // The 2024 visit's POST body was read: a hashed email went to Facebook.
    let fb = &rows[5];
    assert!(fb["data"].to_string().contains("hashed-identifier"), "{fb}");
    // The summary, with denominators.
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&sum).unwrap()).unwrap();
    assert_eq!(s["sites_surveyed"], 3);
    assert_eq!(s["sites_with_undisclosed"]["count"], 2);
    assert_eq!(s["sites_with_undisclosed"]["of"], 3);
    assert_eq!(s["sites_without_flows"]["count"], 1);
    assert_eq!(s["sites_without_policy"], 1);
    assert_eq!(s["policies_without_evidence"], 1);
    assert_eq!(s["flows"], 6);
    assert_eq!(s["undisclosed_flows"]["count"], 3);
    assert_eq!(s["by_verdict"]["clear"]["count"], 1);
    assert_eq!(s["by_verdict"]["vague"]["count"], 2);
    assert_eq!(s["by_verdict"]["vague"]["of"], 6);
    assert_eq!(s["by_verdict"]["incorrect"]["count"], 2);
    assert_eq!(s["by_verdict"]["omitted"]["count"], 1);
    let cat = |id: &str| {
        s["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["category"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} missing: {s}"))
    };
    assert_eq!(cat("data-broker")["sites_undisclosed"]["count"], 1);
    assert_eq!(cat("data-broker")["sites_undisclosed"]["of"], 3);
    assert_eq!(
        cat("political-organisation")["sites_undisclosed"]["count"],
        1
    );
    assert_eq!(cat("analytics-provider")["sites_undisclosed"]["count"], 0);
    assert_eq!(cat("analytics-provider")["sites_with_flows"]["count"], 1);
    assert_eq!(cat("social-network")["sites_undisclosed"]["count"], 1);
    let orgs: Vec<&str> = s["top_organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["organisation"].as_str().unwrap())
        .collect();
    assert_eq!(orgs, ["ActBlue", "Facebook", "LiveRamp"], "{s}");
    // The printed summary says the same.
    assert!(
        err.contains("sites with at least one undisclosed flow: 2 of 3 (66.7%)"),
        "{err}"
    );
    assert!(err.contains("political-organisation"), "{err}");
}

#[test]
fn har_files_and_audit_folders_give_the_same_rows() {
    let dir = tmp();
    let hars = dir.path().join("hars");
    let audits = dir.path().join("audits");
    build_hars(&hars, false);
    build_hars(&audits, true);
    for evidence in [&hars, &audits] {
        let (code, out, err) = survey(&["--policies", POLICIES, "--evidence", path_str(evidence)]);
        assert_eq!(code, 0, "{err}");
        let got: Vec<String> = rows(&out).iter().map(gist).collect();
        assert_eq!(got, expected(), "{}: {err}", evidence.display());
    }
}

/// The survey `base` gives the same rows with 1 and 2 jobs, and the union of its rows in 2 or
/// 3 shards is its rows.
fn same_rows_for_any_jobs_and_shards(base: &[&str]) {
    let run = |extra: &[&str]| {
        let mut a: Vec<&str> = base.to_vec();
        a.extend(extra);
        let (code, out, err) = survey(&a);
        assert_eq!(code, 0, "{err}");
        out
    };
    let one = run(&["--jobs", "1"]);
    let two = run(&["--jobs", "2"]);
    assert_eq!(one, two);
    assert!(!one.is_empty());
    for n in [2, 3] {
        let mut union: Vec<String> = Vec::new();
        for k in 0..n {
            union.extend(
                run(&["--shard", &format!("{k}/{n}")])
                    .lines()
                    .map(String::from),
            );
        }
        let mut all: Vec<String> = one.lines().map(String::from).collect();
        union.sort();
        all.sort();
        assert_eq!(union, all, "{n} shards");
    }
}

#[test]
fn any_number_of_jobs_and_the_union_of_shards_give_the_same_rows() {
    let dir = tmp();
    let db = dir.path().join("crawl.sqlite");
    build_db(&db);
    let hars = dir.path().join("hars");
    build_hars(&hars, false);
    same_rows_for_any_jobs_and_shards(&["--policies", POLICIES, "--evidence", path_str(&db)]);
    // Mixed evidence: a site in the crawl and in a HAR folder is one site with both.
    let (code, out, err) = survey(&[
        "--policies",
        POLICIES,
        "--evidence",
        path_str(&db),
        path_str(&hars),
    ]);
    assert_eq!(code, 0, "{err}");
    let mixed = rows(&out);
    assert_eq!(mixed.iter().map(gist).collect::<Vec<_>>(), expected());
    assert_eq!(mixed[0]["records"], 2, "one request in each source");
}

#[test]
fn resume_finishes_a_cut_output_and_csv_has_the_same_rows() {
    let dir = tmp();
    let db = dir.path().join("crawl.sqlite");
    build_db(&db);
    for format in ["jsonl", "csv"] {
        let full = dir.path().join(format!("full.{format}"));
        let cut = dir.path().join(format!("cut.{format}"));
        let args = |o: &Path| {
            vec![
                "--policies".to_string(),
                POLICIES.into(),
                "--evidence".into(),
                path_str(&db).into(),
                "--format".into(),
                format.into(),
                "-o".into(),
                path_str(o).into(),
            ]
        };
        let run = |a: Vec<String>| {
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let (code, _, err) = survey(&a);
            assert_eq!(code, 0, "{err}");
        };
        run(args(&full));
        let text = std::fs::read_to_string(&full).unwrap();
        // Cut in the middle of a Harbor Health row: its site is redone, the rows before kept.
        // Cut after the sites with policies are whole, and not cut at all: their policies
        // had evidence, and are not listed again as policies without.
        let cuts = [
            text.find("Harbor Health").unwrap() + 20,
            text.find("nopolicy.example").unwrap() + 20,
            text.len(),
        ];
        for at in cuts {
            std::fs::write(&cut, &text[..at]).unwrap();
            let mut a = args(&cut);
            a.push("--resume".into());
            a.push("--summary-json".into());
            let sum = dir.path().join(format!("sum-{format}.json"));
            a.push(path_str(&sum).into());
            run(a);
            assert_eq!(
                std::fs::read_to_string(&cut).unwrap(),
                text,
                "{format}, cut at {at}"
            );
            let s: Value = serde_json::from_str(&std::fs::read_to_string(&sum).unwrap()).unwrap();
            assert_eq!(
                s["sites_surveyed"], 3,
                "the summary counts the kept rows too"
            );
            assert_eq!(s["flows"], 6);
            assert_eq!(s["policies_without_evidence"], 1);
        }
        if format == "csv" {
            let mut r = csv::Reader::from_path(&full).unwrap();
            assert_eq!(r.headers().unwrap().len(), 34);
            assert_eq!(r.records().count(), expected().len());
        }
    }
}

#[test]
fn bad_inputs_are_named_and_one_site_s_problem_is_its_own_row() {
    let dir = tmp();
    let d = dir.path();
    // Not SQLite.
    let text = d.join("notes.sqlite");
    std::fs::write(&text, "site,recipient\n").unwrap();
    let (code, _, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&text)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("notes.sqlite") && err.contains("not an SQLite database"),
        "{err}"
    );
    // SQLite, but not OpenWPM's.
    let other = d.join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE songs (title TEXT);")
        .unwrap();
    let (code, _, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&other)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("other.sqlite: not an OpenWPM crawl database"),
        "{err}"
    );
    // A newer schema: the request URL column renamed.
    let newer = d.join("newer.sqlite");
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.execute_batch(&SCHEMA.replace(" url TEXT NOT NULL,", " request_url TEXT NOT NULL,"))
            .unwrap();
        c.execute(
            "INSERT INTO task (manager_params, openwpm_version, browser_version) VALUES ('{}', 'v0.40.0', 'Firefox 150')",
            [],
        )
        .unwrap();
    }
    let (code, _, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&newer)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("newer.sqlite: a newer schema")
            && err.contains("v0.40.0")
            && err.contains("no column url"),
        "{err}"
    );
    // Damaged: the header is kept, the pages after it overwritten.
    let damaged = d.join("damaged.sqlite");
    build_db(&damaged);
    let mut bytes = std::fs::read(&damaged).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0x5a;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let (code, _, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&damaged)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("damaged.sqlite") && err.contains("damaged"),
        "{err}"
    );
    // Locked by a crawl still writing.
    let locked = d.join("locked.sqlite");
    build_db(&locked);
    let holder = rusqlite::Connection::open(&locked).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE; INSERT INTO crawl (browser_id, task_id, browser_params) VALUES (9, 1, '{}');").unwrap();
    let (code, _, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&locked)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("locked.sqlite") && err.contains("locked"),
        "{err}"
    );
    drop(holder);
    // A broken capture for one site: an error row for it, the others judged.
    let hars = d.join("hars");
    build_hars(&hars, false);
    let broken = hars.join("www.dailylantern.example.har");
    let text = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, &text[..text.len() / 2]).unwrap();
    let (code, out, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&hars)]);
    assert_eq!(code, 2, "{err}");
    let found = rows(&out);
    let lantern: Vec<&Value> = found
        .iter()
        .filter(|r| r["site"] == "dailylantern.example")
        .collect();
    assert_eq!(lantern.len(), 1);
    assert_eq!(lantern[0]["status"], "error");
    let msg = lantern[0]["error"].as_str().unwrap();
    assert!(
        msg.contains("www.dailylantern.example.har") && msg.contains("cut off"),
        "{msg}"
    );
    assert!(
        found
            .iter()
            .any(|r| r["site"] == "harborhealth.example" && r["status"] == "finding")
    );
    // A policy that cannot be read: an error row naming it for its site.
    let manifest = d.join("policies.csv");
    let lantern_policy =
        std::fs::canonicalize(format!("{POLICIES}/Daily Lantern/Privacy Policy.md")).unwrap();
    std::fs::write(
        &manifest,
        format!(
            "site,policy,date,domains\ndailylantern.example,{},,\nharborhealth.example,missing/policy.md,,harborhealth.example\n",
            lantern_policy.display()
        ),
    )
    .unwrap();
    let db = d.join("crawl.sqlite");
    build_db(&db);
    let (code, out, err) = survey(&[
        "--policies",
        path_str(&manifest),
        "--evidence",
        path_str(&db),
    ]);
    assert_eq!(code, 2, "{err}");
    let found = rows(&out);
    let harbor: Vec<&Value> = found
        .iter()
        .filter(|r| r["site"] == "harborhealth.example")
        .collect();
    assert_eq!(harbor.len(), 1, "{out}");
    assert!(
        harbor[0]["error"]
            .as_str()
            .unwrap()
            .contains("missing/policy.md"),
        "{out}"
    );
    assert_eq!(
        found
            .iter()
            .filter(|r| r["site"] == "dailylantern.example" && r["status"] == "finding")
            .count(),
        4
    );
}

/// The rows a ledger of the crawl's third-party flows gives: the crawl's, but for the site
/// whose requests were all first-party, which a ledger has no row for: its policy has no
/// evidence.
fn expected_from_ledger() -> Vec<String> {
    let mut want: Vec<String> = expected()
        .into_iter()
        .filter(|r| !r.starts_with("quietbooks.example"))
        .collect();
    want.push("- | Quiet Books | no-evidence | - | - | null | - | -".into());
    want
}

#[test]
fn a_ledger_with_a_site_column_gives_the_crawl_s_rows() {
    for ledger in LEDGERS {
        let (code, out, err) = survey(&["--policies", POLICIES, "--evidence", ledger]);
        assert_eq!(code, 0, "{ledger}: {err}");
        let found = rows(&out);
        let got: Vec<String> = found.iter().map(gist).collect();
        assert_eq!(got, expected_from_ledger(), "{ledger}: {err}");
        // Each site's flows are its own: Google Analytics on the news site is one record, the
        // other site's row is not merged in.
        let ga = found
            .iter()
            .find(|r| r["recipient"]["name"] == "Google Analytics")
            .unwrap();
        assert_eq!(ga["records"], 1, "{ga}");
        assert_eq!(ga["log_evidence"][0]["file"], ledger);
        assert_eq!(
            ga["log_evidence"][0]["line"],
            if ledger.ends_with("csv") { 2 } else { 1 }
        );
        // The site spelt three ways is one site.
        assert_eq!(
            found
                .iter()
                .filter(|r| r["site"] == "dailylantern.example")
                .count(),
            4
        );
        let facebook: Vec<&Value> = found
            .iter()
            .filter(|r| r["recipient"]["name"] == "Facebook")
            .collect();
        assert_eq!(facebook[1]["records"], 2);
        assert!(
            facebook[1]["data"]
                .to_string()
                .contains("hashed-identifier"),
            "{}",
            facebook[1]
        );
        assert!(err.contains("7 rows read, 0 skipped"), "{err}");
    }
    // Beside the crawl: a site in both is one site with the evidence of both.
    let dir = tmp();
    let db = dir.path().join("crawl.sqlite");
    build_db(&db);
    let (code, out, err) = survey(&[
        "--policies",
        POLICIES,
        "--evidence",
        path_str(&db),
        LEDGERS[0],
    ]);
    assert_eq!(code, 0, "{err}");
    let mixed = rows(&out);
    assert_eq!(mixed.iter().map(gist).collect::<Vec<_>>(), expected());
    assert_eq!(mixed[0]["records"], 2, "one request and one ledger row");
    // Jobs and shards: the same rows.
    same_rows_for_any_jobs_and_shards(&["--policies", POLICIES, "--evidence", LEDGERS[1]]);
}

#[test]
fn ledger_rows_without_a_site_are_skipped_with_their_line_and_unknown_sites_listed() {
    let dir = tmp();
    let d = dir.path();
    let mut text = std::fs::read_to_string(LEDGERS[0]).unwrap();
    text.push_str(",2024-05-02,Acxiom,,1,no site\n");
    text.push_str("n/a,2024-05-02,Acxiom,,1,not a site\n");
    text.push_str("https://shop.unlisted.example/cart,2024-05-02,Criteo,,1,no policy\n");
    text.push_str("https://book.harborclinic.example/,2024-07-02,Facebook,online activity,1,manifest domain\n");
    let ledger = d.join("sites.csv");
    std::fs::write(&ledger, &text).unwrap();
    // A manifest whose domains column gives Harbor Health a second domain.
    let manifest = d.join("policies.csv");
    let abs = |p: &str| std::fs::canonicalize(format!("{POLICIES}/{p}")).unwrap();
    std::fs::write(
        &manifest,
        format!(
            "site,policy,date,domains\n\
             dailylantern.example,{},,\n\
             Harbor Health,{},2023-01-01,harborhealth.example; harborclinic.example\n\
             Harbor Health,{},2024-06-01,\n",
            abs("Daily Lantern/Privacy Policy.md").display(),
            abs("Harbor Health/2023-01-01.md").display(),
            abs("Harbor Health/2024-06-01.md").display(),
        ),
    )
    .unwrap();
    let (code, out, err) = survey(&[
        "--policies",
        path_str(&manifest),
        "--evidence",
        path_str(&ledger),
    ]);
    assert_eq!(code, 0, "{err}");
    // Skipped with their lines; every other row judged.
    assert!(
        err.contains("sites.csv:9: site: the row names no site"),
        "{err}"
    );
    assert!(
        err.contains("sites.csv:10: site: \"n/a\" is not a site"),
        "{err}"
    );
    assert!(err.contains("11 rows read, 2 skipped"), "{err}");
    let found = rows(&out);
    let got: Vec<String> = found.iter().map(gist).collect();
    assert!(
        got.contains(&"unlisted.example | - | no-policy | - | - | null | - | -".to_string()),
        "{got:#?}"
    );
    // The manifest's second domain is Harbor Health's: the clinic's row joins its flows.
    let harbor: Vec<&Value> = found
        .iter()
        .filter(|r| r["recipient"]["name"] == "Facebook")
        .collect();
    assert!(
        harbor.iter().all(|r| r["service"] == "Harbor Health"),
        "{out}"
    );
    assert_eq!(harbor.len(), 3, "{out}");
    assert!(
        harbor
            .iter()
            .any(|r| r["site"] == "harborclinic.example" && r["records"] == 1),
        "{out}"
    );
    assert!(!found.iter().any(|r| r["recipient"]["name"] == "Acxiom"));
    // A ledger without a site column is refused by name before any row.
    let plain = d.join("plain.csv");
    std::fs::write(&plain, "recipient,date\nAcxiom,2024-01-01\n").unwrap();
    let (code, out, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&plain)]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("plain.csv:1: no site column") && err.contains("saydo check"),
        "{err}"
    );
    let plain = d.join("plain.jsonl");
    std::fs::write(&plain, "{\"recipient\": \"Acxiom\"}\n").unwrap();
    let (code, _, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&plain)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("plain.jsonl: no record has a \"site\" key"),
        "{err}"
    );
}

#[test]
fn check_reads_a_ledger_with_a_site_column_as_one_file_as_before() {
    // `check` of the news site's policy against the whole ledger, in a format.
    let check = |format: &str| {
        Command::cargo_bin("saydo")
            .unwrap()
            .args(["check", "--policy"])
            .arg(format!("{POLICIES}/Daily Lantern/Privacy Policy.md"))
            .args(["--log", LEDGERS[0], "--format", format])
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let out = check("json");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    // One organisation's ledger: every row counts, Google Analytics' two sites in one flow.
    assert_eq!(doc["summary"]["records_read"], 7, "{doc}");
    let findings = doc["findings"].as_array().unwrap();
    let named: Vec<(String, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["recipient"]["name"].as_str().unwrap().to_string(),
                f["records"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            ("LiveRamp".to_string(), 1),
            ("ActBlue".to_string(), 1),
            ("Facebook".to_string(), 4),
            ("DoubleClick".to_string(), 1),
            ("Google Analytics".to_string(), 2),
        ]
    );
    // The column is not used by check, and its report says so as before.
    let out = check("text");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("ledger.csv:1: columns not used by saydo: site"),
        "{text}"
    );
}

/// Cookies the crawl's cookie instrument saw set (`javascript_cookies`, as OpenWPM v0.31.0
/// writes it): (visit, record type, host, name, time stamp).
const COOKIES: [(u32, &str, &str, &str, &str); 6] = [
    // A third party's cookie beside its request: the same flow, one more record.
    (
        1,
        "added-or-changed",
        ".doubleclick.net",
        "IDE",
        "2024-05-02T10:00:30.000Z",
    ),
    // The site's own cookie, even if an analytics script set it: no recipient.
    (
        1,
        "added-or-changed",
        ".dailylantern.example",
        "_ga",
        "2024-05-02T10:00:31.000Z",
    ),
    // A third party no request went to in the crawl: a flow of its own.
    (
        1,
        "added-or-changed",
        ".adnxs.com",
        "uuid2",
        "2024-05-02T10:00:32.000Z",
    ),
    // A deletion is not a cookie set.
    (
        1,
        "deleted",
        ".criteo.com",
        "uid",
        "2024-05-02T10:00:33.000Z",
    ),
    // The site whose requests were all first-party sets a third party's cookie.
    (
        4,
        "added-or-changed",
        "bat.bing.com",
        "MUID",
        "2024-05-03T10:00:34.000Z",
    ),
    (
        4,
        "added-or-changed",
        "www.quietbooks.example",
        "session",
        "2024-05-03T10:00:35.000Z",
    ),
];

fn add_cookies(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    for (visit, kind, host, name, at) in COOKIES {
        conn.execute(
            "INSERT INTO javascript_cookies (browser_id, visit_id, record_type, change_cause, host, name, path, value, time_stamp)
             VALUES (1, ?1, ?2, 'explicit', ?3, ?4, '/', 'v-123', ?5)",
            rusqlite::params![visit, kind, host, name, at],
        )
        .unwrap();
    }
}

#[test]
fn third_party_cookies_in_javascript_cookies_are_evidence() {
    let dir = tmp();
    let db = dir.path().join("crawl.sqlite");
    build_db(&db);
    add_cookies(&db);
    let (code, out, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&db)]);
    assert_eq!(code, 0, "{err}");
    let found = rows(&out);
    let got: Vec<String> = found.iter().map(gist).collect();
    let by = |name: &str| {
        found
            .iter()
            .find(|r| r["recipient"]["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing: {got:#?}"))
    };
    // A cookie-only third party: a flow with the cookie identifier, cited by table and row.
    let xandr = by("Xandr");
    assert_eq!(xandr["site"], "dailylantern.example");
    assert_eq!(xandr["records"], 1);
    assert_eq!(xandr["data"][0]["category"], "cookie-id", "{xandr}");
    assert_eq!(xandr["data"][0]["basis"], "cookie", "{xandr}");
    let cited = &xandr["log_evidence"][0];
    assert!(
        cited["file"]
            .as_str()
            .unwrap()
            .ends_with("crawl.sqlite:javascript_cookies"),
        "{cited}"
    );
    assert_eq!(cited["entry"], 3, "{cited}");
    // Beside its request: one flow, two records.
    assert_eq!(by("DoubleClick")["records"], 2);
    // The site with first-party requests only has a flow now, from its cookie.
    let bing = by("Microsoft Advertising");
    assert_eq!(bing["site"], "quietbooks.example");
    assert!(
        !got.iter()
            .any(|g| g.starts_with("quietbooks.example") && g.contains("no-flows")),
        "{got:#?}"
    );
    // Deleted and first-party cookies are no flows.
    assert!(!found.iter().any(|r| r["recipient"]["name"] == "Criteo"));
    assert!(
        !found
            .iter()
            .any(|r| r["recipient"]["domain"] == "dailylantern.example"),
        "{got:#?}"
    );
    // Every row the crawl gave without cookies is still there.
    for want in expected() {
        if want.starts_with("quietbooks.example") {
            continue;
        }
        assert!(got.contains(&want), "{want} missing: {got:#?}");
    }
}

#[test]
fn cookies_of_the_older_schema_and_a_crawl_without_the_table() {
    // OpenWPM v0.10 to v0.12 (`automation/DataAggregator/schema.sql`): crawl_id for
    // browser_id in every table.
    let dir = tmp();
    let old = dir.path().join("v0.10.sqlite");
    {
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.execute_batch(&SCHEMA.replace("browser_id", "crawl_id"))
            .unwrap();
        conn.execute(
            "INSERT INTO task (manager_params, openwpm_version, browser_version) VALUES ('{}', 'v0.10.0', 'Firefox 78')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO site_visits (visit_id, crawl_id, site_url, site_rank) VALUES (1, 1, ?1, 1)",
            [LANTERN],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO javascript_cookies (crawl_id, visit_id, record_type, change_cause, host, name, path, value, time_stamp)
             VALUES (1, 1, 'added-or-changed', 'explicit', '.adnxs.com', 'uuid2', '/', 'v', '2024-05-02T10:00:00.000Z')",
            [],
        )
        .unwrap();
    }
    let (code, out, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&old)]);
    assert_eq!(code, 0, "{err}");
    let got: Vec<String> = rows(&out).iter().map(gist).collect();
    assert!(
        got[0].starts_with("dailylantern.example | Daily Lantern | finding | Xandr"),
        "{got:#?}"
    );
    // Without the cookie instrument's table, the requests alone.
    let db = dir.path().join("no-cookies.sqlite");
    build_db(&db);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("DROP TABLE javascript_cookies;")
        .unwrap();
    let (code, out, err) = survey(&["--policies", POLICIES, "--evidence", path_str(&db)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(rows(&out).iter().map(gist).collect::<Vec<_>>(), expected());
}
