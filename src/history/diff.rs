//! Sentence-level diffs between two versions of a policy.
//!
//! Each version is cut into sentences (headings and table rows whole, other blocks through
//! the crate's sentence splitter); each sentence gets a comparison key with the cosmetic
//! differences taken out (case, punctuation, whitespace and line wrapping, URLs). The key
//! sequences are diffed (patience), and a removed and an added sentence at the same spot that
//! share at least half their words become one "changed".

use super::SentenceChange;
use crate::document::{BlockKind, Document, fold_whitespace};
use similar::{Algorithm, DiffOp, capture_diff_slices, diff_ratio};
use std::collections::HashSet;

/// A removed and an added sentence sharing at least this share of words are one change.
const PAIR_RATIO: f32 = 0.5;
/// How many added sentences ahead a removed one looks for its rewording.
const PAIR_WINDOW: usize = 16;

/// One sentence of a version.
#[derive(Clone, Debug)]
pub(crate) struct Sentence {
    /// As written, whitespace folded.
    pub text: String,
    /// What is compared: lower-case words, no punctuation, no URLs.
    pub key: String,
    pub line: u32,
    /// The extractor found a sharing statement in it.
    pub declares: bool,
}

/// The sentences of a document in order, with whether each is a sharing statement.
pub(crate) fn sentences(doc: &Document, quotes: &SharingQuotes) -> Vec<Sentence> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        let whole = matches!(
            block.kind,
            BlockKind::Heading { .. } | BlockKind::TableRow { .. }
        );
        let spans = if whole {
            vec![(0, block.text.len())]
        } else {
            block.sentences.clone()
        };
        for (s, e) in spans {
            let Some(raw) = block.text.get(s..e) else {
                continue;
            };
            let key = normalise(raw);
            if key.is_empty() {
                continue;
            }
            let text = fold_whitespace(raw);
            let line = if whole { block.line } else { block.line_at(s) };
            out.push(Sentence {
                declares: quotes.declares(line, &text),
                text,
                key,
                line,
            });
        }
    }
    out
}

/// The quotes of a version's sharing statements, by line. A sentence declares when a
/// declaration starts on its line and quotes it (quotes are the folded sentence, cut with an
/// ellipsis when long). Looked up by hash, not by a walk of the line's quotes: a one-line
/// policy has them all on line 1. Owned, so that the declarations need not be kept.
#[derive(Default)]
pub(crate) struct SharingQuotes {
    /// `line:quote` of each quote.
    whole: HashSet<Box<str>>,
    /// `line:head` of each cut quote, ellipsis taken off.
    cut: HashSet<Box<str>>,
    /// The lengths of those heads: one cut length, less a few bytes at a char boundary.
    cut_lens: Vec<usize>,
}

/// The key of a quote on a line.
fn quote_key(line: u32, quote: &str) -> String {
    format!("{line}:{quote}")
}

impl SharingQuotes {
    /// Adds the quote of a sharing statement starting on `line`.
    pub(crate) fn add(&mut self, line: u32, quote: &str) {
        self.whole.insert(quote_key(line, quote).into());
        if let Some(head) = quote.strip_suffix('…').filter(|h| !h.is_empty()) {
            self.cut.insert(quote_key(line, head).into());
            if !self.cut_lens.contains(&head.len()) {
                self.cut_lens.push(head.len());
            }
        }
    }

    /// Whether the sentence `text` (whitespace folded) starting on `line` is quoted.
    pub(crate) fn declares(&self, line: u32, text: &str) -> bool {
        self.whole.contains(quote_key(line, text).as_str())
            || self.cut_lens.iter().any(|&n| {
                text.get(..n)
                    .is_some_and(|head| self.cut.contains(quote_key(line, head).as_str()))
            })
    }
}

/// The comparison key of a sentence: its words, lower-case, joined by single spaces; URLs,
/// punctuation and whitespace differences gone.
pub(crate) fn normalise(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len());
    let mut gap = false;
    for token in sentence.split_whitespace() {
        if is_url(token) {
            gap = true;
            continue;
        }
        for c in token.chars() {
            if c.is_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.extend(c.to_lowercase());
            } else {
                gap = true;
            }
        }
        gap = true;
    }
    out
}

/// A link target written out: `https://...`, `www.example.com/...`, `mailto:`, in brackets or
/// quotes or not.
fn is_url(token: &str) -> bool {
    let t = token
        .trim_start_matches(['(', '<', '[', '"', '\'', '\u{201c}', '\u{2018}'])
        .to_ascii_lowercase();
    ["http://", "https://", "ftp://", "www.", "mailto:"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// Word-level similarity of two keys, 0..=1.
fn ratio(a: &str, b: &str) -> f32 {
    let a: Vec<&str> = a.split(' ').collect();
    let b: Vec<&str> = b.split(' ').collect();
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    diff_ratio(&ops, a.len(), b.len())
}

/// The sentence changes from `old` to `new`, in document order.
pub(crate) fn diff(old: &[Sentence], new: &[Sentence]) -> Vec<SentenceChange> {
    let old_keys: Vec<&str> = old.iter().map(|s| s.key.as_str()).collect();
    let new_keys: Vec<&str> = new.iter().map(|s| s.key.as_str()).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.extend(old[old_index..old_index + old_len].iter().map(removed)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(new[new_index..new_index + new_len].iter().map(added)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => hunk(
                &old[old_index..old_index + old_len],
                &new[new_index..new_index + new_len],
                &mut out,
            ),
        }
    }
    out
}

/// Sentences replaced by others at one spot: pair rewordings, the rest is removed or added.
fn hunk(old: &[Sentence], new: &[Sentence], out: &mut Vec<SentenceChange>) {
    // The same words cut into sentences differently ("e.g." now ends a sentence): cosmetic.
    let joined = |s: &[Sentence]| {
        s.iter()
            .map(|x| x.key.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if joined(old) == joined(new) {
        return;
    }
    let mut next = 0;
    for o in old {
        let end = new.len().min(next + PAIR_WINDOW);
        let mut best: Option<(usize, f32)> = None;
        for (j, n) in new.iter().enumerate().take(end).skip(next) {
            let r = ratio(&o.key, &n.key);
            if r >= PAIR_RATIO && best.is_none_or(|(_, b)| r > b) {
                best = Some((j, r));
            }
        }
        match best {
            Some((j, _)) => {
                out.extend(new[next..j].iter().map(added));
                if o.key != new[j].key {
                    out.push(SentenceChange {
                        kind: "changed",
                        old: Some(o.text.clone()),
                        new: Some(new[j].text.clone()),
                        old_line: Some(o.line),
                        new_line: Some(new[j].line),
                        declares: o.declares || new[j].declares,
                    });
                }
                next = j + 1;
            }
            None => out.push(removed(o)),
        }
    }
    out.extend(new[next..].iter().map(added));
}

fn removed(s: &Sentence) -> SentenceChange {
    SentenceChange {
        kind: "removed",
        old: Some(s.text.clone()),
        new: None,
        old_line: Some(s.line),
        new_line: None,
        declares: s.declares,
    }
}

fn added(s: &Sentence) -> SentenceChange {
    SentenceChange {
        kind: "added",
        old: None,
        new: Some(s.text.clone()),
        old_line: None,
        new_line: Some(s.line),
        declares: s.declares,
    }
}
