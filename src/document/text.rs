//! Plain text: blank lines separate paragraphs; bulleted or numbered lines are list items;
//! numbered titles ("1. INFORMATION WE COLLECT", "2.3 Sharing"), ALL-CAPS lines and short
//! title lines are headings.

use super::builder::{Builder, TextBuf};

pub(crate) fn read(text: &str, b: &mut Builder) {
    let mut para = TextBuf::default();
    let mut para_kind = Kind::Paragraph;
    for (i, raw) in text.split('\n').enumerate() {
        let line = i as u32 + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            emit(b, &mut para, para_kind);
            continue;
        }
        if let Some((depth, rest)) = bullet(raw) {
            emit(b, &mut para, para_kind);
            para_kind = Kind::Item(depth);
            para.push(rest, line);
            continue;
        }
        if para.is_blank() {
            if let Some(level) = heading_level(trimmed) {
                let mut h = TextBuf::default();
                h.push(trimmed, line);
                b.heading(level, h);
                continue;
            }
            para_kind = Kind::Paragraph;
            para.push(trimmed, line);
        } else {
            para.push_continuing("\n");
            para.push(trimmed, line);
        }
    }
    emit(b, &mut para, para_kind);
}

#[derive(Clone, Copy)]
enum Kind {
    Paragraph,
    Item(u8),
}

fn emit(b: &mut Builder, para: &mut TextBuf, kind: Kind) {
    if para.is_blank() {
        para.take();
        return;
    }
    match kind {
        Kind::Paragraph => b.paragraph(para.take()),
        Kind::Item(depth) => b.list_item(depth, para.take()),
    }
}

/// A bulleted or enumerated list line: its depth (from indentation) and its text.
fn bullet(raw: &str) -> Option<(u8, &str)> {
    let indent = raw.len() - raw.trim_start().len();
    let t = raw.trim_start();
    let depth = (indent / 2).min(8) as u8;
    for marker in [
        "- ",
        "* ",
        "+ ",
        "• ",
        "· ",
        "o ",
        "– ",
        "\u{25aa} ",
        "\u{25e6} ",
    ] {
        if let Some(rest) = t.strip_prefix(marker) {
            if marker == "o " && indent == 0 {
                // "o" bullets (from Word) only when indented, not "o Something" prose.
                return None;
            }
            return Some((depth, rest.trim_start()));
        }
    }
    // (a) / a) / i) / (1) enumerations; "1." at line start is a heading or a list item below.
    let bytes = t.as_bytes();
    if bytes.first() == Some(&b'(')
        && let Some(close) = bytes[..t.len().min(6)].iter().position(|&b| b == b')')
    {
        let inner = &t[1..close];
        if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Some((depth, t[close + 1..].trim_start()));
        }
    }
    // By bytes: the first four bytes may end inside a character.
    if let Some(close) = bytes[..t.len().min(4)].iter().position(|&b| b == b')') {
        let inner = &t[..close];
        if !inner.is_empty()
            && inner.len() <= 3
            && inner
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            return Some((depth, t[close + 1..].trim_start()));
        }
    }
    // "1. We share ..." (a sentence after the number) is an item; "1. SHARING" is a heading.
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 2 && t[digits..].starts_with(". ") {
        let rest = t[digits + 2..].trim_start();
        if heading_level(t).is_none() {
            return Some((depth, rest));
        }
    }
    None
}

/// Heading level of a title line, if it is one.
fn heading_level(t: &str) -> Option<u8> {
    if t.len() > 100 || t.ends_with(['.', ',', ';', ':']) {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() > 12 {
        return None;
    }
    // Numbered: "1.", "2.3", "Section 4", "Article 5".
    let first = words[0].trim_end_matches('.');
    let numbered = !first.is_empty()
        && first
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
    if numbered && words.len() > 1 {
        let rest = &t[words[0].len()..].trim_start();
        let title_case = rest.chars().next().is_some_and(char::is_uppercase);
        if title_case && (all_caps || words.len() <= 8) {
            return Some((first.split('.').count() as u8 + 1).min(6));
        }
        return None;
    }
    if matches!(
        first.to_ascii_lowercase().as_str(),
        "section" | "article" | "part"
    ) && words.len() > 1
    {
        return Some(2);
    }
    if all_caps {
        return Some(2);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations_are_read_by_bytes_at_character_edges() {
        // Found by tests/fuzz.rs: the first four or six bytes ended inside "È".
        assert_eq!(bullet("\u{5}÷È/ rest"), None);
        assert_eq!(bullet("(éé) x"), None);
        assert_eq!(bullet("(a) We share"), Some((0, "We share")));
        assert_eq!(bullet("ii) We share"), Some((0, "We share")));
    }

    #[test]
    fn headings() {
        assert_eq!(heading_level("1. INFORMATION WE COLLECT"), Some(2));
        assert_eq!(heading_level("2.3 Sharing With Partners"), Some(3));
        assert_eq!(heading_level("HOW WE SHARE"), Some(2));
        assert_eq!(heading_level("We share data with partners."), None);
        assert_eq!(
            heading_level("1. We share your data with a long list of partners and their partners"),
            None
        );
    }

    #[test]
    fn bullets() {
        assert_eq!(
            bullet("- service providers"),
            Some((0, "service providers"))
        );
        assert_eq!(bullet("  * advertisers"), Some((1, "advertisers")));
        assert_eq!(
            bullet("(a) with your consent"),
            Some((0, "with your consent"))
        );
        assert_eq!(
            bullet("b) to comply with law"),
            Some((0, "to comply with law"))
        );
        assert_eq!(
            bullet("1. We share data with advertisers."),
            Some((0, "We share data with advertisers."))
        );
        assert_eq!(bullet("1. SHARING"), None);
        assert_eq!(bullet("organisations we work with"), None);
    }
}
