//! Word senses of lexicon terms the grammar settles: "address" as a verb, "understand" as assent,
//! "age" as a threshold, and ad words that turn "measure" into advertising.

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
