//! Consent findings: a flow to an advertiser or a data broker that happened before the visitor
//! gave any consent, or after they clicked "reject", is a finding of its own, whatever the
//! policy discloses (issue 20). Judged from the consent marks a capture carries (see
//! [`crate::practice::consent`]); a flow without marks has no consent finding.

use super::{Severity, counted};
use crate::practice::Party;
use crate::practice::consent::{FlowConsent, Requests};
use crate::vocab::Vocabulary;
use serde::Serialize;

/// The recipient categories whose requests need the visitor's consent first: advertising
/// and data brokers (and what the vocabulary puts under them). Analytics, session replay and
/// social networks count only where the registry also classes the organisation as one of
/// these (Meta Platforms is a social network and an advertiser).
pub const CONSENT_CATEGORIES: [&str; 2] = ["advertiser", "data-broker"];

/// Requests to an advertiser or data broker sent before consent or after a reject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsentFinding {
    /// `medium` for requests before consent, `high` once the visitor had said no.
    pub severity: Severity,
    /// The recipient's category that makes consent matter (`advertiser`, `data-broker` or a
    /// category under them).
    pub category: String,
    /// Requests sent before the visitor gave any consent: how many, and the first.
    pub before_consent: Option<Requests>,
    /// Requests sent after the visitor clicked "reject".
    pub after_reject: Option<Requests>,
    /// One plain sentence (two with both kinds) a reader understands without this document.
    pub explanation: String,
}

/// The first of the party's categories under one of [`CONSENT_CATEGORIES`].
fn consent_category<'p>(vocab: &Vocabulary, party: &'p Party) -> Option<&'p str> {
    party
        .categories
        .iter()
        .find(|c| {
            CONSENT_CATEGORIES
                .iter()
                .any(|root| vocab.recipients.distance(root, c).is_some())
        })
        .map(String::as_str)
}

/// The consent finding for a flow to `recipient` with these marks, if there is one.
pub fn judge(
    vocab: &Vocabulary,
    recipient: &Party,
    marks: Option<&FlowConsent>,
) -> Option<ConsentFinding> {
    let marks = marks?;
    if marks.before_consent.is_none() && marks.after_reject.is_none() {
        return None;
    }
    let category = consent_category(vocab, recipient)?;
    let severity = if marks.after_reject.is_some() {
        Severity::High
    } else {
        Severity::Medium
    };
    let kind = vocab
        .recipients
        .get(category)
        .map(|c| c.label.to_lowercase())
        .unwrap_or_else(|| category.to_string());
    let to = format!("{} ({kind})", recipient.name);
    let first = |r: &Requests| {
        format!(
            "the first is {}: {} {}",
            crate::practice::place(&r.first.file, r.first.line, Some(r.first.entry)),
            r.first.method,
            shorten(&r.first.url, 120)
        )
    };
    let mut sentences = Vec::new();
    if let Some(r) = &marks.before_consent {
        sentences.push(format!(
            "{} to {to} {} sent before the visitor gave any consent; {}.",
            capitalise(&counted(r.requests, "request")),
            if r.requests == 1 { "was" } else { "were" },
            first(r)
        ));
    }
    if let Some(r) = &marks.after_reject {
        sentences.push(format!(
            "After the visitor clicked \"reject\", {} still went to {to}; {}.",
            counted(r.requests, "request"),
            first(r)
        ));
    }
    Some(ConsentFinding {
        severity,
        category: category.to_string(),
        before_consent: marks.before_consent.clone(),
        after_reject: marks.after_reject.clone(),
        explanation: sentences.join(" "),
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A URL cut for a sentence (the finding's JSON keeps it whole).
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::consent::{ConsentRequest, Kind};

    fn vocab() -> Vocabulary {
        crate::vocab::Vocabulary::embedded()
    }

    fn party(categories: &[&str]) -> Party {
        Party {
            name: "Example Ads".into(),
            organisation: Some("Example Ads".into()),
            domain: Some("ads.example".into()),
            categories: crate::practice::SharedList::new(
                categories.iter().map(|c| c.to_string()).collect(),
            ),
            unresolved: false,
        }
    }

    fn marks(kinds: &[Kind]) -> FlowConsent {
        let mut m = FlowConsent::default();
        for (i, k) in kinds.iter().enumerate() {
            m.note(*k, || ConsentRequest {
                file: "c.har".into(),
                line: 1,
                entry: i as u64 + 4,
                method: "POST".into(),
                url: "https://ads.example/p".into(),
            });
        }
        m
    }

    #[test]
    fn advertising_before_consent_is_medium_and_cites_the_first_request() {
        let v = vocab();
        let m = marks(&[Kind::BeforeConsent, Kind::BeforeConsent, Kind::AfterAccept]);
        let f = judge(&v, &party(&["advertiser"]), Some(&m)).expect("a finding");
        assert_eq!(f.severity, Severity::Medium);
        assert_eq!(f.category, "advertiser");
        assert_eq!(f.before_consent.as_ref().map(|r| r.requests), Some(2));
        assert!(f.after_reject.is_none());
        assert!(
            f.explanation.starts_with("2 requests to Example Ads")
                && f.explanation
                    .contains("the first is c.har#entry=4: POST https://ads.example/p."),
            "{}",
            f.explanation
        );
    }

    #[test]
    fn after_reject_is_high_and_data_brokers_count_through_their_subcategories() {
        let v = vocab();
        let m = marks(&[Kind::AfterReject]);
        let f = judge(&v, &party(&["credit-reference-agency"]), Some(&m)).expect("a finding");
        assert_eq!(f.severity, Severity::High);
        assert!(
            f.explanation.contains("clicked \"reject\""),
            "{}",
            f.explanation
        );
        // A social network that is also an advertiser is judged as one.
        let f = judge(&v, &party(&["social-network", "advertiser"]), Some(&m)).unwrap();
        assert_eq!(f.category, "advertiser");
    }

    #[test]
    fn no_finding_for_other_recipients_accepted_flows_or_unmarked_flows() {
        let v = vocab();
        let before = marks(&[Kind::BeforeConsent]);
        for cats in [&["analytics-provider"][..], &["social-network"], &[]] {
            assert!(judge(&v, &party(cats), Some(&before)).is_none(), "{cats:?}");
        }
        let accepted = marks(&[Kind::AfterAccept, Kind::AfterUnknown]);
        assert!(judge(&v, &party(&["advertiser"]), Some(&accepted)).is_none());
        assert!(judge(&v, &party(&["advertiser"]), None).is_none());
    }
}
