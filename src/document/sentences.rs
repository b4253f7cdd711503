//! Sentence splitting that knows the abbreviations policies use ("e.g.", "i.e.", "Inc.",
//! "U.S.", "No. 5", "Jan. 1") and does not split before a lower-case continuation.

/// Abbreviations (lower case, without the final dot) after which a period does not end a
/// sentence even before a capital letter.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "viz", "cf", "vs", "inc", "ltd", "llc", "llp", "co", "corp", "plc",
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "sec", "art", "para", "paras", "approx",
    "incl", "dept", "fig", "p", "pp", "vol", "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.s.a", "e.u", "d.c", "n.a", "a.m",
    "p.m", "s.a", "gmbh", "ave", "blvd", "rd", "tel", "ref", "reg", "ext",
];

/// The length of the longest of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = {
    let (mut i, mut longest) = (0, 0);
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > longest {
            longest = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    longest
};

/// Byte ranges of the sentences in `text`, trimmed of surrounding whitespace.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // Terminators are rare: jump from one to the next.
    while let Some(found) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]) {
        i += found;
        // Take closing quotes and brackets with the terminator.
        let mut end = i + 1;
        while end < bytes.len() && matches!(bytes[end], b')' | b']' | b'"' | b'\'') {
            end += 1;
        }
        while let Some(rest) = text.get(end..) {
            if rest.starts_with('\u{201d}') || rest.starts_with('\u{2019}') {
                end += 3;
            } else {
                break;
            }
        }
        if end >= bytes.len() {
            break;
        }
        if bytes[end].is_ascii_whitespace()
            && ends_sentence(text, i, end)
            && !is_enumerator(text[start..i].trim())
        {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
        i = end;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Whether `s` is only a list item's number: "i", "iv", "b", "12", "8.6.1.a.v.3" (its final
/// period already cut). Such a number opens the item's first sentence rather than being one.
pub fn is_enumerator(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 24
        && s.split('.').all(|part| {
            let roman =
                part.len() <= 4 && part.bytes().all(|b| matches!(b | 0x20, b'i' | b'v' | b'x'));
            let letter = part.len() == 1 && part.as_bytes()[0].is_ascii_alphabetic();
            let number = (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
            roman || letter || number
        })
}

/// Pushes `text[start..end]` less its surrounding whitespace, unless nothing is left that a
/// reader could quote (a paragraph that is only a bullet glyph, "●", says nothing).
pub(super) fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

/// Whether the terminator at `at` (followed by whitespace at `after`) ends a sentence.
fn ends_sentence(text: &str, at: usize, after: usize) -> bool {
    let next = text[after..].trim_start().chars().next();
    let Some(next) = next else { return true };
    if next.is_lowercase() {
        return false;
    }
    if text.as_bytes()[at] != b'.' {
        return true;
    }
    // The word the period closes.
    let word_start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
        .map_or(0, |(p, c)| p + c.len_utf8());
    // "the EU-U.S. Data Privacy Framework", "Swiss-U.S. DPF": the abbreviation is the last
    // part of a compound.
    let word = text[word_start..at]
        .rsplit(['-', '/'])
        .next()
        .unwrap_or_default();
    if word.is_empty() {
        return true;
    }
    // Most words are longer than any abbreviation and need no comparison.
    if word.len() <= LONGEST_ABBREVIATION
        && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
    {
        return false;
    }
    // A single capital letter is an initial ("J. Smith").
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false;
    }
    // Dotted short forms ("U.S.A", "a.m").
    if word.contains('.')
        && word
            .split('.')
            .all(|p| p.len() <= 2 && p.chars().all(char::is_alphabetic))
    {
        return false;
    }
    // Section numbers: "Sec. 4.2 applies" is handled above; "see 4. Sharing" splits.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            split(
                "We share data (e.g. your name) with Acme Inc. and U.S. partners. We never sell it."
            ),
            vec![
                "We share data (e.g. your name) with Acme Inc. and U.S. partners.",
                "We never sell it."
            ]
        );
        // The abbreviation closing a compound.
        assert_eq!(
            split("We refer complaints under the EU-U.S. DPF to TRUSTe. Done."),
            vec![
                "We refer complaints under the EU-U.S. DPF to TRUSTe.",
                "Done."
            ]
        );
        assert_eq!(
            split("See Sec. 4. Then we stop."),
            vec!["See Sec. 4.", "Then we stop."]
        );
        assert_eq!(
            split("Dr. Smith and J. Doe agree. Next."),
            vec!["Dr. Smith and J. Doe agree.", "Next."]
        );
        assert_eq!(
            split("i.e. Rights apply, i.e. Access. Done"),
            vec!["i.e. Rights apply, i.e. Access.", "Done"]
        );
    }

    #[test]
    fn a_list_items_number_opens_its_sentence() {
        assert_eq!(
            split("i. Social networks who provide login. Next."),
            vec!["i. Social networks who provide login.", "Next."]
        );
        assert_eq!(
            split("8.6.1.a.v.3. Right to Access Your PI. In addition, you may ask."),
            vec![
                "8.6.1.a.v.3. Right to Access Your PI.",
                "In addition, you may ask."
            ]
        );
        // Only at the start of a sentence: a section number closing one still ends it.
        assert_eq!(
            split("We describe this in section 4. Then we stop."),
            vec!["We describe this in section 4.", "Then we stop."]
        );
    }

    #[test]
    fn terminators_and_quotes() {
        assert_eq!(
            split("Do we sell? No! \"We never do.\" Fine"),
            vec!["Do we sell?", "No!", "\"We never do.\"", "Fine"]
        );
        assert_eq!(
            split("version 2.0 is out. ok"),
            vec!["version 2.0 is out. ok"]
        );
        assert_eq!(split(""), Vec::<&str>::new());
        assert_eq!(split("\u{25cf}"), Vec::<&str>::new());
        assert_eq!(
            split("click\u{a0}here. A new one."),
            vec!["click\u{a0}here.", "A new one."]
        );
        assert_eq!(
            split("Policy\u{a0}e.g. Ünïcode. Ok"),
            vec!["Policy\u{a0}e.g. Ünïcode.", "Ok"]
        );
    }
}
