//! Verdict rules on small policies and ledgers written here.

use super::*;
use crate::document::{Document, Format};
use crate::practice::{Options, Resolver, read_logs};
use std::io::Write;

fn policy(text: &str, vocab: &Vocabulary) -> PolicySet {
    let doc = Document::parse("policy.md", text, Format::Markdown);
    let declarations = crate::extract::extract(&doc, vocab);
    PolicySet {
        versions: vec![PolicyVersion {
            date: None,
            files: Vec::new(),
            declarations,
        }],
    }
}

#[allow(clippy::vec_box)] // as `Evidence` holds them
fn flows(csv: &str, vocab: &Vocabulary) -> Vec<Box<Flow>> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ledger.csv");
    std::fs::File::create(&p)
        .unwrap()
        .write_all(csv.as_bytes())
        .unwrap();
    let resolver = Resolver::new(vocab);
    let ev = read_logs(&[p], &resolver, &Options::default());
    assert_eq!(ev.logs[0].error, None);
    ev.flows
}

fn check(policy_text: &str, csv: &str) -> Vec<Finding> {
    let vocab = Vocabulary::embedded();
    let set = policy(policy_text, &vocab);
    compare(&vocab, &set, &flows(csv, &vocab))
}

#[test]
fn generic_cover_of_a_broker_for_a_party_is_undisclosed_and_high() {
    let f = check(
        "We may share your details with selected third parties for marketing purposes.\n",
        "recipient,on_behalf_of,purpose,data,records\nExperian Marketing Services,Labour Party,election mailing,parent name; child date of birth,1065200\n",
    );
    assert_eq!(f.len(), 1);
    let f = &f[0];
    assert_eq!(
        (f.verdict, f.undisclosed, f.severity),
        (Verdict::Vague, true, Severity::High)
    );
    assert_eq!(f.judgements.len(), 2);
    assert!(f.judgements.iter().all(|j| j.undisclosed));
    assert_eq!(f.policy_evidence[0].line, 1);
    assert!(
        f.explanation.contains("selected third parties"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("political part"),
        "{}",
        f.explanation
    );
}

#[test]
fn naming_the_category_is_clear_and_a_parent_category_is_vague() {
    let f = check(
        "We share supporter names with political parties.\n",
        "recipient,data\nLabour Party,name\n",
    );
    assert_eq!(
        (f[0].verdict, f[0].severity),
        (Verdict::Clear, Severity::None)
    );
    let f = check(
        "We share supporter names with political organisations.\n",
        "recipient,data\nLabour Party,name\n",
    );
    assert_eq!(
        (f[0].verdict, f[0].undisclosed, f[0].levels),
        (Verdict::Vague, false, Some(1))
    );
    assert_eq!(f[0].severity, Severity::Low);
}

#[test]
fn a_named_owner_covers_its_products() {
    let f = check(
        "We share information about you with Google.\n",
        "recipient,data\nDoubleClick,email\n",
    );
    assert_ne!(f[0].verdict, Verdict::Omitted, "{:?}", f[0]);
}

#[test]
fn negative_statements_make_flows_incorrect_or_ambiguous() {
    let f = check(
        "We never share your health data with advertisers.\n",
        "recipient,data\nMeta,pregnancy\n",
    );
    assert_eq!(
        (f[0].verdict, f[0].severity),
        (Verdict::Incorrect, Severity::High)
    );
    assert!(
        f[0].explanation.contains("does not happen"),
        "{}",
        f[0].explanation
    );
    let f = check(
        "We never sell your personal information.\n\nWe may sell customer lists to data brokers.\n",
        "recipient,purpose,data\nAcxiom,sale of customer list,name\n",
    );
    assert_eq!(f[0].verdict, Verdict::Ambiguous);
}

#[test]
fn a_denial_that_holds_after_an_opt_out_does_not_contradict_a_flow() {
    let denial = "We never share your health data with advertisers.\n";
    let conditional = "If you opt out, we will never share your health data with advertisers.\n";
    let log = "recipient,data\nMeta,pregnancy\n";
    assert_eq!(check(denial, log)[0].verdict, Verdict::Incorrect);
    let f = check(conditional, log);
    assert_ne!(f[0].verdict, Verdict::Incorrect, "{:?}", f[0].judgements);
    assert!(f[0].undisclosed, "{:?}", f[0].judgements);
}

#[test]
fn we_do_not_sell_says_nothing_about_a_flow_that_is_not_a_sale() {
    let f = check(
        "We do not sell your personal information. We share your email address with our email service providers.\n",
        "recipient,recipient_category,data\nMailgun,service provider,email\n",
    );
    assert_eq!(f[0].verdict, Verdict::Clear, "{:?}", f[0].judgements);
}

#[test]
fn data_not_named_by_the_statement_is_omitted() {
    let f = check(
        "We share your email address with advertisers.\n",
        "recipient,data\nCriteo,email; precise location\n",
    );
    assert_eq!(f[0].verdict, Verdict::Omitted);
    assert_eq!(
        f[0].judgements[0].deciding_data.as_deref(),
        Some("precise-location")
    );
}

#[test]
fn except_carves_a_recipient_out() {
    let f = check(
        "We share your information with partners, except political organisations.\n",
        "recipient\nLabour Party\n",
    );
    assert!(f[0].undisclosed, "{:?}", f[0].judgements);
}

#[test]
fn dated_versions_judge_each_flow_by_the_version_in_force() {
    let vocab = Vocabulary::embedded();
    let v1 = policy("We share your details with selected companies.\n", &vocab);
    let v2 = policy("We share your details with political parties.\n", &vocab);
    let d = |s| Date::parse(s).unwrap();
    let set = PolicySet {
        versions: vec![
            PolicyVersion {
                date: Some(d("2017-01-01")),
                ..v1.versions.into_iter().next().unwrap()
            },
            PolicyVersion {
                date: Some(d("2018-06-01")),
                ..v2.versions.into_iter().next().unwrap()
            },
        ],
    };
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("l.csv");
    std::fs::write(&p, "recipient,date\nLabour Party,2016-11-01\nLabour Party,2017-09-01\nLabour Party,2018-09-01\nLabour Party,\n").unwrap();
    let resolver = Resolver::new(&vocab);
    let ev = read_logs(
        &[p],
        &resolver,
        &Options {
            versions: set.dates(),
            ..Options::default()
        },
    );
    let findings = compare(&vocab, &set, &ev.flows);
    let undated = findings.iter().find(|f| f.first_seen.is_none()).unwrap();
    assert!(
        undated
            .notes
            .iter()
            .any(|n| n.contains("no date") && n.contains("2018-06-01")),
        "{:?}",
        undated.notes
    );
    let early = findings
        .iter()
        .find(|f| f.policy_version.is_none())
        .unwrap();
    assert!(
        early
            .explanation
            .contains("No version of the policy was in force"),
        "{}",
        early.explanation
    );
    let mut found: Vec<(Option<String>, Verdict, bool)> = findings
        .into_iter()
        .map(|f| {
            (
                f.policy_version.map(|d| d.to_string()),
                f.verdict,
                f.undisclosed,
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            (None, Verdict::Omitted, true),
            (Some("2017-01-01".into()), Verdict::Vague, true),
            (Some("2018-06-01".into()), Verdict::Clear, false),
            (Some("2018-06-01".into()), Verdict::Clear, false),
        ]
    );
}

#[test]
fn a_purpose_implied_by_naming_the_recipient_does_not_restrict_the_statement() {
    // "Service providers" implies service provision, but the statement writes no purpose, so
    // a flow to a service provider for fraud checks is still covered.
    let text = "We share your email address with our service providers.\n";
    let vocab = Vocabulary::embedded();
    let set = policy(text, &vocab);
    let implied = &set.versions[0].declarations[0].purposes;
    assert_eq!(implied.len(), 1, "{implied:?}");
    assert_eq!(
        (implied[0].term.as_deref(), implied[0].category.as_str()),
        (None, "service-provision")
    );
    let f = check(
        text,
        "recipient,purpose,data\nStripe,fraud prevention,email\n",
    );
    assert_eq!(
        (f[0].verdict, f[0].undisclosed),
        (Verdict::Clear, false),
        "{:?}",
        f[0]
    );
}

#[test]
fn permute_moves_each_item_to_its_place() {
    let mut items: Vec<char> = "abcdef".chars().collect();
    // Position k takes the item now at order[k].
    permute(&mut items, [3, 0, 5, 1, 2, 4].into_iter());
    assert_eq!(items.iter().collect::<String>(), "dafbce");
    let mut same = vec![1, 2, 3];
    permute(&mut same, 0..3);
    assert_eq!(same, [1, 2, 3]);
}

#[test]
fn findings_share_quote_texts_and_sort_most_severe_first() {
    let f = check(
        "We may share your details with selected third parties for marketing purposes.\n\
         We never share your data with data brokers.\n",
        "recipient,data,records\nOrg A,email,5\nExperian Marketing Services,email,7\nOrg B,email,9\n",
    );
    // Most severe first, then most records, then first appearance.
    let order: Vec<(&str, Severity)> = f
        .iter()
        .map(|x| (x.recipient.name.as_str(), x.severity))
        .collect();
    assert_eq!(order[0].0, "Experian Marketing Services", "{order:?}");
    assert_eq!(
        order[1..].iter().map(|o| o.0).collect::<Vec<_>>(),
        ["Org B", "Org A"]
    );
    // One copy of a policy sentence, however many findings quote it.
    let quotes: Vec<&PolicyQuote> = f
        .iter()
        .flat_map(|x| x.policy_evidence.iter())
        .filter(|q| q.line == 1)
        .collect();
    assert!(quotes.len() >= 2, "{quotes:?}");
    assert!(
        quotes
            .windows(2)
            .all(|w| std::ptr::eq(w[0].quote.as_str(), w[1].quote.as_str())),
        "{quotes:?}"
    );
}

#[test]
fn a_kind_named_as_an_example_covers_only_its_own_kind() {
    let policy = "We may also use other companies to help us run the Club, for example printing and mailing houses.\n";
    // A mailing house is covered by "mailing houses" itself.
    let f = check(
        policy,
        "recipient,recipient_category\nThameside Print,mailing house\n",
    );
    assert_eq!(f[0].verdict, Verdict::Clear);
    // A payment processor is not a mailing house: only "other companies" covers it.
    let f = check(
        policy,
        "recipient,recipient_category\nStripe,payment processor\n",
    );
    assert_eq!(f[0].verdict, Verdict::Vague);
    let terms: Vec<&str> = f[0].decided_by[0]
        .terms
        .iter()
        .map(|t| t.as_str())
        .collect();
    assert_eq!(terms, ["other companies"]);
    assert_eq!(f[0].levels, Some(2));
}

/// A check holds one `Finding` per flow until it writes them: rare parts take one pointer
/// each and lists shared between findings take one (issue 17 row 7). Before, a finding took
/// 560 bytes. (328: one pointer more for the origin of flows from a person's own records,
/// issue 22.)
#[test]
fn findings_stay_small() {
    let size = std::mem::size_of::<Finding>();
    eprintln!("Finding: {size} bytes");
    assert!(size <= 328, "Finding: {size} bytes");
}

const COURIER_POLICY: &str = "We share your delivery address with couriers so that they can deliver your order.\n\nWe never sell your personal information.\n";

#[test]
fn one_ordinary_item_more_than_the_statement_names_is_partly_disclosed_and_low() {
    let f = check(
        COURIER_POLICY,
        "recipient,recipient_category,purpose,data,records\nSwiftline Couriers,courier,delivery,customer name; delivery address,3120\n",
    );
    let f = &f[0];
    assert_eq!(
        (f.verdict, f.undisclosed, f.partly, f.severity),
        (Verdict::Vague, false, true, Severity::Low),
        "{}",
        f.explanation
    );
    assert_eq!(f.levels, Some(0));
    assert_eq!(&f.undisclosed_data[..], ["name".to_string()]);
    assert_eq!(f.decided_by[0].line, 1);
    assert!(f.judgements[0].partly);
    // The explanation names the covering statement, what it covers, the data it leaves out, and
    // the denial that does not apply.
    for part in [
        "only in part: line 1 (\"We share your delivery address with couriers",
        "covers postal address, but no statement discloses name going to Swiftline Couriers",
        "Line 3 (\"We never sell your personal information.\") does not apply: the flow is not a sale.",
    ] {
        assert!(
            f.explanation.contains(part),
            "{part:?} in {}",
            f.explanation
        );
    }
}

#[test]
fn every_ordinary_item_left_out_is_named() {
    let f = check(
        COURIER_POLICY,
        "recipient,recipient_category,purpose,data\nSwiftline Couriers,courier,delivery,customer name; delivery address; email address\n",
    );
    assert_eq!((f[0].verdict, f[0].partly), (Verdict::Vague, true));
    assert_eq!(
        &f[0].undisclosed_data[..],
        ["name".to_string(), "email".to_string()]
    );
    assert!(
        f[0].explanation.contains("name and email address going to"),
        "{}",
        f[0].explanation
    );
}

#[test]
fn a_special_item_left_out_keeps_the_flow_undisclosed() {
    let f = check(
        COURIER_POLICY,
        "recipient,recipient_category,purpose,data\nMedway Couriers,courier,delivery,delivery address; prescription\n",
    );
    assert_eq!(
        (f[0].verdict, f[0].undisclosed, f[0].partly, f[0].severity),
        (Verdict::Omitted, true, false, Severity::High)
    );
    assert!(f[0].undisclosed_data.is_empty());
    assert!(
        f[0].explanation.contains("must name sensitive data"),
        "{}",
        f[0].explanation
    );
    // Financial data counts as sensitive here too, though the vocabulary leaves it ordinary.
    let f = check(
        COURIER_POLICY,
        "recipient,recipient_category,purpose,data\nMedway Couriers,courier,delivery,delivery address; card number\n",
    );
    assert_eq!(
        (f[0].verdict, f[0].undisclosed, f[0].partly, f[0].severity),
        (Verdict::Omitted, true, false, Severity::Medium)
    );
}

#[test]
fn a_purpose_the_statement_does_not_cover_is_not_partly_disclosed() {
    // The couriers statement is for delivery; this transfer is for marketing.
    let f = check(
        COURIER_POLICY,
        "recipient,recipient_category,purpose,data\nSwiftline Couriers,courier,marketing,customer name; delivery address\n",
    );
    assert_eq!(
        (f[0].verdict, f[0].undisclosed, f[0].partly),
        (Verdict::Omitted, true, false),
        "{}",
        f[0].explanation
    );
    assert!(
        f[0].explanation.contains("does not cover it: it is about"),
        "{}",
        f[0].explanation
    );
}

#[test]
fn a_recipient_covered_only_broadly_is_not_partly_disclosed() {
    // "Other companies" reaches a courier only through a broader term: the recipient is not
    // clearly disclosed, so a name beside the address stays undisclosed.
    let f = check(
        "We share your delivery address with other companies so that they can deliver your order.\n",
        "recipient,recipient_category,purpose,data\nSwiftline Couriers,courier,delivery,customer name; delivery address\n",
    );
    assert_eq!((f[0].verdict, f[0].partly), (Verdict::Omitted, false));
}

#[test]
fn a_purpose_covered_only_broadly_is_not_partly_disclosed() {
    // "Marketing" covers third parties' own marketing one level up: the address is vaguely
    // covered, the recipient's purpose not clearly, so the name beside it stays undisclosed.
    let f = check(
        "We share your postal address with couriers for marketing.\n",
        "recipient,recipient_category,purpose,data\nSwiftline Couriers,courier,third party marketing,customer name; delivery address\n",
    );
    assert_eq!(
        (f[0].verdict, f[0].undisclosed, f[0].partly),
        (Verdict::Omitted, true, false),
        "{}",
        f[0].explanation
    );
    // The address alone is covered, one level broader: the cover the name fails beside.
    let f = check(
        "We share your postal address with couriers for marketing.\n",
        "recipient,recipient_category,purpose,data\nSwiftline Couriers,courier,third party marketing,delivery address\n",
    );
    assert_eq!((f[0].verdict, f[0].levels), (Verdict::Vague, Some(1)));
}

#[test]
fn a_sale_must_name_every_item_sold() {
    let sale = "recipient,purpose,data\nAcxiom,sale of customer list,email address; name\n";
    let f = check("We may sell your email address to data brokers.\n", sale);
    assert_eq!(
        (f[0].verdict, f[0].undisclosed, f[0].partly),
        (Verdict::Omitted, true, false),
        "{}",
        f[0].explanation
    );
    // The same sale with every item named is clear: the email alone was covered clearly.
    let f = check(
        "We may sell your email address and name to data brokers.\n",
        sale,
    );
    assert_eq!(f[0].verdict, Verdict::Clear, "{}", f[0].explanation);
}

#[test]
fn explanations_weigh_denials_and_exceptions_and_stay_bounded() {
    // A denial for other recipients with an exception for this one, a denial about other data,
    // and a denial of sale, beside the statement that covers the flow.
    let policy = "We share your name and email address with Mailchimp, which sends our newsletter.\n\n\
We will not share your personal information with third parties other than our mailing provider.\n\n\
We never share your health data with anyone.\n\n\
We never sell your personal information.\n";
    let f = check(
        policy,
        "recipient,recipient_category,data\nMailchimp,mailing provider,name; email address\n",
    );
    let e = &f[0].explanation;
    assert_eq!(f[0].verdict, Verdict::Clear, "{e}");
    assert!(e.contains("The policy discloses this: line 1:"), "{e}");
    assert!(
        e.contains("makes an exception for \"mailing provider\" that covers it too"),
        "{e}"
    );
    assert!(
        e.contains("it is about health data, which this flow does not carry"),
        "{e}"
    );
    assert!(e.contains("the flow is not a sale"), "{e}");
    // Many statements: at most four are quoted, the others counted and cited by line.
    let many: String = (0..9)
        .map(|i| format!("We never sell your personal information (promise {i}).\n\n"))
        .collect();
    let f = check(
        &format!("{policy}\n{many}"),
        "recipient,recipient_category,data\nMailchimp,mailing provider,name; email address\n",
    );
    let e = &f[0].explanation;
    assert_eq!(
        e.matches("(\"").count() + e.matches(": \"").count(),
        4,
        "{e}"
    );
    assert!(e.contains("more statements were weighed: line"), "{e}");
    assert!(e.len() < 1500, "{} bytes: {e}", e.len());
}

#[test]
fn partly_disclosed_data_beside_a_contested_item_is_ambiguous_and_partly() {
    // The address is both allowed and denied; the name, ordinary, is named by neither.
    let f = check(
        "We share your delivery address with couriers so that they can deliver your order.\n\nWe do not share your delivery address with third parties.\n",
        "recipient,recipient_category,purpose,data\nSwiftline Couriers,courier,delivery,customer name; delivery address\n",
    );
    assert_eq!(
        (f[0].verdict, f[0].undisclosed, f[0].partly, f[0].severity),
        (Verdict::Ambiguous, false, true, Severity::Low),
        "{}",
        f[0].explanation
    );
    assert_eq!(&f[0].undisclosed_data[..], ["name".to_string()]);
    assert!(
        f[0].explanation.contains("both allows and denies it")
            && f[0]
                .explanation
                .contains("No statement discloses name going to Swiftline Couriers"),
        "{}",
        f[0].explanation
    );
}

#[test]
fn under_a_vague_verdict_another_generic_cover_does_not_read_as_a_disclosure() {
    let f = check(
        "We may share your details with selected third parties for marketing purposes.\n\nWe may also use other companies to help us run the Club.\n",
        "recipient,on_behalf_of,purpose,data,records\nExperian Marketing Services,Labour Party,election mailing,parent name,1065200\n",
    );
    let f = &f[0];
    assert_eq!(f.verdict, Verdict::Vague);
    assert!(
        !f.explanation.contains("also covers it"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("covers it no more specifically"),
        "{}",
        f.explanation
    );
}

#[test]
fn findings_built_when_written_are_the_findings_built_once_and_kept() {
    let vocab = Vocabulary::embedded();
    let set = policy(
        "We may share your details with selected third parties for marketing purposes.\n\
         We never share your data with data brokers.\n",
        &vocab,
    );
    let csv = "recipient,data,records\nOrg A,email,5\nExperian Marketing Services,email,7\n\
               Org B,health,9\nGoogle,email,1\n";
    let flows = flows(csv, &vocab);
    let findings = Findings::judge(&vocab, &set, flows.clone());
    let json = |f: &Finding| serde_json::to_string(f).unwrap();
    let kept: Vec<String> = compare(&vocab, &set, &flows).iter().map(json).collect();
    // Built on every pass a report makes, each the same as the one `compare` keeps.
    for _ in 0..2 {
        let built: Vec<String> = findings.iter().map(|f| json(&f)).collect();
        assert_eq!(built, kept);
    }
    // The briefs the summaries count agree with the findings, in the same order.
    let briefs: Vec<(Verdict, Severity, bool, u64)> = findings
        .briefs()
        .iter()
        .map(|b| (b.verdict, b.severity, b.undisclosed, b.records))
        .collect();
    let of_findings: Vec<(Verdict, Severity, bool, u64)> = findings
        .iter()
        .map(|f| (f.verdict, f.severity, f.undisclosed, f.records))
        .collect();
    assert_eq!(briefs, of_findings);
    assert!(briefs.iter().any(|b| b.2), "{briefs:?}");
    assert_eq!(findings.len(), 4);
}

#[test]
fn a_denial_of_particular_data_no_category_names_does_not_contradict_a_flow() {
    let log = "recipient,data\nAcxiom,email\n";
    let general = "We will never share your personal information with data brokers.\n";
    assert_eq!(check(general, log)[0].verdict, Verdict::Incorrect);
    // Only the form data is denied; whether the flow carries it no category says.
    let particular = "We will never share your form data with data brokers.\n";
    let f = check(particular, log);
    assert_ne!(f[0].verdict, Verdict::Incorrect, "{:?}", f[0].judgements);
    assert!(
        f[0].explanation
            .contains("\u{201c}your form data\u{201d} only"),
        "{}",
        f[0].explanation
    );
}
