use super::*;
use std::path::PathBuf;
use std::process::Command;
use std::sync::LazyLock;

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(Vocabulary::embedded);

const FIXTURE: &str = "corpus/history/lantern-club";
const DATES: [&str; 3] = ["2019-01-01", "2020-03-15", "2021-07-01"];

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

fn lantern(opts: &Options) -> History {
    from_paths(&[fixture_dir()], &VOCAB, opts).expect("fixture history")
}

/// (version, tree, category, change, negated, action) of every event.
fn events(h: &History) -> Vec<(String, &'static str, String, &'static str, bool, String)> {
    h.timeline
        .iter()
        .map(|e| {
            (
                e.version.clone(),
                e.tree,
                e.category.clone(),
                e.change,
                e.negated,
                e.action.clone(),
            )
        })
        .collect()
}

fn find<'a>(h: &'a History, tree: &str, category: &str) -> Vec<&'a TimelineEvent> {
    h.timeline
        .iter()
        .filter(|e| e.tree == tree && e.category == category)
        .collect()
}

#[test]
fn versions_are_sorted_by_date_with_labels() {
    // Given in reverse order: still oldest first.
    let dir = fixture_dir();
    let paths: Vec<PathBuf> = DATES
        .iter()
        .rev()
        .map(|d| dir.join(format!("{d}.md")))
        .collect();
    let h = from_paths(&paths, &VOCAB, &Options::default()).unwrap();
    let labels: Vec<&str> = h.versions.iter().map(|v| v.label.as_str()).collect();
    assert_eq!(labels, DATES);
    assert_eq!(h.diffs.len(), 2);
    assert_eq!(h.diffs[0].from, "2019-01-01");
    assert_eq!(h.diffs[1].to, "2021-07-01");
    // Evidence names the version it is from: the one before, for what disappeared.
    assert!(!h.timeline.is_empty());
    for e in &h.timeline {
        let at = labels.iter().position(|l| *l == e.version).unwrap();
        let from = if e.change == "disappeared" {
            labels[at - 1]
        } else {
            labels[at]
        };
        let evidence = e.evidence.as_ref().unwrap();
        assert_eq!(evidence.version.as_deref(), Some(from), "{e:?}");
    }
}

#[test]
fn political_party_appears_in_the_second_version() {
    let h = lantern(&Options::default());
    let ev = find(&h, "recipient", "political-party");
    assert_eq!(ev.len(), 1, "{:#?}", events(&h));
    let e = ev[0];
    assert_eq!(e.version, "2020-03-15");
    assert_eq!(e.date.as_deref(), Some("2020-03-15"));
    assert_eq!(e.change, "appeared");
    assert!(!e.negated);
    assert_eq!(e.action, "share");
    let evidence = e.evidence.as_ref().unwrap();
    assert_eq!(evidence.line, 19);
    assert!(evidence.quote.contains("political parties"));
    assert_eq!(evidence.version.as_deref(), Some("2020-03-15"));
    // The purpose arrives with it.
    let purpose = find(&h, "purpose", "political-campaigning");
    assert_eq!(purpose.len(), 1);
    assert_eq!(purpose[0].version, "2020-03-15");
}

#[test]
fn first_version_has_everything_appear() {
    let h = lantern(&Options::default());
    let first: Vec<_> = events(&h)
        .into_iter()
        .filter(|e| e.0 == "2019-01-01")
        .collect();
    assert!(first.iter().all(|e| e.3 == "appeared"), "{first:#?}");
    assert!(first.contains(&(
        "2019-01-01".into(),
        "recipient",
        "service-provider".into(),
        "appeared",
        false,
        "share".into()
    )));
    // "We do not sell your personal information": a denial that appeared.
    assert!(first.contains(&(
        "2019-01-01".into(),
        "recipient",
        "third-party".into(),
        "appeared",
        true,
        "sell".into()
    )));
    // Ordered by tree, then category.
    let order: Vec<(usize, String)> = first
        .iter()
        .map(|e| (TREES.iter().position(|t| *t == e.1).unwrap(), e.2.clone()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn sale_turns_from_denied_to_affirmed() {
    let h = lantern(&Options::default());
    let sale = find(&h, "purpose", "data-sale");
    let got: Vec<(&str, &str, bool, &str)> = sale
        .iter()
        .map(|e| (e.version.as_str(), e.change, e.negated, e.action.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2019-01-01", "appeared", true, "sell"),
            ("2021-07-01", "affirmed", false, "sell"),
        ]
    );
    let q = &sale[1].evidence.as_ref().unwrap().quote;
    assert_eq!(q, "We may sell your personal information to data brokers.");
    // The data sold turns too, the broker appears, and the implied "third parties" of the
    // denial disappears with it (evidence from the version that had it).
    let data = find(&h, "data", "personal-data");
    assert_eq!(data.last().map(|e| e.change), Some("affirmed"));
    let broker = find(&h, "recipient", "data-broker");
    assert_eq!(broker.len(), 1);
    assert_eq!(
        (
            broker[0].version.as_str(),
            broker[0].change,
            broker[0].action.as_str()
        ),
        ("2021-07-01", "appeared", "sell")
    );
    let third = find(&h, "recipient", "third-party");
    let last = third.last().unwrap();
    assert_eq!(
        (last.version.as_str(), last.change, last.negated),
        ("2021-07-01", "disappeared", true)
    );
    assert_eq!(
        last.evidence.as_ref().unwrap().version.as_deref(),
        Some("2020-03-15")
    );
}

#[test]
fn negation_of_an_affirmed_category() {
    let v1 = "# P\n\nWe share your email address with advertisers.\n";
    let v2 = "# P\n\nWe never share your email address with advertisers.\n";
    let v3 = "# P\n\nWe share your email address with advertisers.\n";
    let h = in_memory(&[v1, v2, v3], &Options::default());
    let ads = find(&h, "recipient", "advertiser");
    let got: Vec<(&str, &str, bool)> = ads
        .iter()
        .map(|e| (e.version.as_str(), e.change, e.negated))
        .collect();
    assert_eq!(
        got,
        vec![
            ("v1", "appeared", false),
            ("v2", "negated", true),
            ("v3", "affirmed", false)
        ]
    );
}

/// A history of Markdown texts labelled v1, v2, ...
fn in_memory(texts: &[&str], opts: &Options) -> History {
    let versions = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let label = format!("v{}", i + 1);
            let doc = Document::parse(&format!("{label}.md"), t, Format::Markdown);
            version(label, None, format!("v{}.md", i + 1), doc, &VOCAB)
        })
        .collect();
    build(versions, opts)
}

#[test]
fn cosmetic_edits_make_no_change() {
    let h = lantern(&Options::default());
    // 2020 → 2021: re-wrapped paragraphs, a new link target, a dropped comma; the only real
    // edits are the date line and the sale.
    let d = &h.diffs[1];
    let texts: Vec<String> = d
        .changes
        .iter()
        .map(|c| format!("{} {:?} {:?}", c.kind, c.old, c.new))
        .collect();
    for c in &d.changes {
        let both = format!("{:?}{:?}", c.old, c.new);
        for cosmetic in [
            "cookie notice",
            "explains what we do",
            "books you borrow",
            "concerns",
        ] {
            assert!(
                !both.contains(cosmetic),
                "cosmetic edit reported: {texts:#?}"
            );
        }
    }
    let sale: Vec<&SentenceChange> = d.changes.iter().filter(|c| c.kind == "changed").collect();
    assert_eq!(sale.len(), 1, "{texts:#?}");
    assert_eq!(
        sale[0].old.as_deref(),
        Some("We do not sell your personal information.")
    );
    assert_eq!(
        sale[0].new.as_deref(),
        Some("We may sell your personal information to data brokers.")
    );
    assert_eq!((sale[0].old_line, sale[0].new_line), (Some(21), Some(21)));
    assert!(sale[0].declares);
    // Besides the sale, only the "Last updated" line.
    assert!(
        d.changes
            .iter()
            .filter(|c| c.kind != "changed")
            .all(|c| format!("{:?}{:?}", c.old, c.new).contains("Last updated")),
        "{texts:#?}"
    );
}

#[test]
fn identical_after_normalising_is_no_change() {
    let v1 = "# P\n\nSee our [notice](https://a.example/x). We share data with advertisers, and \
              partners.\n";
    let v2 = "# P\n\nSee  our\n[Notice](https://b.example/y) .\n\nWe share data with \
              advertisers and partners!\n";
    let h = in_memory(&[v1, v2], &Options::default());
    assert_eq!(h.diffs[0].changes, vec![], "{:#?}", h.diffs);
    assert_eq!(
        diff::normalise("Visit https://x.example/a?b=c, or (www.y.example) — “Now”!"),
        "visit or now"
    );
    assert_eq!(diff::normalise("  ...  "), "");
}

#[test]
fn only_sharing_keeps_changes_to_sharing_statements() {
    let all = lantern(&Options::default());
    let d = &all.diffs[0];
    let contact = d
        .changes
        .iter()
        .find(|c| c.new.as_deref().is_some_and(|n| n.contains("privacy team")))
        .expect("the contact sentence changed");
    assert_eq!(contact.kind, "changed");
    assert!(!contact.declares);
    assert!(
        d.changes
            .iter()
            .any(|c| c.kind == "added" && c.declares && c.new_line == Some(19))
    );

    let only = lantern(&Options {
        only_sharing: true,
        ..Options::default()
    });
    let kept: Vec<(&str, Option<u32>)> = only.diffs[0]
        .changes
        .iter()
        .map(|c| (c.kind, c.new_line))
        .collect();
    assert_eq!(kept, vec![("added", Some(19))]);
    assert_eq!(only.diffs[1].changes.len(), 1);
    assert_eq!(only.diffs[1].changes[0].kind, "changed");
    // The timeline does not depend on the option.
    assert_eq!(only.timeline, all.timeline);
}

#[test]
fn same_date_and_undated_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("2019-01-01.md");
    let b = dir.path().join("2019-01-01-copy.md");
    std::fs::write(&a, "We share your data with advertisers.\n").unwrap();
    std::fs::write(&b, "We share your data with advertisers.\n").unwrap();
    let err = from_paths(&[dir.path().to_path_buf()], &VOCAB, &Options::default()).unwrap_err();
    assert!(
        err.contains("2019-01-01.md") && err.contains("2019-01-01-copy.md"),
        "{err}"
    );
    assert!(err.contains("same date"), "{err}");

    let c = dir.path().join("privacy.md");
    std::fs::write(&c, "We share your data with advertisers.\n").unwrap();
    let err = from_paths(&[a.clone(), c.clone()], &VOCAB, &Options::default()).unwrap_err();
    assert!(
        err.contains("privacy.md") && err.contains("no date"),
        "{err}"
    );

    // FILE@DATE dates an undated file.
    let dated = PathBuf::from(format!("{}@2020-02-02", c.display()));
    let h = from_paths(&[a.clone(), dated], &VOCAB, &Options::default()).unwrap();
    assert_eq!(h.versions[1].label, "2020-02-02");
    assert_eq!(h.versions[1].source, c.display().to_string());

    let err = from_paths(&[dir.path().join("nope.md")], &VOCAB, &Options::default()).unwrap_err();
    assert!(err.contains("nope.md"), "{err}");
    let err = from_paths(&[], &VOCAB, &Options::default()).unwrap_err();
    assert!(!err.is_empty());
    let empty = tempfile::tempdir().unwrap();
    let err = from_paths(&[empty.path().to_path_buf()], &VOCAB, &Options::default()).unwrap_err();
    assert!(err.contains(&empty.path().display().to_string()), "{err}");
}

#[test]
fn strange_inputs_do_not_panic() {
    let long = "word ".repeat(5_000);
    let many = "We share data with advertisers. ".repeat(300);
    let texts = [
        "",
        "\n\n\n",
        "|||\n|---|\n| a | b |\n",
        "# \u{0}\u{1}\n\n…“”‘’ — ... !!! ???",
        long.as_str(),
        many.as_str(),
        "- \n  - \n    - We sell it.\n",
        "<p>We <b>sell</b> your data to data brokers.</p>",
        "e.g. i.e. U.S. Inc. No. 5. We do not sell.",
        "",
    ];
    let h = in_memory(&texts, &Options::default());
    assert_eq!(h.diffs.len(), texts.len() - 1);
    let h = in_memory(
        &texts,
        &Options {
            only_sharing: true,
            ..Options::default()
        },
    );
    let mut buf = Vec::new();
    crate::report::history::text(&mut buf, &h, "test").unwrap();
    crate::report::history::json(&mut buf, &h, "test").unwrap();
    crate::report::history::md(&mut buf, &h, "test").unwrap();
    // Binary content is an error naming the file, not a panic.
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("2019-01-01.md");
    std::fs::write(&bin, [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 255, 254, 0, 0, 0]).unwrap();
    if let Err(e) = from_paths(&[bin], &VOCAB, &Options::default()) {
        assert!(e.contains("2019-01-01.md"), "{e}");
    }
}

#[test]
fn reports_render() {
    let h = lantern(&Options::default());
    let mut text = Vec::new();
    crate::report::history::text(&mut text, &h, "test").unwrap();
    let text = anstream::adapter::strip_str(&String::from_utf8(text).unwrap()).to_string();
    assert!(
        text.contains("+ recipient political-party (share) — line 19"),
        "{text}"
    );
    assert!(
        text.contains("! affirmed purpose data-sale (sell) — line 21"),
        "{text}"
    );
    assert!(
        text.contains("- We do not sell your personal information."),
        "{text}"
    );

    let mut json = Vec::new();
    crate::report::history::json(&mut json, &h, "test").unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["schema_version"], crate::SCHEMA_VERSION);
    assert_eq!(v["vocab_version"], "test");
    assert_eq!(v["versions"].as_array().unwrap().len(), 3);
    assert_eq!(v["versions"][1]["label"], "2020-03-15");
    assert!(v["versions"][1]["declarations"].as_u64().unwrap() > 0);
    assert_eq!(v["diffs"].as_array().unwrap().len(), 2);
    assert!(v["timeline"].as_array().unwrap().iter().any(|e| {
        e["category"] == "political-party"
            && e["change"] == "appeared"
            && e["evidence"]["line"] == 19
    }));

    let mut md = Vec::new();
    crate::report::history::md(&mut md, &h, "test").unwrap();
    let md = String::from_utf8(md).unwrap();
    assert!(
        md.contains("| 2020-03-15 | appeared | recipient | `political-party` | share |"),
        "{md}"
    );
    assert!(md.contains("### 2020-03-15 → 2021-07-01"), "{md}");
}

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git_in(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Saydo Test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    if let Some(d) = date {
        c.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    let out = c.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn git_history_gives_the_same_timeline() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    let r = repo.path();
    git_in(r, &["init", "-q"], None);
    std::fs::create_dir(r.join("Lantern")).unwrap();
    let file = "Lantern/Privacy Policy.md";
    for d in DATES {
        let text = std::fs::read(fixture_dir().join(format!("{d}.md"))).unwrap();
        std::fs::write(r.join(file), text).unwrap();
        git_in(r, &["add", "-A"], None);
        let when = format!("{d}T12:00:00+00:00");
        git_in(
            r,
            &["commit", "-q", "-m", &format!("version of {d}")],
            Some(&when),
        );
    }
    // A commit that does not touch the policy is not a version.
    std::fs::write(r.join("README.md"), "notes\n").unwrap();
    git_in(r, &["add", "-A"], None);
    git_in(
        r,
        &["commit", "-q", "-m", "readme"],
        Some("2022-01-01T00:00:00+00:00"),
    );

    let h = from_git(r, file, &VOCAB, &Options::default()).unwrap();
    assert_eq!(h.versions.len(), 3);
    for (v, d) in h.versions.iter().zip(DATES) {
        assert_eq!(v.date.map(|x| x.to_string()).as_deref(), Some(d));
        assert!(v.label.starts_with(&format!("{d} ")), "{}", v.label);
        assert_eq!(v.label.len(), 18, "{}", v.label);
        assert!(v.source.starts_with(&r.display().to_string()));
        assert!(
            v.source.ends_with(":Lantern/Privacy Policy.md"),
            "{}",
            v.source
        );
    }
    let from_files = lantern(&Options::default());
    // Everything but the labels (which carry the commit hash) must agree.
    let key = |h: &History| -> Vec<String> {
        h.timeline
            .iter()
            .map(|e| {
                format!(
                    "{:?} {} {} {} {} {} {:?}",
                    e.date,
                    e.tree,
                    e.category,
                    e.change,
                    e.negated,
                    e.action,
                    e.evidence.as_ref().map(|x| (x.line, &x.quote))
                )
            })
            .collect()
    };
    assert_eq!(key(&h), key(&from_files));
    let changes = |h: &History| -> Vec<Vec<SentenceChange>> {
        h.diffs.iter().map(|d| d.changes.clone()).collect()
    };
    assert_eq!(changes(&h), changes(&from_files));

    // Renamed later: --follow still finds the three versions under the old name.
    git_in(r, &["mv", file, "Lantern/Privacy.md"], None);
    git_in(
        r,
        &["commit", "-q", "-m", "rename"],
        Some("2023-01-01T00:00:00+00:00"),
    );
    let h = from_git(r, "Lantern/Privacy.md", &VOCAB, &Options::default()).unwrap();
    assert_eq!(h.versions.len(), 4);
    assert!(h.versions[0].source.ends_with(":Lantern/Privacy Policy.md"));
    assert!(h.diffs[2].changes.is_empty());

    // Errors name the repository and the file.
    let err = from_git(r, "Lantern/Nothing.md", &VOCAB, &Options::default()).unwrap_err();
    assert!(
        err.contains("Lantern/Nothing.md") && err.contains(&r.display().to_string()),
        "{err}"
    );
    let not_repo = tempfile::tempdir().unwrap();
    let err = from_git(not_repo.path(), file, &VOCAB, &Options::default()).unwrap_err();
    assert!(
        err.contains(file) && err.contains("not a git repository"),
        "{err}"
    );
    let err = from_git(&r.join("missing"), file, &VOCAB, &Options::default()).unwrap_err();
    assert!(err.contains("missing"), "{err}");
}

#[test]
fn many_statements_naming_one_category_are_counted_in_flat() {
    // One sale statement naming advertisers twice, repeated 100,000 times: a state holds what
    // the first says and which actions they use, not each statement (the state held a
    // reference to every one, and the version every declaration).
    let doc = Document::parse(
        "v.md",
        "We sell your email address to advertisers and other advertisers.\n",
        Format::Markdown,
    );
    let one = extract::extract(&doc, &VOCAB);
    assert_eq!(one.len(), 1, "{one:?}");
    let mut st = State::default();
    for at in 1..=100_000 {
        add_to_state(&mut st, at, &one[0], "v1", true);
    }
    for (tree, category) in [(0, "advertiser"), (1, "data-sale"), (2, "email")] {
        let p = &st[tree][category];
        assert!(p.affirmed_only(), "{category}");
        assert_eq!(p.affirmed.actions, vec![(Action::Sell, 1)]);
        let (first, evidence) = p.affirmed.first.as_ref().unwrap();
        assert_eq!(*first, 1);
        assert_eq!(evidence.version.as_deref(), Some("v1"));
    }
}

#[test]
fn the_first_statement_in_document_order_speaks_whatever_order_they_come_in() {
    // The extractor passes on statements naming an organisation last (whether it is the
    // policy's own is known at the end): the evidence and the order of actions are still
    // those of the document.
    let doc = Document::parse(
        "v.md",
        "We share your email address with advertisers.\n\nWe sell your email address to advertisers.\n",
        Format::Markdown,
    );
    let decls = extract::extract(&doc, &VOCAB);
    assert_eq!(decls.len(), 2, "{decls:?}");
    let mut st = State::default();
    add_to_state(&mut st, 7, &decls[1], "v1", true);
    add_to_state(&mut st, 3, &decls[0], "v1", true);
    let p = &st[0]["advertiser"];
    assert_eq!(p.affirmed.actions(), "share/sell");
    let (first, evidence) = p.affirmed.first.as_ref().unwrap();
    assert_eq!((*first, evidence.line), (3, 1));
    // Versions made from a document agree with the declarations extracted from it.
    let v = version("v1".into(), None, "v.md".into(), doc, &VOCAB);
    assert_eq!((v.declarations, v.sharing), (2, 2));
    assert_eq!(v.state[0]["advertiser"].affirmed.actions(), "share/sell");
}

#[test]
fn sharing_quotes_are_found_whole_and_cut_on_their_line() {
    let long = format!(
        "We share your email address with {}.",
        "advertisers and ".repeat(40)
    );
    let doc = Document::parse(
        "v.md",
        &format!("We sell your email address to advertisers.\n\n{long}\n"),
        Format::Markdown,
    );
    let decls = extract::extract(&doc, &VOCAB);
    let mut quotes = diff::SharingQuotes::default();
    for d in &decls {
        quotes.add(d.evidence.line, &d.evidence.quote);
    }
    assert!(quotes.declares(1, "We sell your email address to advertisers."));
    assert!(!quotes.declares(2, "We sell your email address to advertisers."));
    assert!(!quotes.declares(1, "We sell your email address to advertisers"));
    let cut = decls.iter().find(|d| d.evidence.line == 3).expect("line 3");
    assert!(cut.evidence.quote.ends_with('…'), "{}", cut.evidence.quote);
    assert!(quotes.declares(3, &long));
    assert!(!quotes.declares(3, &long[..long.len() / 2]));

    // Many statements on one line: each sentence is looked up, not compared with them all.
    let n = 20_000;
    let mut quotes = diff::SharingQuotes::default();
    for i in 0..n {
        quotes.add(1, &format!("We sell your email address to advertiser {i}."));
    }
    assert!(
        (0..n)
            .all(|i| quotes.declares(1, &format!("We sell your email address to advertiser {i}.")))
    );
    assert!(!quotes.declares(1, &format!("We sell your email address to advertiser {n}.")));
}
