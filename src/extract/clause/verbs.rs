//! The action words: verbs and the nouns that name a sharing act ("the sale of"), how each behaves
//! (strong, weak, own use, engaging someone), and fast filters that turn most words away.

use super::*;

/// How a verb behaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Strength {
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
pub(super) const VERBS: &[(&[&str], Action, Strength)] = &[
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
pub(super) static VERB_TABLE: LazyLock<(WordTable, Vec<(Action, Strength)>)> =
    LazyLock::new(|| {
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
pub(super) static VERB_SHAPES: [u16; 256] = verb_shapes(false);

/// [`VERB_SHAPES`] for [`NOUN_ACTIONS`].
pub(super) static NOUN_SHAPES: [u16; 256] = shapes(NOUN_ACTIONS, false);

/// [`VERB_SHAPES`] by the last byte: together they turn away most words that pass one
/// ("the" passes the first as "tra..."'s first byte and a short length).
pub(super) static VERB_END_SHAPES: [u16; 256] = verb_shapes(true);

/// [`VERB_END_SHAPES`] for [`NOUN_ACTIONS`].
pub(super) static NOUN_END_SHAPES: [u16; 256] = shapes(NOUN_ACTIONS, true);

/// [`shapes`] over every form in [`VERBS`].
pub(super) const fn verb_shapes(by_last: bool) -> [u16; 256] {
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
pub(super) fn has_end_shape(shapes: &[u16; 256], word: &str) -> bool {
    match word.as_bytes().last() {
        Some(&last) if word.len() < 16 => shapes[usize::from(last)] & (1 << word.len()) != 0,
        _ => false,
    }
}

/// By first byte (or with `by_last`, by last byte), a bit per word length (words of 1 to 15
/// bytes).
pub(super) const fn shapes(words: &[&str], by_last: bool) -> [u16; 256] {
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
pub(super) fn has_shape(shapes: &[u16; 256], word: &str) -> bool {
    match word.as_bytes().first() {
        Some(&first) if word.len() < 16 => shapes[usize::from(first)] & (1 << word.len()) != 0,
        _ => false,
    }
}

/// Whether `noun` after the act word `act` makes the act its modifier: a tool for sharing
/// ("share button", "sharing features") or a document about it ("transfer policies").
fn names_a_tool(act: &str, noun: &str) -> bool {
    match noun {
        "button" | "buttons" | "icon" | "icons" | "widget" | "widgets" | "plugin" | "plugins"
        | "plug-in" | "plug-ins" | "feature" | "features" | "functionality" | "functionalities"
        | "tool" | "tools" | "menu" => act != "transfer",
        "policy" | "policies" => true,
        _ => false,
    }
}

/// Inlined where it is called, once a word: the shape filter turns most words away, and a
/// call for each cost more than the filter.
#[inline]
pub(super) fn verb(word: &str) -> Option<(Action, Strength)> {
    if !has_shape(&VERB_SHAPES, word) || !has_end_shape(&VERB_END_SHAPES, word) {
        return None;
    }
    verb_of(word)
}

#[inline(never)]
pub(super) fn verb_of(word: &str) -> Option<(Action, Strength)> {
    let (table, readings) = &*VERB_TABLE;
    table.get(word).map(|id| readings[id as usize])
}

/// A verb form read as a noun: after a determiner or possessive ("your use of the service",
/// "the process", "our records"), or "use" after an adjective ("unauthorised use"). Forms in
/// -ing and -ed stay verbs ("the sharing of data" names the act).
pub(super) fn noun_position(words: &[&str], i: usize) -> bool {
    let w = words[i];
    // "the Share This button", "social media share buttons", "sharing features", "PayPal's
    // transfer policies": the act names a tool or a document, the noun after it.
    if matches!(w, "share" | "sharing" | "transfer") {
        let next = match words.get(i + 1) {
            Some(&"this") => words.get(i + 2),
            next => next,
        };
        if next.is_some_and(|n| names_a_tool(w, n)) {
            return true;
        }
    }
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

/// The words [`noun_action`] reads as acts; a word missing here is never read as one.
pub(super) const NOUN_ACTIONS: &[&str] = &[
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
pub(super) fn noun_action(words: &[&str], i: usize) -> Option<(Action, Strength)> {
    if !has_shape(&NOUN_SHAPES, words[i]) || !has_end_shape(&NOUN_END_SHAPES, words[i]) {
        return None;
    }
    noun_action_of(words, i)
}

#[inline(never)]
pub(super) fn noun_action_of(words: &[&str], i: usize) -> Option<(Action, Strength)> {
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
                )
                && !own_access(words, i - 1) =>
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

pub(super) fn is_make(w: &str) -> bool {
    matches!(w, "make" | "makes" | "made" | "making")
}

/// The "make" of "make ... available" within ten words before `i`, where it is that verb: not
/// with "is" or "are" between ("help you make connections; your name is visible to"), and not
/// "made" as a participle after a noun ("we may use information made publicly available").
pub(super) fn make_verb_before(words: &[&str], i: usize) -> Option<usize> {
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
pub(super) fn act_anchor(words: &[&str], i: usize) -> usize {
    match words[i] {
        "available" if i > 0 && is_make(words[i - 1]) => i - 1,
        "available" | "publicly" => make_verb_before(words, i).unwrap_or(i),
        _ => i,
    }
}

/// The sharing action a heading (or a verbless lead-in) names.
pub(super) fn heading_action_of(
    texts: &[&str],
    verbs: &[(usize, Action, Strength, bool)],
) -> Option<Action> {
    if let Some(v) = verbs.iter().find(|v| v.1.is_sharing() && !v.3) {
        return Some(v.1);
    }
    // "From third parties, such as:", "Information from other sources", "Categories of
    // sources": a heading about where data comes from names sources, not recipients.
    if texts
        .iter()
        .any(|w| matches!(*w, "from" | "source" | "sources"))
        && !texts
            .iter()
            .any(|w| matches!(*w, "to" | "with" | "recipient" | "recipients"))
    {
        return None;
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

/// Whether an agent ("by") follows the participle at `i`, directly or over the participles
/// coordinated with it: "neither received nor stored by the third party", "files uploaded,
/// emailed or otherwise provided by you".
pub(super) fn agent_follows(texts: &[&str], i: usize) -> bool {
    texts[i + 1..]
        .iter()
        .take(5)
        .take_while(|w| {
            matches!(**w, "by" | "or" | "and" | "nor" | "otherwise") || w.ends_with("ed")
        })
        .any(|w| *w == "by")
}

/// Whether the verb at word `i` is a passive participle: after a form of "be" ("is collected",
/// "may be automatically collected") or right after the data it describes ("information
/// collected through the site", "cookies placed on your device").
pub(super) fn is_passive(texts: &[&str], i: usize, ws: &[Word], data: &[(usize, Mention)]) -> bool {
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

/// "for us to no longer have access to this data", "we will still have access": the
/// organisation that has access to data is no one it gives it to.
fn own_access(words: &[&str], have: usize) -> bool {
    matches!(words[have], "have" | "has" | "had" | "gain")
        && words[have.saturating_sub(5)..have]
            .iter()
            .rev()
            .take_while(|w| {
                is_negation_bridge(w)
                    || is_negation(w)
                    || matches!(**w, "longer" | "still" | "then" | "only")
            })
            .any(|w| matches!(*w, "we" | "us"))
}
