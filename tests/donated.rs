//! Evidence people hold about themselves (issue 22): iOS App Privacy Reports and Meta
//! "Download Your Information" exports, read from the fixtures in `corpus/logs/ios/` and
//! `corpus/logs/meta/` (written by the project; no real person's data).

mod common;

use common::run;
use serde_json::Value;

const IOS_V4: &str = "corpus/logs/ios/App_Privacy_Report_v4_2026-11-30T10_15_00.ndjson";
const META_2021: &str = "corpus/logs/meta/facebook-janedonor-2021";
const META_2025: &str = "corpus/logs/meta/facebook-janedonor-2025";
const META_2026: &str = "corpus/logs/meta/facebook-janedonor-2026";

fn flows(args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = vec!["flows", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    let v = serde_json::from_str(&out).unwrap_or(Value::Null);
    (code, v, err)
}

fn flow_list(v: &Value) -> Vec<Value> {
    v["flows"].as_array().cloned().unwrap_or_default()
}

/// (first party, origin kind, recipient) of every flow.
fn keys(v: &Value) -> Vec<(String, String, String)> {
    flow_list(v)
        .iter()
        .map(|f| {
            (
                f["origin"]["first_party"]["name"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                f["origin"]["kind"].as_str().unwrap_or("").to_string(),
                f["recipient"]["name"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn find<'v>(flows: &'v [Value], first_party: &str, recipient: &str) -> &'v Value {
    flows
        .iter()
        .find(|f| {
            f["origin"]["first_party"]["name"] == first_party && f["recipient"]["name"] == recipient
        })
        .unwrap_or_else(|| panic!("no flow {first_party} -> {recipient} in {flows:#?}"))
}

fn data_of(f: &Value) -> Vec<String> {
    f["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["category"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn app_privacy_report_v4_gives_every_apps_flows_collection_and_in_app_browsing_apart() {
    let (code, v, err) = flows(&[IOS_V4]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        v["inputs"][0]["format"], "ios-privacy-report",
        "sniffed, not a ledger"
    );
    let fl = flow_list(&v);
    let fb = find(&fl, "com.acme.health", "Facebook");
    assert_eq!(fb["origin"]["kind"], "shared");
    assert_eq!(fb["records"], 41, "hits are the record count");
    assert_eq!(fb["first_seen"], "2026-11-23");
    assert_eq!(fb["last_seen"], "2026-11-29");
    let own = find(&fl, "com.acme.health", "com.acme.health");
    assert_eq!(own["origin"]["kind"], "collected");
    assert_eq!(own["records"], 3, "interval ends do not count as accesses");
    assert_eq!(data_of(own), ["precise-location", "user-content"]);
    let ga = find(&fl, "com.acme.health", "Google Analytics");
    assert_eq!(ga["origin"]["kind"], "in-app-browsing");
    assert_eq!(ga["origin"]["context"], "news.example.org");
    assert!(
        !v["flows"].to_string().contains("api.acme.com"),
        "api.acme.com is the app's own server: {:?}",
        keys(&v)
    );
    let notes = find(&fl, "org.example.notes", "org.example.notes");
    assert_eq!(notes["data"][0]["term"], "microphone");
    // --app keeps one app.
    let (_, v, _) = flows(&["--app", "org.example.notes", IOS_V4]);
    assert!(
        keys(&v).iter().all(|(a, _, _)| a == "org.example.notes"),
        "{:?}",
        keys(&v)
    );
}

#[test]
fn older_report_layouts_are_read() {
    for (file, recipient, hits) in [
        (
            "corpus/logs/ios/App_Privacy_Report_v1_2021-06-11.ndjson",
            "Facebook",
            4,
        ),
        (
            "corpus/logs/ios/App_Privacy_Report_v2_2021-09-14.ndjson",
            "Facebook",
            9,
        ),
    ] {
        let (code, v, err) = flows(&[file]);
        assert_eq!(code, Some(0), "{file}: {err}");
        let fl = flow_list(&v);
        assert_eq!(
            find(&fl, "com.acme.health", recipient)["records"],
            hits,
            "{file}"
        );
        let own = find(&fl, "com.acme.health", "com.acme.health");
        assert!(
            data_of(own).contains(&"contact".to_string()),
            "{file}: {own}"
        );
    }
    let (_, v, _) = flows(&["corpus/logs/ios/App_Privacy_Report_v1_2021-06-11.ndjson"]);
    let own = find(&flow_list(&v), "com.acme.health", "com.acme.health").clone();
    assert!(
        data_of(&own).contains(&"precise-location".to_string()),
        "the location stream"
    );
}

#[test]
fn a_cut_off_report_keeps_its_records_and_counts_the_cut_one() {
    let (code, v, err) = flows(&["corpus/logs/ios/truncated-report.ndjson"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(v["inputs"][0]["read"], 4);
    assert_eq!(v["inputs"][0]["skipped"], 1);
    let skip = &v["summary"]["skipped"][0];
    assert_eq!(skip["line"], 4);
    assert!(
        skip["reason"].as_str().unwrap().contains("cut off"),
        "{skip}"
    );
    assert_eq!(
        find(&flow_list(&v), "com.acme.health", "com.acme.health")["records"],
        2
    );
}

#[test]
fn an_unknown_report_version_is_an_error_naming_the_fields() {
    let (code, _, err) = run(&[
        "flows",
        "corpus/logs/ios/App_Privacy_Report_v9_2031-01-01.ndjson",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("App_Privacy_Report_v9_2031-01-01.ndjson:1")
            && err.contains("fields found: app, count, event, host, schema"),
        "{err}"
    );
}

#[test]
fn check_asks_which_app_and_names_them() {
    let (code, _, err) = run(&[
        "check",
        "--policy",
        "corpus/cases/ios-app-denies-location/acme-health-app.md",
        "--log",
        IOS_V4,
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--app") && err.contains("com.acme.health, org.example.notes"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "check",
        "--policy",
        "corpus/cases/ios-app-denies-location/acme-health-app.md",
        "--log",
        IOS_V4,
        "--app",
        "com.nobody.here",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("no record of the app \"com.nobody.here\""),
        "{err}"
    );
}

#[test]
fn json_lines_ledgers_named_ndjson_are_still_ledgers() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ledger.ndjson");
    std::fs::write(
        &p,
        "{\"recipient\":\"Experian Marketing Services\",\"date\":\"2017-04-01\",\"records\":10}\n",
    )
    .unwrap();
    let (code, v, err) = flows(&[p.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(v["inputs"][0]["format"], "jsonl");
    assert_eq!(v["flows"][0]["records"], 10);
}

#[test]
fn older_meta_layout_with_mojibake_and_a_political_committees_list() {
    let (code, v, err) = flows(&[META_2021]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(v["inputs"][0]["format"], "meta-export");
    let fl = flow_list(&v);
    let cafe = find(&fl, "Café Lumière", "Meta Platforms");
    assert!(data_of(cafe).contains(&"purchase-history".to_string()));
    assert_eq!(cafe["first_seen"], "2021-02-01");
    find(&fl, "Librería Núñez", "Meta Platforms");
    let committee = find(
        &fl,
        "Friends of Alex Doe Campaign Committee",
        "Meta Platforms",
    );
    assert_eq!(
        committee["origin"]["first_party"]["categories"][0],
        "political-campaign"
    );
    assert_eq!(data_of(committee), ["contact"]);
    assert_eq!(committee["purposes"][0]["category"], "advertising");
    let text = v.to_string();
    assert!(!text.contains("Ã"), "no mojibake left");
    assert!(
        !text.contains("Jane Q. Donor") && !text.contains("jane.donor@"),
        "the profile is read for --redact only"
    );
}

#[test]
fn a_zip_and_its_unpacked_folder_give_the_same_flows() {
    let (_, folder, _) = flows(&[META_2025]);
    let (code, zip, err) = flows(&["corpus/logs/meta/facebook-janedonor-2025.zip"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(keys(&folder), keys(&zip));
    assert!(!keys(&zip).is_empty());
    let fl = flow_list(&zip);
    let shop = find(&fl, "ShopRight", "Meta Platforms");
    assert_eq!(shop["records"], 5);
    assert_eq!(shop["last_seen"], "2024-11-15");
    assert!(
        flow_list(&zip)
            .iter()
            .all(|f| f["origin"]["first_party"]["name"] != "Northwind Travel" || f["records"] == 1),
        "an advertiser with every audience kind false sent nothing"
    );
}

#[test]
fn record_layout_reads_custom_health_events_and_upload_dates() {
    let (code, v, err) = flows(&[META_2026]);
    assert_eq!(code, Some(0), "{err}");
    let fl = flow_list(&v);
    let bloom = find(&fl, "BloomCycle Fertility Tracker", "Meta Platforms");
    let data = data_of(bloom);
    assert!(data.contains(&"pregnancy".to_string()), "{data:?}");
    assert_eq!(bloom["first_seen"], "2025-12-01");
    let dk = find(&fl, "Ørsted Børnehjælp", "Meta Platforms");
    assert_eq!(dk["first_seen"], "2025-11-13", "the upload date");
}

#[test]
fn a_cut_off_export_file_keeps_the_businesses_before_the_cut() {
    let (code, v, err) = flows(&["corpus/logs/meta/facebook-truncated"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(v["inputs"][0]["skipped"], 1);
    let reason = v["summary"]["skipped"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("your_activity_off_meta_technologies.json") && reason.contains("cut off"),
        "{reason}"
    );
    assert_eq!(
        find(&flow_list(&v), "ShopRight", "Meta Platforms")["records"],
        4
    );
}

#[test]
fn an_unknown_export_layout_is_an_error_naming_the_fields() {
    let (code, _, err) = run(&["flows", "corpus/logs/meta/facebook-unknown-layout"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("your_activity_off_meta_technologies.json")
            && err.contains("top-level fields found: activity_off_meta_v3, schema"),
        "{err}"
    );
}

#[test]
fn check_picks_a_business_by_site_or_name_and_asks_otherwise() {
    let policy = "corpus/cases/retailer-meta-purchases/shopright-privacy.md";
    let (code, _, err) = run(&["check", "--policy", policy, "--log", META_2025]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--site") && err.contains("Northwind Travel"),
        "{err}"
    );
    for site in ["shopright.com", "ShopRight"] {
        let (code, out, err) = run(&[
            "check", "--policy", policy, "--log", META_2025, "--site", site, "-f", "json",
        ]);
        assert_eq!(code, Some(0), "{site}: {err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["findings"].as_array().unwrap().len(), 1, "{site}");
        assert_eq!(
            v["findings"][0]["origin"]["first_party"]["name"],
            "ShopRight"
        );
    }
}

#[test]
fn redact_replaces_the_persons_identifiers_in_every_format() {
    let canary = "email=sam.rivera@example.net";
    let capture = "corpus/logs/campaign-news-capture.har";
    let (_, plain, _) = run(&["flows", "-f", "json", "--canary", canary, capture]);
    assert!(plain.contains("sam.rivera"), "the capture holds the canary");
    for args in [
        vec!["flows", "-f", "json"],
        vec!["flows", "-f", "text"],
        vec!["flows", "-f", "jsonl"],
    ] {
        let mut a = args.clone();
        a.extend(["--redact", "--canary", canary, capture]);
        let (_, out, _) = run(&a);
        assert!(!out.contains("sam.rivera"), "{args:?}");
    }
    for format in ["text", "json", "md", "html", "csv"] {
        let (_, out, _) = run(&[
            "check",
            "--policy",
            "corpus/policies/news-site.html",
            "--log",
            capture,
            "--canary",
            canary,
            "--redact",
            "-f",
            format,
            "--fail-on",
            "never",
        ]);
        assert!(!out.is_empty(), "{format}");
        assert!(!out.contains("sam.rivera"), "{format}");
        assert!(!out.contains("sam.rivera%40example.net"), "{format}");
    }
}
