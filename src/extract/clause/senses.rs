//! Word senses of lexicon terms the grammar settles: "address" as a verb, "understand" as assent,
//! "age" as a threshold, ad words that turn "measure" into advertising, and "security services"
//! as a kind of service.

use super::*;

/// An ad word ("ad", "ads", "advertising", ...) within three words after, or
/// two words before, the span `start..end` of `lower`, and no "content" just
/// after it.
pub(super) fn near_ad_word(lower: &str, start: usize, end: usize) -> bool {
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
pub(super) fn measures_ads(lower: &str, end: usize) -> bool {
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

/// "address fraud", "prevent and address technical issues", "address your concerns": the verb,
/// not a postal address. The bare word is a verb when an object follows it; as a noun it ends
/// a list item or is followed by a conjunction, a bracket or another noun ("address book" is
/// a term of its own).
pub(super) fn address_is_a_verb(lower: &str, start: usize, end: usize) -> bool {
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
pub(super) fn understand_is_assent(lower: &str, start: usize, end: usize) -> bool {
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
pub(super) fn age_is_a_threshold(lower: &str, start: usize, end: usize) -> bool {
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

/// Nouns that head a compound whose modifier names an act ("data transfer framework",
/// "data sharing agreement", "revenue share payments"): the compound is a thing.
pub(super) fn is_compound_head(w: &str) -> bool {
    let w = w.strip_suffix('s').unwrap_or(w);
    matches!(
        w,
        "framework"
            | "mechanism"
            | "agreement"
            | "clause"
            | "payment"
            | "program"
            | "programme"
            | "arrangement"
            | "tool"
            | "safeguard"
            | "impact"
            | "assessment"
            | "model"
            | "scheme"
            | "standard"
            | "rule"
            | "requirement"
            | "obligation"
            | "law"
            | "regulation"
            | "principle"
            | "setting"
            | "feature"
            | "button"
            | "option"
            | "protocol"
            | "certification"
            | "addendum"
    )
}

/// "your data collected on the Public Network": a party's word capitalised inside a sentence
/// and followed by another capitalised word is part of a name ("Public Network", "Public
/// Profile Service"), not the party.
pub(super) fn names_a_product(cased: &str, lower: &str, start: usize, end: usize) -> bool {
    let capital = |at: usize| cased.as_bytes().get(at).is_some_and(u8::is_ascii_uppercase);
    let next = lower[end..].trim_start_matches(' ');
    let next_at = lower.len() - next.len();
    // The party's own word: "the Public" is matched with its article.
    let word = start + lower[start..end].rfind(' ').map_or(0, |k| k + 1);
    start > 0
        && capital(word)
        && !next.is_empty()
        && next.as_bytes()[0].is_ascii_alphabetic()
        && capital(next_at)
        // Not the start of a sentence or list ("Public: ..." is a heading of its own).
        && !lower[..start].trim_end().is_empty()
}

/// "artificial intelligence services", "threat intelligence services": a kind of intelligence
/// named before "intelligence service(s)" makes it a product a vendor sells, not a state's
/// intelligence agency.
pub(super) fn intelligence_service_is_a_vendor(lower: &str, start: usize, end: usize) -> bool {
    lower[start..end].starts_with("intelligence service")
        && matches!(
            lower[..start].split_whitespace().next_back(),
            Some(
                "artificial"
                    | "business"
                    | "threat"
                    | "market"
                    | "competitive"
                    | "customer"
                    | "sales"
                    | "fraud"
                    | "risk"
                    | "location"
                    | "data"
            )
        )
}

/// "providers of hosting, security services and analytics", "we use security services to protect
/// the site": in lower case and without a word of the state before it, "security service(s)"
/// is a kind of service a vendor sells; "national security services", "state security
/// services" and the capitalised name of an agency ("the Security Service") are the state's.
pub(super) fn security_service_is_a_vendor(
    sentence_cased: &str,
    lower: &str,
    start: usize,
    end: usize,
) -> bool {
    if !lower[start..end].starts_with("security service") {
        return false;
    }
    if sentence_cased
        .get(start..start + 1)
        .is_some_and(|c| c == "S")
    {
        return false;
    }
    // The word before, or the one before a conjunction ("intelligence and security
    // services").
    let mut before = lower[..start].split_whitespace().rev();
    let state = |w: &str| {
        matches!(
            w,
            // "the security services": the state's, as British usage has it.
            "the"
                | "national"
                | "state"
                | "government"
                | "federal"
                | "intelligence"
                | "public"
                | "police"
                | "enforcement"
                | "military"
        )
    };
    match before.next() {
        Some("and" | "or") => !before.next().is_some_and(state),
        Some(w) => !state(w),
        None => true,
    }
}

/// Whether "share" at `i` names no act on data: an adjective before a thing ("a shared drive",
/// "sharing buttons", "shared responsibility"), a feature named by what it shows ("audio, video,
/// chat, screen sharing"), or an active "share" whose object (over a determiner) is not data
/// ("share responsibility for ... with our partners", "share the costs", "share products").
pub(super) fn share_names_no_act(texts: &[&str], i: usize) -> bool {
    let next = texts.get(i + 1).copied();
    match texts[i] {
        "shared" | "sharing"
            if matches!(
                next,
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
            ) =>
        {
            true
        }
        "sharing" => {
            i > 0 && matches!(texts[i - 1], "screen" | "desktop" | "file" | "ride" | "car")
        }
        "share" | "shares" => {
            let object = match next {
                Some("the" | "a" | "our" | "some" | "joint" | "this") => texts.get(i + 2),
                _ => next.as_ref(),
            };
            object.is_some_and(|w| {
                matches!(
                    *w,
                    "responsibility"
                        | "responsibilities"
                        | "control"
                        | "costs"
                        | "revenue"
                        | "revenues"
                        | "profits"
                        | "liability"
                        | "ownership"
                        | "products"
                        | "goods"
                )
            })
        }
        _ => false,
    }
}

/// "Trading and investment experience", "selling and leasing activity": a gerund joined to a
/// noun that is no verb names an activity, like the noun beside it; it is no act on data. (A
/// noun of an act, "sharing and disclosure of data", and a second gerund, "selling or renting",
/// leave it an act; so does a noun with an "of" object, "sharing and storage of your data".)
pub(super) fn gerund_names_an_activity(texts: &[&str], i: usize) -> bool {
    if !texts[i].ends_with("ing") || !matches!(texts.get(i + 1).copied(), Some("and" | "or")) {
        return false;
    }
    let Some(&noun) = texts.get(i + 2) else {
        return false;
    };
    noun.len() > 3
        && noun.bytes().all(|b| b.is_ascii_lowercase())
        && !noun.ends_with("ing")
        && !noun.ends_with("ed")
        && !noun.ends_with("ly")
        && noun != "otherwise"
        && verb(noun).is_none()
        && noun_action(texts, i + 2).is_none()
        && !matches!(
            noun,
            "your"
                | "their"
                | "them"
                | "with"
                | "other"
                | "such"
                | "that"
                | "this"
                | "these"
                | "those"
                | "from"
                | "about"
                | "into"
                | "only"
                | "also"
                | "then"
                | "when"
        )
        && texts.get(i + 3).is_some_and(|w| *w != "of")
}
