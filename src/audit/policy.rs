//! Finding the privacy policy among a page's links, and writing the rendered policy as
//! Markdown whose lines can be quoted.

use crate::document::{BlockKind, Document, Format};

/// A link on a page, as the page script reports it.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Link {
    pub href: String,
    #[serde(default)]
    pub text: String,
    /// Inside a `<footer>` or an element marked as the page's footer.
    #[serde(default)]
    pub footer: bool,
}

/// Words in a link's text that name a privacy policy, in several languages.
const POLICY_TEXTS: &[&str] = &[
    "privacy policy",
    "privacy notice",
    "privacy statement",
    "privacy",
    "data protection",
    "datenschutz",
    "datenschutzerklärung",
    "confidentialité",
    "politique de confidentialité",
    "vie privée",
    "privacidad",
    "política de privacidad",
    "aviso de privacidad",
    "privacidade",
    "informativa sulla privacy",
    "privacybeleid",
    "privacyverklaring",
    "integritetspolicy",
    "personvern",
    "tietosuoja",
    "prywatności",
];

/// Pieces of an address that name a privacy policy.
const POLICY_PATHS: &[&str] = &[
    "/legal/privacy",
    "privacy-policy",
    "privacy_policy",
    "privacypolicy",
    "privacy-notice",
    "privacy-statement",
    "/privacy",
    "datenschutz",
    "confidentialite",
    "privacidad",
    "privacidade",
    "privacy",
    "data-protection",
];

/// Words that make a privacy link something other than the policy: a settings page or an
/// opt-out form.
const NOT_POLICY: &[&str] = &[
    "choices",
    "settings",
    "preferences",
    "do not sell",
    "opt out",
    "opt-out",
    "manage",
    "request",
];

/// How strongly a link looks like the privacy policy; `None` when it does not.
pub fn score(link: &Link) -> Option<i32> {
    let text = link.text.trim().to_lowercase();
    let href = link.href.to_lowercase();
    let path = href.split_once("://").map_or(href.as_str(), |(_, rest)| {
        rest.find('/').map_or("", |i| &rest[i..])
    });
    let mut score = 0;
    if POLICY_TEXTS[..3].iter().any(|t| text.contains(t)) {
        score += 10;
    } else if POLICY_TEXTS.iter().any(|t| text.contains(t)) {
        score += 6;
    }
    if POLICY_PATHS.iter().any(|p| path.contains(p)) {
        score += 4;
    }
    if score == 0 {
        return None;
    }
    if NOT_POLICY.iter().any(|w| text.contains(w)) {
        score -= 8;
    }
    if link.footer {
        score += 3;
    }
    (score > 0).then_some(score)
}

/// The link most like the privacy policy, not `current` itself.
pub fn best_link<'a>(links: &'a [Link], current: &str) -> Option<&'a Link> {
    let current = strip_fragment(current);
    links
        .iter()
        .filter(|l| l.href.starts_with("http://") || l.href.starts_with("https://"))
        .filter(|l| strip_fragment(&l.href) != current)
        .filter_map(|l| Some((score(l)?, l)))
        // The first of the best: max_by_key would take the last.
        .fold(None, |best: Option<(i32, &Link)>, (s, l)| match best {
            Some((b, _)) if b >= s => best,
            _ => Some((s, l)),
        })
        .map(|(_, l)| l)
}

pub fn strip_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Whether a page reads as an index of legal documents rather than the policy itself: short,
/// and linking to a privacy document elsewhere.
pub fn is_legal_index(words: usize, links: &[Link], current: &str) -> bool {
    words < 600 && best_link(links, current).is_some_and(|l| score(l).unwrap_or(0) >= 6)
}

/// The policy as Markdown: one block a line (a paragraph on one line, so that a quote is one
/// line), headings as `#`, list items as `-`, table rows as `|` rows.
pub fn to_markdown(html: &str, source_url: &str) -> String {
    let doc = Document::parse("policy.html", html, Format::Html);
    let mut out = format!("<!-- saydo audit: the policy at {source_url}, as rendered -->\n\n");
    let one_line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut in_table = false;
    for b in &doc.blocks {
        let is_row = matches!(b.kind, BlockKind::TableRow { .. });
        if in_table && !is_row {
            out.push('\n');
        }
        match b.kind {
            BlockKind::Heading { level } => {
                out.push_str(&"#".repeat(level.clamp(1, 6) as usize));
                out.push(' ');
                out.push_str(&one_line(&b.text));
                out.push_str("\n\n");
            }
            BlockKind::Paragraph => {
                out.push_str(&escape_start(&one_line(&b.text)));
                out.push_str("\n\n");
            }
            BlockKind::ListItem { depth } => {
                out.push_str(&"  ".repeat(depth as usize));
                out.push_str("- ");
                out.push_str(&one_line(&b.text));
                out.push('\n');
                out.push('\n');
            }
            BlockKind::TableRow { header } => {
                let cells: Vec<String> = b
                    .cells
                    .iter()
                    .map(|c| one_line(c).replace('|', "\\|"))
                    .collect();
                out.push_str("| ");
                out.push_str(&cells.join(" | "));
                out.push_str(" |\n");
                if header {
                    out.push('|');
                    out.push_str(&" --- |".repeat(cells.len().max(1)));
                    out.push('\n');
                }
            }
        }
        in_table = is_row;
    }
    out
}

/// A paragraph that would read as other Markdown (`# `, `- `, `1. `, `> `) gets a backslash.
fn escape_start(line: &str) -> String {
    let first = line.chars().next().unwrap_or(' ');
    let numbered = line
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if matches!(first, '#' | '-' | '*' | '+' | '>' | '|') || numbered {
        format!("\\{line}")
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(href: &str, text: &str, footer: bool) -> Link {
        Link {
            href: href.into(),
            text: text.into(),
            footer,
        }
    }

    #[test]
    fn the_footer_policy_link_wins() {
        let links = vec![
            link("https://a.example/about", "About us", false),
            link(
                "https://a.example/privacy-choices",
                "Your Privacy Choices",
                true,
            ),
            link("https://a.example/blog/privacy-tips", "Privacy tips", false),
            link("https://a.example/legal/privacy", "Privacy Policy", true),
        ];
        let best = best_link(&links, "https://a.example/").unwrap();
        assert_eq!(best.href, "https://a.example/legal/privacy");
        let de = vec![link("https://b.example/ds", "Datenschutzerklärung", true)];
        assert!(best_link(&de, "https://b.example/").is_some());
        let none = vec![link("https://c.example/terms", "Terms", true)];
        assert!(best_link(&none, "https://c.example/").is_none());
    }

    #[test]
    fn markdown_keeps_one_block_a_line() {
        let md = to_markdown(
            "<html><body><h1>Privacy Policy</h1><p>We share your email\n with Facebook.</p>\
             <ul><li>Google Analytics</li></ul><table><tr><th>Who</th><th>What</th></tr>\
             <tr><td>Meta</td><td>email</td></tr></table></body></html>",
            "https://a.example/privacy",
        );
        assert!(md.contains("\n# Privacy Policy\n"), "{md}");
        assert!(
            md.contains("\nWe share your email with Facebook.\n"),
            "{md}"
        );
        assert!(md.contains("\n- Google Analytics\n"), "{md}");
        assert!(md.contains("| Meta | email |"), "{md}");
    }
}
