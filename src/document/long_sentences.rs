//! Sentences longer than [`MAX_SENTENCE`] bytes are read as several, cut at clause boundaries.
//!
//! The extractor's rules look back and forward over a sentence's words from each mention and
//! verb, so a sentence costs more than its length: a policy that is one 10 MB line without a
//! full stop (minified text, a page that is one table cell, a generated notice) would take
//! hours. Cutting such a sentence into parts of at most [`MAX_SENTENCE`] bytes bounds the work
//! per part, so the whole stays linear in the input. Real sentences this long are rare (five in
//! the 307 Open Terms Archive policies, none in the 66 OPP-115 ones) and are run-on lists, whose
//! clauses read the same apart: cutting them changes no declaration, only the line of one. At
//! 2 KB a part, text dense with mentions ("we share your data with advertisers" over and over)
//! still reads at about 6 MB/s; at 4 KB it was a third slower.

use super::sentences::push_trimmed;

/// The longest sentence read whole, in bytes.
pub const MAX_SENTENCE: usize = 2048;

/// Cut every span of `spans` (byte ranges of `text`) longer than [`MAX_SENTENCE`] into parts
/// of at most that length, at the last clause boundary in the second half of each part:
/// a semicolon, else a comma, else before "and", "or" or "but", else a space, else at a
/// character boundary. Returns the start offsets of the sentences that were cut.
pub fn bound(text: &str, spans: &mut Vec<(usize, usize)>) -> Vec<usize> {
    if spans.iter().all(|&(s, e)| e - s <= MAX_SENTENCE) {
        return Vec::new();
    }
    let mut cut = Vec::new();
    let mut out = Vec::with_capacity(spans.len() + 1);
    for &(s, e) in spans.iter() {
        if e - s <= MAX_SENTENCE {
            out.push((s, e));
            continue;
        }
        cut.push(s);
        let mut start = s;
        while e - start > MAX_SENTENCE {
            let at = cut_point(text, start, start + MAX_SENTENCE);
            push_trimmed(text, start, at, &mut out);
            start = at;
        }
        push_trimmed(text, start, e, &mut out);
    }
    *spans = out;
    cut
}

/// Where to end the part of `text` that starts at `start` and may run to `limit`.
fn cut_point(text: &str, start: usize, limit: usize) -> usize {
    let mut limit = limit.min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    // Parts shorter than half the bound would only multiply the cuts.
    let floor = start + MAX_SENTENCE / 2;
    let window = &text.as_bytes()[floor..limit];
    let after = |i: usize| floor + i + 1;
    if let Some(i) = memchr::memrchr(b';', window) {
        return after(i);
    }
    if let Some(i) = memchr::memrchr(b',', window) {
        return after(i);
    }
    // Before the conjunction, so the next part reads "and we also share...".
    let conjunction = [" and ", " or ", " but "]
        .iter()
        .filter_map(|c| memchr::memmem::rfind(window, c.as_bytes()))
        .max();
    if let Some(i) = conjunction {
        return floor + i + 1;
    }
    if let Some(i) = window.iter().rposition(u8::is_ascii_whitespace) {
        return after(i);
    }
    if limit > start {
        limit
    } else {
        // A bound shorter than one character cannot happen with a bound of 2 KB, but a cut
        // must always move forward.
        text[start..]
            .char_indices()
            .nth(1)
            .map_or(text.len(), |(i, _)| start + i)
    }
}

/// How many of the cut sentences' lines a warning names.
pub const LINES_NAMED: usize = 5;

/// The warning for a document whose sentences were cut; `lines` has one entry per cut
/// sentence, the source line for the first [`LINES_NAMED`].
pub fn warning(lines: &[Option<u32>]) -> String {
    let named: Vec<String> = lines.iter().flatten().map(u32::to_string).collect();
    let more = lines.len() - named.len();
    let (noun, verb) = if lines.len() == 1 {
        ("sentence", "was")
    } else {
        ("sentences", "were")
    };
    let mut at = format!(
        "line{} {}",
        if named.len() == 1 { "" } else { "s" },
        named.join(", ")
    );
    if more > 0 {
        at.push_str(&format!(" and {more} more"));
    }
    format!(
        "{} {noun} longer than {MAX_SENTENCE} bytes {verb} read in parts cut at clause boundaries ({at})",
        lines.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<&str> {
        let mut spans = vec![(0, text.len())];
        bound(text, &mut spans);
        spans.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn the_warning_names_the_first_lines_and_counts_the_rest() {
        assert_eq!(
            warning(&[Some(7)]),
            "1 sentence longer than 2048 bytes was read in parts cut at clause boundaries (line 7)"
        );
        let mut lines: Vec<Option<u32>> = (1..=LINES_NAMED as u32).map(Some).collect();
        lines.extend([None, None]);
        assert_eq!(
            warning(&lines),
            "7 sentences longer than 2048 bytes were read in parts cut at clause boundaries (lines 1, 2, 3, 4, 5 and 2 more)"
        );
    }

    #[test]
    fn short_sentences_are_kept_whole() {
        let text = "We share your data with advertisers.";
        assert_eq!(parts(text), vec![text]);
        let mut spans = vec![(0, text.len())];
        assert!(bound(text, &mut spans).is_empty());
    }

    #[test]
    fn long_sentences_are_cut_at_semicolons_first() {
        let clause = "we share your email address with our advertising partners, and";
        let text = format!("{}; {}", clause.repeat(20), clause.repeat(20));
        let got = parts(&text);
        assert!(got.len() >= 2, "{}", got.len());
        assert!(got.iter().all(|p| p.len() <= MAX_SENTENCE));
        assert!(got[0].ends_with(';'), "{}", &got[0][got[0].len() - 20..]);
        // Nothing is lost but the whitespace at the cuts.
        let joined: String = got.concat();
        let squeezed: String = text.split_whitespace().collect();
        assert_eq!(joined.split_whitespace().collect::<String>(), squeezed);
    }

    #[test]
    fn a_long_sentence_without_commas_is_cut_before_a_conjunction() {
        let text = "we share your data with advertisers and brokers ".repeat(200);
        let got = parts(text.trim_end());
        assert!(got.len() >= 2);
        assert!(got[1].starts_with("and "), "{}", &got[1][..20]);
    }

    #[test]
    fn a_long_word_is_cut_on_character_boundaries() {
        let text = "é".repeat(10_000);
        let got = parts(&text);
        assert!(got.iter().all(|p| p.len() <= MAX_SENTENCE && !p.is_empty()));
        assert_eq!(got.concat(), text);
    }

    #[test]
    fn every_part_of_a_huge_line_is_bounded_and_the_parts_cover_it() {
        let text = "We share your data with advertisers ".repeat(30_000);
        let text = text.trim_end();
        let got = parts(text);
        assert!(got.len() > 200);
        assert!(got.iter().all(|p| p.len() <= MAX_SENTENCE));
        // No part but the last is shorter than half the bound: the cuts stay few.
        assert!(
            got[..got.len() - 1]
                .iter()
                .all(|p| p.len() >= MAX_SENTENCE / 2 - 1)
        );
        let words: usize = got.iter().map(|p| p.split_whitespace().count()).sum();
        assert_eq!(words, text.split_whitespace().count());
    }
}
