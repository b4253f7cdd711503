//! Sentences to declarations: what a policy says it does with personal data, to whom, for
//! what, and what it says it does not do.
//!
//! A sentence is cut into clauses at contrastive boundaries ("; ", ", but"), each clause's
//! action verbs are found with their polarity (negation cues before the verb: "do not",
//! "never", "nor", "no ... is shared"), and the lexicon supplies recipients, purposes and data.
//! Structure adds meaning: a lead-in sentence ("We share your data with:") governs the list
//! items under it, a heading ("Who we share your information with") scopes the paragraphs
//! under it, and a table row under a "Categories of third parties" header is a statement.

pub mod cache;
mod clause;
mod table;

use crate::document::{Block, BlockKind, Document, Format};
use crate::vocab::Vocabulary;
use clause::{Draft, Opening, analyze, analyze_with, merge};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a declaration says is done with the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Share,
    Sell,
    Transfer,
    Disclose,
    Rent,
    Collect,
    Use,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Share => "share",
            Action::Sell => "sell",
            Action::Transfer => "transfer",
            Action::Disclose => "disclose",
            Action::Rent => "rent",
            Action::Collect => "collect",
            Action::Use => "use",
        }
    }

    /// Sharing actions put data in someone else's hands.
    pub fn is_sharing(self) -> bool {
        !matches!(self, Action::Collect | Action::Use)
    }
}

/// The condition a statement is made under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    Consent,
    LegalObligation,
    BusinessTransfer,
    /// "If you opt out, we will not sell ...", "we do not share it when we receive a Global
    /// Privacy Control signal": a denial that holds only once the user has opted out.
    OptOut,
}

impl Condition {
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::Consent => "consent",
            Condition::LegalObligation => "legal-obligation",
            Condition::BusinessTransfer => "business-transfer",
            Condition::OptOut => "opt-out",
        }
    }
}

/// A recipient, purpose or data category as the policy wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// The words as written; `null` for the implicit recipient of "we do not sell your data".
    pub term: Option<String>,
    /// The vocabulary id.
    pub category: String,
    /// For a named organisation: its canonical name in the entity registry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// Where a declaration comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub file: String,
    /// The policy version (date) for dated series; null for a single file.
    pub version: Option<String>,
    pub line: u32,
    pub end_line: u32,
    pub heading: Vec<String>,
    pub quote: String,
    /// The lead-in sentence or table header that gives the quote its meaning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// One statement of a policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Declaration {
    pub action: Action,
    pub negated: bool,
    pub recipients: Vec<Mention>,
    pub purposes: Vec<Mention>,
    pub data: Vec<Mention>,
    pub condition: Option<Condition>,
    pub except: Vec<Mention>,
    pub evidence: Evidence,
}

/// One policy's result: its declarations, or why it could not be read.
pub struct PolicyResult {
    pub file: String,
    pub outcome: Result<(Document, Vec<Declaration>), String>,
}

/// Read and extract many policies in parallel; results come back in the order given.
pub fn extract_files(
    paths: &[PathBuf],
    vocab: &Vocabulary,
    forced: Option<Format>,
) -> Vec<PolicyResult> {
    paths
        .par_iter()
        .map(|p| {
            // A defect met on one policy costs that policy, not the others' results (as in
            // `scan`).
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                Document::read(p, forced)
                    .map_err(|e| e.to_string())
                    .map(|doc| {
                        let decls = extract(&doc, vocab);
                        (doc, decls)
                    })
            }))
            .unwrap_or_else(|_| {
                Err(format!(
                    "{}: internal error while reading this file (a saydo defect; please report it)",
                    p.display()
                ))
            });
            PolicyResult {
                file: p.display().to_string(),
                outcome,
            }
        })
        .collect()
}

/// Expand folders into the policy files below them (sorted, by extension), keeping files
/// and `-` as given.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            collect_policy_files(p, &mut found)
                .map_err(|e| format!("{}: cannot list folder: {e}", p.display()))?;
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn collect_policy_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_policy_files(&path, out)?;
        } else if kind.is_file() && Format::from_path(&path).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

/// Longest quote kept in evidence; longer sentences are cut with an ellipsis.
const MAX_QUOTE: usize = 600;

/// Whether a data term names particular data, narrower than personal data at large ("your form
/// data", "pseudonymised personal data", "personal data of EU residents"): it has a word that
/// no synonym of the root data category uses and that is no determiner or pronoun. A denial
/// about such data denies only that data (see `compare`).
pub fn names_particular_data(vocab: &Vocabulary, term: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "a",
        "an",
        "the",
        "your",
        "our",
        "their",
        "its",
        "his",
        "her",
        "any",
        "all",
        "such",
        "this",
        "these",
        "those",
        "that",
        "of",
        "or",
        "and",
        "you",
        "we",
        "us",
        "it",
        "them",
        "other",
        "same",
        "some",
        "anything",
        "everything",
        "user",
        "users",
        "customer",
        "customers",
        "member",
        "members",
        "personal",
        "s",
        "consumers",
        "individuals",
        "people",
        "persons",
        "visitors",
        "clients",
        "subscribers",
        "owners",
        "yours",
        "no",
        "none",
        "nothing",
    ];
    let root: Vec<&str> = vocab
        .data
        .categories()
        .iter()
        .filter(|c| c.parent.is_none())
        .flat_map(|c| c.synonyms.iter())
        .flat_map(|s| s.split(|c: char| !c.is_alphanumeric()))
        .collect();
    term.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .any(|w| {
            !FUNCTION_WORDS.contains(&w.as_str())
                && !root.iter().any(|r| r.eq_ignore_ascii_case(&w))
        })
}

/// Extract every declaration of a document, in document order.
pub fn extract(doc: &Document, vocab: &Vocabulary) -> Vec<Declaration> {
    extract_with(doc, vocab, true)
}

/// As [`extract`]; without `evidence` each declaration's evidence keeps only its line span
/// (no file, heading path, quote or context), for callers that only summarise what the
/// declarations say (`saydo scan`, through [`extract_each`]), which then need not copy them.
pub fn extract_with(doc: &Document, vocab: &Vocabulary, evidence: bool) -> Vec<Declaration> {
    Extractor::new(doc, vocab, evidence, None).run()
}

/// As [`extract_with`], handing each declaration to `each` as soon as it is final instead of
/// collecting them, so memory does not grow with the document's declarations (a 50 MB page
/// held 640 MB of them while `saydo scan` counted them). The order is not the document's:
/// a declaration whose recipients or exceptions name an organisation waits for the end of
/// the document, when it is known whether that organisation is the policy's own (see
/// `first_party`); the others go at the end of their block. With each comes its place in
/// document order, a number that grows along the document (with gaps where a declaration
/// naming only the policy's own organisation was dropped).
///
/// At most [`DEFER_MAX`] declarations wait: past that (a page naming organisations in
/// every sentence), they are dropped, and made again by a second pass over the document once
/// the policy's own organisation is known, which costs a second extraction but no memory.
pub fn extract_each(
    doc: &Document,
    vocab: &Vocabulary,
    evidence: bool,
    each: &mut dyn FnMut(usize, Declaration),
) {
    extract_each_deferring(doc, vocab, evidence, DEFER_MAX, each);
}

/// Declarations naming an organisation that [`extract_each`] keeps until the end of a
/// document (about 0.5 KB each without evidence, 1 KB with).
pub const DEFER_MAX: usize = 8192;

/// [`extract_each`] keeping at most `defer_max` declarations until the end.
fn extract_each_deferring(
    doc: &Document,
    vocab: &Vocabulary,
    evidence: bool,
    defer_max: usize,
    each: &mut dyn FnMut(usize, Declaration),
) {
    let mut x = Extractor::new(doc, vocab, evidence, Some(each));
    x.defer_max = defer_max;
    x.run();
}

/// "To learn about Adobe Analytics' practices, visit the Adobe Privacy Center", "You can
/// find more in the section on third parties": a sentence with a subject or an auxiliary of
/// its own, or one that sends the reader elsewhere, says what it says, not that the parties
/// it names receive data (a heading's action speaks only through fragments: "Advertising
/// partners, such as Google.").
fn is_a_clause_of_its_own(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| {
        matches!(
            *w,
            "we" | "you"
                | "they"
                | "i"
                | "may"
                | "will"
                | "can"
                | "could"
                | "would"
                | "should"
                | "must"
                | "is"
                | "are"
                | "was"
                | "were"
                | "do"
                | "does"
                | "has"
                | "have"
                | "visit"
                | "click"
                | "see"
                | "refer"
                | "read"
                | "learn"
        )
    })
}

/// Whether a heading is the title of a document ("Acme Pharmacy Privacy Notice", "Cookie
/// Policy", "Terms of Service").
fn names_a_document(heading: &str) -> bool {
    heading.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "privacy" | "policy" | "notice" | "statement" | "terms" | "cookie" | "cookies"
        )
    })
}

/// Whether a lead-in that denies sharing ("We do not share your data with third parties
/// except:", "We will not disclose it, other than as follows:") introduces its exceptions: a
/// word of exception after the denial.
fn carves_out_items(lower: &str, drafts: &[Draft]) -> bool {
    if !drafts.iter().any(|d| d.negated && d.action.is_sharing()) {
        return false;
    }
    let Some(denial) = [" not ", " never ", "n't ", " no "]
        .iter()
        .filter_map(|n| lower.find(n))
        .min()
    else {
        return false;
    };
    let rest = &lower[denial..];
    [
        " except",
        // "provided, however, that this excludes the cases set forth in the following items"
        " exclud",
        " other than",
        " unless",
        " with the exception",
        " apart from",
        " save ",
        " only in",
        " only as",
        " only under",
        " only when",
        " only where",
        " only if",
        " but may ",
        " but we may ",
    ]
    .iter()
    .any(|w| rest.contains(w))
}

/// "We do not:", "We will never do the following:", "Acme does not and will not:": a lead-in
/// that ends on its denial, before any verb of its own, so each item that opens with a verb
/// ("- sell your data to data brokers") is what is denied.
fn denies_its_items(lower: &str) -> bool {
    let Some(body) = lower.trim_end().strip_suffix(':') else {
        return false;
    };
    let words: Vec<&str> = body
        .split(|c: char| !c.is_ascii_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let Some(last_denial) = words
        .iter()
        .rposition(|w| matches!(*w, "not" | "never") || w.ends_with("n't"))
    else {
        return false;
    };
    last_denial > 0
        && words[last_denial + 1..].iter().all(|w| {
            matches!(
                *w,
                "do" | "ever"
                    | "and"
                    | "or"
                    | "will"
                    | "would"
                    | "shall"
                    | "not"
                    | "never"
                    | "the"
                    | "following"
                    | "any"
                    | "of"
            ) || (w.len() > 4 && w.ends_with("ly"))
        })
}

/// A table header's columns and the context its rows quote.
type TableReading = (table::Columns, String);

/// What a heading path contributes to the paragraphs under it.
#[derive(Clone, Default)]
struct SectionCues {
    /// The sharing action the heading names ("Sharing", "Disclosure", "Who we share with").
    action: Option<Action>,
    recipients: Vec<Mention>,
    purposes: Vec<Mention>,
    /// Whether the innermost heading names the reader's rights or choices.
    rights: bool,
    /// Whether the innermost heading names where data comes from ("Data Received from Third
    /// Parties"): the parties its tables list are sources.
    sources: bool,
}

/// A lead-in block's governing sentence, analysed.
struct Lead {
    drafts: Vec<Draft>,
    heading_action: Option<Action>,
    /// Recipients a verbless lead-in names ("With our advertising partners:").
    recipients: Vec<Mention>,
    quote: String,
    qualifies: bool,
    /// "We do not share your data except in these cases:": the lead-in denies, and its items
    /// are the exceptions, which do happen.
    carves_out: bool,
    /// "We do not:": the lead-in's denial governs the verb each item opens with.
    denies_items: bool,
    /// A parent list item: its sub-items add to what it says rather than replace it.
    is_item: bool,
    /// What the items are: recipients, purposes, data or the reader's rights.
    introduces: Introduces,
    /// The lead-in gives something to the reader ("we will disclose to you:"): its items
    /// name what the reader learns.
    to_reader: bool,
}

struct Extractor<'a, 's> {
    doc: &'a Document,
    vocab: &'a Vocabulary,
    /// Whether declarations carry their full evidence (see [`extract_with`]).
    evidence: bool,
    sections: FxHashMap<u32, std::rc::Rc<SectionCues>>,
    /// What each heading text says, analysed once: a heading speaks for its own section and
    /// for every section under it.
    headings: FxHashMap<&'a str, SectionCues>,
    leads: FxHashMap<u32, Lead>,
    /// Blocks that introduce a list: their last sentence speaks through the items.
    lead_blocks: FxHashSet<u32>,
    /// Lead-in blocks' positive sharing declarations, as their last sentence that shares
    /// made them, which the items under a verbless lead-in item inherit.
    shared_by_lead: FxHashMap<u32, Vec<Draft>>,
    /// The paragraph whose last sentence gave data to the organisation (see
    /// [`continues_the_topic`]): the paragraph right after it may go on about that data.
    gives_us_block: Option<u32>,
    out: Vec<Declaration>,
    /// Where declarations go block by block, if not returned at the end (see [`extract_each`]).
    sink: Option<&'s mut dyn FnMut(usize, Declaration)>,
    /// With a sink: how many declarations were passed on or deferred.
    made: usize,
    /// With a sink: declarations naming an organisation, kept until [`first_party`] is known,
    /// with their places in document order; at most `defer_max` of them, else none and
    /// `overflowed`.
    deferred: Vec<(usize, Declaration)>,
    defer_max: usize,
    overflowed: bool,
    /// With a sink, in a second pass: the policy's own organisations, and only the
    /// declarations naming an organisation are passed on (the first passed on the rest).
    replay: Option<Vec<String>>,
    /// With a sink: how many recipients of the declarations passed on name each organisation.
    entities: FxHashMap<String, usize>,
}

impl<'a, 's> Extractor<'a, 's> {
    fn new(
        doc: &'a Document,
        vocab: &'a Vocabulary,
        evidence: bool,
        sink: Option<&'s mut dyn FnMut(usize, Declaration)>,
    ) -> Self {
        Extractor {
            doc,
            vocab,
            evidence,
            sections: FxHashMap::default(),
            headings: FxHashMap::default(),
            leads: FxHashMap::default(),
            lead_blocks: doc.blocks.iter().filter_map(|b| b.lead_in).collect(),
            shared_by_lead: FxHashMap::default(),
            gives_us_block: None,
            out: Vec::new(),
            sink,
            made: 0,
            deferred: Vec::new(),
            defer_max: DEFER_MAX,
            overflowed: false,
            replay: None,
            entities: FxHashMap::default(),
        }
    }

    /// With a sink, passes on the declarations made so far (those of whole blocks: nothing
    /// changes them after their block, but the dropping of the policy's own organisation).
    fn flush(&mut self) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        for mut d in self.out.drain(..) {
            let at = self.made;
            self.made += 1;
            let names_entity = d.recipients.iter().any(|m| m.entity.is_some())
                || d.except.iter().any(|m| m.entity.is_some());
            if let Some(own) = &self.replay {
                if names_entity && without_first_party(&mut d, own) {
                    sink(at, d);
                }
                continue;
            }
            for e in d.recipients.iter().filter_map(|m| m.entity.as_ref()) {
                match self.entities.get_mut(e.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        self.entities.insert(e.clone(), 1);
                    }
                }
            }
            if !names_entity {
                sink(at, d);
            } else if self.overflowed {
                // Made again in the second pass.
            } else if self.deferred.len() < self.defer_max {
                self.deferred.push((at, d));
            } else {
                self.deferred = Vec::new();
                self.overflowed = true;
            }
        }
    }

    fn run(mut self) -> Vec<Declaration> {
        // The current table's header, its columns and the context its rows quote: read once
        // a table, not once a row (a 10,000-column header over 10,000 rows took 21 s).
        let mut table: Option<(Option<u32>, Option<TableReading>)> = None;
        for (index, block) in self.doc.blocks.iter().enumerate() {
            let index = index as u32;
            match block.kind {
                BlockKind::Heading { .. } => {}
                BlockKind::TableRow { header: true } => {}
                BlockKind::TableRow { header: false } => {
                    let header_index = block.table_header;
                    if table.as_ref().is_none_or(|t| t.0 != header_index) {
                        let header = header_index.map(|h| &self.doc.blocks[h as usize]);
                        let columns = header.and_then(|h| {
                            table::Columns::classify(h).map(|c| (c, quote(&h.cells.join(" | "))))
                        });
                        table = Some((header_index, columns));
                    }
                    match table.as_ref().and_then(|t| t.1.as_ref()) {
                        Some((columns, context)) => self.table_row(block, columns, context.clone()),
                        None => self.prose(index, block, None),
                    }
                }
                BlockKind::Paragraph => self.prose(index, block, block.lead_in),
                BlockKind::ListItem { .. } => {
                    let lead = block.lead_in;
                    self.prose(index, block, lead)
                }
            }
            self.flush();
        }
        if let Some(sink) = self.sink.take() {
            if self.replay.is_some() {
                return Vec::new();
            }
            let counts = self.entities.iter().map(|(e, &n)| (e.as_str(), n));
            let own = first_party(self.doc, self.vocab, counts);
            if self.overflowed {
                let mut again = Extractor::new(self.doc, self.vocab, self.evidence, Some(sink));
                again.replay = Some(own);
                again.run();
                return Vec::new();
            }
            if !own.is_empty() {
                self.deferred
                    .retain_mut(|(_, d)| without_first_party(d, &own));
            }
            for (at, d) in self.deferred.drain(..) {
                sink(at, d);
            }
            return Vec::new();
        }
        let own = first_party(self.doc, self.vocab, entity_counts(&self.out));
        if !own.is_empty() {
            self.out.retain_mut(|d| without_first_party(d, &own));
        }
        self.out
    }

    /// Shared, not copied: every block of a section asks for the same cues.
    fn section(&mut self, block: &Block) -> std::rc::Rc<SectionCues> {
        if let Some(c) = self.sections.get(&block.section) {
            return c.clone();
        }
        let path = self.doc.heading_path(block);
        let mut cues = SectionCues {
            // "Data Received from Third Parties": the section lists sources, and the heading
            // above it ("How we share ...") does not make them receivers.
            sources: path.last().is_some_and(|h| names_sources(h)),
            ..SectionCues::default()
        };
        // The two innermost headings speak for the text under them (none under sources).
        let speaking = if cues.sources { 0 } else { 2 };
        for heading in path.iter().rev().take(speaking) {
            let vocab = self.vocab;
            let a = self.headings.entry(heading).or_insert_with(|| {
                let a = analyze(heading, vocab);
                SectionCues {
                    action: a.heading_action(),
                    recipients: a.all_recipients(),
                    purposes: a.all_purposes(),
                    rights: false,
                    sources: false,
                }
            });
            if cues.action.is_none() {
                cues.action = a.action;
            }
            // "Larkspur Pharmacy Privacy Notice": a heading that names a document names its
            // author or its subject, not who receives data.
            if cues.recipients.is_empty() && !names_a_document(heading) {
                cues.recipients = a.recipients.clone();
            }
            if cues.purposes.is_empty() {
                cues.purposes = a.purposes.clone();
            }
        }
        cues.rights = path.last().is_some_and(|h| names_readers_rights(h));
        let cues = std::rc::Rc::new(cues);
        self.sections.insert(block.section, cues.clone());
        cues
    }

    fn lead(&mut self, index: u32) -> Option<&Lead> {
        if !self.leads.contains_key(&index) {
            let block = self.doc.blocks.get(index as usize)?;
            let (s, e) = *block.sentences.last()?;
            let sentence = &block.text[s..e];
            let analysis = analyze(sentence, self.vocab);
            let lower = sentence.to_ascii_lowercase();
            let qualifies = matches!(block.kind, BlockKind::ListItem { .. })
                || sentence.trim_end().ends_with([':', ';', '-', '\u{2014}'])
                || [
                    "following",
                    "as follows",
                    "below",
                    "include",
                    "such as",
                    "these",
                ]
                .iter()
                .any(|k| lower.contains(k));
            let carves_out = qualifies && carves_out_items(&lower, &analysis.drafts);
            // Only a lead-in that ends on the reader ("we will disclose to you:") and passes
            // nothing to anyone else: "the services we provide to you" in an opening
            // paragraph says nothing of what a list under it is.
            let to_reader = analysis.to_reader
                && sentence.trim_end().ends_with(':')
                && !analysis.drafts.iter().any(|d| d.action.is_sharing());
            let lead = Lead {
                carves_out,
                denies_items: denies_its_items(&lower),
                heading_action: analysis.heading_action(),
                recipients: analysis.all_recipients(),
                drafts: analysis.drafts,
                is_item: matches!(block.kind, BlockKind::ListItem { .. }),
                introduces: introduces(&lower),
                to_reader,
                quote: quote(sentence),
                qualifies,
            };
            self.leads.insert(index, lead);
        }
        self.leads.get(&index)
    }

    fn prose(&mut self, index: u32, block: &Block, lead_in: Option<u32>) {
        let cues = self.section(block);
        // Whether the block is in a Shine the Light notice, worked out when a sentence first
        // needs to know.
        let mut rights: Option<bool> = None;
        let introduces_list = self.lead_blocks.contains(&index);
        let sentences = &block.sentences;
        let in_list = lead_in.is_some();
        // The previous sentence's sharing declarations (indices in `out`), which a sentence
        // that elaborates on them ("Examples include...", "These companies help us...") extends.
        let mut previous_sharing: Vec<usize> = Vec::new();
        // The latest sentence's sharing declarations (indices in `out`), if the block is a
        // lead-in: made again for its items once the block is done.
        let mut lead_sharing: Option<Vec<usize>> = None;
        // Whether the sentence before gave data to the organisation.
        let mut previous_gives_us = index > 0 && self.gives_us_block == Some(index - 1);
        for (i, &(s, e)) in sentences.iter().enumerate() {
            let sentence = &block.text[s..e];
            let elaboration = if previous_sharing.is_empty() {
                None
            } else {
                elaboration(sentence)
            };
            let need_bare =
                (i == 0 && lead_in.is_some()) || cues.action.is_some() || elaboration.is_some();
            let mut analysis = analyze_with(sentence, self.vocab, need_bare);
            let mut drafts = std::mem::take(&mut analysis.drafts);
            // "Websites that integrate Google services share information with us. This
            // information is shared regardless of which browser you use.": the same flow, to
            // the organisation, said again.
            if std::mem::replace(&mut previous_gives_us, analysis.gives_us)
                && continues_the_topic(sentence)
            {
                drafts.retain(|d| !d.action.is_sharing() || !d.recipients.is_empty());
            }
            let mut context = None;
            if let Some(kind) = elaboration
                && !drafts.iter().any(|d| d.action.is_sharing())
            {
                let bare = analysis.bare();
                let mut purposes = bare.purposes.clone();
                for d in &drafts {
                    merge(&mut purposes, &d.purposes);
                }
                for &at in &previous_sharing {
                    let d = &mut self.out[at];
                    merge(&mut d.purposes, &purposes);
                    if kind == Elaboration::Examples {
                        merge(&mut d.recipients, &bare.recipients);
                    }
                }
            } else {
                previous_sharing.clear();
            }
            let emitted_from = self.out.len();
            let inherited: Vec<Draft> = match lead_in.and_then(|l| self.shared_by_lead.get(&l)) {
                Some(drafts) if i == 0 => drafts.clone(),
                _ => Vec::new(),
            };
            // A list item's first sentence without its own sharing verb is governed by its
            // lead-in ("We disclose data to:" / "- service providers who process it for us").
            if i == 0
                && !drafts.iter().any(|d| d.action.is_sharing() && !d.weak)
                && let Some(lead) = lead_in.and_then(|l| self.lead(l)).filter(|l| l.qualifies)
            {
                let mut bare = analysis.bare();
                for d in &drafts {
                    merge(&mut bare.recipients, &d.recipients);
                    merge(&mut bare.data, &d.data);
                    merge(&mut bare.purposes, &d.purposes);
                }
                if lead.introduces == Introduces::Subjects {
                    bare.recipients.clear();
                }
                let lead_shares = lead.drafts.iter().any(|d| d.action.is_sharing());
                // The item's words as a recipient's name, and whether they name a party.
                let term = item_term(sentence);
                let item_names_a_party = names_a_party(&term);
                if lead_shares
                    && bare.recipients.is_empty()
                    && lead.drafts.iter().all(|d| d.recipients.is_empty())
                    && clause::opening(sentence) == Opening::Other
                    // "... for the following purposes: - Fraud prevention" lists purposes,
                    // "The categories we disclose are as follows: - Identifiers" data.
                    && matches!(lead.introduces, Introduces::Recipients | Introduces::Unknown)
                    && item_names_a_party
                {
                    // The item itself names who receives the data, if only vaguely.
                    bare.recipients.push(Mention {
                        term: Some(term),
                        category: "third-party".into(),
                        entity: None,
                    });
                }
                // An item that says who collects or receives data itself keeps its own say.
                // So does one that is a clause of its own ("we may: - use your data to...").
                let own_say = drafts.iter().any(|d| {
                    !d.recipients.is_empty() && (!lead_shares || (d.action.is_sharing() && !d.weak))
                }) || (!drafts.is_empty()
                    && clause::opening(sentence) == Opening::Verb
                    && lead.drafts.iter().all(|d| d.recipients.is_empty()));
                // "We and our affiliates use the information we collect to: - respond to your
                // requests": a lead-in naming who collects or uses speaks through each item.
                let lead_names_collector = lead
                    .drafts
                    .iter()
                    .any(|d| !d.action.is_sharing() && !d.recipients.is_empty() && !d.negated);
                // "- Corporate restructuring. In connection with a merger, we may share ...": a
                // label that names nothing the vocabulary knows, with sentences after it that
                // say for themselves what happens.
                let label_of_what_follows = drafts.is_empty()
                    && !bare.has_content()
                    && sentences.len() > 1
                    && sentence.split_whitespace().count() <= 6
                    && !item_names_a_party;
                if !lead.drafts.is_empty()
                    && !own_say
                    && !label_of_what_follows
                    && (bare.has_content() || lead_shares || lead_names_collector)
                    && (drafts.iter().all(|d| d.weak || !d.action.is_sharing()) || lead_shares)
                {
                    drafts = lead
                        .drafts
                        .iter()
                        // "We do not share, sell or rent your data, except as follows:" the
                        // exceptions say who receives it; a sale among them is said in words.
                        .filter(|d| {
                            !(lead.carves_out && matches!(d.action, Action::Sell | Action::Rent))
                        })
                        .map(|d| {
                            let mut d = d.governing(&bare, lead.is_item);
                            if lead.carves_out && d.action.is_sharing() {
                                d.negated = false;
                            }
                            d
                        })
                        .collect();
                    context = Some(lead.quote.clone());
                } else if lead.drafts.is_empty()
                    && !bare.recipients.is_empty()
                    && drafts.is_empty()
                    && !analysis.about_sharing()
                    && let Some(action) = lead.heading_action.or(cues.action)
                {
                    let mut d = bare.with_action(action);
                    merge(&mut d.recipients, &lead.recipients);
                    drafts.push(d);
                    context = Some(lead.quote.clone());
                } else if lead.drafts.is_empty()
                    && !inherited.is_empty()
                    && !drafts
                        .iter()
                        .any(|d| d.action.is_sharing() || !d.recipients.is_empty())
                {
                    // "- Law enforcement, when: - we believe the law requires it": the item
                    // above shares, and this one says when.
                    drafts = inherited.iter().map(|d| d.governing(&bare, true)).collect();
                    context = Some(lead.quote.clone());
                }
            }
            // "We do not: - sell your data to data brokers": the item's verb is denied.
            if i == 0
                && !drafts.is_empty()
                && clause::opening(sentence) == Opening::Verb
                && lead_in
                    .and_then(|l| self.lead(l))
                    .is_some_and(|l| l.denies_items)
            {
                for d in &mut drafts {
                    d.negated = true;
                }
            }
            // Under a sharing heading, naming recipients is saying they receive data.
            if drafts.is_empty()
                && !analysis.about_sharing()
                && let Some(action) = cues.action
            {
                let bare = analysis.bare();
                if !bare.recipients.is_empty()
                    && (in_list
                        || matches!(block.kind, BlockKind::ListItem { .. })
                        || (i == 0 && (!bare.data.is_empty() || !bare.purposes.is_empty()))
                        || (bare.recipients.iter().any(|m| m.entity.is_some())
                            && !is_a_clause_of_its_own(sentence)))
                {
                    drafts.push(bare.with_action(action));
                }
            }
            let is_lead_sentence = introduces_list && i + 1 == sentences.len();
            // "What information do we share with other parties?" asks; the answer says.
            if !is_lead_sentence && sentence.trim_end().ends_with('?') {
                drafts.clear();
            }
            // "https://www.xing.com/app/share?op=data_protection" on a line of its own: a link,
            // which says nothing.
            if !drafts.is_empty() && is_web_address(sentence) {
                drafts.clear();
            }
            // A Shine the Light notice tells residents what they may ask for ("a list of the
            // third parties to whom we disclosed..."): only "we share / we do not share" in it
            // states a practice.
            // So does a list under "You may request the following information:": its items
            // name what may be asked for ("the categories of third parties to whom the
            // personal information was sold").
            if drafts.iter().any(|d| !d.negated)
                && (*rights.get_or_insert_with(|| self.rights_notice(block))
                    || lead_in.and_then(|l| self.lead(l)).is_some_and(|l| {
                        asks_for_information(&l.quote)
                            || l.introduces == Introduces::Rights
                            || l.to_reader
                    }))
                && !states_practice(sentence)
            {
                drafts.retain(|d| d.negated);
            }
            // Under a heading of the reader's rights ("Your Rights and Choices", "How to
            // exercise your rights"), a sentence in which the organisation does not speak as
            // "we" states a right or tells the reader what to do ("Opt out of the sale ...",
            // "Enter your email address to be added to the Do Not Sell list"), not a practice.
            if drafts.iter().any(|d| !d.negated)
                && cues.rights
                && !speaks_as_we(sentence)
                && !named_subject_acts(sentence)
            {
                drafts.retain(|d| d.negated);
            }
            // Line numbers for the sentences that say something only: counting a block's
            // newlines up to every sentence was 1% of a scan.
            let (line, end_line) = if drafts.is_empty() {
                (0, 0)
            } else {
                let line = block.line_at(s);
                (line, block.line_at(e.saturating_sub(1)).max(line))
            };
            for mut d in drafts {
                if is_lead_sentence && d.recipients.is_empty() {
                    // "We share your data with:" is said by the items below it.
                    continue;
                }
                if d.action.is_sharing() && d.recipients.is_empty() {
                    if !cues.recipients.is_empty() {
                        d.recipients = cues.recipients.clone();
                    } else if d.implicit_ok {
                        d.recipients.push(Mention {
                            term: None,
                            category: d.implicit_category.into(),
                            entity: None,
                        });
                    }
                }
                if d.action.is_sharing() && !d.recipients.is_empty() && d.purposes.is_empty() {
                    d.purposes = cues.purposes.clone();
                }
                self.emit(d, block, line, end_line, sentence, context.clone());
            }
            let emitted: Vec<usize> = (emitted_from..self.out.len())
                .filter(|&k| !self.out[k].recipients.is_empty() && !self.out[k].negated)
                .collect();
            // "We do not share your data except in these cases: - with couriers": the denial
            // takes the recipients its items name as its exceptions. The items come after it,
            // so they are read ahead here (only under such a lead-in, and a bounded number).
            if introduces_list
                && i + 1 == sentences.len()
                && self.lead(index).is_some_and(|l| l.carves_out)
                && (emitted_from..self.out.len())
                    .any(|k| self.out[k].negated && self.out[k].action.is_sharing())
            {
                let excepted = self.items_recipients(index);
                for d in &mut self.out[emitted_from..] {
                    if d.negated && d.action.is_sharing() {
                        merge(&mut d.except, &excepted);
                    }
                }
            }
            if introduces_list {
                // The latest sentence that shares speaks for the items: each item copies
                // these, so keeping every sentence's made a paragraph of n sharing sentences
                // over n items cost n² copies.
                let sharing: Vec<usize> = emitted
                    .iter()
                    .copied()
                    .filter(|&k| self.out[k].action.is_sharing())
                    .collect();
                if !sharing.is_empty() {
                    lead_sharing = Some(sharing);
                }
            }
            if !emitted.is_empty() {
                previous_sharing = emitted;
            }
        }
        if let Some(at) = lead_sharing {
            let drafts = at.iter().map(|&k| Draft::from(&self.out[k])).collect();
            self.shared_by_lead.insert(index, drafts);
        }
        if previous_gives_us {
            self.gives_us_block = Some(index);
        }
    }

    /// The recipients the list items under lead-in block `lead` name in their first sentence:
    /// at most 64 items are read, and at most 64 recipients kept.
    fn items_recipients(&self, lead: u32) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        let items = self.doc.blocks[lead as usize + 1..]
            .iter()
            .take_while(|b| matches!(b.kind, BlockKind::ListItem { .. }))
            .filter(|b| b.lead_in == Some(lead))
            .take(64);
        for item in items {
            let Some(&(s, e)) = item.sentences.first() else {
                continue;
            };
            let a = analyze(&item.text[s..e], self.vocab);
            merge(&mut out, &a.all_recipients());
            if out.len() >= 64 {
                break;
            }
        }
        out
    }

    /// Whether the block is part of a California "Shine the Light" notice (Civil Code
    /// 1798.83), which describes residents' right to ask about sharing for direct marketing.
    fn rights_notice(&self, block: &Block) -> bool {
        let is_notice = |text: &str| {
            let lower = text.to_ascii_lowercase();
            let [code, shine, rights, california, marketing] = &*NOTICE_PHRASES;
            let has = |f: &memchr::memmem::Finder| f.find(lower.as_bytes()).is_some();
            has(code) || has(shine) || has(rights) || (has(california) && has(marketing))
        };
        is_notice(&block.text)
            || self
                .doc
                .heading_path(block)
                .last()
                .is_some_and(|h| is_notice(h))
    }

    fn table_row(&mut self, row: &Block, columns: &table::Columns, context: String) {
        let cues = self.section(row);
        let context = Some(context);
        if cues.sources {
            return;
        }
        for d in columns.drafts(row, self.vocab, cues.action) {
            self.emit(d, row, row.line, row.end_line, &row.text, context.clone());
        }
    }

    fn emit(
        &mut self,
        mut d: Draft,
        block: &Block,
        line: u32,
        end_line: u32,
        sentence: &str,
        context: Option<String>,
    ) {
        // A sharing statement says something only with someone on the other end; first-party
        // collection and use need something collected or a reason.
        if d.action.is_sharing() && d.recipients.is_empty() {
            return;
        }
        if !d.action.is_sharing()
            && d.recipients.is_empty()
            && d.data.is_empty()
            && d.purposes.is_empty()
        {
            return;
        }
        if d.action.is_sharing() && !d.negated && d.purposes.is_empty() {
            // "We share it with our payment processors" says what for by naming who: the
            // recipients' implied purposes, marked as implied (no term).
            for r in &d.recipients {
                if let Some(p) = self.vocab.recipients.implied_purpose(&r.category)
                    && !d.purposes.iter().any(|m| m.category == p)
                {
                    d.purposes.push(Mention {
                        term: None,
                        category: p.to_string(),
                        entity: None,
                    });
                }
            }
        }
        self.out.push(Declaration {
            action: d.action,
            negated: d.negated,
            recipients: d.recipients,
            purposes: d.purposes,
            data: d.data,
            condition: d.condition,
            except: d.except,
            evidence: self.evidence(block, line, end_line, sentence, context),
        });
    }

    fn evidence(
        &self,
        block: &Block,
        line: u32,
        end_line: u32,
        sentence: &str,
        context: Option<String>,
    ) -> Evidence {
        if !self.evidence {
            return Evidence {
                file: String::new(),
                version: None,
                line,
                end_line,
                heading: Vec::new(),
                quote: String::new(),
                context: None,
            };
        }
        Evidence {
            file: self.doc.path.clone(),
            version: None,
            line,
            end_line,
            heading: self.doc.heading_path(block).to_vec(),
            quote: quote(sentence),
            context,
        }
    }
}

/// The organisation whose policy this is, when the entity registry knows it: named in the
/// file name (`aol.com.md`), in the title, or far more often than any other organisation.
/// Its own name is not a recipient ("AOL may use...").
fn first_party<'e>(
    doc: &Document,
    vocab: &Vocabulary,
    counts: impl IntoIterator<Item = (&'e str, usize)>,
) -> Vec<String> {
    let mut own: Vec<String> = Vec::new();
    let file = Path::new(&doc.path)
        .file_name()
        .map(|f| f.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    for e in vocab.entities_with_domain_in(&file) {
        own.push(e.name.clone());
    }
    // The Open Terms Archive layout names the service by the folder: `TikTok/Privacy
    // Policy.md`, or `TikTok/Privacy Policy/2024-01-01.md` for dated versions.
    if let Some(service) = service_folder(Path::new(&doc.path)) {
        let n = crate::vocab::Normalized::new(&service);
        for m in vocab.lexicon().find_entities(&n) {
            own.push(vocab.entities[m.index].name.clone());
        }
    }
    for block in doc.blocks.iter().take(3).filter(|b| b.is_heading()) {
        let n = crate::vocab::Normalized::new(&block.text);
        for m in vocab.lexicon().find_entities(&n) {
            own.push(vocab.entities[m.index].name.clone());
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if let Some(&(top, n)) = ranked.first() {
        let second = ranked.get(1).map_or(0, |r| r.1);
        if n >= 5 && n >= 3 * second {
            own.push(top.to_string());
        }
    }
    own.sort();
    own.dedup();
    own
}

/// The service folder of a policy in the Open Terms Archive layout: the folder of a file named
/// as a kind of document ("Privacy Policy.md"), or the folder above a folder so named that
/// holds dated versions ("Privacy Policy/2024-01-01.md"). Any other layout names no service:
/// a researcher's folder ("facebook-study/") says nothing of whose policy a file is.
fn service_folder(path: &Path) -> Option<String> {
    let names_a_document = |name: &str| {
        let name = name.to_ascii_lowercase();
        ["privacy", "policy", "notice", "terms", "statement"]
            .iter()
            .any(|k| name.contains(k))
    };
    let is_date = |name: &str| {
        let b = name.as_bytes();
        b.len() >= 10
            && b[..10].iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let parent = path.parent()?;
    let folder = if names_a_document(&stem) {
        parent
    } else if is_date(&stem) && names_a_document(&parent.file_name()?.to_string_lossy()) {
        parent.parent()?
    } else {
        return None;
    };
    Some(folder.file_name()?.to_string_lossy().into_owned())
}

/// How many recipients of `decls` name each organisation.
fn entity_counts(decls: &[Declaration]) -> HashMap<&str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for d in decls {
        for r in &d.recipients {
            if let Some(e) = &r.entity {
                *counts.entry(e.as_str()).or_default() += 1;
            }
        }
    }
    counts
}

/// Takes the policy's own organisations out of a declaration; whether it still says something.
fn without_first_party(d: &mut Declaration, own: &[String]) -> bool {
    let is_own = |m: &Mention| m.entity.as_ref().is_some_and(|e| own.contains(e));
    let before = d.recipients.len();
    d.recipients.retain(|m| !is_own(m));
    d.except.retain(|m| !is_own(m));
    // A statement whose only "recipient" was the organisation itself says nothing of
    // sharing; first-party collection and use stay, without it.
    before == 0 || !d.recipients.is_empty() || !d.action.is_sharing() && !d.data.is_empty()
}

/// The phrases of a Shine the Light notice, as memchr's searchers: they skip by the rarest
/// bytes of each phrase, where `str::contains` went by its first and last.
static NOTICE_PHRASES: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 5]> =
    std::sync::LazyLock::new(|| {
        [
            "1798.83",
            "shine the light",
            "california privacy rights",
            "california",
            "direct marketing",
        ]
        .map(memchr::memmem::Finder::new)
    });

/// Whether a sentence states the organisation's own practice ("We share your information with
/// affiliates", "For California residents: we may share...") rather than a right or a
/// procedure ("you may request a list of third parties to whom we disclosed...").
/// Whether a heading names the reader's rights or choices ("Your Rights and Choices", "How to
/// exercise your rights", "Opt-Out").
fn names_readers_rights(heading: &str) -> bool {
    let h = heading.to_ascii_lowercase();
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.contains(&"rights")
        || words.contains(&"choices")
        || words
            .windows(2)
            .any(|p| p == ["right", "to"] || p == ["opt", "out"])
}

/// Whether a heading names where data comes from: "Data Received from Third Parties",
/// "Information we obtain from other sources", "Sources of personal information".
fn names_sources(heading: &str) -> bool {
    // Most headings have neither word: settled without allocating.
    if !heading.contains("rom") && !heading.contains("ources") && !heading.contains("ROM") {
        return false;
    }
    let h = heading.to_ascii_lowercase();
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let got =
        |w: &str| w.starts_with("receiv") || w.starts_with("obtain") || w.starts_with("collect");
    words.windows(2).any(|p| got(p[0]) && p[1] == "from")
        || words.windows(3).any(|p| got(p[0]) && p[2] == "from")
        || words.first() == Some(&"sources")
}

/// Whether the organisation speaks in the sentence as "we" ("we", "us", "our").
fn speaks_as_we(sentence: &str) -> bool {
    sentence.split(|c: char| !c.is_alphanumeric()).any(|w| {
        w.eq_ignore_ascii_case("we")
            || w.eq_ignore_ascii_case("us")
            || w.eq_ignore_ascii_case("our")
    })
}

/// Whether a name acts in the sentence: a capitalised word right before an auxiliary ("Forbes
/// may be required to disclose", "Wild Sky Media will share"), as the organisation speaks of
/// itself by name where others say "we".
fn named_subject_acts(sentence: &str) -> bool {
    let words = sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty());
    words.clone().zip(words.skip(1)).any(|(name, next)| {
        name.chars().next().is_some_and(char::is_uppercase)
            && !matches!(
                name,
                "You"
                    | "Your"
                    | "If"
                    | "When"
                    | "The"
                    | "This"
                    | "These"
                    | "Please"
                    | "To"
                    | "In"
                    | "For"
                    | "It"
                    | "They"
                    | "I"
            )
            && matches!(
                next,
                "may"
                    | "might"
                    | "will"
                    | "would"
                    | "does"
                    | "do"
                    | "did"
                    | "is"
                    | "has"
                    | "can"
                    | "could"
                    | "shall"
                    | "must"
                    | "uses"
                    | "shares"
                    | "discloses"
                    | "sells"
                    | "transfers"
            )
    })
}

fn states_practice(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    let body = match lower.split_once(':') {
        Some((label, rest)) if label.len() < 60 => rest,
        _ => lower.as_str(),
    };
    let body = body.trim_start_matches(|c: char| !c.is_alphanumeric());
    body.starts_with("we ")
        && ![
            "request",
            "list of",
            "right",
            "entitled",
            "obtain",
            "inquir",
            "contact us",
            "write",
        ]
        .iter()
        .any(|w| body.contains(w))
}

/// Whether a sentence's subject points back to the data of the sentence before it ("This
/// information is shared ...", "Such data is disclosed ...").
fn continues_the_topic(sentence: &str) -> bool {
    let mut words = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    matches!(
        words.next().map(|w| w.to_ascii_lowercase()).as_deref(),
        Some("this" | "that" | "these" | "those" | "such")
    ) && matches!(
        words.next().map(|w| w.to_ascii_lowercase()).as_deref(),
        Some("information" | "data" | "content")
    )
}

/// How a sentence follows up the sharing statement before it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Elaboration {
    /// "Examples include...", "These include...", "For example...": names instances, so its
    /// recipients and purposes belong to the statement.
    Examples,
    /// "These companies help us...", "They may use it for...": says what the recipients do
    /// with the data, so its purposes belong to the statement.
    Anaphora,
}

/// Whether a sentence opens by elaborating on the one before it.
fn elaboration(sentence: &str) -> Option<Elaboration> {
    let head: String = sentence
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| head.starts_with(p));
    if starts(&[
        "examples ",
        "example ",
        "for example",
        "for instance",
        "e.g.",
        "these include",
        "these may include",
        "these could include",
        "this includes",
        "this may include",
        "this could include",
        "such as ",
        "including ",
        "these service providers include",
        "these third parties include",
        "these companies include",
        "these partners include",
    ]) {
        return Some(Elaboration::Examples);
    }
    if starts(&[
        "these ",
        "they ",
        "such ",
        "those ",
        "each of ",
        "any such ",
        "such third",
        // "This would be done as required by law", "We may do so to protect our rights": the
        // act of the sentence before, done again by a pro-verb.
        "this would ",
        "this will ",
        "this is done",
        "this may be done",
        "we do this",
        "we may do this",
        "we do so",
        "we may do so",
        "we will do so",
        "in doing so",
    ]) {
        return Some(Elaboration::Anaphora);
    }
    None
}

/// A list item used as the name of a recipient: its words up to the first comma or clause.
fn item_term(sentence: &str) -> String {
    let folded = crate::document::fold_whitespace(sentence);
    let cut = folded
        .find([',', ';', ':', '('])
        .unwrap_or(folded.len())
        .min(120);
    let mut cut = cut;
    while !folded.is_char_boundary(cut) {
        cut -= 1;
    }
    folded[..cut].trim_end_matches(['.', ' ']).to_string()
}

/// Whether a list item's words name someone who can receive data, as its head noun says:
/// "Drivers", "Artists and record labels", "Services the app uses" do; a verb phrase ("help an
/// investigation into ..."), an act or a state ("Corporate restructuring", "Other
/// disclosures", "Access"), a legal ground ("Consent", "Standard contractual clauses") or data
/// ("Personal identification information such as name", "Data categories used") do not.
fn names_a_party(term: &str) -> bool {
    let lower = term.to_ascii_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .collect();
    // "With our chatbot providers", "To law enforcement": the party follows the preposition.
    if words.len() > 1 && matches!(words[0], "with" | "to") {
        words.remove(0);
    }
    let Some(&first) = words.first() else {
        return false;
    };
    // "a.", "iv": a list's letter or numeral.
    if words.len() == 1 && crate::document::is_enumerator(first) {
        return false;
    }
    // A noun phrase never has a determiner or an object pronoun after its first word: a verb
    // does ("help an investigation", "enforce our terms", "protect you").
    if words.get(1).is_some_and(|w| {
        matches!(
            *w,
            "a" | "an"
                | "the"
                | "our"
                | "your"
                | "their"
                | "its"
                | "his"
                | "her"
                | "us"
                | "you"
                | "them"
                | "any"
                | "into"
        )
    }) {
        return false;
    }
    // The head: the last word before what modifies the phrase or joins another to it.
    let end = words
        .iter()
        .position(|w| {
            matches!(
                *w,
                "of" | "for"
                    | "to"
                    | "with"
                    | "in"
                    | "on"
                    | "at"
                    | "by"
                    | "from"
                    | "such"
                    | "as"
                    | "that"
                    | "who"
                    | "whom"
                    | "which"
                    | "where"
                    | "when"
                    | "if"
                    | "including"
                    | "under"
                    | "and"
                    | "or"
                    | "used"
            )
        })
        .unwrap_or(words.len());
    let head = words[..end.max(1)].last().copied().unwrap_or(first);
    if is_counting_noun(head) {
        return false;
    }
    // "Aggregate or De-identified Data": adjectives joined before a noun of data; the phrase
    // names data whatever its first word.
    if end < words.len()
        && matches!(words[end], "and" | "or")
        && words[end + 1..]
            .iter()
            .all(|w| !matches!(*w, "of" | "for" | "to" | "with" | "that" | "who" | "which"))
        && matches!(
            words.last().copied(),
            Some("data" | "information" | "details" | "records")
        )
    {
        return false;
    }
    let head = match head.strip_suffix('s') {
        Some(singular) if !singular.ends_with('s') => singular,
        _ => head,
    };
    // Bodies whose names end like acts ("organisation", "authority").
    if matches!(
        head,
        "organisation"
            | "organization"
            | "institution"
            | "association"
            | "corporation"
            | "foundation"
            | "commission"
            | "federation"
            | "coalition"
            | "union"
            | "authority"
            | "authoritie"
            | "entity"
            | "entitie"
            | "community"
            | "communitie"
            | "charity"
            | "charitie"
            | "university"
            | "universitie"
            | "audience"
            | "agencie"
    ) {
        return true;
    }
    let abstract_ending = [
        "ion", "ment", "ity", "itie", "ness", "ing", "ure", "ance", "ence", "sis", "ism",
    ]
    .iter()
    .any(|e| head.ends_with(e));
    !abstract_ending
        && !matches!(
            head,
            "information"
                | "data"
                | "detail"
                | "identifier"
                | "record"
                | "content"
                | "consent"
                | "interest"
                | "clause"
                | "basi"
                | "base"
                | "law"
                | "right"
                | "access"
                | "purpose"
                | "reason"
                | "case"
                | "circumstance"
                | "contract"
                | "obligation"
                | "requirement"
        )
}

/// A sentence as a quote: whitespace folded, cut at [`MAX_QUOTE`] bytes on a char boundary.
fn quote(sentence: &str) -> String {
    let folded = crate::document::fold_whitespace(sentence);
    if folded.len() <= MAX_QUOTE {
        return folded;
    }
    let mut cut = MAX_QUOTE;
    while !folded.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &folded[..cut])
}

/// What a lead-in's list items are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Introduces {
    Recipients,
    Purposes,
    Data,
    /// The reader's rights ("you have the following rights:"): what the reader may do, not
    /// what the organisation does.
    Rights,
    /// Whose data it is ("the following categories of data subjects:"): the parties an item
    /// names ("our customers' employees, agents, or contractors") are people the data is
    /// about, not recipients.
    Subjects,
    /// Occasions or means ("in the following circumstances:", "relying on the following
    /// safeguards:"): when or how data goes, not to whom.
    Occasions,
    Unknown,
}

/// What a lead-in sentence (lower case) introduces its list with: the head noun of the phrase
/// nearest the list. "... with the following categories of third parties:" (after "following",
/// up to a preposition or clause word; "categories of X" is X), "The categories of personal
/// information that we disclose are as follows:" (the subject before a relative clause),
/// "... personal information such as:" (the noun before "such as" / "including"),
/// "We may share it with:" (a preposition of recipients before the colon).
fn introduces(lead: &str) -> Introduces {
    let text = lead.trim_end_matches(|c: char| !c.is_alphanumeric());
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let Some(last) = words.last() else {
        return Introduces::Unknown;
    };
    // The phrase after the last "following".
    if let Some(at) = words.iter().rposition(|w| *w == "following") {
        let phrase: Vec<&str> = words[at + 1..]
            .iter()
            .copied()
            .take_while(|w| !ENDS_PHRASE.contains(w))
            .collect();
        if let Some(head) = head_of(&phrase) {
            return match kind_of_head(head) {
                // "the following categories of PI": categories of something not known as a
                // party are categories of data.
                Introduces::Unknown if counts_kinds(&phrase) => Introduces::Data,
                kind => kind,
            };
        }
    }
    // "X such as", "X including", "X include(s)".
    for cue in [
        ["such", "as"].as_slice(),
        &["including"],
        &["include"],
        &["includes"],
    ] {
        if words.ends_with(cue) && words.len() > cue.len() {
            let before = &words[..words.len() - cue.len()];
            if let Some(head) = head_of(&before[before.len().saturating_sub(1)..]) {
                let kind = kind_of_head(head);
                if kind != Introduces::Unknown {
                    return kind;
                }
            }
        }
    }
    // "The categories of personal information that we disclose are as follows": the subject
    // at the start, up to a clause word.
    if words.ends_with(&["as", "follows"]) || matches!(*last, "are" | "is" | "below") {
        let phrase: Vec<&str> = words
            .iter()
            .copied()
            .take_while(|w| !ENDS_PHRASE.contains(w) && !matches!(*w, "are" | "is"))
            .collect();
        if let Some(head) = head_of(&phrase) {
            return kind_of_head(head);
        }
    }
    if matches!(*last, "rights") {
        return Introduces::Rights;
    }
    // "... if disclosure is reasonably necessary to:", "in order to:": what follows says why.
    if *last == "to"
        && words.len() > 1
        && matches!(
            words[words.len() - 2],
            "necessary"
                | "needed"
                | "required"
                | "order"
                | "intended"
                | "designed"
                | "able"
                | "used"
                | "help"
                | "helps"
                | "want"
                | "need"
                | "needs"
                | "aim"
                | "aims"
                | "seek"
                | "seeks"
                | "strive"
        )
    {
        return Introduces::Purposes;
    }
    if matches!(*last, "with") {
        return Introduces::Recipients;
    }
    // "... for business purposes:", "... to these third parties:": the noun before the list.
    kind_of_head(last)
}

/// Words that end a noun phrase read from its start.
const ENDS_PHRASE: &[&str] = &[
    "to", "with", "for", "that", "which", "who", "whom", "we", "you", "in", "from", "about",
    "under", "by", "where", "when", "if", "as", "and", "or", "may", "will", "can", "on",
];

/// The head noun of a phrase: its last word, or in "categories of X" / "types of X" the head
/// of X.
fn head_of<'w>(phrase: &[&'w str]) -> Option<&'w str> {
    let start = phrase
        .iter()
        .rposition(|w| *w == "of")
        .filter(|&i| i > 0 && is_counting_noun(phrase[i - 1]))
        .map_or(0, |i| i + 1);
    phrase[start..].last().copied()
}

/// A noun that counts kinds: "categories", "types" ... (of something).
fn is_counting_noun(w: &str) -> bool {
    matches!(
        w,
        "categories" | "types" | "kinds" | "category" | "type" | "kind"
    )
}

/// Whether a phrase opens by counting kinds: "categories of ...", "types of ...".
fn counts_kinds(phrase: &[&str]) -> bool {
    matches!(phrase, [noun, "of", ..] if is_counting_noun(noun))
}

fn kind_of_head(head: &str) -> Introduces {
    match head {
        "parties" | "party" | "recipients" | "recipient" | "companies" | "company" | "partners"
        | "providers" | "vendors" | "entities" | "organisations" | "organizations"
        | "affiliates" | "processors" | "sub-processors" | "subprocessors" | "businesses"
        | "advertisers" | "networks" | "authorities" | "agencies" | "persons" | "people"
        | "individuals" | "whom" | "contractors" | "suppliers" => Introduces::Recipients,
        "purposes" | "purpose" | "reasons" | "reason" | "grounds" | "bases" | "basis"
        | "objectives" | "aims" => Introduces::Purposes,
        "information" | "data" | "details" | "identifiers" | "records" | "content" => {
            Introduces::Data
        }
        "subjects" => Introduces::Subjects,
        "rights" | "right" | "choices" => Introduces::Rights,
        "circumstances" | "circumstance" | "cases" | "situations" | "instances" | "conditions"
        | "scenarios" | "occasions" | "ways" | "mechanisms" | "safeguards" | "guarantees" => {
            Introduces::Occasions
        }
        _ => Introduces::Unknown,
    }
}

/// Whether a sentence is a web address and nothing else.
fn is_web_address(sentence: &str) -> bool {
    let token = sentence.trim().trim_end_matches(['.', ';', ',']);
    !token.contains(char::is_whitespace)
        && (token.contains("://")
            || token
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case("www.")))
}

/// Whether a lead-in sentence introduces what the user may ask for or has a right to
/// ("You may request the following information about how we have collected ...:", "You have
/// the right to know:").
fn asks_for_information(lead: &str) -> bool {
    let lower = lead.to_ascii_lowercase();
    [
        "request",
        "right to",
        "rights to",
        "entitled to",
        "ask us",
        "to know",
    ]
    .iter()
    .any(|k| lower.contains(k))
}

#[cfg(test)]
mod tests;
