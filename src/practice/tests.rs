//! Reading ledgers and captures end to end, from files written by the tests.

use super::*;
use crate::vocab::Vocabulary;
use std::io::Write;

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

fn read(paths: &[PathBuf], options: &Options) -> Evidence {
    let vocab = Vocabulary::embedded();
    let resolver = Resolver::new(&vocab);
    read_logs(paths, &resolver, options)
}

#[test]
fn ledger_rows_aggregate_by_recipient_and_end_user() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "l.csv",
        b"Recipient,Date,On behalf of,Data,Records,Reference\n\
Experian Marketing Services Ltd,2017-04-03,Labour Party,parent name; home address; child date of birth,\"1,000,000\",C-1\n\
EXPERIAN MARKETING SERVICES,3 May 2017,The Labour Party,email,65200,C-2\n\
Mailhouse Printing,05/06/2017,,name; postal address,,\n",
    );
    let ev = read(&[p], &Options::default());
    assert_eq!(ev.logs[0].error, None);
    assert_eq!(ev.records_read(), 3);
    assert_eq!(ev.flows.len(), 2, "{:#?}", ev.flows);
    let f = &ev.flows[0];
    assert_eq!(f.recipient.name, "Experian Marketing Services");
    assert_eq!(
        f.on_behalf_of.as_ref().unwrap().categories[0],
        "political-party"
    );
    assert_eq!(f.records, 1_065_200);
    assert_eq!(f.first_seen.unwrap().to_string(), "2017-04-03");
    assert_eq!(f.last_seen.unwrap().to_string(), "2017-05-03");
    assert_eq!(f.references[..], ["C-1", "C-2"]);
    assert_eq!(
        f.sources.iter().map(|s| s.line).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert!(
        f.sources[0]
            .quote
            .starts_with("Experian Marketing Services Ltd,2017-04-03")
    );
    let cats: Vec<_> = f
        .data
        .iter()
        .filter_map(|t| t.category.as_deref())
        .collect();
    for want in [
        "name",
        "postal-address",
        "children",
        "date-of-birth",
        "email",
    ] {
        assert!(cats.contains(&want), "{want} in {cats:?}");
    }
    let mail = &ev.flows[1];
    assert!(mail.recipient.unresolved, "{:?}", mail.recipient);
    assert_eq!(mail.records, 1, "a row without a count is one record");
    assert_eq!(ev.unresolved(), vec!["Mailhouse Printing"]);
}

#[test]
fn bad_rows_are_skipped_with_line_and_reason_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "bad.csv",
        b"third party,date shared,no. of records,notes\n\
Acxiom,2019-01-01,10,ok\n\
Acxiom,31/02/2019,10,bad date\n\
Acxiom,2019-01-02,-4,negative\n\
Acxiom,2019-01-02,lots,words\n\
Acxiom,2019-01-02\n\
,2019-01-02,3,no recipient\n\
\"Acxiom, multi\nline\",2019-01-03,\"12,500\",quoted\n\
Acxiom,2019-01-04,1,x,extra\n",
    );
    let ev = read(std::slice::from_ref(&p), &Options::default());
    let log = &ev.logs[0];
    assert_eq!(log.error, None);
    assert_eq!(log.read, 8);
    let skipped: Vec<(u64, &str)> = log
        .skips
        .iter()
        .map(|s| (s.line, s.reason.split(':').next().unwrap()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            (3, "date"),
            (4, "records"),
            (5, "records"),
            (6, "fields"),
            (7, "recipient"),
            (10, "fields")
        ]
    );
    assert!(
        log.warnings.iter().any(|w| w.contains("notes")),
        "{:?}",
        log.warnings
    );
    let total: u64 = ev.flows.iter().map(|f| f.records).sum();
    assert_eq!(total, 10 + 12_500);
    let strict = read(
        &[p],
        &Options {
            strict: true,
            ..Options::default()
        },
    );
    assert!(strict.logs[0].error.as_ref().unwrap().contains("--strict"));
    assert!(strict.flows.is_empty());
}

#[test]
fn large_ledgers_give_the_same_flows_as_small_ones() {
    // Crosses block boundaries (1 MiB) with quoted newlines, and checks line numbers stay true.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("recipient,date,records,data\n");
    for i in 0..60_000u64 {
        let who = ["Acxiom", "Epsilon", "\"Odd\nName Ltd\""][(i % 3) as usize];
        text.push_str(&format!(
            "{who},2020-01-{:02},{},email\n",
            i % 28 + 1,
            i % 5
        ));
    }
    let p = write(&dir, "big.csv", text.as_bytes());
    let ev = read(&[p], &Options::default());
    assert_eq!(ev.logs[0].skipped, 0, "{:?}", ev.logs[0].skips);
    assert_eq!(ev.records_read(), 60_000);
    assert_eq!(ev.flows.len(), 3);
    let total: u64 = ev.flows.iter().map(|f| f.records).sum();
    assert_eq!(total, (0..60_000u64).map(|i| i % 5).sum::<u64>());
    // Rows take one line each, except the quoted name which takes two.
    let odd = ev
        .flows
        .iter()
        .find(|f| f.recipient.name.starts_with("Odd"))
        .unwrap();
    assert_eq!(odd.sources[0].line, 4);
    assert_eq!(odd.sources[1].line, 8);
    assert_eq!(odd.sources.len(), SOURCE_CAP);
    assert_eq!(odd.more_sources, 20_000 - SOURCE_CAP as u64);
}

#[test]
fn json_lines_ledgers() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "l.jsonl",
        br#"{"Recipient": "Epsilon", "date": "2021-03-01", "records": 48000, "purpose": ["sale of customer list"], "data": ["name", "postal address"]}
not json
{"recipient": "Epsilon", "records": "-5"}
{"recipient": "Stripe", "recipient_category": "payment processor"}
"#,
    );
    let ev = read(&[p], &Options::default());
    let log = &ev.logs[0];
    assert_eq!((log.read, log.skipped), (4, 2));
    assert_eq!(log.skips[0].line, 2);
    assert_eq!(log.skips[1].line, 3);
    assert_eq!(ev.flows[0].records, 48_000);
    assert_eq!(ev.flows[0].undated, 0);
    assert_eq!(ev.flows[1].undated, 1);
}

#[test]
fn flows_split_by_policy_version_period() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "l.csv",
        b"recipient,date\nLabour Party,2016-11-01\nLabour Party,2017-09-01\nLabour Party,2018-09-01\nLabour Party,\n",
    );
    let versions = vec![
        Date::parse("2017-01-01").unwrap(),
        Date::parse("2018-06-01").unwrap(),
    ];
    let ev = read(
        &[p],
        &Options {
            versions,
            ..Options::default()
        },
    );
    let periods: Vec<u32> = ev.flows.iter().map(|f| f.period).collect();
    assert_eq!(periods, vec![0, 1, 2, UNDATED]);
}

#[test]
fn empty_missing_and_headerless_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(&dir, "empty.csv", b"");
    let nocol = write(&dir, "nocol.csv", b"foo,bar\n1,2\n");
    let good = write(&dir, "good.csv", b"recipient\nAcxiom\n");
    let missing = dir.path().join("missing.csv");
    let ev = read(&[empty, nocol, missing, good], &Options::default());
    let errors: Vec<_> = ev.logs.iter().map(|l| l.error.clone()).collect();
    assert!(
        errors[0]
            .as_ref()
            .unwrap()
            .contains("empty.csv: the file is empty")
    );
    assert!(
        errors[1]
            .as_ref()
            .unwrap()
            .contains("nocol.csv:1: no recipient column")
    );
    assert!(errors[2].as_ref().unwrap().contains("missing.csv"));
    assert_eq!(errors[3], None);
    assert_eq!(ev.flows.len(), 1);
}

#[test]
fn non_utf8_fields_are_read_as_windows_1252_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "l.csv", b"recipient\nCaf\xe9 Partners\n");
    let ev = read(&[p], &Options::default());
    assert_eq!(ev.flows[0].recipient.name, "Café Partners");
    assert!(ev.logs[0].warnings[0].contains("l.csv:2"));
}

const HAR: &str = r#"{
  "log": {
    "version": "1.2",
    "pages": [{"id": "p1", "title": "https://www.bloom.example/pregnancy/week-12"}],
    "entries": [
      {
        "startedDateTime": "2024-03-01T10:00:00.000Z",
        "request": {"method": "GET", "url": "https://static.bloom.example/app.js", "headers": []},
        "response": {"status": 200, "content": {"text": "var x = 'jane.doe@example.com';"}}
      },
      {
        "startedDateTime": "2024-03-01T10:00:01.000Z",
        "request": {
          "method": "GET",
          "url": "https://www.facebook.com/tr/?id=1&ev=PregnancyWeekViewed&ud%5Bem%5D=SHA&dl=https%3A%2F%2Fwww.bloom.example%2Fpregnancy%2Fweek-12",
          "headers": [{"name": "Cookie", "value": "_fbp=fb.1.2"}],
          "cookies": []
        },
        "response": {"status": 200, "content": {"size": 0}}
      },
      {
        "startedDateTime": "2024-03-01T10:00:02.000Z",
        "request": {
          "method": "POST",
          "url": "https://secure.actblue.com/donate/x",
          "headers": [],
          "postData": {"mimeType": "application/x-www-form-urlencoded", "text": "email=Jane.Doe%40example.com&amount=5"}
        },
        "response": {"status": 200, "content": {}}
      }
    ]
  }
}"#;

fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn captures_become_flows_with_data_lines_and_canaries() {
    let dir = tempfile::tempdir().unwrap();
    let har = HAR.replace("SHA", &sha256_hex("jane.doe@example.com"));
    let p = write(&dir, "c.har", har.as_bytes());
    let options = Options {
        canaries: vec!["email=Jane.Doe@example.com".parse().unwrap()],
        ..Options::default()
    };
    let ev = read(&[p], &options);
    let log = &ev.logs[0];
    assert_eq!(log.error, None);
    assert_eq!(log.site.as_deref(), Some("bloom.example"));
    assert_eq!((log.read, log.used), (3, 2));
    assert_eq!(ev.flows.len(), 2, "first-party requests are not flows");
    let meta = &ev.flows[0];
    assert_eq!(meta.sources[0].line, 11, "the entry's opening line");
    let cats: Vec<_> = meta
        .data
        .iter()
        .filter_map(|t| t.category.as_deref())
        .collect();
    for want in [
        "hashed-identifier",
        "pregnancy",
        "online-activity",
        "cookie-id",
    ] {
        assert!(cats.contains(&want), "{want} in {cats:?}");
    }
    assert!(
        meta.canaries
            .iter()
            .any(|c| c.form == "sha256" && c.place == "url")
    );
    let actblue = &ev.flows[1];
    assert!(
        actblue
            .recipient
            .categories
            .iter()
            .any(|c| c.starts_with("political")),
        "{:?}",
        actblue.recipient
    );
    let forms: Vec<_> = actblue.canaries.iter().map(|c| (c.form, c.place)).collect();
    assert!(forms.contains(&("url-encoded", "body")), "{forms:?}");
    assert!(forms.contains(&("plain", "body")), "{forms:?}");
}

#[test]
fn cut_off_or_foreign_captures_are_errors_with_nothing_counted() {
    let dir = tempfile::tempdir().unwrap();
    let cut = write(&dir, "cut.har", &HAR.as_bytes()[..HAR.len() / 2]);
    let html = write(
        &dir,
        "page.har",
        b"<html><body>502 Bad Gateway</body></html>",
    );
    let other = write(&dir, "other.har", b"{\"log\": {\"entries\": 5}}");
    let ev = read(&[cut, html, other], &Options::default());
    let errs: Vec<String> = ev.logs.iter().map(|l| l.error.clone().unwrap()).collect();
    assert!(
        errs[0].contains("cut.har:") && errs[0].contains("cut off"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].contains("page.har:1:1: not a HAR capture"),
        "{}",
        errs[1]
    );
    assert!(
        errs[2].contains("other.har:1: not a HAR 1.2 capture"),
        "{}",
        errs[2]
    );
    assert!(ev.flows.is_empty());
}

#[test]
fn taking_the_flows_keeps_the_unresolved_recipients() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "l.csv",
        b"recipient,data\nOrg Zeta Ltd,email\nExperian Marketing Services,email\nOrg Alpha Ltd,email\n",
    );
    let mut ev = read(&[p], &Options::default());
    let before: Vec<String> = ev.unresolved().into_iter().map(str::to_string).collect();
    assert_eq!(before, ["Org Zeta Ltd", "Org Alpha Ltd"]);
    let flows = ev.take_flows();
    assert_eq!(flows.len(), 3);
    assert_eq!(flows.capacity(), 3);
    assert!(ev.flows.is_empty());
    assert_eq!(ev.unresolved(), before);
}

/// A ledger of hundreds of thousands of distinct recipients keeps one `Flow` and one
/// `SourceRef` per recipient (issue 17 row 7): rare parts stay behind pointers. Before,
/// a `Flow` took 416 bytes and a `SourceRef` 96 (224 now holds the boxed consent marks and
/// the boxed origin of flows read from a person's own records, issue 22).
#[test]
fn flows_and_sources_stay_small() {
    use std::mem::size_of;
    eprintln!(
        "Flow {} Party {} SourceRef {} Term {}",
        size_of::<Flow>(),
        size_of::<Party>(),
        size_of::<SourceRef>(),
        size_of::<Term>()
    );
    assert!(
        size_of::<Flow>() <= 224,
        "Flow: {} bytes",
        size_of::<Flow>()
    );
    assert!(
        size_of::<SourceRef>() <= 48,
        "SourceRef: {} bytes",
        size_of::<SourceRef>()
    );
}

/// A capture with consent marks over two files: phases are counted per log, classed per
/// request by the log's own action, and the flows' marks merge with the first request kept.
#[test]
fn consent_marks_are_read_per_request_and_merged_across_captures() {
    let dir = tempfile::tempdir().unwrap();
    let entry = |url: &str, phase: &str| {
        format!(
            r#"{{"startedDateTime": "2026-11-20T09:00:00Z", "request": {{"method": "GET", "url": "{url}"}}{phase}}}"#
        )
    };
    let capture = |consent: &str, entries: &[String]| {
        format!(
            "{{\"log\": {{\"version\": \"1.2\"{consent},\n\"entries\": [\n{}\n]}}}}\n",
            entries.join(",\n")
        )
    };
    let before = r#", "_consentPhase": "before-consent""#;
    let after = r#", "_consentPhase": "after-consent""#;
    let rejected = capture(
        r#", "_consent": {"action": "reject", "clicked": true, "button": "Reject"}"#,
        &[
            entry("https://www.site.example/", before),
            entry("https://static.criteo.net/a.js", before),
            entry("https://gum.criteo.com/sync", after),
            entry("https://gum.criteo.com/sync2", after),
        ],
    );
    let accepted = capture(
        r#", "_consent": {"action": "accept", "clicked": true}"#,
        &[
            entry("https://www.site.example/", before),
            entry("https://static.criteo.net/b.js", before),
            entry("https://gum.criteo.com/sync3", after),
        ],
    );
    let plain = capture(
        "",
        &[
            entry("https://www.site.example/", ""),
            entry("https://static.criteo.net/c.js", ""),
        ],
    );
    let paths = [
        write(&dir, "rejected.har", rejected.as_bytes()),
        write(&dir, "accepted.har", accepted.as_bytes()),
        write(&dir, "plain.har", plain.as_bytes()),
    ];
    let ev = read(&paths, &Options::default());
    assert_eq!(ev.flows.len(), 1);
    let c = ev.flows[0].consent.as_deref().expect("consent marks");
    let b = c.before_consent.as_ref().unwrap();
    assert_eq!(b.requests, 2, "one before consent in each marked capture");
    assert_eq!((b.first.entry, b.first.line), (2, 4));
    assert!(b.first.file.ends_with("rejected.har"));
    let r = c.after_reject.as_ref().unwrap();
    assert_eq!((r.requests, r.first.entry), (2, 3));
    assert_eq!(r.first.url, "https://gum.criteo.com/sync");
    assert_eq!(c.after_accept, 1, "after accepting is not after a reject");
    let logs: Vec<_> = ev.logs.iter().map(|l| l.consent.clone()).collect();
    assert_eq!(
        logs[0]
            .as_ref()
            .map(|l| (l.before_consent, l.after_consent)),
        Some((2, 2))
    );
    assert_eq!(
        logs[1].as_ref().unwrap().action,
        Some(consent::Action::Accept)
    );
    assert_eq!(
        logs[2], None,
        "a capture without marks has no consent summary"
    );
}
