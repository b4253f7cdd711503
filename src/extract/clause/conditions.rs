//! Clause cues, conditions and exceptions: one automaton finds clause boundaries, carve-out
//! markers ("except", "other than") and the literals of the condition patterns ("with your
//! consent", "if required by law").

use super::*;

// Byte-level and ASCII-only so the DFA engines run (Unicode word boundaries force the slow
// PikeVM on non-ASCII text); the text is already lower-cased.
// Three regexes, not a set: each `is_match` stops at the first hit, where a set must run its
// overlapping search over the whole sentence. Each runs only where the clause-cue walk found one
// of its literals ([`CONDITION_LITERALS`]), so most sentences run none.
pub(super) static CONDITIONS: LazyLock<[regex::bytes::Regex; 3]> = LazyLock::new(|| {
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

/// Markers after which recipients are carved out, not included.
pub(super) const EXCEPT_MARKERS: &[&str] = &[
    "except",
    "other than",
    "apart from",
    "excluding",
    "save for",
    "with the exception of",
    "besides",
];

/// What a cue of [`CUES`] marks.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
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
pub(super) const CONDITION_LITERALS: [&[&str]; 3] = [
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
pub(super) static CUES: LazyLock<(aho_corasick::dfa::DFA, Vec<Cue>)> = LazyLock::new(|| {
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
pub(super) struct Cues {
    /// Byte offsets in normalised text where a clause starts, from 0, in order.
    pub(super) starts: Vec<usize>,
    /// Where the main clause starts after a subordinate clause opening the sentence, if one
    /// does (one of `starts`).
    pub(super) main_after_subordinate: Option<usize>,
    /// Start and end of each whole-word carve-out marker, in text order, and whether it
    /// qualifies the statement ("except as described", "except where required by law").
    pub(super) excepts: Vec<(usize, usize, bool)>,
    /// Start, end and pattern bits of each condition literal.
    pub(super) literals: Vec<(usize, usize, u8)>,
    /// Whether the text holds "group" or "family" (see [`GROUP_COMPANIES`]).
    pub(super) group_word: bool,
}

impl Cues {
    /// The patterns of [`CONDITIONS`] with a literal inside `start..end`.
    pub(super) fn condition_bits(&self, start: usize, end: usize) -> u8 {
        self.literals
            .iter()
            .filter(|&&(s, e, _)| s >= start && e <= end)
            .fold(0, |bits, &(_, _, b)| bits | b)
    }
}

pub(super) fn cues(lower: &str) -> Cues {
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
                if before_ok && after_ok {
                    excepts.push((m.start(), m.end(), qualifies_statement));
                }
            }
        }
    }
    // A conjunction inside brackets ("aggregated information (about groups of users, but which
    // does not identify anyone) with our partners") ends no clause of the sentence: what
    // follows the bracket continues the clause the bracket interrupts. (Semicolons there still
    // part the items of a list: "(e.g., gender; age)".)
    if starts.len() > 1 && memchr::memchr(b'(', bytes).is_some() {
        let spans = bracketed_spans(bytes);
        // Both in order: one pass over each (a hostile sentence may hold thousands of both).
        starts.sort_unstable();
        let mut span = spans.iter().peekable();
        starts.retain(|&s| {
            while span.next_if(|&&(_, close)| close <= s).is_some() {}
            s == 0
                || bytes[s - 1] == b';'
                || !span
                    .peek()
                    .is_some_and(|&&(open, close)| open < s && s < close)
        });
    }
    let main_after_subordinate = leading_subordinate_clause(lower);
    starts.extend(main_after_subordinate);
    starts.sort_unstable();
    starts.dedup();
    // Overlapping matches come in order of their ends.
    excepts.sort_unstable();
    Cues {
        starts,
        main_after_subordinate,
        excepts,
        literals,
        group_word,
    }
}

/// The byte ranges from each outermost '(' to its ')', in order; an unclosed '(' closes nothing
/// (a stray bracket must not swallow the rest of a sentence).
fn bracketed_spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let (mut depth, mut open) = (0usize, 0usize);
    for (k, &b) in bytes.iter().enumerate() {
        match b {
            b'(' => {
                if depth == 0 {
                    open = k;
                }
                depth += 1;
            }
            b')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    spans.push((open, k));
                }
            }
            _ => {}
        }
    }
    spans
}

/// Where the main clause starts after a subordinate clause that opens the sentence: "If we
/// acquire another company, we may share ...", "Even though we do not disclose it, the advertiser
/// may assume ...". The subordinate clause ends at the first comma followed by a subject (a
/// pronoun or a determiner), within its first 200 bytes; the parties named in it are its own
/// (the company acquired, the one whose ad is clicked), not the receivers of the main clause's
/// act. Returns the byte after the comma.
fn leading_subordinate_clause(lower: &str) -> Option<usize> {
    const OPENERS: &[&str] = &[
        "if ",
        "when ",
        "whenever ",
        "once ",
        "because ",
        "although ",
        "though ",
        "even though ",
        "even if ",
        "while ",
        "in the event ",
        "in case ",
        "should ",
    ];
    if !OPENERS.iter().any(|o| lower.starts_with(o)) {
        return None;
    }
    let mut cut = lower.len().min(200);
    while !lower.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &lower[..cut];
    head.match_indices(", ").find_map(|(at, _)| {
        let rest = &lower[at + 2..];
        let subject = [
            "we ", "you ", "the ", "our ", "your ", "they ", "it ", "its ", "their ", "this ",
            "these ", "such ",
        ]
        .iter()
        .any(|w| rest.starts_with(w));
        subject.then_some(at + 1)
    })
}

/// The condition `text` states; `bits` says which patterns of [`CONDITIONS`] can match (those
/// with a literal in the text, from [`Cues::condition_bits`]).
pub(super) fn conditions(text: &str, bits: u8) -> Option<Condition> {
    let found = conditions_of(text.as_bytes(), bits);
    debug_assert_eq!(
        found,
        conditions_of(text.as_bytes(), 0b111),
        "CONDITION_LITERALS misses a literal of a CONDITIONS pattern matching {text:?}"
    );
    found
}

pub(super) fn conditions_of(text: &[u8], bits: u8) -> Option<Condition> {
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

/// "If you opt out, we will not sell ...", "once you have exercised your right to opt out",
/// "if you use a browser that sends a Global Privacy Control signal", "when we receive your
/// request to opt out": the user's opting out is the condition of what follows.
static OPTED_OUT: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::RegexBuilder::new(
        r"\b(if|once|when|after|where|whenever) (you|users|a user|the user|consumers|a consumer|the consumer) (have |has |had )?(opt(ed|s)? out|exercised? (your|their|the|his or her|an|a) (right|option|choice) (to opt out|that prevents|to prevent)|(send|sends|sent|use|uses|enable|enables|enabled|turn on|turned on|set|have set)\b[^.;]{0,60}?\b(signal|gpc|global privacy control|do not track)|ask(ed|s)? us not to|instruct(ed|s)? us not to|direct(ed|s)? us not to|request(ed|s)? that we not|(click|clicks|clicked|tap|taps|tapped|select|selects|selected) (on )?(that|the|this|our)( [a-z]+){0,6}? (button|link|toggle|switch))|\b(if|once|when|after|where) we (receive|detect|recogni[sz]e|honou?r)\b[^.;]{0,60}?\b(signal|gpc|global privacy control|opt out request|request to opt out)|\bupon (receiving|receipt of) (your|a|an) (opt out|request to opt out)",
    )
    .unicode(false)
    .build()
    .expect("the opt-out pattern compiles")
});

/// Whether a denial in `lower` holds only once the user has opted out (see [`OPTED_OUT`]):
/// such a denial says what happens after an opt-out, not that the act never happens.
pub(super) fn denial_awaits_opt_out(lower: &str) -> bool {
    (lower.contains("opt")
        || lower.contains("signal")
        || lower.contains(" not to")
        || lower.contains("button")
        || lower.contains("link")
        || lower.contains("toggle")
        || lower.contains("switch"))
        && OPTED_OUT.is_match(lower.as_bytes())
}

#[cfg(test)]
mod opt_out_tests {
    use super::*;

    #[test]
    fn a_denial_after_an_opt_out_is_conditional() {
        for text in [
            "if you opt out, we will not sell your personal information",
            "once you have exercised your right to opt out, we do not share it",
            "if you use a browser that sends a global privacy control signal, we will not sell",
            "when we receive a gpc signal we do not share your data",
            "if you ask us not to, we will not disclose it",
            "upon receiving your opt out request we will not sell it",
            "we do not disclose it if the consumer has exercised an option that prevents it",
            "although we shall not sell your personal information after you click that button, we shall continue to share",
            "once you select the do not sell my personal information link, we will not sell it",
        ] {
            assert!(denial_awaits_opt_out(text), "{text}");
        }
        for text in [
            "we do not sell your personal information",
            "you can opt out of marketing emails at any time",
            "we will not share your data with advertisers if you are under 16",
            "we do not sell the data of users who click on ads",
        ] {
            assert!(!denial_awaits_opt_out(text), "{text}");
        }
    }
}
