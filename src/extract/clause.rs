//! One sentence: clauses, action verbs with polarity, lexicon mentions, conditions, and the
//! drafts of the declarations it makes.

use super::{Action, Condition, Mention};
use crate::document::fold_whitespace;
use crate::vocab::{LexiconMatch, Normalized, Vocabulary, WordTable};
use std::sync::LazyLock;

/// How a verb behaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Strength {
    /// Says data goes to someone even when no recipient is written ("we never sell it").
    Strong,
    /// Says so only with a recipient written ("provide ... to advertisers").
    Weak,
    /// Collection or use: first-party unless a recipient is its subject.
    Own,
    /// Use by the organisation itself only ("store", "retain"): a third party keeping data
    /// is not collecting it.
    FirstOnly,
    /// Collection or use only with a third party as subject ("partners may place cookies").
    ThirdOnly,
    /// Taking on a third party ("we engage", "partner with", "contract with"): data goes to
    /// it only when it is the object.
    Engages,
}

/// The action verbs, by the act they name and how they behave.
const VERBS: &[(&[&str], Action, Strength)] = &[
    (
        &[
            "share",
            "shares",
            "shared",
            "sharing",
            "swap",
            "swaps",
            "swapped",
            "publish",
            "publishes",
            "published",
            "publishing",
        ],
        Action::Share,
        Strength::Strong,
    ),
    (
        &["display", "displays", "displayed", "displaying"],
        Action::Share,
        Strength::Weak,
    ),
    (
        &[
            "sell", "sells", "sold", "selling", "resell", "resold", "trade", "trades", "traded",
            "trading",
        ],
        Action::Sell,
        Strength::Strong,
    ),
    (
        &[
            "rent", "rents", "rented", "renting", "lease", "leases", "leased", "leasing",
        ],
        Action::Rent,
        Strength::Strong,
    ),
    (
        &["transfer", "transfers", "transferred", "transferring"],
        Action::Transfer,
        Strength::Strong,
    ),
    (
        &[
            "disclose",
            "discloses",
            "disclosed",
            "disclosing",
            "release",
            "releases",
            "released",
            "releasing",
            "reveal",
            "reveals",
            "revealed",
        ],
        Action::Disclose,
        Strength::Strong,
    ),
    (
        &[
            "provide",
            "provides",
            "provided",
            "providing",
            "give",
            "gives",
            "gave",
            "given",
            "giving",
            "send",
            "sends",
            "sent",
            "sending",
            "pass",
            "passes",
            "passed",
            "passing",
            "transmit",
            "transmits",
            "transmitted",
            "transmitting",
            "supply",
            "supplies",
            "supplied",
            "furnish",
            "furnished",
            "exchange",
            "exchanges",
            "exchanged",
            "forward",
            "forwarded",
            "receive",
            "receives",
            "received",
            "deliver",
            "delivers",
            "delivered",
            "upload",
            "uploaded",
            "report",
            "reported",
            "see",
            "view",
            "viewed",
        ],
        Action::Share,
        Strength::Weak,
    ),
    (
        &[
            "collect",
            "collects",
            "collected",
            "collecting",
            "gather",
            "gathers",
            "gathered",
            "obtain",
            "obtains",
            "obtained",
            "record",
            "records",
            "recorded",
            "log",
            "logs",
            "logged",
            "track",
            "tracks",
            "tracked",
            "tracking",
            "monitor",
            "monitors",
            "monitored",
            "monitoring",
        ],
        Action::Collect,
        Strength::Own,
    ),
    (
        &[
            "use",
            "uses",
            "used",
            "using",
            "process",
            "processes",
            "processed",
            "processing",
            "analyse",
            "analyze",
            "analyses",
            "analyzes",
            "analysed",
            "analyzed",
        ],
        Action::Use,
        Strength::Own,
    ),
    (
        &[
            "store", "stored", "retain", "retains", "retained", "keep", "keeps", "kept",
        ],
        Action::Use,
        Strength::FirstOnly,
    ),
    (
        &[
            "place", "places", "placed", "set", "sets", "serve", "serves", "served", "deploy",
            "deploys", "employ", "employs",
        ],
        Action::Collect,
        Strength::ThirdOnly,
    ),
    (
        &[
            "engage",
            "engages",
            "hire",
            "hires",
            "contract",
            "contracts",
            "contracted",
            "partner",
            "partners",
            "partnered",
            "work",
            "works",
            "rely",
            "relies",
        ],
        Action::Share,
        Strength::Engages,
    ),
];

/// [`VERBS`] by word, a later form overriding an earlier one: most words of a sentence are
/// looked up and are not verbs, and a probe of the lexicon's word table (a hash of eight bytes
/// at a time, a word's first eight bytes compared as one integer) rejects them faster than a
/// string match over a hundred verb forms, and faster than a `HashMap` (half the
/// instructions a lookup).
static VERB_TABLE: LazyLock<(WordTable, Vec<(Action, Strength)>)> = LazyLock::new(|| {
    let mut words: Vec<Box<str>> = Vec::new();
    let mut readings: Vec<(Action, Strength)> = Vec::new();
    for (forms, action, strength) in VERBS {
        for &w in *forms {
            match words.iter().position(|x| &**x == w) {
                Some(k) => readings[k] = (*action, *strength),
                None => {
                    words.push(w.into());
                    readings.push((*action, *strength));
                }
            }
        }
    }
    (WordTable::build(words), readings)
});

/// By a word's first byte: bit `length` is set when some verb form has that first byte and
/// length. Most words fail this before any hashing.
/// Computed at compile time, so a lookup is one load with no initialisation check: this runs
/// for every word of every sentence.
static VERB_SHAPES: [u16; 256] = verb_shapes(false);

/// [`VERB_SHAPES`] for [`NOUN_ACTIONS`].
static NOUN_SHAPES: [u16; 256] = shapes(NOUN_ACTIONS, false);

/// [`VERB_SHAPES`] by the last byte: together they turn away most words that pass one
/// ("the" passes the first as "tra..."'s first byte and a short length).
static VERB_END_SHAPES: [u16; 256] = verb_shapes(true);

/// [`VERB_END_SHAPES`] for [`NOUN_ACTIONS`].
static NOUN_END_SHAPES: [u16; 256] = shapes(NOUN_ACTIONS, true);

/// [`shapes`] over every form in [`VERBS`].
const fn verb_shapes(by_last: bool) -> [u16; 256] {
    let mut out = [0u16; 256];
    let mut k = 0;
    while k < VERBS.len() {
        let part = shapes(VERBS[k].0, by_last);
        let mut b = 0;
        while b < 256 {
            out[b] |= part[b];
            b += 1;
        }
        k += 1;
    }
    out
}

#[inline]
fn has_end_shape(shapes: &[u16; 256], word: &str) -> bool {
    match word.as_bytes().last() {
        Some(&last) if word.len() < 16 => shapes[usize::from(last)] & (1 << word.len()) != 0,
        _ => false,
    }
}

/// By first byte (or with `by_last`, by last byte), a bit per word length (words of 1 to 15
/// bytes).
const fn shapes(words: &[&str], by_last: bool) -> [u16; 256] {
    let mut out = [0u16; 256];
    let mut k = 0;
    while k < words.len() {
        let w = words[k].as_bytes();
        // A longer form would never pass the filter: the build fails instead.
        assert!(
            !w.is_empty() && w.len() < 16,
            "a verb or act word of 1 to 15 bytes"
        );
        let b = if by_last { w[w.len() - 1] } else { w[0] };
        out[b as usize] |= 1 << w.len();
        k += 1;
    }
    out
}

#[inline]
fn has_shape(shapes: &[u16; 256], word: &str) -> bool {
    match word.as_bytes().first() {
        Some(&first) if word.len() < 16 => shapes[usize::from(first)] & (1 << word.len()) != 0,
        _ => false,
    }
}

/// Inlined where it is called, once a word: the shape filter turns most words away, and a
/// call for each cost more than the filter.
#[inline]
fn verb(word: &str) -> Option<(Action, Strength)> {
    if !has_shape(&VERB_SHAPES, word) || !has_end_shape(&VERB_END_SHAPES, word) {
        return None;
    }
    verb_of(word)
}

#[inline(never)]
fn verb_of(word: &str) -> Option<(Action, Strength)> {
    let (table, readings) = &*VERB_TABLE;
    table.get(word).map(|id| readings[id as usize])
}

/// A verb form read as a noun: after a determiner or possessive ("your use of the service",
/// "the process", "our records"), or "use" after an adjective ("unauthorised use"). Forms in
/// -ing and -ed stay verbs ("the sharing of data" names the act).
fn noun_position(words: &[&str], i: usize) -> bool {
    let w = words[i];
    if w.ends_with("ing") || w.ends_with("ed") {
        return false;
    }
    // "the dispute resolution process shall be", "use of cookies": a noun before a verb or
    // "of" (but "make use of" is using).
    if let Some(&next) = words.get(i + 1)
        && matches!(
            next,
            "of" | "is"
                | "are"
                | "was"
                | "were"
                | "shall"
                | "will"
                | "may"
                | "can"
                | "must"
                | "should"
        )
        && !matches!(w, "sell" | "disclose" | "transfer" | "share")
        && !(i > 0 && matches!(words[i - 1], "make" | "makes" | "made" | "making"))
    {
        return true;
    }
    if i == 0 || w == "share" || w == "sell" {
        return false;
    }
    let before = words[i - 1];
    matches!(
        before,
        "the"
            | "a"
            | "an"
            | "your"
            | "our"
            | "their"
            | "its"
            | "his"
            | "her"
            | "any"
            | "each"
            | "every"
            | "such"
            | "no"
            | "this"
    ) || (matches!(w, "use" | "uses")
        && matches!(
            before,
            "unauthorized"
                | "unauthorised"
                | "unlawful"
                | "improper"
                | "fraudulent"
                | "illegal"
                | "internal"
                | "personal"
                | "commercial"
                | "continued"
                | "further"
                | "fair"
                | "intended"
                | "secondary"
                | "limited"
                | "permitted"
                | "acceptable"
                | "appropriate"
                | "legal"
                | "lawful"
                | "or"
                | "for"
        ))
        || (matches!(w, "process" | "processes") && matches!(before, "legal" | "judicial"))
}

/// How a sentence opens, for list items: "To comply with the law" gives a reason, "Use your
/// information to..." is an action of its own; anything else may name a recipient.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Opening {
    To,
    Verb,
    Other,
}

pub(super) fn opening(sentence: &str) -> Opening {
    let first = sentence
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_ascii_lowercase();
    if first == "to" {
        Opening::To
    } else if verb(&first).is_some() {
        Opening::Verb
    } else {
        Opening::Other
    }
}

/// The words [`noun_action`] reads as acts; a word missing here is never read as one.
const NOUN_ACTIONS: &[&str] = &[
    "access",
    "accessed",
    "accessible",
    "ask",
    "asks",
    "available",
    "collection",
    "disclosure",
    "disclosures",
    "publicly",
    "read",
    "request",
    "requests",
    "require",
    "requires",
    "sale",
    "sales",
    "seen",
    "transfer",
    "use",
    "viewable",
    "visible",
];

/// Nouns that name a sharing act ("the sale of personal information", "disclosure to").
/// Inlined as [`verb`] is: most words leave at the shape filter.
#[inline]
fn noun_action(words: &[&str], i: usize) -> Option<(Action, Strength)> {
    if !has_shape(&NOUN_SHAPES, words[i]) || !has_end_shape(&NOUN_END_SHAPES, words[i]) {
        return None;
    }
    noun_action_of(words, i)
}

#[inline(never)]
fn noun_action_of(words: &[&str], i: usize) -> Option<(Action, Strength)> {
    // Only these words name an act.
    if !NOUN_ACTIONS.contains(&words[i]) {
        return None;
    }
    let next = words.get(i + 1).copied();
    match words[i] {
        "sale" | "sales" if next == Some("of") => {
            let object = words.iter().skip(i + 2).take(4);
            object
                .clone()
                .any(|w| {
                    matches!(
                        *w,
                        "personal"
                            | "your"
                            | "information"
                            | "data"
                            | "consumer"
                            | "consumers"
                            | "customer"
                            | "user"
                    )
                })
                .then_some((Action::Sell, Strength::Strong))
        }
        "disclosure" | "disclosures" if matches!(next, Some("of" | "to")) => {
            Some((Action::Disclose, Strength::Strong))
        }
        "transfer" if matches!(next, Some("of" | "to")) => {
            Some((Action::Transfer, Strength::Strong))
        }
        "access"
            if i > 0
                && matches!(
                    words[i - 1],
                    "have" | "has" | "had" | "given" | "give" | "gain" | "granted" | "grant"
                ) =>
        {
            Some((Action::Share, Strength::Weak))
        }
        "ask" | "asks" | "request" | "requests" | "require" | "requires"
            if next == Some("for") || (next == Some("you") && words.get(i + 2) == Some(&"for")) =>
        {
            Some((Action::Collect, Strength::Own))
        }
        // "the collection and use of information by advertising providers": the act named,
        // with its agent.
        "collection" | "use"
            if words[i + 1..].iter().take(8).any(|w| *w == "by")
                && matches!(next, Some("of" | "and")) =>
        {
            Some((Action::Collect, Strength::Own))
        }
        "available" if i > 0 && is_make(words[i - 1]) => Some((Action::Share, Strength::Weak)),
        // "make your information we collect from you available to service providers".
        "available"
            if next == Some("to") && (i.saturating_sub(10)..i).any(|k| is_make(words[k])) =>
        {
            Some((Action::Share, Strength::Weak))
        }
        // "we make your profile publicly available", "are made publicly visible": the act is
        // read at the adverb, where the recipient term ("publicly available") starts. Not
        // "made publicly available by users": its agent made it so.
        "publicly"
            if matches!(
                next,
                Some("available" | "accessible" | "visible" | "viewable")
            ) && words.get(i + 2) != Some(&"by")
                && make_verb_before(words, i).is_some() =>
        {
            Some((Action::Share, Strength::Weak))
        }
        // "may be accessed by other users", "can be read by others": whoever sees it has it.
        "accessed" | "read" | "seen" if next == Some("by") => Some((Action::Share, Strength::Weak)),
        // "may be searchable and available to other users", "visible to the public".
        "available" | "visible" | "accessible" | "viewable"
            if next == Some("to")
                && words[i.saturating_sub(4)..i]
                    .iter()
                    .any(|w| matches!(*w, "is" | "are" | "be" | "become" | "becomes")) =>
        {
            Some((Action::Share, Strength::Weak))
        }
        _ => None,
    }
}

fn is_make(w: &str) -> bool {
    matches!(w, "make" | "makes" | "made" | "making")
}

/// The "make" of "make ... available" within ten words before `i`, where it is that verb: not
/// with "is" or "are" between ("help you make connections; your name is visible to"), and not
/// "made" as a participle after a noun ("we may use information made publicly available").
fn make_verb_before(words: &[&str], i: usize) -> Option<usize> {
    let k = (i.saturating_sub(10)..i)
        .rev()
        .find(|&k| is_make(words[k]))?;
    let be = |w: &str| {
        matches!(
            w,
            "is" | "are" | "was" | "were" | "be" | "become" | "becomes"
        )
    };
    if words[k + 1..i].iter().any(|w| be(w)) {
        return None;
    }
    let participle = words[k] == "made"
        && !(k > 0
            && (be(words[k - 1])
                || matches!(
                    words[k - 1],
                    "been" | "being" | "have" | "has" | "had" | "we" | "it" | "they" | "you"
                )));
    (!participle).then_some(k)
}

/// Where the act at `i` is negated and has its subject: at "make" for "make ... available"
/// ("we do not make your data available to", "information you make publicly available"),
/// at the word itself otherwise.
fn act_anchor(words: &[&str], i: usize) -> usize {
    match words[i] {
        "available" if i > 0 && is_make(words[i - 1]) => i - 1,
        "available" | "publicly" => make_verb_before(words, i).unwrap_or(i),
        _ => i,
    }
}

const NEGATIONS: &[&str] = &[
    "not", "never", "no", "nor", "neither", "cannot", "dont", "doesnt", "wont", "without",
];

/// Words that may stand between a negation and its verb ("do not and will not ever sell").
fn is_negation_bridge(w: &str) -> bool {
    matches!(
        w,
        "do" | "does"
            | "did"
            | "will"
            | "would"
            | "shall"
            | "should"
            | "may"
            | "might"
            | "can"
            | "could"
            | "must"
            | "be"
            | "is"
            | "are"
            | "was"
            | "were"
            | "been"
            | "being"
            | "have"
            | "has"
            | "had"
            | "ever"
            | "otherwise"
            | "also"
            | "and"
            | "or"
            | "we"
            | "us"
            | "to"
            | "any"
            | "again"
            | "in"
            | "way"
            | "it"
            | "them"
            | "this"
            | "that"
    ) || (w.len() > 4 && w.ends_with("ly"))
}

fn is_negation(w: &str) -> bool {
    NEGATIONS.contains(&w) || w.ends_with("n't")
}

// Byte-level and ASCII-only so the DFA engines run (Unicode word boundaries force the slow
// PikeVM on non-ASCII text); the text is already lower-cased.
// Three regexes, not a set: each `is_match` stops at the first hit, where a set must run its
// overlapping search over the whole sentence. Each runs only where the clause-cue walk found one
// of its literals ([`CONDITION_LITERALS`]), so most sentences run none.
static CONDITIONS: LazyLock<[regex::bytes::Regex; 3]> = LazyLock::new(|| {
    [
        r"\b(your|their|parent's|parental|explicit|express|prior|affirmative) (prior |explicit |express |written |affirmative )?(consent|permission|authori[sz]ation)\b|\bif you (consent|agree|opt in|choose|ask|authori[sz]e|direct|accept|allow|enable|ticked|tick|have (given|agreed|consented|opted))|\bagree(ing|d)? to (this|it|us|such)\b|\bwhere you have (given|agreed|consented)|\bat your (request|direction)|\b(you|users) (have )?(consented|agreed|opted in|authori[sz]ed|instructed)\b|\bopt(ed)? in\b",
        r"\b(required|compelled|obliged|obligated|permitted|authori[sz]ed|requested) (to do so )?by (law|statute|regulation|a court|court order|the law|applicable law|legal process)|\brequired by\b|\b(comply|compliance) with (any |a |an |our |all )?(applicable )?(law|laws|legal|legislation|regulation|regulations|court|subpoena|subpoenas|judicial|governmental)|\blegal (process|obligation|obligations|requirement|requirements|proceeding|proceedings|request|requests|duty)\b|\bsubpoenas?\b|\bcourt orders?\b|\bsearch warrants?\b|\blaw enforcement requests?\b|\bwhere (the )?law (requires|permits)\b|\b(legally|lawfully) (required|obliged|compelled)\b",
        r"\bmergers?\b|\bacquisitions?\b|\bacquired by\b|\bbankruptcy\b|\binsolvency\b|\breorgani[sz]ation\b|\bchange (of|in) (control|ownership)\b|\b(sale|transfer|sell) (of )?(all|some|part|substantially all|a portion|any part) (or (part|substantially all) )?of (our|its|the company's|the|their) (business|assets|company|stock|shares)|\bsale of (our|the) (business|company|assets)\b|\b(sell|sells|sold|transfer|transfers|transferred|divest)( or (sell|transfer))?( (all|some|part|any|substantially all|a portion))?( of)? (our|its) (business|businesses|company|assets|stores|gyms|shops|branches|divisions?|operations|subsidiaries|brands?)\b|\bbusiness transfers?\b|\bbusiness assets\b|\bdivestiture\b|\bcorporate transactions?\b",
    ]
    .map(|p| {
        regex::bytes::RegexBuilder::new(p)
            .unicode(false)
            .build()
            .expect("condition patterns compile")
    })
});

/// "Other companies in the Acme group", "members of our corporate family": affiliates named
/// through the group's own name, which no lexicon can list.
static GROUP_COMPANIES: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::RegexBuilder::new(r"\b(companies|company|members?|entities|entity|businesses|brands|subsidiaries) (in|of|within|belonging to|that are part of|which are part of) (the|our) ([a-z0-9&'.,]+ ){0,4}(group|family|family of companies|corporate group)\b")
        .unicode(false)
        .build()
        .expect("group pattern compiles")
});

/// Markers after which recipients are carved out, not included.
const EXCEPT_MARKERS: &[&str] = &[
    "except",
    "other than",
    "apart from",
    "excluding",
    "save for",
    "with the exception of",
    "besides",
];

/// A declaration before it has its evidence.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Draft {
    pub action: Action,
    pub negated: bool,
    pub recipients: Vec<Mention>,
    pub purposes: Vec<Mention>,
    pub data: Vec<Mention>,
    pub condition: Option<Condition>,
    pub except: Vec<Mention>,
    /// Without written recipients, "third party" is implied (a strong verb with an object).
    pub implicit_ok: bool,
    /// Said only through a weak verb ("provide", "send"), which often means something else.
    pub weak: bool,
    /// The category of that implied recipient.
    pub implicit_category: &'static str,
}

impl From<&super::Declaration> for Draft {
    /// A declaration made again, for the items under it.
    fn from(d: &super::Declaration) -> Draft {
        Draft {
            action: d.action,
            negated: d.negated,
            recipients: d.recipients.clone(),
            purposes: d
                .purposes
                .iter()
                .filter(|m| m.term.is_some())
                .cloned()
                .collect(),
            data: d.data.clone(),
            condition: d.condition,
            except: d.except.clone(),
            implicit_ok: false,
            weak: false,
            implicit_category: "third-party",
        }
    }
}

impl Draft {
    fn empty(action: Action) -> Draft {
        Draft {
            action,
            negated: false,
            recipients: Vec::new(),
            purposes: Vec::new(),
            data: Vec::new(),
            condition: None,
            except: Vec::new(),
            implicit_ok: false,
            weak: false,
            implicit_category: "third-party",
        }
    }

    pub fn has_content(&self) -> bool {
        !self.recipients.is_empty()
            || !self.purposes.is_empty()
            || !self.data.is_empty()
            || self.condition.is_some()
    }

    /// A lead-in's draft applied to a list item without its own verb: the item's recipients,
    /// purposes and data replace or join the lead-in's.
    pub fn governing(&self, item: &Draft, union_recipients: bool) -> Draft {
        let mut d = self.clone();
        // Under "We use your information:" an item's "on behalf of our partners" names no
        // one who collects or uses it: collection and use keep the lead-in's own subjects.
        if !item.recipients.is_empty() && self.action.is_sharing() {
            if union_recipients {
                merge(&mut d.recipients, &item.recipients);
            } else {
                d.recipients = item.recipients.clone();
            }
            d.implicit_ok = false;
        }
        if !item.purposes.is_empty() {
            d.purposes = item.purposes.clone();
        }
        merge(&mut d.data, &item.data);
        if item.condition.is_some() {
            d.condition = item.condition;
        }
        merge(&mut d.except, &item.except);
        // A lead-in with no recipient ("We share data in these cases:") names third parties
        // through its items; an item that names none still implies someone receives data.
        if d.recipients.is_empty() && d.action.is_sharing() {
            d.implicit_ok = true;
        }
        d
    }

    pub fn with_action(&self, action: Action) -> Draft {
        let mut d = self.clone();
        d.action = action;
        d
    }
}

/// Add mentions not already present (same category and organisation).
pub(super) fn merge<'m>(into: &mut Vec<Mention>, from: impl IntoIterator<Item = &'m Mention>) {
    for m in from {
        if !into
            .iter()
            .any(|x| x.category == m.category && x.entity == m.entity)
        {
            into.push(m.clone());
        }
    }
}

/// Everything found in one sentence.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Analysis {
    pub drafts: Vec<Draft>,
    /// Mentions of clauses without a verb, and the sentence's negation/condition.
    bare: Draft,
    heading_action: Option<Action>,
}

impl Analysis {
    /// The analysis of a sentence that says nothing of data.
    fn nothing() -> Analysis {
        Analysis {
            drafts: Vec::new(),
            bare: Draft::empty(Action::Share),
            heading_action: None,
        }
    }

    /// About how many bytes this analysis takes, with what it owns (for the sentence cache's
    /// budget; an estimate, not an exact count).
    pub fn weight(&self) -> usize {
        let mentions = |d: &Draft| {
            [&d.recipients, &d.purposes, &d.data, &d.except]
                .iter()
                .flat_map(|ms| ms.iter())
                .map(|m| {
                    std::mem::size_of::<Mention>()
                        + m.term.as_ref().map_or(0, String::len)
                        + m.category.len()
                        + m.entity.as_ref().map_or(0, String::len)
                })
                .sum::<usize>()
        };
        std::mem::size_of::<Analysis>()
            + mentions(&self.bare)
            + self
                .drafts
                .iter()
                .map(|d| std::mem::size_of::<Draft>() + mentions(d))
                .sum::<usize>()
    }

    pub fn bare(&self) -> Draft {
        self.bare.clone()
    }

    pub fn heading_action(&self) -> Option<Action> {
        self.heading_action
    }

    pub fn all_recipients(&self) -> Vec<Mention> {
        let mut all = self.bare.recipients.clone();
        for d in &self.drafts {
            merge(&mut all, &d.recipients);
        }
        all.retain(|m| m.term.is_some());
        all
    }

    pub fn all_purposes(&self) -> Vec<Mention> {
        let mut all = self.bare.purposes.clone();
        for d in &self.drafts {
            merge(&mut all, &d.purposes);
        }
        all
    }

    pub fn all_data(&self) -> Vec<Mention> {
        let mut all = self.bare.data.clone();
        for d in &self.drafts {
            merge(&mut all, &d.data);
        }
        all
    }
}

/// A word of the normalised sentence: its text and byte span.
struct Word<'t> {
    text: &'t str,
    start: usize,
}

fn words(n: &Normalized) -> Vec<Word<'_>> {
    // An apostrophe inside a word belongs to it ("don't", "children's").
    let mut out = Vec::with_capacity(n.spans().len());
    out.extend(n.apostrophe_word_spans().map(|(s, e)| Word {
        text: &n.lower[s..e],
        start: s,
    }));
    out
}

/// What a cue of [`CUES`] marks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// A new clause starts one byte after the cue's start (", but ", "; ").
    Clause,
    /// Recipients after it are carved out ("except", "other than"); whole words only.
    Except,
    /// A literal every match of some [`CONDITIONS`] patterns contains: bit `k` for pattern
    /// `k`. A pattern runs only where one of its literals is found.
    Condition(u8),
    /// A word every match of [`GROUP_COMPANIES`] ends with; the pattern runs only where one is.
    Group,
}

/// For each pattern of [`CONDITIONS`], literals of which every match contains one. Debug builds
/// check it on every sentence analysed (see [`conditions`]), so a pattern that outgrows its
/// literals fails the tests.
const CONDITION_LITERALS: [&[&str]; 3] = [
    &[
        "consent",
        "permission",
        "authori",
        "if you ",
        "agree",
        "where you have ",
        "at your ",
        "opt",
        "instructed",
    ],
    &[
        "required",
        "compelled",
        "obliged",
        "obligated",
        "permitted",
        "authori",
        "requested",
        "compl",
        "legal ",
        "subpoena",
        "court order",
        "search warrant",
        "law enforcement request",
        "law requires",
        "law permits",
    ],
    &[
        "merger",
        "acquisition",
        "acquired by",
        "bankruptcy",
        "insolvency",
        "reorgani",
        "change of ",
        "change in ",
        "sale",
        "transfer",
        "sell",
        "sold",
        "divest",
        "business assets",
        "corporate transaction",
    ],
];

/// Clause boundaries, carve-out markers and the literals of the condition patterns in one
/// automaton, so a sentence is searched once for all of them.
static CUES: LazyLock<(aho_corasick::dfa::DFA, Vec<Cue>)> = LazyLock::new(|| {
    let mut patterns: Vec<(&str, Cue)> = vec![(";", Cue::Clause)];
    for marker in [
        ", but ",
        " but we ",
        ", however",
        ", although ",
        ", while ",
        ", whereas ",
        " however, ",
    ] {
        patterns.push((marker, Cue::Clause));
    }
    for marker in EXCEPT_MARKERS {
        patterns.push((marker, Cue::Except));
    }
    let mut literals: Vec<(&str, u8)> = Vec::new();
    for (k, group) in CONDITION_LITERALS.iter().enumerate() {
        for &literal in group.iter() {
            match literals.iter_mut().find(|(l, _)| *l == literal) {
                Some((_, bits)) => *bits |= 1 << k,
                None => literals.push((literal, 1 << k)),
            }
        }
    }
    for (literal, bits) in literals {
        patterns.push((literal, Cue::Condition(bits)));
    }
    for word in ["group", "family"] {
        patterns.push((word, Cue::Group));
    }
    let automaton = aho_corasick::dfa::DFA::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        .prefilter(false)
        .build(patterns.iter().map(|(p, _)| p))
        .expect("cue automaton builds");
    (automaton, patterns.into_iter().map(|(_, c)| c).collect())
});

/// What one walk of [`CUES`] over a sentence finds.
struct Cues {
    /// Byte offsets in normalised text where a clause starts, from 0, in order.
    starts: Vec<usize>,
    /// Start and end of each whole-word carve-out marker, in text order.
    excepts: Vec<(usize, usize)>,
    /// Start, end and pattern bits of each condition literal.
    literals: Vec<(usize, usize, u8)>,
    /// Whether the text holds "group" or "family" (see [`GROUP_COMPANIES`]).
    group_word: bool,
}

impl Cues {
    /// The patterns of [`CONDITIONS`] with a literal inside `start..end`.
    fn condition_bits(&self, start: usize, end: usize) -> u8 {
        self.literals
            .iter()
            .filter(|&&(s, e, _)| s >= start && e <= end)
            .fold(0, |bits, &(_, _, b)| bits | b)
    }
}

fn cues(lower: &str) -> Cues {
    let (automaton, kinds) = &*CUES;
    let mut starts = vec![0];
    let mut excepts = Vec::new();
    let mut literals = Vec::new();
    let mut group_word = false;
    let bytes = lower.as_bytes();
    for m in crate::vocab::Overlapping::new(automaton, bytes) {
        match kinds[m.pattern().as_usize()] {
            Cue::Group => group_word = true,
            Cue::Condition(bits) => literals.push((m.start(), m.end(), bits)),
            Cue::Clause => starts.push(m.start() + 1),
            Cue::Except => {
                let before_ok = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
                let after_ok = bytes
                    .get(m.end())
                    .is_none_or(|b| !b.is_ascii_alphanumeric());
                // "except as described below" qualifies the statement, not its recipients.
                let rest = &lower[m.end()..];
                let qualifies_statement = [" as ", " where ", " when ", " if ", " to the extent"]
                    .iter()
                    .any(|q| rest.starts_with(q));
                if before_ok && after_ok && !qualifies_statement {
                    excepts.push((m.start(), m.end()));
                }
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    // Overlapping matches come in order of their ends.
    excepts.sort_unstable();
    Cues {
        starts,
        excepts,
        literals,
        group_word,
    }
}

struct Found {
    recipients: Vec<(usize, Mention)>,
    purposes: Vec<(usize, Mention)>,
    data: Vec<(usize, Mention)>,
}

fn mention(sentence: &str, n: &Normalized, m: &LexiconMatch, category: &str) -> Mention {
    Mention {
        term: Some(fold_whitespace(n.source_slice(sentence, m.start, m.end))),
        category: category.to_string(),
        entity: None,
    }
}

/// An ad word ("ad", "ads", "advertising", ...) within three words after, or
/// two words before, the span `start..end` of `lower`, and no "content" just
/// after it.
fn near_ad_word(lower: &str, start: usize, end: usize) -> bool {
    let is_ad = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w == "ad" || w == "ads" || w.starts_with("advertis")
    };
    let after: Vec<&str> = lower[end..].split_whitespace().take(4).collect();
    // "personalized content and ads" personalises the content as well.
    if lower[start..end].contains("content") || after.iter().any(|w| w.starts_with("content")) {
        return false;
    }
    after.iter().take(3).any(|w| is_ad(w))
        || lower[..start].split_whitespace().rev().take(2).any(is_ad)
}

/// An ad word within four words after `end` of `lower`, with no "and" / "or" between (so
/// "analytics and advertising" stays two purposes of their own).
fn measures_ads(lower: &str, end: usize) -> bool {
    for w in lower[end..].split_whitespace().take(4) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w == "ad" || w == "ads" || w.starts_with("advertis") {
            return true;
        }
        if matches!(w, "and" | "or") {
            return false;
        }
    }
    false
}

/// `group_word`: whether the text holds a word [`GROUP_COMPANIES`] needs ([`Cues::group_word`]).
fn find_all(sentence: &str, n: &Normalized, vocab: &Vocabulary, group_word: bool) -> Found {
    let lex = vocab.lexicon();
    let entities = lex.find_entities(n);
    let mut recipients: Vec<(usize, Mention)> = Vec::new();
    for m in &entities {
        let e = &vocab.entities[m.index];
        let Some(category) = vocab.entity_categories(e).first() else {
            continue;
        };
        recipients.push((
            m.start,
            Mention {
                term: Some(fold_whitespace(n.source_slice(sentence, m.start, m.end))),
                category: category.clone(),
                entity: Some(e.name.clone()),
            },
        ));
    }
    let lower = &n.lower;
    let [recipient_matches, purpose_matches, data_matches] = lex.find_all(n);
    for m in recipient_matches {
        if entities.iter().any(|e| e.start < m.end && m.start < e.end) {
            continue;
        }
        // "we may partner with companies": the verb, not a recipient called "partner".
        if matches!(&lower[m.start..m.end], "partner" | "partners")
            && lower[m.end..].starts_with(" with ")
            && !lower[m.end..].starts_with(" with whom")
            && !lower[m.end..].starts_with(" with which")
        {
            continue;
        }
        // "browser type, internet service provider, referring pages": a longer data term
        // around the recipient words names data.
        if data_matches
            .iter()
            .any(|d| d.start <= m.start && m.end <= d.end && d.end - d.start > m.end - m.start)
        {
            continue;
        }
        let category = &vocab.recipients.at(m.index).id;
        // "publicly available information / data / sources": what the data is, or where it
        // comes from, not the public receiving it.
        if matches!(&lower[m.start..m.end], "publicly available")
            && matches!(
                word_after(lower, m.end, &[' ']),
                "information"
                    | "data"
                    | "content"
                    | "sources"
                    | "source"
                    | "records"
                    | "record"
                    | "databases"
                    | "database"
                    | "profile"
                    | "profiles"
                    | "personal"
                    | "details"
            )
        {
            continue;
        }
        // "third-party websites / links / content" are places, not recipients.
        let after = lower[m.end..].trim_start();
        if category == "third-party"
            && [
                "website",
                "site",
                "web site",
                "link",
                "page",
                "content",
                "product",
                "cookie",
                "plug",
                "widget",
                "application",
            ]
            .iter()
            .any(|w| after.starts_with(w))
        {
            continue;
        }
        recipients.push((m.start, mention(sentence, n, &m, category)));
    }
    debug_assert!(
        group_word || !GROUP_COMPANIES.is_match(lower.as_bytes()),
        "the cue walk missed the group word of {lower:?}"
    );
    let group_matches = group_word
        .then(|| GROUP_COMPANIES.find_iter(lower.as_bytes()))
        .into_iter()
        .flatten();
    for m in group_matches {
        if !recipients
            .iter()
            .any(|(p, r)| *p >= m.start() && *p < m.end() && r.category == "affiliate")
        {
            recipients.retain(|(p, _)| !(*p >= m.start() && *p < m.end()));
            recipients.push((
                m.start(),
                Mention {
                    term: Some(fold_whitespace(n.source_slice(
                        sentence,
                        m.start(),
                        m.end(),
                    ))),
                    category: "affiliate".into(),
                    entity: None,
                },
            ));
        }
    }
    recipients.sort_by_key(|(p, _)| *p);
    let mut purposes: Vec<(usize, Mention)> = Vec::with_capacity(purpose_matches.len());
    for m in purpose_matches.iter() {
        if understand_is_assent(lower, m.start, m.end) {
            continue;
        }
        let id = &vocab.purposes.at(m.index).id;
        // "personalize the advertising", "ads that are tailored": the
        // personal touch is the ad's, so the purpose is targeting.
        let id = if id == "personalisation" && near_ad_word(lower, m.start, m.end) {
            "targeted-advertising"
        } else {
            id
        };
        purposes.push((m.start, mention(sentence, n, m, id)));
        // "measure the effectiveness of ads": research into advertising serves advertising too.
        if id == "analytics-research" && measures_ads(lower, m.end) {
            purposes.push((m.start, mention(sentence, n, m, "advertising")));
        }
    }
    let data = data_matches
        .iter()
        .filter(|m| {
            !address_is_a_verb(lower, m.start, m.end) && !age_is_a_threshold(lower, m.start, m.end)
        })
        .map(|m| (m.start, mention(sentence, n, m, &vocab.data.at(m.index).id)))
        .collect();
    Found {
        recipients,
        purposes,
        data,
    }
}

/// The word that starts at `at` once any characters of `gap` are skipped; empty when
/// punctuation or the end comes first.
fn word_after<'t>(lower: &'t str, at: usize, gap: &[char]) -> &'t str {
    let rest = lower[at..].trim_start_matches(gap);
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// "address fraud", "prevent and address technical issues", "address your concerns": the verb,
/// not a postal address. The bare word is a verb when an object follows it; as a noun it ends
/// a list item or is followed by a conjunction, a bracket or another noun ("address book" is
/// a term of its own).
fn address_is_a_verb(lower: &str, start: usize, end: usize) -> bool {
    if !matches!(&lower[start..end], "address" | "addresses") {
        return false;
    }
    matches!(
        word_after(lower, end, &[' ']),
        "the"
            | "your"
            | "our"
            | "their"
            | "its"
            | "any"
            | "these"
            | "this"
            | "those"
            | "such"
            | "all"
            | "it"
            | "them"
            | "fraud"
            | "issues"
            | "technical"
            | "security"
            | "violations"
            | "complaints"
            | "concerns"
            | "questions"
            | "problems"
            | "requests"
            | "inquiries"
            | "enquiries"
            | "needs"
            | "risks"
            | "rights"
            | "different"
            | "potential"
            | "abuse"
            | "misuse"
            | "bugs"
            | "errors"
            | "disputes"
            | "claims"
    )
}

/// "You understand that...", "you understand and agree": the reader's assent, not analytics.
fn understand_is_assent(lower: &str, start: usize, end: usize) -> bool {
    if !matches!(&lower[start..end], "understand" | "understands") {
        return false;
    }
    let before = lower[..start].trim_end();
    let after = lower[end..].trim_start();
    before.ends_with("you")
        || before.ends_with("you further")
        || before.ends_with("you also")
        || after.starts_with("that ")
        || after.starts_with("and agree")
        || after.starts_with("and acknowledge")
        || after.starts_with("and accept")
}

/// "under the age of 13", "16 years of age", "minimum age", "age verification", "age-gate":
/// an age limit the person meets, not their age collected as data.
fn age_is_a_threshold(lower: &str, start: usize, end: usize) -> bool {
    if &lower[start..end] != "age" {
        return false;
    }
    let before = lower[..start]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .rfind(|w| !w.is_empty());
    let next = word_after(lower, end, &[' ', '-']);
    matches!(
        before,
        Some(
            "of" | "under"
                | "minimum"
                | "equivalent"
                | "legal"
                | "digital"
                | "majority"
                | "over"
                | "above"
                | "below"
                | "required"
        )
    ) || (before == Some("the") && next == "of")
        || matches!(
            next,
            "requirement"
                | "requirements"
                | "gate"
                | "gating"
                | "verification"
                | "limit"
                | "limits"
                | "restriction"
                | "restrictions"
                | "threshold"
                | "check"
                | "checks"
        )
}

/// Copies of borrowed mentions, for a draft that keeps them.
fn owned(mentions: &[&Mention]) -> Vec<Mention> {
    mentions.iter().map(|&m| m.clone()).collect()
}

/// The mentions from `start` to `end`, one per category and organisation; borrowed, since most
/// are only read or merged, and a draft copies the ones it keeps.
fn in_range(items: &[(usize, Mention)], start: usize, end: usize) -> Vec<&Mention> {
    let mut out: Vec<&Mention> = Vec::new();
    for (p, m) in items {
        if *p >= start
            && *p < end
            && !out
                .iter()
                .any(|x| x.category == m.category && x.entity == m.entity)
        {
            out.push(m);
        }
    }
    out
}

/// The condition `text` states; `bits` says which patterns of [`CONDITIONS`] can match (those
/// with a literal in the text, from [`Cues::condition_bits`]).
fn conditions(text: &str, bits: u8) -> Option<Condition> {
    let found = conditions_of(text.as_bytes(), bits);
    debug_assert_eq!(
        found,
        conditions_of(text.as_bytes(), 0b111),
        "CONDITION_LITERALS misses a literal of a CONDITIONS pattern matching {text:?}"
    );
    found
}

fn conditions_of(text: &[u8], bits: u8) -> Option<Condition> {
    let [consent, legal, business] = &*CONDITIONS;
    // A merger clause is about the merger; consent outranks the law: "with your consent or as
    // required by law" is about consent first.
    if bits & 0b100 != 0 && business.is_match(text) {
        Some(Condition::BusinessTransfer)
    } else if bits & 0b001 != 0 && consent.is_match(text) {
        Some(Condition::Consent)
    } else if bits & 0b010 != 0 && legal.is_match(text) {
        Some(Condition::LegalObligation)
    } else {
        None
    }
}

/// Analyse one sentence.
pub(super) fn analyze(sentence: &str, vocab: &Vocabulary) -> Analysis {
    analyze_sentence(sentence, vocab, true, true)
}

/// Analyse one sentence of running text; without `need_bare`, a sentence with no action word
/// at all is skipped before the lexicon scan (most sentences of a policy say nothing of
/// sharing).
pub(super) fn analyze_with(sentence: &str, vocab: &Vocabulary, need_bare: bool) -> Analysis {
    analyze_sentence(sentence, vocab, need_bare, false)
}

/// `as_heading`: also work out the sharing act a heading or lead-in names.
fn analyze_sentence(
    sentence: &str,
    vocab: &Vocabulary,
    need_bare: bool,
    as_heading: bool,
) -> Analysis {
    let flags = usize::from(need_bare) | usize::from(as_heading) << 1;
    super::cache::analysis(sentence, vocab.id(), flags, || {
        analyze_uncached(sentence, vocab, need_bare, as_heading)
    })
}

thread_local! {
    /// The buffers of the last sentence normalised on this thread, for the next one.
    static SPARE: std::cell::Cell<Option<Normalized>> = const { std::cell::Cell::new(None) };
}

/// A sentence's normalised text, in buffers taken from [`SPARE`] and given back on drop, so
/// analysing a sentence does not allocate them afresh.
struct Pooled(Option<Normalized>);

impl Pooled {
    fn new(text: &str) -> Pooled {
        let mut n = SPARE.take().unwrap_or_default();
        n.renew(text);
        Pooled(Some(n))
    }
}

impl std::ops::Deref for Pooled {
    type Target = Normalized;
    fn deref(&self) -> &Normalized {
        // Only `drop` takes the value out.
        self.0.as_ref().expect("a pooled value until dropped")
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        SPARE.set(self.0.take());
    }
}

/// [`analyze_sentence`] without the cache.
pub(super) fn analyze_uncached(
    sentence: &str,
    vocab: &Vocabulary,
    need_bare: bool,
    as_heading: bool,
) -> Analysis {
    let n = Pooled::new(sentence);
    let lower = n.lower.as_str();
    let ws = words(&n);
    let texts: Vec<&str> = ws.iter().map(|w| w.text).collect();
    // Each word's verb reading, looked up once for the early exit and the verb scan.
    let verb_at: Vec<Option<(Action, Strength)>> = texts.iter().map(|w| verb(w)).collect();
    // No word before this one is a verb or names an act, so the verb scan starts here.
    let first_action = (0..texts.len())
        .position(|i| verb_at[i].is_some() || noun_action(&texts, i).is_some())
        .unwrap_or(texts.len());
    if !need_bare && first_action == texts.len() {
        return Analysis::nothing();
    }
    // Action verbs, in order.
    let mut verbs: Vec<(usize, Action, Strength, bool)> = Vec::new(); // (word index, action, strength, negated)
    // The action word before this one, and whether it was the user's act through "to"
    // ("allow your child to share").
    let mut previous_act: Option<(usize, bool)> = None;
    for i in first_action..ws.len() {
        let found_verb = verb_at[i].filter(|_| !noun_position(&texts, i));
        let Some((mut action, mut strength)) = found_verb.or_else(|| noun_action(&texts, i)) else {
            continue;
        };
        let previous = previous_act.replace((i, false));
        // "sharing buttons", "shared hosting": adjectives before nouns that are not data.
        if texts[i] == "shared" && i > 0 && matches!(texts[i - 1], "a" | "the" | "local") {
            continue;
        }
        // "your Personal Information, or Shared Information": a defined term in a list.
        if texts[i] == "shared"
            && i > 0
            && matches!(texts[i - 1], "or" | "and")
            && matches!(
                texts.get(i + 1).copied(),
                Some("information" | "data" | "content")
            )
        {
            continue;
        }
        // "except as disclosed in this policy", "as described below": a pointer to other
        // statements, not one.
        if i > 0
            && texts[i - 1] == "as"
            && matches!(
                texts.get(i + 1).copied(),
                None | Some(
                    "in" | "above"
                        | "below"
                        | "herein"
                        | "elsewhere"
                        | "under"
                        | "within"
                        | "earlier"
                        | "later"
                        | "here"
                )
            )
        {
            continue;
        }
        // "This Privacy Policy discloses what we collect": the text describes itself.
        if action.is_sharing() && policy_is_subject(&texts, i) {
            continue;
        }
        if matches!(texts[i], "shared" | "sharing")
            && matches!(
                texts.get(i + 1).copied(),
                Some(
                    "object"
                        | "objects"
                        | "hosting"
                        | "server"
                        | "servers"
                        | "drive"
                        | "folder"
                        | "account"
                        | "device"
                        | "computer"
                        | "space"
                        | "responsibility"
                        | "interest"
                        | "interests"
                        | "button"
                        | "buttons"
                        | "feature"
                        | "features"
                        | "tools"
                        | "widget"
                        | "widgets"
                        | "practices"
                        | "practice"
                        | "policies"
                        | "policy"
                )
            )
        {
            continue;
        }
        let anchor = act_anchor(&texts, i);
        if is_users_act(lower, &ws, &texts, i, anchor, previous) {
            previous_act = Some((i, anchor > 0 && texts[anchor - 1] == "to"));
            continue;
        }
        // "provide links to third-party sites", "send offers on behalf of": not data.
        if strength == Strength::Weak && weak_object_is_not_data(&texts, i) {
            continue;
        }
        // "protect against unauthorised disclosure", "opt out of our sharing", California's
        // Shine the Light boilerplate about "certain businesses": about sharing, not sharing.
        if context_is_not_a_statement(&texts, i)
            || (action.is_sharing() && descriptive(&texts, i, true))
        {
            continue;
        }
        // "These sites are published in the United States", "a newsletter published by us":
        // publishing data is active, with the data after it.
        if texts[i].starts_with("publish")
            && (matches!(texts.get(i + 1).copied(), Some("by" | "in" | "on" | "at"))
                || (i > 0
                    && matches!(
                        texts[i - 1],
                        "is" | "are" | "was" | "were" | "be" | "been" | "being"
                    )))
        {
            continue;
        }
        // "as provided by the teacher": the agent of a passive verb is a source; but "cookies
        // provided by third parties" are theirs, collecting.
        if strength == Strength::Weak
            && texts.get(i + 1) == Some(&"by")
            && !matches!(texts[i], "viewed" | "accessed" | "read" | "seen")
        {
            if i > 0 && TRACKING_NOUNS.contains(&texts[i - 1]) {
                (action, strength) = (Action::Collect, Strength::Own);
            } else {
                continue;
            }
        }
        // "a trading name of", "trading subsidiary", "the Federal Trade Commission", "trade
        // secrets": a business or a body, not a sale.
        if action == Action::Sell
            && texts[i].starts_with("trad")
            && (matches!(
                texts.get(i + 1).copied(),
                Some(
                    "name"
                        | "names"
                        | "subsidiary"
                        | "as"
                        | "company"
                        | "standards"
                        | "address"
                        | "commission"
                        | "commissions"
                        | "commission's"
                        | "association"
                        | "associations"
                        | "secret"
                        | "secrets"
                        | "show"
                        | "shows"
                        | "mark"
                        | "marks"
                        | "union"
                        | "unions"
                        | "body"
                        | "bodies"
                        | "publication"
                        | "publications"
                        | "press"
                        | "limited"
                        | "ltd"
                        | "llc"
                        | "inc"
                        | "plc"
                        | "gmbh"
                        | "co"
                )
            ) || (i > 0 && matches!(texts[i - 1], "federal" | "free" | "fair")))
        {
            continue;
        }
        // "see the section headed "Sharing with ..."": a pointer, not a statement.
        if texts[..i].windows(2).any(|p| {
            p[0] == "section" && matches!(p[1], "headed" | "titled" | "entitled" | "called")
        }) {
            continue;
        }
        // "TRUSTe will serve as a liaison": a role, not serving ads or cookies.
        if texts[i].starts_with("serv") && texts.get(i + 1) == Some(&"as") {
            continue;
        }
        // "give birth", "send you": not data going to a third party.
        if strength == Strength::Weak
            && matches!(
                texts.get(i + 1).copied(),
                Some("birth" | "you" | "feedback" | "us")
            )
        {
            continue;
        }
        // "Third parties may see your information", not "see a list of" or "view our ads".
        if matches!(texts[i], "see" | "view" | "viewed")
            && !texts[i + 1..].iter().take(3).any(|w| {
                matches!(*w, "your" | "personal" | "profile" | "profiles")
                    || (OBJECT_WORDS.contains(w) && !matches!(*w, "list" | "lists"))
            })
        {
            continue;
        }
        // "share information with you", "sent to us": the user or the organisation receives
        // (but "deliver information to us or to a partner" also goes to the partner).
        if action.is_sharing()
            && texts[i + 1..].windows(4).take(3).any(|p| {
                matches!(p[0], "with" | "to")
                    && matches!(p[1], "you" | "us" | "users")
                    && !(matches!(p[2], "or" | "and") && matches!(p[3], "to" | "with"))
            })
        {
            continue;
        }
        // "We may receive information about you": the organisation is the one receiving.
        if texts[i].starts_with("receiv")
            && texts[i.saturating_sub(3)..i]
                .iter()
                .any(|w| matches!(*w, "we" | "us"))
        {
            continue;
        }
        // "This statement is provided on behalf of ...": the text's author, not a recipient.
        if strength == Strength::Weak
            && texts.get(i + 1) == Some(&"on")
            && texts.get(i + 2) == Some(&"behalf")
        {
            continue;
        }
        let negated = negated_before(&texts, anchor) || denied_as_practice(&texts, anchor);
        verbs.push((i, action, strength, negated));
    }
    // The lexicon runs only for a sentence that may make a draft: without `need_bare`, one with
    // a verb left after the rules above (the lexicon can only take verbs away).
    if verbs.is_empty() && !need_bare {
        return Analysis::nothing();
    }
    // The cue walk comes first: it also says whether the group-companies pattern can match.
    let cues = cues(lower);
    let found = find_all(sentence, &n, vocab, cues.group_word);
    // Verbs of words that are lexicon terms ("data processing", "service providers") are not
    // actions when inside a recipient or data mention ("processors").
    // The act read at "publicly" ("make ... publicly available") starts its own recipient term.
    verbs.retain(|&(i, ..)| {
        texts[i] == "publicly"
            || !found.recipients.iter().any(|(p, m)| {
                *p <= ws[i].start && ws[i].start < p + m.term.as_ref().map_or(0, |t| t.len())
            })
    });
    // "The CCPA defines "sale" as disclosing ...", "a "sale" is the disclosure of ...": a
    // definition of the act, not a statement that it happens.
    if defines_a_sharing_term(&texts) {
        verbs.retain(|v| !v.1.is_sharing());
    }
    // Selling is a data sale only when what is sold is data (see `sale_is_not_of_data`).
    verbs.retain(|&(i, action, _, negated)| {
        !matches!(action, Action::Sell | Action::Rent)
            || !sale_is_not_of_data(
                lower,
                &ws,
                &texts,
                i,
                negated,
                &found.data,
                &found.recipients,
            )
    });
    mark_no_subject_negation(&texts, &mut verbs);
    inherit_negation_through_or(&texts, &mut verbs);
    // "Pages where you enter X do not contain third-party tracking": the page is the subject.
    if texts.windows(3).any(|w| {
        matches!(w[0], "do" | "does" | "will" | "never")
            && matches!(w[1], "not" | "never")
            && matches!(
                w[2],
                "contain" | "include" | "use" | "host" | "load" | "embed"
            )
    }) && verbs.iter().all(|v| v.1 == Action::Collect)
    {
        for v in verbs.iter_mut() {
            v.3 = true;
        }
    }

    // No clause makes a draft without a verb, and without `need_bare` the caller reads
    // nothing else.
    if verbs.is_empty() && !need_bare {
        return Analysis::nothing();
    }
    let condition = conditions(lower, cues.condition_bits(0, lower.len()));
    let (starts, except_markers) = (&cues.starts, &cues.excepts);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut bare = Draft::empty(Action::Share);
    bare.condition = condition;
    bare.negated = texts
        .first()
        .is_some_and(|w| matches!(*w, "no" | "not" | "never" | "none"));
    let mut last_clause_drafts: Option<(usize, usize)> = None; // range in `drafts` of the previous clause
    for (ci, &cstart) in starts.iter().enumerate() {
        let cend = starts.get(ci + 1).copied().unwrap_or(lower.len());
        let clause_verbs: Vec<&(usize, Action, Strength, bool)> = verbs
            .iter()
            .filter(|v| ws[v.0].start >= cstart && ws[v.0].start < cend)
            .collect();
        // Carve-outs: recipients after "except" / "other than".
        // The first carve-out marker inside the clause (a clause start is a word boundary).
        let except_at = except_markers
            .iter()
            .find(|&&(s, e)| s >= cstart && e <= cend)
            .map(|&(s, _)| s);
        let inc_end = except_at.unwrap_or(cend);
        // As `in_range` over the recipients not preceded by "from".
        let recipients_at = |from: usize, to: usize| -> Vec<&Mention> {
            let mut out: Vec<&Mention> = Vec::new();
            for (p, m) in &found.recipients {
                if *p >= from
                    && *p < to
                    && !preceded_by_from(lower, *p)
                    && !out
                        .iter()
                        .any(|x| x.category == m.category && x.entity == m.entity)
                {
                    out.push(m);
                }
            }
            out
        };
        let recipients_in = |from: usize, to: usize| -> Vec<Mention> {
            recipients_at(from, to).into_iter().cloned().collect()
        };
        let recipients = recipients_at(cstart, inc_end);
        // Recipients right after "by" in this clause (category and organisation).
        let agent_positions: Vec<(usize, &str, Option<&str>)> = found
            .recipients
            .iter()
            .filter(|(p, _)| *p >= cstart && *p < inc_end && follows_by(lower, *p))
            .map(|(p, m)| (*p, m.category.as_str(), m.entity.as_deref()))
            .collect();
        let except = except_at
            .map(|e| recipients_at(e, cend))
            .unwrap_or_default();
        let purposes = in_range(&found.purposes, cstart, cend);
        let data = in_range(&found.data, cstart, cend);
        // A one-clause sentence already has its condition; only longer ones look per clause
        // (a clause matches a pattern only where its sentence does), and only where a verb
        // makes drafts that carry it.
        let clause_condition =
            if starts.len() == 1 || condition.is_none() || clause_verbs.is_empty() {
                condition
            } else {
                conditions(&lower[cstart..cend], cues.condition_bits(cstart, cend)).or(condition)
            };
        if clause_verbs.is_empty() {
            // A clause without a verb adds its recipients to the clause before it
            // ("...with partners; these include advertisers and analytics providers").
            if let Some((a, b)) = last_clause_drafts {
                for d in &mut drafts[a..b] {
                    if d.action.is_sharing() {
                        merge(&mut d.recipients, recipients.iter().copied());
                        merge(&mut d.purposes, purposes.iter().copied());
                    }
                }
            }
            merge(&mut bare.recipients, recipients.iter().copied());
            merge(&mut bare.purposes, purposes.iter().copied());
            merge(&mut bare.data, data.iter().copied());
            merge(&mut bare.except, except.iter().copied());
            continue;
        }
        let first_draft = drafts.len();
        let business_transfer = clause_condition == Some(Condition::BusinessTransfer);
        let mut seen: Vec<(Action, bool)> = Vec::new();
        for &&(wi, action, strength, negated) in &clause_verbs {
            let mut negated = negated;
            let mut by_agent = false;
            let at = ws[wi].start;
            let (action, clause_recipients) = match strength {
                // "display it publicly", "display your name to other users": only who it is
                // shown to, after the verb.
                Strength::Weak if texts[wi].starts_with("display") => (
                    action,
                    recipients_at(at, inc_end)
                        .into_iter()
                        .filter(|m| m.category == "public")
                        .cloned()
                        .collect(),
                ),
                // "disclosure of information by a public body": the agent of a sale or
                // disclosure is the one giving data, not receiving it.
                Strength::Strong => (
                    action,
                    recipients_at(cstart, inc_end)
                        .into_iter()
                        .filter(|m| {
                            // "acquired by another company": the buyer receives. An agent
                            // follows its verb ("by court order ... to disclose" is no agent).
                            business_transfer
                                || !agent_positions.iter().any(|&(p, c, e)| {
                                    p > at && c == m.category && e == m.entity.as_deref()
                                })
                        })
                        .cloned()
                        .collect(),
                ),
                // "provide your details to partners": a weak verb's recipient is its object,
                // after it; one before it is its subject ("services provided on the site").
                // Those who "receive", "see" or "have access" are their subjects.
                Strength::Weak
                    if !matches!(
                        texts[wi],
                        "receive"
                            | "receives"
                            | "received"
                            | "see"
                            | "view"
                            | "viewed"
                            | "seen"
                            | "read"
                            | "accessed"
                            | "access"
                    ) =>
                {
                    (action, recipients_in(at, inc_end))
                }
                Strength::Weak => (action, owned(&recipients)),
                Strength::FirstOnly => (action, Vec::new()),
                Strength::Engages => {
                    let objects = direct_objects(lower, &found.recipients, &ws, wi, cend);
                    if objects.is_empty() {
                        continue;
                    }
                    (action, objects)
                }
                Strength::Own | Strength::ThirdOnly => {
                    // A third party as the subject collects for itself.
                    // "information collected by our partners": a passive verb's collector is
                    // its agent; "the program covers information collected through this site"
                    // names no collector at all.
                    let nominal = texts[wi] == "collection"
                        || (texts[wi] == "use" && noun_position(&texts, wi));
                    let subjects = if nominal {
                        let agents = agents(lower, &found.recipients, &ws, wi, cend, true);
                        if agents.is_empty() {
                            // "the use of the App": the act named without its agent says
                            // nothing here.
                            continue;
                        }
                        by_agent = true;
                        agents
                    } else if is_passive(&texts, wi, &ws, &found.data) {
                        let agents = agents(lower, &found.recipients, &ws, wi, cend, false);
                        by_agent = !agents.is_empty();
                        agents
                    } else if strength == Strength::Own && !handles_data(&ws, wi, &found.data) {
                        // "require our processor to use adequate encryption", "anyone who
                        // intends to use these materials": a third party acting on no data.
                        Vec::new()
                    } else {
                        // "information received from third parties ... we have collected":
                        // a source is no subject, nor is anyone before a nearer "we" or "you".
                        // ("contractors we engage may collect": "we" there is a relative
                        // clause's, not the verb's own subject.)
                        let nearer = (0..wi)
                            .rev()
                            .take_while(|&k| ws[k].start >= cstart)
                            .find(|&k| {
                                matches!(texts[k], "we" | "you")
                                    && texts[k + 1..wi]
                                        .iter()
                                        .all(|w| is_negation_bridge(w) || is_negation(w))
                            })
                            .map_or(cstart, |k| ws[k].start);
                        recipients_in(nearer, at)
                    };
                    if !subjects.is_empty() {
                        // "We do not authorise third parties to collect": the permission's
                        // denial is the collection's.
                        if denied_permission(&texts, &ws, &found.recipients, cstart, at) {
                            negated = true;
                        }
                        (Action::Collect, subjects)
                    } else if matches!(texts[wi], "use" | "uses" | "using" | "employ" | "employs")
                        && let objects = direct_objects(lower, &found.recipients, &ws, wi, cend)
                        && !objects.is_empty()
                        && texts.get(wi + 1) != Some(&"with")
                    {
                        // "We use Google Analytics": the tool's owner collects through it.
                        // "We employ other companies to perform functions": they are given
                        // data to work on.
                        if texts[wi].starts_with("employ") {
                            (Action::Share, objects)
                        } else {
                            (Action::Collect, objects)
                        }
                    } else if strength == Strength::ThirdOnly {
                        continue;
                    } else {
                        (action, Vec::new())
                    }
                }
            };
            if strength == Strength::Weak && clause_recipients.is_empty() {
                continue;
            }
            // "If we sell our business, your data may be transferred": a business changes hands.
            let action = if business_transfer && action == Action::Sell {
                Action::Transfer
            } else {
                action
            };
            let clause_recipients = if business_transfer {
                as_transferees(clause_recipients)
            } else {
                clause_recipients
            };
            // "Your data may be transferred to the United States" moves data between places,
            // not to anyone: a transfer implies a recipient only when a business changes hands
            // or when it is denied ("no information is transferred").
            // "The collection, use and disclosure of your information" names acts, it does
            // not say they happen; a denial still does ("no sale of personal data").
            let nominal = texts.get(wi + 1) == Some(&"of");
            // "information may be one of the business assets transferred": in a business
            // transfer, data written anywhere in the clause is what changes hands.
            let implicit_ok = strength == Strength::Strong
                && !descriptive(&texts, wi, false)
                && (!nominal || negated)
                && (action != Action::Transfer || business_transfer || negated)
                && (has_object(&ws, wi, &found.data)
                    || (business_transfer
                        && matches!(action, Action::Transfer | Action::Sell)
                        && !data.is_empty()));
            // "We may collect, or our ad server may collect, ...": the same act by someone
            // else is a statement of its own.
            let by_someone_else = matches!(strength, Strength::Own | Strength::ThirdOnly)
                && (by_agent || is_subject_of(&texts, wi, &clause_recipients))
                && drafts[first_draft..]
                    .iter()
                    .any(|d| d.action == action && d.negated == negated && d.recipients.is_empty());
            if seen.contains(&(action, negated)) && !by_someone_else {
                // The same act said twice ("sell or transfer ... transferred"): either wording
                // may carry the object.
                if let Some(d) = drafts[first_draft..]
                    .iter_mut()
                    .find(|d| d.action == action && d.negated == negated)
                {
                    d.implicit_ok |= implicit_ok;
                }
                continue;
            }
            seen.push((action, negated));
            drafts.push(Draft {
                action,
                negated,
                recipients: clause_recipients,
                purposes: owned(&purposes),
                data: owned(&data),
                condition: clause_condition,
                except: owned(&except),
                implicit_ok,
                weak: strength == Strength::Weak,
                implicit_category: if business_transfer {
                    "business-transferee"
                } else if texts[wi].starts_with("publish") {
                    "public"
                } else {
                    "third-party"
                },
            });
        }
        // "We do not share your data with anyone other than our mailing provider" says the
        // carved-out recipient does receive it.
        let negated_sharing = drafts[first_draft..]
            .iter()
            .find(|d| d.negated && d.action.is_sharing())
            .cloned();
        if let Some(neg) = negated_sharing
            && !except.is_empty()
            && !drafts[first_draft..]
                .iter()
                .any(|d| !d.negated && d.action.is_sharing())
        {
            let mut positive = neg.clone();
            positive.negated = false;
            positive.action = if neg.action == Action::Sell || neg.action == Action::Rent {
                Action::Share
            } else {
                neg.action
            };
            positive.recipients = owned(&except);
            positive.except = Vec::new();
            drafts.push(positive);
        }
        if drafts.len() == first_draft {
            // Its verbs said nothing of data ("service providers who work for us"): the clause
            // names recipients as a verbless one does.
            merge(&mut bare.recipients, recipients.iter().copied());
            merge(&mut bare.purposes, purposes.iter().copied());
            merge(&mut bare.data, data.iter().copied());
            merge(&mut bare.except, except.iter().copied());
        }
        last_clause_drafts = Some((first_draft, drafts.len()));
    }
    let heading_action = if as_heading {
        heading_action_of(&texts, &verbs)
    } else {
        None
    };
    Analysis {
        drafts,
        bare,
        heading_action,
    }
}

/// Whether the sale or rental at word `i` is not a sale of data: "we sell children's products",
/// "companies that sell advertising space", "help businesses sell more", "Badoo Trading
/// Limited", "devices sold by Google", "to sell you anything". An affirmed sale needs data as
/// what is sold: its object after it, the subject of a passive participle, or what follows
/// "sale of". A denial may leave its object unsaid ("we do not sell to anyone"), unless what
/// it names is not data. Restrictions on others ("not permitted to sell", "prohibit them
/// from selling"), acts named without being done ("the purpose for collecting or selling",
/// "to stop selling") are no statement that the organisation sells.
fn sale_is_not_of_data(
    lower: &str,
    ws: &[Word],
    texts: &[&str],
    i: usize,
    negated: bool,
    data: &[(usize, Mention)],
    recipients: &[(usize, Mention)],
) -> bool {
    // "sell you anything", "sell them our products": the person is who buys.
    if texts.get(i + 1) == Some(&"you")
        || (!negated
            && matches!(
                texts.get(i + 1).copied(),
                Some("more" | "directly" | "through" | "online" | "in" | "at")
            )
            && !passive_sale_of_data(ws, texts, i, data))
    {
        return true;
    }
    let anchor = act_anchor(texts, i);
    if restricts_others(texts, anchor)
        || names_the_act(texts, i)
        || (!negated && supposes_a_sale(texts, anchor))
        || (!negated && is_sold_by_a_recipient(ws, texts, anchor, recipients))
        // "offer the vehicle for rent": a noun after a preposition, no act.
        || (i > 0 && texts[i - 1] == "for" && matches!(texts[i], "rent" | "sale" | "lease"))
    {
        return true;
    }
    // "phones sold by our partners": a participle with its agent sells what comes before it.
    if texts.get(i + 1) == Some(&"by") && !negated {
        let before = ws[i.saturating_sub(3)].start;
        return !(i > 0 && OBJECT_WORDS.contains(&texts[i - 1])
            || data.iter().any(|(p, _)| *p >= before && *p < ws[i].start)
            || passive_sale_of_data(ws, texts, i, data));
    }
    // What is written as sold: the first object word, non-data noun or data mention after it.
    let data_at = |from: usize, to: usize| data.iter().any(|(p, _)| *p >= from && *p < to);
    let end = ws.get(i + 8).map_or(usize::MAX, |w| w.start);
    // Words inside brackets are an aside ("may have "sold" (using that term as defined by
    // law) or shared the categories ..."), skipped on the way to the object.
    let mut depth = 0usize;
    let mut read = 0;
    let mut past_object = false;
    for k in i + 1..ws.len() {
        let w = &ws[k];
        let gap = &lower[ws[k - 1].start + ws[k - 1].text.len()..w.start];
        for c in gap.bytes() {
            match c {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if depth > 0 {
            continue;
        }
        read += 1;
        if read > 12 {
            break;
        }
        let next_start = ws.get(k + 1).map_or(end, |n| n.start);
        // A noun after "to" or "with" is who receives ("disclose to any business"), not what.
        if matches!(w.text, "to" | "with" | "from" | "for") {
            past_object = true;
        }
        if !past_object
            && (NON_DATA_OBJECTS.contains(&w.text)
                || matches!(
                    w.text,
                    "devices" | "device" | "packages" | "package" | "plans" | "plan" | "styles"
                ))
        {
            return !data_at(ws[i].start, w.start);
        }
        if OBJECT_WORDS.contains(&w.text)
            || SOLD_DATA_NOUNS.contains(&w.text)
            || data_at(ws[i].start, next_start)
        {
            // "children's products": data modifying a noun that is not data.
            return ws
                .get(k + 1)
                .is_some_and(|n| NON_DATA_OBJECTS.contains(&n.text));
        }
        // The object ends at a clause word or a preposition that starts an adjunct.
        // The object ends where another clause or its verb starts ("Trading LLC are joint
        // controllers of personal information").
        if matches!(
            w.text,
            "if" | "when"
                | "unless"
                | "except"
                | "because"
                | "where"
                | "while"
                | "is"
                | "are"
                | "was"
                | "were"
                | "which"
                | "who"
                | "may"
                | "might"
                | "will"
                | "can"
                | "could"
                | "would"
                | "shall"
                | "must"
        ) {
            break;
        }
    }
    if negated {
        return false;
    }
    !passive_sale_of_data(ws, texts, i, data) && !relative_object_is_data(ws, texts, i, data)
}

/// "lists we sell or rent to third parties", "the information that we sell": the object of a
/// relative clause is the noun before its subject.
fn relative_object_is_data(
    ws: &[Word],
    texts: &[&str],
    i: usize,
    data: &[(usize, Mention)],
) -> bool {
    let mut j = i;
    while j > 0
        && (is_negation_bridge(texts[j - 1]) || verb(texts[j - 1]).is_some())
        && !matches!(texts[j - 1], "we" | "they" | "it")
    {
        j -= 1;
    }
    if j == 0 || !matches!(texts[j - 1], "we" | "they") {
        return false;
    }
    j -= 1;
    if j > 0 && matches!(texts[j - 1], "that" | "which") {
        j -= 1;
    }
    j > 0
        && (OBJECT_WORDS.contains(&texts[j - 1])
            || data
                .iter()
                .any(|(p, _)| *p >= ws[j.saturating_sub(3)].start && *p < ws[j].start))
}

/// "If we sell your data", "to the extent that we sell", "were we ever to sell", "we do not
/// have actual knowledge that we sell": a sale supposed or doubted, not said to happen.
fn supposes_a_sale(texts: &[&str], anchor: usize) -> bool {
    let from = anchor.saturating_sub(6);
    (from..anchor).any(|k| {
        texts[k] == "we"
            && k > 0
            && texts[k + 1..anchor]
                .iter()
                .all(|w| is_negation_bridge(w) || matches!(*w, "ever" | "further"))
            && (matches!(texts[k - 1], "if" | "whether" | "were" | "extent")
                || (texts[k - 1] == "that"
                    && k > 1
                    && matches!(texts[k - 2], "extent" | "knowledge")))
    })
}

/// "data brokers who may further sell your data", "providers that sell it": a recipient
/// sells, which is no sale of the organisation's (its sharing with them is its own statement).
fn is_sold_by_a_recipient(
    ws: &[Word],
    texts: &[&str],
    anchor: usize,
    recipients: &[(usize, Mention)],
) -> bool {
    let mut j = anchor;
    while j > 0
        && matches!(
            texts[j - 1],
            "may" | "might" | "can" | "could" | "will" | "also" | "further" | "then" | "to"
        )
    {
        j -= 1;
    }
    if j > 0 && matches!(texts[j - 1], "that" | "who" | "which") {
        j -= 1;
    } else {
        return false;
    }
    let Some(before) = j.checked_sub(1) else {
        return false;
    };
    let end = ws[before].start + ws[before].text.len();
    recipients.iter().any(|(p, m)| {
        m.entity.is_none()
            && m.category != "public"
            && m.term.as_ref().is_some_and(|t| p + t.len() == end)
    })
}

/// Nouns for data about people that the data lexicon leaves to context ("we sell audience
/// segments", "leads we sell").
const SOLD_DATA_NOUNS: &[&str] = &[
    "segments",
    "segment",
    "audiences",
    "audience",
    "profiles",
    "leads",
    "inferences",
    "identifiers",
];

/// Whether the participle at `i` is passive with data as its subject: "personal information
/// may be sold", "each category of personal information listed above is "shared" with or
/// "sold" to", "certain transfers ... may constitute a "sale"".
fn passive_sale_of_data(ws: &[Word], texts: &[&str], i: usize, data: &[(usize, Mention)]) -> bool {
    let w = texts[i];
    // A named sale ("constitute a sale", "the sale") stands for the transfers it names.
    if matches!(w, "sale" | "sales") {
        let from = ws[i.saturating_sub(12)].start;
        return data.iter().any(|(p, _)| *p >= from);
    }
    if !(w.ends_with("ed") || matches!(w, "sold" | "resold" | "leased")) {
        return false;
    }
    let be = |w: &str| matches!(w, "is" | "are" | "be" | "been" | "being" | "was" | "were");
    // "is shared with or sold to": one auxiliary over coordinated participles.
    let Some(aux) = (i.saturating_sub(6)..i).rev().find(|&k| be(texts[k])) else {
        return false;
    };
    let from = ws[aux.saturating_sub(12)].start;
    data.iter().any(|(p, _)| *p >= from && *p < ws[aux].start)
        || texts[aux.saturating_sub(12)..aux]
            .iter()
            .any(|w| OBJECT_WORDS.contains(w))
}

/// "we do not permit our service providers to sell", "are not permitted to sell", "prohibit
/// them from selling": a limit on what others do with data, not an act of the organisation's.
fn restricts_others(texts: &[&str], anchor: usize) -> bool {
    if anchor == 0 {
        return false;
    }
    let from = anchor.saturating_sub(8);
    match texts[anchor - 1] {
        "to" => (from..anchor - 1).any(|k| {
            matches!(
                texts[k],
                "permit"
                    | "permits"
                    | "permitted"
                    | "allow"
                    | "allows"
                    | "allowed"
                    | "authorize"
                    | "authorizes"
                    | "authorized"
                    | "authorise"
                    | "authorises"
                    | "authorised"
            ) && texts[k.saturating_sub(3)..k].iter().any(|w| is_negation(w))
        }),
        "from" => (from..anchor - 1).any(|k| {
            texts[k].starts_with("prohibit")
                || texts[k].starts_with("forbid")
                || texts[k].starts_with("restrict")
                || texts[k].starts_with("preclud")
                || matches!(texts[k], "bar" | "bars" | "barred")
        }),
        _ => false,
    }
}

/// "the business or commercial purpose for collecting or selling", "Purposes for collecting,
/// using, selling, or sharing", "to stop selling": an act named, not one done.
fn names_the_act(texts: &[&str], i: usize) -> bool {
    let mut j = i;
    // Back over coordinated gerunds ("collecting, using, selling, or").
    while j > 0
        && (texts[j - 1].ends_with("ing") || matches!(texts[j - 1], "or" | "and" | "and/or"))
        && i - j < 8
    {
        j -= 1;
    }
    if !texts[i].ends_with("ing") || j == 0 {
        return false;
    }
    match texts[j - 1] {
        "for" | "of" => {
            j > 1
                && matches!(
                    texts[j - 2],
                    "purpose" | "purposes" | "reason" | "reasons" | "categories" | "category"
                )
        }
        "stop" | "cease" | "stops" | "ceases" => true,
        _ => false,
    }
}

/// Whether the sentence defines a sharing act ("The CCPA defines "sale" as", "a "sale" is the
/// disclosure of", ""sell" means"), rather than saying it happens.
fn defines_a_sharing_term(texts: &[&str]) -> bool {
    let term = |w: &str| {
        matches!(
            w,
            "sale" | "sell" | "selling" | "sold" | "share" | "sharing" | "shared"
        )
    };
    texts.iter().enumerate().any(|(k, w)| {
        (matches!(*w, "defines" | "define")
            && texts[k + 1..].iter().take(3).any(|t| term(t))
            && texts[k + 1..]
                .iter()
                .take(6)
                .any(|t| matches!(*t, "as" | "include" | "includes")))
            || (term(w) && matches!(texts.get(k + 1).copied(), Some("means" | "refers"))
                || (term(w)
                    && k > 0
                    && matches!(texts[k - 1], "a" | "term")
                    && texts.get(k + 1) == Some(&"is")
                    && matches!(texts.get(k + 2).copied(), Some("the" | "any" | "a"))))
    })
}

fn weak_object_is_not_data(texts: &[&str], i: usize) -> bool {
    for w in texts.iter().skip(i + 1).take(4) {
        if OBJECT_WORDS.contains(w)
            || matches!(*w, "your" | "personal" | "email" | "name" | "names")
        {
            return false;
        }
        if NON_DATA_OBJECTS.contains(w)
            || matches!(
                *w,
                "link"
                    | "links"
                    | "offers"
                    | "offer"
                    | "notice"
                    | "choices"
                    | "experience"
                    | "experiences"
                    | "support"
                    | "assistance"
                    | "means"
                    | "opportunity"
                    | "feedback"
                    | "ad"
                    | "an"
            )
        {
            return true;
        }
    }
    false
}

fn context_is_not_a_statement(texts: &[&str], i: usize) -> bool {
    let from = i.saturating_sub(12);
    let before = &texts[from..i];
    let user_near = |k: usize| {
        texts[k.saturating_sub(4)..k]
            .iter()
            .any(|w| matches!(*w, "you" | "user" | "users" | "customer" | "customers"))
    };
    before.iter().any(|w| {
        matches!(
            *w,
            "unauthorized"
                | "unauthorised"
                | "inadvertent"
                | "accidental"
                | "unlawful"
                | "unlawfully"
                | "illegally"
                | "improperly"
                | "intercept"
                | "interception"
                | "misuse"
                // The user's choices and rights over sharing: "you may request that we not
                // share", "prevent our disclosure", "limit the collection, use and sharing".
                | "prevent"
                | "limit"
                | "restrict"
                | "request"
                | "requests"
                | "asked"
                | "choices"
                | "inquiries"
        )
    }) || before.windows(2).any(|p| {
        (p[0] == "opt" && p[1] == "out")
            || p == ["such", "businesses"]
            || p == ["certain", "businesses"]
            // Shine the Light: "a list of the third parties with whom we shared".
            || p == ["list", "of"]
            // Disclaimers: "we are not responsible for how third parties use", "we do not
            // control their collection".
            || (matches!(p[0], "not" | "no" | "cannot" | "dont")
                && matches!(p[1], "responsible" | "control" | "liability"))
            // "we are not required to disclose": no duty, no statement either way.
            || (matches!(p[0], "required" | "obligated" | "obliged") && p[1] == "to"
                && texts[from..i].iter().any(|w| is_negation(w)))
    }) || before.contains(&"optout")
        || before.contains(&"opt-out")
        // "Under no circumstances will we be responsible for": a disclaimer.
        || (before.iter().any(|w| matches!(*w, "responsible" | "liable"))
            && before.iter().any(|w| is_negation(w)))
        // "If you do not wish your data to be shared", "you would prefer": the user's wish.
        || (from..i).any(|k| {
            matches!(texts[k], "wish" | "want" | "prefer" | "decide")
                && (user_near(k)
                    || (k >= 2 && texts[k - 1] == "not" && matches!(texts[k - 2], "do" | "does")))
        })
        // "the right to receive information about third parties with whom we shared", but
        // not "we reserve the right to share".
        || (0..i).any(|k| {
            texts[k] == "right"
                && texts.get(k + 1) == Some(&"to")
                && !texts[k.saturating_sub(3)..k]
                    .iter()
                    .any(|w| w.starts_with("reserv"))
        })
}

/// "How we share", "with whom we share", "the ways in which we use and share": a description
/// of the policy's contents, not a statement that data goes somewhere. Words that also open
/// relative clauses ("anyone to whom we transfer", "which may be shared", "when you share")
/// count only where no recipient is written, since there they leave the verb without anyone
/// on the other end.
fn descriptive(texts: &[&str], i: usize, strict: bool) -> bool {
    let from = i.saturating_sub(if strict { 7 } else { 8 });
    (from..i).any(|k| {
        matches!(texts[k], "how" | "whether" | "why" | "ways")
            || (!strict
                && (matches!(texts[k], "whom" | "what" | "which" | "when")
                    // "under no circumstances will we": a denial, not a description.
                    || (texts[k] == "circumstances" && (k == 0 || texts[k - 1] != "no"))))
    }) || (from..i).any(|k| {
        // "... how we collect it, with whom we share it": a question, not a relative clause
        // on a recipient ("third parties with whom we share").
        texts[k] == "whom"
            && k >= 1
            && matches!(texts[k - 1], "with" | "to")
            && (k == 1
                || matches!(
                    texts[k - 2],
                    "it" | "and"
                        | "or"
                        | "know"
                        | "explain"
                        | "explains"
                        | "describe"
                        | "describes"
                        | "about"
                        | "regarding"
                        | "tell"
                        | "tells"
                        | "on"
                ))
    })
}

/// In a business transfer, whoever receives data generically is the buyer or successor.
fn as_transferees(recipients: Vec<Mention>) -> Vec<Mention> {
    recipients
        .into_iter()
        .map(|mut m| {
            if matches!(m.category.as_str(), "third-party" | "public") && m.entity.is_none() {
                m.category = "business-transferee".into();
            }
            m
        })
        .collect()
}

/// The sharing action a heading (or a verbless lead-in) names.
fn heading_action_of(texts: &[&str], verbs: &[(usize, Action, Strength, bool)]) -> Option<Action> {
    if let Some(v) = verbs.iter().find(|v| v.1.is_sharing() && !v.3) {
        return Some(v.1);
    }
    let joined = texts.join(" ");
    if [
        "third part",
        "recipient",
        "who we share",
        "whom we share",
        "share your",
        "service provider",
        "partners",
        "disclosure",
        "sharing",
        "transfers",
    ]
    .iter()
    .any(|k| joined.contains(k))
    {
        return Some(Action::Share);
    }
    None
}

/// Whether the verb at `i` is negated by a cue before it, through auxiliaries and
/// coordinated verbs ("we do not and will never sell, rent or share").
fn negated_before(texts: &[&str], i: usize) -> bool {
    let mut j = i;
    let mut steps = 0;
    while j > 0 && steps < 8 {
        j -= 1;
        steps += 1;
        let w = texts[j];
        if is_negation(w) {
            // "not only", "no longer ... but": not a denial of the verb.
            return !(w == "not" && texts.get(j + 1) == Some(&"only"));
        }
        // "We do not purchase, sell, or rent": verbs the lexicon does not list, in the same
        // coordination.
        if is_negation_bridge(w)
            || verb(w).is_some()
            || matches!(
                w,
                "purchase" | "buy" | "license" | "exchange" | "save" | "store"
            )
        {
            continue;
        }
        // "In no case do we sell", "under no circumstances will we share": a negative
        // adverbial before the inverted auxiliary.
        if matches!(
            w,
            "case" | "circumstances" | "circumstance" | "time" | "event" | "account"
        ) && j > 0
            && texts[j - 1] == "no"
        {
            return true;
        }
        // "We are not in the business of selling", "no intention of selling": the noun
        // phrase governing the gerund is denied.
        if w == "of" && texts[i].ends_with("ing") && j == i - 1 {
            return texts[j.saturating_sub(5)..j].iter().any(|w| is_negation(w));
        }
        return false;
    }
    false
}

/// Whether the verb at `i` directly follows (through auxiliaries) the last word of one of
/// `recipients`, as its subject: "our ad server may collect".
fn is_subject_of(texts: &[&str], i: usize, recipients: &[Mention]) -> bool {
    let mut j = i;
    while j > 0
        && matches!(
            texts[j - 1],
            "may" | "might" | "can" | "could" | "will" | "also"
        )
    {
        j -= 1;
    }
    // "allow our service providers to use": the permitted party is the subject.
    if j > 0
        && texts[j - 1] == "to"
        && texts[j.saturating_sub(8)..j - 1].iter().any(|w| {
            matches!(
                *w,
                "allow"
                    | "allows"
                    | "permit"
                    | "permits"
                    | "authorize"
                    | "authorise"
                    | "enable"
                    | "let"
                    | "require"
                    | "instruct"
            )
        })
    {
        j -= 1;
    }
    let Some(before) = j.checked_sub(1).map(|k| texts[k]) else {
        return false;
    };
    recipients.iter().any(|r| {
        r.term.as_deref().is_some_and(|t| {
            t.rsplit(' ')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(before))
        })
    })
}

/// "It is not our practice to share", "not the policy of Example Ltd to sell": a denial
/// through a statement of practice.
fn denied_as_practice(texts: &[&str], i: usize) -> bool {
    let from = i.saturating_sub(8);
    (from..i).any(|k| {
        matches!(texts[k], "practice" | "policy" | "intention" | "intent")
            && texts[k.saturating_sub(3)..k].iter().any(|w| is_negation(w))
            && texts[k + 1..i].last() == Some(&"to")
            && !texts[k + 1..i - 1].iter().any(|w| verb(w).is_some())
    })
}

/// Whether the infinitive at `anchor` follows "allow us to", "direct us to" and the like: the
/// organisation acts, as the user permits or directs.
fn permits_us(texts: &[&str], anchor: usize) -> bool {
    anchor > 2
        && texts[anchor - 2] == "us"
        && matches!(
            texts[anchor - 3],
            "allow"
                | "allows"
                | "authorize"
                | "authorizes"
                | "authorizing"
                | "authorise"
                | "authorises"
                | "authorising"
                | "direct"
                | "directs"
                | "directing"
                | "instruct"
                | "instructs"
                | "instructing"
                | "permit"
                | "permits"
                | "let"
                | "enable"
                | "enables"
        )
}

/// Whether the act at `i` (negated and with its subject at `anchor`, see [`act_anchor`]) is
/// the user's, not the organisation's. `previous`: the action word before it, and whether
/// that was the user's act through "to".
fn is_users_act(
    lower: &str,
    ws: &[Word],
    texts: &[&str],
    i: usize,
    anchor: usize,
    previous: Option<(usize, bool)>,
) -> bool {
    // "If you wish to share it with a friend": the user's act, through "to"; but not "you
    // allow us to make it available", "you direct us to share" (while "you ask us not to
    // share", "if you do not want us to use" stay the user's requests and choices).
    if anchor > 0
        && texts[anchor - 1] == "to"
        && !permits_us(texts, anchor)
        && texts[anchor.saturating_sub(5)..anchor - 1].iter().any(|w| {
            matches!(
                *w,
                "you" | "user" | "users" | "child" | "children" | "visitors" | "members"
            )
        })
    {
        return true;
    }
    // The user's own act ("you may share", "you provide us", "information you make
    // available") is not the organisation's.
    let mut j = anchor;
    while j > 0
        && (is_negation_bridge(texts[j - 1]) || is_negation(texts[j - 1]))
        && !matches!(texts[j - 1], "we" | "us")
    {
        j -= 1;
    }
    if j > 0
        && matches!(
            texts[j - 1],
            "you"
                | "user"
                | "users"
                | "visitors"
                | "members"
                | "customers"
                | "child"
                | "children"
        )
        // "information about you available to": the user is an object there.
        && !(j > 1 && matches!(texts[j - 2], "about" | "from" | "to" | "with" | "for"))
    {
        return true;
    }
    // "a child who discloses": the relative clause's subject is the user.
    if j > 1
        && texts[j - 1] == "who"
        && matches!(
            texts[j - 2],
            "child" | "children" | "user" | "users" | "visitor"
        )
    {
        return true;
    }
    // "When you use our services (e.g. create a profile or publish a comment)": an active
    // verb whose nearest subject pronoun before it is "you" is the user's act.
    if user_is_nearest_subject(lower, ws, texts, i) {
        return true;
    }
    // "information which you post or otherwise choose to make publicly available": the one
    // who chooses acts.
    if anchor > 1
        && texts[anchor - 1] == "to"
        && matches!(
            texts[anchor - 2],
            "choose" | "chooses" | "decide" | "decides" | "elect" | "elects" | "opt" | "opts"
        )
        && user_is_nearest_subject(lower, ws, texts, anchor - 2)
    {
        return true;
    }
    // "does not allow your child to share personal information with third parties or make it
    // publicly available": an act joined by "or" / "and" to the user's infinitive before it.
    // (After a relative clause, "information you make available, or share it", the "or"
    // joins the main verb.)
    anchor > 0
        && matches!(texts[anchor - 1], "or" | "and")
        && previous
            .is_some_and(|(k, users_infinitive)| users_infinitive && k < anchor && anchor - k <= 15)
}

/// Whether the nearest subject pronoun within 25 words before the verb at `i` is "you", and
/// the verb is active (not "is shared", not "to share" after someone else's verb).
fn user_is_nearest_subject(lower: &str, ws: &[Word], texts: &[&str], i: usize) -> bool {
    let be = |w: &str| matches!(w, "is" | "are" | "be" | "been" | "being" | "was" | "were");
    // Passive ("is made available", "can be collected and used by others") or infinitive.
    if texts[i.saturating_sub(3)..i]
        .iter()
        .any(|w| be(w) || *w == "to")
        || matches!(
            texts[i],
            "available" | "visible" | "accessible" | "viewable"
        )
    {
        return false;
    }
    // "..., and the third-party provider may collect": a modal's own subject, not "you".
    let mut j = i;
    while j > 0 && (texts[j - 1].ends_with("ly") || matches!(texts[j - 1], "not" | "also")) {
        j -= 1;
    }
    if j >= 2
        && matches!(
            texts[j - 1],
            "may" | "might" | "will" | "would" | "can" | "could" | "shall" | "should" | "must"
        )
        && texts[j - 2] != "you"
    {
        return false;
    }
    // Words after the nearest comma before the verb: a subject of its own there ("When you
    // visit, our partners may collect") ends the search.
    let mut checked_comma = false;
    for k in (i.saturating_sub(25)..i).rev() {
        let gap = &lower[ws[k].start + ws[k].text.len()..ws[k + 1].start];
        if !checked_comma && gap.contains(',') {
            checked_comma = true;
            if texts[k + 1..i]
                .iter()
                .any(|w| !(is_negation_bridge(w) || is_negation(w) || matches!(*w, "then" | "so")))
            {
                return false;
            }
        }
        match texts[k] {
            "you" => {
                // "we provide you with", "allow you to": the user is an object there; in
                // "the information you provide" the user acts in a relative clause only.
                // (when the verb comes after the relative clause, past a comma).
                return !(k > 0
                    && (verb(texts[k - 1]).is_some()
                        || (checked_comma
                            && (OBJECT_WORDS.contains(&texts[k - 1])
                                || matches!(texts[k - 1], "that" | "which" | "content")))))
                    && !matches!(texts.get(k + 1).copied(), Some("with" | "to" | "the" | "a"));
            }
            "we" | "us" | "they" | "it" | "he" | "she" | "company" | "who" | "which" | "that" => {
                return false;
            }
            _ => {}
        }
    }
    false
}

/// "We do not sell your information, or share it with third parties": a verb after "or" in
/// the scope of a denied verb before it, with no new subject between, is denied too.
fn inherit_negation_through_or(texts: &[&str], verbs: &mut [(usize, Action, Strength, bool)]) {
    for k in 1..verbs.len() {
        let (prev, next) = (verbs[k - 1], verbs[k]);
        // "do not share it with third parties or make it publicly available": the "or" is
        // before "make".
        let i = act_anchor(texts, next.0);
        // "obligated not to collect any other data or sell it": the denied act before "or"
        // may be any act.
        if next.3 || !prev.3 || !next.1.is_sharing() {
            continue;
        }
        if i <= prev.0 + 1 || texts[i - 1] != "or" || i - prev.0 > 30 {
            continue;
        }
        if texts[prev.0 + 1..i - 1].iter().any(|w| {
            matches!(
                *w,
                "we" | "they" | "but" | "unless" | "if" | "when" | "except" | "only"
            )
        }) {
            continue;
        }
        verbs[k].3 = true;
    }
}

/// Whether the verb at `i` has the policy itself as its subject ("This Privacy Policy
/// discloses", "the purpose of this statement is to disclose").
fn policy_is_subject(texts: &[&str], i: usize) -> bool {
    let from = i.saturating_sub(7);
    (from..i).any(|k| {
        matches!(texts[k], "policy" | "statement" | "notice")
            && k > 0
            && matches!(texts[k - 1], "privacy" | "this" | "our")
            && texts[k + 1..i].iter().all(|w| {
                matches!(
                    *w,
                    "is" | "to"
                        | "will"
                        | "also"
                        | "intends"
                        | "intended"
                        | "aims"
                        | "designed"
                        | "meant"
                        | "seeks"
                        | "hereby"
                )
            })
    }) || (from..i).any(|k| {
        // "The purpose of this privacy policy is to disclose".
        texts[k] == "purpose"
            && texts[k + 1..i]
                .iter()
                .any(|w| matches!(*w, "policy" | "statement" | "notice"))
            && texts[i - 1] == "to"
    })
}

/// "No personal information is shared", "None of your data will be sold": the negation is on
/// the subject.
fn mark_no_subject_negation(texts: &[&str], verbs: &mut [(usize, Action, Strength, bool)]) {
    for (k, w) in texts.iter().enumerate() {
        if !matches!(*w, "no" | "none" | "nothing") {
            continue;
        }
        for v in verbs.iter_mut() {
            let i = v.0;
            if i <= k || i - k > 9 {
                continue;
            }
            // The verb must be passive or modal after the subject: "is/are/will be shared".
            let between = &texts[k + 1..i];
            if between.iter().any(|w| {
                matches!(
                    *w,
                    "is" | "are"
                        | "will"
                        | "shall"
                        | "would"
                        | "may"
                        | "can"
                        | "be"
                        | "gets"
                        | "get"
                        | "ever"
                )
            }) && !between.iter().any(|w| matches!(*w, "we" | "you" | "they"))
            {
                v.3 = true;
            }
        }
    }
}

const OBJECT_WORDS: &[&str] = &[
    "information",
    "data",
    "details",
    "it",
    "them",
    "this",
    "these",
    "records",
    "record",
    "list",
    "lists",
    "anything",
];

/// Nouns that, as the object of "sell", "lease" or "disclose", show the verb is not about data
/// ("we sell children's products", "buy or lease a vehicle", "disclose its practices").
const NON_DATA_OBJECTS: &[&str] = &[
    "product",
    "products",
    "goods",
    "items",
    "item",
    "merchandise",
    "tickets",
    "ticket",
    "vehicle",
    "vehicles",
    "car",
    "cars",
    "services",
    "practices",
    "practice",
    "policy",
    "policies",
    "changes",
    "assets",
    "business",
    "company",
    "stock",
    "shares",
    "subscriptions",
    "gift",
    "property",
    "space",
    "ads",
    "advertising",
    "content",
    "licence",
    "license",
];

/// A strong verb implies a recipient when it has an object: data, or a pronoun or noun
/// standing for it, after the verb ("we never sell your information") or, for a passive verb,
/// before it ("your data is never sold").
fn has_object(ws: &[Word], i: usize, data: &[(usize, Mention)]) -> bool {
    let data_at = |from: usize, to: usize| data.iter().any(|(p, _)| *p >= from && *p < to);
    let end = ws.get(i + 10).map_or(usize::MAX, |w| w.start);
    // A noun after "to" or "with" is who receives ("disclose to any business your data").
    let mut past_object = false;
    for (k, w) in ws.iter().enumerate().skip(i + 1).take(10) {
        past_object |= matches!(w.text, "to" | "with");
        if !past_object && NON_DATA_OBJECTS.contains(&w.text) && !data_at(ws[i].start, w.start) {
            return false;
        }
        if OBJECT_WORDS.contains(&w.text)
            || data_at(ws[i].start, ws.get(k + 1).map_or(end, |n| n.start))
        {
            // "children's products", "its information practices": the data word modifies a
            // noun that is not data.
            if ws
                .get(k + 1)
                .is_some_and(|n| NON_DATA_OBJECTS.contains(&n.text))
            {
                return false;
            }
            return true;
        }
    }
    let passive = (1..=2).any(|b| {
        i >= b
            && matches!(
                ws[i - b].text,
                "is" | "are" | "be" | "been" | "being" | "was" | "were"
            )
    });
    if passive {
        let from = ws[i.saturating_sub(10)].start;
        return data_at(from, ws[i].start)
            || ws[i.saturating_sub(10)..i]
                .iter()
                .any(|w| OBJECT_WORDS.contains(&w.text));
    }
    false
}

/// Whether the verb at word `i` is a passive participle: after a form of "be" ("is collected",
/// "may be automatically collected") or right after the data it describes ("information
/// collected through the site", "cookies placed on your device").
fn is_passive(texts: &[&str], i: usize, ws: &[Word], data: &[(usize, Mention)]) -> bool {
    let w = texts[i];
    if !(w.ends_with("ed") || matches!(w, "kept" | "set")) {
        return false;
    }
    let mut j = i;
    loop {
        if j > 0 && (texts[j - 1].ends_with("ly") || matches!(texts[j - 1], "not" | "also")) {
            j -= 1;
        } else if j > 1 && matches!(texts[j - 1], "and" | "or") && texts[j - 2].ends_with("ed") {
            // "can be collected and used by": coordinated participles share the auxiliary.
            j -= 2;
        } else {
            break;
        }
    }
    let Some(before) = j.checked_sub(1).map(|k| texts[k]) else {
        return false;
    };
    let be = |w: &str| matches!(w, "is" | "are" | "was" | "were" | "be" | "been" | "being");
    if be(before) {
        return true;
    }
    // "can be read, collected, or used by": a list of participles after one auxiliary.
    if texts[j.saturating_sub(5)..j]
        .iter()
        .rev()
        .take_while(|w| !be(w))
        .all(|w| matches!(*w, "and" | "or" | "read" | "seen" | "shown") || w.ends_with("ed"))
        && texts[j.saturating_sub(5)..j].iter().any(|w| be(w))
    {
        return true;
    }
    OBJECT_WORDS.contains(&before)
        || matches!(
            before,
            "cookies" | "beacons" | "tags" | "identifiers" | "addresses" | "content"
        )
        || data
            .iter()
            .any(|(p, _)| *p >= ws[j.saturating_sub(3)].start && *p < ws[i].start)
            && !texts[j.saturating_sub(3)..j]
                .iter()
                .any(|w| matches!(*w, "we" | "they" | "you" | "it" | "who" | "which" | "that"))
}

/// The recipients a passive verb or a named act at word `i` names as its agent: "collected by
/// (or on behalf of) third-party ad servers" (a "by" within three words), "the collection and
/// use of information by third-party advertising service providers" (`nominal`: the first "by"
/// within eight words, before any comma).
fn agents(
    lower: &str,
    recipients: &[(usize, Mention)],
    ws: &[Word],
    i: usize,
    clause_end: usize,
    nominal: bool,
) -> Vec<Mention> {
    let reach = if nominal { 9 } else { 4 };
    let Some(by) = (i + 1..(i + reach).min(ws.len())).find(|&k| ws[k].text == "by") else {
        return Vec::new();
    };
    if nominal {
        if lower[ws[i].start..ws[by].start].contains(',') {
            return Vec::new();
        }
        return direct_objects(lower, recipients, ws, by, clause_end);
    }
    // "collected and used by others": no lexicon term, but someone else all the same.
    if ws.get(by + 1).is_some_and(|w| w.text == "others") {
        return vec![Mention {
            term: Some("others".into()),
            category: "third-party".into(),
            entity: None,
        }];
    }
    if ws[i + 1..by].iter().any(|w| {
        !(w.text.ends_with("ly")
            || w.text.ends_with("ed")
            || matches!(w.text, "or" | "and" | "also"))
    }) {
        return Vec::new();
    }
    direct_objects(lower, recipients, ws, by, clause_end)
}

/// Whether the text before byte `at` ends with "by", maybe with a determiner between ("by a
/// public body", "by our partners").
fn follows_by(lower: &str, at: usize) -> bool {
    let mut before = lower[..at].trim_end();
    for det in [
        " a", " an", " the", " our", " its", " their", " any", " other", " these",
    ] {
        if let Some(rest) = before.strip_suffix(det) {
            before = rest.trim_end();
            break;
        }
    }
    before.ends_with(" by") || before == "by"
}

/// Whether the collection or use verb at word `i` acts on data: a data term, or a word standing
/// for data ("information", "it", "them"), within the six words after it, or any data term
/// when the verb has no object of its own ("the information they collect").
fn handles_data(ws: &[Word], i: usize, data: &[(usize, Mention)]) -> bool {
    let from = ws[i].start;
    let to = ws.get(i + 7).map_or(usize::MAX, |w| w.start);
    if data.iter().any(|(p, _)| *p > from && *p < to)
        || ws[i + 1..(i + 7).min(ws.len())].iter().any(|w| {
            OBJECT_WORDS.contains(&w.text)
                    || TRACKING_NOUNS.contains(&w.text)
                    // "track you across websites", "how visitors use": people's activity.
                    || matches!(w.text, "you" | "your" | "users" | "visitors" | "how")
        })
    {
        return true;
    }
    // Nothing after the verb but its own phrase's end ("that they collect.", "collect and
    // use"): the data is written before it.
    !ws[i + 1..(i + 3).min(ws.len())].iter().any(|w| {
        !matches!(
            w.text,
            "and" | "or" | "for" | "about" | "from" | "through" | "on"
        )
    }) || data.iter().any(|(p, _)| *p < from)
}

/// Things that collect for whoever provides them: "cookies provided by third parties".
const TRACKING_NOUNS: &[&str] = &[
    "cookies",
    "cookie",
    "beacons",
    "tags",
    "pixels",
    "technologies",
    "tools",
    "software",
    "scripts",
];

/// Whether the recipient before the verb at byte `at` is the object of a denied permission:
/// "we do not allow / authorise / permit [third parties] to collect".
fn denied_permission(
    texts: &[&str],
    ws: &[Word],
    recipients: &[(usize, Mention)],
    cstart: usize,
    at: usize,
) -> bool {
    let Some(start) = recipients
        .iter()
        .filter(|(p, _)| *p >= cstart && *p < at)
        .map(|(p, _)| *p)
        .max()
    else {
        return false;
    };
    let Some(k) = ws.iter().position(|w| w.start >= start) else {
        return false;
    };
    (k.saturating_sub(3)..k).any(|m| {
        matches!(
            texts[m],
            "allow" | "authorize" | "authorise" | "permit" | "let" | "enable"
        ) && negated_before(texts, m)
    })
}

/// Recipients that are the object of the verb at word `i`: the first one after it follows
/// with only prepositions, determiners and vague qualifiers between ("partner with certain
/// reputable companies", "use the services of Google Analytics"); coordinated ones after it
/// in the clause come with it.
fn direct_objects(
    lower: &str,
    recipients: &[(usize, Mention)],
    ws: &[Word],
    i: usize,
    clause_end: usize,
) -> Vec<Mention> {
    let verb_end = ws[i].start + ws[i].text.len();
    let Some(first) = recipients
        .iter()
        .filter(|(p, _)| *p >= verb_end && *p < clause_end)
        .map(|(p, _)| *p)
        .min()
    else {
        return Vec::new();
    };
    let between: Vec<&str> = lower[verb_end..first]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let linked = between.len() <= 5
        && between.iter().all(|w| {
            // "carefully selected", "carefully chosen": qualifiers too.
            (w.len() > 4 && w.ends_with("ly"))
                || *w == "chosen"
                || is_recipient_qualifier(w)
                || matches!(
                    *w,
                    "with"
                        | "on"
                        | "a"
                        | "an"
                        | "some"
                        | "reputable"
                        | "various"
                        | "several"
                        | "outside"
                        | "external"
                        | "services"
                        | "service"
                        | "of"
                        | "one"
                        | "or"
                        | "more"
                        | "additional"
                        | "also"
                        | "its"
                        | "their"
                )
        });
    if !linked {
        return Vec::new();
    }
    in_range(recipients, first, clause_end)
        .into_iter()
        .cloned()
        .collect()
}

/// A recipient right after "from" is a source ("we receive data from partners"); one right
/// after "outside (of)" is the boundary, not a recipient ("individuals outside of Google").
fn preceded_by_from(lower: &str, at: usize) -> bool {
    let before = lower[..at].trim_end();
    if before.ends_with(" outside") || before.ends_with(" outside of") {
        return true;
    }
    // "on behalf of other businesses" names a client, "your internet provider" the user's own.
    if before.ends_with("behalf of") || before.ends_with(" your") || before == "your" {
        return !lower[at..].starts_with("your");
    }
    let tail: Vec<&str> = before.rsplit(' ').take(3).collect();
    tail.first().is_some_and(|w| *w == "from")
        || (tail.len() >= 2
            && tail[1] == "from"
            && (tail[0] == "any" || is_recipient_qualifier(tail[0])))
}

/// A word that can stand before a recipient term and still belong to it ("our", "these",
/// "selected"; "third party" in "a third-party website hosting provider", the kind of a
/// named provider).
fn is_recipient_qualifier(w: &str) -> bool {
    matches!(
        w,
        "our"
            | "the"
            | "other"
            | "these"
            | "such"
            | "certain"
            | "select"
            | "selected"
            | "trusted"
            | "third"
            | "party"
            | "website"
            | "web"
            | "site"
    )
}

#[cfg(test)]
mod condition_tests {
    use super::*;

    fn condition(text: &str) -> Option<Condition> {
        let lower = Normalized::new(text).lower;
        conditions(&lower, cues(&lower).condition_bits(0, lower.len()))
    }

    /// One phrase for each alternative of each pattern: each needs its literal.
    #[test]
    fn every_alternative_has_a_literal() {
        let consent = [
            "with your prior written consent",
            "with your permission",
            "with their express authorization",
            "if you opt in to marketing",
            "if you have agreed",
            "by agreeing to this",
            "where you have given it",
            "at your request",
            "where users have instructed us",
            "if they opted in",
        ];
        let legal = [
            "as permitted by law",
            "when compelled by a court",
            "where obligated by statute",
            "if requested by legal process",
            "as required by",
            "to comply with applicable law",
            "in compliance with regulations",
            "in response to subpoenas",
            "under a court order",
            "with a search warrant",
            "on law enforcement requests",
            "where the law requires",
            "where law permits",
            "when lawfully obliged",
        ];
        let business = [
            "in a merger",
            "through acquisitions",
            "if we are acquired by another company",
            "in bankruptcy",
            "in insolvency",
            "in a reorganisation",
            "on a change of control",
            "on a change in ownership",
            "on the sale of all or substantially all of our assets",
            "on a sale of the business",
            "if we sell our business",
            "if we sold our stores",
            "if we divest our brands",
            "in business transfers",
            "with other business assets",
            "in a divestiture",
            "in a corporate transaction",
        ];
        let cases: [(Condition, &[&str]); 3] = [
            (Condition::Consent, &consent),
            (Condition::LegalObligation, &legal),
            (Condition::BusinessTransfer, &business),
        ];
        for (expected, texts) in cases {
            for text in texts {
                assert_eq!(condition(text), Some(expected), "{text}");
            }
        }
        assert_eq!(condition("We share data with partners."), None);
    }
}

#[cfg(test)]
mod group_company_tests {
    use super::*;

    /// Each ending of the group-companies pattern is seen by the cue walk, so the pattern runs,
    /// and the affiliate is found; a sentence with neither word skips the pattern.
    #[test]
    fn group_companies_are_found_behind_the_cue_walk() {
        let vocab = Vocabulary::embedded();
        for text in [
            "We may share your data with other companies in the Acme group.",
            "We may share your data with members of our corporate family.",
            "We may share your data with businesses within the Zeta family of companies.",
            "We may share your data with entities that are part of our corporate group.",
        ] {
            let lower = Normalized::new(text).lower;
            assert!(cues(&lower).group_word, "{text}");
            let a = analyze_uncached(text, &vocab, false, false);
            assert!(
                a.drafts
                    .iter()
                    .any(|d| d.recipients.iter().any(|m| m.category == "affiliate")),
                "{text}: {:?}",
                a.drafts
            );
        }
        let lower = Normalized::new("We may share your data with other companies.").lower;
        assert!(!cues(&lower).group_word);
    }
}

#[cfg(test)]
mod word_filter_tests {
    use super::*;

    #[test]
    fn every_verb_and_noun_action_passes_the_shape_filters() {
        for (words, action, strength) in VERBS {
            for w in *words {
                assert_eq!(verb(w), Some((*action, *strength)), "{w}");
            }
        }
        for w in NOUN_ACTIONS {
            assert!(
                has_shape(&NOUN_SHAPES, w) && has_end_shape(&NOUN_END_SHAPES, w),
                "{w}"
            );
        }
        // And common words leave at the filters.
        for w in ["the", "and", "your", "information", "we", "of"] {
            assert_eq!(verb(w), None, "{w}");
        }
    }
}

#[cfg(test)]
mod verb_table_tests {
    use super::*;

    #[test]
    fn every_verb_form_reads_as_its_last_entry_and_nothing_else_does() {
        let mut expected: Vec<(&str, (Action, Strength))> = Vec::new();
        for (forms, action, strength) in VERBS {
            for &w in *forms {
                expected.retain(|(x, _)| *x != w);
                expected.push((w, (*action, *strength)));
            }
        }
        for (w, reading) in &expected {
            assert_eq!(verb(w), Some(*reading), "{w}");
        }
        for w in ["the", "information", "shares_", "sharer", "s", "", "policy"] {
            assert!(
                expected.iter().all(|(x, _)| *x != w) && verb(w).is_none(),
                "{w}"
            );
        }
        // Every act word passes the shape filter in front of its list.
        for w in NOUN_ACTIONS {
            assert!(
                has_shape(&NOUN_SHAPES, w) && has_end_shape(&NOUN_END_SHAPES, w),
                "{w}"
            );
        }
    }
}
