//! Subjects and agency: whose act a verb is (the organisation's, the user's, a recipient's, the
//! policy document's), passive agents ("collected by"), and limits placed on others ("we do not
//! permit them to sell").

use super::*;

/// "we do not permit our service providers to sell", "are not permitted to sell", "prohibit
/// them from selling": a limit on what others do with data, not an act of the organisation's.
pub(super) fn restricts_others(texts: &[&str], anchor: usize) -> bool {
    if anchor == 0 {
        return false;
    }
    let from = anchor.saturating_sub(8);
    match texts[anchor - 1] {
        "to" => (from..anchor - 1).any(|k| {
            is_permission_verb(texts[k])
                && texts[k.saturating_sub(3)..k].iter().any(|w| is_negation(w))
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

/// Whether the verb at `i` directly follows (through auxiliaries) the last word of one of
/// `recipients`, as its subject: "our ad server may collect".
pub(super) fn is_subject_of(texts: &[&str], i: usize, recipients: &[Mention]) -> bool {
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

/// Whether the infinitive at `anchor` follows "allow us to", "direct us to" and the like: the
/// organisation acts, as the user permits or directs.
pub(super) fn permits_us(texts: &[&str], anchor: usize) -> bool {
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

/// Whether the participle at `i` has the reader or other users as its agent: "if it is shared
/// by you", "may be viewed and shared by members with individuals", "files uploaded by the
/// user". A passive act is done by its agent, so the act is theirs. Verbs of seeing and
/// receiving are left out: their agent is whoever gets the data ("seen by other users" says
/// the organisation shows it to them).
fn agent_is_users(texts: &[&str], i: usize) -> bool {
    let w = texts[i];
    if !(w.ends_with("ed") || matches!(w, "sold" | "sent" | "given")) {
        return false;
    }
    if matches!(
        w,
        "viewed" | "accessed" | "received" | "reported" | "used" | "collected"
    ) {
        return false;
    }
    let Some(by) = texts.get(i + 1..).and_then(|rest| {
        rest.iter()
            .take(3)
            .position(|w| *w == "by")
            .filter(|&k| rest[..k].iter().all(|w| w.ends_with("ly")))
            .map(|k| i + 1 + k)
    }) else {
        return false;
    };
    let party = |w: Option<&&str>| {
        matches!(
            w.copied(),
            Some("user" | "users" | "member" | "members" | "customer" | "customers")
        )
    };
    match texts.get(by + 1).copied() {
        Some("you" | "users" | "members") => true,
        Some("the" | "a" | "other" | "another" | "individual" | "our") => party(texts.get(by + 2)),
        _ => false,
    }
}

/// Whether the verb at `i` closes a series of bare verbs after "you" (or "users"), one word
/// between commas: "Information that you post, comment, share content or like". The verbs of
/// such a series share its subject, as two joined by "or" already do. A word of more than one
/// item ("you sign up, share") or any other word breaks the series.
fn in_readers_series(lower: &str, ws: &[Word], texts: &[&str], i: usize) -> bool {
    let comma_before = |k: usize| {
        lower
            .get(ws[k - 1].start + ws[k - 1].text.len()..ws[k].start)
            .is_some_and(|gap| gap.contains(','))
    };
    // "post, comment, or share": the last item after its conjunction.
    let mut k = if i > 1 && matches!(texts[i - 1], "or" | "and") {
        i - 1
    } else {
        i
    };
    for _ in 0..6 {
        if k < 2 || !comma_before(k) {
            return false;
        }
        // The item before the comma, and what comes before it.
        let item = k - 1;
        if matches!(texts[item - 1], "you" | "users") && !comma_before(item) {
            return true;
        }
        k = item;
    }
    false
}

/// Whether the act at `i` (negated and with its subject at `anchor`, see [`act_anchor`]) is
/// the user's, not the organisation's. `previous`: the action word before it, and whether
/// that was the user's act through "to".
pub(super) fn is_users_act(
    lower: &str,
    ws: &[Word],
    texts: &[&str],
    i: usize,
    anchor: usize,
    previous: Option<(usize, bool)>,
) -> bool {
    if agent_is_users(texts, i) || in_readers_series(lower, ws, texts, anchor) {
        return true;
    }
    // "If you wish to share it with a friend": the user's act, through "to"; but not "you
    // allow us to make it available", "you direct us to share" (while "you ask us not to
    // share", "if you do not want us to use" stay the user's requests and choices).
    // An infinitive joined to one word before it shares its "to": "allow you to "like" or
    // "share" content with third-party websites".
    // ("provide it to us or send it": "to" there is a preposition, its object a pronoun.)
    let infinitive = if anchor > 2
        && texts[anchor - 3] == "to"
        && matches!(texts[anchor - 1], "or" | "and")
        && !matches!(
            texts[anchor - 2],
            "us" | "you" | "them" | "it" | "him" | "her" | "me" | "the" | "a" | "an" | "our"
        ) {
        anchor - 2
    } else {
        anchor
    };
    if infinitive > 0
        && texts[infinitive - 1] == "to"
        && !permits_us(texts, infinitive)
        && texts[infinitive.saturating_sub(5)..infinitive - 1]
            .iter()
            .any(|w| {
                matches!(
                    *w,
                    "you" | "user" | "users" | "child" | "children" | "visitors" | "members"
                )
            })
    {
        return true;
    }
    // "enabling you to create an account, create, store and share content": the last verb of a
    // series joined to the reader's infinitive ("you to", "users to") shares its "to" (no
    // other subject, clause word or stop in between).
    if anchor > 2
        && (matches!(texts[anchor - 1], "and" | "or")
            || lower
                .get(ws[anchor - 1].start + ws[anchor - 1].text.len()..ws[anchor].start)
                .is_some_and(|gap| gap.contains(',')))
    {
        let to = (anchor.saturating_sub(12)..anchor - 1)
            .rev()
            .take_while(|&k| {
                !matches!(
                    texts[k],
                    "we" | "us"
                        | "they"
                        | "that"
                        | "which"
                        | "who"
                        | "if"
                        | "when"
                        | "because"
                        | "but"
                        | "so"
                        | "while"
                ) && !lower
                    .get(ws[k].start + ws[k].text.len()..ws[k + 1].start)
                    .is_some_and(|gap| gap.contains([';', ':', '.', '(']))
            })
            .find(|&k| texts[k] == "to");
        if let Some(to) = to
            && to > 0
            && matches!(texts[to - 1], "you" | "user" | "users")
        {
            return true;
        }
    }
    // "It is your responsibility not to share your password", "your choice whether to
    // disclose": a duty or a choice of the reader's, through "to".
    if anchor > 0
        && texts[anchor - 1] == "to"
        && (anchor.saturating_sub(5)..anchor - 1).any(|k| {
            texts[k] == "your"
                && texts.get(k + 1).is_some_and(|n| {
                    matches!(
                        *n,
                        "responsibility" | "choice" | "decision" | "duty" | "obligation"
                    )
                })
        })
    {
        return true;
    }
    // "We encourage you to investigate ... before disclosing personal information to third
    // parties": what the reader is urged to do, or do first, is the reader's act.
    // (This runs for every candidate verb: "you" is tested first, a word of three bytes.)
    if (i.saturating_sub(19)..i).any(|k| {
        texts[k] == "you"
            && k > 0
            && matches!(
                texts[k - 1],
                "encourage"
                    | "encourages"
                    | "advise"
                    | "advises"
                    | "recommend"
                    | "recommends"
                    | "urge"
                    | "urges"
            )
            && !texts[k + 1..i].iter().any(|w| matches!(*w, "we" | "us"))
    }) {
        return true;
    }
    // "give you the option to post ... to share with others", "you have the ability to
    // share": an act the reader is given the option of is the reader's, and so is an
    // infinitive of purpose after it, unless the organisation comes in between.
    if anchor > 0
        && texts[anchor - 1] == "to"
        && (anchor.saturating_sub(20)..anchor - 1).any(|k| {
            texts.get(k + 1) == Some(&"to")
                && matches!(
                    texts[k],
                    "option" | "options" | "ability" | "opportunity" | "chance" | "choice"
                )
                && texts[k.saturating_sub(3)..k]
                    .iter()
                    .any(|w| matches!(*w, "you" | "users" | "user"))
                && !texts[k + 1..anchor]
                    .iter()
                    .any(|w| matches!(*w, "we" | "us"))
        })
    {
        return true;
    }
    // The user's own act ("you may share", "you provide us", "information you make
    // available") is not the organisation's.
    // Verbs coordinated before it share its subject ("users must not sell or transfer"),
    // unless a relative or passive clause comes between ("information you provide, or that is
    // collected").
    let mut j = anchor;
    let mut in_other_clause = false;
    while j > 0
        && (is_negation_bridge(texts[j - 1])
            || is_negation(texts[j - 1])
            || (!in_other_clause
                && verb(texts[j - 1]).is_some()
                && (matches!(texts[j], "or" | "and" | "nor") || verb(texts[j]).is_some())))
        && !matches!(texts[j - 1], "we" | "us")
    {
        in_other_clause |= matches!(
            texts[j - 1],
            "that" | "which" | "who" | "is" | "are" | "be" | "been" | "was" | "were"
        );
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
                | "parents"
                | "players"
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
    // "By providing your account details, you are authorizing ...": a gerund after an opening
    // "by" is done by the subject of the clause after the comma.
    // (Only an act that passes data: "By using the forums, you agree ..." is read elsewhere.)
    if i == 1
        && texts[0] == "by"
        && texts[1].ends_with("ing")
        && verb(texts[1]).is_some_and(|(action, _)| action.is_sharing())
    {
        let subject = (2..texts.len().min(30)).find(|&k| {
            lower
                .get(ws[k - 1].start + ws[k - 1].text.len()..ws[k].start)
                .is_some_and(|gap| gap.contains(','))
        });
        if subject.is_some_and(|k| texts[k] == "you") {
            return true;
        }
    }
    // "You can use sharing functionality available in our service to disclose your personal
    // information": the one who uses a tool to do something does it; so does one who chooses
    // to use it ("you may choose to use the App to share information with other members").
    if anchor > 1
        && texts[anchor - 1] == "to"
        && (anchor.saturating_sub(14)..anchor - 1)
            .rev()
            .take_while(|&k| !matches!(texts[k], "we" | "us"))
            .find(|&k| matches!(texts[k], "use" | "uses" | "using"))
            .is_some_and(|k| {
                user_is_nearest_subject(lower, ws, texts, k)
                    || k > 1
                        && texts[k - 1] == "to"
                        && is_catenative(texts[k - 2])
                        && user_is_nearest_subject(lower, ws, texts, k - 2)
            })
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
pub(super) fn user_is_nearest_subject(lower: &str, ws: &[Word], texts: &[&str], i: usize) -> bool {
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
    // visit, our partners may collect") ends the search. A gerund after "by" has no subject of
    // its own: it is the main clause's ("You may share posts (for example, by sharing them to
    // Twitter)").
    let mut checked_comma = i > 0 && texts[i - 1] == "by" && texts[i].ends_with("ing");
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

/// Whether the verb at `i` has the policy itself as its subject ("This Privacy Policy
/// discloses", "This page discloses our practices", "The following privacy notices provide
/// additional information", "the purpose of this statement is to disclose").
pub(super) fn policy_is_subject(texts: &[&str], i: usize) -> bool {
    let from = i.saturating_sub(7);
    (from..i).any(|k| {
        matches!(
            texts[k].strip_suffix('s').unwrap_or(texts[k]),
            "policy" | "policie" | "statement" | "notice" | "page" | "document" | "section"
        ) && k > 0
            && matches!(
                texts[k - 1],
                "privacy" | "this" | "our" | "these" | "following"
            )
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

/// The recipients a passive verb or a named act at word `i` names as its agent: "collected by
/// (or on behalf of) third-party ad servers" (a "by" within three words), "the collection and
/// use of information by third-party advertising service providers" (`nominal`: the first "by"
/// within eight words, before any comma).
pub(super) fn agents(
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
pub(super) fn follows_by(lower: &str, at: usize) -> bool {
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

/// Whether the mention at byte `at` is coordinated with the one at byte `prev` ("by ad partners
/// and affiliates", "by advertisers, publishers or agencies"): only a conjunction or comma, and
/// at most a few words of the first mention, stand between them, so the two share its role.
pub(super) fn coordinated_with(lower: &str, prev: usize, at: usize) -> bool {
    let Some(gap) = lower.get(prev..at) else {
        return false;
    };
    let mut before = gap.trim_end();
    for det in [
        " a", " an", " the", " our", " its", " their", " any", " other",
    ] {
        if let Some(rest) = before.strip_suffix(det) {
            before = rest.trim_end();
            break;
        }
    }
    let joined = [" and", " or", ",", " and/or"]
        .iter()
        .any(|c| before.ends_with(c));
    joined
        && before.split_whitespace().count() <= 7
        && !gap.contains([';', ':', '(', ')', '.'])
        && !before.split_whitespace().any(|w| {
            matches!(
                w,
                "by" | "with" | "to" | "from" | "that" | "which" | "who" | "for" | "we" | "us"
            )
        })
}

/// The word before "by" when the text `before` ends with "by" and maybe a determiner ("required
/// by the", "authorized by"): the participle whose agent follows.
pub(super) fn word_before_by(before: &str) -> Option<&str> {
    let mut words = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let mut w = words.next();
    if matches!(
        w,
        Some(
            "a" | "an"
                | "the"
                | "our"
                | "its"
                | "their"
                | "your"
                | "any"
                | "such"
                | "other"
                | "these"
        )
    ) {
        w = words.next();
    }
    if w == Some("by") { words.next() } else { None }
}

/// Whether the "by" before byte `at` follows a word of demand: "when required by law
/// enforcement", "requests by courts": the one demanding the data is who receives it, not the
/// agent of the act.
pub(super) fn demands_by(lower: &str, at: usize) -> bool {
    matches!(
        word_before_by(&lower[..at]),
        Some(
            "required"
                | "requested"
                | "request"
                | "requests"
                | "ordered"
                | "order"
                | "orders"
                | "compelled"
                | "mandated"
                | "demanded"
                | "demand"
                | "demands"
                | "subpoenaed"
                | "sought"
                | "investigation"
                | "investigations"
                | "inquiry"
                | "inquiries"
        )
    )
}

/// Things that collect for whoever provides them: "cookies provided by third parties".
pub(super) const TRACKING_NOUNS: &[&str] = &[
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
pub(super) fn denied_permission(
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

/// The recipient mentions that are the subject of the active verb at `i`: the noun phrase
/// right before the verb and its auxiliaries ("Microsoft Advertising does not disclose"),
/// through a relative pronoun ("partners that may share"), or the mention a pronoun subject
/// stands for ("third parties, including those that may disclose"). A verb coordinated with
/// the one before it shares its subject ("Microsoft Advertising does not sell or disclose"),
/// and a party in apposition to the subject is the subject too ("Our payment processor,
/// Stripe, does not share").
pub(super) fn actor_mentions<'m>(
    lower: &str,
    ws: &[Word],
    texts: &[&str],
    i: usize,
    cstart: usize,
    recipients: &'m [(usize, Mention)],
) -> Vec<&'m Mention> {
    let mut i = i;
    // Back over coordinated verbs ("sell, rent or disclose"), a few at most.
    for _ in 0..4 {
        let mut j = i;
        while j > 0 && is_auxiliary(texts[j - 1]) {
            j -= 1;
        }
        // The verb before is joined by a conjunction, or by a comma in a series.
        let before = if j > 0 && matches!(texts[j - 1], "or" | "and" | "nor") {
            j - 1
        } else if j > 0 && lower[ws[j - 1].start + ws[j - 1].text.len()..ws[j].start].contains(',')
        {
            j
        } else {
            break;
        };
        if before > 0 && ws[before - 1].start >= cstart && verb(texts[before - 1]).is_some() {
            i = before - 1;
        } else {
            break;
        }
    }
    let Some(actor) = actor_mention(ws, texts, i, cstart, recipients) else {
        return Vec::new();
    };
    let mut subject = vec![actor];
    let mut start = recipients
        .iter()
        .find(|(_, m)| std::ptr::eq(m, actor))
        .map_or(0, |(p, _)| *p);
    for (p, m) in recipients.iter().rev() {
        let end = p + m.term.as_ref().map_or(0, |t| t.len());
        if *p >= start || *p < cstart || end > start {
            continue;
        }
        // Only a comma between: an apposition ("Our ad network, Google, does not"). A list
        // joined by "and" / "or" is left as it was: measured, it lowered the validation part.
        if lower.get(end..start).is_some_and(|gap| gap.trim() == ",") {
            subject.push(m);
            start = *p;
        } else {
            break;
        }
    }
    subject
}

/// An auxiliary, adverb or negation between a subject and its verb ("does not", "may also").
fn is_auxiliary(w: &str) -> bool {
    (is_negation_bridge(w) || is_negation(w))
        && !matches!(
            w,
            "we" | "us" | "to" | "and" | "or" | "in" | "it" | "them" | "this" | "that"
        )
}

/// Whether the subject found by [`actor_mentions`] makes the act a third party's own: "our
/// technology service providers may share data", "the pharmacy will share your name". A
/// subject that names an organisation ("Google shares", which may be the policy's own author),
/// the organisation's group ("our affiliates") or stands beside "we" ("we and our partners",
/// "Netflix and its service providers") leaves the act the organisation's.
pub(super) fn acts_of_a_third_party(
    lower: &str,
    actors: &[&Mention],
    recipients: &[(usize, Mention)],
) -> bool {
    let Some(first) = recipients
        .iter()
        .filter(|(_, m)| actors.iter().any(|a| std::ptr::eq(*a, m)))
        .map(|(p, _)| *p)
        .min()
    else {
        return false;
    };
    if actors
        .iter()
        .any(|a| a.entity.is_some() || a.term.is_none() || a.category == "affiliate")
    {
        return false;
    }
    // Up to four words before the subject: "we and", "Netflix and its".
    let before: Vec<&str> = lower[..first]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .collect();
    let joined = before
        .first()
        .is_some_and(|w| matches!(*w, "its" | "our" | "their"))
        && before.get(1).is_some_and(|w| matches!(*w, "and" | "or"))
        || before.first().is_some_and(|w| matches!(*w, "and" | "or"));
    !joined
        && !before.contains(&"we")
        && !recipients
            .iter()
            .any(|(p, m)| m.entity.is_some() && *p < first && first - *p < 40)
}

/// The recipient mention right before the active verb at `i` (see [`actor_mentions`]).
fn actor_mention<'m>(
    ws: &[Word],
    texts: &[&str],
    i: usize,
    cstart: usize,
    recipients: &'m [(usize, Mention)],
) -> Option<&'m Mention> {
    let mut j = i;
    loop {
        while j > 0 && is_auxiliary(texts[j - 1]) {
            j -= 1;
        }
        // "Microsoft has committed to not share", "those that have agreed not to disclose":
        // whoever commits to an act is the one who does it.
        if j > 0
            && texts[j - 1] == "to"
            && let Some(k) = commitment_before(texts, j - 1)
        {
            j = k;
            continue;
        }
        // "the third party continues to share", "partners that choose to disclose": a verb
        // taking an infinitive has the infinitive's subject.
        if j > 1 && texts[j - 1] == "to" && is_catenative(texts[j - 2]) {
            j -= 2;
            continue;
        }
        // "committed to not associate ... and to not store or share": a verb coordinated
        // with an infinitive the commitment governs, a few words back in the same clause.
        if j > 1 && matches!(texts[j - 1], "to" | "and" | "or") {
            let committed = (j.saturating_sub(24)..j - 1).rev().find_map(|t| {
                if ws[t].start < cstart
                    || texts[t] != "to"
                    || texts[t + 1..j].iter().any(|w| {
                        matches!(*w, "we" | "you" | "they" | "who" | "which" | "that" | "if")
                    })
                {
                    return None;
                }
                commitment_before(texts, t)
            });
            if let Some(k) = committed {
                j = k;
                continue;
            }
        }
        break;
    }
    if j > 0 && matches!(texts[j - 1], "that" | "who" | "which") {
        j -= 1;
    }
    if j == 0 || ws[j - 1].start < cstart {
        return None;
    }
    let last = &ws[j - 1];
    let last_end = last.start + last.text.len();
    // A passive verb's subject is what is handed over ("partners are given").
    if texts[j..i]
        .iter()
        .any(|w| matches!(*w, "is" | "are" | "be" | "been" | "being" | "was" | "were"))
    {
        return None;
    }
    if matches!(texts[j - 1], "those" | "they") {
        return recipients
            .iter()
            .rev()
            .find(|(p, _)| *p >= cstart && *p < last.start)
            .map(|(_, m)| m);
    }
    recipients
        .iter()
        .find(|(p, m)| {
            let len = m.term.as_ref().map_or(0, |t| t.len());
            *p <= last.start && last_end <= p + len.max(1)
        })
        .map(|(_, m)| m)
}

/// Whether the infinitive at `i` is what its subject commits to ("those that have agreed not
/// to disclose it"): a party that agrees binds itself, so even a group company's commitment
/// is a limit on it, not the organisation's own statement.
pub(super) fn is_committed_to(texts: &[&str], i: usize) -> bool {
    let mut k = i;
    while k > 0 && is_auxiliary(texts[k - 1]) {
        k -= 1;
    }
    k > 0 && texts[k - 1] == "to" && commitment_before(texts, k - 1).is_some()
}

/// The position of a verb of commitment before the "to" at `to`, over a negation or adverb
/// between ("agreed not to", "committed to").
fn commitment_before(texts: &[&str], to: usize) -> Option<usize> {
    let mut k = to;
    while k > 0 && is_auxiliary(texts[k - 1]) {
        k -= 1;
    }
    (k > 0 && is_commitment_verb(texts[k - 1])).then(|| k - 1)
}

/// A verb whose subject is also the subject of the infinitive after it, and which leaves the
/// act as it is ("continues to share", "chooses to disclose").
fn is_catenative(w: &str) -> bool {
    matches!(
        w,
        "continue"
            | "continues"
            | "continued"
            | "choose"
            | "chooses"
            | "chose"
            | "decide"
            | "decides"
            | "decided"
            | "elect"
            | "elects"
            | "elected"
            | "want"
            | "wants"
            | "wish"
            | "wishes"
            | "begin"
            | "begins"
            | "began"
            | "start"
            | "starts"
            | "seek"
            | "seeks"
            | "intend"
            | "intends"
            | "tend"
            | "tends"
            | "need"
            | "needs"
    )
}

/// A verb whose subject commits to the act of the infinitive after it ("agreed to", "has
/// committed not to").
fn is_commitment_verb(w: &str) -> bool {
    matches!(
        w,
        "agree"
            | "agrees"
            | "agreed"
            | "commit"
            | "commits"
            | "committed"
            | "promise"
            | "promises"
            | "promised"
            | "undertake"
            | "undertakes"
            | "undertaken"
            | "undertook"
            | "pledge"
            | "pledges"
            | "pledged"
    )
}

/// "Never share your password with anyone", "Please do not disclose your login": an
/// imperative at the start of a sentence, with no subject, is advice to the reader, not a
/// statement of the organisation's practice. So is one after "but" in a sentence to the user.
pub(super) fn is_advice(texts: &[&str], anchor: usize) -> bool {
    // "You may share your password with your parent, but do not share it with others": an
    // imperative after "but" in a sentence said to the user.
    // So is one after "so" or "and" ("We will never ask for your password, so do not disclose
    // it to anyone"; "Keep your password secret and do not share it").
    let after_but = (anchor.saturating_sub(4)..anchor).any(|k| {
        matches!(texts[k], "but" | "so" | "and" | "therefore")
            && texts[k + 1..anchor]
                .iter()
                .all(|w| matches!(*w, "please" | "never" | "do" | "not" | "dont" | "ever"))
            && texts[k + 1..anchor]
                .iter()
                .any(|w| matches!(*w, "never" | "not" | "dont"))
            && texts[..k].iter().any(|w| matches!(*w, "you" | "your"))
            // After "and" the verb may share the subject before it ("we store your data and
            // do not transfer it").
            && !(texts[k] == "and" && texts[..k].iter().any(|w| matches!(*w, "we" | "us")))
    });
    // "We encourage you to review their policies before disclosing any information to them":
    // what the reader is urged to do.
    let urged = (anchor.saturating_sub(10)..anchor).any(|k| {
        matches!(
            texts[k],
            "encourage" | "encourages" | "urge" | "urges" | "advise" | "advises" | "recommend"
        ) && matches!(texts.get(k + 1).copied(), Some("you" | "that" | "users"))
    });
    // "Be careful when sharing your location with other users", "Avoid disclosing your
    // password", "Think before sharing": a gerund under an imperative that opens the sentence
    // is the reader's act.
    // ("Be aware that ... sharing" states a fact to the reader.)
    let opening = texts[..anchor]
        .iter()
        .position(|w| !matches!(*w, "please" | "always"));
    let gerund_of_imperative = texts[anchor].ends_with("ing")
        && opening.is_some_and(|k| match texts[k] {
            "be" => texts.get(k + 1).is_some_and(|a| {
                matches!(
                    *a,
                    "careful" | "cautious" | "mindful" | "wary" | "thoughtful"
                )
            }),
            w => matches!(w, "avoid" | "beware" | "think" | "exercise"),
        });
    after_but
        || urged
        || gerund_of_imperative
        || anchor > 0
            && anchor <= 4
            && texts[..anchor].iter().all(|w| {
                matches!(
                    *w,
                    "please" | "never" | "do" | "not" | "dont" | "don't" | "ever" | "also"
                )
            })
            && texts[..anchor]
                .iter()
                .any(|w| matches!(*w, "please" | "never" | "not" | "dont" | "don't"))
}

/// Whether a clause's words point back to parties named before it: "they", "them", "their",
/// "such" or "those" / "these", or "that" before a word for a party ("that service", "that
/// partner"; "that" alone is more often a relative pronoun).
pub(super) fn points_back(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(k, w)| {
        matches!(*w, "they" | "them" | "their" | "such" | "those" | "these")
            || (*w == "that"
                && words.get(k + 1).is_some_and(|n| {
                    matches!(
                        *n,
                        "service"
                            | "services"
                            | "partner"
                            | "provider"
                            | "company"
                            | "network"
                            | "platform"
                            | "site"
                            | "website"
                            | "party"
                            | "third"
                            | "merchant"
                            | "app"
                    )
                }))
    })
}

/// "We require our vendors not to share your data", "we do not allow advertisers to share it",
/// "our providers are contractually obliged not to disclose it": the act at `i` is bound on
/// another party, as its infinitive after a verb of requiring or permitting with that party
/// as its object (or passive subject). The organisation states a rule it sets for others,
/// neither a flow of its own nor a denial of one ("require us to disclose" stays its act).
pub(super) fn bound_on_others(texts: &[&str], i: usize) -> bool {
    // Most acts have no "to" before them: one look, before any verb lookups.
    if !texts[i.saturating_sub(9)..i].contains(&"to") {
        return false;
    }
    // "Our features allow third parties to see your information": a party let receive is
    // given the data; only one bound in what it gives on acts for itself.
    if matches!(
        texts[i],
        "see" | "view" | "access" | "receive" | "obtain" | "read"
    ) {
        return false;
    }
    // Back over coordinated verbs, negations and adverbs to the "to" of the infinitive.
    let mut j = i;
    while j > 0
        && i - j < 8
        && (matches!(texts[j - 1], "or" | "and" | "nor" | "not" | "never")
            || verb(texts[j - 1]).is_some()
            || (texts[j - 1].len() > 4 && texts[j - 1].ends_with("ly")))
    {
        j -= 1;
    }
    if j == 0 || texts[j - 1] != "to" {
        return false;
    }
    let to = j - 1;
    let is_control = |w: &str| {
        is_permission_verb(w)
            || matches!(
                w,
                "require"
                    | "requires"
                    | "required"
                    | "instruct"
                    | "instructs"
                    | "oblige"
                    | "obliges"
                    | "obliged"
                    | "obligate"
                    | "obligates"
                    | "obligated"
                    | "forbid"
                    | "forbids"
                    | "bound"
            )
    };
    let Some(k) = (to.saturating_sub(7)..to)
        .rev()
        .find(|&k| is_control(texts[k]))
    else {
        return false;
    };
    let object = &texts[k + 1..to];
    // "required by law to share", "obligated under the Travel Rule to provide" are passive;
    // "obliged to process data (e.g. to pass it on" has a verb of its own between.
    if !object.is_empty()
        && !matches!(
            object[0],
            "by" | "under" | "in" | "for" | "at" | "with" | "from" | "to" | "of" | "as"
        )
    {
        return !object.iter().any(|w| {
            matches!(*w, "us" | "we" | "you" | "me" | "them" | "it") || verb(w).is_some()
        });
    }
    // Passive: "these providers are (contractually) obliged not to disclose": the duty is the
    // plural subject's, when that is not "we" ("Acme may be required to disclose" is the
    // author's own legal duty).
    let mut s = k;
    while s > 0 && texts[s - 1].len() > 4 && texts[s - 1].ends_with("ly") {
        s -= 1;
    }
    s >= 2
        && texts[s - 1] == "are"
        && !matches!(texts[s - 2], "we" | "you" | "who" | "which" | "that")
}

/// "Service providers may not use or disclose ...", "partners must not sell ...", "partners
/// have agreed not to share": a denial through a modal of obligation or permission, or a
/// commitment, which, with a third party as its subject, binds that party.
pub(super) fn deontic_denial(texts: &[&str], i: usize) -> bool {
    (i.saturating_sub(8)..i).any(|k| {
        matches!(texts[k], "not" | "never")
            && k > 0
            && (matches!(texts[k - 1], "may" | "must" | "shall" | "can" | "should")
                || is_commitment_verb(texts[k - 1])
                || texts[k - 1] == "to" && k > 1 && is_commitment_verb(texts[k - 2]))
            || texts[k] == "cannot"
    })
}

/// "a signal telling us not to sell or share", "you may direct us not to share", "requests
/// that companies not sell": a request that the act not happen, made by the user or on the
/// user's behalf, is neither a denial nor a flow.
pub(super) fn requested_not_to(texts: &[&str], i: usize) -> bool {
    if !texts[i.saturating_sub(8)..i]
        .iter()
        .any(|w| matches!(*w, "not" | "never"))
    {
        return false;
    }
    // Back over coordinated verbs to "not to" (or "that ... not").
    let mut j = i;
    while j > 0
        && i - j < 6
        && (matches!(texts[j - 1], "or" | "and") || verb(texts[j - 1]).is_some())
    {
        j -= 1;
    }
    if j > 0 && texts[j - 1] == "to" {
        j -= 1;
    }
    if j == 0 || !matches!(texts[j - 1], "not" | "never") {
        return false;
    }
    let is_request = |w: &str| {
        [
            "tell", "told", "ask", "instruct", "request", "direct", "signal", "notify",
        ]
        .iter()
        .any(|r| w.starts_with(r))
    };
    // The request verb right before "not", or before its object ("us", "companies", "the
    // site"), or before "that" and a subject ("request that we not sell").
    (j.saturating_sub(5)..j - 1).any(|k| {
        is_request(texts[k])
            && texts[k + 1..j - 1]
                .iter()
                .all(|w| !is_negation(w) && verb(w).is_none())
    })
}

/// "permit", "allow", "authorise" in their forms: verbs that give another party leave to act.
fn is_permission_verb(w: &str) -> bool {
    matches!(
        w,
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
    )
}
