//! The consent part of `check` reports: what each capture says about the consent banner, and
//! the consent findings (see [`crate::compare::ConsentFinding`]). Reports of evidence without
//! consent marks show none of it, so they read exactly as before.

use crate::compare::{Brief, ConsentFinding, counted};
use crate::practice::consent::{Action, LogConsent};
use crate::practice::{Evidence, LogReport};

/// Whether any log carries consent marks: only then do reports speak of consent.
pub fn marked(ev: &Evidence) -> bool {
    ev.logs.iter().any(|l| l.consent.is_some())
}

/// Findings with a consent finding.
pub fn findings(findings: &[Brief]) -> usize {
    findings.iter().filter(|f| f.consent.is_some()).count()
}

/// "capture.har: "reject" clicked (button "Reject all"); 4 requests before consent, 3 after".
pub fn log_line(l: &LogReport, c: &LogConsent) -> String {
    let action = match (c.action, c.clicked) {
        (None, _) => "no consent action was tried, so every request came before consent".into(),
        (Some(a), clicked) => {
            let a = match a {
                Action::Accept => "accept",
                Action::Reject => "reject",
            };
            let button = c
                .button
                .as_deref()
                .map(|b| format!(" (button {b:?})"))
                .unwrap_or_default();
            if clicked {
                format!("\"{a}\" clicked{button}")
            } else {
                format!(
                    "\"{a}\" tried but not clicked{button}, so every request came before consent"
                )
            }
        }
    };
    let mut s = format!(
        "{}: {action}; {} marked before consent, {} after",
        l.file,
        counted(c.before_consent, "request"),
        crate::report::count(c.after_consent)
    );
    if c.unmarked > 0 {
        s.push_str(&format!(", {} unmarked", crate::report::count(c.unmarked)));
    }
    if c.unknown_phase > 0 {
        s.push_str(&format!(
            ", {} with an unknown phase (not judged)",
            crate::report::count(c.unknown_phase)
        ));
    }
    s
}

/// "2 flows to advertisers or data brokers went before consent or after a reject (1 after a
/// reject)."
pub fn summary_line(findings: &[Brief]) -> String {
    let n = self::findings(findings);
    let after_reject = findings.iter().filter(|f| f.consent == Some(true)).count();
    if n == 0 {
        return "No request to an advertiser or data broker was sent before consent or after a reject.".into();
    }
    let verb = if n == 1 { "was" } else { "were" };
    let rejected = if after_reject > 0 {
        format!(" ({} after a reject)", counted(after_reject as u64, "flow"))
    } else {
        String::new()
    };
    format!(
        "{} to advertisers or data brokers {verb} sent before consent or after a reject{rejected}.",
        counted(n as u64, "flow")
    )
}

/// The CSV columns added when the evidence carries consent marks.
pub const CSV_HEADS: [&str; 4] = [
    "consent_severity",
    "consent_before_consent",
    "consent_after_reject",
    "consent_first_request",
];

/// A finding's cells under [`CSV_HEADS`].
pub fn csv_cells(c: Option<&ConsentFinding>) -> [String; 4] {
    let Some(c) = c else {
        return Default::default();
    };
    let n = |r: &Option<crate::practice::consent::Requests>| {
        r.as_ref().map_or(0, |r| r.requests).to_string()
    };
    // The first request of the worse kind: the one a reader checks first.
    let first = c
        .after_reject
        .as_ref()
        .or(c.before_consent.as_ref())
        .map(|r| r.first.cite())
        .unwrap_or_default();
    [
        c.severity.as_str().to_string(),
        n(&c.before_consent),
        n(&c.after_reject),
        first,
    ]
}
