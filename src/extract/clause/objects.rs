//! Objects and recipients: whether a verb acts on data, which recipients are its objects, sources
//! ("from partners") and boundaries that are not recipients, and affiliates named through the
//! group's own name.

use super::*;

/// "Other companies in the Acme group", "members of our corporate family": affiliates named
/// through the group's own name, which no lexicon can list.
pub(super) static GROUP_COMPANIES: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::RegexBuilder::new(r"\b(companies|company|members?|entities|entity|businesses|brands|subsidiaries) (in|of|within|belonging to|that are part of|which are part of) (the|our) ([a-z0-9&'.,]+ ){0,4}(group|family|family of companies|corporate group)\b")
        .unicode(false)
        .build()
        .expect("group pattern compiles")
});

pub(super) fn weak_object_is_not_data(texts: &[&str], i: usize) -> bool {
    for (k, w) in texts.iter().enumerate().skip(i + 1).take(4) {
        if OBJECT_WORDS.contains(w)
            || matches!(*w, "your" | "personal" | "email" | "name" | "names")
        {
            return false;
        }
        // "provide marketing information": a noun before a data word only modifies it.
        if texts.get(k + 1).is_some_and(|n| OBJECT_WORDS.contains(n)) {
            continue;
        }
        if NON_DATA_OBJECTS.contains(w)
            || matches!(*w, "marketing" | "promotions" | "newsletters")
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

/// In a business transfer, whoever receives data generically is the buyer or successor.
pub(super) fn as_transferees(recipients: Vec<Mention>) -> Vec<Mention> {
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

pub(super) const OBJECT_WORDS: &[&str] = &[
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
pub(super) const NON_DATA_OBJECTS: &[&str] = &[
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
pub(super) fn has_object(ws: &[Word], i: usize, data: &[(usize, Mention)]) -> bool {
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

/// Whether the collection or use verb at word `i` acts on data: a data term, or a word standing
/// for data ("information", "it", "them"), within the six words after it, or any data term
/// when the verb has no object of its own ("the information they collect").
pub(super) fn handles_data(ws: &[Word], i: usize, data: &[(usize, Mention)]) -> bool {
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

/// "We may work with business partners, subcontractors and analytics providers, who may provide
/// us with personal information about you": the parties an engagement names give data to the
/// organisation, in a relative clause after them, so they are its sources and the engagement
/// shares nothing with them. `end`: the word index where the clause ends.
pub(super) fn engaged_parties_give_to_us(texts: &[&str], i: usize, end: usize) -> bool {
    let end = end.min(texts.len());
    (i + 1..end).any(|r| {
        matches!(texts[r], "who" | "that" | "which")
            && (r + 1..(r + 4).min(end)).any(|g| {
                verb(texts[g]).is_some_and(|(action, _)| action.is_sharing())
                    && (g + 1..(g + 8).min(end)).any(|u| {
                        texts[u] == "us" && (u == g + 1 || matches!(texts[u - 1], "to" | "with"))
                    })
            })
    })
}

/// Recipients that are the object of the verb at word `i`: the first one after it follows
/// with only prepositions, determiners and vague qualifiers between ("partner with certain
/// reputable companies", "use the services of Google Analytics"); coordinated ones after it
/// in the clause come with it.
pub(super) fn direct_objects(
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

/// The words of `text` from its end backwards (runs of ASCII letters and digits), lazily: the
/// tests on the words right before a party read two or three of them.
fn words_back(text: &str) -> impl Iterator<Item = &str> {
    text.rsplit(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether a party named right after this text is named as the role someone acts in: after
/// "as a", "as an" ("As a publisher, Hearst ...", "discloses it only as a service provider"),
/// but not "such as a" (an example), "as well as a" (a list) or "acting as a" (the capacity
/// of a recipient just named: "a third party acting as a service provider").
pub(super) fn names_a_role(before: &str) -> bool {
    let mut words = words_back(before);
    matches!(words.next(), Some("a" | "an"))
        && words.next() == Some("as")
        && !matches!(
            words.next(),
            Some("such" | "well" | "acting" | "act" | "acts" | "serving" | "serve" | "serves")
        )
}

/// Whether a party named right after this text is the agent of an authority's act on an
/// instrument: "clauses approved by the European Commission", "adequacy decisions issued by the
/// European Commission or other relevant authorities". It made the rule the data moves under;
/// it receives nothing. (Agents of acts on data, "accessed by", "requested by", stay recipients.)
pub(super) fn is_agent_of_an_instrument(before: &str) -> bool {
    let mut words = words_back(before);
    for _ in 0..7 {
        match words.next() {
            Some("by") => {
                return matches!(
                    words.next(),
                    Some(
                        "approved"
                            | "issued"
                            | "adopted"
                            | "recognized"
                            | "recognised"
                            | "published"
                            | "certified"
                            | "established"
                            | "endorsed"
                            | "enacted"
                            | "promulgated"
                    )
                );
            }
            Some("to" | "with" | "for" | "from" | "of" | "that" | "which" | "who") | None => {
                return false;
            }
            Some(_) => {}
        }
    }
    false
}

/// Whether a party named right after this text is the object of "visit" or "browse" (over a
/// determiner): a place someone goes to ("When you visit our search engine", "when visiting
/// a Facebook Fan Page"), not someone data is given to.
pub(super) fn is_visited(before: &str) -> bool {
    let mut words = words_back(before);
    let mut w = words.next();
    if matches!(
        w,
        Some("our" | "the" | "a" | "an" | "any" | "their" | "other" | "your" | "its")
    ) {
        w = words.next();
    }
    matches!(
        w,
        Some("visit" | "visits" | "visited" | "visiting" | "browse" | "browses" | "browsing")
    )
}

/// A recipient right after "from" is a source ("we receive data from partners"); one right
/// after "outside (of)" is the boundary, not a recipient ("individuals outside of Google").
pub(super) fn preceded_by_from(lower: &str, at: usize) -> bool {
    let before = lower[..at].trim_end();
    if before.ends_with(" outside") || before.ends_with(" outside of") {
        return true;
    }
    // "on behalf of other businesses" names a client, "your internet provider" the user's own.
    if before.ends_with("behalf of") || before.ends_with(" your") || before == "your" {
        return !lower[at..].starts_with("your");
    }
    let tail: Vec<&str> = before.rsplit(' ').take(3).collect();
    let source = tail.first().is_some_and(|w| *w == "from")
        || (tail.len() >= 2
            && tail[1] == "from"
            && (tail[0] == "any" || is_recipient_qualifier(tail[0])))
        || from_governs_list(before);
    source && !from_a_requester(before)
}

/// "in response to a request from law enforcement", "a binding order from a court": whoever
/// requests the data is who it is disclosed to, not a source.
fn from_a_requester(before: &str) -> bool {
    let Some(at) = before.rfind(" from") else {
        return false;
    };
    let word = before[..at]
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric());
    is_demand(word)
}

/// "to comply with governmental requests", "government requests or regulatory inquiries": a
/// demand made by a public body, named by an adjective the lexicon does not hold as a party.
/// Whoever makes the demand receives what is disclosed in answer (as with "a request from law
/// enforcement"). Returns the adjective's word index among `texts[from..to]`.
pub(super) fn public_demand(texts: &[&str], from: usize, to: usize) -> Option<usize> {
    (from..to.min(texts.len()).saturating_sub(1)).find(|&k| {
        matches!(
            texts[k],
            "government" | "governmental" | "regulatory" | "judicial"
        ) && (matches!(texts[k + 1], "investigation" | "investigations")
            // A requirement or a process is a rule to follow, not someone asking.
            || is_demand(texts[k + 1])
                && !matches!(texts[k + 1], "process" | "requirement" | "requirements"))
    })
}

/// A noun of a demand for data ("request", "court order", "subpoena").
pub(super) fn is_demand(word: &str) -> bool {
    matches!(
        word,
        "request"
            | "requests"
            | "order"
            | "orders"
            | "demand"
            | "demands"
            | "subpoena"
            | "subpoenas"
            | "inquiry"
            | "inquiries"
            | "enquiries"
            | "process"
            | "warrant"
            | "warrants"
            | "requirement"
            | "requirements"
    )
}

/// "from federal, state, or local government records", "from advertisers, publishers and
/// other partners", "from other sources, including social media sites like Facebook, Twitter":
/// a recipient term later in a list that "from" governs, or in its examples, is a source too.
/// The words back to "from" are the list's other members, conjunctions and the words that
/// introduce examples: a verb, an auxiliary, a pronoun, a subordinating word or another
/// preposition in between means the term belongs to another phrase ("from you and share it
/// with partners", "from various countries, as do its Service Providers").
fn from_governs_list(before: &str) -> bool {
    let mut words = before
        .rsplit(' ')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .take(12)
        .peekable();
    while let Some(w) = words.next() {
        if w == "from" {
            return true;
        }
        if w.is_empty() || matches!(w, "and" | "or") {
            continue;
        }
        // "such as" introduces examples; "as" alone compares or subordinates.
        if w == "as" && words.peek() == Some(&"such") {
            words.next();
            continue;
        }
        if matches!(
            w,
            "with"
                | "to"
                | "for"
                | "by"
                | "of"
                | "on"
                | "in"
                | "at"
                | "into"
                | "via"
                | "through"
                | "than"
                | "around"
                | "across"
                | "within"
                | "about"
                | "between"
                | "among"
                | "as"
                | "if"
                | "when"
                | "where"
                | "while"
                | "because"
                | "we"
                | "you"
                | "they"
                | "it"
                | "them"
                | "us"
                | "that"
                | "which"
                | "who"
                | "then"
                | "also" // A verb of engagement is as often a noun of the list ("a business partner").
        ) || verb(w).is_some_and(|(_, strength)| strength != Strength::Engages)
            || is_negation_bridge(w) && w.len() > 2 && !w.ends_with("ly")
            || w.ends_with("ed")
        {
            return false;
        }
    }
    false
}

/// A word that can stand before a recipient term and still belong to it ("our", "these",
/// "selected"; "third party" in "a third-party website hosting provider", the kind of a
/// named provider).
pub(super) fn is_recipient_qualifier(w: &str) -> bool {
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

/// Words that end a verb's object: a preposition or a word that starts a new clause.
fn ends_object(w: &str) -> bool {
    matches!(
        w,
        "to" | "with"
            | "for"
            | "through"
            | "via"
            | "in"
            | "on"
            | "by"
            | "about"
            | "from"
            | "at"
            | "so"
            | "that"
            | "which"
            | "who"
            | "when"
            | "if"
            | "as"
            | "where"
            | "because"
            | "unless"
    )
}

/// Whether a clause punctuation mark stands between word `k - 1` and word `k`.
fn clause_break_before(lower: &str, ws: &[Word], k: usize) -> bool {
    k > 0
        && lower
            .get(ws[k - 1].start + ws[k - 1].text.len()..ws[k].start)
            .is_some_and(|gap| gap.contains([',', ';', ':', '(', '.']))
}

/// "that provider may share an email address with us", "we disclose it to you": the receiver
/// of the act at `i` is the user or the organisation, so no third party receives. The
/// receiver is the object of the first "with", or of a "to" before a noun phrase, after the
/// verb and within its clause; "to us or to a partner" also goes to the partner. Returns that
/// receiver's word.
pub(super) fn receiver_is_you_or_us<'t>(
    lower: &str,
    ws: &[Word],
    texts: &[&'t str],
    i: usize,
) -> Option<&'t str> {
    let end = texts.len().min(i + 14);
    for k in i + 1..end {
        if k > i + 1 && clause_break_before(lower, ws, k) && texts[k] != "with" && texts[k] != "to"
        {
            return None;
        }
        let w = texts[k];
        // "transfer information provided to us", "partners working with us": a participle
        // starts a clause of its own.
        if (w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))) || verb(w).is_some() {
            return None;
        }
        if w != "with" && w != "to" {
            continue;
        }
        let next = texts.get(k + 1).copied();
        let slot = w == "with"
            || matches!(
                next,
                Some(
                    "you"
                        | "us"
                        | "users"
                        | "the"
                        | "a"
                        | "an"
                        | "our"
                        | "their"
                        | "any"
                        | "other"
                        | "third"
                        | "certain"
                        | "these"
                        | "those"
                        | "such"
                        | "some"
                        | "all"
                        | "its"
                )
            );
        if !slot {
            // An infinitive ("share data to improve ..."): its clause is a purpose.
            if w == "to" {
                return None;
            }
            continue;
        }
        return next.filter(|w| {
            matches!(*w, "you" | "us" | "users")
                && !(matches!(texts.get(k + 2).copied(), Some("or" | "and"))
                    && matches!(texts.get(k + 3).copied(), Some("to" | "with")))
        });
    }
    None
}

/// "Non-personal information does not reveal an individual's identity", "information which
/// does not directly or indirectly disclose your identity": "reveal" or "disclose" with data as
/// its subject (over auxiliaries, adverbs, a negation and a relative pronoun) says what the data
/// shows, not that anyone discloses it. ("It discloses" may be the company: for "disclose"
/// the subject must be a noun of data.)
pub(super) fn data_reveals(texts: &[&str], i: usize) -> bool {
    // Only an active verb: "information disclosed to partners" is data someone discloses.
    let disclose = matches!(texts[i], "disclose" | "discloses");
    if !(disclose || matches!(texts[i], "reveal" | "reveals")) {
        return false;
    }
    // Back over auxiliaries, a negation and adverbs ("does not directly or indirectly").
    let back_over_auxiliaries = |mut j: usize| {
        while j > 0
            && (is_negation(texts[j - 1])
                || matches!(
                    texts[j - 1],
                    "does" | "do" | "may" | "can" | "could" | "might" | "will" | "would"
                )
                || (texts[j - 1].len() > 3 && texts[j - 1].ends_with("ly"))
                || (matches!(texts[j - 1], "or" | "and") && j >= 2 && texts[j - 2].ends_with("ly")))
        {
            j -= 1;
        }
        j
    };
    let mut j = back_over_auxiliaries(i);
    // "a value that cannot, by itself, reveal your identity": a reflexive aside.
    if j > 2 && matches!(texts[j - 1], "itself" | "themselves") && texts[j - 2] == "by" {
        j = back_over_auxiliaries(j - 2);
    }
    if j > 1 && matches!(texts[j - 1], "which" | "that") {
        // "aggregated reports to advertisers that don't reveal information about individual
        // people": what "reveals" through a relative pronoun is a thing (or a third party),
        // never the organisation itself. ("used in any manner that would reveal" is the
        // organisation's way of acting: its act.)
        if !disclose && !matches!(texts[j - 2], "manner" | "way" | "ways" | "form" | "fashion") {
            return true;
        }
        j -= 1;
    }
    j > 0
        && if disclose {
            matches!(texts[j - 1], "information" | "data" | "details" | "records")
        } else {
            OBJECT_WORDS.contains(&texts[j - 1])
        }
}

/// As [`weak_object_is_not_data`], once the lexicon has run: the object of a weak verb (the
/// words from the verb to the first preposition or clause word, at most seven) is named and
/// holds no data term, no object word ("information", "it"), no possessive ("your", "their")
/// and no recipient (the receiver of "provide advertisers with data"). An empty object (a
/// passive "is provided to", or "have access to") leaves the verb as it is.
pub(super) fn weak_object_is_not_data_found(
    lower: &str,
    ws: &[Word],
    texts: &[&str],
    i: usize,
    found: &Found,
) -> bool {
    // Only verbs whose object follows them; "available", "access", "see" have their own rules.
    // "give partners temporary access": the object of "give" may follow its receiver.
    // "released guidance", "devices released in 2019": "release" is a disclosure only of data
    // (a passive "no PIN is released" has its data before it).
    let release = texts[i].starts_with("releas");
    if release
        && i > 0
        && matches!(
            texts[i - 1],
            "is" | "are" | "be" | "been" | "being" | "was" | "were"
        )
    {
        return false;
    }
    if !release
        && ![
            "provid", "send", "sent", "pass", "transmit", "suppl", "furnish", "deliver", "display",
            "forward",
        ]
        .iter()
        .any(|p| texts[i].starts_with(p))
    {
        return false;
    }
    let limit = texts.len().min(i + 8);
    let mut end = i + 1;
    while end < limit && !ends_object(texts[end]) && !clause_break_before(lower, ws, end) {
        end += 1;
    }
    // "devices released in 2019": a participle after a noun that is not data, with no object.
    if release && end == i + 1 && texts[i] == "released" && i > 0 {
        let before = texts[i - 1];
        let noun_at = ws[i - 1].start;
        // (A "be" before it has returned above; "it" and "them" are object words.)
        return !(OBJECT_WORDS.contains(&before)
            || is_negation_bridge(before)
            || is_negation(before)
            || found.data.iter().any(|(p, m)| {
                *p <= noun_at && noun_at < p + m.term.as_ref().map_or(0, |t| t.len())
            }));
    }
    // "provide the Sender with contact details": the object follows "with".
    if end == i + 1 || texts.get(end) == Some(&"with") {
        return false;
    }
    let span = &texts[i + 1..end];
    // "transmitted directly to": adverbs are no object.
    if span.iter().all(|w| w.len() > 3 && w.ends_with("ly")) {
        return false;
    }
    if span.iter().any(|w| {
        OBJECT_WORDS.contains(w)
            || matches!(
                *w,
                "your"
                    | "their"
                    | "his"
                    | "her"
                    | "its"
                    | "personal"
                    | "you"
                    | "us"
                    | "them"
                    | "access"
                    | "info"
                    | "user"
                    | "users"
                    | "customer"
                    | "customers"
                    | "visitors"
                    | "members"
                    | "people"
            )
    }) {
        return false;
    }
    let (from, to) = (ws[i + 1].start, ws[end - 1].start + ws[end - 1].text.len());
    let inside = |p: usize| from <= p && p < to;
    !(found.data.iter().any(|(p, _)| inside(*p))
        || found.recipients.iter().any(|(p, _)| inside(*p)))
}

/// Whether the text before a recipient mention ends in "the rights, property or safety of"
/// (and "of Acme, our users or" before a later one of a list): the mention names someone
/// whose interests are protected, not someone who receives data.
pub(super) fn is_protected_party(before: &str) -> bool {
    // Most parties have no "of" among the twenty words before them. The last "of" is found
    // by memchr's searcher from the end; only the words after it are counted.
    let bytes = before.as_bytes();
    let in_word = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    let Some(of) = memchr::memmem::rfind_iter(bytes, b"of").find(|&at| {
        (at == 0 || !in_word(bytes[at - 1])) && bytes.get(at + 2).is_none_or(|&b| !in_word(b))
    }) else {
        return false;
    };
    let mut counted = 0;
    let mut was_word = false;
    for &b in &bytes[of + 2..] {
        let word = in_word(b);
        counted += usize::from(word && !was_word);
        was_word = word;
    }
    // "of" itself is one of the twenty.
    if counted >= 20 {
        return false;
    }
    // On the stack: this runs for every party the lexicon finds.
    let mut last = [""; 20];
    let mut n = 0;
    for w in before
        .rsplit(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(20)
    {
        last[n] = w;
        n += 1;
    }
    let words = &last[..n];
    // Walk back over the list of parties ("Acme, any of our users or") to the "of" after the
    // protected interests; an "of" inside the list ("any of") is passed over.
    for (of, _) in words.iter().enumerate().filter(|(_, w)| **w == "of") {
        if words[..of].iter().any(|w| {
            matches!(
                *w,
                "to" | "with"
                    | "by"
                    | "for"
                    | "from"
                    | "share"
                    | "disclose"
                    | "sell"
                    | "that"
                    | "which"
            )
        }) {
            return false;
        }
        if words[of + 1..].iter().take(4).any(|w| {
            matches!(
                *w,
                "rights"
                    | "property"
                    | "safety"
                    | "security"
                    | "interests"
                    | "integrity"
                    | "welfare"
                    | "well-being"
                    | "lives"
            )
        }) {
            return true;
        }
    }
    false
}

/// A term that names no receiver by its place in the noun phrase: "third-party sources" (the
/// head noun after it is "sources": who gives, not who receives), "Acme receives data as a data
/// processor" (a role of someone named elsewhere in the clause, here the organisation; but
/// "a vendor acting as a processor" says what the receiver is). `at` and `len`: the term in `lower`.
pub(super) fn names_no_receiver(lower: &str, at: usize, len: usize) -> bool {
    let head = lower
        .get(at + len..)
        .unwrap_or("")
        .trim_start_matches([' ', '-'])
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if matches!(head, "source" | "sources") {
        return true;
    }
    let before = lower[..at].trim_end();
    if owns_the_place(lower, at + len, before) || owns_a_document(lower, at + len) {
        return true;
    }
    // "a third party acting as a service provider" says what the receiver is, and stays.
    authorizer(before)
        || (before.ends_with(" as a") || before.ends_with(" as an"))
            && !before.ends_with("such as a")
            && !before.ends_with("such as an")
            && !before.ends_with("acting as a")
            && !before.ends_with("acting as an")
}

/// "relevant information on our and our affiliates' services", "ads in our partners' apps": a
/// party named as owning the place where something is shown or provided receives nothing
/// there. `end`: where the term ends; `before`: the text before it.
fn owns_the_place(lower: &str, end: usize, before: &str) -> bool {
    let Some(rest) = after_possessive(lower, end) else {
        return false;
    };
    let mut next = rest.split(|c: char| !c.is_alphanumeric());
    let place = matches!(
        next.next(),
        Some(
            "services"
                | "sites"
                | "websites"
                | "platforms"
                | "apps"
                | "applications"
                | "products"
                | "pages"
                | "properties"
        )
    ) && next.next() != Some("providers");
    // Back over determiners and a coordinated owner ("on our and our affiliates'").
    let preposition = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .find(|w| !matches!(*w, "our" | "their" | "its" | "the" | "and" | "or" | "of"));
    place
        && matches!(
            preposition,
            Some("on" | "in" | "across" | "through" | "via" | "within" | "throughout")
        )
}

/// The text after a term that ends in a possessive ("partners' apps", "Acme's policy"), from the
/// word owned; `end`: the byte after the term.
fn after_possessive(lower: &str, end: usize) -> Option<&str> {
    let after = lower.get(end..)?;
    after
        .strip_prefix("'s ")
        .or_else(|| after.strip_prefix("' "))
}

/// "subject to such third parties' policies", "check the applicable third party's privacy
/// policy", "our content partners' licensing terms": a party named as the owner of a policy or
/// terms (one word may come between) is whose rules apply, not someone who receives. `end`:
/// the byte after the term.
fn owns_a_document(lower: &str, end: usize) -> bool {
    let Some(rest) = after_possessive(lower, end) else {
        return false;
    };
    rest.split(|c: char| !c.is_alphanumeric()).take(2).any(|w| {
        matches!(
            w,
            "policy" | "policies" | "terms" | "notice" | "notices" | "practices" | "statement"
        )
    })
}

/// "unless authorized by the government customer", "as permitted by our partners": the party
/// after a participle of permission and "by" gives leave for the act; it does not receive
/// (those who require or request it, "required by a court", may). `before`: the text before
/// the term.
fn authorizer(before: &str) -> bool {
    matches!(
        word_before_by(before),
        Some(
            "authorized"
                | "authorised"
                | "permitted"
                | "approved"
                | "allowed"
                | "licensed"
                | "sanctioned"
                | "consented"
        )
    )
}

/// "Feature Tool providers that sell your data", "partners who share it with us", "any other
/// third party chooses to disclose": the relative pronoun (or a verb of choosing in the third
/// person) right after a recipient makes the recipient the giver of the act at `i`, so the act
/// is theirs. Receiving and looking ("vendors that receive it", "that access it") still make
/// them the receiver.
pub(super) fn act_of_a_recipient_relative(
    lower: &str,
    ws: &[Word],
    texts: &[&str],
    i: usize,
    recipients: &[(usize, Mention)],
) -> bool {
    let mut j = i;
    loop {
        while j > 0
            && matches!(
                texts[j - 1],
                "may" | "might" | "can" | "could" | "also" | "will" | "otherwise"
            )
        {
            j -= 1;
        }
        // "that sell or otherwise transfer": the pronoun is before the first verb.
        if j >= 2 && matches!(texts[j - 1], "or" | "and") && verb(texts[j - 2]).is_some() {
            j -= 2;
        } else {
            break;
        }
    }
    if ["receiv", "access", "obtain", "see", "view", "get"]
        .iter()
        .any(|p| texts[i].starts_with(p))
    {
        return false;
    }
    // The party's head word ends at `head`: before the relative pronoun ("providers that
    // sell"), or before a verb of choosing ("any other third party chooses to disclose").
    // A named organisation choosing may be the policy's own ("the reasons PayPal chooses to
    // share"), so only a party named by kind counts there.
    let mut by_kind_only = false;
    let head = if j >= 2 && matches!(texts[j - 1], "that" | "who" | "which") {
        j - 1
    } else if j >= 3
        && texts[j - 1] == "to"
        && matches!(
            texts[j - 2],
            "chooses" | "decides" | "elects" | "wants" | "wishes" | "intends"
        )
    {
        by_kind_only = true;
        j - 2
    } else {
        return false;
    };
    // A party's head noun the lexicon does not hold alone ("Feature Tool providers").
    if matches!(
        texts[head - 1],
        "providers"
            | "companies"
            | "partners"
            | "vendors"
            | "parties"
            | "businesses"
            | "organizations"
            | "organisations"
            | "entities"
            | "advertisers"
            | "brokers"
            | "sites"
            | "websites"
            | "apps"
            | "platforms"
            | "networks"
            | "merchants"
            | "sellers"
    ) {
        return true;
    }
    let pronoun = ws[head].start;
    recipients.iter().any(|(p, m)| {
        let end = p + m.term.as_ref().map_or(0, |t| t.len());
        !(by_kind_only && m.entity.is_some())
            && end <= pronoun
            && lower
                .get(end..pronoun)
                .is_some_and(|gap| gap.trim().is_empty())
    })
}

/// "we commit to cooperate with the EU data protection authorities", "the advice of the panel
/// established by the data protection authorities", "the right to lodge a complaint with your
/// supervisory authority": a body that handles complaints is named as someone to work with or
/// turn to, not as a recipient. The term at `at` counts as such when "cooperate", "complaint"
/// or "lodge" comes within the thirty-two words before it with no act of passing data between
/// (a DPF commitment names its frameworks at length before the body).
pub(super) fn handles_complaints(lower: &str, at: usize) -> bool {
    // "cooperate with official investigations or legal proceedings initiated by law
    // enforcement": cooperating in an investigation is disclosing to those who run it.
    // So is cooperating with the body's own investigation ("cooperate with law enforcement
    // investigations"): the noun after the term says so.
    let mut investigation = lower
        .get(at..)
        .unwrap_or("")
        .split(' ')
        .skip(1)
        .take(3)
        .any(|w| {
            w.starts_with("investigation") || matches!(w, "proceedings" | "requests" | "inquiries")
        });
    for w in lower[..at].rsplit(' ').take(32) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.starts_with("complain") || w == "lodge" {
            return true;
        }
        if w.starts_with("cooperat") {
            return !investigation;
        }
        investigation |= w.starts_with("investigation") || w == "proceedings" || w == "requests";
        // An act of passing data between ends the search; receiving does not ("complaints
        // concerning personal information received in reliance on").
        if !w.starts_with("receiv") && verb(w).is_some_and(|(action, _)| action.is_sharing()) {
            return false;
        }
    }
    false
}

/// The object phrase of the verb at word `i` when it is written right after it ("sell your form
/// data", "share pseudonymised personal data of EU residents"): the byte span from its first
/// word to the end of its last. Only verbs whose object is what is given count ("share",
/// "sell", "disclose", "provide", not "give advertisers access"). The phrase ends at a
/// preposition that starts an adjunct, a clause word, punctuation, the subject of a relative
/// clause ("information we receive"), or a participle after its noun ("information collected
/// through ..."). A coordinated verb before it ("sell or otherwise transfer your ...") and a
/// particle ("rent out") are passed over.
pub(super) fn object_phrase(lower: &str, ws: &[Word], i: usize) -> Option<(usize, usize)> {
    let gives_its_object = [
        "shar",
        "sell",
        "sold",
        "rent",
        "disclos",
        "transfer",
        "leas",
        "trad",
        "provid",
        "releas",
        "distribut",
    ]
    .iter()
    .any(|p| ws[i].text.starts_with(p));
    if !gives_its_object {
        return None;
    }
    let gap_after = |k: usize| {
        ws.get(k + 1)
            .map_or("", |n| &lower[ws[k].start + ws[k].text.len()..n.start])
    };
    let mut k = i + 1;
    while k < ws.len() && k <= i + 8 {
        match ws[k].text {
            "out" => k += 1,
            "or" | "and" | "nor" => {
                k += 1;
                if ws.get(k).is_some_and(|w| w.text == "otherwise") {
                    k += 1;
                }
                // The coordinated verb.
                k += 1;
            }
            // "sell, share, rent, monetize, or use ...": a verb of the series.
            _ if gap_after(k - 1).contains(',')
                && (gap_after(k).contains(',')
                    || ws
                        .get(k + 1)
                        .is_some_and(|n| matches!(n.text, "or" | "and"))) =>
            {
                k += 1;
            }
            _ => break,
        }
    }
    // A noun that a participle or relative clause may follow.
    let noun_before = |k: usize| {
        let p = ws[k - 1].text;
        matches!(
            p,
            "data" | "information" | "info" | "details" | "content" | "records" | "files"
        ) || (p.len() > 3 && p.ends_with('s') && !p.ends_with("ss"))
    };
    let first = k;
    let mut last = None;
    while k < ws.len() && k < first + 10 {
        let w = ws[k].text;
        if k > first {
            let gap = &lower[ws[k - 1].start + ws[k - 1].text.len()..ws[k].start];
            if gap.contains([',', ';', ':', '(', ')', '.', '"']) {
                break;
            }
        }
        let ends = matches!(
            w,
            "to" | "with"
                | "from"
                | "for"
                | "by"
                | "in"
                | "on"
                | "at"
                | "unless"
                | "except"
                | "without"
                | "that"
                | "which"
                | "who"
                | "if"
                | "when"
                | "where"
                | "as"
                | "outside"
                | "beyond"
                | "other"
                | "than"
                | "under"
                | "is"
                | "are"
                | "was"
                | "were"
                | "will"
                | "may"
                | "can"
                | "but"
                | "so"
                | "because"
                | "nor"
                | "through"
                | "via"
                | "unlike"
                | "after"
                | "before"
                | "until"
                | "while"
                | "once"
                | "since"
                | "like"
                | "we"
                | "they"
                | "i"
        ) || (w == "you" && k > first && !matches!(ws[k - 1].text, "about" | "of"))
            || (k > first && (w.ends_with("ed") || w.ends_with("ing")) && noun_before(k))
            || (k == first && verb(w).is_some())
            || (w.len() > 3 && w.ends_with("ly"))
            || matches!(w, "back" | "up" | "away" | "off" | "out")
            || w.bytes().all(|b| b.is_ascii_digit());
        if ends {
            break;
        }
        last = Some(k);
        k += 1;
    }
    let mut last = last?;
    // A phrase cut by the bound ends on its last content word ("... users of the").
    while last > first
        && matches!(
            ws[last].text,
            "the" | "a" | "an" | "of" | "our" | "your" | "its" | "their" | "and" | "or"
        )
    {
        last -= 1;
    }
    Some((ws[first].start, ws[last].start + ws[last].text.len()))
}

/// The subject phrase of the passive verb at word `i` ("Text message opt-in data and consent
/// will not be shared", "None of your files or data are transferred"): what is given, written
/// before the verb. The byte span of its words back from the auxiliaries to a clause word,
/// punctuation or a verb; `None` when the verb is not passive or nothing stands there ("it
/// will not be shared").
pub(super) fn passive_subject_phrase(
    lower: &str,
    ws: &[Word],
    i: usize,
    hyphen_before: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let be = |w: &str| matches!(w, "is" | "are" | "was" | "were" | "be" | "been" | "being");
    let mut j = i;
    let mut passive = false;
    while j > 0
        && (be(ws[j - 1].text)
            || matches!(
                ws[j - 1].text,
                "not"
                    | "never"
                    | "will"
                    | "won"
                    | "t"
                    | "can"
                    | "cannot"
                    | "may"
                    | "must"
                    | "shall"
                    | "should"
                    | "would"
                    | "ever"
                    | "no"
                    | "longer"
                    | "also"
            )
            // Normalising spelled a curly apostrophe straight.
            || ws[j - 1].text.ends_with("n't"))
    {
        passive |= be(ws[j - 1].text);
        j -= 1;
    }
    // "Your data will be treated confidentially and will not be shared": the subject is
    // before another verb, not here.
    if !passive || j == 0 || j == i || matches!(ws[j - 1].text, "and" | "or" | "but") {
        return None;
    }
    let last = j - 1;
    // "Information collected through the program, won't be shared": a subject set off by a
    // comma is not read.
    if lower[ws[last].start + ws[last].text.len()..ws[j].start].contains(',') {
        return None;
    }
    let mut first = last;
    loop {
        let w = ws[first].text;
        // Inside a hyphenated word ("opt-in data") no word ends the phrase.
        let hyphenated =
            (first > 0 && hyphen_before(first)) || (first < last && hyphen_before(first + 1));
        // "You can close your account and your profile will not be shared": a clause, not a
        // noun, is coordinated before the subject.
        let clause_and = matches!(w, "and" | "or")
            && first < last
            && matches!(
                ws[first + 1].text,
                "your" | "our" | "the" | "their" | "its" | "this" | "these"
            );
        let ends = clause_and
            || matches!(
                w,
                "that"
                    | "which"
                    | "who"
                    | "if"
                    | "when"
                    | "where"
                    | "because"
                    | "so"
                    | "but"
                    | "we"
                    | "you"
                    | "they"
                    | "it"
                    | "this"
                    | "these"
                    | "those"
                    | "such"
                    | "unless"
                    | "although"
                    | "while"
                    | "since"
                    | "as"
                    | "in"
                    | "on"
                    | "at"
                    | "by"
                    | "from"
                    | "to"
                    | "with"
                    | "for"
                    | "within"
                    | "through"
                    | "via"
                    | "into"
                    | "under"
                    | "after"
                    | "before"
                    | "during"
                    | "can"
                    | "will"
                    | "may"
                    | "must"
                    | "should"
                    | "would"
                    | "could"
                    | "shall"
            )
            || verb(w).is_some()
            || (w.len() > 3 && w.ends_with("ly"));
        if ends && !hyphenated {
            first += 1;
            break;
        }
        if first == 0 || last - first >= 8 {
            break;
        }
        let gap = &lower[ws[first - 1].start + ws[first - 1].text.len()..ws[first].start];
        if gap.contains([',', ';', ':', '(', ')', '.', '"']) {
            break;
        }
        first -= 1;
    }
    (first <= last).then(|| (ws[first].start, ws[last].start + ws[last].text.len()))
}

/// "we may share your phone number with the flower shop", "with the Audit Bureau of
/// Circulations", "disclose it to the relevant licensing body": the party after "with" (or "to"
/// and a determiner) that follows a verb of sharing, when the lexicon
/// knows no party in the clause. A party is a noun phrase whose head is a noun of
/// organisations; a thing ("with your consent", "in accordance with Applicable Law"), a
/// pronoun or a clause after "with" names none. Returns the phrase's first and last word.
pub(super) fn party_after_with(
    cased: &str,
    ws: &[Word],
    texts: &[&str],
    i: usize,
    end: usize,
) -> Option<(usize, usize)> {
    // The first "with" within eight words of the verb, or "to" before a determiner ("to the
    // flower shop"; "to comply" is an infinitive).
    let with = (i + 1..end.min(i + 9)).find(|&k| {
        texts[k] == "with"
            || texts[k] == "to"
                && matches!(
                    texts.get(k + 1).copied(),
                    Some("the" | "a" | "an" | "our" | "their" | "its" | "any" | "other")
                )
    })?;
    if texts[i + 1..with]
        .iter()
        .any(|w| matches!(*w, "that" | "which" | "who" | "if" | "when" | "to" | "for"))
    {
        return None;
    }
    let mut k = with + 1;
    while k < end
        && matches!(
            texts[k],
            "the"
                | "a"
                | "an"
                | "our"
                | "their"
                | "its"
                | "that"
                | "this"
                | "these"
                | "those"
                | "selected"
                | "certain"
                | "relevant"
                | "any"
                | "some"
                | "each"
                | "following"
        )
    {
        k += 1;
    }
    let first = k;
    // Up to four words of the phrase, to its head: modifiers, proper names among them ("the
    // flower shop", "other Badoo group companies"), then a noun of organisations. A proper
    // name alone may be the organisation itself ("share with Vinted") and names no one here.
    let mut last = None;
    while k < end && k < first + 4 {
        if k > first
            && cased
                .get(ws[k - 1].start + ws[k - 1].text.len()..ws[k].start)
                .is_some_and(|gap| gap.contains([',', ';', ':', '(', '.']))
        {
            break;
        }
        let w = texts[k];
        if is_party_head(w) {
            last = Some(k);
            if !texts.get(k + 1).is_some_and(|n| is_party_head(n)) {
                break;
            }
        } else if last.is_some()
            || !w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
            || verb(w).is_some()
            || OBJECT_WORDS.contains(&w)
            || is_non_party_word(w)
        {
            break;
        }
        k += 1;
    }
    Some((first, last?))
}

/// Nouns that name an organisation or a person who can receive data.
fn is_party_head(w: &str) -> bool {
    matches!(
        w,
        "shop"
            | "shops"
            | "store"
            | "stores"
            | "company"
            | "companies"
            | "businesses"
            | "organisation"
            | "organisations"
            | "organization"
            | "organizations"
            | "firm"
            | "firms"
            | "agency"
            | "agencies"
            | "entity"
            | "entities"
            | "bank"
            | "banks"
            | "school"
            | "schools"
            | "university"
            | "universities"
            | "hospital"
            | "hospitals"
            | "clinic"
            | "clinics"
            | "pharmacy"
            | "pharmacies"
            | "charity"
            | "charities"
            | "retailer"
            | "retailers"
            | "merchant"
            | "merchants"
            | "seller"
            | "sellers"
            | "buyer"
            | "buyers"
            | "publisher"
            | "publishers"
            | "developer"
            | "developers"
            | "institution"
            | "institutions"
            | "authority"
            | "authorities"
            | "body"
            | "bodies"
            | "operator"
            | "operators"
            | "broker"
            | "brokers"
            | "insurer"
            | "insurers"
            | "lender"
            | "lenders"
            | "carrier"
            | "carriers"
            | "venue"
            | "venues"
            | "organizer"
            | "organizers"
            | "organiser"
            | "organisers"
            | "sponsor"
            | "sponsors"
    )
}

/// Words that end a phrase before any noun of organisations could come: pronouns,
/// prepositions, conjunctions, and the words of laws and documents.
fn is_non_party_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "or"
            | "in"
            | "on"
            | "of"
            | "for"
            | "to"
            | "who"
            | "that"
            | "which"
            | "your"
            | "you"
            | "us"
            | "we"
            | "our"
            | "them"
            | "law"
            | "laws"
            | "regulation"
            | "regulations"
            | "act"
            | "policy"
            | "notice"
            | "terms"
            | "agreement"
            | "consent"
            | "personal"
            | "privacy"
            | "applicable"
    )
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
