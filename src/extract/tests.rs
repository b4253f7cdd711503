use super::*;
use crate::vocab::Vocabulary;
use std::sync::LazyLock;

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(Vocabulary::embedded);

fn decls(md: &str) -> Vec<Declaration> {
    let doc = Document::parse("t.md", md, Format::Markdown);
    extract(&doc, &VOCAB)
}

/// (action, negated, recipient categories) of each declaration.
fn summary(md: &str) -> Vec<(String, bool, Vec<String>)> {
    decls(md)
        .into_iter()
        .map(|d| {
            (
                d.action.as_str().to_string(),
                d.negated,
                d.recipients.into_iter().map(|m| m.category).collect(),
            )
        })
        .collect()
}

/// A sentence that declares no sharing of any kind.
fn assert_no_sharing(sentence: &str) {
    let sharing: Vec<Declaration> = decls(sentence)
        .into_iter()
        .filter(|d| d.action.is_sharing())
        .collect();
    assert!(sharing.is_empty(), "{sentence}: {sharing:#?}");
}

fn s(action: &str, negated: bool, recipients: &[&str]) -> (String, bool, Vec<String>) {
    (
        action.to_string(),
        negated,
        recipients.iter().map(|r| r.to_string()).collect(),
    )
}

#[test]
fn plain_sharing_sentence() {
    assert_eq!(
        summary("We may share your information with selected third parties for marketing.\n"),
        vec![s("share", false, &["third-party"])]
    );
}

#[test]
fn negation_with_implicit_recipient() {
    assert_eq!(
        summary("We do not sell your personal information.\n"),
        vec![s("sell", true, &["third-party"])]
    );
    let d = &decls("We will never sell your personal information.\n")[0];
    assert_eq!(d.recipients[0].term, None);
    assert!(d.negated);
}

#[test]
fn coordinated_negated_verbs() {
    assert_eq!(
        summary("We do not sell, rent or share your personal data with third parties.\n"),
        vec![
            s("sell", true, &["third-party"]),
            s("rent", true, &["third-party"]),
            s("share", true, &["third-party"])
        ]
    );
    assert_eq!(
        summary("We neither sell nor rent your data.\n"),
        vec![
            s("sell", true, &["third-party"]),
            s("rent", true, &["third-party"])
        ]
    );
}

#[test]
fn negated_subject() {
    assert_eq!(
        summary("No personal data is shared with advertisers.\n"),
        vec![s("share", true, &["advertiser"])]
    );
}

#[test]
fn negation_does_not_reach_across_clauses() {
    assert_eq!(
        summary("We do not sell your data, but we share it with service providers.\n"),
        vec![
            s("sell", true, &["third-party"]),
            s("share", false, &["service-provider"])
        ]
    );
    assert_eq!(
        summary("We share data that does not identify you with advertisers.\n"),
        vec![s("share", false, &["advertiser"])]
    );
}

#[test]
fn exception_is_carved_out_and_disclosed() {
    let d = decls("We will not share your details with anyone other than our mailing provider.\n");
    assert!(d[0].negated);
    assert!(
        d.iter().any(|d| !d.negated
            && d.recipients
                .iter()
                .any(|r| r.category == "service-provider")),
        "{d:#?}"
    );
    let d = decls("We share data with partners, except political parties.\n");
    assert!(!d[0].negated);
    assert_eq!(d[0].except[0].category, "political-party");
}

#[test]
fn conditions() {
    let d = decls("We may disclose your information if required by law.\n");
    assert_eq!(d[0].condition, Some(Condition::LegalObligation));
    let d = decls("With your consent, we may share your email with our partners.\n");
    assert_eq!(d[0].condition, Some(Condition::Consent));
    let d = decls(
        "In the event of a merger or acquisition, your data may be transferred to the acquirer.\n",
    );
    assert_eq!(d[0].condition, Some(Condition::BusinessTransfer));
}

#[test]
fn lead_in_governs_list_items() {
    let d = decls(
        "We may share your personal data with:\n\n- payment processors\n- our group companies\n",
    );
    let cats: Vec<&str> = d
        .iter()
        .map(|d| d.recipients[0].category.as_str())
        .collect();
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(d[0].evidence.line, 3);
    assert!(cats[1] == "affiliate", "{cats:?}");
    assert_eq!(
        d[0].evidence.context.as_deref(),
        Some("We may share your personal data with:")
    );
}

#[test]
fn heading_scopes_verbless_paragraphs() {
    let d = decls(
        "## Who we share your information with\n\nAdvertising partners, who show you relevant ads.\n",
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].action, Action::Share);
    assert_eq!(d[0].recipients[0].category, "advertiser");
    // A paragraph that names third parties but says nothing of data or purpose is not a
    // sharing statement, even under such a heading.
    let d = decls(
        "## How we share your information

Our site includes links to third-party websites.
",
    );
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn named_organisations_resolve() {
    let d =
        decls("We use Google Analytics to understand traffic, and we share data with Experian.\n");
    let ents: Vec<Option<&str>> = d
        .iter()
        .flat_map(|d| d.recipients.iter().map(|r| r.entity.as_deref()))
        .collect();
    assert!(ents.contains(&Some("Experian")), "{d:#?}");
}

#[test]
fn third_party_collection_is_collect_with_recipient() {
    let d = decls(
        "Our advertising partners may place cookies to collect information about your visits.\n",
    );
    assert_eq!(d[0].action, Action::Collect);
    assert_eq!(d[0].recipients[0].category, "advertiser");
}

#[test]
fn first_party_collection_has_no_recipient() {
    let d = decls("We collect your name and email address when you register.\n");
    assert_eq!(d[0].action, Action::Collect);
    assert!(d[0].recipients.is_empty());
    assert!(d[0].data.iter().any(|m| m.category == "email"), "{d:#?}");
}

#[test]
fn ccpa_table_rows_are_statements() {
    let md = "| Category of personal information | Categories of third parties | Sold or shared |\n|---|---|---|\n| Identifiers | Advertising networks | Yes |\n| Geolocation | None | No |\n";
    let d = decls(md);
    assert!(
        d.iter().any(|d| d.evidence.line == 3
            && !d.negated
            && d.recipients[0].category == "advertiser"),
        "{d:#?}"
    );
    assert!(
        d.iter()
            .any(|d| d.evidence.line == 3 && d.action == Action::Sell && !d.negated)
    );
    assert!(
        d.iter()
            .any(|d| d.evidence.line == 4 && d.action == Action::Sell && d.negated)
    );
}

#[test]
fn links_to_third_party_sites_are_not_sharing() {
    assert!(summary("Our site contains links to third-party websites.\n").is_empty());
    assert!(
        summary("We are not responsible for the privacy practices of third parties.\n").is_empty()
    );
}

#[test]
fn users_own_sharing_is_not_the_organisations() {
    assert!(
        summary("You may share your posts with other users.\n")
            .iter()
            .all(|d| d.0 != "share")
    );
}

#[test]
fn quotes_are_bounded() {
    let long = format!(
        "We share data with partners {}.\n",
        "and more words ".repeat(200)
    );
    let d = decls(&long);
    assert!(d[0].evidence.quote.len() <= MAX_QUOTE + 3);
}

/// Purpose categories of each declaration, with the term as written (None when implied).
fn purposes(md: &str) -> Vec<Vec<(Option<String>, String)>> {
    decls(md)
        .into_iter()
        .filter(|d| d.action.is_sharing())
        .map(|d| {
            d.purposes
                .into_iter()
                .map(|m| (m.term, m.category))
                .collect()
        })
        .collect()
}

#[test]
fn a_following_sentence_of_examples_extends_the_sharing_statement() {
    let md = "We disclose information to companies that work on our behalf. Examples include \
              hosting our servers, analysing data and fraud prevention.\n";
    let d = decls(md);
    let share: Vec<&Declaration> = d.iter().filter(|d| d.action.is_sharing()).collect();
    assert_eq!(share.len(), 1, "{d:?}");
    let cats: Vec<&str> = share[0]
        .purposes
        .iter()
        .map(|m| m.category.as_str())
        .collect();
    for p in ["service-provision", "analytics-research", "security-fraud"] {
        assert!(cats.contains(&p), "{p} in {cats:?}");
    }
    // "These companies" says what the recipients do: its purposes count, a fresh sentence's
    // do not.
    let p = purposes(
        "We share your email with our partners. These companies use it for marketing.\n\n\
         We share your email with our partners. We also use cookies for analytics.\n",
    );
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].iter().any(|(_, c)| c == "marketing"), "{p:?}");
    assert!(p[1].iter().all(|(_, c)| c != "analytics-research"), "{p:?}");
}

#[test]
fn naming_a_recipient_by_its_function_implies_a_purpose_only_when_none_is_written() {
    assert_eq!(
        purposes("We share your card details with our payment processors.\n"),
        vec![vec![(None, "service-provision".to_string())]]
    );
    assert_eq!(
        purposes("We share your card details with payment processors for fraud prevention.\n"),
        vec![vec![(
            Some("fraud prevention".to_string()),
            "security-fraud".to_string()
        )]]
    );
    // A denial implies nothing.
    assert_eq!(
        purposes("We never share your email with payment processors.\n"),
        vec![Vec::<(Option<String>, String)>::new()]
    );
}

#[test]
fn a_verb_form_after_a_determiner_is_a_noun() {
    // "unauthorized use" is not a verb: the carve-out clauses after ";" join the disclosure.
    let p = purposes(
        "We may disclose personal information if required by law; to protect against \
         unauthorized use of our services; or to investigate fraud.\n",
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].iter().any(|(_, c)| c == "security-fraud"), "{p:?}");
    // "your use of the service" is not first-party use.
    let d = decls("Your use of your personal data in the app is governed by these terms.\n");
    assert!(d.iter().all(|d| d.action != Action::Use), "{d:?}");
}

#[test]
fn moving_data_abroad_is_not_a_recipient() {
    // A transfer to a country has no one on the other end...
    assert!(
        summary("Your information may be transferred to servers in the United States.\n")
            .is_empty()
    );
    // ...but a denied transfer, or one in a business sale, does.
    assert_eq!(
        summary("No information from this file is transferred.\n"),
        vec![s("transfer", true, &["third-party"])]
    );
    assert_eq!(
        summary("In the event of a merger, we may transfer your personal information.\n"),
        vec![s("transfer", false, &["business-transferee"])]
    );
}

#[test]
fn except_as_described_is_not_a_carve_out() {
    // The recipients after "except as ..." are still denied, not affirmed.
    assert_eq!(
        summary(
            "Except as outlined below, we do not sell your information to any outside organisation.\n"
        ),
        vec![s("sell", true, &["third-party"])]
    );
    assert_eq!(
        summary("We do not share your data with anyone except our payment processor.\n")
            .into_iter()
            .filter(|d| !d.1)
            .count(),
        1
    );
}

#[test]
fn the_users_choices_and_rights_over_sharing_are_not_sharing() {
    for sentence in [
        "If you do not wish your personal information to be shared with third parties, click here.\n",
        "You may request that we not share your information with our affiliates.\n",
        "California residents may request a list of third parties to whom we disclosed information.\n",
        "You can limit the collection, use and sharing of your information.\n",
        "We are not responsible for how third parties may collect or use your information.\n",
        "It is possible that third parties may unlawfully intercept or collect transmissions over an unsecured network.\n",
        "Under California law, residents have the right to receive, once a year, information \
         about third parties with whom we have shared personal information.\n",
    ] {
        let to_others = decls(sentence)
            .into_iter()
            .filter(|d| !d.recipients.is_empty())
            .count();
        assert_eq!(to_others, 0, "{sentence}");
    }
    // Reserving a right is a statement.
    assert_eq!(
        summary("We reserve the right to disclose your information to law enforcement.\n"),
        vec![s("disclose", false, &["law-enforcement"])]
    );
}

#[test]
fn engaging_a_third_party_names_a_recipient() {
    assert_eq!(
        summary("We contract with other companies to provide services on our behalf.\n"),
        vec![s("share", false, &["third-party"])]
    );
    assert_eq!(
        summary("OpenSecrets uses Google Analytics to learn how visitors use the site.\n"),
        vec![s("collect", false, &["analytics-provider"])]
    );
    // Without a recipient as its object, the verb says nothing of data.
    assert!(summary("We work hard to protect your data.\n").is_empty());
    // "collect ... with anyone" is not taking anyone on.
    assert_eq!(
        summary("We will not share any information we collect with anyone.\n"),
        vec![s("share", true, &["third-party"])]
    );
}

#[test]
fn naming_an_act_is_not_doing_it() {
    // A list of nouns ("the collection, use and disclosure of") or a child's act says nothing
    // of where data goes...
    for sentence in [
        "By using the site you consent to the collection, use and disclosure of your information.\n",
        "We do not ask children to disclose more information than is necessary.\n",
        "If we learn that a child who discloses personal information is under 13, we delete it.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // ...but denying the act does.
    assert_eq!(
        summary("There is no sale of your personal information.\n"),
        vec![s("sell", true, &["third-party"])]
    );
}

#[test]
fn data_coming_to_us_or_to_you_is_not_sharing() {
    for sentence in [
        "The social media site will give us certain information about you.\n",
        "We may receive information about you from other sources, such as social networks.\n",
        "We offer newsletters to share information with you about our affiliates.\n",
        "This statement is provided on behalf of Acme Insurance and its affiliates.\n",
        "You should review the information sharing practices of such third parties.\n",
    ] {
        assert_no_sharing(sentence);
    }
}

#[test]
fn a_question_asks_and_does_not_declare() {
    assert!(summary("What information about you do we share with other parties?\n").is_empty());
    // A question that introduces a list still governs its items.
    let md = "Who do we share your data with?\n\n- payment processors\n";
    assert_eq!(summary(md), vec![s("share", false, &["payment-processor"])]);
}

#[test]
fn describing_how_data_is_shared_is_not_sharing_it() {
    for sentence in [
        "For information about how the third party site may disclose your information, see its policy.\n",
        "We will post changes so that you know how we use information and whether we disclose it to anyone.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // A relative clause still declares.
    let relative: Vec<_> =
        summary("Devices may store your data, which may be shared with our affiliates.\n")
            .into_iter()
            .filter(|d| d.0 == "share")
            .collect();
    assert_eq!(relative, vec![s("share", false, &["affiliate"])]);
    assert_eq!(
        summary("We may transfer your data to anyone to whom we transfer our rights.\n"),
        vec![s("transfer", false, &["third-party"])]
    );
}

#[test]
fn whoever_is_outside_an_organisation_is_a_third_party_and_it_is_not() {
    assert_eq!(
        summary(
            "We will share personal information with companies or individuals outside of Google with your consent.\n"
        ),
        vec![s("share", false, &["third-party"])]
    );
}

#[test]
fn letting_a_third_party_see_data_shares_it() {
    assert_eq!(
        summary("Our networking features allow third parties to see your personal information.\n"),
        vec![s("share", false, &["third-party"])]
    );
    assert!(summary("To see a list of our affiliated companies, click here.\n").is_empty());
}

#[test]
fn denying_a_third_party_permission_to_collect_is_a_denial() {
    assert_eq!(
        summary("We do not authorize third parties to collect personal information on the site.\n"),
        vec![s("collect", true, &["third-party"])]
    );
    assert_eq!(
        summary("We allow advertising partners to collect information about your visits.\n"),
        vec![s("collect", false, &["advertiser"])]
    );
}

#[test]
fn examples_extend_an_engaged_or_collecting_third_party_too() {
    let md = "We employ other companies and individuals to perform functions on our behalf. \
              Examples include analyzing data and providing marketing assistance.\n";
    let d = decls(md);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].action, Action::Share);
    let cats: Vec<&str> = d[0].purposes.iter().map(|m| m.category.as_str()).collect();
    assert!(cats.contains(&"analytics-research"), "{cats:?}");
    // A third party collecting through its tool is extended as well.
    let d = decls("We use Google Analytics. These tools also help us detect fraud.\n");
    let collect = d
        .iter()
        .find(|d| d.action == Action::Collect)
        .expect("collect");
    assert!(
        collect
            .purposes
            .iter()
            .any(|m| m.category == "security-fraud"),
        "{d:?}"
    );
}

#[test]
fn fragments_after_a_lead_in_are_governed_by_it() {
    let md = "Your personal information may be disclosed:\n\nto satisfy any applicable laws or regulations,\n\nto defend ourselves in litigation.\n";
    let d = decls(md);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(
        d.iter()
            .all(|d| d.action == Action::Disclose && !d.recipients.is_empty())
    );
    assert!(
        d[0].purposes
            .iter()
            .any(|m| m.category == "legal-compliance"),
        "{d:#?}"
    );
    // Under a first-party lead-in, an item's "on behalf of our partners" names no recipient.
    let d = decls(
        "We use your information:\n\nto send you offers on behalf of our marketing partners;\n",
    );
    assert!(d.iter().all(|d| d.recipients.is_empty()), "{d:#?}");
}

#[test]
fn items_under_a_sharing_item_share_the_same_way() {
    let md = "We may share personal information with others, such as:\n\n\
              - Law enforcement authorities and courts, when:\n  \
              - we believe in good faith that the law requires it\n  \
              - to protect our rights or the safety of others\n";
    let d = decls(md);
    let lines: Vec<u32> = d.iter().map(|d| d.evidence.line).collect();
    assert_eq!(lines, vec![1, 3, 4, 5], "{d:#?}");
    for d in &d[1..] {
        assert_eq!(d.action, Action::Share);
        assert!(
            d.recipients.iter().any(|m| m.category == "law-enforcement"),
            "{d:#?}"
        );
    }
    assert!(
        d[3].purposes.iter().any(|m| m.category == "security-fraud"),
        "{d:#?}"
    );
}

#[test]
fn a_reason_item_behind_a_bullet_character_is_governed_by_its_lead_in() {
    // "● To review..." gives a reason as "To review..." does: the lead-in's statement carries
    // it (its quote is the context), instead of the item's own verbs standing alone.
    let md = "In the following cases, we will use personal data:\n\n\
              ● To review the reports we collect for fraud;\n";
    let d = decls(md);
    assert!(!d.is_empty(), "{d:#?}");
    assert!(d.iter().all(|d| d.evidence.context.is_some()), "{d:#?}");
}

#[test]
fn denying_a_practice_denies_the_act() {
    assert_eq!(
        summary(
            "It is not the practice of example.com to share any information with third-party companies.\n"
        ),
        vec![s("share", true, &["third-party"])]
    );
    assert_eq!(
        summary("It is our practice to share information with our affiliates.\n"),
        vec![s("share", false, &["affiliate"])]
    );
}

#[test]
fn personalised_ads_are_targeting_and_a_better_user_experience_is_not_personalisation() {
    let cats =
        |md: &str| -> Vec<String> { purposes(md).into_iter().flatten().map(|(_, c)| c).collect() };
    let ads = cats(
        "We share device identifiers with ad networks to personalize the advertising you see.\n",
    );
    assert!(ads.contains(&"targeted-advertising".to_string()), "{ads:?}");
    assert!(!ads.contains(&"personalisation".to_string()), "{ads:?}");
    // Content as well as ads: both.
    let both = cats(
        "We share device identifiers with ad networks to provide personalized content and ads.\n",
    );
    assert!(both.contains(&"personalisation".to_string()), "{both:?}");
    let ux = cats("We share usage data with analytics providers to improve our user experience.\n");
    assert!(!ux.contains(&"personalisation".to_string()), "{ux:?}");
}

#[test]
fn the_same_act_by_a_named_subject_is_a_statement_of_its_own() {
    assert!(
        summary("We may collect, or our third party ad server may collect, certain information about your visit.\n")
            .contains(&s("collect", false, &["advertiser"]))
    );
    // "allow our service providers to use": the permitted party acts.
    assert!(
        summary("We may use pixel tags to track visits, or we may allow our third party service providers to use these devices.\n")
            .contains(&s("collect", false, &["service-provider"]))
    );
    // The same act said twice by us stays one statement.
    assert_eq!(
        summary("We collect your email address, and we collect your name.\n"),
        vec![s("collect", false, &[])]
    );
}

#[test]
fn names_and_products_are_not_sales() {
    assert_no_sharing("Visit the Federal Trade Commission website for more information.\n");
    assert_no_sharing("We sell children's products for purchase by adults.\n");
    assert_no_sharing("This notice explains how we disclose its information practices.\n");
    // The verbs still sell when data is their object.
    assert_eq!(
        summary("We do not sell or trade your personal information.\n"),
        vec![s("sell", true, &["third-party"])]
    );
}

#[test]
fn a_passive_collection_is_by_its_agent_not_by_the_subject_before_it() {
    // The program's subject collects nothing: the site does.
    assert!(
        summary(
            "The TRUSTe program covers your personal information collected through this Web site.\n"
        )
        .iter()
        .all(|(_, _, r)| r.is_empty())
    );
    // The agent after "by" collects, through coordinated participles too.
    assert!(
        summary("Your information may be collected by a third-party website hosting provider on our behalf.\n")
            .contains(&s("collect", false, &["service-provider"]))
    );
    assert!(
        summary("That information can be viewed publicly and can be collected and used by third parties.\n")
            .contains(&s("collect", false, &["third-party"]))
    );
    // Active verbs keep their subject.
    assert!(
        summary("Our advertising partners collect information about your visits.\n").contains(&s(
            "collect",
            false,
            &["advertiser"]
        ))
    );
}

#[test]
fn a_verb_form_before_a_verb_or_of_is_a_noun() {
    // "process" is the subject here, not an act of the organisation named before it.
    assert!(
        summary("The TRUSTe dispute resolution process shall be conducted in English.\n")
            .is_empty()
    );
    // "make use of" still uses.
    assert!(
        summary("We make use of Google Analytics on our site.\n")
            .iter()
            .any(|(a, n, r)| a == "collect" && !n && r == &["analytics-provider".to_string()])
    );
}

#[test]
fn swapping_and_authorising_under_a_denial_are_denied() {
    assert_eq!(
        summary(
            "We will not share, sell, rent, swap or authorize any third party to use your email address.\n"
        )
        .into_iter()
        .filter(|(_, negated, _)| !negated)
        .count(),
        0
    );
}

#[test]
fn pointers_defined_terms_and_the_policy_itself_are_not_sharing() {
    // "except as disclosed in this Privacy Policy" points at other statements.
    assert!(
        summary("We will not disclose personal information to third parties, except as disclosed in this Privacy Policy.\n")
            .iter()
            .all(|(_, negated, _)| *negated)
    );
    // "Shared Information" is a defined term in a list of data.
    assert!(
        summary("We will never share your Usage Data, Personal Information, or Shared Information with any third party.\n")
            .iter()
            .all(|(_, negated, _)| *negated)
    );
    assert_no_sharing(
        "The purpose of this privacy policy is to disclose to you what information we may collect, how we may collect it, with whom we may share it.\n",
    );
    assert_no_sharing(
        "This Privacy Policy discloses what information we gather and to whom we disclose it.\n",
    );
    // A relative clause on a recipient still shares ("anyone to whom we transfer").
    assert!(
        summary("We may share your information with anyone to whom we transfer our rights, in the event of a merger.\n")
            .iter()
            .any(|(a, n, _)| a == "transfer" && !n)
    );
    assert_eq!(
        summary("We disclose your email address to the marketing partners with whom we work.\n"),
        vec![s("disclose", false, &["marketing-partner"])]
    );
}

#[test]
fn a_verb_after_or_in_the_scope_of_a_denial_is_denied() {
    assert_eq!(
        summary(
            "We do not sell Personally Identifiable Information or other information you make available to the Websites, or share such information with third parties.\n"
        ),
        vec![
            s("sell", true, &["third-party"]),
            s("share", true, &["third-party"])
        ]
    );
    // A new subject starts a new statement.
    assert!(
        summary(
            "We do not sell your data to advertisers, but we share it with our service providers.\n"
        )
        .contains(&s("share", false, &["service-provider"]))
    );
}

#[test]
fn data_made_visible_to_others_is_shared_with_them() {
    assert!(
        summary("Some of this information may be searchable and available to other users within the service.\n")
            .iter()
            .any(|(a, n, r)| a == "share" && !n && r == &["public".to_string()])
    );
    assert!(
        summary("Any information that you disclose for posting becomes available to the public.\n")
            .iter()
            .any(|(a, n, r)| a == "share" && !n && r == &["public".to_string()])
    );
}

#[test]
fn a_shine_the_light_notice_describes_a_right_not_a_practice() {
    let md = "## Your California Privacy Rights\n\n\
              California Civil Code Section 1798.83 permits our customers who are California residents to request a list of the third parties to whom we disclosed personal information for their direct marketing purposes.\n\n\
              We may share your personal information with affiliated third parties for their direct marketing purposes.\n\n\
              We do not share personal information with unaffiliated third parties for their direct marketing purposes.\n";
    let got = summary(md);
    assert_eq!(
        got,
        vec![
            s("share", false, &["affiliate"]),
            s("share", true, &["third-party"])
        ],
        "{got:?}"
    );
}

#[test]
fn publishing_and_displaying_data_shares_it_with_the_public() {
    assert_eq!(
        summary("If you win a contest, we may publish your name and city of residence.\n"),
        vec![s("share", false, &["public"])]
    );
    assert!(
        summary("We may combine your scores and display them publicly in our games.\n")
            .contains(&s("share", false, &["public"]))
    );
    // Publications and sites are published, data is not.
    assert_no_sharing("These Sites are published in the United States.\n");
    assert_no_sharing("Unsubscribe from any newsletter published by Example Ltd at any time.\n");
    // Displaying is not sharing with someone named elsewhere in the clause.
    assert_no_sharing(
        "This policy covers the TRUSTe certified websites and services that display it.\n",
    );
}

#[test]
fn tools_provided_by_a_third_party_and_named_acts_with_an_agent_are_its_collection() {
    assert!(
        summary("We may use cookies provided by third parties, including WebTrends.\n")
            .iter()
            .any(|(a, n, r)| a == "collect" && !n && r.contains(&"third-party".to_string()))
    );
    assert!(
        summary("The use and collection of information by third-party advertising service providers is governed by their own policies.\n")
            .contains(&s("collect", false, &["advertiser"]))
    );
    assert!(
        summary(
            "Our business partners assist us with monitoring information such as IP addresses.\n"
        )
        .contains(&s("collect", false, &["third-party"]))
    );
    // A source named with "by" after a weak verb is still a source.
    assert_no_sharing("We use the information as provided by the teacher.\n");
}

#[test]
fn the_users_own_acts_are_not_the_organisations() {
    // The nearest subject of "publish" is the user ("When you use ... or publish a comment").
    assert_no_sharing(
        "When you use certain features of our Services (e.g., create a profile, make a purchase, or publish a comment), the personal information we collect may include your name.\n",
    );
    // A subject of its own after the comma acts for itself.
    assert!(
        summary("When you access the Services, Example and our service providers may collect certain information about those visits.\n")
            .contains(&s("collect", false, &["service-provider"]))
    );
    // Passives after "you" are the organisation's ("your data is shared").
    assert!(
        summary("If you register, your email address is shared with our marketing partners.\n")
            .contains(&s("share", false, &["marketing-partner"]))
    );
}

#[test]
fn public_content_seen_or_used_by_others_is_shared_with_them() {
    assert!(
        summary("Any personal information you submit in these public areas can be read, collected, or used by other users.\n")
            .iter()
            .any(|(_, n, r)| !n && r.contains(&"public".to_string()))
    );
    assert!(
        summary("If you post personal information in a forum, that information can be collected and used by others.\n")
            .iter()
            .any(|(_, n, r)| !n && r.contains(&"third-party".to_string()))
    );
    assert!(
        summary("A device identifier may deliver information to us or to a third party partner about how you use the Service.\n")
            .iter()
            .any(|(_, n, r)| !n && r.contains(&"third-party".to_string()))
    );
}

#[test]
fn data_terms_roles_duties_and_disclaimers_are_not_recipients() {
    // "internet service provider" in a list of logged data is data.
    assert!(
        summary("This includes IP addresses, browser type, internet service provider (ISP), and referring pages to analyze trends.\n")
            .iter()
            .all(|(_, _, r)| r.is_empty())
    );
    assert_no_sharing(
        "TRUSTe will serve as a liaison with the Web site to resolve users concerns.\n",
    );
    assert_no_sharing(
        "We are not required to maintain or disclose a list of the third parties that received your information.\n",
    );
    assert_no_sharing(
        "Under no circumstances will our affiliates be responsible for charges sent to your account.\n",
    );
    assert_no_sharing("If you do not want your PIN shared with third parties, tell us.\n");
}

#[test]
fn the_agent_of_a_disclosure_gives_data_unless_a_business_changes_hands() {
    assert_no_sharing("The Act requires disclosure of information by a public body.\n");
    assert!(
        summary("If our Site is acquired by another company, information about our users may be among the transferred assets.\n")
            .iter()
            .any(|(a, n, r)| a == "transfer" && !n && r == &["business-transferee".to_string()])
    );
}

#[test]
fn a_weak_verb_gives_to_its_object_and_receivers_are_subjects() {
    // "provided on the site": the services before the verb are not given anything.
    assert_no_sharing(
        "Social networking services provided on the Website may have additional terms of conduct.\n",
    );
    assert_eq!(
        summary("We provide your email address to our marketing partners.\n"),
        vec![s("share", false, &["marketing-partner"])]
    );
    // Receiving, seeing and having access: the subject gets the data.
    assert!(
        summary(
            "Both Example and the partner will receive personal information that you provide.\n"
        )
        .iter()
        .any(|(a, n, r)| a == "share" && !n && r == &["third-party".to_string()])
    );
    assert!(
        summary("We may make your information we collect from and about you available to certain third party service providers.\n")
            .contains(&s("share", false, &["service-provider"]))
    );
}

#[test]
fn ad_research_serves_advertising_and_relevance_is_personalisation() {
    let cats =
        |md: &str| -> Vec<String> { purposes(md).into_iter().flatten().map(|(_, c)| c).collect() };
    let ads =
        cats("We share usage data with our partners to help measure the effectiveness of ads.\n");
    assert!(ads.contains(&"advertising".to_string()), "{ads:?}");
    assert!(ads.contains(&"analytics-research".to_string()), "{ads:?}");
    // "analytics and advertising" are two purposes, not one about the other.
    let two = cats("We share usage data with our partners for analytics and advertising.\n");
    assert_eq!(
        two.iter().filter(|c| *c == "advertising").count(),
        1,
        "{two:?}"
    );
    let relevant = cats(
        "We share beacon data with third parties to provide content and ads that are more relevant to you.\n",
    );
    assert!(
        relevant.contains(&"personalisation".to_string()),
        "{relevant:?}"
    );
}

#[test]
fn partnering_with_companies_and_business_assets_changing_hands() {
    assert_eq!(
        summary("We may partner with unaffiliated companies for market research.\n"),
        vec![s("share", false, &["third-party"])]
    );
    // "partners with whom we work" are still partners.
    assert!(
        summary("We share your email address with partners with whom we work.\n").contains(&s(
            "share",
            false,
            &["third-party"]
        ))
    );
    assert!(
        summary("In such a case, our customer information may be one of the business assets we transfer.\n")
            .iter()
            .any(|(a, n, r)| a == "transfer" && !n && r == &["business-transferee".to_string()])
    );
}

#[test]
fn items_under_a_lead_in_naming_who_uses_the_data_restate_it() {
    let md = "We and our affiliates use the information we collect from you in a variety of ways, including:\n\n\
              - Responding to your questions or other requests;\n\
              - Contacting you about changes to the Site.\n";
    let d = decls(md);
    let items: Vec<&Declaration> = d.iter().filter(|d| d.evidence.line > 1).collect();
    assert_eq!(items.len(), 2, "{d:#?}");
    assert!(
        items.iter().all(|d| !d.negated
            && d.recipients.iter().any(|r| r.category == "affiliate")
            && d.evidence.context.is_some()),
        "{items:#?}"
    );
}

#[test]
fn a_subject_of_its_own_before_a_modal_and_agents_after_their_verb() {
    // "you will be directed ..., and the provider may collect": the provider acts.
    assert!(
        summary("Where a webinar is run by a third-party provider, you will be directed to its website and the third-party provider may collect information for registration.\n")
            .iter()
            .any(|(a, n, r)| a == "collect" && !n && r == &["service-provider".to_string()])
    );
    // "by court order from authorities to disclose": the court is no agent of the disclosure.
    assert!(
        summary("It may be necessary by court order from governmental authorities to disclose your information.\n")
            .iter()
            .any(|(a, n, r)| a == "disclose" && !n && r.contains(&"government".to_string()))
    );
    // A named act without its agent ("the use of the App") leaves the real verb its subject.
    assert!(
        summary("Google Firebase Crashlytics derives analytics regarding the use of the App, including by collecting identifiers for mobile devices.\n")
            .iter()
            .any(|(a, n, r)| a == "collect" && !n && r.contains(&"analytics-provider".to_string()))
    );
}

#[test]
fn the_nearest_subject_of_a_collection_is_its_collector() {
    // "information received from third parties ... we have collected": we collect.
    assert!(
        summary("We may combine information received from third parties with the information we have already collected from you.\n")
            .iter()
            .all(|(a, _, r)| a != "collect" || r.is_empty())
    );
    // "contractors we engage may collect": the contractors do.
    assert!(
        summary("Example or third-party contractors we engage may collect certain information automatically.\n")
            .iter()
            .any(|(a, n, r)| a == "collect" && !n && r.contains(&"service-provider".to_string()))
    );
    assert_no_sharing(
        "We cannot control how third parties may use personal information you disclose to them.\n",
    );
}

#[test]
fn a_verb_inside_a_recipient_term_is_not_an_act() {
    // "exchanges" in "ad exchanges" names a recipient, not a sharing act; the lexicon runs
    // after the verb rules, and this filter must still take such verbs away.
    assert_no_sharing(
        "Directly from consumers, ad exchanges, publishers and supply-side platforms.",
    );
    assert_eq!(
        summary("We sell audience segments through ad exchanges.\n"),
        [("sell".to_string(), false, vec!["advertiser".to_string()])]
    );
}

/// The categories of every mention of one kind in the declarations of `md`.
fn categories(md: &str, kind: fn(&Declaration) -> &Vec<Mention>) -> Vec<String> {
    let mut out: Vec<String> = decls(md)
        .iter()
        .flat_map(|d| kind(d).iter().map(|m| m.category.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn overlapping_terms_go_to_the_one_that_names_more() {
    let data = |md| categories(md, |d| &d.data);
    let recipients = |md| categories(md, |d| &d.recipients);
    // "your email" and "email address" overlap: the address is the email's, not a postal one.
    assert_eq!(
        data("We share your email address with partners.\n"),
        ["email"]
    );
    assert_eq!(data("We collect your address book.\n"), ["contact"]);
    // A vague qualifier does not outweigh the noun it overlaps.
    assert_eq!(
        recipients("We share data with trusted third-party service providers.\n"),
        ["service-provider"]
    );
    // A generic head does not outweigh the qualifier that makes the term precise.
    assert_eq!(
        data("We share precise geolocation information with partners.\n"),
        ["precise-location"]
    );
    // Terms that do not overlap are all kept.
    assert_eq!(
        data("We share your email address and postal address with partners.\n"),
        ["email", "postal-address"]
    );
}

#[test]
fn verbs_and_age_limits_are_not_data() {
    let data = |md| categories(md, |d| &d.data);
    // "address" the verb, "the age of 13" the limit, "use data" the verb and its object.
    assert_eq!(
        data("We use your information to prevent and address technical issues.\n"),
        ["personal-data"]
    );
    assert_eq!(
        data("We share your information to investigate or otherwise address fraud.\n"),
        ["personal-data"]
    );
    assert_eq!(
        data("We do not collect information from children under the age of 13.\n"),
        ["children"]
    );
    assert_eq!(
        data("If you are 16 years of age, we may share your email address with partners.\n"),
        ["email"]
    );
    assert!(data("We use data to improve our services.\n").is_empty());
    // The nouns stay data.
    assert_eq!(
        data("We collect your name, age, address and gender.\n"),
        ["age", "gender", "name", "postal-address"]
    );
    assert_eq!(
        data("We share your Internet Protocol (IP) address with analytics providers.\n"),
        ["ip-address"]
    );
}

#[test]
fn the_readers_assent_is_not_a_purpose() {
    let purposes = |md| categories(md, |d| &d.purposes);
    assert!(
        !purposes("You understand that we may share your data with our partners.\n")
            .contains(&"analytics-research".to_string())
    );
    assert!(
        !purposes("You understand and agree that we may transfer your data to partners.\n")
            .contains(&"analytics-research".to_string())
    );
    assert!(
        purposes("We share usage data with partners to understand how visitors use our site.\n")
            .contains(&"analytics-research".to_string())
    );
}

#[test]
fn publicly_available_data_is_not_the_public_receiving_it() {
    let recipients = |md| categories(md, |d| &d.recipients);
    assert!(
        !recipients("We may collect information about you from publicly available sources.\n")
            .contains(&"public".to_string())
    );
    assert_eq!(
        recipients("We may share your reviews publicly.\n"),
        ["public"]
    );
}

#[test]
fn making_data_publicly_available_shares_it_with_the_public() {
    for sentence in [
        "We make your profile publicly available.\n",
        "Your username and photo are made publicly available to other users.\n",
        // "is" before "made": the passive of the organisation's act.
        "If your screen name contains your real name, that name will be made publicly visible.\n",
    ] {
        assert_eq!(
            summary(sentence),
            vec![s("share", false, &["public"])],
            "{sentence}"
        );
    }
    // A participle after a noun describes the data, and "by users" names who made it so.
    assert_no_sharing("We may use information made publicly available, such as posts.\n");
    assert_no_sharing("We read content that has been made publicly available by users.\n");
    // "is" between "make" and the adjective: two clauses, the second with its own verb.
    assert_eq!(
        summary(
            "To help you make connections, some of your information is visible to other users.\n"
        ),
        vec![s("share", false, &["public"])]
    );
}

#[test]
fn make_available_is_negated_and_has_its_subject_at_make() {
    assert_eq!(
        summary("We do not make your information available to third parties.\n"),
        vec![s("share", true, &["third-party"])]
    );
    assert_eq!(
        summary("We will never make your personal information publicly available.\n"),
        vec![s("share", true, &["public"])]
    );
    // The user's act, with the user as the subject of "make", of "choose to make", or of the
    // infinitive "to share" that "or make" joins.
    assert_no_sharing("Information you make publicly available is your responsibility.\n");
    assert_no_sharing(
        "Be careful with information which you post to forums or otherwise choose to make \
         publicly available.\n",
    );
    assert_no_sharing(
        "The app does not allow your child to share personal information with third parties \
         or make it publicly available.\n",
    );
    // A request of the user's, not a practice.
    assert_no_sharing("If you ask us not to share your information, some features may stop.\n");
    assert_no_sharing("If you do not want us to share your data with advertisers, opt out.\n");
    // Sharing at the user's direction is the organisation's.
    assert_eq!(
        summary("When you direct us to share your data with a partner, we do so.\n"),
        vec![s("share", false, &["third-party"])]
    );
    // "you allow us to": the organisation acts.
    assert_eq!(
        summary("If you agree, you allow us to make your application available to employers.\n")
            .into_iter()
            .filter(|(a, ..)| a == "share")
            .collect::<Vec<_>>(),
        vec![s("share", false, &["employer"])]
    );
}

#[test]
fn items_inherit_the_latest_sharing_sentence_of_their_lead_in_only() {
    // n sharing sentences over n items: each item inheriting every sentence's declarations
    // made n² of them (and n² copies: 20,000 of each took minutes).
    let n = 40;
    let mut md = String::new();
    for i in 0..n {
        md.push_str(if i % 2 == 0 {
            "We disclose your data to advertisers. "
        } else {
            "We disclose your data to data brokers. "
        });
    }
    md.push_str("In these cases:\n\n");
    for _ in 0..n {
        md.push_str("- when you agree\n");
    }
    let got = summary(&md);
    let from_items: Vec<_> = got[n..].to_vec();
    assert_eq!(from_items.len(), n, "{got:?}");
    assert!(
        from_items
            .iter()
            .all(|d| *d == s("disclose", false, &["data-broker"])),
        "{from_items:?}"
    );
}

/// Whether a sentence is read as the organisation affirming a sale or rental of data, and
/// whether as denying one.
fn sale_readings(sentence: &str) -> (bool, bool) {
    let ds = decls(sentence);
    let sale = |neg: bool| {
        ds.iter()
            .any(|d| matches!(d.action, Action::Sell | Action::Rent) && d.negated == neg)
    };
    (sale(false), sale(true))
}

#[test]
fn selling_things_that_are_not_data_is_no_data_sale() {
    for sentence in [
        "Our partners sell products and services to other businesses on our behalf.\n",
        "We work with publishers (companies that sell advertising space on their websites) and analytics providers.\n",
        "Acme Trading Limited and Acme Trading LLC are joint controllers of the personal information described here.\n",
        "Phones sold by our partners come with our apps and your account details installed.\n",
        "Our platform helps merchants sell more to their existing customers and find new customers.\n",
        "We may sell, buy or merge with other companies, or sell some or all of our assets.\n",
        "Partners who resell our services may receive your contact details.\n",
        "As part of the sale of license packages, we collect the following information:\n",
    ] {
        assert!(!sale_readings(sentence).0, "{sentence}");
    }
}

#[test]
fn limits_on_what_others_may_do_are_no_sale_by_the_organisation() {
    for sentence in [
        "We do not permit our service providers to sell any personal information we share with them.\n",
        "Vendors receiving your data are only permitted to process it for us and are not permitted to sell your personal data.\n",
        "Our contracts prohibit these partners from selling your information.\n",
    ] {
        assert!(!sale_readings(sentence).0, "{sentence}");
    }
}

#[test]
fn a_definition_of_sale_or_a_named_act_is_no_statement() {
    for sentence in [
        "The CCPA defines \"sale\" as disclosing personal information to a third party for valuable consideration.\n",
        "Under state law, a \"sale\" is the disclosure of personal data to a third party for money or other value.\n",
        "The business or commercial purpose for collecting or selling your personal information.\n",
        "Purposes for collecting, using, selling, or sharing Personal Information.\n",
        "To stop selling your personal information.\n",
    ] {
        assert!(!sale_readings(sentence).0, "{sentence}");
    }
}

#[test]
fn denials_through_a_negative_adverbial_or_noun_phrase() {
    for sentence in [
        "In no case do we sell or rent out your contacts to third parties.\n",
        "Under no circumstances will we sell your personal data.\n",
        "We are not in the business of selling your personal information to others.\n",
        "We have no intention of selling customer data.\n",
    ] {
        assert_eq!(sale_readings(sentence), (false, true), "{sentence}");
    }
}

#[test]
fn sales_of_data_are_still_read() {
    for sentence in [
        "We may have sold (as that term is defined by state law) or shared your identifiers with advertising partners.\n",
        "Personal information may be sold to or shared with third parties for advertising.\n",
        "Lists we sell or rent to other companies include your name and postal address.\n",
        "In the past year we have sold and/or shared all of the categories of personal data listed above with our partners.\n",
        "We may sell or rent your information to third parties.\n",
    ] {
        assert!(sale_readings(sentence).0, "{sentence}");
    }
    // A recipient after "to" is not what is sold.
    assert_eq!(
        sale_readings(
            "We do not sell, rent, trade or otherwise disclose to any business or individual your personal information.\n"
        ),
        (false, true)
    );
}

#[test]
fn a_supposed_sale_or_one_by_a_recipient_is_not_the_organisations() {
    for sentence in [
        "If we sell your personal information, you may opt out at any time.\n",
        "To the extent that we sell your personal information, you have the right to opt out.\n",
        "Were we ever to sell personal information, we would describe how to opt out here.\n",
        "We share data with data brokers who may further sell your personal data.\n",
        "We may offer you the new vehicle for rent in the game.\n",
    ] {
        assert!(!sale_readings(sentence).0, "{sentence}");
    }
    // The denial before "purchase" reaches the verbs coordinated with it.
    assert_eq!(
        sale_readings("We do not purchase, sell, or rent your mobile number.\n"),
        (false, true)
    );
}

#[test]
fn items_under_a_request_for_information_are_not_practice() {
    let md = "You may request the following information about the past 12 months:\n\n\
              - the categories of third parties to whom the personal information was sold;\n\
              - a list of the categories of personal information that we have sold.\n";
    assert!(
        !decls(md)
            .iter()
            .any(|d| matches!(d.action, Action::Sell | Action::Rent) && !d.negated),
        "{:#?}",
        decls(md)
    );
}

// Issue 19: who gives data to whom decides the direction before anything is called sharing.

#[test]
fn data_given_to_us_is_no_sharing_however_long_the_object() {
    assert_no_sharing(
        "If you sign in with a third-party provider, that provider may share an email address with us.\n",
    );
    assert_no_sharing(
        "When you connect other services to your account, those services might share information about you with us.\n",
    );
    // The receiver is the first "with" after the verb; a participle's "to us" is not it.
    assert_eq!(
        summary("We may give consultants and organisations working with us temporary access to such information.\n")
            .iter()
            .filter(|d| d.0 == "share")
            .count(),
        1
    );
    assert!(summary("Time Inc. sites will not use or transfer personally identifiable information provided to us in ways unrelated to the ones described above.\n")
        .iter()
        .any(|d| d.0 == "transfer" && d.1));
    // "to us or to a partner" also goes to the partner.
    assert!(
        summary("We may send your data to us or to a partner.\n")
            .iter()
            .any(|d| d.0 == "share")
    );
}

#[test]
fn a_weak_verb_whose_object_is_not_data_passes_none() {
    assert_no_sharing(
        "NextRoll provides solutions for direct to consumer brands through its AdRoll services.\n",
    );
    assert_no_sharing("We send two kinds of email to our members.\n");
    // Data, a pronoun, "info", people or access as the object still pass data.
    assert_eq!(
        summary("We provide certain info about you to third parties.\n"),
        vec![s("share", false, &["third-party"])]
    );
    assert_eq!(
        summary("The payment information is transmitted directly to our payment processor.\n")[0].2,
        vec!["payment-processor".to_string()]
    );
    assert_eq!(
        summary("We may provide access to our database to law enforcement officials.\n")[0].0,
        "share"
    );
}

#[test]
fn the_actor_of_a_disclosure_is_not_its_recipient() {
    assert_eq!(
        summary("Microsoft Advertising does not disclose your personal data to advertisers.\n"),
        vec![s("disclose", true, &["advertiser"])]
    );
    let got = summary(
        "We and our affiliates may also share your information with advertising partners.\n",
    );
    assert!(
        got.iter().all(|d| !d.2.contains(&"affiliate".to_string())),
        "{got:?}"
    );
}

#[test]
fn neither_nor_subjects_deny_the_verb() {
    let got = summary("Neither Shopify nor the merchants have access to this information.\n");
    assert!(!got.is_empty() && got.iter().all(|d| d.1), "{got:?}");
}

#[test]
fn advice_to_the_reader_is_not_practice() {
    assert_no_sharing("Never share your password with anyone.\n");
    assert_no_sharing("Please do not share your password with others.\n");
    // A subject makes it a statement again.
    assert!(
        summary(
            "We never share your password with anyone.
"
        )[0]
        .1
    );
}

#[test]
fn an_act_inside_a_compound_noun_is_a_thing() {
    assert_no_sharing(
        "We may amend this notice in accordance with the requirements of a successor data transfer framework.\n",
    );
    assert_no_sharing("To determine the amount of revenue share payments to make to partners.\n");
    // The verb beside the compound still states a transfer.
    assert_eq!(
        summary("We transfer your data to our affiliates under data transfer agreements.\n"),
        vec![s("transfer", false, &["affiliate"])]
    );
}

#[test]
fn a_public_body_word_before_a_business_word_is_a_business() {
    assert_eq!(
        summary("We disclose personal information to security service providers to help prevent unauthorised access.\n")[0].2,
        vec!["service-provider".to_string()]
    );
    assert_eq!(
        summary(
            "We disclose personal information to the security services when the law requires it.\n"
        )[0]
        .2,
        vec!["law-enforcement".to_string()]
    );
}

#[test]
fn items_under_a_denial_with_exceptions_are_the_exceptions_and_happen() {
    let got = summary(
        "We do not share your personal information with third parties except in the following cases:\n\n- With service providers who process data on our behalf.\n- When required by law, with law enforcement.\n",
    );
    assert_eq!(
        got,
        vec![
            s("share", true, &["third-party"]),
            s("share", false, &["service-provider"]),
            s("share", false, &["law-enforcement"]),
        ]
    );
    // A denial without a word of exception still speaks through its items.
    let got = summary("We will never sell your data to:\n\n- data brokers\n- advertisers\n");
    assert!(got.iter().all(|d| d.1), "{got:?}");
}

#[test]
fn under_a_sharing_heading_a_full_clause_naming_an_organisation_is_no_disclosure() {
    let md = "# Who we share your data with\n\nTo learn more about Google's privacy practices, visit the Google Privacy Center.\n\nFor example, if you browse Facebook, Facebook will know what you do on their site.\n";
    let got = summary(md);
    assert!(got.iter().all(|d| d.0 != "share"), "{got:?}");
    // A fragment naming the organisation still says it receives data.
    let got = summary("# Who we share your data with\n\nGoogle Analytics, for measurement.\n");
    assert!(got.iter().any(|d| d.0 == "share"), "{got:?}");
}

#[test]
fn a_heading_or_lead_in_about_sources_names_no_recipients() {
    let md = "# Information we collect\n\nFROM THIRD PARTIES, SUCH AS:\n\n* Social networks and other publicly available data, like Facebook\n* Resellers or third parties that sell you a device\n\n## Information from other sources\n\nAdvertising partners and data brokers.\n";
    let got = summary(md);
    assert!(
        got.iter()
            .all(|d| !matches!(d.0.as_str(), "share" | "disclose" | "sell")),
        "{got:?}"
    );
    // A heading about recipients still speaks through its fragments.
    let got = summary("## Sharing with third parties\n\nAdvertising partners and data brokers.\n");
    assert_eq!(got, vec![s("share", false, &["advertiser", "data-broker"])]);
}

#[test]
fn a_document_title_names_no_recipient() {
    // Found by the partly-disclosed corpus case: the title made "Pharmacy" the only party the
    // denial covered.
    let got =
        summary("# Larkspur Pharmacy Privacy Notice\n\nWe never sell your personal information.\n");
    assert_eq!(got, vec![s("sell", true, &["third-party"])]);
    let got = summary("# Sharing with advertisers\n\nWe never sell your personal information.\n");
    assert_eq!(got, vec![s("sell", true, &["advertiser"])]);
}

#[test]
fn an_act_kept_from_happening_is_denied_or_no_practice() {
    assert_eq!(
        summary("Our contracts prohibit us from sharing your data with advertisers.\n"),
        vec![s("share", true, &["advertiser"])]
    );
    assert_eq!(
        summary("We are prevented from disclosing your data to advertisers.\n"),
        vec![s("disclose", true, &["advertiser"])]
    );
    // A law that protects others from an act states no practice of the organisation.
    assert_no_sharing(
        "FERPA protects students from having their information disclosed to third parties without consent.\n",
    );
}

#[test]
fn exceptions_to_a_denial_of_sale_and_sharing_are_disclosures_not_sales() {
    let got = summary(
        "Xanga does not share, sell or rent any of your information, except as follows:\n\n* Xanga may give your information to service providers who work on our behalf.\n* Information you post in public areas is accessible to the entire world.\n",
    );
    assert!(
        got.iter()
            .all(|d| !matches!(d.0.as_str(), "sell" | "rent") || d.1),
        "{got:?}"
    );
}

#[test]
fn a_participle_after_the_people_it_describes_is_their_act() {
    assert_no_sharing(
        "For users (except those selling on a Google marketplace) based in the UK, the data controller responsible for your information is Google LLC.\n",
    );
}

#[test]
fn a_denial_takes_the_items_it_makes_exceptions_for_as_its_exceptions() {
    let got = decls(
        "We do not share your personal information with third parties except in the following cases:\n\n- With couriers, to deliver your order.\n- When required by law, with law enforcement.\n",
    );
    let denial = got.iter().find(|d| d.negated).expect("the denial");
    let except: Vec<&str> = denial.except.iter().map(|m| m.category.as_str()).collect();
    assert_eq!(except, ["service-provider", "law-enforcement"]);
}
/// The declarations `extract_each` passes on (keeping at most `defer_max` until the end),
/// put back in document order by their places.
fn each_in_order(doc: &Document, evidence: bool, defer_max: usize) -> Vec<Declaration> {
    let mut got: Vec<(usize, Declaration)> = Vec::new();
    extract_each_deferring(doc, &VOCAB, evidence, defer_max, &mut |at, d| {
        got.push((at, d))
    });
    let mut places: Vec<usize> = got.iter().map(|(at, _)| *at).collect();
    places.sort_unstable();
    places.dedup();
    assert_eq!(places.len(), got.len(), "places are distinct");
    got.sort_by_key(|(at, _)| *at);
    got.into_iter().map(|(_, d)| d).collect()
}

#[test]
fn declarations_passed_on_one_by_one_are_those_extracted_at_once() {
    // Every policy of the corpus, and one whose own organisation is dropped at the end (named
    // far more often than any other) after list items that inherit from their lead-in.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/policies");
    let mut docs: Vec<Document> = expand_paths(&[dir])
        .unwrap()
        .iter()
        .map(|p| Document::read(p, None).unwrap())
        .collect();
    let own =
        "# Privacy\n\nWe share your data with:\n\n- Experian, for credit checks\n- advertisers\n\n"
            .to_string()
            + &"Acxiom may use your email address. We share your location with Acxiom.\n\n"
                .repeat(6)
            + "We do not sell your data to Oracle, except to Acxiom.\n";
    docs.push(Document::parse("acme.md", &own, Format::Markdown));
    let mut out_of_order = false;
    for doc in &docs {
        for evidence in [true, false] {
            let at_once = extract_with(doc, &VOCAB, evidence);
            // Kept to the end, or made again in a second pass when too many wait.
            for defer_max in [DEFER_MAX, 2, 0] {
                let each = each_in_order(doc, evidence, defer_max);
                assert_eq!(each, at_once, "{} {defer_max}", doc.path);
            }
        }
        let mut places = Vec::new();
        extract_each(doc, &VOCAB, false, &mut |at, _| places.push(at));
        out_of_order |= places.windows(2).any(|w| w[0] > w[1]);
    }
    assert!(out_of_order, "statements naming an organisation come last");
    let acme = extract(docs.last().unwrap(), &VOCAB);
    assert!(
        acme.iter().all(|d| d
            .recipients
            .iter()
            .all(|m| m.entity.as_deref() != Some("Acxiom"))),
        "{acme:#?}"
    );
}

#[test]
fn those_whose_safety_is_protected_are_no_recipients() {
    assert_eq!(
        summary(
            "We may disclose your information to protect against harm to the rights, property or safety of Google, our users or the public.\n"
        ),
        vec![s("disclose", false, &["third-party"])]
    );
    assert_eq!(
        summary(
            "We may share your data with law enforcement to protect the safety of our users or the public.\n"
        ),
        vec![s("share", false, &["law-enforcement"])]
    );
    // A receiver after "of" in other phrases still receives.
    assert_eq!(
        summary("We disclose data to members of the public.\n"),
        vec![s("disclose", false, &["public"])]
    );
}

#[test]
fn the_organisations_own_data_centres_receive_nothing() {
    assert_no_sharing(
        "Personal data collected in providing our services is transferred to and stored in our data centres within the EEA.\n",
    );
    assert_eq!(
        summary("We share data with data centers that host our service.\n"),
        vec![s("share", false, &["service-provider"])]
    );
}

#[test]
fn a_lead_in_says_what_its_items_are() {
    use super::Introduces::*;
    for (lead, kind) in [
        (
            "We may disclose personal information for the following purposes:",
            Purposes,
        ),
        (
            "We share data with the following categories of third parties:",
            Recipients,
        ),
        (
            "The categories of personal information that we disclose in this manner are as follows:",
            Data,
        ),
        (
            "You will have to give billing information, including personal information such as:",
            Data,
        ),
        ("We share information with partners such as:", Recipients),
        ("As a data subject, you have the following rights:", Rights),
        ("We may share your information with:", Recipients),
        (
            "We may disclose personal information about you, including:",
            Unknown,
        ),
        (
            "We will share it if disclosure is reasonably necessary to:",
            Purposes,
        ),
        ("We may disclose your information to:", Unknown),
        (
            "We disclose personal information for business purposes:",
            Purposes,
        ),
        (
            "We disclose personal information to these third parties:",
            Recipients,
        ),
    ] {
        assert_eq!(introduces(&lead.to_ascii_lowercase()), kind, "{lead}");
    }
}

#[test]
fn items_that_are_purposes_data_or_rights_name_no_recipient() {
    // Under "for the following purposes" an item is a purpose, not who receives the data.
    let purposes = decls(
        "We may collect, use and disclose personal information for the following purposes:\n\n\
         - Insight Development and Data Enhancement.\n",
    );
    assert!(
        purposes.iter().all(|d| d
            .recipients
            .iter()
            .all(|m| m.term.as_deref() != Some("Insight Development and Data Enhancement"))),
        "{purposes:#?}"
    );
    let data = decls(
        "The categories of personal information that we disclose in this manner are as follows:\n\n\
         - Unique and online identifiers, such as IP address or device IDs.\n",
    );
    assert!(
        data.iter()
            .all(|d| d.recipients.iter().all(|m| m.category != "third-party"
                || m.term.as_deref().is_none_or(|t| !t.starts_with("Unique")))),
        "{data:#?}"
    );
    // Under a list of recipients the item still names the recipient.
    assert_eq!(
        summary(
            "We may disclose personal information to the following categories of recipients:\n\n\
             - Insight Development and Data Enhancement.\n"
        ),
        vec![s("disclose", false, &["third-party"])]
    );
    // A reader's rights are not the organisation's practice.
    assert_no_sharing(
        "As a data subject, you have the following rights:\n\n\
         - Access your personal information and have it transferred to another provider.\n",
    );
}

#[test]
fn a_page_that_discloses_its_practices_and_people_who_share_a_trait_share_no_data() {
    assert_no_sharing(
        "This page discloses our information gathering and dissemination practices for example.com.\n",
    );
    assert_no_sharing("We show you people who share a similar demographic as you.\n");
    assert_no_sharing("Groups let members who share common interests meet.\n");
    // Sharing what is the reader's with others is still sharing.
    assert_eq!(
        summary("We share your interests with advertisers.\n"),
        vec![s("share", false, &["advertiser"])]
    );
    assert_eq!(
        summary("We may share the same information with our affiliates.\n"),
        vec![s("share", false, &["affiliate"])]
    );
}

#[test]
fn provided_that_is_a_conjunction() {
    assert_no_sharing(
        "We rely on the exception provided that you have publicly disclosed your orientation.\n",
    );
    assert_eq!(
        summary("Your data is provided to our payment processor.\n"),
        vec![s("share", false, &["payment-processor"])]
    );
}

#[test]
fn may_not_have_done_is_neither_a_denial_nor_a_practice() {
    for sentence in [
        "Depending on how you use the service, we may not have collected, disclosed or sold each (or any) of these categories.\n",
        "We might not have shared your information with every partner listed below.\n",
    ] {
        let ds = decls(sentence);
        assert!(
            ds.iter().all(|d| !d.negated && !d.action.is_sharing()),
            "{sentence}: {ds:#?}"
        );
    }
    // A modal denial without the perfect stays a denial.
    assert_eq!(
        summary("We may not sell your personal information.\n"),
        vec![s("sell", true, &["third-party"])]
    );
}

#[test]
fn a_recipient_later_in_a_list_after_from_is_a_source() {
    let ds = decls(
        "We may collect information lawfully made available from federal, state, or local government records.\n",
    );
    assert!(
        ds.iter()
            .all(|d| d.recipients.iter().all(|m| m.category != "government")),
        "{ds:#?}"
    );
    // A "from" that governs another phrase leaves the receiver of the sharing verb alone.
    assert_eq!(
        summary("We obtain information from partners, and we share it with advertisers.\n")
            .into_iter()
            .filter(|d| d.0 == "share")
            .collect::<Vec<_>>(),
        vec![s("share", false, &["advertiser"])]
    );
}

#[test]
fn whoever_requests_the_data_receives_it() {
    assert_eq!(
        summary(
            "We may disclose your information in response to a request from law enforcement agencies or regulators.\n"
        ),
        vec![s("disclose", false, &["law-enforcement", "government"])]
    );
}

#[test]
fn bodies_that_handle_complaints_are_no_recipients() {
    for sentence in [
        "We commit to cooperate and comply with the advice of the panel established by the EU data protection authorities with regard to unresolved complaints concerning data transferred from the EU.\n",
        "You also have the right to lodge a complaint about us with your local supervisory authority.\n",
    ] {
        let ds = decls(sentence);
        assert!(
            ds.iter()
                .all(|d| d.recipients.iter().all(|m| m.category != "government")),
            "{sentence}: {ds:#?}"
        );
    }
    // Passing data to an authority is still sharing with it.
    assert_eq!(
        summary("We cooperate with regulators and may disclose your data to regulators.\n"),
        vec![s("disclose", false, &["government"])]
    );
}

#[test]
fn a_subject_under_no_denies_having_access() {
    assert_eq!(
        summary("No third parties have access to the uploaded data.\n"),
        vec![s("share", true, &["third-party"])]
    );
    // "no longer" before "have" says when, not who.
    assert!(
        summary("You must delete your account for us to no longer have access to your data.\n")
            .iter()
            .all(|d| !d.1),
    );
    assert_eq!(
        summary("No matter where you live, our partners have access to your data.\n"),
        vec![s("share", false, &["third-party"])]
    );
}

#[test]
fn a_question_inside_a_sentence_points_and_states_nothing() {
    for sentence in [
        "For more information on who we might share your personal data with, please see section 3 below.\n",
        "You can learn about what we disclose to advertisers in the table below.\n",
        "This Privacy Policy describes how Acme, Inc., including its affiliates and subsidiaries (collectively, Acme, and also referred to as our, us and we) collects, uses and discloses information about you.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // A relative clause on a noun names who receives.
    assert_eq!(
        summary("Partners who we share data with must protect it.\n")
            .into_iter()
            .filter(|d| d.0 == "share")
            .count(),
        1
    );
    // A second main clause after the description states.
    assert_eq!(
        summary(
            "This notice explains how we collect and use your personal data when you visit our stores, and we share it with advertisers.\n"
        )
        .into_iter()
        .filter(|d| d.0 == "share")
        .collect::<Vec<_>>(),
        vec![s("share", false, &["advertiser"])]
    );
}

#[test]
fn a_do_not_sell_link_and_a_request_are_not_denials() {
    for sentence in [
        "To opt out, visit our Do Not Sell or Share My Personal Information page.\n",
        "You can ask that we do not sell or share your personal information.\n",
        "If you do not want this, ask us not to share your personal information with advertisers.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // A question in the user's voice still asks about the practice, and the practice stated
    // next to the label is kept.
    assert_eq!(
        summary("Do not sell or share my personal information: we do not sell personal data to third parties.\n")
            .into_iter()
            .filter(|d| d.0 == "sell")
            .collect::<Vec<_>>(),
        vec![s("sell", true, &["third-party"])]
    );
}

#[test]
fn choices_given_to_the_user_do_not_make_recipients_under_a_sharing_heading() {
    let md = "## Sharing with third parties\n\nYou may be able to limit our ability to collect and share your phone number through your phone settings or phone service provider.\n";
    assert!(
        decls(md)
            .iter()
            .all(|d| d.recipients.is_empty() || !d.action.is_sharing()),
        "{:#?}",
        decls(md)
    );
    // A purpose named before the organisation's own act does not make it a choice.
    assert_eq!(
        summary("To help prevent fraudulent purchases, we disclose your order history to fraud prevention providers.\n")
            .into_iter()
            .filter(|d| d.0 == "disclose")
            .count(),
        1
    );
    // The organisation's own right to share is a statement.
    assert_eq!(
        summary("You agree that we have the right to share your information with any member of our group.\n")
            .into_iter()
            .filter(|d| d.0 == "share")
            .count(),
        1
    );
}

#[test]
fn a_participle_after_a_noun_that_is_not_data_is_no_act() {
    assert_no_sharing(
        "For purposes disclosed at the time you provide your personal information.\n",
    );
    assert_no_sharing(
        "Acme uses search engines and paid social media to provide marketing to institution representatives.\n",
    );
    // A noun before a data word only modifies it.
    assert_eq!(
        summary("We provide marketing information to our partners.\n"),
        vec![s("share", false, &["third-party"])]
    );
}

#[test]
fn a_source_or_a_role_in_the_noun_phrase_names_no_receiver() {
    let md = "## Examples\n\nExamples of what we share include:\n\n* Information from other third-party sources.\n";
    assert!(
        decls(md)
            .iter()
            .all(|d| !d.action.is_sharing() || d.recipients.iter().all(|m| m.term.is_none())),
        "{:#?}",
        decls(md)
    );
    assert!(
        decls("In some cases, Acme receives your personal data as a data processor.\n")
            .iter()
            .all(|d| d
                .recipients
                .iter()
                .all(|m| m.category != "service-provider")),
    );
    // "acting as" says what the receiver is.
    assert_eq!(
        summary("We transfer your data to a vendor acting as a service provider.\n"),
        vec![s("transfer", false, &["service-provider"])]
    );
}

#[test]
fn an_act_whose_subject_is_someone_else_is_theirs() {
    for sentence in [
        "We do not cooperate with Feature Tool providers that sell or otherwise transfer any of your data to third parties without your consent.\n",
        "We match IP address ranges to companies who disclose their IP address ranges.\n",
        "If a recipient shares encrypted content with others, the content will not be end-to-end encrypted.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // Receiving is still being the receiver.
    assert_eq!(
        summary("We share your data with vendors that receive it on our behalf.\n"),
        vec![s("share", false, &["service-provider"])]
    );
}

#[test]
fn choices_advice_and_double_negatives_are_read_by_their_grammar() {
    for sentence in [
        "You will receive notice and you will have an opportunity to choose not to share the information.\n",
        "We could not provide our services without transferring your personal information to our vendors.\n",
        "We will obtain your consent for new uses of your personal information not previously disclosed in this Privacy Policy.\n",
        "You may share your password with your parent or guardian, but do not share it with others.\n",
    ] {
        assert!(
            decls(sentence).iter().all(|d| !d.negated),
            "{sentence}: {:#?}",
            decls(sentence)
        );
    }
    // Not providing the service without the act is the act.
    assert_eq!(
        summary("We could not provide our services without transferring your personal information to our vendors.\n")
            .into_iter()
            .filter(|d| d.0 == "transfer")
            .collect::<Vec<_>>(),
        vec![s("transfer", false, &["service-provider"])]
    );
    // A plain "without" still denies, and a denial after "but we" still stands.
    assert_eq!(
        summary("We share your data with partners without selling it.\n"),
        vec![
            s("share", false, &["third-party"]),
            s("sell", true, &["third-party"])
        ]
    );
}

#[test]
fn a_pro_verb_sentence_gives_its_purposes_to_the_act_before() {
    let ds = decls(
        "We may share your personal information with our affiliates. This is done to prevent fraud.\n",
    );
    let share = ds
        .iter()
        .find(|d| d.action == Action::Share)
        .expect("a share");
    assert!(
        share
            .purposes
            .iter()
            .any(|m| m.category == "security-fraud"),
        "{ds:#?}"
    );
}

#[test]
fn use_for_a_stated_purpose_is_declared_without_a_data_term() {
    let ds = decls("We use the information for marketing purposes.\n");
    assert!(
        ds.iter().any(
            |d| d.action == Action::Use && d.purposes.iter().any(|m| m.category == "marketing")
        ),
        "{ds:#?}"
    );
}

#[test]
fn disclaimers_and_what_the_organisation_receives_are_no_sharing() {
    for sentence in [
        "We cannot guarantee that such information may not be accessed, disclosed, altered, or destroyed by a breach of our safeguards.\n",
        "Miro does not control how they or any other third party chooses to share or disclose personal data.\n",
        "This information is processed by our payment providers, and we do not have access to payment card numbers.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // Under a sharing heading, a disclaimer names no receivers.
    let md = "## Sharing with third parties\n\nWe do not control these third parties' tracking technologies or how they may be used.\n";
    assert!(
        decls(md).iter().all(|d| !d.action.is_sharing()),
        "{:#?}",
        decls(md)
    );
    // A promise that it will not happen is a denial.
    assert_eq!(
        summary("We ensure that your personal data will not be sold to third parties.\n"),
        vec![s("sell", true, &["third-party"])]
    );
    // A third party having access is still sharing with it.
    assert_eq!(
        summary("Our service providers have access to your personal data.\n"),
        vec![s("share", false, &["service-provider"])]
    );
}

#[test]
fn an_item_that_opens_a_clause_or_names_an_occasion_is_no_recipient_name() {
    for md in [
        "We may share information that identifies you as follows:\n\n* If we believe your actions are inconsistent with our user agreements.\n* With your consent or at your direction.\n",
        "We may share your personal data in the following circumstances:\n\n* Business reorganization.\n",
    ] {
        let ds = decls(md);
        assert!(
            ds.iter()
                .filter(|d| d.action.is_sharing())
                .all(|d| d.recipients.iter().all(|m| m.term.is_none())),
            "{ds:#?}"
        );
    }
    // An item that names a party still names it.
    let ds = decls(
        "We may share information that identifies you as follows:\n\n* With our chatbot providers.\n",
    );
    assert!(
        ds.iter().any(|d| d
            .recipients
            .iter()
            .any(|m| m.term.as_deref() == Some("With our chatbot providers"))),
        "{ds:#?}"
    );
}

#[test]
fn what_the_reader_is_urged_to_do_and_opt_out_notes_are_no_practice() {
    assert_no_sharing(
        "We encourage you to review and understand their privacy policies before disclosing any personal information to them.\n",
    );
    let md = "## Sharing with advertising partners\n\nTo opt out of interest-based advertising by our enterprise customers and data suppliers, visit the NAI opt out page.\n";
    assert!(
        decls(md).iter().all(|d| !d.action.is_sharing()),
        "{:#?}",
        decls(md)
    );
    // Urging partners is not urging the reader: the organisation still shares.
    assert_eq!(
        summary("We share your data with advertisers and encourage them to protect it.\n")
            .into_iter()
            .filter(|d| d.0 == "share")
            .collect::<Vec<_>>(),
        vec![s("share", false, &["advertiser"])]
    );
}

#[test]
fn questions_and_complaint_bodies() {
    assert_no_sharing(
        "Acme commits to refer unresolved complaints concerning personal information received in reliance on the DPF to TRUSTe.\n",
    );
    let md = "You have the right to know:\n\n* who your personal data may be shared with; and\n";
    assert!(
        decls(md).iter().all(|d| !d.action.is_sharing()),
        "{:#?}",
        decls(md)
    );
    // A heading that asks names its section.
    let md = "## Who we share your information with\n\nOur advertising partners.\n";
    assert!(
        decls(md).iter().any(|d| d.action == Action::Share),
        "{:#?}",
        decls(md)
    );
}

#[test]
fn parties_after_except_where_are_carved_out_once_the_verb_has_come() {
    let ds = decls(
        "We do not share your information with third parties, except where we need to (e.g., SMS service providers).\n",
    );
    let denial = ds.iter().find(|d| d.negated).expect("a denial");
    assert!(
        denial
            .recipients
            .iter()
            .all(|m| m.category != "service-provider")
            && denial
                .except
                .iter()
                .any(|m| m.category == "service-provider"),
        "{ds:#?}"
    );
    // Before the verb, the parties after it are the ones denied.
    assert_eq!(
        summary("Except as required by law, we do not share your data with advertisers.\n"),
        vec![s("share", true, &["advertiser"])]
    );
}

#[test]
fn the_subject_of_coordinated_verbs_and_its_appositions_receive_nothing() {
    // The second verb of "sell or disclose" has the first one's subject.
    assert_eq!(
        summary("Microsoft Advertising does not sell or disclose your personal data.\n"),
        vec![
            s("sell", true, &["third-party"]),
            s("disclose", true, &["third-party"])
        ]
    );
    // A party in apposition to the subject is the subject too.
    assert_eq!(
        summary("Our ad network, Google, does not share your email address with data brokers.\n"),
        vec![s("share", true, &["data-broker"])]
    );
    // A noun before the verb is no verb of a series ("Partners may share" has one verb).
    assert_eq!(
        summary("We may share or sell your email address to advertisers.\n"),
        vec![
            s("share", false, &["advertiser"]),
            s("sell", false, &["advertiser"])
        ]
    );
}

#[test]
fn whoever_authorizes_an_act_does_not_receive_it() {
    assert_eq!(
        summary(
            "Unless expressly authorized by the government customer, we do not sell your data to advertisers.\n"
        ),
        vec![s("sell", true, &["advertiser"])]
    );
    // Those who require it do receive it.
    let ds = summary("We may disclose your data when required by law enforcement.\n");
    assert!(
        ds.iter()
            .any(|d| d.2.contains(&"law-enforcement".to_string())),
        "{ds:?}"
    );
}

#[test]
fn a_verb_of_service_and_its_object_state_the_purpose() {
    let d = &decls("We share your data with partners to provide and improve the service.\n")[0];
    let ids: Vec<&str> = d.purposes.iter().map(|m| m.category.as_str()).collect();
    assert!(ids.contains(&"service-provision"), "{ids:?}");
    assert!(ids.contains(&"analytics-research"), "{ids:?}");
    // A modifier of another head is no service.
    let d = &decls(
        "We share your email address with partners to provide product and service information.\n",
    )[0];
    assert!(
        d.purposes.iter().all(|m| m.category != "service-provision"),
        "{:?}",
        d.purposes
    );
}

#[test]
fn items_under_categories_of_an_unknown_kind_are_data_not_recipients() {
    let md = "In the past 12 months, we have disclosed the following categories of PI for a business purpose:\n\n* Identifiers\n* Internet or other similar network activity\n";
    let ds = decls(md);
    assert!(!ds.is_empty(), "{ds:#?}");
    assert!(
        ds.iter()
            .flat_map(|d| &d.recipients)
            .all(|m| m.term.is_none()),
        "{ds:#?}"
    );
}

#[test]
fn a_third_party_as_the_subject_does_its_own_sharing() {
    assert_no_sharing(
        "If a product has been recalled, the pharmacy will share your name and email address with the manufacturer.\n",
    );
    assert_no_sharing(
        "Our technology service providers may share device identifiers with other advertisers.\n",
    );
    // Beside "we", an organisation's name or the group's companies, it stays a statement.
    for sentence in [
        "We and our partners may share your email address with advertisers.\n",
        "Our affiliates may share your email address with advertisers.\n",
        "Acme and its service providers may share your email address with advertisers.\n",
    ] {
        assert!(
            decls(sentence).iter().any(|d| d.action == Action::Share),
            "{sentence}: {:#?}",
            decls(sentence)
        );
    }
}

#[test]
fn a_denial_only_to_the_unauthorised_is_a_safeguard() {
    assert_no_sharing(
        "This is a security measure to ensure that your personal data is not disclosed to any person who does not have a right to receive it.\n",
    );
    assert_no_sharing("Your personal data will not be disclosed to unauthorised persons.\n");
    // Under a sharing heading it names no receivers either.
    assert_no_sharing(
        "## Sharing your data\n\nThis is to ensure that personal data is not disclosed to anyone who has no right to receive it.\n",
    );
    // A denial to parties that merely lack something else still denies.
    assert_eq!(
        summary(
            "We will not share your data with third parties who are not bound by confidentiality.\n"
        ),
        vec![s("share", true, &["third-party"])]
    );
}

#[test]
fn the_parties_of_an_opening_subordinate_clause_are_its_own() {
    // The company acquired is no receiver.
    let ds =
        decls("If we acquire another company, we may share your information with its employees.\n");
    assert!(
        ds.iter()
            .filter(|d| d.action.is_sharing())
            .all(|d| d.recipients.iter().all(|m| m.term.is_none())),
        "{ds:#?}"
    );
    // A main clause that points back takes them.
    let ds = summary(
        "If you choose to log in with a social networking service, we and that service may share information about you.\n",
    );
    assert!(
        ds.iter()
            .any(|d| d.2.contains(&"social-network".to_string())),
        "{ds:?}"
    );
    // Its purposes are the main clause's.
    let d = &decls("When required by law, we disclose your data to third parties.\n")[0];
    assert!(
        d.purposes.iter().any(|m| m.category == "legal-compliance"),
        "{:?}",
        d.purposes
    );
}

#[test]
fn under_a_rights_heading_what_the_reader_may_do_is_no_practice() {
    for md in [
        "## Your Rights and Choices\n\n- Access your information that is available to other users on your profile.\n",
        "## How to exercise your rights\n\nYou can choose whether your address is shared with other users in your profile settings.\n",
    ] {
        assert!(
            decls(md)
                .iter()
                .all(|d| !d.action.is_sharing() || d.negated),
            "{md}: {:#?}",
            decls(md)
        );
    }
    // The organisation still speaks there, as "we" or by its name.
    for md in [
        "## Your Privacy Rights\n\nWe may share your email address with advertisers.\n",
        "## Your Privacy Rights\n\nIn certain situations, Acme may be required to disclose personal data to public authorities.\n",
    ] {
        assert!(
            decls(md)
                .iter()
                .any(|d| d.action.is_sharing() && !d.negated),
            "{md}: {:#?}",
            decls(md)
        );
    }
}

#[test]
fn an_opening_clause_cut_inside_a_character_does_not_panic() {
    // The search for the end of an opening clause stops after 200 bytes; a two-byte character
    // across that limit must not be cut.
    for k in 190..200 {
        let md = format!(
            "If {}é日本 b, we share it with advertisers.\n",
            "a".repeat(k)
        );
        assert!(!decls(&md).is_empty(), "{k}");
    }
}

#[test]
fn a_determiner_no_on_the_object_denies_the_verb() {
    assert_eq!(
        summary("We share no personal data with advertisers.\n"),
        vec![s("share", true, &["advertiser"])]
    );
    assert_eq!(
        summary("We sell, rent or trade none of your data to data brokers.\n"),
        vec![
            s("sell", true, &["data-broker"]),
            s("rent", true, &["data-broker"]),
        ]
    );
    assert_eq!(
        summary("We will share your data with no one.\n"),
        vec![s("share", true, &["third-party"])]
    );
    // A limit on the act is no denial of it.
    assert_eq!(
        summary("We share no more information with advertisers than is needed.\n"),
        vec![s("share", false, &["advertiser"])]
    );
}

#[test]
fn a_lead_in_that_ends_on_its_denial_denies_each_item_verb() {
    let md = "We do not:\n\n- sell your personal information to data brokers;\n- share your contacts with advertisers.\n";
    assert_eq!(
        summary(md),
        vec![
            s("sell", true, &["data-broker"]),
            s("share", true, &["advertiser"]),
        ]
    );
    let md = "We will never do the following:\n\n1. Sell your data to third parties.\n";
    assert_eq!(summary(md), vec![s("sell", true, &["third-party"])]);
    // A lead-in with its own verb before the colon lists what it does.
    let md = "We do not sell data, but we do:\n\n- share your contacts with advertisers.\n";
    assert!(summary(md).contains(&s("share", false, &["advertiser"])));
    assert!(!denies_its_items("we may share your data with:"));
    assert!(denies_its_items("acme does not and will not:"));
}

#[test]
fn a_list_item_names_a_recipient_only_when_its_head_is_a_party() {
    for party in [
        "Drivers",
        "Artists and record labels",
        "With our chatbot providers",
        "Bolt Business Clients or other Passengers",
        "Authorities",
        "Other organisations",
    ] {
        assert!(names_a_party(party), "{party}");
    }
    for not_party in [
        "help an investigation into public safety",
        "enforce our terms and conditions",
        "Corporate Restructuring",
        "Other Disclosures",
        "Standard contractual clauses",
        "Consent",
        "Personal identification information such as name",
        "Data Categories Used",
        "Access",
        "Aggregate or De-identified Data",
    ] {
        assert!(!names_a_party(not_party), "{not_party}");
    }
    // Under a sharing lead-in, an item naming a ground gives no recipient its words.
    let md = "We may share your information in these cases:\n\n- Adequacy decisions, where the country protects data.\n";
    let d = decls(md);
    assert!(
        d.iter()
            .all(|d| d.recipients.iter().all(|m| m.term.is_none())),
        "{d:#?}"
    );
}

#[test]
fn a_label_before_the_sentences_of_its_item_is_no_statement() {
    let md = "We disclose your information as described below:\n\n- **Other Disclosures.** If we sell our business, we may share your information with the buyer.\n";
    let got = summary(md);
    assert!(
        got.iter()
            .all(|(_, _, r)| r != &vec!["third-party".to_string()]),
        "{got:?}"
    );
    assert!(
        got.contains(&s("share", false, &["business-transferee"])),
        "{got:?}"
    );
}

#[test]
fn duties_and_cautions_said_to_the_reader_are_no_practice() {
    for sentence in [
        "Be careful when sharing personal information with other users.\n",
        "Avoid disclosing your password to third parties.\n",
        "It is your responsibility not to share your password with third parties.\n",
        "Users must not sell or transfer their accounts to third parties.\n",
        "Parents should not share their children's information with strangers.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // The organisation's own records, coordinated with nothing, stay its act.
    assert!(
        !decls(
            "In a bankruptcy, customer and user records would be transferred to another entity.\n"
        )
        .is_empty()
    );
}

#[test]
fn a_gloss_says_what_the_named_organisation_is() {
    let recipients = |md: &str| -> Vec<(Option<String>, String)> {
        decls(md)
            .into_iter()
            .filter(|d| d.action.is_sharing())
            .flat_map(|d| d.recipients)
            .map(|m| (m.term, m.category))
            .collect()
    };
    let one = |term: &str, category: &str| vec![(Some(term.to_string()), category.to_string())];
    assert_eq!(
        recipients("We share your email address with Mailchimp (our email service provider).\n"),
        one("Mailchimp", "service-provider")
    );
    assert_eq!(
        recipients("We disclose your data to our payment processor (Stripe).\n"),
        one("Stripe", "payment-processor")
    );
    assert_eq!(
        recipients(
            "We use Stripe (a third party payment provider) and share your card details with it.\n"
        )
        .first()
        .cloned(),
        one("Stripe", "payment-processor").pop()
    );
    assert_eq!(
        recipients("We share usage data with Acme Corp (a data analytics company).\n"),
        one("Acme Corp", "analytics-provider")
    );
    // A name at the sentence's very start (this overflowed in a debug build).
    let _ = recipients("Zorblax, a payment processor, may receive your card details from us.\n");
    // A comma alone joins a list, not a gloss.
    assert_eq!(
        recipients("We share data with Facebook, advertisers and data brokers.\n").len(),
        3
    );
}

#[test]
fn security_services_are_a_vendor_unless_the_state_runs_them() {
    let categories = |md: &str| -> Vec<String> {
        decls(md)
            .into_iter()
            .flat_map(|d| d.recipients)
            .map(|m| m.category)
            .collect()
    };
    assert!(
        categories(
            "We share data with providers of website hosting, security services and analytics.\n"
        )
        .iter()
        .all(|c| c != "law-enforcement")
    );
    assert!(
        categories("We may disclose information to national security services.\n")
            .contains(&"law-enforcement".to_string())
    );
    assert!(
        categories("We may disclose information to intelligence and security services.\n")
            .contains(&"law-enforcement".to_string())
    );
}

#[test]
fn a_rule_the_organisation_sets_for_others_is_neither_its_flow_nor_its_denial() {
    for sentence in [
        "We require our vendors not to share your personal data with anyone else.\n",
        "We do not allow advertisers to share your information with third parties.\n",
        "These third parties are contractually obligated not to disclose your data.\n",
        "Service providers may not disclose your information for any other purpose.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // The organisation's own legal duty stays its act.
    for sentence in [
        "We may be required by law to share certain information with the retailer.\n",
        "Acme may be required to disclose personal data to public authorities.\n",
        "Acme may be obligated under the Travel Rule to provide information to the service provider.\n",
    ] {
        assert!(
            decls(sentence)
                .iter()
                .any(|d| d.action.is_sharing() && !d.negated),
            "{sentence}"
        );
    }
}

#[test]
fn a_request_that_the_act_not_happen_is_no_denial() {
    for sentence in [
        "Your browser may send a Global Privacy Control signal telling us not to sell or share your personal information.\n",
        "You may direct us not to share your personal information with third parties.\n",
        "You can request that we not sell your personal information.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // The organisation's own denial after "not to" stays one.
    assert_eq!(
        summary("We have decided not to sell your personal information.\n"),
        vec![s("sell", true, &["third-party"])]
    );
}

#[test]
fn an_imperative_after_so_or_and_is_advice_unless_the_subject_is_shared() {
    for sentence in [
        "We will never ask for your password, so do not disclose it to anyone who asks.\n",
        "Keep your password secret and do not share it with others.\n",
    ] {
        assert_no_sharing(sentence);
    }
    assert!(
        summary(
            "We store your data in the EU and do not transfer it to any country outside the EU.\n"
        )
        .contains(&s("transfer", true, &["third-party"]))
    );
}

#[test]
fn the_organisations_own_data_centres_beside_its_servers_receive_nothing() {
    let got = decls("Your data is hosted on our own servers and data centers located in the US.\n");
    assert!(
        got.iter().all(|d| d
            .recipients
            .iter()
            .all(|m| m.category != "service-provider")),
        "{got:#?}"
    );
    assert!(!names_a_party("a."));
    assert!(!names_a_party("iv"));
    // Premises it has, and a place data is stored in, are no party either.
    for sentence in [
        "Acme is based in Ohio, with servers and data centers located in the U.S. Your data may be transferred there.\n",
        "Data Transfers: Acme is a global company with offices and data centers around the world, and your data may be transferred to any of them.\n",
        "Your data may be disclosed to, or stored in a data center in, other countries.\n",
    ] {
        let got = decls(sentence);
        assert!(
            got.iter().all(|d| d
                .recipients
                .iter()
                .all(|m| m.category != "service-provider")),
            "{sentence}: {got:#?}"
        );
    }
    // A provider's data centres are the provider's.
    let got = summary("We share your data with third-party data centers.\n");
    assert!(
        got.iter()
            .any(|(_, _, r)| r.contains(&"service-provider".to_string())),
        "{got:?}"
    );
}

#[test]
fn the_agent_of_a_passive_verb_carries_over_its_coordinated_parties() {
    // Both are the ones sharing; neither receives.
    let got = summary(
        "Personal data shared by ad partners and affiliates may be combined with other data.\n",
    );
    assert!(
        got.iter()
            .all(|(_, _, r)| !r.contains(&"affiliate".to_string())),
        "{got:?}"
    );
    // A demand's agent is who receives: "investigations by law enforcement or regulators".
    let got = summary(
        "We may disclose information for investigations by law enforcement or regulatory bodies.\n",
    );
    assert_eq!(
        got,
        vec![s("disclose", false, &["law-enforcement", "government"])]
    );
    // A party after "with" is no agent of the "by" before it.
    let got = summary("Data collected by us and shared with advertisers.\n");
    assert!(
        got.iter()
            .any(|(a, _, r)| a == "share" && r == &vec!["advertiser".to_string()]),
        "{got:?}"
    );
}

#[test]
fn a_sale_to_the_people_the_data_is_about_sells_them_goods() {
    assert_no_sharing("VocabularySpellingCity does not sell or market directly to minors.\n");
    assert_no_sharing("We never sell to children.\n");
    // A sale to a party is a sale of data, its object unsaid.
    assert_eq!(
        summary("We do not sell to advertisers.\n"),
        vec![s("sell", true, &["advertiser"])]
    );
}

#[test]
fn a_lead_in_that_excludes_its_items_makes_them_exceptions() {
    let md = "In principle, we do not provide Personal Data to third parties; provided, however, \
              that this excludes the cases set forth in the following items.\n\n\
              * Cases where we receive an inquiry from a police officer or a court.\n";
    let got = summary(md);
    assert!(
        got.iter()
            .any(|(a, n, r)| a == "share" && !n && r.contains(&"law-enforcement".to_string())),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|(_, n, r)| *n && r.contains(&"law-enforcement".to_string())),
        "{got:?}"
    );
}

#[test]
fn a_denial_keeps_the_particular_data_its_object_names() {
    let data = |md: &str| -> Vec<Vec<(Option<String>, String)>> {
        decls(md)
            .into_iter()
            .filter(|d| d.action.is_sharing() && d.negated)
            .map(|d| d.data.into_iter().map(|m| (m.term, m.category)).collect())
            .collect()
    };
    let one = |t: &str| vec![vec![(Some(t.to_string()), "personal-data".to_string())]];
    assert_eq!(
        data("We will also not sell your form data to anyone.\n"),
        one("your form data")
    );
    // Over a series of verbs, up to the participle after the noun.
    assert_eq!(
        data(
            "We do not sell, share, rent, monetize, or use Government Customer Data collected here.\n"
        )[0],
        one("Government Customer Data")[0]
    );
    assert_eq!(
        data("We do not disclose aggregated or de-identified information to anyone.\n"),
        one("aggregated or de-identified information")
    );
    // Personal data at large stays as the lexicon found it; a pronoun names nothing.
    assert_eq!(
        data("We do not sell your personal information to third parties.\n"),
        one("your personal information")
    );
    assert_eq!(data("We never share it with anyone.\n"), vec![vec![]]);
    // A party in the phrase makes it no data ("provide advertisers access to").
    assert!(
        data("We do not provide advertisers access to your information.\n")
            .iter()
            .all(|d| d
                .iter()
                .all(|(t, _)| t.as_deref() != Some("advertisers access"))),
    );
    // A passive verb's subject is what is given, hyphenated words and all.
    assert_eq!(
        data(
            "Text message originator opt-in data and consent will not be shared with any third parties.\n"
        ),
        one("Text message originator opt-in data and consent")
    );
    assert_eq!(
        data("Your survey answers are never sold to anyone.\n"),
        one("Your survey answers")
    );
    // Not a subject: one set off by a comma, or one before another verb.
    assert_eq!(
        data("Information collected through the program, will not be shared with anyone.\n"),
        vec![vec![]]
    );
    assert_eq!(
        data("Your data will be treated confidentially and will not be shared with anyone.\n"),
        one("Your data")
    );
    // A clause before "and" is not part of the subject.
    assert_eq!(
        data("You can close your account and your drafts will not be shared with anyone.\n"),
        one("your drafts")
    );
}

#[test]
fn a_contracted_pronoun_is_the_subject_it_names() {
    // "you've" is "you have": the user's act, in a list item as in a sentence.
    assert_no_sharing(
        "We collect:\n\n* Device signals\n* Information you\u{2019}ve shared through your device settings\n",
    );
    assert_no_sharing(
        "It is your responsibility to only allow this if you're comfortable sharing your personal data with them.\n",
    );
    assert_eq!(
        summary("We've shared your data with advertisers.\n"),
        vec![s("share", false, &["advertiser"])]
    );
}

#[test]
fn a_party_owning_the_place_receives_nothing_there() {
    assert_no_sharing(
        "Your answers are used to provide more relevant information on our and our affiliates\u{2019} services.\n",
    );
    // With them, the party receives.
    assert_eq!(
        summary("We may provide your answers to our affiliates\u{2019} services.\n"),
        vec![s("share", false, &["affiliate"])]
    );
}

#[test]
fn data_received_is_what_the_organisation_got() {
    // A participle after the data describes it; the body handling complaints is no receiver.
    assert_no_sharing(
        "Mailchimp has also committed to cooperate and comply, in compliance with the EU-US DPF, with the advice of the panel established by the EU data protection authorities (DPA) with regard to unresolved complaints concerning personal data received in reliance on the EU-US DPF.\n",
    );
    assert_no_sharing(
        "## Data Transfers\n\nIn compliance with the EU-U.S. DPF and the UK Extension to the EU-U.S. DPF, we commit to refer unresolved complaints concerning our handling of personal data received in reliance on the EU-U.S. DPF and the UK Extension to the EU-U.S. DPF to TRUSTe, an alternative dispute resolution provider.\n",
    );
    // Cooperating in an investigation is disclosing to those who run it.
    let got = summary(
        "We may also provide access to our database in order to cooperate with official investigations or legal proceedings initiated by governmental and/or law enforcement officials, including in response to subpoenas, search warrants, court orders, or other legal process.\n",
    );
    assert!(
        got.iter()
            .any(|(_, negated, r)| !negated && r.contains(&"government".to_string())),
        "{got:?}"
    );
    // Not after the data, the verb still says who receives.
    assert_eq!(
        summary("Advertisers have received your device identifier.\n"),
        vec![s("share", false, &["advertiser"])]
    );
}

#[test]
fn internet_service_providers_after_with_are_parties_not_data() {
    let got =
        decls("We may share your information with internet service providers and advertisers.\n");
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0]
            .recipients
            .iter()
            .any(|m| m.category == "service-provider")
    );
    assert!(got[0].data.iter().all(|m| m.category != "device-id"));
    // In a list of data, the provider is data.
    let got =
        decls("We collect your browser type, internet service provider and referring pages.\n");
    assert!(got.iter().all(|d| d.recipients.is_empty()), "{got:#?}");
    assert!(
        got.iter()
            .any(|d| d.data.iter().any(|m| m.category == "device-id"))
    );
}

#[test]
fn the_organisations_covered_entities_are_its_own() {
    let got = summary("We may transfer your personal information to our covered entities.\n");
    assert!(
        got.contains(&s("transfer", false, &["affiliate"])),
        "{got:?}"
    );
    // Without the possessive, a covered entity is HIPAA's.
    let got = summary("We may disclose your health information to covered entities.\n");
    assert!(
        got.contains(&s("disclose", false, &["healthcare-provider"])),
        "{got:?}"
    );
}

#[test]
fn a_table_under_a_heading_of_sources_lists_no_receivers() {
    let table = "| Third Party | Privacy Documents |\n| --- | --- |\n| Stripe | Privacy Policy |\n| Zapier | Privacy Policy |\n";
    assert_no_sharing(&format!(
        "## How we disclose data\n\n### Data Received from Third Parties\n\nWe may receive some personal data from third parties.\n\n{table}"
    ));
    // Under a heading of recipients the same table names receivers.
    let got = decls(&format!(
        "## How we disclose data\n\n### Third parties we share data with\n\n{table}"
    ));
    assert!(got.iter().any(|d| d.action.is_sharing()), "{got:#?}");
}

#[test]
fn the_one_who_receives_is_the_subject_of_receive() {
    // Parties after an active "receive" own the data or give it.
    assert_no_sharing("Kraken does not receive your Google or Apple passwords.\n");
    assert_no_sharing(
        "Acme may receive information about individuals from partners, affiliates and subsidiaries.\n",
    );
    // Before it, they are the ones receiving.
    assert_eq!(
        summary("Advertisers may receive your device identifier.\n"),
        vec![s("share", false, &["advertiser"])]
    );
}

#[test]
fn a_request_for_a_list_of_recipients_names_none_under_a_sharing_heading() {
    // The sentence's own verb is a right, so the heading's sharing is not read into it.
    assert_no_sharing(
        "## The Right to Know Third Parties\n\nConnecticut, Minnesota, and Oregon residents may request a list of specific third parties to which we have disclosed personal information.\n",
    );
    // "Requests" in a series is a topic, not someone asking.
    assert_eq!(
        summary(
            "## How we share\n\nLaw Enforcement, Legal Requests and Duties: Acme may disclose your personal information to law enforcement.\n"
        ),
        vec![s("disclose", false, &["law-enforcement"])]
    );
}

#[test]
fn rights_reasons_and_supposed_acts_are_no_sharing() {
    // A party after the user's own act is that act's.
    assert_no_sharing(
        "We will provide this copy in a portable format that allows you to transmit the data to another business.\n",
    );
    // A reason for an act and an act supposed as a subject say neither that it happens nor
    // that it does not.
    assert_no_sharing(
        "We will provide it unless we have lawful reasons not to share this data or if sharing the data would adversely affect the rights of others.\n",
    );
    // The reader's entitlement is a right, the organisation's a statement.
    let acts = |md: &str| -> Vec<String> {
        decls(md)
            .into_iter()
            .map(|d| d.action.as_str().to_string())
            .collect()
    };
    assert_eq!(
        acts(
            "You are entitled to gain confirmation from us about the personal data that we process about you.\n"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        summary("We are entitled to share your data with our affiliates.\n"),
        vec![s("share", false, &["affiliate"])]
    );
    // A reason given for the act is no reason-noun before it.
    assert_eq!(
        summary("For these reasons, we share your data with our affiliates.\n"),
        vec![s("share", false, &["affiliate"])]
    );
}

#[test]
fn a_party_committed_to_an_act_is_its_actor() {
    // The party that commits not to share is bound, not a recipient of a denial.
    assert_no_sharing("Our partners have agreed not to share that information.\n");
    // A named organisation that commits, or a party committed to a coordinated infinitive,
    // is the actor, not the receiver.
    for (md, actor) in [
        (
            "Microsoft has committed to not store or share that information.\n",
            "Microsoft",
        ),
        (
            "Our partners have committed to not associate your clicks with a profile and to not store or share that information.\n",
            "partners",
        ),
    ] {
        let got = decls(md);
        assert!(
            got.iter().all(|d| d
                .recipients
                .iter()
                .all(|m| m.term.as_deref() != Some(actor))),
            "{got:#?}"
        );
    }
    // The organisation's own commitment names the receivers after the verb.
    assert_eq!(
        summary("We have agreed not to share your data with advertisers.\n"),
        vec![s("share", true, &["advertiser"])]
    );
}

#[test]
fn a_title_cased_list_name_is_no_denial() {
    assert_no_sharing(
        "Enter your email address to be added to O\u{2019}Reilly\u{2019}s \u{201c}Do Not Sell or Share\u{201d} list.\n",
    );
    assert_no_sharing("You can join our \"Do Not Sell\" list by emailing us.\n");
    // A title-cased heading is still what it says.
    assert_eq!(
        summary("We Do Not Sell Your Personal Information.\n"),
        vec![s("sell", true, &["third-party"])]
    );
}

#[test]
fn artificial_intelligence_services_are_vendors() {
    assert_eq!(
        summary(
            "We disclose some of your information to artificial intelligence services to provide certain features.\n"
        ),
        vec![s("disclose", false, &["service-provider"])]
    );
    assert_eq!(
        summary(
            "We may disclose your information to intelligence services where the law requires it.\n"
        ),
        vec![s("disclose", false, &["law-enforcement"])]
    );
}

#[test]
fn an_act_as_the_topic_of_rules_is_no_statement() {
    assert_no_sharing(
        "We don\u{2019}t own or control these third parties, and they have their own rules about information collection, use, and sharing, which you should review.\n",
    );
    assert_no_sharing("Third-party services have their own policies regarding data sharing.\n");
    // The organisation's act stays one.
    assert_eq!(
        summary("Under our rules, we share your data with advertisers.\n"),
        vec![s("share", false, &["advertiser"])]
    );
}

#[test]
fn notices_that_provide_information_share_nothing() {
    // The items a list of other notices introduces are documents, not recipients.
    assert_no_sharing(
        "The following privacy notices provide additional information about some Google services:\n\n* [Payments](https://example.com/payments)\n* [YouTube Kids](https://example.com/kids)\n",
    );
}

#[test]
fn publishers_receive_and_a_role_is_no_recipient() {
    assert_eq!(
        summary(
            "Forbes also shares certain personal information about its subscribers with other publishers.\n"
        ),
        vec![s("share", false, &["third-party"])]
    );
    let terms = |md: &str| -> Vec<Option<String>> {
        decls(md)
            .into_iter()
            .filter(|d| d.action.is_sharing())
            .flat_map(|d| d.recipients.into_iter().map(|m| m.term))
            .collect()
    };
    assert_eq!(
        terms(
            "Your name and telephone number may be sent to publishers to be printed in directories.\n"
        ),
        vec![Some("publishers".to_string())]
    );
    // "As a ..." names the role the subject acts in.
    assert_no_sharing(
        "As a publisher, Hearst processes personal information for journalistic purposes, including to develop and publish our content.\n",
    );
    assert!(
        !terms("We disclose personal information only as a service provider to our customers.\n")
            .contains(&Some("service provider".to_string()))
    );
    // The capacity of a recipient just named is kept.
    assert!(
        terms("We transfer personal data to a third party acting as a service provider.\n")
            .contains(&Some("service provider".to_string()))
    );
}

#[test]
fn no_knowledge_of_selling_is_a_denial() {
    assert_eq!(
        summary(
            "We do not have actual knowledge that we \u{201c}sell\u{201d} or \u{201c}share\u{201d} personal information of individuals under the age of 16.\n"
        ),
        vec![
            s("sell", true, &["third-party"]),
            s("share", true, &["third-party"])
        ]
    );
    assert_eq!(
        summary("We are not aware that we sell personal information of minors.\n"),
        vec![s("sell", true, &["third-party"])]
    );
    // Knowing it is no denial.
    assert_eq!(
        summary("We are aware that we sell personal information to data brokers.\n"),
        vec![s("sell", false, &["data-broker"])]
    );
}

#[test]
fn a_capitalised_name_starting_with_public_is_no_recipient() {
    assert_no_sharing(
        "Stack Exchange, Inc. is the Controller responsible for your personal data collected on the Public Network or directly by us.\n",
    );
    assert_eq!(
        summary("Your posts may be shared with the public.\n"),
        vec![s("share", false, &["public"])]
    );
}

#[test]
fn a_place_visited_and_an_option_given_to_the_reader_are_not_sharing() {
    assert_no_sharing(
        "When you visit our search engine or our other websites, your device sends some information about itself automatically, like its IP address and browser type.\n",
    );
    assert_no_sharing(
        "Services like Facebook Connect give you the option to post information about your activities on our Platforms to your profile page to share with others within your network.\n",
    );
    // The organisation's own act after the reader's option stays its own.
    assert_eq!(
        summary(
            "You have the option to register, and we share your registration data with our affiliates.\n"
        ),
        vec![s("share", false, &["affiliate"])]
    );
}

#[test]
fn a_column_of_the_readers_own_provider_names_no_recipients() {
    let table = "| Where You Reside | Services Provided | Your Coinbase Service Provider | Contact Address |\n| --- | --- | --- | --- |\n| United States | Custodial Services | Coinbase Custody Trust Company, LLC | 28 Liberty Street, New York |\n";
    assert_no_sharing(&format!("## Our relationship with you\n\n{table}"));
    // A column of service providers the data goes to still names them.
    let table =
        "| Category | Service providers |\n| --- | --- |\n| Identifiers | Hosting companies |\n";
    let got = decls(&format!("## Who we share data with\n\n{table}"));
    assert!(got.iter().any(|d| d.action.is_sharing()), "{got:#?}");
}

#[test]
fn a_definition_of_processing_and_a_far_right_state_no_practice() {
    assert_no_sharing(
        "Processing of personal data is basically any use of personal data - such as collecting, creating, analyzing, sharing, and deleting personal data.\n",
    );
    assert_no_sharing(
        "If you are a California resident, you are entitled to learn what data we collect about you, ask to delete your data and not to sell (share) it.\n",
    );
    assert_no_sharing(
        "Data portability: You are entitled to receive a readable copy of your personal data and, if requested, have the personal data to be transferred to another service provider.\n",
    );
    // The organisation's processing that includes sharing is a statement.
    assert!(
        summary("Our processing includes sharing your data with advertisers.\n").contains(&s(
            "share",
            false,
            &["advertiser"]
        ))
    );
}

#[test]
fn risks_urgings_what_data_reveals_and_released_things_are_no_disclosure() {
    // A danger is not a practice.
    assert_no_sharing(
        "Information in an unencrypted email is at risk of being intercepted and read by, or disclosed to, unauthorized third parties.\n",
    );
    // What the reader is urged to do first is the reader's act.
    assert_no_sharing(
        "We encourage you to investigate and ask questions before disclosing personal information to third parties.\n",
    );
    // Data that "does not reveal" an identity is what the data shows.
    assert_no_sharing(
        "Other, non-personal information does not reveal an individual\u{2019}s identity.\n",
    );
    // Nor does data "which does not directly or indirectly disclose" one: the share of the
    // sentence is the organisation's, the disclosure is not.
    assert_eq!(
        summary(
            "We may share anonymous information, i.e. information which does not directly or indirectly disclose your identity, with our advertising partners.\n"
        ),
        vec![s("share", false, &["advertiser"])]
    );
    // A release of guidance or of devices is no release of data.
    assert_no_sharing(
        "The Office of Management and Budget released guidance in 2010 on how federal agencies can use web measurement technologies.\n",
    );
    assert_no_sharing(
        "Google Nest devices released in 2019 or later are validated using third-party security standards.\n",
    );
    // A gerund after "by" is the main clause's subject's act.
    assert_no_sharing(
        "You may also share blog posts with those Third Party Services (for example, by sharing posts to Twitter or Facebook).\n",
    );
    // The organisation's own release of data and its own denial stay statements.
    assert_eq!(
        summary("We may release your personal information to law enforcement.\n"),
        vec![s("disclose", false, &["law-enforcement"])]
    );
    assert_eq!(
        summary("We will not reveal your identity to advertisers.\n"),
        vec![s("disclose", true, &["advertiser"])]
    );
    // A passive release has its data before it.
    assert!(
        summary("If such information is gathered for a survey, no PIN is released and is reported only in aggregate form.\n")
            .contains(&s("disclose", true, &["third-party"]))
    );
}

#[test]
fn an_act_done_with_a_tool_the_reader_uses_is_the_readers() {
    assert_no_sharing(
        "You can use sharing functionality available in our service to disclose your personal information to your friends.\n",
    );
    // The organisation's own tools stay its own.
    assert_eq!(
        summary("We use service providers to disclose your data to advertisers.\n")
            .into_iter()
            .filter(|d| d.0 == "disclose")
            .count(),
        1
    );
}

#[test]
fn a_sentence_in_a_recipient_column_names_no_one() {
    let table = "| Third Party | Description |\n| --- | --- |\n| To get a detailed list of the recipients of your personal data, please contact us. | |\n";
    assert_no_sharing(&format!("## Who we share data with\n\n{table}"));
    // A short name there is still a recipient, if a vague one.
    let table =
        "| Third Party | Description |\n| --- | --- |\n| Integrations | Tools you connect. |\n";
    let got = decls(&format!("## Who we share data with\n\n{table}"));
    assert!(got.iter().any(|d| d.action.is_sharing()), "{got:#?}");
}

#[test]
fn a_conjunction_inside_brackets_does_not_part_the_sentence() {
    let got = summary(
        "We may share aggregated information (meaning information about groups of players, including match results and habits, but which does not identify and that cannot reasonably be used to identify any single player) with our advertising partners.\n",
    );
    assert!(
        got.iter()
            .any(|d| d.0 == "share" && !d.1 && d.2.contains(&"advertiser".to_string())),
        "{got:?}"
    );
}

#[test]
fn shared_responsibility_and_third_party_features_are_not_data_shared() {
    assert_no_sharing(
        "There may be occasions when we share responsibility for the processing of your personal data as joint controllers with our partners.\n",
    );
    assert_no_sharing(
        "Our Services may contain links to third-party websites or features or provide certain third-party connections.\n",
    );
    // Data shared with the same partners is.
    assert_eq!(
        summary("We share your personal data with our partners.\n"),
        vec![s("share", false, &["third-party"])]
    );
}

#[test]
fn a_negated_lead_in_denies_every_verb_phrase_paragraph_after_it() {
    let got = summary(
        "**Acme does not:**\n\nSell any customer data to third parties.\n\nCollect data from you unless you provide it.\n\nSell the names of visitors to unaffiliated suppliers, without your approval.\n",
    );
    let sells: Vec<_> = got.iter().filter(|d| d.0 == "sell").collect();
    assert_eq!(sells.len(), 2, "{got:?}");
    assert!(sells.iter().all(|d| d.1), "{got:?}");
}

#[test]
fn who_approved_the_rule_a_transfer_follows_receives_nothing() {
    let got = summary(
        "We rely on the Standard Contractual Clauses approved by the National Data Protection Authority to transfer personal data to our service providers.\n",
    );
    assert!(
        got.iter().all(|d| !d.2.contains(&"government".to_string())),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|d| d.0 == "transfer" && d.2.contains(&"service-provider".to_string())),
        "{got:?}"
    );
    // The agent of an act on data is who gets it.
    let got = summary("Your information may be accessed by law enforcement authorities.\n");
    assert!(
        got.iter()
            .any(|d| d.2.contains(&"law-enforcement".to_string())),
        "{got:?}"
    );
}

#[test]
fn a_feature_named_sharing_and_an_opening_by_gerund_of_the_reader_share_nothing() {
    let got = summary(
        "Zoom does not use any of your audio, video, chat, screen sharing, attachments or other content to train its third-party artificial intelligence models.\n",
    );
    assert!(got.iter().all(|d| d.0 != "share"), "{got:?}");
    assert_no_sharing(
        "By providing your social media account details, you are authorizing that third-party provider to share with us certain information about you.\n",
    );
    // The organisation's own act after an opening "By" stays its own.
    assert_eq!(
        summary("By using our services, we may share your data with advertisers.\n")
            .into_iter()
            .filter(|d| d.0 == "share")
            .count(),
        1
    );
}

#[test]
fn the_parties_after_a_recipients_own_act_receive_nothing_of_ours() {
    // "others" is whom the contractors may not tell: no recipient of the sharing, and the
    // contractors' promise is no denial of the organisation's.
    let got = summary(
        "We share your data with contractors that have agreed not to disclose it to others.\n",
    );
    assert_eq!(got, vec![s("share", false, &["service-provider"])]);
    // A group company's promise binds it, not the organisation.
    let got = summary(
        "We only share your data with our contractors and affiliated organizations and those that have agreed not to disclose it to others.\n",
    );
    assert!(got.iter().all(|d| !d.1), "{got:?}");
    assert!(
        got.iter()
            .all(|d| !d.2.contains(&"third-party".to_string())),
        "{got:?}"
    );
}

#[test]
fn a_title_the_reader_is_sent_to_and_the_sending_state_nothing() {
    for sentence in [
        "See Sharing and Transfer of Information, below, for more on this topic.\n",
        "See Our Global Operations and Data Transfers for additional information.\n",
        "For more information, see this article on Sharing Meetup events on Social Media.\n",
        "Please also see \"Sale\" and \"Sharing\" of Personal Information for additional information.\n",
    ] {
        assert_no_sharing(&format!("# How we share your information\n\n{sentence}"));
    }
    // What the other text is about is its topic, not a statement here.
    let got = summary(
        "Please see Online Tracking and Advertising for further information about our and third parties use of cookies, web beacons, and other tracking technologies.\n",
    );
    assert!(got.is_empty(), "{got:?}");
    // "Do Not Track" is a setting's name, not a denial of tracking.
    let got = summary(
        "Some web browsers have an optional setting called \"Do Not Track\" that lets you opt out of being tracked.\n",
    );
    assert!(got.iter().all(|d| !d.1), "{got:?}");
    // The act itself, in lower case after the pointer, is still said.
    let got = summary(
        "Please see our Group Companies table for the countries where your personal data may be transferred to within our group.\n",
    );
    assert!(got.iter().any(|d| d.0 == "transfer"), "{got:?}");
    // A title-case heading's own words are no reference.
    let got = summary(
        "# Who Can See, Share, and Process My Personal Data\n\n* Other participants may be able to see your display name.\n",
    );
    assert!(got.iter().any(|d| d.0 == "share"), "{got:?}");
}

#[test]
fn an_infinitive_joined_to_the_users_infinitive_is_the_users_act() {
    for sentence in [
        "Certain content may be served by third parties, which may include widgets (such as those that allow you to \"like\" or \"share\" content with third-party websites).\n",
        "Coinbase Pay is a payment feature that allows you to buy or transfer supported crypto to your wallet at another exchange.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // The organisation's own infinitive after a permission it is given stays its act.
    let got = summary("You allow us to collect and share your data with our partners.\n");
    assert!(got.iter().any(|d| d.0 == "share"), "{got:?}");
}

#[test]
fn what_reveals_through_a_relative_pronoun_is_no_denial_of_ours() {
    // The reports do not reveal; the organisation provides them.
    let got = summary(
        "We only provide aggregated reports to advertisers that don't reveal information about individual people.\n",
    );
    assert!(got.iter().all(|d| !d.1), "{got:?}");
    // "Do not reveal" said of the organisation is still a denial.
    let got = summary("We do not reveal your personal information to advertisers.\n");
    assert!(got.iter().any(|d| d.1), "{got:?}");
}

#[test]
fn a_denial_after_the_reader_clicks_the_opt_out_link_awaits_it() {
    let d = decls(
        "Although we shall not sell your personal information after you click that button, we shall continue to share some personal information with our partners.\n",
    );
    let denial = d.iter().find(|d| d.negated).expect("a denial");
    assert_eq!(denial.condition, Some(Condition::OptOut), "{d:#?}");
}

#[test]
fn a_line_break_written_as_html_parts_a_tables_items() {
    // Glued, "partnersAnalytics providers" named one unknown party.
    let got = summary(
        "We may have sold the following categories of personal information:\n\n| Category | Categories of recipients |\n| --- | --- |\n| Identifiers, such as name and email address | Advertising and marketing partners<br>Analytics providers |\n",
    );
    assert!(
        got.iter().any(|d| d.2.contains(&"advertiser".to_string())
            && d.2.contains(&"analytics-provider".to_string())),
        "{got:?}"
    );
}

#[test]
fn a_gerund_joined_to_a_noun_names_an_activity() {
    assert_no_sharing(
        "| Information Category | Description |\n| --- | --- |\n| Financial Information | Bank account number<br><br>Trading and investment experience<br><br>Tax identification number |\n",
    );
    assert_no_sharing("Our mission is to democratize publishing and commerce.\n");
    // Two gerunds, or a gerund and an adverb, are still acts.
    let got = summary("We may be selling or renting your personal information to data brokers.\n");
    assert!(got.iter().any(|d| d.0 == "sell"), "{got:?}");
    let got = summary(
        "We have an interest in disclosing and otherwise processing your information to potential buyers.\n",
    );
    assert!(got.iter().any(|d| d.0 == "disclose"), "{got:?}");
}

#[test]
fn parties_engaged_who_give_us_data_are_sources() {
    assert_no_sharing(
        "From Third Parties: we may work with business partners, subcontractors, advertising networks and analytics providers, who may provide us with personal information about you.\n",
    );
    assert_no_sharing("We work with business partners who send us personal information.\n");
    // Parties engaged to work on data still receive it.
    let got = summary("We work with business partners who help us deliver our services.\n");
    assert!(got.iter().any(|d| d.0 == "share"), "{got:?}");
}

#[test]
fn the_organisations_own_access_is_no_sharing() {
    assert_no_sharing(
        "We will still have the personal information that we received when you first set up your account using your Facebook or Apple ID (you must delete your account entirely for us to no longer have access to this data).\n",
    );
    // Others given or having access still receive it.
    let got = summary("Our service providers have access to your personal information.\n");
    assert!(got.iter().any(|d| d.0 == "share"), "{got:?}");
}

/// The recipient categories of every sharing declaration in `md`.
fn sharing_recipients(md: &str) -> Vec<String> {
    summary(md)
        .into_iter()
        .filter(|d| d.0 != "collect" && d.0 != "use")
        .flat_map(|d| d.2)
        .collect()
}

#[test]
fn a_party_that_gives_data_to_us_receives_none_of_it() {
    let got = sharing_recipients(
        "This could include information that the social media service shares with us, or information that is disclosed as being shared during the sign-in process.\n",
    );
    assert!(!got.contains(&"social-network".to_string()), "{got:?}");
    // Through a verb that takes an infinitive.
    let got = sharing_recipients(
        "The information collected and stored by the third party remains subject to the third party's privacy practices, including whether the third party continues to share information with us, the types of information shared, and your choices.\n",
    );
    assert!(!got.contains(&"third-party".to_string()), "{got:?}");
    // A pronoun's party may still be the receiver of the organisation's own act.
    let got = summary(
        "We share data about you with our Affiliates and they share data about you with us.\n",
    );
    assert!(
        got.iter().any(|d| d.2.contains(&"affiliate".to_string())),
        "{got:?}"
    );
}

#[test]
fn a_passive_verb_of_receiving_names_no_receiver_before_it() {
    assert_no_sharing(
        "Supplemented data may be received about you from other sources, including social media sites like Facebook, Twitter etc. in which case we combine this data with information that we already have about you.\n",
    );
    assert_no_sharing(
        "HSBC may also see this information if HSBC has communicated with you on Facebook.\n",
    );
    // The agent after it receives, even past a coordinated participle.
    let got = summary(
        "Such information is neither received nor stored by either the third party or Zoom.\n",
    );
    assert!(
        got.iter()
            .any(|d| d.1 && d.2.contains(&"third-party".to_string())),
        "{got:?}"
    );
    // What is received may be a demand: the one demanding is who the data would go to.
    let got = summary(
        "Google regularly receives requests from governments and courts around the world to disclose user data.\n",
    );
    assert!(
        got.iter().any(|d| d.2.contains(&"government".to_string())),
        "{got:?}"
    );
    let got = summary("Your personal information may be accessed by our service providers.\n");
    assert!(
        got.iter()
            .any(|d| d.2.contains(&"service-provider".to_string())),
        "{got:?}"
    );
}

#[test]
fn examples_of_a_source_are_sources() {
    let got = sharing_recipients(
        "If we receive business contact information from a third party, such as an IBM Business Partner or supplier, we will confirm that the information was shared appropriately.\n",
    );
    assert!(!got.contains(&"service-provider".to_string()), "{got:?}");
    // A subordinate clause ends the list "from" governs.
    let got = sharing_recipients(
        "Netflix operates from various countries around the world, as do its Service Providers, Partners, and other third parties to whom we may need to disclose your personal information.\n",
    );
    assert!(got.contains(&"service-provider".to_string()), "{got:?}");
}

#[test]
fn a_party_whose_safety_is_protected_is_no_recipient_past_an_of_inside_the_list() {
    let got = sharing_recipients(
        "We also may release information about users when we believe in good faith that such release is in the interest of protecting the rights, property, safety or security of Ziff Davis, any of our users or the public, or to respond to an emergency.\n",
    );
    assert!(!got.contains(&"public".to_string()), "{got:?}");
}

#[test]
fn find_out_more_points_elsewhere() {
    assert_no_sharing(
        "# Information Shared Publicly\n\nFind out more about opting out of the Firehose for WordPress.com and Jetpack sites.\n",
    );
}

#[test]
fn coordinated_participles_share_their_agent() {
    // "by you" is the agent of "uploaded, emailed or otherwise provided": the user gives.
    let got = sharing_recipients(
        "Communication Information, such as any data in any files uploaded, emailed or otherwise provided by you, the contents of your communications with us, whether via e-mail, social media, telephone or otherwise.\n",
    );
    assert!(!got.contains(&"social-network".to_string()), "{got:?}");
    // The agent of a verb of receiving receives.
    let got = summary("Such information may be received by our service providers.\n");
    assert!(
        got.iter()
            .any(|d| d.2.contains(&"service-provider".to_string())),
        "{got:?}"
    );
}

#[test]
fn a_party_the_lexicon_does_not_know_is_named_after_with() {
    let d = decls("We may share your phone number with the flower shop.\n");
    let terms: Vec<Option<String>> = d
        .iter()
        .flat_map(|d| d.recipients.iter().map(|m| m.term.clone()))
        .collect();
    assert!(terms.contains(&Some("flower shop".into())), "{d:#?}");
    let got = sharing_recipients("We may share information with Swedish authorities.\n");
    assert_eq!(got, vec!["government".to_string()]);
    let d = decls("We may disclose your data to the relevant licensing body.\n");
    assert!(
        d.iter().any(|d| d
            .recipients
            .iter()
            .any(|m| m.term.as_deref() == Some("relevant licensing body")
                || m.term.as_deref() == Some("licensing body"))),
        "{d:#?}"
    );
    // A proper name alone may be the organisation itself; a thing is no party.
    for sentence in [
        "We share your email address with Vinted.\n",
        "We share your data with your consent.\n",
        "We disclose personal data in accordance with applicable law.\n",
    ] {
        let d = decls(sentence);
        assert!(
            d.iter()
                .filter(|d| d.action.is_sharing())
                .all(|d| d.recipients.iter().all(|m| m.term.is_none())),
            "{sentence}: {d:#?}"
        );
    }
}

#[test]
fn data_given_to_us_said_again_goes_to_no_one_else() {
    assert_no_sharing(
        "## Activity on third-party sites\n\nWebsites and apps that integrate Google services like ads and analytics share information with us.\n\nThis information is shared regardless of which browser or browser mode that you use.\n",
    );
    // Without the flow to us before it, the passive still says the data goes out.
    let got = summary("This information is shared regardless of which browser you use.\n");
    assert!(got.iter().any(|d| d.0 == "share"), "{got:?}");
}

#[test]
fn what_cannot_by_itself_reveal_is_data() {
    assert_no_sharing(
        "Hashing is a process of converting the original contact information into a value that cannot, by itself, reveal your identity or contact information.\n",
    );
}

#[test]
fn a_protected_party_is_found_past_a_long_list_of_others() {
    let got = sharing_recipients(
        "Wix may share your Personal Information if we believe in good faith that this will help protect the rights, property or personal safety of Wix, any of our Users, any Users-of-Users, or any member of the general public.\n",
    );
    assert!(!got.contains(&"public".to_string()), "{got:?}");
}

#[test]
fn whoever_chooses_to_use_a_tool_to_share_shares() {
    assert_no_sharing(
        "In addition, you may choose to use the App or Sites to share information with other Badoo members including your friends and contacts.\n",
    );
    // The organisation choosing to use a service to share still shares.
    let got =
        summary("We may choose to use a mailing house to share your address with our partners.\n");
    assert!(got.iter().any(|d| d.0 == "share"), "{got:?}");
}

#[test]
fn a_series_of_verbs_after_the_readers_infinitive_is_the_readers() {
    assert_no_sharing(
        "This includes enabling you to create an account, create, store and share content and collaborate with others on our platform.\n",
    );
    // A party's commitment is not the reader's, though "user" comes before its "to".
    let got = summary(
        "Microsoft has committed to not associate your ad-click behavior with a user profile and to not store or share that information other than for accounting purposes.\n",
    );
    assert!(got.iter().any(|d| d.0 == "share"), "{got:?}");
}

#[test]
fn authorities_in_the_plural_are_government_whatever_their_modifier() {
    for sentence in [
        "We may disclose your data to licensing authorities.\n",
        "We may release information to authorities when we have a legal obligation to do so.\n",
        "We share data with the police and other authorities.\n",
    ] {
        let got = sharing_recipients(sentence);
        assert!(
            got.contains(&"government".to_string()),
            "{sentence}: {got:?}"
        );
    }
    // The singular is not taken: it is as often a power ("the authority to disclose").
    let got = sharing_recipients("We have the authority to disclose your data to partners.\n");
    assert!(!got.contains(&"government".to_string()), "{got:?}");
}

#[test]
fn a_passive_act_whose_agent_is_the_reader_is_the_readers() {
    for sentence in [
        "The protections will not apply if it is shared by you with other people.\n",
        "Your profile may be viewed and shared by members with individuals who are not users.\n",
        "Content disclosed by other users to third parties is their responsibility.\n",
    ] {
        let got = summary(sentence);
        assert!(
            !got.iter().any(
                |d| d.0 == "share" && d.2.contains(&"third-party".to_string()) || d.0 == "disclose"
            ),
            "{sentence}: {got:?}"
        );
    }
    // The organisation's own passive act stays.
    let got = sharing_recipients("Your data may be shared by us with our partners.\n");
    assert!(!got.is_empty(), "{got:?}");
}

#[test]
fn a_word_of_a_web_address_is_no_verb() {
    for sentence in [
        "https://www.xing.com/app/share?op=data_protection\n",
        "See xing.com/app/share for details on Facebook.\n",
        // A space wider than a byte before the address.
        "See\u{a0}https://example.com/share?x=1 for details on Facebook.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // A slash between words is not an address.
    let got = sharing_recipients("We share/disclose your data with advertisers.\n");
    assert!(got.contains(&"advertiser".to_string()), "{got:?}");
}

#[test]
fn a_list_of_what_the_reader_is_told_states_no_practice() {
    let md = "We will disclose to you:\n\n* The categories of personal information we collected about you.\n* The categories of third parties with whom we share that personal information.\n";
    let got = sharing_recipients(md);
    assert!(got.is_empty(), "{got:?}");
    // A list of recipients still names them.
    let got = sharing_recipients(
        "We share your data with:\n\n* our advertising partners;\n* analytics providers.\n",
    );
    assert!(got.contains(&"advertiser".to_string()), "{got:?}");
}

#[test]
fn a_list_of_data_subjects_names_no_recipients() {
    let md = "This Policy applies to our collection, use, and disclosure of the personal information of the following categories of data subjects:\n\n* End Users: Those who access or use our websites, or our customers' employees, agents, or contractors, who access or use the Services.\n";
    let got = sharing_recipients(md);
    assert!(!got.contains(&"service-provider".to_string()), "{got:?}");
}

#[test]
fn a_share_button_is_a_tool_not_an_act() {
    for sentence in [
        "Our website includes social media features, such as the Facebook Like button and widgets, such as the Share This button.\n",
        "Our Services include certain social media features, including a social media share button.\n",
        "See PayPal's transfer policies here.\n",
    ] {
        assert_no_sharing(sentence);
    }
    // The verb before such a noun still acts: "we share buttons" is not how policies talk,
    // but "we share data with" is.
    let got =
        sharing_recipients("We share this data with Facebook when you use the share button.\n");
    assert!(got.contains(&"social-network".to_string()), "{got:?}");
}

#[test]
fn a_public_body_that_asks_receives() {
    for (sentence, category) in [
        (
            "We may disclose your information to comply with governmental requests.\n",
            "government",
        ),
        (
            "We may disclose data in response to government requests or regulatory inquiries.\n",
            "government",
        ),
        (
            "We may share your information to cooperate with law enforcement investigations.\n",
            "law-enforcement",
        ),
    ] {
        let got = sharing_recipients(sentence);
        assert!(got.contains(&category.to_string()), "{sentence}: {got:?}");
    }
    // A requirement is a rule, not someone asking; a complaint body still receives nothing.
    let got = sharing_recipients("We may disclose data to meet regulatory requirements.\n");
    assert!(!got.contains(&"government".to_string()), "{got:?}");
    let got = sharing_recipients(
        "We commit to cooperate with the data protection authorities and we share data with partners.\n",
    );
    assert!(!got.contains(&"government".to_string()), "{got:?}");
}

#[test]
fn the_last_verb_of_a_series_after_you_is_the_readers() {
    let got = sharing_recipients(
        "Information that you post, comment, share content or like in forums operated by us, on the pages of social network groups.\n",
    );
    assert!(got.is_empty(), "{got:?}");
    // The organisation's own series is its own, and so is its act after a clause of the
    // reader's.
    let got = sharing_recipients("We collect, use, share and sell your data with advertisers.\n");
    assert!(got.contains(&"advertiser".to_string()), "{got:?}");
    let got = sharing_recipients("When you register, we share your data with advertisers.\n");
    assert!(got.contains(&"advertiser".to_string()), "{got:?}");
}

#[test]
fn the_service_folder_of_the_open_terms_archive_layout_is_the_first_party() {
    let md = "We may share your information with Tumblr and Facebook.\n";
    let recipients = |path: &str| -> Vec<String> {
        let doc = Document::parse(path, md, Format::Markdown);
        extract(&doc, &VOCAB)
            .into_iter()
            .flat_map(|d| d.recipients.into_iter().filter_map(|m| m.entity))
            .collect()
    };
    for path in [
        "ota/Tumblr/Privacy Policy.md",
        "ota/Tumblr/Privacy Policy/2024-01-01.md",
    ] {
        let got = recipients(path);
        assert!(!got.contains(&"Tumblr".to_string()), "{path}: {got:?}");
        assert!(got.contains(&"Facebook".to_string()), "{path}: {got:?}");
    }
    // Any other folder says nothing of whose policy it is.
    let got = recipients("studies/Tumblr/notes.md");
    assert!(got.contains(&"Tumblr".to_string()), "{got:?}");
}

#[test]
fn the_owner_of_a_policy_receives_nothing() {
    for sentence in [
        "These cookies are sent from third-party computers and are subject to such third parties' policies.\n",
        "We localise content in compliance with our content partners' licensing terms.\n",
    ] {
        let got = sharing_recipients(sentence);
        assert!(got.is_empty(), "{sentence}: {got:?}");
    }
    // A party that receives keeps its place beside its own policy.
    let got = sharing_recipients(
        "We share your email with advertisers, and the advertisers' privacy policies apply.\n",
    );
    assert!(got.contains(&"advertiser".to_string()), "{got:?}");
}
