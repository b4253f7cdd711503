//! One sentence: clauses, action verbs with polarity, lexicon mentions, conditions, and the
//! drafts of the declarations it makes.
//!
//! The rules are grouped by what they decide, one file a family; this file runs them over a
//! sentence and turns what they find into drafts of declarations.

mod conditions;
mod negation;
mod objects;
mod purposes;
mod sales;
mod senses;
mod statements;
mod subjects;
mod verbs;

use super::{Action, Condition, Mention};
use crate::document::fold_whitespace;
use crate::vocab::{LexiconMatch, Normalized, Vocabulary, WordTable};
use conditions::*;
use negation::*;
use objects::*;
use purposes::*;
use sales::*;
use senses::*;
use statements::*;
use std::sync::LazyLock;
use subjects::*;
use verbs::*;

/// How a sentence opens, for list items: "To comply with the law" gives a reason, "Use your
/// information to..." is an action of its own, "If we believe ...", "When required by law",
/// "We believe it is necessary" and "Your content is private" are clauses; anything else may
/// name a recipient.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Opening {
    To,
    Verb,
    Clause,
    Other,
}

pub(super) fn opening(sentence: &str) -> Opening {
    let mut words = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase());
    let first = words.next().unwrap_or_default();
    if first == "to" {
        Opening::To
    } else if matches!(
        first.as_str(),
        // Subordinating words and prepositions of occasion, and the pronouns that open a
        // clause of their own. "With our providers" names them; "with your consent" does not.
        "if" | "when"
            | "where"
            | "whenever"
            | "unless"
            | "because"
            | "once"
            | "while"
            | "in"
            | "by"
            | "for"
            | "upon"
            | "at"
            | "under"
            | "during"
            | "after"
            | "before"
            | "as"
            | "we"
            | "you"
            | "your"
    ) || (first == "with" && words.next().as_deref() == Some("your"))
    {
        Opening::Clause
    } else if verb(&first).is_some() {
        Opening::Verb
    } else {
        Opening::Other
    }
}

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
    /// A sharing verb in the sentence was set aside as not the organisation's statement (the
    /// user's act or choice, advice, a label, a description of the policy): the sentence speaks about
    /// sharing, so the recipients it names are not, by a heading or lead-in, receivers.
    about_sharing: bool,
    /// An act in the sentence gives data to the organisation ("Websites that integrate our
    /// services share information with us"), so a sentence after it that passes "this
    /// information" on to no one named continues that flow.
    pub gives_us: bool,
    /// An act in the sentence gives data to the reader ("we will disclose to you:"), so a
    /// list it introduces names what the reader learns, not what the organisation does.
    pub to_reader: bool,
}

impl Analysis {
    /// The analysis of a sentence that says nothing of data.
    fn nothing() -> Analysis {
        Analysis {
            drafts: Vec::new(),
            bare: Draft::empty(Action::Share),
            heading_action: None,
            about_sharing: false,
            gives_us: false,
            to_reader: false,
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

    /// See the field: a sentence about sharing that states none. A sentence in which parties
    /// give data to the organisation names sources, and no heading or lead-in makes them
    /// receivers either.
    pub fn about_sharing(&self) -> bool {
        self.about_sharing || self.gives_us
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
    // An apostrophe inside a word belongs to it ("don't", "children's"); but a pronoun's
    // contracted auxiliary is a word of its own, so "you've shared" has "you" as its subject.
    let mut out = Vec::with_capacity(n.spans().len());
    for (s, e) in n.apostrophe_word_spans() {
        let text = &n.lower[s..e];
        let b = text.as_bytes();
        // Only words of three to seven bytes with an apostrophe two or three from the end
        // can be one ("we'd", "they've"): most words are settled by two byte reads.
        if (3..=7).contains(&b.len())
            && (b[b.len() - 2] == b'\'' || b[b.len() - 3] == b'\'')
            && let Some((pronoun, aux)) = text.split_once('\'')
            && matches!(pronoun, "you" | "we" | "they" | "i" | "he" | "she")
            && matches!(aux, "ve" | "re" | "ll" | "d")
        {
            out.push(Word {
                text: &n.lower[s..s + pronoun.len()],
                start: s,
            });
            let at = s + pronoun.len() + 1;
            out.push(Word {
                text: &n.lower[at..e],
                start: at,
            });
            continue;
        }
        out.push(Word { text, start: s });
    }
    out
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

/// "Mailchimp (our email service provider)", "our payment processor (Stripe)", "Zendesk, a
/// customer support platform": a gloss in brackets or in apposition says what the named
/// organisation is in this policy, so the two are one recipient: the organisation, in the
/// category the policy gives it (the registry's when the gloss says only "a company"). An
/// organisation the registry does not know is named by the capitalised words the gloss
/// follows ("Acme Corp (a data analytics company)").
fn merge_glosses(n: &Normalized, recipients: &mut Vec<(usize, Mention)>) {
    let lower = n.lower.as_str();
    let end_of = |p: usize, m: &Mention| -> Option<usize> {
        let e = p + m.term.as_ref()?.len();
        lower.is_char_boundary(e).then_some(e)
    };
    let mut k = 0;
    while k + 1 < recipients.len() {
        let (pa, pb) = (recipients[k].0, recipients[k + 1].0);
        let (a, b) = (&recipients[k].1, &recipients[k + 1].1);
        let glossed = a.entity.is_some() != b.entity.is_some()
            && end_of(pa, a).is_some_and(|end_a| end_a <= pb && is_gloss_gap(&lower[end_a..pb]));
        if !glossed {
            k += 1;
            continue;
        }
        let (named, kind) = if a.entity.is_some() { (a, b) } else { (b, a) };
        let category = if kind.category == "third-party" {
            named.category.clone()
        } else {
            kind.category.clone()
        };
        recipients[k].1 = Mention {
            category,
            ..named.clone()
        };
        // The merged one may gloss on: "Stripe (a third party payment provider)".
        recipients.remove(k + 1);
    }
    // An organisation the registry does not know, named before a gloss of what it is.
    for (p, m) in recipients.iter_mut() {
        if m.entity.is_some() || m.term.is_none() || m.category == "third-party" {
            continue;
        }
        let before = lower[..*p].trim_end_matches(' ');
        let mut gap_start = before.len();
        for w in before.rsplit(' ').take(2) {
            if matches!(w, "a" | "an" | "our" | "the") || w.starts_with('(') || w.ends_with(',') {
                // (A word at the sentence's start has no space before it.)
                gap_start = gap_start.saturating_sub(w.len() + 1);
                if w.starts_with('(') || w.ends_with(',') {
                    break;
                }
            } else {
                break;
            }
        }
        if gap_start == 0 || !is_gloss_gap(&lower[gap_start..*p]) {
            continue;
        }
        // Inside a word's brackets "(a data company)" the gap starts at the bracket; after a
        // comma, at the comma.
        let name_text = n.cased[..gap_start].trim_end_matches([' ', ',']);
        let mut name_start = name_text.len();
        for w in name_text.rsplit(' ').take(4) {
            let capital = w.chars().next().is_some_and(|c| c.is_ascii_uppercase());
            if !capital || matches!(w, "We" | "Our" | "The" | "You" | "Your" | "Us") {
                break;
            }
            name_start -= w.len() + usize::from(name_start > w.len());
        }
        if name_start < name_text.len() {
            m.term = Some(name_text[name_start..].trim_start().to_string());
        }
    }
}

/// Whether the text between a name and what follows it makes the second a gloss of the first:
/// an opening bracket, or a comma and an indefinite article ("Zendesk, a support platform";
/// a comma alone, or with "our", is as often a list: "Google, advertisers and our vendors").
fn is_gloss_gap(gap: &str) -> bool {
    let words: Vec<&str> = gap
        .split(|c: char| c == '(' || c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    if gap.contains('(') {
        words.iter().all(|w| {
            matches!(
                *w,
                "a" | "an" | "our" | "the" | "its" | "their" | "third" | "party"
            )
        })
    } else {
        gap.contains(',') && matches!(words.as_slice(), ["a" | "an"])
    }
}

/// Whether the words before a place word make it a place, not a party: the organisation's own
/// ("our", "own" or "its" right before it, or before the servers it is coordinated with: "our
/// servers and", "with servers and", "we have infrastructure or"), or where data is kept ("stored
/// in a data center").
fn own_premises_before(before: &str) -> bool {
    let mut words = before.split_whitespace().rev().peekable();
    if words.peek().is_some_and(|w| matches!(*w, "a" | "the")) {
        words.next();
        return matches!(words.next(), Some("in" | "at" | "within"));
    }
    match words.next() {
        Some("our" | "own" | "its" | "in" | "within") => true,
        Some("and" | "or") => {
            let rest: Vec<&str> = words.take(3).collect();
            matches!(
                rest.first().copied(),
                Some(
                    "servers" | "server" | "facilities" | "systems" | "infrastructure" | "offices"
                )
            ) && rest[1..].iter().any(|w| {
                matches!(
                    *w,
                    "our"
                        | "own"
                        | "its"
                        | "with"
                        | "have"
                        | "has"
                        | "operate"
                        | "operates"
                        | "maintain"
                        | "maintains"
                )
            })
        }
        _ => false,
    }
}

/// A recipient the sentence implies but does not name: where a beneficiary stood ("disclose
/// ... to protect the safety of the public"), the act still has someone receiving.
fn someone_unnamed() -> Mention {
    Mention {
        term: None,
        category: "third-party".into(),
        entity: None,
    }
}

/// `group_word`: whether the text holds a word [`GROUP_COMPANIES`] needs ([`Cues::group_word`]).
fn find_all(sentence: &str, n: &Normalized, vocab: &Vocabulary, group_word: bool) -> Found {
    let lex = vocab.lexicon();
    let entities = lex.find_entities(n);
    let mut recipients: Vec<(usize, Mention)> = Vec::new();
    for m in &entities {
        if is_protected_party(&n.lower[..m.start]) {
            recipients.push((m.start, someone_unnamed()));
            continue;
        }
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
        if data_matches.iter().any(|d| {
            d.start <= m.start
                && m.end <= d.end
                && d.end - d.start > m.end - m.start
                && !names_providers(lower, d.start, d.end)
        }) {
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
        // "collected on the Public Network": a capitalised name of a product or place that
        // starts with the word, not the public.
        if category == "public" && names_a_product(&n.cased, lower, m.start, m.end) {
            continue;
        }
        // "As a publisher, Hearst processes ...", "disclosed to Acme as a service provider":
        // a role someone acts in, not a party data goes to; "when you visit our search
        // engine", "visit Google's support page": a place the reader goes to.
        // "clauses approved by the European Commission": who made the rule.
        if names_a_role(&lower[..m.start])
            || is_visited(&lower[..m.start])
            || is_agent_of_an_instrument(&lower[..m.start])
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
                "feature",
                "connection",
            ]
            .iter()
            .any(|w| after.starts_with(w))
        {
            continue;
        }
        // "our data centres in the United States", "our own servers": the organisation's own
        // premises are where data goes, not someone who receives it.
        // So are they after the organisation's own servers: "our own servers and data centres".
        if category == "service-provider"
            && matches!(
                &lower[m.start..m.end],
                "data centre" | "data center" | "data centres" | "data centers"
            )
            && own_premises_before(&lower[..m.start])
        {
            continue;
        }
        // "to protect the rights, property or safety of Acme, our users or the public": those
        // whose interests are protected are beneficiaries of the act, not its recipients.
        if is_protected_party(&lower[..m.start]) {
            recipients.push((m.start, someone_unnamed()));
            continue;
        }
        // "security services providers", "government relations firms": a public body's name
        // before a word for a business is a kind of business (the compound's head decides);
        // so is one after a word for a kind of product ("artificial intelligence services").
        let category = if matches!(category.as_str(), "law-enforcement" | "government")
            && (security_service_is_a_vendor(&n.cased, lower, m.start, m.end)
                || intelligence_service_is_a_vendor(lower, m.start, m.end)
                || matches!(
                    word_after(lower, m.end, &[' ']),
                    "provider"
                        | "providers"
                        | "company"
                        | "companies"
                        | "vendor"
                        | "vendors"
                        | "firm"
                        | "firms"
                        | "contractor"
                        | "contractors"
                        | "supplier"
                        | "suppliers"
                )) {
            "service-provider"
        } else if category == "healthcare-provider"
            && lower[m.start..m.end].starts_with("covered entit")
            && matches!(
                lower[..m.start].split_whitespace().next_back(),
                Some("its" | "our")
            )
        {
            // "Wix and its covered entities DeviantArt, Inc. ... comply with the DPF": the
            // organisation's own entities a framework covers, not HIPAA's providers.
            "affiliate"
        } else {
            category
        };
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
    // A beneficiary's place is kept only where no one is named as receiving.
    if recipients.iter().any(|(_, m)| m.term.is_some()) {
        recipients.retain(|(_, m)| m.term.is_some());
    }
    recipients.sort_by_key(|(p, _)| *p);
    // A gloss needs a bracket or a comma.
    if !recipients.is_empty() && memchr::memchr2(b'(', b',', lower.as_bytes()).is_some() {
        merge_glosses(n, &mut recipients);
    }
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
            !address_is_a_verb(lower, m.start, m.end)
                && !age_is_a_threshold(lower, m.start, m.end)
                && !names_providers(lower, m.start, m.end)
        })
        .map(|m| (m.start, mention(sentence, n, m, &vocab.data.at(m.index).id)))
        .collect();
    Found {
        recipients,
        purposes,
        data,
    }
}

/// "browser type, internet service provider": data; "share it with internet service
/// providers": a plural after "with", "to" or in a series is the parties themselves.
fn names_providers(lower: &str, start: usize, end: usize) -> bool {
    lower[start..end].ends_with("providers")
        && matches!(
            lower[..start].split_whitespace().next_back(),
            Some("with" | "to" | "and" | "or" | "including")
        )
}

/// Adds the parties a clause points back to, once each.
fn add_antecedents<'m>(own: &mut Vec<&'m Mention>, antecedents: &[&'m Mention]) {
    for &m in antecedents {
        if !own
            .iter()
            .any(|r| r.category == m.category && r.entity == m.entity)
        {
            own.push(m);
        }
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

/// "be added to our “Do Not Sell or Share” list": "Do Not" and the verb capitalised after a
/// lower-case word are the name of a list, link or page, not a denial the sentence makes.
fn is_title_cased_label(cased: &str, ws: &[Word], texts: &[&str], i: usize) -> bool {
    let capital = |k: usize| {
        cased
            .as_bytes()
            .get(ws[k].start)
            .is_some_and(u8::is_ascii_uppercase)
    };
    // The first of coordinated verbs ("Sell or Share") carries the "Do Not".
    let first = if i >= 2 && matches!(texts[i - 1], "or" | "and") {
        i - 2
    } else {
        i
    };
    // An opening quote or a lower-case word before keeps out a title-cased heading ("We Do
    // Not Sell Your Data").
    let quoted = |k: usize| {
        ws[k]
            .start
            .checked_sub(1)
            .and_then(|at| cased.as_bytes().get(at))
            .is_some_and(|b| *b == b'"')
    };
    first >= 3
        && texts[first - 2] == "do"
        && texts[first - 1] == "not"
        && capital(first - 2)
        && capital(first - 1)
        && capital(first)
        && capital(i)
        && (quoted(first - 2) || !capital(first - 3))
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
    let mut about_sharing = false;
    // Acts that give data to the organisation ("the social media service shares with us",
    // "Facebook provides us with statistics"): their subjects are sources.
    let mut gives_us: Vec<usize> = Vec::new();
    let mut to_reader = false;
    let pointer = pointer_verb(&texts);
    let pointer_topic = pointer.and_then(|p| topic_after_pointer(&texts, p));
    for i in first_action..ws.len() {
        let found_verb = verb_at[i].filter(|_| !noun_position(&texts, i));
        let Some((mut action, mut strength)) = found_verb.or_else(|| noun_action(&texts, i)) else {
            continue;
        };
        let previous = previous_act.replace((i, false));
        // "https://www.xing.com/app/share?op=data_protection": a word of a web address.
        // (Looked up in the sentence as written: normalising turned "/" and "_" to spaces.)
        if in_web_address(
            sentence,
            n.source_offset(ws[i].start),
            n.source_offset(ws[i].start + texts[i].len()),
        ) {
            continue;
        }
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
        // "new uses not previously disclosed in this Privacy Policy": told in the text.
        if matches!(texts[i], "disclosed" | "described")
            && texts.get(i + 1) == Some(&"in")
            && texts[i + 2..]
                .iter()
                .take(3)
                .any(|w| matches!(*w, "policy" | "notice" | "statement"))
        {
            continue;
        }
        // "for purposes disclosed at the time you provide it", "practices shared by our
        // members": a participle after a noun that is not data says what was told of that noun.
        if texts[i].ends_with("ed")
            && i > 0
            && matches!(
                texts[i - 1],
                "purposes"
                    | "purpose"
                    | "reasons"
                    | "practices"
                    | "ways"
                    | "terms"
                    | "circumstances"
                    | "situations"
                    | "manner"
            )
        {
            continue;
        }
        // "If a recipient shares encrypted content", "when another user sends you": a subject
        // under an indefinite article is never the organisation.
        if action.is_sharing()
            && texts[i].ends_with('s')
            && i >= 2
            && matches!(texts[i - 2], "a" | "an" | "another" | "each" | "every")
            && !matches!(
                texts[i - 1],
                "is" | "has" | "was" | "does" | "always" | "also" | "never" | "not"
            )
        {
            continue;
        }
        // "- who your personal data may be shared with;": a question (an item of what the
        // reader may ask), not a statement. A heading keeps it: "Who we share with" names
        // its section.
        if !as_heading
            && matches!(
                texts.first().copied(),
                Some("who" | "whom" | "what" | "how" | "why" | "which")
            )
        {
            about_sharing |= action.is_sharing();
            continue;
        }
        // "See Sharing and Transfer of Information, below": a title, not an act; "see" itself
        // sends the reader there, it shows no one anything.
        // So is an act named as that text's topic ("see Online Tracking for information
        // about third parties' use of cookies and other tracking technologies").
        if Some(i) == pointer
            || pointer_topic.is_some_and(|t| t < i)
            || in_referenced_title(&n.cased, &ws, &texts, i)
        {
            continue;
        }
        // "This Privacy Policy discloses what we collect": the text describes itself.
        if action.is_sharing() && policy_is_subject(&texts, i) {
            continue;
        }
        // "a shared drive", "screen sharing", "share responsibility": not an act on data.
        if share_names_no_act(&texts, i) || gerund_names_an_activity(&texts, i) {
            continue;
        }
        // "their own rules about information collection, use, and sharing": a topic.
        if action.is_sharing() && topic_of_rules(&texts, i) {
            about_sharing |= strength == Strength::Strong;
            continue;
        }
        // "we may not have disclosed each of these": perhaps not, which says nothing.
        if is_hedged_perfect(&texts, i) {
            continue;
        }
        // "provided that you have publicly disclosed it": a conjunction, not an act.
        if matches!(texts[i], "provided" | "providing")
            && matches!(texts.get(i + 1).copied(), Some("that"))
        {
            continue;
        }
        // "people who share a similar demographic", "members who share common interests":
        // to have in common, not to pass on ("share the same data with our affiliates"
        // passes it on: a receiver follows).
        if texts[i].starts_with("shar")
            && texts[i + 1..]
                .iter()
                .take(2)
                .any(|w| matches!(*w, "similar" | "common" | "same"))
            && !texts[i + 1..]
                .iter()
                .take(8)
                .any(|w| matches!(*w, "with" | "to"))
        {
            continue;
        }
        let anchor = act_anchor(&texts, i);
        // "a successor data transfer framework", "revenue share payments": the act's word
        // inside a compound noun names a thing, not an act.
        if i > 0
            && matches!(
                texts[i - 1],
                "data" | "information" | "revenue" | "profit" | "file"
            )
            && texts.get(i + 1).is_some_and(|w| is_compound_head(w))
        {
            continue;
        }
        // "users (except those selling on a marketplace)", "merchants selling goods": a
        // participle after the people it describes is their act.
        if texts[i].ends_with("ing")
            && i > 0
            && matches!(
                texts[i - 1],
                "those"
                    | "people"
                    | "persons"
                    | "users"
                    | "sellers"
                    | "merchants"
                    | "vendors"
                    | "customers"
                    | "members"
                    | "individuals"
                    | "anyone"
                    | "businesses"
            )
        {
            continue;
        }
        if is_advice(&texts, anchor)
            || is_users_act(lower, &ws, &texts, i, anchor, previous)
            || (action.is_sharing()
                && (bound_on_others(&texts, anchor) || requested_not_to(&texts, anchor)))
        {
            previous_act = Some((i, anchor > 0 && texts[anchor - 1] == "to"));
            about_sharing |= action.is_sharing() && strength == Strength::Strong;
            continue;
        }
        // "the "Do Not Sell or Share My Personal Information" link": the user's words, a
        // label or a request, not the organisation's statement ("Does Acme share my
        // information?" still asks about it).
        if action.is_sharing()
            && (texts[i + 1..].iter().take(3).any(|w| *w == "my")
                && texts[i.saturating_sub(3)..i].contains(&"not")
                || is_title_cased_label(&n.cased, &ws, &texts, i))
        {
            about_sharing = true;
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
            // Said to the user ("you may limit our sharing"), a right ("residents may request
            // a list of third parties to which we have disclosed"), or a disclaimer: the
            // sentence is about sharing, and names no receivers under a sharing heading.
            about_sharing |= action.is_sharing() && strength == Strength::Strong;
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
        // "as provided by the teacher", "files uploaded, emailed or otherwise provided by you":
        // the agent of a passive verb is a source; but "cookies provided by third parties" are
        // theirs, collecting.
        if strength == Strength::Weak
            && agent_follows(&texts, i)
            && !matches!(
                texts[i],
                "viewed" | "accessed" | "read" | "seen" | "received"
            )
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
            if texts.get(i + 1) == Some(&"us") {
                gives_us.push(i);
            }
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
            && let Some(receiver) = receiver_is_you_or_us(lower, &ws, &texts, i)
        {
            if receiver == "us" {
                gives_us.push(i);
            } else {
                to_reader = true;
            }
            continue;
        }
        // "We may receive information about you", "we do not have access to payment card
        // numbers": the organisation is the one receiving.
        let back = if texts[i] == "access" { 4 } else { 3 };
        if (texts[i].starts_with("receiv") || texts[i] == "access")
            && texts[i.saturating_sub(back)..i]
                .iter()
                .any(|w| matches!(*w, "we" | "us"))
            && (texts[i] != "access"
                || texts[i.saturating_sub(3)..i]
                    .iter()
                    .any(|w| matches!(*w, "have" | "has" | "had" | "gain" | "get")))
        {
            continue;
        }
        // "unresolved complaints concerning personal data received in reliance on the DPF":
        // a participle after the data describes what the organisation got (the receiver of
        // "information received by our partners" is still its agent).
        if texts[i] == "received"
            && i > 0
            && matches!(texts[i - 1], "data" | "information")
            && texts.get(i + 1) != Some(&"by")
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
        let mut negated = negated_before(&texts, anchor) || denied_as_practice(&texts, anchor);
        match prevented(&texts, anchor) {
            Some(true) => negated = true,
            Some(false) if action.is_sharing() => continue,
            _ => {}
        }
        verbs.push((i, action, strength, negated));
    }
    // The lexicon runs only for a sentence that may make a draft: without `need_bare`, one with
    // a verb left after the rules above (the lexicon can only take verbs away).
    if verbs.is_empty() && (!need_bare || pointer.is_some()) {
        return Analysis {
            gives_us: !gives_us.is_empty(),
            to_reader,
            ..Analysis::nothing()
        };
    }
    // The cue walk comes first: it also says whether the group-companies pattern can match.
    let cues = cues(lower);
    let mut found = find_all(sentence, &n, vocab, cues.group_word);
    // "to process orders", "to provide and improve the service": the service, said by a verb
    // and its object where no phrase of the lexicon says it.
    for (v, h) in service_by_verb_and_object(&texts) {
        let (start, end) = (ws[v].start, ws[h].start + ws[h].text.len());
        if !found
            .purposes
            .iter()
            .any(|(p, m)| m.category == "service-provision" && *p >= start && *p < end)
        {
            found.purposes.push((
                start,
                Mention {
                    term: Some(fold_whitespace(n.source_slice(sentence, start, end))),
                    category: "service-provision".into(),
                    entity: None,
                },
            ));
        }
    }
    found.purposes.sort_by_key(|(p, _)| *p);
    // "NextRoll provides solutions for brands", "we display ads": a weak verb whose object is
    // named and is not data passes no data.
    verbs.retain(|&(i, _, strength, _)| {
        ((strength != Strength::Weak && !texts[i].starts_with("releas"))
            || !weak_object_is_not_data_found(lower, &ws, &texts, i, &found))
            && !data_reveals(&texts, i)
    });
    // "not disclosed to anyone who has no right to receive it": a safeguard, not a denial, and
    // the sentence names no receivers under a sharing heading either.
    let before = verbs.len();
    verbs.retain(|&(i, action, _, negated)| {
        !(negated && action.is_sharing() && denies_only_the_unauthorised(&texts, i))
    });
    about_sharing |= verbs.len() < before;
    // "We do not work with providers that sell your data": the providers' act.
    verbs.retain(|&(i, action, ..)| {
        !action.is_sharing()
            || !act_of_a_recipient_relative(lower, &ws, &texts, i, &found.recipients)
    });
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
    if verbs.iter().any(|v| v.1.is_sharing()) && defines_a_sharing_term(&texts) {
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
    mark_no_object_negation(&texts, &mut verbs);
    mark_neither_nor_subject_negation(&texts, &mut verbs);
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
        return Analysis {
            gives_us: !gives_us.is_empty(),
            to_reader,
            ..Analysis::nothing()
        };
    }
    let condition = conditions(lower, cues.condition_bits(0, lower.len()));
    // Whether a complaint body can be named at all (see `handles_complaints`): looked for at
    // most once a sentence, and only in a sentence with a recipient in a clause.
    let names_complaints = std::cell::OnceCell::new();
    let names_complaints = || {
        *names_complaints.get_or_init(|| {
            lower.contains("cooperat") || lower.contains("complain") || lower.contains("lodge")
        })
    };
    let (starts, except_markers) = (&cues.starts, &cues.excepts);
    // The parties that give data to the organisation in this sentence receive none of it here.
    // A pronoun subject ("we share with our affiliates and they share with us") is left: the
    // party it stands for may be the receiver of the organisation's own act.
    let (all_recipients, words_at) = (&found.recipients, &ws);
    let sources: Vec<*const Mention> = gives_us
        .iter()
        .flat_map(|&wi| {
            let cstart = starts[starts.partition_point(|&s| s <= ws[wi].start) - 1];
            actor_mentions(lower, &ws, &texts, wi, cstart, &found.recipients)
                .into_iter()
                .filter(move |m| {
                    let at = all_recipients.iter().find(|(_, x)| std::ptr::eq(x, *m));
                    at.is_some_and(|(p, _)| {
                        !lower
                            .get(*p..words_at[wi].start)
                            .unwrap_or("")
                            .split(|c: char| !c.is_alphanumeric())
                            .any(|w| matches!(w, "they" | "those" | "them"))
                    })
                })
        })
        .map(|m| m as *const Mention)
        .collect();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut bare = Draft::empty(Action::Share);
    bare.condition = condition;
    bare.negated = texts
        .first()
        .is_some_and(|w| matches!(*w, "no" | "not" | "never" | "none"));
    let mut last_clause_drafts: Option<(usize, usize)> = None; // range in `drafts` of the previous clause
    // Whether the previous clause with a verb carved out ("... with third parties, except"):
    // a verbless clause after it continues the carve-out ("where we need to (e.g., SMS
    // service providers)"), naming exceptions, not more parties denied.
    let mut last_clause_carves_out = false;
    for (ci, &cstart) in starts.iter().enumerate() {
        let cend = starts.get(ci + 1).copied().unwrap_or(lower.len());
        let clause_verbs: Vec<&(usize, Action, Strength, bool)> = verbs
            .iter()
            .filter(|v| ws[v.0].start >= cstart && ws[v.0].start < cend)
            .collect();
        // Carve-outs: recipients after "except" / "other than".
        // The first carve-out marker inside the clause (a clause start is a word boundary).
        // One that qualifies the statement ("except where necessary, such as with SMS
        // providers") carves out the parties after it only once the verb has come: before the
        // verb ("Except as required by law, we do not share with advertisers") the parties
        // after it are the ones the statement is about.
        let except_at = except_markers
            .iter()
            .find(|&&(s, e, qualifies)| {
                s >= cstart
                    && e <= cend
                    && (!qualifies || clause_verbs.iter().any(|v| ws[v.0].start < s))
            })
            .map(|&(s, ..)| s);
        let inc_end = except_at.unwrap_or(cend);
        // As `in_range` over the recipients not preceded by "from".
        let recipients_at = |from: usize, to: usize| -> Vec<&Mention> {
            let mut out: Vec<&Mention> = Vec::new();
            for (p, m) in &found.recipients {
                if *p >= from
                    && *p < to
                    && !preceded_by_from(lower, *p)
                    && !sources.contains(&(m as *const Mention))
                    && (!names_complaints() || !handles_complaints(lower, *p))
                    && !names_no_receiver(lower, *p, m.term.as_ref().map_or(0, |t| t.len()))
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
        // "If you log in with a social network, we and that service may share ...": a main
        // clause that points back ("that service", "they", "such parties") takes the parties
        // of the subordinate clause before it; one that does not names its own.
        let antecedents = if cues.main_after_subordinate == Some(cstart)
            && points_back(&texts[ws.partition_point(|w| w.start < cstart)..])
        {
            recipients_at(0, cstart)
        } else {
            Vec::new()
        };
        let mut recipients = recipients_at(cstart, inc_end);
        add_antecedents(&mut recipients, &antecedents);
        // Recipients right after "by" in this clause (category and organisation).
        // An agent's role carries over the mentions coordinated with it ("shared by ad partners
        // and affiliates").
        let mut agent_positions: Vec<(usize, &str, Option<&str>)> = Vec::new();
        let mut last_agent: Option<usize> = None;
        for (p, m) in &found.recipients {
            if *p < cstart || *p >= inc_end {
                continue;
            }
            let agent = if follows_by(lower, *p) {
                !demands_by(lower, *p)
            } else {
                last_agent.is_some_and(|prev| prev < *p && coordinated_with(lower, prev, *p))
            };
            last_agent = agent.then_some(*p);
            if agent {
                agent_positions.push((*p, m.category.as_str(), m.entity.as_deref()));
            }
        }
        let except = except_at
            .map(|e| recipients_at(e, cend))
            .unwrap_or_default();
        // A subordinate clause opening the sentence gives the main clause its purposes ("When
        // required by law, we disclose ...").
        let purposes_from = if cues.main_after_subordinate == Some(cstart) {
            0
        } else {
            cstart
        };
        let purposes = in_range(&found.purposes, purposes_from, cend);
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
                        if last_clause_carves_out && d.negated {
                            merge(&mut d.except, recipients.iter().copied());
                        } else {
                            merge(&mut d.recipients, recipients.iter().copied());
                        }
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
        // The subject of a strong verb, and whether that makes the act a third party's own:
        // "Zeta may also share data obtained from Disqus with advertisers"; so does a third
        // party bound by a modal ("service providers may not disclose").
        let actors_of = |wi: usize, strength: Strength, negated: bool| {
            let actors = if strength == Strength::Strong {
                actor_mentions(lower, &ws, &texts, wi, cstart, &found.recipients)
            } else {
                Vec::new()
            };
            let theirs = (!negated || deontic_denial(&texts, wi))
                && (acts_of_a_third_party(lower, &actors, &found.recipients)
                    || !actors.is_empty()
                        && is_committed_to(&texts, wi)
                        && actors
                            .iter()
                            .all(|a| a.entity.is_none() && a.term.is_some()));
            (actors, theirs)
        };
        // Where the acts of third parties in this clause start: the parties after such an act
        // are its own ("with contractors that have agreed not to disclose it to others": the
        // others receive nothing of ours).
        let verdicts: Vec<(Vec<&Mention>, bool)> = clause_verbs
            .iter()
            .map(|&&(wi, _, strength, negated)| actors_of(wi, strength, negated))
            .collect();
        let their_acts: Vec<usize> = clause_verbs
            .iter()
            .zip(&verdicts)
            .filter(|(_, (_, theirs))| *theirs)
            .map(|(v, _)| ws[v.0].start)
            .collect();
        for (&&(wi, action, strength, negated), (actors, theirs)) in
            clause_verbs.iter().zip(&verdicts)
        {
            let mut negated = negated;
            let mut by_agent = false;
            let at = ws[wi].start;
            if *theirs {
                continue;
            }
            // The end of this verb's reach: the next act of a third party after it.
            let reach = their_acts
                .iter()
                .copied()
                .find(|&q| q > at)
                .unwrap_or(usize::MAX);
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
                    recipients
                        .iter()
                        .copied()
                        // "the types of information shared": a participle after the data it
                        // qualifies has its receiver after it; the parties before belong to
                        // the clause around it, unless a pronoun after it points back to
                        // them ("contractors may use the information shared with them").
                        .filter(|m| {
                            !(texts[wi].ends_with("ed")
                                && wi > 0
                                && matches!(texts[wi - 1], "information" | "data" | "details")
                                && !texts[wi + 1..]
                                    .iter()
                                    .take(2)
                                    .any(|w| matches!(*w, "them" | "him" | "her")))
                                || found
                                    .recipients
                                    .iter()
                                    .find(|(_, x)| std::ptr::eq(x, *m))
                                    .is_none_or(|(p, _)| *p > at)
                        })
                        .filter(|m| {
                            // "Microsoft Advertising does not disclose", "third parties,
                            // including those that may disclose": the actor is no recipient.
                            !actors.iter().any(|a| std::ptr::eq(*a, *m))
                        })
                        .filter(|m| {
                            reach == usize::MAX
                                || found
                                    .recipients
                                    .iter()
                                    .find(|(_, x)| std::ptr::eq(x, *m))
                                    .is_none_or(|(p, _)| *p < reach)
                        })
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
                    // "a copy in a format that allows you to transmit it to another business":
                    // a party after the user's own act is that act's, not the verb's.
                    let end = (wi + 1..texts.len())
                        .take_while(|&k| ws[k].start < inc_end)
                        .find(|&k| {
                            k >= 2
                                && texts[k - 1] == "to"
                                && matches!(texts[k - 2], "you" | "user" | "users")
                                && verb(texts[k]).is_some()
                        })
                        .map_or(inc_end, |k| ws[k].start);
                    (action, recipients_in(at, end))
                }
                // "Kraken does not receive your Google or Apple passwords": the one receiving
                // is the subject, before the verb; parties only after it own the data or give
                // it ("receives information from the provider").
                Strength::Weak
                    if matches!(texts[wi], "receive" | "receives")
                        && antecedents.is_empty()
                        && recipients_at(cstart, at).is_empty() =>
                {
                    continue;
                }
                // "Supplemented data may be received from other sources, including social
                // media sites": a passive verb of receiving names its receiver after it, as its
                // agent ("viewed by other users"); the active one as its subject, before it.
                Strength::Weak => {
                    let passive = texts[wi] != "read"
                        && (is_passive(&texts, wi, &ws, &found.data) || agent_follows(&texts, wi));
                    // "Google receives requests from governments and courts to disclose user
                    // data", "if a court order is received": what is received is a demand,
                    // and whoever demands is who the data would go to.
                    let demand = texts[wi + 1..].iter().take(3).any(|w| is_demand(w))
                        || texts[wi.saturating_sub(3)..wi].iter().any(|w| is_demand(w));
                    let receivers: Vec<Mention> = if demand {
                        owned(&recipients)
                    } else if passive {
                        recipients_in(at, inc_end)
                    } else {
                        let mut before = recipients_at(cstart, at);
                        add_antecedents(&mut before, &antecedents);
                        owned(&before)
                    };
                    (action, receivers)
                }
                Strength::FirstOnly => (action, Vec::new()),
                Strength::Engages => {
                    let objects = direct_objects(lower, &found.recipients, &ws, wi, cend);
                    if objects.is_empty()
                        || engaged_parties_give_to_us(
                            &texts,
                            wi,
                            ws.partition_point(|w| w.start < cend),
                        )
                    {
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
            // A party the lexicon does not know, after "with" ("with the flower shop").
            let clause_recipients = if clause_recipients.is_empty()
                && strength == Strength::Strong
                && let Some((first, last)) = party_after_with(
                    &n.cased,
                    &ws,
                    &texts,
                    wi,
                    ws.partition_point(|w| w.start < inc_end),
                ) {
                let end = ws[last].start + ws[last].text.len();
                vec![Mention {
                    term: Some(fold_whitespace(n.source_slice(
                        sentence,
                        ws[first].start,
                        end,
                    ))),
                    // "Swedish authorities": a public authority is government.
                    category: if texts[last].starts_with("authorit") {
                        "government"
                    } else {
                        "third-party"
                    }
                    .into(),
                    entity: None,
                }]
            } else {
                clause_recipients
            };
            // "to comply with governmental requests": the public body that asks receives.
            let clause_recipients = if clause_recipients.is_empty()
                && action.is_sharing()
                && !negated
                && let Some(k) = public_demand(
                    &texts,
                    ws.partition_point(|w| w.start < cstart),
                    ws.partition_point(|w| w.start < inc_end),
                ) {
                vec![Mention {
                    term: Some(fold_whitespace(n.source_slice(
                        sentence,
                        ws[k].start,
                        ws[k + 1].start + ws[k + 1].text.len(),
                    ))),
                    category: "government".into(),
                    entity: None,
                }]
            } else {
                clause_recipients
            };
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
            // "We will not sell your form data": a denial whose object names particular data
            // denies only that data, not personal data at large.
            let particular = (negated
                && action.is_sharing()
                && data.iter().all(|m| vocab.data.depth(&m.category) == 0))
            .then(|| {
                // Normalising spelled a hyphen as a space: the source tells them apart.
                let hyphen_before = |k: usize| {
                    let gap_start = ws[k - 1].start + ws[k - 1].text.len();
                    n.source_slice(sentence, gap_start, ws[k].start) == "-"
                };
                object_phrase(lower, &ws, wi)
                    .or_else(|| passive_subject_phrase(lower, &ws, wi, hyphen_before))
            })
            .flatten()
            // "provide advertisers access to ...": a phrase with a party in it is no data.
            .filter(|&(s, e)| !found.recipients.iter().any(|(p, _)| (s..e).contains(p)))
            .map(|(s, e)| fold_whitespace(n.source_slice(sentence, s, e)))
            .filter(|t| super::names_particular_data(vocab, t));
            drafts.push(Draft {
                action,
                negated,
                recipients: clause_recipients,
                purposes: owned(&purposes),
                data: match particular {
                    Some(term) => vec![Mention {
                        term: Some(term),
                        category: vocab
                            .data
                            .categories()
                            .iter()
                            .find(|c| c.parent.is_none())
                            .map_or_else(|| "personal-data".into(), |c| c.id.clone()),
                        entity: None,
                    }],
                    None => owned(&data),
                },
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
        last_clause_carves_out = except_at.is_some();
    }
    // "If you opt out, we will not sell ...": the denial is conditional on the opt-out.
    let denies_sharing = |d: &Draft| d.negated && d.action.is_sharing();
    if drafts.iter().any(denies_sharing) && denial_awaits_opt_out(lower) {
        for d in drafts.iter_mut().filter(|d| denies_sharing(d)) {
            d.condition = Some(Condition::OptOut);
        }
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
        about_sharing: about_sharing || disclaims(&texts),
        gives_us: !gives_us.is_empty(),
        to_reader,
    }
}
