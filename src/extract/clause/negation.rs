//! Negation and its scope: which cue negates which verb, through auxiliaries, coordinated verbs,
//! "or", a negated subject ("no personal information is shared") and statements of practice.

use super::*;

pub(super) const NEGATIONS: &[&str] = &[
    "not", "never", "no", "nor", "neither", "cannot", "dont", "doesnt", "wont", "without",
];

/// Words that may stand between a negation and its verb ("do not and will not ever sell").
pub(super) fn is_negation_bridge(w: &str) -> bool {
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

pub(super) fn is_negation(w: &str) -> bool {
    NEGATIONS.contains(&w) || w.ends_with("n't")
}

/// Whether the verb at `i` is negated by a cue before it, through auxiliaries and
/// coordinated verbs ("we do not and will never sell, rent or share").
pub(super) fn negated_before(texts: &[&str], i: usize) -> bool {
    let mut j = i;
    let mut steps = 0;
    while j > 0 && steps < 8 {
        j -= 1;
        steps += 1;
        let w = texts[j];
        if is_negation(w) {
            // "We could not provide our services without transferring your data": a denied
            // alternative to the act is the act.
            if w == "without" && j + 1 == i && texts[i].ends_with("ing") {
                return !texts[j.saturating_sub(10)..j]
                    .iter()
                    .any(|w| is_negation(w) && *w != "without");
            }
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
        // "We do not have actual knowledge that we sell", "we are not aware that we share":
        // a denial of knowing the act, which state privacy laws read as not doing it
        // knowingly.
        if matches!(w, "knowledge" | "aware" | "unaware") && texts.get(j + 1) == Some(&"that") {
            return w == "unaware" || texts[j.saturating_sub(4)..j].iter().any(|w| is_negation(w));
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

/// "It is not our practice to share", "not the policy of Example Ltd to sell": a denial
/// through a statement of practice.
pub(super) fn denied_as_practice(texts: &[&str], i: usize) -> bool {
    let from = i.saturating_sub(8);
    (from..i).any(|k| {
        matches!(texts[k], "practice" | "policy" | "intention" | "intent")
            && texts[k.saturating_sub(3)..k].iter().any(|w| is_negation(w))
            && texts[k + 1..i].last() == Some(&"to")
            && !texts[k + 1..i - 1].iter().any(|w| verb(w).is_some())
    })
}

/// "We do not sell your information, or share it with third parties": a verb after "or" in
/// the scope of a denied verb before it, with no new subject between, is denied too.
pub(super) fn inherit_negation_through_or(
    texts: &[&str],
    verbs: &mut [(usize, Action, Strength, bool)],
) {
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

/// "No personal information is shared", "None of your data will be sold", "No third parties
/// have access": the negation is on the subject.
pub(super) fn mark_no_subject_negation(
    texts: &[&str],
    verbs: &mut [(usize, Action, Strength, bool)],
) {
    for (k, w) in texts.iter().enumerate() {
        // "No matter where you are, partners have access": not a subject.
        if !matches!(*w, "no" | "none" | "nothing") || texts.get(k + 1) == Some(&"matter") {
            continue;
        }
        // "will no longer be visible" negates like "not"; but "for us to no longer have
        // access" says when, so "have" is no auxiliary after it.
        let no_longer = texts.get(k + 1) == Some(&"longer");
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
                ) || (!no_longer && matches!(*w, "have" | "has"))
            }) && !between.iter().any(|w| matches!(*w, "we" | "you" | "they"))
            {
                v.3 = true;
            }
        }
    }
}

/// "We share no personal data with advertisers", "we sell, rent or trade none of it", "we
/// disclose nothing", "we share it with no one": the negation is on the object or recipient, right after the verb (and any verbs
/// coordinated with it). "share no more than is needed" limits the act and does not deny it.
pub(super) fn mark_no_object_negation(
    texts: &[&str],
    verbs: &mut [(usize, Action, Strength, bool)],
) {
    // Most sentences have none of the words; they pay for one pass.
    if verbs.is_empty()
        || !texts.iter().any(|w| {
            w.as_bytes().starts_with(b"no")
                && matches!(*w, "no" | "none" | "nothing" | "nobody" | "noone")
        })
    {
        return;
    }
    for v in verbs.iter_mut() {
        let mut j = v.0 + 1;
        while j < texts.len()
            && j - v.0 <= 8
            && (matches!(texts[j], "or" | "and" | "nor")
                || verb(texts[j]).is_some()
                || (texts[j].len() > 4 && texts[j].ends_with("ly")))
        {
            j += 1;
        }
        // "We will share your data with no one", "disclose it to nobody": the denial is on
        // the recipient, after the object.
        let no_recipient = (v.0 + 1..texts.len().min(v.0 + 10))
            .take_while(|&k| verb(texts[k]).is_none() || k == v.0 + 1)
            .any(|k| {
                matches!(texts[k], "with" | "to")
                    && texts.get(k + 1).is_some_and(|w| {
                        matches!(*w, "nobody" | "noone")
                            || (*w == "no"
                                && texts.get(k + 2).is_some_and(|n| {
                                    matches!(*n, "one" | "third" | "other" | "outside" | "party")
                                }))
                    })
            });
        if no_recipient {
            v.3 = true;
            continue;
        }
        if texts
            .get(j)
            .is_some_and(|w| matches!(*w, "no" | "none" | "nothing"))
            && !texts.get(j + 1).is_some_and(|w| {
                matches!(
                    *w,
                    "more" | "less" | "fewer" | "longer" | "later" | "sooner" | "matter"
                )
            })
        {
            v.3 = true;
        }
    }
}

/// "Neither Shopify nor the merchants have access to this information": a subject joined by
/// "neither ... nor" denies the verb after it.
pub(super) fn mark_neither_nor_subject_negation(
    texts: &[&str],
    verbs: &mut [(usize, Action, Strength, bool)],
) {
    for (k, w) in texts.iter().enumerate() {
        if *w != "neither" {
            continue;
        }
        let Some(m) = (k + 1..texts.len().min(k + 12)).find(|&m| texts[m] == "nor") else {
            continue;
        };
        // "we neither sell nor share": "neither" before a verb negates it already.
        if verbs.iter().any(|v| k < v.0 && v.0 < m) {
            continue;
        }
        for v in verbs.iter_mut() {
            if m < v.0
                && v.0 - m <= 10
                && !texts[m + 1..v.0]
                    .iter()
                    .any(|w| matches!(*w, "we" | "you" | "but" | "which" | "that" | "who"))
            {
                v.3 = true;
            }
        }
    }
}

/// "prevents us from sharing", "prohibits Acme from selling", "protects students from having
/// their information disclosed": an act kept from happening. `Some(true)` when it is the
/// organisation that is kept from it (a denial), `Some(false)` when someone else is (a law
/// described, not a practice stated).
pub(super) fn prevented(texts: &[&str], i: usize) -> Option<bool> {
    let from = (i.saturating_sub(6)..i)
        .rev()
        .find(|&k| texts[k] == "from")?;
    // Only "having", "being", adverbs and possessives or data words between "from" and the act.
    if i - from > 6 {
        return None;
    }
    let blocker = (from.saturating_sub(5)..from).find(|&k| {
        let w = texts[k];
        [
            "prevent", "prohibit", "protect", "bar", "preclude", "restrict", "stop", "forbid",
            "keep",
        ]
        .iter()
        .any(|p| w.starts_with(p))
            && !w.ends_with("ion")
    })?;
    // "prohibit us from", "we are prevented from", "we keep your data from being sold".
    Some(
        texts[blocker.saturating_sub(4)..from]
            .iter()
            .any(|w| matches!(*w, "us" | "we")),
    )
}

/// "we may not have collected, disclosed or sold each (or any) of these", "might not have
/// shared": an epistemic modal over a perfect says the act perhaps did not happen, which is
/// neither a denial nor a statement that it did. The verb at `i` (or the first of its
/// coordinated verbs) follows "may / might / could not have", adverbs and commas aside.
pub(super) fn is_hedged_perfect(texts: &[&str], i: usize) -> bool {
    let mut j = i;
    let mut steps = 0;
    while j > 0 && steps < 10 {
        j -= 1;
        steps += 1;
        let w = texts[j];
        if w == "have" {
            return j >= 2
                && texts[j - 1] == "not"
                && matches!(texts[j - 2], "may" | "might" | "could");
        }
        // Coordinated participles and adverbs between "have" and the verb.
        let coordinated = matches!(w, "and" | "or") || w.ends_with("ed") || verb(w).is_some();
        if !(coordinated || (w.len() > 4 && w.ends_with("ly"))) {
            return false;
        }
    }
    false
}
