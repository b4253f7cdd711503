//! Says against does: every flow judged against the policy version in force on its date.
//!
//! A declaration *covers* a flow when it is a sharing statement (or a named third party's own
//! collection), its recipients include the flow's organisation or one of its categories (or an
//! ancestor), it does not carve the recipient out with "except", and the data and purposes it
//! names include the flow's. Data are judged one category at a time, as PoliCheck judges
//! (entity, data) pairs; the flow takes the worst, except that ordinary data no statement names
//! beside data a statement clearly covers for the recipient and purpose makes the flow *partly
//! disclosed* rather than undisclosed (see `judge_party`). A flow on behalf of an end user is
//! judged for the intermediary and for the end user; the worse stands. Each finding's
//! explanation names the statements weighed (see `explain`).

mod consent;
mod explain;
mod policy;

pub use consent::{CONSENT_CATEGORIES, ConsentFinding};

pub use policy::{PolicyFile, PolicySet, PolicyVersion, date_of_file_name};

use crate::extract::{Action, Declaration, Mention};
use crate::practice::{
    Date, Few, Flow, Interner, Origin, OriginKind, Party, SharedList, SourceRef, Terms, UNDATED,
};
use crate::vocab::{Taxonomy, Vocabulary};
use serde::Serialize;
use std::sync::Arc;

/// Text shared by every finding that quotes it (policy sentences, file names): a ledger with
/// hundreds of thousands of recipients would otherwise keep a copy of each quote per finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shared(Arc<str>);

impl Shared {
    pub fn new(s: &str) -> Shared {
        Shared(Arc::from(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Shared {
        Shared::new(s)
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl std::borrow::Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Clear,
    Vague,
    Ambiguous,
    Omitted,
    Incorrect,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Clear => "clear",
            Verdict::Vague => "vague",
            Verdict::Ambiguous => "ambiguous",
            Verdict::Omitted => "omitted",
            Verdict::Incorrect => "incorrect",
        }
    }
    pub const ALL: [Verdict; 5] = [
        Verdict::Clear,
        Verdict::Vague,
        Verdict::Omitted,
        Verdict::Incorrect,
        Verdict::Ambiguous,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    None,
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// A policy sentence that bears on a finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct PolicyQuote {
    pub file: Shared,
    pub line: u32,
    /// The last line of the statement (a sentence can run over several lines).
    pub end_line: u32,
    pub quote: Shared,
    /// The lead-in sentence a list item or table row depends on ("We may share your details
    /// with:"), when there is one.
    pub context: Option<Shared>,
    pub negated: bool,
    /// How many levels broader than the flow's recipient/data this statement's terms are.
    pub levels: u32,
    /// The statement's terms that matched the recipient, as written.
    pub terms: Vec<Shared>,
}

/// Policy statements a finding quotes: most findings of a big log quote the same few, so
/// each list is kept once and shared (see [`Interner`]).
pub type Quotes = SharedList<PolicyQuote>;

/// The verdict for one party of a flow (the recipient, or the end user behind it).
#[derive(Clone, Debug, Serialize)]
pub struct PartyJudgement {
    /// `recipient` or `on_behalf_of`.
    pub role: &'static str,
    pub name: String,
    pub verdict: Verdict,
    pub undisclosed: bool,
    /// Partly disclosed: statements clearly cover the recipient and purposes and some of the
    /// data, and the rest of the data is ordinary (see `judge_party`).
    pub partly: bool,
    /// For a partly disclosed judgement: the data categories no statement names.
    pub undisclosed_data: Few<String>,
    /// For `vague`: how many levels broader the covering term is.
    pub levels: Option<u32>,
    /// The data category whose coverage decided the verdict, if data decided it.
    pub deciding_data: Option<String>,
    pub policy_evidence: Quotes,
    /// The statements the verdict rests on (see [`Finding::decided_by`]).
    #[serde(skip)]
    pub decided_by: Quotes,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub recipient: Party,
    pub on_behalf_of: Option<Box<Party>>,
    pub verdict: Verdict,
    pub undisclosed: bool,
    /// The flow is partly disclosed: its recipient and purposes are clearly covered, and so is
    /// some of its data, but ordinary data in `undisclosed_data` is named by no statement.
    /// The verdict is then `vague` (or `ambiguous`), not undisclosed, and the severity low.
    pub partly: bool,
    /// The data categories (vocabulary ids) of a partly disclosed flow that no statement names;
    /// empty otherwise.
    pub undisclosed_data: Few<String>,
    pub severity: Severity,
    pub levels: Option<u32>,
    /// The date of the policy version the flow was judged against (null for an undated policy
    /// or when no version was in force).
    pub policy_version: Option<Date>,
    /// The policy file(s) of that version.
    pub policy_files: SharedList<Shared>,
    pub purposes: Terms,
    pub data: Terms,
    pub records: u64,
    pub log_records: u64,
    pub first_seen: Option<Date>,
    pub last_seen: Option<Date>,
    pub policy_evidence: Quotes,
    /// The statements the verdict rests on, from the judgement that decided it: the covering
    /// statement of a clear or vague verdict, the denial of an incorrect one, both of an
    /// ambiguous one, none for omitted. Reports show these as what the policy says, so the
    /// statement shown is always the one the verdict came from.
    pub decided_by: Quotes,
    pub log_evidence: Vec<SourceRef>,
    pub more_log_lines: u64,
    pub references: Few<String>,
    pub canaries: Few<crate::practice::CanaryHit>,
    /// Who the data came from, for a flow read from a person's own records (App Privacy
    /// Report, Meta's export); see [`crate::practice::Flow::origin`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Box<Origin>>,
    pub judgements: Vec<PartyJudgement>,
    /// Things a reader should know about how this was judged.
    pub notes: Vec<String>,
    pub explanation: String,
    /// Requests to an advertiser or data broker before consent or after a reject, judged
    /// apart from the verdict (see [`consent`]); absent when the capture has no such marks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Box<ConsentFinding>>,
}

/// Coverage of one party by one declaration.
struct Cover {
    levels: u32,
    /// Every `explicit` / `special` item is covered by a term that is itself explicit/special
    /// (or by the organisation's name), not only by a generic ancestor.
    specific: bool,
    /// Which of the declaration's recipient mentions matched (its text is shared by the
    /// quotes a finding keeps).
    mention: usize,
    /// The statement names the flow's data / purposes (a more precise cover than one that
    /// does not, at the same level).
    data_named: bool,
    purpose_named: bool,
}

/// Is `m` a name for `org` or one of its owners?
fn names_organisation(vocab: &Vocabulary, m: &Mention, org: &str) -> bool {
    let Some(named) = &m.entity else { return false };
    let mut current = Some(org.to_string());
    for _ in 0..8 {
        let Some(c) = current else { return false };
        if *named == c {
            return true;
        }
        current = vocab.entity(&c).and_then(|e| e.parent.clone());
    }
    false
}

/// How a declaration's recipient terms cover a party: the closest term wins.
/// `written_only`: an implicit recipient ("your data will be transferred") does not count.
/// `examples[i]`: mention `i` is written as an example of another (see [`example_mentions`]);
/// an example covers organisations of its own category, never a narrower one.
fn recipient_cover(
    vocab: &Vocabulary,
    mentions: &[Mention],
    examples: &[bool],
    party: &Party,
    written_only: bool,
) -> Option<Cover> {
    let tree = &vocab.recipients;
    let explicit_party = party.categories.iter().any(|c| tree.is_explicit(c));
    let mut best: Option<Cover> = None;
    for (mention, m) in mentions.iter().enumerate() {
        if written_only && m.term.is_none() && m.entity.is_none() {
            continue;
        }
        let cover = if party
            .organisation
            .as_deref()
            .is_some_and(|o| names_organisation(vocab, m, o))
        {
            Some((0, true))
        } else if m.entity.is_some() {
            // A different organisation, named: it covers nobody else.
            None
        } else {
            // Only the most specific (first) category makes a cover clear; reaching the
            // organisation through one of its other categories is one level less precise.
            party
                .categories
                .iter()
                .enumerate()
                .filter_map(|(k, c)| {
                    tree.distance(&m.category, c)
                        .map(|d| (d + u32::from(k > 0), c))
                })
                .map(|(d, c)| {
                    let specific =
                        !tree.is_explicit(c) && !explicit_party || tree.is_explicit(&m.category);
                    (d, specific)
                })
                // Prefer a specific cover, then the closest.
                .min_by_key(|&(d, specific)| (!specific, d))
        };
        let example = examples.get(mention).copied().unwrap_or(false);
        if let Some((levels, specific)) = cover.filter(|&(levels, _)| levels == 0 || !example) {
            let better = match &best {
                None => true,
                Some(b) => (!specific, levels) < (!b.specific, b.levels),
            };
            if better {
                best = Some(Cover {
                    levels,
                    specific,
                    mention,
                    data_named: false,
                    purpose_named: false,
                });
            }
        }
    }
    best
}

/// How declared terms of a tree cover one flow category; an empty declaration list means "any
/// personal data" / "any purpose" said generically (the root), so it is never specific.
fn term_cover(
    tree: &Taxonomy,
    declared: &[&Mention],
    item: &str,
    sensitive: bool,
) -> Option<(u32, bool)> {
    if declared.is_empty() {
        return Some((tree.depth(item) as u32, !sensitive));
    }
    declared
        .iter()
        .filter_map(|m| {
            tree.distance(&m.category, item).map(|d| {
                let specific =
                    !sensitive || tree.is_special(&m.category) || tree.is_explicit(&m.category);
                (d, specific)
            })
        })
        .min_by_key(|&(d, specific)| (!specific, d))
}

/// What the flow is, for judging: data and purpose categories, and whether it was a sale (a
/// `data-sale` purpose in the log, or a transfer to a data broker not marked as processing).
struct FlowFacts<'a> {
    data: Vec<&'a str>,
    purposes: Vec<&'a str>,
    sale: bool,
    /// The first party collected the data itself (an app's access to a phone's resource):
    /// judged against the policy's own collection statements, not its sharing statements.
    collected: bool,
}

fn facts<'a>(vocab: &Vocabulary, flow: &'a Flow) -> FlowFacts<'a> {
    let mut data: Vec<&str> = Vec::new();
    for t in &flow.data {
        if let Some(c) = t.category.as_deref()
            && !data.contains(&c)
        {
            data.push(c);
        }
    }
    let mut purposes: Vec<&str> = Vec::new();
    for t in &flow.purposes {
        if let Some(c) = t.category.as_deref()
            && !purposes.contains(&c)
        {
            purposes.push(c);
        }
    }
    // Personal data going to a data broker is presumed sold or rented (that is what brokers
    // do with it), unless the log says the broker processes it on the organisation's behalf.
    let to_broker = std::iter::once(&flow.recipient)
        .flat_map(|p| &p.categories)
        .any(|c| vocab.recipients.distance("data-broker", c).is_some());
    let processing_only =
        !purposes.is_empty() && purposes.iter().all(|p| *p == "service-provision");
    let collected = flow
        .origin
        .as_ref()
        .is_some_and(|o| o.kind == OriginKind::Collected);
    let sale = !collected && (purposes.contains(&"data-sale") || (to_broker && !processing_only));
    FlowFacts {
        data,
        purposes,
        sale,
        collected,
    }
}

/// How bad a verdict is for the reader, worst highest: a generic cover that leaves an explicit
/// or special item undisclosed ranks between ambiguous and omitted.
fn badness(verdict: Verdict, undisclosed: bool) -> u8 {
    match (verdict, undisclosed) {
        (Verdict::Clear, _) => 0,
        (Verdict::Vague, false) => 1,
        (Verdict::Ambiguous, _) => 2,
        (Verdict::Vague, true) => 3,
        (Verdict::Omitted, _) => 4,
        (Verdict::Incorrect, _) => 5,
    }
}

/// The texts of a declaration's evidence, shared by every finding that quotes it.
struct QuoteText {
    file: Shared,
    quote: Shared,
    context: Option<Shared>,
    /// Each recipient mention's term as written (or its category).
    terms: Vec<Shared>,
    /// Which recipient mentions are examples of another.
    examples: Vec<bool>,
    /// A denial whose data is only particular data no category names ("your form data",
    /// "aggregated information"): it denies that data, not personal data at large.
    particular_data: bool,
}

/// Which of a statement's recipient terms are written as examples of an earlier one ("other
/// companies to help us run the Club, for example printing and mailing houses"). An example
/// names a kind of recipient: "mailing houses" discloses mailing houses, not every service
/// provider, so it must not cover a payment processor through their common category.
fn example_mentions(quote: &str, mentions: &[Mention]) -> Vec<bool> {
    const MARKERS: [&str; 6] = [
        "for example",
        "for instance",
        "e.g",
        "such as",
        "including",
        "like",
    ];
    let mut out = vec![false; mentions.len()];
    if mentions.len() < 2 {
        return out;
    }
    let lower = quote.to_lowercase();
    // (start, end, mention) of every written term found in the quote, in text order.
    let mut found: Vec<(usize, usize, usize)> = mentions
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let term = m.term.as_deref()?.to_lowercase();
            let at = lower.find(&term)?;
            Some((at, at + term.len(), i))
        })
        .collect();
    found.sort_unstable();
    for pair in found.windows(2) {
        let (_, prev_end, _) = pair[0];
        let (start, _, i) = pair[1];
        let Some(gap) = lower.get(prev_end..start) else {
            continue;
        };
        let has_marker = MARKERS.iter().any(|m| {
            gap.match_indices(m).any(|(at, _)| {
                let before = gap[..at].chars().next_back();
                let after = gap[at + m.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        });
        out[i] = has_marker;
    }
    out
}

/// A version's declarations with their shared quote texts, built once per check.
struct Judged<'p> {
    decls: &'p [Declaration],
    texts: Vec<QuoteText>,
    files: SharedList<Shared>,
}

impl<'p> Judged<'p> {
    fn new(vocab: &Vocabulary, version: &'p PolicyVersion) -> Judged<'p> {
        Judged {
            decls: &version.declarations,
            texts: version
                .declarations
                .iter()
                .map(|d| QuoteText {
                    file: Shared::new(&d.evidence.file),
                    quote: Shared::new(&d.evidence.quote),
                    context: d.evidence.context.as_deref().map(Shared::new),
                    terms: d
                        .recipients
                        .iter()
                        .map(|m| Shared::new(m.term.as_deref().unwrap_or(&m.category)))
                        .collect(),
                    examples: example_mentions(&d.evidence.quote, &d.recipients),
                    particular_data: d.negated
                        && !d.data.is_empty()
                        && d.data.iter().all(|m| {
                            vocab.data.depth(&m.category) == 0
                                && m.term.as_deref().is_some_and(|t| {
                                    crate::extract::names_particular_data(vocab, t)
                                })
                        }),
                })
                .collect(),
            files: SharedList::new(version.files.iter().map(|f| Shared::new(&f.path)).collect()),
        }
    }
}

/// Why a statement that names a party's organisation or category neither covered nor denied
/// its flow: what an explanation says of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Aside {
    /// "We do not sell …" and the flow is not a sale.
    NotASale,
    /// The statement carves the party out ("… except our advertising partners"): which of its
    /// exception mentions did.
    Excepted(usize),
    /// It is about other purposes than the flow's.
    OtherPurpose,
    /// It is about data the flow does not carry.
    OtherData,
    /// A permission naming no data, outweighed by a denial that names the data.
    Outweighed,
    /// A denial of particular data no category names ("we will not sell your form data"):
    /// which data a log's flow carries cannot be matched to it.
    ParticularData,
}

/// What a party's judgement weighed, for its explanation only: dropped once the finding is
/// explained, so a check of many flows does not keep it.
#[derive(Default)]
struct Weighing {
    /// Statements (declaration indices) that named the party but neither covered nor denied
    /// the flow for any of its data, with why; in policy order.
    asides: Vec<(usize, Aside)>,
    /// Statements that cover some of the flow's data (declaration index, the data items'
    /// indices in the flow's data): the best cover of each item, in policy order.
    partial: Vec<(usize, Vec<usize>)>,
}

/// Data a policy may leave unmentioned beside data it names for a clearly disclosed recipient
/// and purpose without the flow becoming undisclosed (see `judge_party`). Not special or
/// explicit data, not generic "personal data", and not financial data or precise location,
/// which the vocabulary leaves ordinary for covering but which the CPRA counts as sensitive
/// personal information: a policy must name them.
fn ordinary_data(vocab: &Vocabulary, item: &str) -> bool {
    const SENSITIVE: [&str; 2] = ["financial", "precise-location"];
    let tree = &vocab.data;
    tree.depth(item) > 0
        && !tree.is_special(item)
        && !SENSITIVE.iter().any(|s| tree.distance(s, item).is_some())
}

/// One data item of a flow, judged.
struct ItemJudgement {
    rank: u8,
    sensitive: bool,
    covers: std::cmp::Reverse<usize>,
    judgement: PartyJudgement,
    /// The declaration that covers the item best, if any covers it.
    best: Option<usize>,
    /// A positive statement clearly covers the party and the flow's purposes, and fails only
    /// on naming this item.
    near: bool,
}

/// One party judged against the declarations of a version.
///
/// A flow whose recipient and purposes a statement clearly covers, but which carries ordinary
/// data no statement names beside data one does (a courier given the customer's name with the
/// delivery address the policy mentions) is *partly disclosed*: `vague` (or `ambiguous`, when
/// a denial also covers some of its data), not undisclosed, with `partly` set and the data no
/// statement names in `undisclosed_data`. A sale, or unnamed data that is special, financial
/// or a precise location, keeps the stricter verdict.
fn judge_party(
    vocab: &Vocabulary,
    decls: &[Declaration],
    texts: &[QuoteText],
    party: &Party,
    f: &FlowFacts,
    role: &'static str,
) -> (PartyJudgement, Weighing) {
    // Each data category is judged on its own; a flow with no data is judged once.
    let items: Vec<Option<&str>> = if f.data.is_empty() {
        vec![None]
    } else {
        f.data.iter().map(|d| Some(*d)).collect()
    };
    // Per declaration: did it cover or deny the flow for any item?
    let mut applied = vec![false; decls.len()];
    let mut asides: Vec<(usize, Aside)> = Vec::new();
    let mut judged: Vec<ItemJudgement> = Vec::with_capacity(items.len());
    for &item in &items {
        let mut positive: Vec<(Cover, &Declaration, &QuoteText, usize)> = Vec::new();
        let mut negative: Vec<(Cover, &Declaration, &QuoteText, usize)> = Vec::new();
        let mut near = false;
        for (i, (d, text)) in decls.iter().zip(texts).enumerate() {
            let third_party_collects = d.action == Action::Collect && !d.recipients.is_empty();
            if f.collected {
                // The organisation's own collection: "we collect your location", "we do not
                // collect your precise location", "we use your location to …".
                let own = d.recipients.is_empty()
                    && (d.action == Action::Collect || d.action == Action::Use && !d.negated);
                if !own {
                    continue;
                }
            } else if !d.action.is_sharing() && !third_party_collects {
                continue;
            }
            // "If you opt out, we will not sell ...": a denial that holds only once the user
            // has opted out neither covers nor contradicts a flow; a log does not say whether
            // the user had opted out.
            if d.negated && d.condition == Some(crate::extract::Condition::OptOut) {
                continue;
            }
            // "We do not sell" says nothing about a flow that is not a sale.
            if d.negated && matches!(d.action, Action::Sell | Action::Rent) && !f.sale {
                if recipient_cover(vocab, &d.recipients, &text.examples, party, false).is_some() {
                    asides.push((i, Aside::NotASale));
                }
                continue;
            }
            // A positive statement discloses a recipient only by writing it, except that
            // "we may sell your data" discloses a sale to whoever buys it. A denial with no
            // recipient ("we do not share your data") denies it for everyone.
            let written_only = !d.negated && !matches!(d.action, Action::Sell | Action::Rent);
            let cover = if f.collected {
                // The collector is the organisation itself, whom every such statement names.
                Some(Cover {
                    levels: 0,
                    specific: true,
                    mention: 0,
                    data_named: false,
                    purpose_named: false,
                })
            } else {
                recipient_cover(vocab, &d.recipients, &text.examples, party, written_only)
            };
            let Some(mut cover) = cover else {
                continue;
            };
            if f.collected {
                // No recipient to carve out.
            } else if let Some(except) = recipient_cover(vocab, &d.except, &[], party, false) {
                asides.push((i, Aside::Excepted(except.mention)));
                continue;
            }
            // "We will not sell your form data" neither covers nor contradicts a flow: no
            // category says whether the flow carries that data.
            if text.particular_data {
                asides.push((i, Aside::ParticularData));
                continue;
            }
            // Only purposes the statement writes restrict it; one implied by naming a
            // recipient ("payment processors") does not.
            let written_purposes: Vec<&Mention> =
                d.purposes.iter().filter(|m| m.term.is_some()).collect();
            if !written_purposes.is_empty() && !f.purposes.is_empty() {
                let mut ok = true;
                for p in &f.purposes {
                    let sensitive = vocab.purposes.is_explicit(p);
                    match term_cover(&vocab.purposes, &written_purposes, p, sensitive) {
                        Some((levels, specific)) => {
                            cover.levels = cover.levels.max(levels);
                            cover.specific &= specific;
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    asides.push((i, Aside::OtherPurpose));
                    continue;
                }
                cover.purpose_named = true;
            }
            if let Some(item) = item {
                let sensitive = vocab.data.is_special(item);
                // "Your information" names no particular data: it is judged like a statement
                // that names none, and the level counts only for data actually named.
                let named: Vec<&Mention> = d
                    .data
                    .iter()
                    .filter(|m| vocab.data.depth(&m.category) > 0)
                    .collect();
                match term_cover(&vocab.data, &named, item, sensitive) {
                    Some((levels, specific)) => {
                        if !named.is_empty() {
                            cover.levels = cover.levels.max(levels);
                            cover.data_named = true;
                        }
                        cover.specific &= specific;
                    }
                    // "Your information and your Gift Aid details": the generic term still
                    // covers what the specific ones do not, generically.
                    None if named.len() < d.data.len() => cover.specific &= !sensitive,
                    None => {
                        // Recipient and purposes covered as a clear verdict needs them: only
                        // the data is missing.
                        near |= !d.negated && cover.levels == 0 && cover.specific;
                        asides.push((i, Aside::OtherData));
                        continue;
                    }
                }
            }
            if d.negated {
                negative.push((cover, d, text, i));
            } else {
                positive.push((cover, d, text, i));
            }
        }
        let quote = |(c, d, t, _): &(Cover, &Declaration, &QuoteText, usize)| PolicyQuote {
            file: t.file.clone(),
            line: d.evidence.line,
            end_line: d.evidence.end_line.max(d.evidence.line),
            quote: t.quote.clone(),
            context: t.context.clone(),
            negated: d.negated,
            levels: c.levels,
            terms: t.terms.get(c.mention).cloned().into_iter().collect(),
        };
        positive.sort_by_key(|(c, d, _, _)| {
            (
                !c.specific,
                c.levels,
                !c.purpose_named,
                !c.data_named,
                d.evidence.line,
            )
        });
        negative.sort_by_key(|(c, d, _, _)| (c.levels, d.evidence.line));
        // A denial that names this data outweighs permissions that name no data: "we never
        // share health data with advertisers" is not answered by "we work with advertisers".
        if negative.iter().any(|(c, _, _, _)| c.data_named)
            && positive.iter().all(|(c, _, _, _)| !c.data_named)
        {
            asides.extend(positive.iter().map(|p| (p.3, Aside::Outweighed)));
            positive.clear();
        }
        for p in positive.iter().chain(&negative) {
            applied[p.3] = true;
        }
        let (verdict, undisclosed, levels) = match (positive.first(), negative.is_empty()) {
            (None, true) => (Verdict::Omitted, true, None),
            (None, false) => (Verdict::Incorrect, true, None),
            (Some(_), false) => (Verdict::Ambiguous, false, None),
            (Some((c, _, _, _)), true) if c.levels == 0 && c.specific => {
                (Verdict::Clear, false, None)
            }
            (Some((c, _, _, _)), true) => (Verdict::Vague, !c.specific, Some(c.levels)),
        };
        // The statements that decided: every negative one, and the best positive ones.
        let mut evidence: Vec<PolicyQuote> = negative.iter().take(3).map(quote).collect();
        if let Some((best, _, _, _)) = positive.first() {
            let key = (best.specific, best.levels);
            evidence.extend(
                positive
                    .iter()
                    .filter(|(c, _, _, _)| (c.specific, c.levels) == key)
                    .take(3)
                    .map(quote),
            );
        }
        let decided_by: Vec<PolicyQuote> = match verdict {
            Verdict::Clear | Verdict::Vague => positive.first().map(quote).into_iter().collect(),
            Verdict::Incorrect => negative.first().map(quote).into_iter().collect(),
            Verdict::Ambiguous => positive
                .first()
                .map(quote)
                .into_iter()
                .chain(negative.first().map(quote))
                .collect(),
            Verdict::Omitted => Vec::new(),
        };
        judged.push(ItemJudgement {
            rank: badness(verdict, undisclosed),
            // Among equally bad items, a sensitive one says more about what went undisclosed,
            // and then the one fewest statements cover: its cover is what the verdict hangs on
            // (card numbers covered only by "other companies", not names by two statements).
            sensitive: item.is_some_and(|i| vocab.data.is_special(i)),
            covers: std::cmp::Reverse(positive.len()),
            judgement: PartyJudgement {
                role,
                name: party.name.clone(),
                verdict,
                undisclosed,
                partly: false,
                undisclosed_data: Few::default(),
                levels,
                deciding_data: item.map(str::to_string),
                policy_evidence: Quotes::new(evidence),
                decided_by: Quotes::new(decided_by),
            },
            best: positive.first().map(|p| p.3),
            near,
        });
    }
    let mut weighing = Weighing::default();
    for (k, j) in judged.iter().enumerate() {
        if let Some(i) = j.best.filter(|_| j.judgement.verdict != Verdict::Ambiguous) {
            match weighing.partial.iter_mut().find(|(d, _)| *d == i) {
                Some((_, ks)) => ks.push(k),
                None => weighing.partial.push((i, vec![k])),
            }
        }
    }
    weighing.partial.sort_by_key(|(i, _)| *i);
    asides.retain(|(i, _)| !applied[*i]);
    asides.sort_by_key(|(i, _)| *i);
    asides.dedup_by_key(|(i, _)| *i);
    weighing.asides = asides;
    // The worst item, the first of equals.
    let worst_of = |ks: &mut dyn Iterator<Item = usize>| -> Option<usize> {
        let mut worst: Option<usize> = None;
        for k in ks {
            let j = &judged[k];
            if worst.is_none_or(|w| {
                let b = &judged[w];
                (j.rank, j.sensitive, j.covers) > (b.rank, b.sensitive, b.covers)
            }) {
                worst = Some(k);
            }
        }
        worst
    };
    let all_alike = judged.iter().all(|j| j.rank == judged[0].rank);
    let worst = worst_of(&mut (0..judged.len())).expect("at least one item is judged");
    // Partly disclosed: every item left out is ordinary and failed only on the data, and the
    // items covered are disclosed (clear, vague or ambiguous, not undisclosed).
    let omitted: Vec<usize> = (0..judged.len())
        .filter(|&k| judged[k].judgement.verdict == Verdict::Omitted)
        .collect();
    let partly = !f.sale
        && judged[worst].judgement.verdict == Verdict::Omitted
        && omitted.len() < judged.len()
        && omitted
            .iter()
            .all(|&k| judged[k].near && items[k].is_some_and(|item| ordinary_data(vocab, item)));
    let rest = if partly {
        worst_of(&mut (0..judged.len()).filter(|k| !omitted.contains(k)))
            .filter(|&k| judged[k].rank <= badness(Verdict::Ambiguous, false))
    } else {
        None
    };
    let Some(rest) = rest else {
        let mut j = judged.swap_remove(worst).judgement;
        // Data decided the verdict only when the items were not all judged alike.
        if all_alike {
            j.deciding_data = None;
        }
        return (j, weighing);
    };
    // The covered items' statements are the evidence: the deciding item's, then the best
    // cover of each other item.
    let mut evidence: Vec<PolicyQuote> = judged[rest].judgement.policy_evidence.to_vec();
    for (k, j) in judged.iter().enumerate() {
        if k == rest || omitted.contains(&k) {
            continue;
        }
        if let Some(q) = j.judgement.decided_by.iter().find(|q| !q.negated)
            && evidence.len() < 6
            && !evidence
                .iter()
                .any(|e| e.file == q.file && e.line == q.line)
        {
            evidence.push(q.clone());
        }
    }
    let mut j = judged.swap_remove(rest).judgement;
    if j.verdict == Verdict::Clear {
        j.verdict = Verdict::Vague;
        j.levels = Some(0);
    }
    j.partly = true;
    j.deciding_data = None;
    for k in omitted {
        if let Some(item) = items[k] {
            j.undisclosed_data.push(item.to_string());
        }
    }
    j.policy_evidence = Quotes::new(evidence);
    (j, weighing)
}

/// Does the flow touch something a policy must name (explicit recipient or purpose, special
/// data, a sale)?
fn touches_sensitive(vocab: &Vocabulary, flow: &Flow, f: &FlowFacts) -> bool {
    let parties = std::iter::once(&flow.recipient).chain(flow.on_behalf_of.as_deref());
    parties
        .flat_map(|p| &p.categories)
        .any(|c| vocab.recipients.is_explicit(c))
        || f.purposes.iter().any(|p| vocab.purposes.is_explicit(p))
        || f.data.iter().any(|d| vocab.data.is_special(d))
        || f.sale
}

/// All flows judged, most severe first (then most records, then first appearance).
pub fn compare(vocab: &Vocabulary, policies: &PolicySet, flows: &[Box<Flow>]) -> Vec<Finding> {
    compare_owned(vocab, policies, flows.to_vec())
}

/// [`compare`], moving each flow into its finding instead of copying it.
pub fn compare_owned(
    vocab: &Vocabulary,
    policies: &PolicySet,
    flows: Vec<Box<Flow>>,
) -> Vec<Finding> {
    Findings::judge(vocab, policies, flows).into_vec()
}

/// What a report counts of a finding (its summary, exit code, headline): kept for every flow,
/// while the finding itself is built only when a report writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Brief {
    pub verdict: Verdict,
    pub severity: Severity,
    pub undisclosed: bool,
    pub partly: bool,
    pub records: u64,
    /// A consent finding: `Some(true)` when requests went after a reject, `Some(false)` when
    /// only before consent.
    pub consent: Option<bool>,
}

/// The findings of a check in report order (most severe first, then most records, then
/// first appearance). A finding with its explanation, notes and quotes takes about 1 KB
/// beside its flow; a check of hundreds of thousands of flows keeps only the flows and a
/// [`Brief`] of each, and builds each finding again, the same, when a report writes it
/// (judging is a few microseconds a flow; writing the finding costs more).
pub struct Findings<'p> {
    vocab: &'p Vocabulary,
    policies: &'p PolicySet,
    judged: Vec<Judged<'p>>,
    /// In report order; boxed as `Evidence` holds them (a permutation then moves pointers).
    #[allow(clippy::vec_box)]
    flows: Vec<Box<Flow>>,
    briefs: Vec<Brief>,
    quotes: std::cell::RefCell<Interner<PolicyQuote>>,
}

impl<'p> Findings<'p> {
    /// Judges every flow once, for the order and the counts.
    pub fn judge(
        vocab: &'p Vocabulary,
        policies: &'p PolicySet,
        mut flows: Vec<Box<Flow>>,
    ) -> Findings<'p> {
        let judged: Vec<Judged> = policies
            .versions
            .iter()
            .map(|v| Judged::new(vocab, v))
            .collect();
        let mut briefs: Vec<Brief> = flows
            .iter()
            .map(|flow| weigh(vocab, policies, &judged, flow).brief(flow))
            .collect();
        // A stable order: first appearance among equals. Small keys are sorted and the flows
        // then moved into place (no second copy of them).
        type Rank = std::cmp::Reverse<(Severity, bool, u64)>;
        let mut order: Vec<(Rank, u32)> = briefs
            .iter()
            .enumerate()
            .map(|(i, b)| {
                (
                    std::cmp::Reverse((b.severity, b.undisclosed, b.records)),
                    i as u32,
                )
            })
            .collect();
        order.sort_unstable();
        let order: Vec<usize> = order.into_iter().map(|(_, i)| i as usize).collect();
        permute(&mut flows, order.iter().copied());
        permute(&mut briefs, order.into_iter());
        Findings {
            vocab,
            policies,
            judged,
            flows,
            briefs,
            quotes: Default::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.flows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    /// What reports count, in report order.
    pub fn briefs(&self) -> &[Brief] {
        &self.briefs
    }

    /// The flows judged, in report order.
    pub fn flows(&self) -> impl Iterator<Item = &Flow> + '_ {
        self.flows.iter().map(|f| &**f)
    }

    /// Each finding, built as it is asked for, in report order.
    pub fn iter(&self) -> impl Iterator<Item = Finding> + '_ {
        self.flows.iter().map(|flow| {
            judge(
                self.vocab,
                self.policies,
                &self.judged,
                &mut self.quotes.borrow_mut(),
                (**flow).clone(),
            )
        })
    }

    /// Every finding, built once and kept (moving each flow into its finding).
    pub fn into_vec(self) -> Vec<Finding> {
        let Findings {
            vocab,
            policies,
            judged,
            flows,
            quotes,
            ..
        } = self;
        let mut quotes = quotes.into_inner();
        flows
            .into_iter()
            .map(|flow| judge(vocab, policies, &judged, &mut quotes, *flow))
            .collect()
    }
}

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Reorders `items` so that position `k` holds the item that was at the `k`th index `order`
/// gives (a permutation), by following its cycles: no second copy of the items.
fn permute<T>(items: &mut [T], order: impl Iterator<Item = usize>) {
    // source[k]: where the item for position k is now.
    let mut source: Vec<usize> = order.collect();
    debug_assert_eq!(source.len(), items.len());
    for start in 0..items.len() {
        let mut k = start;
        while source[k] != start {
            let from = source[k];
            items.swap(k, from);
            source[k] = k;
            k = from;
        }
        source[k] = k;
    }
}

/// The version in force for a flow's period, and a note when the choice needs saying.
fn version_for<'p>(
    policies: &'p PolicySet,
    flow: &Flow,
) -> (Option<&'p PolicyVersion>, Option<String>) {
    let versions = &policies.versions;
    if !policies.dated() {
        return (versions.first(), None);
    }
    match flow.period {
        UNDATED => {
            let latest = versions.last();
            let note = latest.map(|v| {
                let (n, verb, pronoun) = if flow.undated == 1 {
                    ("1 log record".to_string(), "carries", "it was")
                } else {
                    (counted(flow.undated, "log record"), "carry", "they were")
                };
                format!(
                    "{n} {verb} no date; {pronoun} judged against the latest policy version ({})",
                    v.label()
                )
            });
            (latest, note)
        }
        0 => {
            let first = policies.in_period(1).map(|v| v.label()).unwrap_or_default();
            let on = flow.first_seen.map(|d| d.to_string()).unwrap_or_default();
            match policies.before_first() {
                // Undated files beside dated ones are in force throughout.
                Some(v) => (
                    Some(v),
                    Some(format!(
                        "no dated version was in force on {on} (the earliest is dated {first}): judged against the undated files, in force throughout ({})",
                        v.label()
                    )),
                ),
                None => (
                    None,
                    Some(format!(
                        "no policy version was in force on {on}: the earliest is dated {first}"
                    )),
                ),
            }
        }
        p => (policies.in_period(p as usize), None),
    }
}

/// A flow weighed against the policy version in force: each party's judgement, and what the
/// worst of them makes of the flow.
struct FlowWeighing<'p, 'f> {
    facts: FlowFacts<'f>,
    version: Option<&'p PolicyVersion>,
    version_note: Option<String>,
    decls: &'p [Declaration],
    texts: &'p [QuoteText],
    files: SharedList<Shared>,
    judgements: Vec<PartyJudgement>,
    weighings: Vec<Weighing>,
    worst_index: usize,
    severity: Severity,
    consent: Option<ConsentFinding>,
}

fn weigh<'p, 'f>(
    vocab: &Vocabulary,
    policies: &'p PolicySet,
    judged: &'p [Judged<'p>],
    flow: &'f Flow,
) -> FlowWeighing<'p, 'f> {
    let f = facts(vocab, flow);
    let (version, version_note) = version_for(policies, flow);
    let texts = version.and_then(|v| {
        let i = policies.versions.iter().position(|x| std::ptr::eq(x, v))?;
        judged.get(i)
    });
    let (decls, texts, files) = texts.map_or((&[][..], &[][..], SharedList::default()), |j| {
        (j.decls, &j.texts[..], j.files.clone())
    });
    let (recipient, recipient_weighing) =
        judge_party(vocab, decls, texts, &flow.recipient, &f, "recipient");
    let mut judgements = vec![recipient];
    let mut weighings = vec![recipient_weighing];
    if let Some(b) = &flow.on_behalf_of {
        let (j, w) = judge_party(vocab, decls, texts, b, &f, "on_behalf_of");
        judgements.push(j);
        weighings.push(w);
    }
    // The last of the worst (the end user over the intermediary; among equals, a partly
    // disclosed one, which says more): the statements shown and the paragraph that explains
    // them come from the same judgement.
    let (worst_index, worst) = judgements
        .iter()
        .enumerate()
        .max_by_key(|(_, j)| (badness(j.verdict, j.undisclosed), j.partly))
        .expect("the recipient is always judged");
    let severity = match (worst.verdict, worst.undisclosed) {
        (_, true) if touches_sensitive(vocab, flow, &f) => Severity::High,
        (_, true) => Severity::Medium,
        (Verdict::Clear, false) => Severity::None,
        _ => Severity::Low,
    };
    // A consent finding raises the flow's severity: the verdict stays what the policy says.
    let consent = consent::judge(vocab, &flow.recipient, flow.consent.as_deref());
    let severity = consent
        .as_ref()
        .map_or(severity, |c| severity.max(c.severity));
    FlowWeighing {
        facts: f,
        version,
        version_note,
        decls,
        texts,
        files,
        judgements,
        weighings,
        worst_index,
        severity,
        consent,
    }
}

impl FlowWeighing<'_, '_> {
    fn brief(&self, flow: &Flow) -> Brief {
        let worst = &self.judgements[self.worst_index];
        Brief {
            verdict: worst.verdict,
            severity: self.severity,
            undisclosed: worst.undisclosed,
            partly: worst.partly,
            records: flow.records,
            consent: self.consent.as_ref().map(|c| c.after_reject.is_some()),
        }
    }
}

fn judge(
    vocab: &Vocabulary,
    policies: &PolicySet,
    judged: &[Judged],
    quotes: &mut Interner<PolicyQuote>,
    flow: Flow,
) -> Finding {
    let FlowWeighing {
        facts: f,
        version,
        version_note,
        decls,
        texts,
        files,
        mut judgements,
        weighings,
        worst_index,
        severity,
        consent,
    } = weigh(vocab, policies, judged, &flow);
    for j in &mut judgements {
        j.policy_evidence = quotes.intern(std::mem::take(&mut j.policy_evidence));
        j.decided_by = quotes.intern(std::mem::take(&mut j.decided_by));
    }
    let worst = &judgements[worst_index];
    let (worst_verdict, worst_undisclosed, worst_levels) =
        (worst.verdict, worst.undisclosed, worst.levels);
    let (partly, undisclosed_data) = (worst.partly, worst.undisclosed_data.clone());
    let decided_by = quotes.intern(worst.decided_by.clone());
    let mut policy_evidence: Vec<PolicyQuote> = Vec::new();
    for j in &judgements {
        for q in &j.policy_evidence {
            if !policy_evidence
                .iter()
                .any(|x| x.file == q.file && x.line == q.line)
            {
                policy_evidence.push(q.clone());
            }
        }
    }
    let mut notes: Vec<String> = Vec::new();
    notes.extend(version_note);
    for p in std::iter::once(&flow.recipient).chain(flow.on_behalf_of.as_deref()) {
        if p.unresolved {
            notes.push(format!(
                "{} is not in the entity registry and the log gives no category: it was judged as an unnamed third party",
                p.name
            ));
        }
    }
    if f.sale && !f.purposes.contains(&"data-sale") {
        notes.push(
            "the log does not call this a sale, but personal data going to a data broker is read as sold or rented unless the log marks the broker as processing it on the organisation's behalf (purpose: service provision)"
                .into(),
        );
    }
    if version.is_some_and(|v| v.files.iter().any(|f| f.english == Some(false))) {
        // Said first, and instead of "no statement": the silence is saydo's, not the policy's.
        notes.push(
            "the policy does not read as English, and saydo reads English only: this verdict does not show what the policy discloses"
                .into(),
        );
    } else if !f.collected
        && version.is_some_and(|v| !v.declarations.iter().any(|d| d.action.is_sharing()))
    {
        notes.push("the policy makes no statement about sharing at all".into());
    }
    for n in &mut notes {
        *n = exact(n);
    }
    notes.shrink_to_fit();
    let mut finding = Finding {
        recipient: flow.recipient,
        on_behalf_of: flow.on_behalf_of,
        verdict: worst_verdict,
        undisclosed: worst_undisclosed,
        partly,
        undisclosed_data,
        severity,
        levels: worst_levels,
        policy_version: version.and_then(|v| v.date),
        policy_files: files,
        purposes: flow.purposes,
        data: flow.data,
        records: flow.records,
        log_records: flow.log_records,
        first_seen: flow.first_seen,
        last_seen: flow.last_seen,
        policy_evidence: quotes.intern(Quotes::new(policy_evidence)),
        decided_by,
        log_evidence: flow.sources,
        more_log_lines: flow.more_sources,
        references: flow.references,
        canaries: flow.canaries,
        origin: flow.origin,
        judgements,
        notes,
        explanation: String::new(),
        consent: consent.map(Box::new),
    };
    finding.explanation = exact(&explain::explain(
        vocab,
        &finding,
        version.is_none() && policies.dated(),
        explain::Weighed {
            judgement: worst_index,
            weighing: &weighings[worst_index],
            decls,
            texts,
        },
    ));
    finding
}

/// A copy of a formatted string without its spare room (formatting grows a string by doubling),
/// since a check of many flows holds one per finding. A copy, not `shrink_to_fit`: the allocator
/// shrinks a block in place, keeping it whole, when the new size is at least half of it.
fn exact(s: &str) -> String {
    s.to_owned()
}

fn label(tree: &Taxonomy, id: &str) -> String {
    tree.get(id)
        .map(|c| c.label.to_lowercase())
        .unwrap_or_else(|| id.to_string())
}

/// "line 52", or "lines 59-60" for a statement over two lines.
pub fn lines_of(q: &PolicyQuote) -> String {
    if q.end_line > q.line {
        format!("lines {}-{}", q.line, q.end_line)
    } else {
        format!("line {}", q.line)
    }
}

/// "1 record", "2 records": publication text never writes "record(s)".
pub fn counted(n: u64, unit: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {unit}{s}", thousands(n))
}

/// Ends a sentence with a full stop, unless it already ends with one inside a closing quote
/// (`..."purposes."`): a quote's own full stop ends the sentence, never `.".`.
pub fn end_sentence(mut s: String) -> String {
    let t = s.trim_end();
    let closed =
        t.ends_with(".\"") || t.ends_with("?\"") || t.ends_with("!\"") || t.ends_with("…\"");
    if !(closed || t.ends_with('.') || t.ends_with('?') || t.ends_with('!')) {
        s.push('.');
    }
    s
}

/// A count with thousands separators: 1065200 -> "1,065,200".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Categories a policy affirms sharing with that no flow went to (information only).
pub fn declared_not_observed(
    vocab: &Vocabulary,
    policies: &PolicySet,
    flows: &[Box<Flow>],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in &policies.versions {
        for d in &v.declarations {
            if d.negated || !d.action.is_sharing() {
                continue;
            }
            for m in &d.recipients {
                if m.category == "third-party" || out.contains(&m.category) {
                    continue;
                }
                let seen = flows.iter().any(|f| {
                    std::iter::once(&f.recipient)
                        .chain(f.on_behalf_of.as_deref())
                        .flat_map(|p| &p.categories)
                        .any(|c| vocab.recipients.distance(&m.category, c).is_some())
                });
                if !seen {
                    out.push(m.category.clone());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
