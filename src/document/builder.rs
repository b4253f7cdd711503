//! Shared by the three readers: turns "a heading / paragraph / list item / table row with this
//! text" into blocks with heading paths, lead-ins, table headers and line spans.

use super::{Block, BlockKind};

/// Text being collected for one block, with the source lines it came from.
#[derive(Default, Debug)]
pub(crate) struct TextBuf {
    pub text: String,
    anchors: Vec<(u32, u32)>,
    /// The line the next character would be on if no anchor is added.
    expected_line: u32,
    /// The number of `\n`s pushed.
    newlines: u32,
    /// The end of the last non-whitespace character: `is_blank` without a scan of the text.
    nonblank_end: usize,
}

/// Where a [`TextBuf`] was when an element's text began, to keep or drop that text.
pub(crate) struct Mark {
    len: usize,
    anchors: usize,
    /// The anchor at `len`, which a push inside the element may move.
    anchor_at_len: Option<(u32, u32)>,
    expected_line: u32,
    newlines: u32,
}

impl TextBuf {
    /// Append text that starts on source line `line`.
    pub fn push(&mut self, s: &str, line: u32) {
        if self
            .anchors
            .last()
            .is_some_and(|&(o, _)| o as usize == self.text.len())
        {
            // Nothing was added since the last anchor: this position starts on `line` instead.
            self.anchors.pop();
            self.anchors.push((self.text.len() as u32, line));
            self.expected_line = line;
        } else if self.anchors.is_empty() || self.expected_line != line {
            self.anchors.push((self.text.len() as u32, line));
            self.expected_line = line;
        }
        self.push_continuing(s);
    }

    /// Append text that continues where the buffer left off (its newlines are source newlines).
    pub fn push_continuing(&mut self, s: &str) {
        let newlines = memchr::memchr_iter(b'\n', s.as_bytes()).count() as u32;
        self.expected_line += newlines;
        self.newlines += newlines;
        let kept = s.trim_end().len();
        if kept > 0 {
            self.nonblank_end = self.text.len() + kept;
        }
        self.text.push_str(s);
    }

    pub fn is_blank(&self) -> bool {
        self.nonblank_end == 0
    }

    pub fn take(&mut self) -> TextBuf {
        std::mem::take(self)
    }

    /// Where the text of an element nested in this one begins.
    pub fn mark(&self) -> Mark {
        Mark {
            len: self.text.len(),
            anchors: self.anchors.len(),
            anchor_at_len: self
                .anchors
                .last()
                .copied()
                .filter(|&(o, _)| o as usize == self.text.len()),
            expected_line: self.expected_line,
            newlines: self.newlines,
        }
    }

    /// The nested element ended: its text stays unless it is blank, and its own line anchors
    /// go, as if its text had been collected apart and appended whole.
    pub fn close(&mut self, mark: Mark) {
        self.anchors.truncate(mark.anchors);
        if let Some(anchor) = mark.anchor_at_len
            && let Some(last) = self.anchors.last_mut()
        {
            *last = anchor;
        }
        if self.nonblank_end <= mark.len {
            self.text.truncate(mark.len);
            self.newlines = mark.newlines;
            self.expected_line = mark.expected_line;
        } else {
            self.expected_line = mark.expected_line + (self.newlines - mark.newlines);
        }
    }
}

pub(crate) struct Builder {
    blocks: Vec<Block>,
    sections: Vec<Vec<String>>,
    /// (level, title, pseudo) of the headings in force.
    stack: Vec<(u8, String)>,
    section: u32,
    last_real_level: u8,
    /// The last list item seen at each depth, for nested lead-ins.
    items_by_depth: Vec<u32>,
    list_lead: Option<u32>,
    /// A paragraph ending in ":" whose following short paragraphs read as its list items
    /// (policies converted from HTML often lose the list markup).
    paragraph_lead: Option<u32>,
    /// Whether the last paragraph was a full sentence completing an open predicate's lead-in.
    after_open_item: bool,
    table_header: Option<u32>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            blocks: Vec::new(),
            sections: vec![Vec::new()],
            stack: Vec::new(),
            section: 0,
            last_real_level: 0,
            items_by_depth: Vec::new(),
            list_lead: None,
            paragraph_lead: None,
            after_open_item: false,
            table_header: None,
        }
    }

    fn make(&self, kind: BlockKind, buf: TextBuf) -> Option<Block> {
        let mut text = buf.text;
        let first = text.len() - text.trim_start().len();
        let last = text.trim_end().len();
        if first >= last {
            return None;
        }
        // Text grown piece by piece has up to twice the room it needs, kept as long as the
        // document: copied to its size (a shrink in place keeps the allocation under mimalloc).
        if text.capacity() > text.len() + text.len() / 8 + 8 {
            text = text.as_str().to_owned();
        }
        let mut anchors = buf.anchors;
        if anchors.is_empty() {
            anchors.push((0, 1));
        }
        let mut block = Block {
            kind,
            cells: Vec::new(),
            line: 0,
            end_line: 0,
            section: self.section,
            lead_in: None,
            table_header: None,
            anchors: anchors.into_boxed_slice(),
            newlines: memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| i as u32)
                .collect(),
            text,
            sentences: Vec::new(),
        };
        block.line = block.anchors[0].1;
        block.line = block.line_at(first);
        block.end_line = block.line_at(last - 1).max(block.line);
        Some(block)
    }

    pub fn heading(&mut self, level: u8, buf: TextBuf) {
        self.push_heading(level, buf, false);
    }

    fn push_heading(&mut self, level: u8, buf: TextBuf, pseudo: bool) {
        let level = level.clamp(1, 6);
        let Some(block) = self.make(BlockKind::Heading { level }, buf) else {
            return;
        };
        if !pseudo {
            self.last_real_level = level;
        }
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            self.stack.pop();
        }
        let title = collapse(&block.text);
        self.stack.push((level, title));
        self.sections
            .push(self.stack.iter().map(|(_, t)| t.clone()).collect());
        self.section = (self.sections.len() - 1) as u32;
        let mut block = block;
        block.section = self.section;
        self.end_structures();
        self.blocks.push(block);
    }

    pub fn paragraph(&mut self, buf: TextBuf) {
        if is_title_like(&buf.text) {
            let level = (self.last_real_level + 1).min(6);
            return self.push_heading(level, buf, true);
        }
        if let Some(mut block) = self.make(BlockKind::Paragraph, buf) {
            let text = block.text.trim_end();
            let ends_sentence = text.ends_with(['.', '!', '?']);
            // Items of a lost list: fragments ("to satisfy applicable laws,", "Your device
            // type;"), the last of which may end the sentence.
            // After a lead-in that leaves its predicate open ("Windstream does not:"), each
            // paragraph that starts with a bare verb ("Sell any customer data ...") completes
            // it, full sentence or not, until one that does not.
            let open_lead = self.paragraph_lead.filter(|&l| {
                text.len() < 600
                    && self
                        .blocks
                        .get(l as usize)
                        .is_some_and(|b| leaves_predicate_open(&b.text))
                    && starts_with_bare_verb(text)
            });
            // (After a full sentence completing it, only another verb phrase continues.)
            let lead = open_lead.or_else(|| {
                self.paragraph_lead.filter(|_| {
                    text.len() < 600
                        && (!ends_sentence || !text.contains(". "))
                        && !self.after_open_item
                })
            });
            self.after_open_item = open_lead.is_some() && ends_sentence;
            let next_lead = if text.ends_with(':') {
                Some(self.blocks.len() as u32)
            } else if open_lead.is_some() || (lead.is_some() && !ends_sentence) {
                lead
            } else {
                None
            };
            self.end_structures();
            block.lead_in = lead;
            self.paragraph_lead = next_lead;
            self.blocks.push(block);
        }
    }

    pub fn list_item(&mut self, depth: u8, buf: TextBuf) {
        let Some(mut block) = self.make(BlockKind::ListItem { depth }, buf) else {
            return;
        };
        let index = self.blocks.len() as u32;
        let d = depth as usize;
        let continuing = matches!(
            self.blocks.last().map(|b| b.kind),
            Some(BlockKind::ListItem { .. })
        );
        if d == 0 {
            if !continuing {
                // A new list: the block right before it introduces it.
                self.list_lead = self
                    .blocks
                    .last()
                    .filter(|b| b.kind == BlockKind::Paragraph)
                    .map(|_| index - 1);
            }
            block.lead_in = self.list_lead;
        } else {
            block.lead_in = self.items_by_depth.get(d - 1).copied();
        }
        self.items_by_depth.truncate(d);
        if self.items_by_depth.len() < d {
            // A skipped level (an item nested two deep): pad with the nearest parent.
            let fill = block.lead_in.unwrap_or(index);
            self.items_by_depth.resize(d, fill);
        }
        self.items_by_depth.push(index);
        self.table_header = None;
        self.paragraph_lead = None;
        self.blocks.push(block);
    }

    pub fn table_row(&mut self, header: bool, cells: Vec<String>, line: u32) {
        let cells: Vec<String> = cells.iter().map(|c| collapse(c)).collect();
        if cells.iter().all(|c| c.is_empty()) {
            return;
        }
        self.paragraph_lead = None;
        let mut buf = TextBuf::default();
        buf.push(&cells.join("; "), line);
        let Some(mut block) = self.make(BlockKind::TableRow { header }, buf) else {
            return;
        };
        block.cells = cells;
        let index = self.blocks.len() as u32;
        if header {
            self.table_header = Some(index);
        } else {
            block.table_header = self.table_header;
        }
        self.blocks.push(block);
    }

    /// A table ended: later rows belong to another table.
    pub fn end_table(&mut self) {
        self.table_header = None;
    }

    fn end_structures(&mut self) {
        self.items_by_depth.clear();
        self.list_lead = None;
        self.paragraph_lead = None;
        self.table_header = None;
    }

    /// Room for `blocks` more blocks (for fewer when the system refuses as many).
    pub fn reserve(&mut self, blocks: usize) {
        let _ = self.blocks.try_reserve_exact(blocks);
    }

    pub fn finish(self) -> (Vec<Block>, Vec<Vec<String>>) {
        (self.blocks, self.sections)
    }
}

/// Whitespace runs folded to single spaces.
pub fn collapse(s: &str) -> String {
    if is_collapsed(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // Runs of ASCII text are copied whole; every quote and term of every declaration comes
    // through here.
    while !rest.is_empty() {
        let run = rest
            .bytes()
            .position(|b| b.is_ascii_whitespace() || !b.is_ascii())
            .unwrap_or(rest.len());
        if run > 0 {
            out.push_str(&rest[..run]);
            rest = &rest[run..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Bytes that [`collapse`] may have to change: ASCII whitespace other than a space, and the
/// lead bytes of the non-ASCII whitespace characters (U+0085, U+00A0, U+1680, U+2000 to
/// U+205F, U+3000).
static FOLDS: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[0x0b] = true;
    t[0x0c] = true;
    t[b'\r' as usize] = true;
    t[0xc2] = true;
    t[0xe1] = true;
    t[0xe2] = true;
    t[0xe3] = true;
    t
};

/// Whether `collapse` would return `s` unchanged: single spaces between words, none at the
/// ends, no other whitespace. Most quotes and terms are, and one pass over a byte table is
/// cheaper than folding.
fn is_collapsed(s: &str) -> bool {
    let mut fold = false;
    // A space at the start counts as one after a space.
    let mut after_space = true;
    for &b in s.as_bytes() {
        let space = b == b' ';
        fold |= FOLDS[b as usize] | (space & after_space);
        after_space = space;
    }
    !fold && !after_space
}

/// The number of whitespace-separated words, as `split_whitespace().count()`, with bytes for
/// ASCII (scans count the words of every block).
pub fn count_words(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    // Thirty-two ASCII bytes at a time: a word starts at a byte that is not a space after one
    // that is. Written as fixed-size loops over the block the compiler vectorises it; a scan
    // took 0.8% fewer instructions than with eight bytes at a time in a `u64` alone.
    while let Some(chunk) = bytes.get(i..i + 32) {
        let chunk: &[u8; 32] = chunk.try_into().unwrap_or(&[0; 32]);
        let mut high = 0u8;
        let mut space = [false; 32];
        for k in 0..32 {
            high |= chunk[k];
            space[k] = is_ascii_space(chunk[k]);
        }
        if high >= 0x80 {
            break;
        }
        let mut starts = u8::from(!space[0] && !in_word);
        for k in 1..32 {
            starts += u8::from(space[k - 1] & !space[k]);
        }
        count += usize::from(starts);
        in_word = !space[31];
        i += 32;
    }
    while i < bytes.len() {
        // Eight ASCII bytes at a time where there are eight; a character at a time elsewhere.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let v = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if v & HIGH_BITS == 0 {
                let space = ascii_space_mask(v);
                // A word starts where a byte is not a space and the byte before it is.
                let before = (space << 8) | u64::from(!in_word) << 7;
                // One high bit per word start: moved to the low bit of its byte and summed by
                // a multiply (at most 8, so no byte overflows), cheaper than `count_ones`
                // without the popcnt instruction of newer x86 targets.
                let starts = (!space & before & HIGH_BITS) >> 7;
                count += (starts.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
                in_word = space >> 63 == 0;
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let (space, width) = if b.is_ascii() {
            (is_ascii_space(b), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        count += usize::from(!space && !in_word);
        in_word = !space;
        i += width;
    }
    count
}

/// Space, tab, line feed, vertical tab, form feed or carriage return: the ASCII whitespace of
/// `char::is_whitespace`.
#[inline]
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (0x09..=0x0d).contains(&b)
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `v` (all ASCII) set when that byte is a space, tab, line feed,
/// vertical tab, form feed or carriage return (0x20 or 0x09 to 0x0d).
fn ascii_space_mask(v: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // With every byte below 0x80, adding keeps each byte's carry out of its neighbours.
    let is_space = {
        let x = v ^ (ONES * 0x20);
        // High bit set where x is zero.
        !((x + ONES * 0x7f) | x) & HIGH_BITS
    };
    let at_least_9 = v + ONES * (0x80 - 0x09);
    let at_least_14 = v + ONES * (0x80 - 0x0e);
    is_space | (at_least_9 & !at_least_14 & HIGH_BITS)
}

/// A short one-line paragraph without sentence punctuation reads as a heading in policies
/// that do not mark their headings up ("Information We Share", "Cookies").
/// Whether a lead-in ends its clause at an auxiliary or a negation before the colon ("Windstream
/// does not:", "We will never:", "We may:"): its items are the verb phrases it lacks.
fn leaves_predicate_open(lead: &str) -> bool {
    let Some(body) = lead.trim_end().strip_suffix(':') else {
        return false;
    };
    let last = body
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .find(|w| !w.is_empty())
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        last.as_str(),
        "not" | "never" | "may" | "will" | "can" | "shall" | "must" | "might" | "would" | "could"
    )
}

/// Whether a paragraph opens with a verb in its bare form, as the items of an open predicate
/// do ("Sell any customer data", "Allow third parties to ..."), told by shape, not by a list of
/// verbs: a capitalised first word that is no function word and has no noun's or inflected
/// verb's ending ("Information", "Customers", "Shared"), with no auxiliary among the first words
/// ("Customer data is ..." has a subject).
fn starts_with_bare_verb(text: &str) -> bool {
    let mut words = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    if !first.starts_with(|c: char| c.is_ascii_uppercase())
        || !first.chars().all(|c| c.is_ascii_alphabetic())
        || first.len() < 3
    {
        return false;
    }
    let lower = first.to_ascii_lowercase();
    let function_word = matches!(
        lower.as_str(),
        "the"
            | "and"
            | "our"
            | "you"
            | "your"
            | "they"
            | "their"
            | "this"
            | "these"
            | "that"
            | "those"
            | "its"
            | "when"
            | "where"
            | "for"
            | "with"
            | "from"
            | "all"
            | "any"
            | "some"
            | "such"
            | "each"
            | "every"
            | "other"
            | "not"
            | "also"
            | "however"
            | "please"
            | "note"
            | "if"
            | "unless"
            | "only"
            | "in"
            | "we"
    );
    let inflected = [
        "ion", "ity", "ness", "ment", "ing", "ed", "ly", "ance", "ence", "er", "or",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
        || (lower.ends_with('s') && !lower.ends_with("ss"));
    !function_word
        && !inflected
        && !words.take(3).any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "is" | "are"
                    | "was"
                    | "were"
                    | "may"
                    | "will"
                    | "can"
                    | "has"
                    | "have"
                    | "must"
                    | "should"
                    | "shall"
                    | "would"
                    | "could"
                    | "might"
            )
        })
}

fn is_title_like(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > 100 || t.contains('\n') {
        return false;
    }
    let words = t.split_whitespace().count();
    if words > 12 {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return false;
    }
    if !t.chars().any(char::is_alphabetic) {
        return false;
    }
    let last = t.chars().next_back().unwrap_or('.');
    if matches!(last, '.' | ',' | ';' | ':' | '!' | ')' | '"' | '\'') {
        return false;
    }
    // A question is a heading only when short ("What do we collect?").
    !(last == '?' && words > 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_words_agrees_with_split_whitespace() {
        for text in [
            "",
            " \x0b ",
            "one",
            "  We  share\n\tdata\x0bnow\x0c ",
            "caf\u{e9}\u{a0}cr\u{e8}me\u{2003}x\u{85}y",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn collapse_folds_whitespace_like_split_whitespace() {
        for text in [
            "",
            "  ",
            "one",
            "  We  share\n\tdata  ",
            "caf\u{e9}\u{a0}\u{a0}cr\u{e8}me\u{2003}br\u{fb}l\u{e9}e \u{3000}",
            "\u{201c}quoted\u{201d}\r\nnext",
        ] {
            assert_eq!(
                collapse(text),
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                "{text:?}"
            );
        }
    }

    #[test]
    fn count_words_by_thirty_twos_agrees_with_split_whitespace() {
        // Words and space runs across the 32-byte blocks at every offset, and a block with a
        // non-ASCII byte at every position.
        for offset in 0..40 {
            for run in 1..4 {
                let text = format!(
                    "{}{}word{}next x{}",
                    "a".repeat(offset),
                    " ".repeat(run),
                    "\t".repeat(run),
                    " y".repeat(offset % 7)
                );
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
                let mut chars: Vec<char> = text.chars().collect();
                chars.insert(offset.min(chars.len()), '\u{a0}');
                let text: String = chars.into_iter().collect();
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn count_words_by_eights_agrees_with_split_whitespace() {
        // Every ASCII byte, and runs of spaces crossing eight-byte chunks.
        let all: String = (0u8..128).map(char::from).collect();
        let mut texts = vec![all.clone(), all.chars().rev().collect()];
        for n in 0..20 {
            texts.push(format!(
                "{}a{}bc{}",
                " ".repeat(n),
                "\t".repeat(n % 3),
                "x ".repeat(n)
            ));
            texts.push(format!(
                "word{}\x0bnext\x0c{}",
                "\r\n".repeat(n),
                "y".repeat(n)
            ));
            // Non-ASCII characters, spaces among them, at every offset within a chunk.
            texts.push(format!(
                "{}caf\u{e9}\u{a0}cr\u{e8}me {}\u{3000}x\u{2003}",
                "ab ".repeat(n),
                "\u{201c}q\u{201d} ".repeat(n % 5)
            ));
        }
        for text in &texts {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn collapsed_text_is_left_as_it_is() {
        for text in [
            "",
            " ",
            "a",
            "a b",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "caf\u{e9} cr\u{e8}me",
            "a\u{a0}b",
            "\u{201c}quoted\u{201d}",
            "x\u{3000}y",
            "\x01 control",
        ] {
            let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse(text), folded, "{text:?}");
            if is_collapsed(text) {
                assert_eq!(text, folded, "{text:?}");
            }
        }
        assert!(is_collapsed("We share data with partners."));
    }

    #[test]
    fn title_like_paragraphs() {
        assert!(is_title_like("Information We Share"));
        assert!(is_title_like("3. How We Use Cookies"));
        assert!(is_title_like("Who do we share your data with?"));
        assert!(!is_title_like("We share your data."));
        assert!(!is_title_like("we share"));
        assert!(!is_title_like("We may share your information with:"));
    }
}
