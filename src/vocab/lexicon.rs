//! The lexicon: every synonym of every category, and every entity name and alias, compiled
//! into matchers (a word trie for the three trees, so a phrase can be a recipient and also
//! yield a purpose; an Aho-Corasick automaton for case-sensitive entity names) and matched as
//! whole words over normalised sentence text.

use super::{Entity, Taxonomy, TreeKind};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap as HashMap;

/// Sentence text prepared for matching: whitespace runs folded to one space, dashes and
/// slashes read as spaces, curly quotes straightened. `lower` is ASCII-lower-cased, `cased`
/// keeps case (entity names match on it); both have the same length, and `map` takes a byte
/// offset in them back to the source text. The text is cut into words once, here: the lexicon
/// and the clause analysis both read [`Normalized::spans`].
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    pub lower: String,
    pub cased: String,
    map: Vec<u32>,
    /// Word spans of `lower` (and `cased`), as [`word_spans`] without apostrophes.
    spans: Vec<(usize, usize)>,
}

impl Normalized {
    pub fn new(text: &str) -> Normalized {
        let mut n = Normalized::default();
        n.renew(text);
        n
    }

    /// Normalises `text` into this value's buffers, replacing what they held: the buffers are
    /// kept, so a caller normalising sentence after sentence allocates nothing once they have
    /// grown to the longest.
    pub fn renew(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let n = bytes.len();
        // `cased` is built from whole pieces of `text` and ASCII replacements, so it stays a
        // `String` throughout; `lower` is its copy, ASCII-lower-cased at the end (the two
        // differ in nothing else). Neither is checked as UTF-8 again.
        let mut cased = std::mem::take(&mut self.cased);
        let mut map: Vec<u32> = std::mem::take(&mut self.map);
        cased.clear();
        map.clear();
        cased.reserve(n);
        map.reserve(n + 1);
        // True at the start, so leading separators are dropped.
        let mut after_space = true;
        let mut i = 0;
        while i < n {
            // Eight ASCII bytes at a time where they need nothing done: no separator but
            // single spaces, no backtick. Most running text is like that, so a whole run of
            // such chunks is found first and copied at once (a copy per chunk cost more than
            // the test).
            let run_start = i;
            while let Some(chunk) = bytes.get(i..i + 8) {
                let v = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
                if v & HIGH != 0 {
                    break;
                }
                let spaces = ascii_range_mask(v, b' ', b' ');
                let special = ascii_range_mask(v, 0x09, 0x0d)
                    | ascii_range_mask(v, b'-', b'-')
                    | ascii_range_mask(v, b'/', b'/')
                    | ascii_range_mask(v, b'_', b'`');
                let before = (spaces << 8) | if after_space { 0x80 } else { 0 };
                if special != 0 || spaces & before != 0 {
                    break;
                }
                i += 8;
                after_space = spaces >> 63 != 0;
            }
            if i > run_start {
                // All ASCII, so both ends are character boundaries.
                cased.push_str(&text[run_start..i]);
                map.extend(run_start as u32..i as u32);
                if i == n {
                    break;
                }
            }
            let b = bytes[i];
            if b < 0x80 {
                let out = ASCII_OUT[b as usize];
                let space = out == b' ';
                // A separator right after another (or at the start) is not kept.
                if !(space && after_space) {
                    cased.push(char::from(if space || b == b'`' { out } else { b }));
                    map.push(i as u32);
                }
                after_space = space;
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            let c = match c {
                '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => ' ',
                '\u{2018}' | '\u{2019}' | '\u{2032}' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                c if c.is_whitespace() => ' ',
                c => c,
            };
            if c == ' ' {
                if !after_space {
                    cased.push(' ');
                    map.push(i as u32);
                }
                after_space = true;
            } else {
                cased.push(c);
                map.extend(std::iter::repeat_n(i as u32, c.len_utf8()));
                after_space = false;
            }
            i += c_len(b);
        }
        if after_space && !cased.is_empty() {
            // A trailing separator.
            cased.pop();
            map.pop();
        }
        map.push(n as u32);
        // Only ASCII letters are lower-cased: both strings keep the same length.
        self.lower.clear();
        self.lower.push_str(&cased);
        self.lower.make_ascii_lowercase();
        self.cased = cased;
        self.map = map;
        self.spans.clear();
        word_spans(&self.lower, false, &mut self.spans);
    }

    /// Word spans: maximal runs of alphanumeric characters.
    pub fn spans(&self) -> &[(usize, usize)] {
        &self.spans
    }

    /// Word spans where an apostrophe between letters continues a word ("don't",
    /// "children's"), each ending at its last alphanumeric character: the spans of
    /// [`word_spans`] with apostrophes, trailing apostrophes trimmed, got by joining the
    /// plain spans across gaps of apostrophes only.
    pub fn apostrophe_words(&self) -> Vec<(usize, usize)> {
        self.apostrophe_word_spans().collect()
    }

    /// [`Normalized::apostrophe_words`] as an iterator, for callers that build their own list.
    pub fn apostrophe_word_spans(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let bytes = self.lower.as_bytes();
        let spans = &self.spans;
        let mut k = 0;
        std::iter::from_fn(move || {
            let &(start, mut end) = spans.get(k)?;
            k += 1;
            // Most gaps are one space: the first byte settles them.
            while let Some(&(s, e)) = spans.get(k)
                && bytes.get(end) == Some(&b'\'')
                && bytes[end..s].iter().all(|&b| b == b'\'')
            {
                end = e;
                k += 1;
            }
            Some((start, end))
        })
    }

    pub fn len(&self) -> usize {
        self.lower.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// The source byte offset of a normalised byte offset.
    pub fn source_offset(&self, at: usize) -> usize {
        self.map[at.min(self.map.len() - 1)] as usize
    }

    /// The words as written in the source for a normalised span.
    pub fn source_slice<'a>(&self, source: &'a str, start: usize, end: usize) -> &'a str {
        let s = self.source_offset(start);
        // The end maps to the byte after the last matched character.
        let e = if end == 0 {
            s
        } else {
            let last = self.source_offset(end - 1);
            last + source[last..].chars().next().map_or(0, char::len_utf8)
        };
        source.get(s..e.max(s)).unwrap_or("")
    }
}

/// The length of the UTF-8 sequence a lead byte starts.
fn c_len(lead: u8) -> usize {
    match lead {
        0xf0.. => 4,
        0xe0.. => 3,
        _ => 2,
    }
}

/// What an ASCII byte becomes in `lower`: separators (whitespace, dashes, slashes,
/// underscores) a space, a backtick an apostrophe, letters lower case.
static ASCII_OUT: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'-' | b'/' | b'_' | b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => b' ',
            b'`' => b'\'',
            c => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    t
};

/// A whole-word match in normalised text: byte span and the index of the category (or
/// entity) it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LexiconMatch {
    pub start: usize,
    pub end: usize,
    pub index: usize,
}

#[derive(Debug)]
struct Matcher {
    automaton: AhoCorasick,
    targets: Vec<u32>,
}

impl Matcher {
    fn build(patterns: Vec<(String, usize)>) -> Matcher {
        let mut patterns = patterns;
        patterns.sort();
        patterns.dedup_by(|a, b| a.0 == b.0);
        // A contiguous NFA, not a full DFA: it runs only on the sentences [`EntityKeys`] lets
        // through, and building the DFA for the default names took 100 million instructions,
        // two-thirds of the start-up of every process (a 12 MB scan was 3% faster without it).
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            // Anchored at the words [`EntityKeys`] names as possible starts; unanchored when a
            // name can start anywhere.
            .start_kind(aho_corasick::StartKind::Both)
            .build(patterns.iter().map(|(p, _)| p.as_str()))
            // Patterns are plain strings well under any size limit.
            .expect("lexicon automaton builds");
        Matcher {
            automaton,
            targets: patterns.iter().map(|(_, t)| *t as u32).collect(),
        }
    }

    /// The whole-word matches that start at one of `starts` (ascending), as [`Matcher::find`]
    /// reports them when every match starts at one of them: the leftmost-longest match from a
    /// position is the longest anchored one at the first start that has one, so the text
    /// between the starts need not be walked.
    fn find_at(&self, haystack: &str, starts: &[usize], out: &mut Vec<LexiconMatch>) {
        let mut at = 0;
        for &start in starts {
            if start < at {
                continue;
            }
            let input = aho_corasick::Input::new(haystack)
                .range(start..)
                .anchored(aho_corasick::Anchored::Yes);
            let Some(m) = self.automaton.find(input) else {
                continue;
            };
            // A match that is not whole-word ends inside a word, where no start lies.
            if let Some(found) = self.whole_word(haystack, m) {
                out.push(found);
                at = found.end;
            }
        }
    }

    /// The automaton's match `m` as a lexicon match, if it is a whole word or words.
    fn whole_word(&self, haystack: &str, m: aho_corasick::Match) -> Option<LexiconMatch> {
        is_word_boundary(haystack, m.start(), m.end()).then(|| LexiconMatch {
            start: m.start(),
            end: m.end(),
            index: self.targets[m.pattern().as_usize()] as usize,
        })
    }

    fn find(&self, haystack: &str, out: &mut Vec<LexiconMatch>) {
        let mut at = 0;
        while at < haystack.len() {
            let Some(m) = self
                .automaton
                .find(aho_corasick::Input::new(haystack).range(at..))
            else {
                break;
            };
            if let Some(found) = self.whole_word(haystack, m) {
                out.push(found);
                at = found.end;
            } else {
                // A match inside a longer word ("information about you|r health") must not hide
                // a whole-word match that starts later within it: retry from the next word.
                at = next_word_start(haystack, m.start());
            }
        }
    }
}

/// Which sentences may hold an entity name, by their words: a whole-word match of a name
/// that starts with a letter or digit starts at a word of the text equal to the name's first
/// word, and is followed by a word equal to its second, if it has one. Most sentences name no
/// organisation; for them this costs one word-table lookup a word instead of an automaton
/// scan.
#[derive(Debug)]
struct EntityKeys {
    /// The first and second words of every name.
    words: WordTable,
    /// By word id: a one-word name is this word.
    single: Vec<bool>,
    /// By word id: a name of two words or more starts with this word.
    pair_first: Vec<bool>,
    /// `first << 32 | second` of the names of two words or more, sorted.
    pairs: Vec<u64>,
    /// By a word's first byte: bit `min(length, 63)` is set when a name's first word has that
    /// first byte and length. Most words of a text fail this before any hashing.
    first_lengths: Box<[u64; 256]>,
    /// A name that starts with neither a letter nor a digit: every text may hold it.
    always: bool,
}

impl EntityKeys {
    fn build(names: &[String]) -> EntityKeys {
        let mut ids: HashMap<String, u32> = HashMap::default();
        let mut words: Vec<Box<str>> = Vec::new();
        let mut id_of = |w: &str| -> u32 {
            *ids.entry(w.to_string()).or_insert_with(|| {
                words.push(w.into());
                (words.len() - 1) as u32
            })
        };
        let mut keys: Vec<(u32, Option<u32>)> = Vec::new();
        let mut first_lengths = Box::new([0u64; 256]);
        let mut always = false;
        let mut spans = Vec::new();
        for name in names {
            spans.clear();
            word_spans(name, false, &mut spans);
            let Some(&(s, e)) = spans.first().filter(|&&(s, _)| s == 0) else {
                always = true;
                continue;
            };
            first_lengths[name.as_bytes()[0] as usize] |= 1 << (e - s).min(63);
            let first = id_of(&name[s..e]);
            let second = spans.get(1).map(|&(s, e)| id_of(&name[s..e]));
            keys.push((first, second));
        }
        let mut single = vec![false; words.len()];
        let mut pair_first = vec![false; words.len()];
        let mut pairs = Vec::new();
        for (first, second) in keys {
            match second {
                None => single[first as usize] = true,
                Some(second) => {
                    pair_first[first as usize] = true;
                    pairs.push(u64::from(first) << 32 | u64::from(second));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        EntityKeys {
            words: WordTable::build(words),
            single,
            pair_first,
            pairs,
            first_lengths,
            always,
        }
    }

    /// Whether `text` (with its word `spans`) may hold a whole-word match of a name.
    #[cfg(test)]
    fn may_match(&self, text: &str, spans: &[(usize, usize)]) -> bool {
        if self.always {
            return true;
        }
        !self.starts(text, spans).is_empty()
    }

    /// The word starts where a whole-word match of a name that starts with a letter or digit
    /// may start, ascending. Without [`EntityKeys::always`] every match starts at one of them.
    fn starts(&self, text: &str, spans: &[(usize, usize)]) -> Vec<usize> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        for (k, &(s, e)) in spans.iter().enumerate() {
            if self.first_lengths[bytes[s] as usize] >> (e - s).min(63) & 1 == 0 {
                continue;
            }
            let id = self.words.get_at(bytes, s, e);
            if id == NO_WORD {
                continue;
            }
            let starts_a_name = self.single[id as usize]
                || (self.pair_first[id as usize]
                    && spans.get(k + 1).is_some_and(|&(s, e)| {
                        let next = self.words.get_at(bytes, s, e);
                        next != NO_WORD
                            && self
                                .pairs
                                .binary_search(&(u64::from(id) << 32 | u64::from(next)))
                                .is_ok()
                    }));
            if starts_a_name {
                out.push(s);
            }
        }
        out
    }
}

/// Every match of a DFA in a text, overlapping, as `find_overlapping_iter` reports them (by
/// end, then in the state's order), from a plain walk of the transition table: the iterator
/// of the crate pays a call and its bookkeeping per byte, and this runs over every sentence.
pub struct Overlapping<'a> {
    dfa: &'a aho_corasick::dfa::DFA,
    text: &'a [u8],
    /// The position after the last byte read, and the state it left.
    at: usize,
    sid: aho_corasick::automaton::StateID,
    /// The next match of the state to report, and how many it has.
    next: usize,
    matches: usize,
}

impl<'a> Overlapping<'a> {
    pub fn new(dfa: &'a aho_corasick::dfa::DFA, text: &'a [u8]) -> Overlapping<'a> {
        use aho_corasick::automaton::Automaton;
        let sid = dfa
            .start_state(aho_corasick::Anchored::No)
            .expect("an unanchored DFA has an unanchored start");
        Overlapping {
            dfa,
            text,
            at: 0,
            sid,
            next: 0,
            matches: 0,
        }
    }
}

impl Iterator for Overlapping<'_> {
    type Item = aho_corasick::Match;

    fn next(&mut self) -> Option<aho_corasick::Match> {
        use aho_corasick::automaton::Automaton;
        let dfa = self.dfa;
        loop {
            if self.next < self.matches {
                let pattern = dfa.match_pattern(self.sid, self.next);
                self.next += 1;
                let start = self.at - dfa.pattern_len(pattern);
                return Some(aho_corasick::Match::new(pattern, start..self.at));
            }
            // Without a prefilter only match (and dead) states are special. The walk keeps its
            // place in locals, so the loop is a load and a table lookup a byte.
            let (mut at, mut sid) = (self.at, self.sid);
            loop {
                let Some(&b) = self.text.get(at) else {
                    self.at = at;
                    return None;
                };
                sid = dfa.next_state(aho_corasick::Anchored::No, sid, b);
                at += 1;
                if dfa.is_special(sid) {
                    break;
                }
            }
            (self.at, self.sid) = (at, sid);
            self.next = 0;
            self.matches = if dfa.is_match(self.sid) {
                dfa.match_len(self.sid)
            } else {
                0
            };
        }
    }
}

/// The byte offset of the next word after the one containing `from`.
fn next_word_start(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let skip_word = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    let after = &rest[skip_word..];
    let skip_gap = after.find(char::is_alphanumeric).unwrap_or(after.len());
    (from + skip_word + skip_gap).max(from + 1).min(text.len())
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// All three trees in one word trie, so a sentence is scanned once: every whole-word match is
/// reported (overlapping), then each tree keeps its leftmost-longest ones.
///
/// Synonyms are words (letters and digits) joined by separators (a space, an apostrophe), so
/// a whole-word match starts and ends on word edges: the text is cut into words once and each
/// word start costs one hash lookup, where a byte automaton over thousands of phrases walks a
/// state table too large for the cache. A synonym that starts or ends with a separator (none
/// of the defaults do) goes to a byte automaton instead.
#[derive(Debug)]
struct TreesMatcher {
    /// Every word of the synonyms, numbered.
    words: WordTable,
    /// By word id: the trie node of synonyms starting with that word, or [`NO_WORD`].
    roots: Vec<u32>,
    /// By node: its range in `targets`.
    node_targets: Vec<(u32, u32)>,
    /// (tree, category index) of the synonyms ending at each node.
    targets: Vec<(u8, u32)>,
    /// The separators between synonym words, numbered (a space, an apostrophe...).
    gaps: Vec<Box<str>>,
    /// The index of " " in `gaps`.
    space_gap: Option<usize>,
    /// Edges keyed by (node, next word, separator): one table in one block of memory, where
    /// per-node lists cost a cache miss per probe.
    edges: EdgeTable,
    odd: Option<(AhoCorasick, Vec<(u8, u32)>)>,
}

/// Open addressing over `[node, word, gap, child]`; an empty slot has child [`NO_WORD`].
#[derive(Debug)]
struct EdgeTable {
    slots: Vec<[u32; 4]>,
}

impl EdgeTable {
    fn slot(&self, node: u32, word: u32, gap: u32) -> usize {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let h = ((u64::from(node) << 32) | u64::from(word)).wrapping_mul(K)
            ^ u64::from(gap).wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
        (h ^ (h >> 29)).wrapping_mul(K) as usize >> 7 & (self.slots.len() - 1)
    }

    fn build(edges: &[[u32; 4]]) -> EdgeTable {
        let size = (edges.len() * 2).next_power_of_two().max(16);
        let mut table = EdgeTable {
            slots: vec![[0, 0, 0, NO_WORD]; size],
        };
        for e in edges {
            let mut at = table.slot(e[0], e[1], e[2]);
            while table.slots[at][3] != NO_WORD {
                at = (at + 1) & (size - 1);
            }
            table.slots[at] = *e;
        }
        table
    }

    /// The child of `node` through `word` after `gap`, or [`NO_WORD`].
    fn get(&self, node: u32, word: u32, gap: u32) -> u32 {
        let mut at = self.slot(node, word, gap);
        loop {
            let [n, w, g, child] = self.slots[at];
            if child == NO_WORD || (n == node && w == word && g == gap) {
                return child;
            }
            at = (at + 1) & (self.slots.len() - 1);
        }
    }
}

/// A trie node while the trie is built.
#[derive(Debug, Default)]
struct TrieNode {
    /// The next word of longer synonyms: the separator before it ("third" -> " party") and its
    /// id.
    children: Vec<Child>,
    /// (tree, category index) of the synonyms ending here.
    targets: Vec<(u8, u32)>,
}

#[derive(Debug)]
struct Child {
    word: u32,
    gap: Box<str>,
    node: u32,
}

/// Word spans (start, end) of text: maximal runs of alphanumeric characters, the same notion
/// of a word edge as [`is_word_boundary`]; with `apostrophes`, an apostrophe after a word's
/// first character continues it. This runs over every sentence: eight ASCII bytes at a time
/// (a bit mask of word bytes, visited where it changes), a character at a time elsewhere.
pub fn word_spans(text: &str, apostrophes: bool, out: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < n {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let v = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            // An apostrophe's meaning depends on the bytes before it: a character at a time.
            if v & HIGH == 0 && !(apostrophes && has_byte(v, b'\'')) {
                let words = ascii_alphanumeric_mask(v);
                let before = (words << 8) | if start.is_some() { 0x80 } else { 0 };
                let mut changes = (words ^ before) & HIGH;
                while changes != 0 {
                    let k = changes.trailing_zeros() as usize / 8;
                    match start.take() {
                        Some(s) => out.push((s, i + k)),
                        None => start = Some(i + k),
                    }
                    changes &= changes - 1;
                }
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let (alphanumeric, width) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        let inside = alphanumeric || (apostrophes && b == b'\'' && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
        i += width;
    }
    if let Some(s) = start {
        out.push((s, n));
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `v` (all ASCII) set where the byte is from `lo` to `hi`.
fn ascii_range_mask(v: u64, lo: u8, hi: u8) -> u64 {
    // Below 0x80 a byte plus at most 0x7f never carries into the next one.
    let at_least_lo = v + ONES * u64::from(0x80 - lo);
    let above_hi = v + ONES * u64::from(0x7f - hi);
    at_least_lo & !above_hi & 0x8080_8080_8080_8080
}

/// The high bit of each byte of `v` (all ASCII) set where the byte is a letter or a digit.
fn ascii_alphanumeric_mask(v: u64) -> u64 {
    // Setting 0x20 folds upper case onto lower case and moves nothing else into a-z.
    ascii_range_mask(v | (ONES * 0x20), b'a', b'z') | ascii_range_mask(v, b'0', b'9')
}

/// Whether a byte of `v` (all ASCII) is `b`.
fn has_byte(v: u64, b: u8) -> bool {
    ascii_range_mask(v, b, b) != 0
}

/// Every word of every synonym, numbered: a sentence's words are looked up once each, and the
/// trie then compares numbers instead of strings. Open addressing over a power-of-two table
/// with a multiplicative hash of the word's bytes, read eight at a time; a word's first eight
/// bytes and length are kept beside it, so most comparisons are one integer compare.
#[derive(Debug, Default)]
pub struct WordTable {
    /// `tag << 32 | (id + 1)`; 0 is an empty slot.
    slots: Vec<u64>,
    /// By id: the first eight bytes (little-endian, zero-padded) and the length.
    heads: Vec<(u64, usize)>,
    words: Vec<Box<str>>,
}

/// The id of a word no synonym has.
const NO_WORD: u32 = u32::MAX;

/// A word's hash and its first eight bytes as an integer.
fn word_key(word: &[u8]) -> (u64, u64) {
    word_key_at(word, 0, word.len())
}

/// Up to eight bytes of `text` from `at` as a little-endian integer, zero-padded: one load
/// where eight bytes are there to read.
#[inline(always)]
fn load_le(text: &[u8], at: usize, n: usize) -> u64 {
    debug_assert!(n <= 8);
    if let Some(chunk) = text.get(at..at + 8) {
        let v = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        return if n == 8 {
            v
        } else {
            v & ((1u64 << (8 * n)) - 1)
        };
    }
    let mut v = 0u64;
    for (j, &b) in text[at..at + n].iter().enumerate() {
        v |= u64::from(b) << (8 * j);
    }
    v
}

/// [`word_key`] of `text[start..end]`, reading the text in place.
#[inline(always)]
fn word_key_at(text: &[u8], start: usize, end: usize) -> (u64, u64) {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = ((end - start) as u64).wrapping_mul(K);
    let mut head = None;
    let mut at = start;
    while at + 8 <= end {
        let v = load_le(text, at, 8);
        head.get_or_insert(v);
        h = (h ^ v).wrapping_mul(K);
        h ^= h >> 29;
        at += 8;
    }
    let v = load_le(text, at, end - at);
    h = (h ^ v).wrapping_mul(K);
    (h ^ (h >> 32), head.unwrap_or(v))
}

impl WordTable {
    /// Numbers `words` in order; a word given twice keeps its first number.
    pub fn build(words: Vec<Box<str>>) -> WordTable {
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![0u64; size];
        let mut heads = Vec::with_capacity(words.len());
        for (id, w) in words.iter().enumerate() {
            let (h, head) = word_key(w.as_bytes());
            heads.push((head, w.len()));
            let mut at = h as usize & (size - 1);
            while slots[at] != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = (h >> 32) << 32 | (id as u64 + 1);
        }
        WordTable {
            slots,
            heads,
            words,
        }
    }

    /// The number of `word`, or `None` for a word not in the table.
    #[inline]
    pub fn get(&self, word: &str) -> Option<u32> {
        Some(self.get_at(word.as_bytes(), 0, word.len())).filter(|&id| id != NO_WORD)
    }

    /// The id of the word `text[start..end]`, or [`NO_WORD`].
    #[inline(always)]
    fn get_at(&self, text: &[u8], start: usize, end: usize) -> u32 {
        let (h, head) = word_key_at(text, start, end);
        let len = end - start;
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return NO_WORD;
            }
            let id = (slot as u32).wrapping_sub(1);
            if slot >> 32 == h >> 32
                && self.heads[id as usize] == (head, len)
                && (len <= 8 || self.words[id as usize].as_bytes()[8..] == text[start + 8..end])
            {
                return id;
            }
            at = (at + 1) & mask;
        }
    }
}

impl TreesMatcher {
    fn build(patterns: Vec<(String, u8, usize)>) -> TreesMatcher {
        let mut patterns = patterns;
        patterns.sort();
        patterns.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let mut nodes: Vec<TrieNode> = Vec::new();
        let mut ids: HashMap<Box<str>, u32> = HashMap::default();
        let mut words: Vec<Box<str>> = Vec::new();
        let mut roots: Vec<u32> = Vec::new();
        let mut id_of = |word: &str| -> u32 {
            if let Some(&id) = ids.get(word) {
                return id;
            }
            let id = words.len() as u32;
            words.push(word.into());
            ids.insert(word.into(), id);
            id
        };
        // (node, word, gap) -> child, and gap -> its number for that key: a walk of a node's
        // children made a node with n children (n synonyms "widget maker 1", "widget maker 2",
        // ...) cost n² to build.
        let mut child_of: HashMap<(u32, u32, u32), u32> = HashMap::default();
        let mut gap_number: HashMap<Box<str>, u32> = HashMap::default();
        let mut odd = Vec::new();
        let mut spans = Vec::new();
        for (phrase, tree, index) in patterns {
            spans.clear();
            word_spans(&phrase, false, &mut spans);
            let (Some(&(first_start, first_end)), Some(&(_, last_end))) =
                (spans.first(), spans.last())
            else {
                odd.push((phrase, tree, index));
                continue;
            };
            if first_start != 0 || last_end != phrase.len() {
                odd.push((phrase, tree, index));
                continue;
            }
            let first = id_of(&phrase[first_start..first_end]) as usize;
            if roots.len() <= first {
                roots.resize(first + 1, NO_WORD);
            }
            let mut node = match roots[first] {
                NO_WORD => {
                    nodes.push(TrieNode::default());
                    let n = (nodes.len() - 1) as u32;
                    roots[first] = n;
                    n
                }
                n => n,
            };
            for pair in spans.windows(2) {
                let gap = &phrase[pair[0].1..pair[1].0];
                let word = id_of(&phrase[pair[1].0..pair[1].1]);
                let gap_key = match gap_number.get(gap) {
                    Some(&g) => g,
                    None => {
                        let g = gap_number.len() as u32;
                        gap_number.insert(gap.into(), g);
                        g
                    }
                };
                node = match child_of.get(&(node, word, gap_key)) {
                    Some(&n) => n,
                    None => {
                        nodes.push(TrieNode::default());
                        let n = (nodes.len() - 1) as u32;
                        child_of.insert((node, word, gap_key), n);
                        nodes[node as usize].children.push(Child {
                            word,
                            gap: gap.into(),
                            node: n,
                        });
                        n
                    }
                };
            }
            nodes[node as usize].targets.push((tree, index as u32));
        }
        roots.resize(words.len(), NO_WORD);
        let mut gaps: Vec<Box<str>> = Vec::new();
        let mut gap_index: HashMap<Box<str>, usize> = HashMap::default();
        let mut edges = Vec::new();
        let mut node_targets = Vec::with_capacity(nodes.len());
        let mut targets = Vec::new();
        for (n, node) in nodes.into_iter().enumerate() {
            node_targets.push((
                targets.len() as u32,
                (targets.len() + node.targets.len()) as u32,
            ));
            targets.extend(node.targets);
            for c in node.children {
                let gap = match gap_index.get(&c.gap) {
                    Some(&g) => g,
                    None => {
                        gap_index.insert(c.gap.clone(), gaps.len());
                        gaps.push(c.gap);
                        gaps.len() - 1
                    }
                };
                edges.push([n as u32, c.word, gap as u32, c.node]);
            }
        }
        let odd = (!odd.is_empty()).then(|| {
            let automaton = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(odd.iter().map(|(p, _, _)| p.as_str()))
                .expect("lexicon automaton builds");
            (
                automaton,
                odd.iter().map(|(_, t, i)| (*t, *i as u32)).collect(),
            )
        });
        TreesMatcher {
            words: WordTable::build(words),
            roots,
            node_targets,
            targets,
            space_gap: gaps.iter().position(|g| &**g == " "),
            gaps,
            edges: EdgeTable::build(&edges),
            odd,
        }
    }

    /// `spans`: the word spans of `haystack` ([`word_spans`] without apostrophes).
    fn find(&self, haystack: &str, spans: &[(usize, usize)]) -> [Vec<LexiconMatch>; 3] {
        let mut all: [Vec<LexiconMatch>; 3] = Default::default();
        let mut push = |start: usize, end: usize, targets: &[(u8, u32)]| {
            for &(tree, index) in targets {
                all[tree as usize].push(LexiconMatch {
                    start,
                    end,
                    index: index as usize,
                });
            }
        };
        let ids: Vec<u32> = spans
            .iter()
            .map(|&(s, e)| self.words.get_at(haystack.as_bytes(), s, e))
            .collect();
        for (i, &(start, end)) in spans.iter().enumerate() {
            let first = match ids[i] {
                NO_WORD => continue,
                id => self.roots[id as usize],
            };
            if first == NO_WORD {
                continue;
            }
            let targets_of = |node: u32| {
                let (a, b) = self.node_targets[node as usize];
                &self.targets[a as usize..b as usize]
            };
            let mut node = first;
            push(start, end, targets_of(node));
            let mut last_end = end;
            for (&(next_start, next_end), &word) in spans[i + 1..].iter().zip(&ids[i + 1..]) {
                if word == NO_WORD {
                    break;
                }
                let gap = &haystack[last_end..next_start];
                // Nearly every gap is one space: a byte compare, not a string search.
                let found = if gap == " " {
                    self.space_gap
                } else {
                    self.gaps.iter().position(|g| **g == *gap)
                };
                let Some(gap) = found else {
                    break;
                };
                node = self.edges.get(node, word, gap as u32);
                if node == NO_WORD {
                    break;
                }
                push(start, next_end, targets_of(node));
                last_end = next_end;
            }
        }
        if let Some((automaton, targets)) = &self.odd {
            for m in automaton.find_overlapping_iter(haystack) {
                if is_word_boundary(haystack, m.start(), m.end()) {
                    push(m.start(), m.end(), &targets[m.pattern().as_usize()..][..1]);
                }
            }
        }
        all.map(|mut v| {
            // Leftmost-longest and non-overlapping, with two repairs where terms overlap:
            // - a later overlapping match that names more (counts more content words, see
            //   [`content_words`]) and reaches further takes the place of the one before it:
            //   "email address" over "your email", "third-party service providers" over
            //   "trusted third party", but not "geolocation information" over "precise
            //   geolocation";
            // - a match inside an overlapping match that lost is part of that term, not one of
            //   its own: in "your email address", "address" is not a postal address.
            v.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            let text = haystack.as_bytes();
            let mut kept = 0;
            let mut lost: Option<(usize, usize)> = None;
            for r in 0..v.len() {
                let m = v[r];
                if kept > 0 && m.start < v[kept - 1].end {
                    let k = v[kept - 1];
                    let loser = if m.end > k.end
                        && content_words(&text[m.start..m.end])
                            > content_words(&text[k.start..k.end])
                    {
                        v[kept - 1] = m;
                        k
                    } else {
                        m
                    };
                    if lost.is_none_or(|(s, e)| loser.start < s || loser.end > e) {
                        lost = Some((loser.start, loser.end));
                    }
                    continue;
                }
                if lost.is_some_and(|(s, e)| s <= m.start && m.end <= e) {
                    continue;
                }
                v[kept] = m;
                kept += 1;
            }
            v.truncate(kept);
            v
        })
    }
}

/// The words of a lexicon term that name something, as opposed to determiners, pronouns,
/// prepositions, vague qualifiers and the generic heads "information", "data" and "details":
/// "your email" has one, "email address" two, "precise geolocation information" two.
fn content_words(term: &[u8]) -> usize {
    term.split(|b| !b.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            !matches!(
                *w,
                b"your"
                    | b"our"
                    | b"their"
                    | b"his"
                    | b"her"
                    | b"its"
                    | b"the"
                    | b"a"
                    | b"an"
                    | b"any"
                    | b"all"
                    | b"such"
                    | b"this"
                    | b"these"
                    | b"those"
                    | b"some"
                    | b"other"
                    | b"certain"
                    | b"trusted"
                    | b"selected"
                    | b"select"
                    | b"carefully"
                    | b"of"
                    | b"about"
                    | b"from"
                    | b"to"
                    | b"for"
                    | b"on"
                    | b"by"
                    | b"with"
                    | b"you"
                    | b"we"
                    | b"us"
                    | b"them"
                    | b"and"
                    | b"or"
                    | b"information"
                    | b"data"
                    | b"details"
                    | b"info"
            )
        })
        .count()
}

/// The compiled matchers of a vocabulary.
#[derive(Debug)]
pub struct Lexicon {
    trees: TreesMatcher,
    entities: Matcher,
    entity_keys: EntityKeys,
}

impl Lexicon {
    pub(crate) fn build(
        recipients: &Taxonomy,
        purposes: &Taxonomy,
        data: &Taxonomy,
        entities: &[Entity],
    ) -> Lexicon {
        let mut patterns = Vec::new();
        for (tree, t) in [recipients, purposes, data].into_iter().enumerate() {
            for (i, c) in t.categories().iter().enumerate() {
                for s in &c.synonyms {
                    for v in variants(s) {
                        patterns.push((v, tree as u8, i));
                    }
                }
            }
        }
        let mut entity_patterns = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let n = Normalized::new(name);
                if n.cased.len() >= 2 {
                    entity_patterns.push((n.cased, i));
                }
            }
        }
        let names: Vec<String> = entity_patterns.iter().map(|(n, _)| n.clone()).collect();
        Lexicon {
            trees: TreesMatcher::build(patterns),
            entities: Matcher::build(entity_patterns),
            entity_keys: EntityKeys::build(&names),
        }
    }

    /// Category matches of one tree, leftmost-longest, non-overlapping, in text order.
    pub fn find(&self, kind: TreeKind, text: &Normalized) -> Vec<LexiconMatch> {
        let [r, p, d] = self.find_all(text);
        match kind {
            TreeKind::Recipient => r,
            TreeKind::Purpose => p,
            TreeKind::Data => d,
        }
    }

    /// Matches of every tree (recipients, purposes, data) in one scan.
    pub fn find_all(&self, text: &Normalized) -> [Vec<LexiconMatch>; 3] {
        self.trees.find(&text.lower, &text.spans)
    }

    /// Named organisations (case-sensitive on their written names), in text order.
    pub fn find_entities(&self, text: &Normalized) -> Vec<LexiconMatch> {
        let mut out = Vec::new();
        if self.entity_keys.always {
            self.entities.find(&text.cased, &mut out);
        } else {
            let starts = self.entity_keys.starts(&text.cased, &text.spans);
            if !starts.is_empty() {
                self.entities.find_at(&text.cased, &starts, &mut out);
            }
        }
        out
    }
}

/// A synonym as the matcher sees it: lower case, dashes as spaces, single spaces.
pub(crate) fn normalize_phrase(phrase: &str) -> String {
    Normalized::new(phrase.trim()).lower
}

/// UK/US spelling pairs applied to word endings, both ways.
const SPELLINGS: [(&str, &str); 14] = [
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
    ("iour", "ior"),
    ("iours", "iors"),
    ("avour", "avor"),
    ("centre", "center"),
    ("licence", "license"),
];

const IRREGULAR_PLURALS: [(&str, &str); 4] = [
    ("child", "children"),
    ("person", "people"),
    ("woman", "women"),
    ("man", "men"),
];

/// Every form a synonym is matched in: itself, its other spelling, and the plural of its last
/// word (so lexicon files list singular forms only).
pub(crate) fn variants(phrase: &str) -> Vec<String> {
    let base = normalize_phrase(phrase);
    if base.is_empty() {
        return Vec::new();
    }
    // Each word in either spelling ("personalised advertising", "personalized advertizing"...).
    let mut forms = vec![String::new()];
    for (i, word) in base.split(' ').enumerate() {
        let Some(other) = respell(word) else {
            // One spelling: every form grows in place (a copy of each form per word would
            // cost the phrase's length squared).
            for f in &mut forms {
                if i > 0 {
                    f.push(' ');
                }
                f.push_str(word);
            }
            continue;
        };
        let alternatives = [word.to_string(), other];
        let mut next = Vec::new();
        for f in &forms {
            for a in &alternatives {
                if next.len() < 16 {
                    next.push(if i == 0 {
                        a.clone()
                    } else {
                        format!("{f} {a}")
                    });
                }
            }
        }
        forms = next;
    }
    let singular_forms = forms.clone();
    for f in singular_forms {
        if let Some(p) = pluralize_last(&f) {
            forms.push(p);
        }
    }
    forms.sort();
    forms.dedup();
    forms
}

fn respell(word: &str) -> Option<String> {
    // Every suffix in SPELLINGS ends in one of these letters.
    if !matches!(
        word.as_bytes().last(),
        Some(b'n' | b's' | b'e' | b'd' | b'g' | b'r')
    ) {
        return None;
    }
    for (uk, us) in SPELLINGS {
        if let Some(stem) = word.strip_suffix(uk) {
            return Some(format!("{stem}{us}"));
        }
        if let Some(stem) = word.strip_suffix(us) {
            return Some(format!("{stem}{uk}"));
        }
    }
    None
}

fn pluralize_last(phrase: &str) -> Option<String> {
    let (head, last) = match phrase.rfind(' ') {
        Some(i) => (&phrase[..=i], &phrase[i + 1..]),
        None => ("", phrase),
    };
    if last.len() < 2 || !last.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    if let Some((_, plural)) = IRREGULAR_PLURALS.iter().find(|(s, _)| *s == last) {
        return Some(format!("{head}{plural}"));
    }
    let plural = if last.ends_with("ss")
        || last.ends_with('x')
        || last.ends_with("ch")
        || last.ends_with("sh")
    {
        format!("{last}es")
    } else if last.ends_with('s') || last.ends_with("data") {
        return None;
    } else if let Some(stem) = last
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{stem}ies")
    } else {
        format!("{last}s")
    };
    Some(format!("{head}{plural}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_space_dashes_and_quotes_and_maps_back() {
        let src = "Our  third-party\n Partners’ data";
        let n = Normalized::new(src);
        assert_eq!(n.lower, "our third party partners' data");
        assert_eq!(n.cased, "Our third party Partners' data");
        let start = n.lower.find("third party").unwrap();
        assert_eq!(
            n.source_slice(src, start, start + "third party".len()),
            "third-party"
        );
        let p = n.lower.find("partners'").unwrap();
        assert_eq!(n.source_slice(src, p, p + "partners'".len()), "Partners’");
    }

    /// The char-by-char definition the byte loop of [`Normalized::new`] must agree with.
    fn normalized_by_chars(text: &str) -> (String, String, Vec<u32>) {
        let (mut lower, mut cased, mut map) = (String::new(), String::new(), Vec::new());
        let mut pending_space = false;
        for (i, c) in text.char_indices() {
            let c = match c {
                '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '/'
                | '_' => ' ',
                '\u{2018}' | '\u{2019}' | '`' | '\u{2032}' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                c if c.is_whitespace() => ' ',
                c => c,
            };
            if c == ' ' {
                pending_space = !lower.is_empty();
                continue;
            }
            if pending_space {
                lower.push(' ');
                cased.push(' ');
                map.push(i as u32);
                pending_space = false;
            }
            let start = lower.len();
            cased.push(c);
            lower.push(c.to_ascii_lowercase());
            map.extend(std::iter::repeat_n(i as u32, lower.len() - start));
        }
        map.push(text.len() as u32);
        (lower, cased, map)
    }

    #[test]
    fn byte_loop_normalisation_agrees_with_the_char_definition() {
        for text in [
            "",
            "   ",
            " -/_ ",
            "We share data with  Third-Party\tpartners.",
            "  leading and trailing \u{2014} ",
            "Caf\u{e9} \u{2018}quoted\u{2019} \u{201c}double\u{201d} `tick`",
            "non\u{a0}breaking\u{2003}spaces\u{3000}ideographic",
            "\u{4e2d}\u{6587} and \u{1f600} emoji/slash__under",
            "\u{c9}COLE \u{2010}dash\u{2013}en\u{2014}em\u{2032}",
            "a\r\n\x0b\x0cb",
            // Long enough for the eight-byte path, with what sends a chunk down the slow one
            // (double spaces, separators, backticks, upper case, non-ASCII) at every offset.
            "We Share YOUR Data With THIRD Parties, Our Partners And Advertisers Today.",
            "abcdefgh  ijklmnop\tqrstuvwx-yzABCDEF/GHIJKLMN_OPQRSTUV`WXYZ0123 456789@[ ]{}~",
            "  leading  doubled   spaces    and trailing ones at the end of a long line   ",
            "caf\u{e9} ABCDEFGH \u{2019}quoted\u{2019} IJKLMNOP\u{a0}QRSTUVWX \u{2014} yz ",
        ]
        .into_iter()
        .flat_map(|t| (0..8).filter_map(move |k| t.get(k..)))
        {
            let n = Normalized::new(text);
            let (lower, cased, map) = normalized_by_chars(text);
            assert_eq!(n.lower, lower, "{text:?}");
            assert_eq!(n.cased, cased, "{text:?}");
            // Separators map anywhere inside their run; every other byte maps exactly.
            for (at, b) in lower.bytes().enumerate() {
                if b != b' ' {
                    assert_eq!(n.source_offset(at), map[at] as usize, "{text:?} at {at}");
                }
            }
            assert_eq!(n.source_offset(lower.len()), text.len(), "{text:?}");
        }
    }

    #[test]
    fn renewing_reuses_buffers_and_leaves_nothing_of_the_last_text() {
        let texts = [
            "We Share YOUR Data With THIRD Parties, Our Partners And Advertisers Today, \u{2018}always\u{2019}.",
            "a",
            "",
            "  caf\u{e9} don\u{2019}t  sell ",
            "Short one.",
        ];
        let mut n = Normalized::new(texts[0]);
        for text in texts.iter().chain(texts.iter().rev()) {
            n.renew(text);
            let fresh = Normalized::new(text);
            assert_eq!(
                (&n.lower, &n.cased),
                (&fresh.lower, &fresh.cased),
                "{text:?}"
            );
            assert_eq!(n.spans(), fresh.spans(), "{text:?}");
            assert_eq!(n.apostrophe_words(), fresh.apostrophe_words(), "{text:?}");
            for at in 0..=n.len() {
                assert_eq!(
                    n.source_offset(at),
                    fresh.source_offset(at),
                    "{text:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn respell_prefilter_admits_every_spelling_suffix() {
        for (uk, us) in SPELLINGS {
            for suffix in [uk, us] {
                assert!(respell(&format!("x{suffix}")).is_some(), "{suffix}");
            }
        }
    }

    #[test]
    fn variants_cover_plurals_and_spellings() {
        let v = variants("Credit Reference Agency");
        assert!(v.contains(&"credit reference agency".to_string()));
        assert!(v.contains(&"credit reference agencies".to_string()));
        let v = variants("political organisation");
        for f in [
            "political organisation",
            "political organization",
            "political organisations",
            "political organizations",
        ] {
            assert!(v.contains(&f.to_string()), "{f} in {v:?}");
        }
        assert!(variants("child").contains(&"children".to_string()));
        assert!(variants("address").contains(&"addresses".to_string()));
        assert_eq!(variants("analytics"), vec!["analytics".to_string()]);
        assert!(
            variants("personalized advertising").contains(&"personalised advertising".to_string())
        );
        assert!(variants("election mailing").contains(&"election mailings".to_string()));
    }

    #[test]
    fn a_rejected_match_does_not_hide_a_later_one() {
        let mut patterns = vec![
            ("information about you".to_string(), 0),
            ("your health".to_string(), 1),
        ];
        patterns.push(("health".to_string(), 2));
        let m = Matcher::build(patterns);
        let mut out = Vec::new();
        m.find("information about your health", &mut out);
        assert_eq!(out.iter().map(|x| x.index).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn trie_matches_whole_words_with_their_separators() {
        let m = TreesMatcher::build(vec![
            ("third party".into(), 0, 1),
            ("third party advertiser".into(), 0, 2),
            ("children's data".into(), 2, 3),
            ("data".into(), 2, 4),
            ("marketing".into(), 1, 5),
            ("party".into(), 0, 6),
            // Starts with a separator: matched by the byte automaton.
            ("@handle".into(), 2, 7),
        ]);
        fn found<'t>(m: &TreesMatcher, text: &'t str) -> [Vec<(usize, &'t str)>; 3] {
            let mut spans = Vec::new();
            word_spans(text, false, &mut spans);
            m.find(text, &spans)
                .map(|v| v.iter().map(|x| (x.index, &text[x.start..x.end])).collect())
        }
        let [r, p, d] = found(
            &m,
            "third party advertisers; a third party advertiser, third, party",
        );
        assert_eq!(
            r,
            vec![
                (1, "third party"),
                (2, "third party advertiser"),
                (6, "party")
            ]
        );
        assert!(p.is_empty());
        assert!(d.is_empty());
        let [_, p, d] = found(
            &m,
            "children's data for marketing and remarketing; user's data, @handle",
        );
        assert_eq!(p, vec![(5, "marketing")]);
        // "'s data" inside "user's data" is not a whole word: "data" is.
        assert_eq!(d, vec![(3, "children's data"), (4, "data"), (7, "@handle")]);
        // Case and punctuation inside words are the caller's normalisation: "data2" is a word.
        assert!(found(&m, "data2 metadata").iter().all(Vec::is_empty));
    }

    /// The char-by-char definition the table-driven [`word_spans`] must agree with.
    fn word_spans_by_chars(text: &str, apostrophes: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            let inside = c.is_alphanumeric() || (apostrophes && c == '\'' && start.is_some());
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((s, text.len()));
        }
        out
    }

    #[test]
    fn word_spans_agree_with_the_char_definition() {
        for text in [
            "",
            "'",
            "''a''b'' c'",
            "we don't sell children's data, users' choices",
            "caf\u{e9} na\u{ef}ve \u{c9}cole\u{2019}s \u{4e2d}\u{6587}x \u{1f600}emoji",
            "\u{a0}non\u{a0}breaking\u{3000}\u{2014}dash\u{2014} 42nd data2",
            "x\u{301}y (combining) \u{661}\u{662} arabic digits",
            "  trailing   ",
            "We don't share users' data with third-party partners, e.g. Acme's 2nd site.",
            "abcdefgh'ijklmnop''qrstuvwx 'yz' 0123456789 ABCDEFGHIJ `~!@#$%^&*()_+-=[]{}|;:,.<>?/",
            "\u{e9}abcdefg\u{e9}hijklmn\u{2019}opqrstu\u{a0}vwxyzab caf\u{e9}s r\u{e9}sum\u{e9}s",
        ] {
            // Every offset against the eight-byte chunks.
            for skip in 1..8 {
                let Some(text) = text.get(skip.min(text.len())..) else {
                    continue;
                };
                for apostrophes in [false, true] {
                    let mut got = Vec::new();
                    word_spans(text, apostrophes, &mut got);
                    assert_eq!(
                        got,
                        word_spans_by_chars(text, apostrophes),
                        "{text:?} {apostrophes}"
                    );
                }
            }
            for apostrophes in [false, true] {
                let mut got = Vec::new();
                word_spans(text, apostrophes, &mut got);
                assert_eq!(
                    got,
                    word_spans_by_chars(text, apostrophes),
                    "{text:?} {apostrophes}"
                );
            }
        }
    }

    #[test]
    fn apostrophe_words_agree_with_word_spans_with_apostrophes() {
        for text in [
            "",
            "'",
            "''a''b'' c'",
            "we don't sell children's data, users' choices",
            "rock 'n' roll o'neil's ''quoted'' x' 'y a'b'c",
            "caf\u{e9}'s na\u{ef}ve \u{c9}cole\u{2019}s \u{4e2d}\u{6587}x'\u{1f600}'emoji",
            "We Don`t Share Users\u{2019} Data--With Third-Party Partners'  Sites.",
        ] {
            let n = Normalized::new(text);
            let mut with = Vec::new();
            word_spans(&n.lower, true, &mut with);
            let want: Vec<(usize, usize)> = with
                .into_iter()
                .map(|(s, e)| (s, s + n.lower[s..e].trim_end_matches('\'').len()))
                .collect();
            assert_eq!(n.apostrophe_words(), want, "{text:?}");
        }
    }

    #[test]
    fn word_table_finds_every_word_and_nothing_else() {
        let words: Vec<Box<str>> = (0..500)
            .map(|i| format!("w{i}").into())
            .chain(["", "a", "information", "informationx", "third-party"].map(Box::from))
            .collect();
        let table = WordTable::build(words.clone());
        for (id, w) in words.iter().enumerate() {
            assert_eq!(table.get(w), Some(id as u32), "{w:?}");
        }
        for w in ["w500", "b", "informatio", "Information", "third party"] {
            assert_eq!(table.get(w), None, "{w:?}");
        }
    }

    #[test]
    fn entity_keys_pass_every_text_with_a_name() {
        let names: Vec<String> = [
            "Google",
            "Google Analytics",
            "X Corp.",
            "D&B",
            "The Trade Desk",
            "X-Mode",
            "tawk.to",
            "ID5",
        ]
        .iter()
        .map(|n| Normalized::new(n).cased)
        .collect();
        let keys = EntityKeys::build(&names);
        let matcher = Matcher::build(names.iter().cloned().zip(0..).collect());
        for (text, has) in [
            ("We use Google Analytics and Googlebot.", true),
            ("Googlers and googles", false),
            ("ask X Corp. or X", true),
            ("ask X or Corp", false),
            ("We share with X Corp, D&B and ID5.", true),
            ("The Trade Desk", true),
            ("The trade desk", false),
            ("X-Mode Social buys data", true),
            ("chat via tawk.to", true),
            ("no organisation at all", false),
            ("", false),
        ] {
            let n = Normalized::new(text);
            let mut found = Vec::new();
            matcher.find(&n.cased, &mut found);
            assert_eq!(!found.is_empty(), has, "{text:?}");
            if has {
                assert!(keys.may_match(&n.cased, n.spans()), "{text:?}");
            }
            // Matching only at the candidate starts finds what a search of the whole text finds.
            let starts = keys.starts(&n.cased, n.spans());
            let mut at_starts = Vec::new();
            matcher.find_at(&n.cased, &starts, &mut at_starts);
            assert_eq!(at_starts, found, "{text:?}");
        }
        assert!(!keys.may_match(
            "no organisation at all",
            &[(0, 2), (3, 15), (16, 18), (19, 22)]
        ));
        assert!(EntityKeys::build(&["@handle".to_string()]).always);
    }

    #[test]
    fn entity_matches_at_candidate_starts_are_those_of_a_full_search() {
        // Names that are prefixes of longer words or of each other, a longest match that is not
        // whole-word hiding a shorter one that is, names back to back and inside other names.
        let names: Vec<String> = [
            "Meta",
            "Meta Platforms",
            "Apple",
            "Apple Musicx",
            "Google",
            "Google Analytics",
            "Analytics Co",
            "AT&T",
            "Yahoo!",
            "comScore",
            "X",
            "X Corp.",
        ]
        .iter()
        .map(|n| Normalized::new(n).cased)
        .collect();
        let keys = EntityKeys::build(&names);
        assert!(!keys.always);
        let matcher = Matcher::build(names.iter().cloned().zip(0..).collect());
        for text in [
            "Metadata from Meta and Meta Platforms, Inc.",
            "Apple Musicxyz and Apple Music",
            "Google Analytics Co and Google Analytics",
            "AT&T, Yahoo! and comScore; X Corp. or X",
            "MetaMeta Meta",
            "Googles Google",
            "X-Corp X Corp X",
            "ATT AT&Tx AT&T",
            "Yahoo!!",
            "",
        ] {
            let n = Normalized::new(text);
            let mut full = Vec::new();
            matcher.find(&n.cased, &mut full);
            let starts = keys.starts(&n.cased, n.spans());
            let mut at_starts = Vec::new();
            matcher.find_at(&n.cased, &starts, &mut at_starts);
            assert_eq!(at_starts, full, "{text:?}");
        }
    }

    #[test]
    fn overlapping_walk_reports_what_the_crate_iterator_does() {
        let patterns = [
            ";",
            ", but ",
            " but we ",
            "except",
            "other than",
            "ex",
            "t",
            "than",
        ];
        let dfa = aho_corasick::dfa::DFA::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .prefilter(false)
            .build(patterns)
            .unwrap();
        let ac = aho_corasick::AhoCorasick::new(patterns).unwrap();
        for text in [
            "",
            ";",
            "we share it, but we do not sell it; except other than that, exceptions",
            "texts; other thanks; but we; ;;",
        ] {
            let walked: Vec<_> = Overlapping::new(&dfa, text.as_bytes()).collect();
            let want: Vec<_> = ac.find_overlapping_iter(text).collect();
            assert_eq!(walked, want, "{text:?}");
        }
    }

    #[test]
    fn matches_are_whole_words() {
        assert!(is_word_boundary("our partners here", 4, 12));
        assert!(!is_word_boundary("partnership", 0, 7));
        assert!(!is_word_boundary("counterpartner", 7, 14));
    }
}
