use super::*;

fn blocks(doc: &Document) -> Vec<(String, u32, u32, String)> {
    doc.blocks
        .iter()
        .map(|b| {
            let kind = match b.kind {
                BlockKind::Heading { level } => format!("h{level}"),
                BlockKind::Paragraph => "p".into(),
                BlockKind::ListItem { depth } => format!("li{depth}"),
                BlockKind::TableRow { header } => {
                    if header {
                        "th".into()
                    } else {
                        "tr".into()
                    }
                }
            };
            (
                kind,
                b.line,
                b.end_line,
                b.text.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

#[test]
fn markdown_structure_and_lines() {
    let md = "# Privacy\n\nIntro line one\nline two.\n\n## Who we share with\n\nWe may share your data with:\n\n- service providers\n- advertisers, including:\n  - ad networks\n\n| Category | Recipients |\n|---|---|\n| Identifiers | Advertisers |\n";
    let doc = Document::parse("p.md", md, Format::Markdown);
    let b = blocks(&doc);
    assert_eq!(b[0], ("h1".into(), 1, 1, "Privacy".into()));
    assert_eq!(b[1], ("p".into(), 3, 4, "Intro line one line two.".into()));
    assert_eq!(b[2].0, "h2");
    assert_eq!(
        b[3],
        ("p".into(), 8, 8, "We may share your data with:".into())
    );
    assert_eq!(b[4], ("li0".into(), 10, 10, "service providers".into()));
    assert_eq!(
        b[5],
        ("li0".into(), 11, 11, "advertisers, including:".into())
    );
    assert_eq!(b[6], ("li1".into(), 12, 12, "ad networks".into()));
    assert_eq!(b[7].0, "th");
    assert_eq!(
        b[8],
        ("tr".into(), 16, 16, "Identifiers; Advertisers".into())
    );
    assert_eq!(doc.blocks[4].lead_in, Some(3));
    assert_eq!(doc.blocks[5].lead_in, Some(3));
    assert_eq!(doc.blocks[6].lead_in, Some(5));
    assert_eq!(doc.blocks[8].table_header, Some(7));
    assert_eq!(doc.blocks[8].cells, vec!["Identifiers", "Advertisers"]);
    assert_eq!(
        doc.heading_path(&doc.blocks[4]),
        ["Privacy", "Who we share with"]
    );
    // A sentence's line inside a wrapped paragraph.
    let p = &doc.blocks[1];
    assert_eq!(p.line_at(p.text.find("line two").unwrap()), 4);
}

#[test]
fn markdown_pseudo_headings_scope_paragraphs() {
    let md = "# Policy\n\nSharing Your Information\n\nWe share it with partners.\n";
    let doc = Document::parse("p.md", md, Format::Markdown);
    let b = blocks(&doc);
    assert_eq!(b[1].0, "h2");
    assert_eq!(
        doc.heading_path(&doc.blocks[2]),
        ["Policy", "Sharing Your Information"]
    );
}

#[test]
fn html_drops_boilerplate_and_keeps_lines() {
    let html = "<!doctype html>\n<html><head><title>x</title><style>p{}</style></head>\n<body>\n<nav><a>Home</a></nav>\n<h1>Privacy</h1>\n<p>We share data\nwith <b>advertisers</b>. We never sell it.</p>\n<ul>\n<li>service providers</li>\n<li>partners\n<ul><li>ad networks</li></ul></li>\n</ul>\n<table><thead><tr><th>Data</th><th>Disclosed to</th></tr></thead>\n<tbody><tr><td>Identifiers</td><td>Advertisers</td></tr></tbody></table>\n<script>var x = 'we sell everything';</script>\n<footer>Copyright</footer>\n</body></html>\n";
    let doc = Document::parse("p.html", html, Format::Html);
    let b = blocks(&doc);
    let texts: Vec<&str> = b.iter().map(|x| x.3.as_str()).collect();
    assert!(
        !texts.iter().any(|t| t.contains("Home")
            || t.contains("sell everything")
            || t.contains("Copyright")),
        "{texts:?}"
    );
    assert_eq!(b[0], ("h1".into(), 5, 5, "Privacy".into()));
    assert_eq!(
        b[1],
        (
            "p".into(),
            6,
            7,
            "We share data with advertisers. We never sell it.".into()
        )
    );
    let p = &doc.blocks[1];
    assert_eq!(p.line_at(p.text.find("We never").unwrap()), 7);
    assert_eq!(b[2], ("li0".into(), 9, 9, "service providers".into()));
    assert_eq!(b[3].0, "li0");
    assert_eq!(b[3].1, 10);
    assert_eq!(b[4], ("li1".into(), 11, 11, "ad networks".into()));
    assert_eq!(doc.blocks[2].lead_in, Some(1));
    assert_eq!(doc.blocks[4].lead_in, Some(3));
    assert_eq!(b[5].0, "th");
    assert_eq!(
        b[6],
        ("tr".into(), 14, 14, "Identifiers; Advertisers".into())
    );
}

#[test]
fn plain_text_headings_lists_and_wrapping() {
    let txt = "ACME PRIVACY NOTICE\n\n1. INFORMATION WE SHARE\n\nWe share your data with the following\nrecipients:\n\n- service providers\n- (b) group companies\n\nWe never sell it. Thanks.\n";
    let doc = Document::parse("p.txt", txt, Format::Text);
    let b = blocks(&doc);
    assert_eq!(b[0], ("h2".into(), 1, 1, "ACME PRIVACY NOTICE".into()));
    assert_eq!(b[1], ("h2".into(), 3, 3, "1. INFORMATION WE SHARE".into()));
    assert_eq!(
        b[2],
        (
            "p".into(),
            5,
            6,
            "We share your data with the following recipients:".into()
        )
    );
    assert_eq!(b[3], ("li0".into(), 8, 8, "service providers".into()));
    assert_eq!(doc.blocks[3].lead_in, Some(2));
    assert_eq!(
        b[5],
        ("p".into(), 11, 11, "We never sell it. Thanks.".into())
    );
}

#[test]
fn crlf_bom_file_reads() {
    let doc = Document::from_bytes(
        "x.txt",
        b"\xEF\xBB\xBFTITLE HERE\r\n\r\nWe do not sell data.\r\n",
        None,
    )
    .unwrap();
    assert_eq!(doc.blocks.len(), 2);
    assert_eq!(doc.blocks[1].line, 3);
}

#[test]
fn sniffing() {
    assert_eq!(Format::sniff("<!DOCTYPE html><p>x</p>"), Format::Html);
    assert_eq!(Format::sniff("# Title\n\ntext"), Format::Markdown);
    assert_eq!(Format::sniff("PRIVACY\n\nWe share."), Format::Text);
}

#[test]
fn binary_is_an_error_naming_the_file() {
    let err = Document::from_bytes("blob.md", b"\x00\x01\x02\x03binary", None).unwrap_err();
    assert!(
        err.to_string().starts_with("blob.md: binary content"),
        "{err}"
    );
}

#[test]
fn paragraphs_that_lost_their_list_markup_follow_their_lead_in() {
    let md = "We may disclose your information:\n\nto satisfy applicable laws,\n\nto defend ourselves in litigation, or\n\nwith your consent.\n\nWe keep your data for a year. It is then deleted.\n";
    let doc = Document::parse("p.md", md, Format::Markdown);
    let leads: Vec<Option<u32>> = doc.blocks.iter().map(|b| b.lead_in).collect();
    // The three fragments are items of the first paragraph; the last ends the sentence, so
    // the full paragraph after it stands alone.
    assert_eq!(leads, vec![None, Some(0), Some(0), Some(0), None]);
    // A real list ends the lost one: the paragraph after it is not an item.
    let md = "We share data with:\n\n- partners\n\nWe do not collect email addresses\n";
    let doc = Document::parse("p.md", md, Format::Markdown);
    assert_eq!(doc.blocks[2].lead_in, None);
}

#[test]
fn a_policy_not_in_english_is_said_to_be_so() {
    let fr = "# Politique de confidentialité\n\nNous pouvons partager vos coordonnées avec des \
        sociétés partenaires sélectionnées à des fins de marketing. Nous ne vendons jamais vos \
        données à des tiers sans votre consentement. Vous pouvez à tout moment demander l'accès \
        à vos données, leur rectification ou leur suppression en écrivant à notre délégué.\n";
    let doc = Document::parse("fr.md", fr, Format::Markdown);
    assert_eq!(doc.english, Some(false));
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.contains("does not read as English")),
        "{:?}",
        doc.warnings
    );
    let en = "# Privacy\n\nWe may share your contact details with selected partner companies \
        for marketing. We never sell your data to third parties without your consent. You may \
        at any time ask for access to your data, or for it to be corrected or deleted, by \
        writing to our data protection officer.\n";
    let doc = Document::parse("en.md", en, Format::Markdown);
    assert_eq!(doc.english, Some(true));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let stub = Document::parse(
        "stub.html",
        "<p>Please enable JavaScript.</p>",
        Format::Html,
    );
    assert_eq!(stub.english, None, "too short to tell");
    assert!(stub.warnings.is_empty());
}

#[test]
fn markdown_raw_html_blocks_are_read_with_their_lines() {
    let md = "# Privacy\n\nIntro.\n\n<div>\n<p>We sell your email\naddress to brokers.</p>\n<script>var x = 'We sell';</script>\n</div>\n\n> <p>Quoted text.</p>\n\n- item\n\n  <p>In an item.</p>\n";
    let doc = Document::parse("p.md", md, Format::Markdown);
    let b = blocks(&doc);
    assert_eq!(
        b[2],
        (
            "p".into(),
            6,
            7,
            "We sell your email address to brokers.".into()
        )
    );
    assert!(
        b.contains(&("p".into(), 11, 11, "Quoted text.".into())),
        "{b:?}"
    );
    assert!(
        b.contains(&("p".into(), 15, 15, "In an item.".into())),
        "{b:?}"
    );
    assert!(!b.iter().any(|x| x.3.contains("var x")), "{b:?}");
}

#[test]
fn verb_phrases_after_an_open_predicate_are_its_items() {
    let md = "**Acme does not:**\n\nSell any customer data to third parties.\n\nCollect data from you unless you provide it.\n\nSell the names of visitors to suppliers, without your approval.\n\nInformation about customers may be transferred in a merger.\n";
    let doc = Document::parse("p.md", md, Format::Markdown);
    let leads: Vec<Option<u32>> = doc.blocks.iter().map(|b| b.lead_in).collect();
    // Every verb phrase completes "does not"; the paragraph with a subject of its own does not.
    assert_eq!(leads, vec![None, Some(0), Some(0), Some(0), None]);
    // A lead-in that closes its clause keeps only fragments as items.
    let md = "We share data as follows:\n\nSell it to brokers.\n\nShare it with partners.\n";
    let doc = Document::parse("p.md", md, Format::Markdown);
    assert_eq!(doc.blocks[2].lead_in, None);
}
