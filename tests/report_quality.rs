//! Check reports a journalist can quote and read (issue 18, items 4-6 and 9-13): the statement
//! shown is the one that decided the verdict, citations span the statement's lines, a failed
//! input never reads as a clean result, files carry no colour codes, text fits the terminal,
//! the HTML page holds at phone width and in print (checked in headless Chromium), canaries are
//! reported in every format, and the text reads as publication text.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FORMATS: [&str; 5] = ["text", "json", "md", "html", "csv"];

/// The binary under test (`SAYDO_BIN` runs the same tests against another build, to show that
/// they fail on one without the fixes).
fn bin() -> PathBuf {
    std::env::var_os("SAYDO_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| assert_cmd::cargo::cargo_bin("saydo"))
}

fn saydo() -> Command {
    let mut c = Command::new(bin());
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("COLUMNS").env_remove("NO_COLOR");
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn check(args: &[&str]) -> Output {
    saydo().arg("check").args(args).output().unwrap()
}

const EMMA: [&str; 4] = [
    "--policy",
    "corpus/policies/emmas-club.md",
    "--log",
    "corpus/logs/emmas-club-ledger.csv",
];

const CAMPAIGN: [&str; 8] = [
    "--policy",
    "corpus/cases/campaign-news/policy.md",
    "--log",
    "corpus/logs/campaign-news-capture.har",
    "--site",
    "civiclantern.example",
    "--canary",
    "email=sam.rivera@example.net",
];

fn json_of(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let out = check(&a);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)))
}

// ---- item 4: a statement over two lines -------------------------------------------------

#[test]
fn a_statement_over_two_lines_is_cited_and_highlighted_on_both() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.md");
    std::fs::write(
        &policy,
        "# Privacy\n\nWe share your name and address with\ndata brokers for marketing.\n",
    )
    .unwrap();
    let ledger = dir.path().join("ledger.csv");
    std::fs::write(&ledger, "recipient,data\nExperian,name\n").unwrap();
    let args = [
        "--policy",
        policy.to_str().unwrap(),
        "--log",
        ledger.to_str().unwrap(),
    ];
    let v = json_of(&args);
    let q = &v["findings"][0]["policy_evidence"][0];
    assert_eq!(
        (q["line"].as_u64(), q["end_line"].as_u64()),
        (Some(3), Some(4)),
        "{q}"
    );

    let out = check(&args);
    assert!(
        text(&out.stdout).contains("policy.md:3-4"),
        "{}",
        text(&out.stdout)
    );
    let mut a = args.to_vec();
    a.extend(["--format", "md"]);
    assert!(text(&check(&a).stdout).contains("lines 3-4"));
    a[5] = "html";
    let html = text(&check(&a).stdout);
    for n in [3, 4] {
        assert!(
            html.contains(&format!("<div class=\"line cited\" id=\"p0-L{n}\">")),
            "line {n} highlighted: {html}"
        );
    }
    assert!(html.contains("<div class=\"line\" id=\"p0-L5\">") || !html.contains("p0-L5"));
}

// ---- item 5: the statement shown is the one that decided ----------------------------------

fn table_row<'a>(report: &'a str, recipient: &str) -> &'a str {
    report
        .lines()
        .find(|l| {
            l.split_whitespace().nth(1).is_some() && l.contains(recipient) && !l.contains('·')
        })
        .unwrap_or_else(|| panic!("no row for {recipient}: {report}"))
}

#[test]
fn an_example_kind_does_not_cover_another_kind_in_policy_says() {
    let report = text(&check(&EMMA).stdout);
    let stripe = table_row(&report, "Stripe");
    // "printing and mailing houses" is an example of "other companies": it does not disclose a
    // payment processor.
    assert!(!stripe.contains("mailing houses"), "{stripe}");
    assert!(
        stripe.contains("\"other companies\" (lines 59-60)"),
        "{stripe}"
    );
    // Mailing houses themselves are still clearly covered.
    let thameside = table_row(&report, "Thameside");
    assert!(
        thameside.contains("clear") && thameside.contains("mailing houses"),
        "{thameside}"
    );
}

#[test]
fn policy_says_is_the_deciding_statement_and_nothing_when_omitted() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.md");
    std::fs::write(&policy, "We may share your name with data brokers.\n").unwrap();
    let ledger = dir.path().join("ledger.csv");
    std::fs::write(
        &ledger,
        "recipient,on_behalf_of,data\nExperian,Labour Party,name\n",
    )
    .unwrap();
    let args = [
        "--policy",
        policy.to_str().unwrap(),
        "--log",
        ledger.to_str().unwrap(),
    ];
    // The broker is named, the party is not: the verdict (omitted) rests on no statement, so
    // the table must not show the broker's cover as what the policy says.
    let v = json_of(&args);
    let f = &v["findings"][0];
    assert_eq!(f["verdict"], "omitted", "{f}");
    assert_eq!(f["decided_by"], serde_json::json!([]), "{f}");
    let report = text(&check(&args).stdout);
    let row = table_row(&report, "Experian");
    assert!(row.trim_end().ends_with("nothing"), "{row}");
    for format in ["md", "csv"] {
        let mut a = args.to_vec();
        a.extend(["--format", format]);
        let out = text(&check(&a).stdout);
        if format == "md" {
            let row = out.lines().find(|l| l.starts_with("| 1 |")).unwrap();
            assert!(row.ends_with("| nothing |"), "{row}");
        }
    }
    // And where a statement decided, it is the one JSON names as deciding.
    let v = json_of(&EMMA);
    for f in v["findings"].as_array().unwrap() {
        let decided = &f["decided_by"][0];
        let first_line = decided["line"].as_u64().unwrap();
        assert!(
            f["policy_evidence"]
                .as_array()
                .unwrap()
                .iter()
                .any(|q| q["line"].as_u64() == Some(first_line)),
            "{f}"
        );
    }
}

// ---- issue 19 item 3: partly disclosed flows ----------------------------------------------

const COURIER: [&str; 4] = [
    "--policy",
    "corpus/cases/courier-partly-disclosed/policy.md",
    "--log",
    "corpus/cases/courier-partly-disclosed/ledger.csv",
];

#[test]
fn a_partly_disclosed_flow_says_so_and_names_the_data_in_every_format() {
    let with = |format: &str| {
        let mut a = COURIER.to_vec();
        a.extend(["--format", format, "--fail-on", "never"]);
        text(&check(&a).stdout)
    };
    // Text: the table's verdict column and the finding's heading.
    let report = with("text");
    let row = table_row(&report, "Swiftline");
    assert!(
        row.contains("low") && row.contains("partly disclosed"),
        "{row}"
    );
    assert!(
        report.contains("LOW · Swiftline Couriers Ltd · partly disclosed"),
        "{report}"
    );
    // Markdown and HTML tables.
    let md = with("md");
    let row = md.lines().find(|l| l.contains("| Swiftline")).unwrap();
    assert!(row.contains("| partly disclosed |"), "{row}");
    assert!(
        md.contains("*partly disclosed*"),
        "the method says what it means"
    );
    let html = with("html");
    assert!(
        html.contains("<td class=\"v\">partly disclosed</td>"),
        "{html}"
    );
    // CSV: the verdict stays vague; `partly` and `undisclosed_data` say the rest.
    let csv = with("csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let heads = rows.headers().unwrap().clone();
    let col = |name: &str| heads.iter().position(|h| h == name).unwrap();
    let swift = rows
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[col("recipient")] == "Swiftline Couriers Ltd")
        .unwrap();
    assert_eq!(
        (
            &swift[col("verdict")],
            &swift[col("undisclosed")],
            &swift[col("partly")],
            &swift[col("undisclosed_data")],
            &swift[col("severity")]
        ),
        ("vague", "false", "true", "name", "low")
    );
    // JSON: the summary counts partly disclosed flows apart from undisclosed ones.
    let v = json_of(&COURIER);
    assert_eq!(v["summary"]["partly"]["flows"], 1, "{}", v["summary"]);
    assert_eq!(v["summary"]["partly"]["records"], 3120);
    assert_eq!(v["summary"]["undisclosed"]["flows"], 1);
}

// ---- item 6: failed inputs ---------------------------------------------------------------

#[test]
fn no_readable_evidence_writes_no_report_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    for format in FORMATS {
        let report = dir.path().join(format!("report.{format}"));
        let out = check(&[
            "--policy",
            "corpus/policies/emmas-club.md",
            "--log",
            "missing.csv",
            "--format",
            format,
            "-o",
            report.to_str().unwrap(),
        ]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {err}");
        assert!(!report.exists(), "{format}: a report was written");
        assert!(err.contains("missing.csv"), "{err}");
        assert!(!err.contains("the others were processed"), "{err}");
        // An old report at that path is left as it was.
        std::fs::write(&report, "old").unwrap();
        let out = check(&[
            "--policy",
            "corpus/policies/emmas-club.md",
            "--log",
            "missing.csv",
            "--format",
            format,
            "-o",
            report.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(std::fs::read_to_string(&report).unwrap(), "old");
    }
}

#[test]
fn a_failed_input_is_named_with_its_reason_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "who,when\nExperian,2020-01-01\n").unwrap();
    for format in FORMATS {
        let out = check(&[
            "--policy",
            "corpus/policies/emmas-club.md",
            "--log",
            "corpus/logs/emmas-club-ledger.csv",
            "--log",
            bad.to_str().unwrap(),
            "--format",
            format,
        ]);
        let report = text(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(report.contains("bad.csv"), "{format}: {report}");
        assert!(report.contains("no recipient column"), "{format}: {report}");
        assert!(
            !report.contains("all clearly disclosed"),
            "{format}: {report}"
        );
        assert!(
            text(&out.stderr).contains("1 of 2 logs gave no evidence; the others were processed")
        );
    }
}

// ---- item 9: files get plain text -----------------------------------------------------------

#[test]
fn a_text_report_file_has_no_colour_codes_unless_always() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    let cases: [(&[&str], Option<&str>, bool); 4] = [
        (&[], None, false),
        (&["--color", "never"], None, false),
        (&[], Some("1"), false),
        (&["--color", "always"], None, true),
    ];
    for (flags, no_color, coloured) in cases {
        let mut c = saydo();
        c.args(flags).arg("check").args(EMMA).arg("-o").arg(&file);
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let written = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            written.contains('\x1b'),
            coloured,
            "{flags:?} NO_COLOR={no_color:?}: {written}"
        );
        assert!(written.contains("Experian Marketing Services"));
    }
}

// ---- item 10: text fits the terminal -------------------------------------------------------

fn over_width(report: &str, width: usize) -> Vec<String> {
    report
        .lines()
        .filter(|l| l.chars().count() > width)
        // A word longer than a line (a URL, a CSV row without spaces) has a line of its own.
        .filter(|l| l.trim().contains(' '))
        .map(str::to_string)
        .collect()
}

#[test]
fn text_fits_80_and_60_columns() {
    for args in [&EMMA[..], &CAMPAIGN[..]] {
        for width in [80, 60] {
            let out = saydo()
                .arg("check")
                .args(args)
                .env("COLUMNS", width.to_string())
                .output()
                .unwrap();
            let report = text(&out.stdout);
            let long = over_width(&report, width);
            assert!(long.is_empty(), "{width} columns: {long:#?}\n{report}");
            // Nothing is lost: every recipient and what the policy says are still there.
            assert!(report.contains("policy says") || report.contains("POLICY SAYS"));
        }
    }
    let report = text(
        &saydo()
            .arg("check")
            .args(EMMA)
            .env("COLUMNS", "80")
            .output()
            .unwrap()
            .stdout,
    );
    assert!(report.contains("Experian Marketing Services"), "{report}");
    assert!(report.contains("on behalf of Labour Party"), "{report}");
    assert!(
        report.contains("\"selected third parties\" (line 52)"),
        "{report}"
    );
}

#[test]
fn piped_text_keeps_one_table_row_per_finding_and_wraps_prose() {
    let report = text(&check(&EMMA).stdout);
    let row = table_row(&report, "Experian");
    assert!(
        row.contains("Labour Party") && row.contains("(line 52)"),
        "{row}"
    );
    let prose: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("   ") && l.chars().count() > 100 && l.trim().contains(' '))
        .collect();
    assert!(prose.is_empty(), "{prose:#?}");
}

// ---- item 12: canaries -------------------------------------------------------------------

#[test]
fn canaries_show_where_and_how_in_every_format_and_say_when_not_found() {
    let mut args = CAMPAIGN.to_vec();
    args.extend(["--canary", "phone=5551234567"]);
    for format in FORMATS {
        let mut a = args.clone();
        a.extend(["--format", format]);
        let out = check(&a);
        let report = text(&out.stdout);
        match format {
            "json" => {
                let v: Value = serde_json::from_str(&report).unwrap();
                assert_eq!(
                    v["summary"]["canaries_not_found"],
                    serde_json::json!(["phone"])
                );
                let hits: Vec<&Value> = v["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|f| f["canaries"].as_array().unwrap())
                    .collect();
                assert!(hits.iter().any(|h| h["form"] == "sha256"), "{hits:?}");
            }
            _ => {
                let flat = report.replace("\n     ", " ").replace("\n  ", " ");
                assert!(flat.contains("hashed with SHA-256"), "{format}: {report}");
                assert!(flat.contains("URL-encoded"), "{format}: {report}");
                assert!(
                    flat.contains("https://secure.actblue.com/donate/cl-democracy-fund"),
                    "{format}: the request: {report}"
                );
                assert!(
                    flat.contains("campaign-news-capture.har#entry="),
                    "{format}: {report}"
                );
                assert!(
                    flat.contains("canary phone=5551234567 was not found in any request"),
                    "{format}: {report}"
                );
            }
        }
    }
}

// ---- item 13: publication text over every corpus case and format -----------------------------

/// `saydo check` arguments for `corpus/cases/<name>/case.toml`, relative to the repository.
fn case_args(case: &Path) -> Vec<String> {
    let toml: toml::Value = toml::from_str(&std::fs::read_to_string(case).unwrap()).unwrap();
    let dir = case.parent().unwrap();
    let mut args = Vec::new();
    let list = |k: &str| -> Vec<String> {
        toml.get(k)
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    for p in list("policy") {
        args.push("--policy".into());
        args.push(dir.join(p).to_string_lossy().into_owned());
    }
    for l in list("log") {
        args.push("--log".into());
        args.push(dir.join(l).to_string_lossy().into_owned());
    }
    if let Some(s) = toml.get("site").and_then(|v| v.as_str()) {
        args.push("--site".into());
        args.push(s.into());
    }
    if let Some(a) = toml.get("app").and_then(|v| v.as_str()) {
        args.push("--app".into());
        args.push(a.into());
    }
    for c in list("canary") {
        args.push("--canary".into());
        args.push(c);
    }
    args
}

#[test]
fn every_case_in_every_format_reads_as_publication_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root.join("corpus/cases"))
        .unwrap()
        .map(|e| e.unwrap().path().join("case.toml"))
        .filter(|p| p.exists())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "{cases:?}");
    let doubled = regex::Regex::new(r#"[.!?]"[.!?]"#).unwrap();
    let plural = regex::Regex::new(r"[a-z]\(s\)").unwrap();
    let one_plural =
        regex::Regex::new(r"\b1 (records|flows|requests|levels|findings|logs)\b").unwrap();
    let mut problems = Vec::new();
    for case in &cases {
        for format in FORMATS {
            let out = saydo()
                .arg("check")
                .args(case_args(case))
                .args(["--format", format, "--fail-on", "never"])
                .output()
                .unwrap();
            let report = text(&out.stdout);
            assert!(
                !report.is_empty(),
                "{}: {format}: {}",
                case.display(),
                text(&out.stderr)
            );
            for (what, found) in [
                (
                    "a (s) plural",
                    plural.find(&report).map(|m| m.as_str().to_string()),
                ),
                (
                    "doubled punctuation",
                    doubled.find(&report).map(|m| m.as_str().to_string()),
                ),
                ("Html", report.contains("Html").then(|| "Html".into())),
                ("datas", report.contains("datas").then(|| "datas".into())),
                (
                    "1 with a plural",
                    one_plural.find(&report).map(|m| m.as_str().to_string()),
                ),
            ] {
                if let Some(f) = found {
                    problems.push(format!("{}: {format}: {what}: {f}", case.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

// ---- item 11: the HTML page in headless Chromium ------------------------------------------

fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    // Never skipped: CI installs Chromium (.ci/run); a machine without it fails here.
    assert!(
        path.exists(),
        "{} not found: install Chromium (apt-get install -y chromium) or set CHROMIUM",
        path.display()
    );
    path
}

/// Checks, after load, that the document is no wider than the window, that no element sticks
/// out of its parent horizontally, and that the two columns do not overlap; posts the result
/// to the page that frames the report (see [`frame`]).
const LAYOUT_CHECK: &str = r#"<script>
window.addEventListener('load', function () {
  var problems = [];
  var root = document.documentElement;
  var vw = root.clientWidth;
  if (root.scrollWidth > vw + 1) problems.push('document ' + root.scrollWidth + 'px wide in a ' + vw + 'px window');
  var name = function (el) { return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).replace(/ /g, '.') : ''); };
  var all = document.body.querySelectorAll('*');
  for (var i = 0; i < all.length; i++) {
    var el = all[i], p = el.parentElement;
    if (!p || el.tagName === 'SCRIPT' || el.tagName === 'STYLE') continue;
    var r = el.getBoundingClientRect(), pr = p.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > pr.right + 1 || r.left < pr.left - 1) {
      problems.push(name(el) + ' [' + Math.round(r.left) + ',' + Math.round(r.right) + '] outside ' + name(p) + ' [' + Math.round(pr.left) + ',' + Math.round(pr.right) + ']: ' + (el.textContent || '').slice(0, 60));
    }
    if (r.right > vw + 1) problems.push(name(el) + ' ends at ' + Math.round(r.right) + ' in a ' + vw + 'px window');
  }
  var cols = document.querySelectorAll('main > section');
  if (cols.length === 2) {
    var a = cols[0].getBoundingClientRect(), b = cols[1].getBoundingClientRect();
    var overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    if (overlap) problems.push('the findings and the policy text overlap');
  }
  parent.postMessage(problems.length ? 'LAYOUT-FAIL ' + problems.length + '\n' + problems.slice(0, 30).join('\n') : 'LAYOUT-' + 'OK ' + vw + 'px', '*');
});
</script>"#;

/// A page that shows `report` in a frame `width` pixels wide and writes what the frame's check
/// posts into `#layout-result`. Headless Chromium will not make a window narrower than 500
/// pixels; a frame has the width it is given, and the report's media queries follow it.
fn frame(report: &str, width: u32) -> String {
    format!(
        "<!doctype html><html><body style=\"margin:0\"><pre id=\"layout-result\"></pre>\
<iframe src=\"{report}\" style=\"border:0;width:{width}px;height:1900px;display:block\"></iframe>\
<script>window.addEventListener('message', function (e) {{ document.getElementById('layout-result').textContent = e.data; }});</script>\
</body></html>"
    )
}

fn run_chromium(dir: &Path, width: u32, extra: &[String], page: &Path) -> Output {
    let profile = dir.join(format!("profile-{width}-{}", extra.len()));
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},2000"))
        .arg("--virtual-time-budget=3000")
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium at {width}: {}",
        text(&out.stderr)
    );
    out
}

fn is_png(p: &Path) -> bool {
    std::fs::read(p)
        .map(|b| b.len() > 2000 && b.starts_with(b"\x89PNG\r\n\x1a\n"))
        .unwrap_or(false)
}

#[test]
fn the_html_report_holds_at_phone_and_desktop_width_and_in_print() {
    let dir = tempfile::tempdir().unwrap();
    // Screenshots are kept for a person to look at when SAYDO_SCREENSHOTS names a folder.
    let keep = std::env::var_os("SAYDO_SCREENSHOTS").map(PathBuf::from);
    for (name, args) in [("emmas-club", &EMMA[..]), ("campaign-news", &CAMPAIGN[..])] {
        let mut a = args.to_vec();
        a.extend(["--format", "html"]);
        let html = text(&check(&a).stdout);
        assert!(html.contains("</html>"), "{name}: {html}");
        let checked = html.replace("</body>", &format!("{LAYOUT_CHECK}</body>"));
        let page = dir.path().join(format!("{name}.html"));
        std::fs::write(&page, &checked).unwrap();
        // Print rules, applied on screen at A4 width, must hold as well.
        let print_page = dir.path().join(format!("{name}-print.html"));
        std::fs::write(&print_page, checked.replace("@media print", "@media all")).unwrap();
        for (width, p) in [(420, &page), (1280, &page), (794, &print_page)] {
            let framed = dir.path().join(format!("{name}-{width}-frame.html"));
            let file = p.file_name().unwrap().to_str().unwrap();
            std::fs::write(&framed, frame(file, width)).unwrap();
            let out = run_chromium(dir.path(), width + 20, &["--dump-dom".to_string()], &framed);
            let dom = text(&out.stdout);
            let result = dom
                .split("<pre id=\"layout-result\">")
                .nth(1)
                .and_then(|r| r.split("</pre>").next())
                .unwrap_or("");
            assert!(
                result == format!("LAYOUT-OK {width}px"),
                "{name} at {width}px ({}): {}",
                p.display(),
                if result.is_empty() {
                    "no result: the page did not load"
                } else {
                    result
                }
            );
        }
        for width in [420, 1280] {
            let png = dir.path().join(format!("{name}-{width}.png"));
            let framed = dir.path().join(format!("{name}-{width}-frame.html"));
            run_chromium(
                dir.path(),
                width + 20,
                &[format!("--screenshot={}", png.display())],
                &framed,
            );
            assert!(is_png(&png), "{name} screenshot at {width}px");
            if let Some(k) = &keep {
                std::fs::create_dir_all(k).unwrap();
                std::fs::copy(&png, k.join(png.file_name().unwrap())).unwrap();
            }
        }
        let pdf = dir.path().join(format!("{name}.pdf"));
        run_chromium(
            dir.path(),
            1280,
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".to_string(),
            ],
            &page,
        );
        let bytes = std::fs::read(&pdf).unwrap_or_default();
        assert!(
            bytes.starts_with(b"%PDF") && bytes.len() > 5000,
            "{name}: PDF of {} bytes",
            bytes.len()
        );
    }
}
