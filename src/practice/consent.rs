//! Consent phases in a browser capture. `saydo audit --consent accept|reject` marks every
//! request with the phase it happened in (`_consentPhase`: `before-consent` or
//! `after-consent`) and the log with the banner action it tried (`_consent`: `{action,
//! clicked, button}`). Any HAR with these custom fields (HAR 1.2 allows fields that start
//! with `_`) is read the same way; a capture without them reads exactly as before.
//!
//! A request is *before consent* when it happened before any consent was given: in the
//! `before-consent` phase, or in any phase when no consent was ever clicked (no action tried,
//! or the button not found). It is *after reject* when the visitor clicked "reject" and the
//! request came after that.

use serde::Serialize;

/// The phase one request is marked with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Before,
    After,
}

impl Phase {
    /// `Ok(None)` for an unmarked request (no field, or null); `Err` with the value as written
    /// (quoted, cut) for anything but the two phases.
    pub fn parse(value: Option<&serde_json::Value>) -> Result<Option<Phase>, String> {
        match value {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) if s == "before-consent" => Ok(Some(Phase::Before)),
            Some(serde_json::Value::String(s)) if s == "after-consent" => Ok(Some(Phase::After)),
            Some(serde_json::Value::String(s)) => Err(format!("{:?}", super::quote_of(s))),
            Some(other) => Err(super::quote_of(&other.to_string())),
        }
    }
}

/// The banner action a capture's log records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Accept,
    Reject,
}

/// What the capture says about consent, read from the log's `_consent` object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Given {
    /// No `_consent`: no banner action was tried, so no consent was ever given.
    #[default]
    NotTried,
    /// The action tried, and whether its button was found and clicked.
    Tried {
        action: Action,
        clicked: bool,
        button: Option<String>,
    },
    /// A `_consent` saydo cannot read: whether consent was given is not known.
    Unreadable,
}

impl Given {
    /// Reads the log's `_consent` value; `Err` says what is wrong with it (the value is then
    /// [`Given::Unreadable`]).
    pub fn parse(value: Option<&serde_json::Value>) -> (Given, Option<String>) {
        let Some(v) = value.filter(|v| !v.is_null()) else {
            return (Given::NotTried, None);
        };
        let Some(obj) = v.as_object() else {
            return (
                Given::Unreadable,
                Some(format!(
                    "_consent is not an object ({})",
                    super::quote_of(&v.to_string())
                )),
            );
        };
        let action = match obj.get("action").and_then(|a| a.as_str()) {
            Some("accept") => Action::Accept,
            Some("reject") => Action::Reject,
            _ => {
                let written = obj
                    .get("action")
                    .map_or("nothing".to_string(), |a| super::quote_of(&a.to_string()));
                return (
                    Given::Unreadable,
                    Some(format!(
                        "_consent.action is {written}, not \"accept\" or \"reject\""
                    )),
                );
            }
        };
        let (clicked, problem) = match obj.get("clicked") {
            Some(serde_json::Value::Bool(b)) => (*b, None),
            // Without a yes, the click is not taken for granted: no consent was given.
            other => (
                false,
                Some(format!(
                    "_consent.clicked is {}, not true or false: read as not clicked",
                    other.map_or("missing".to_string(), |c| super::quote_of(&c.to_string()))
                )),
            ),
        };
        let button = obj
            .get("button")
            .and_then(|b| b.as_str())
            .map(super::quote_of);
        (
            Given::Tried {
                action,
                clicked,
                button,
            },
            problem,
        )
    }

    /// What a request in `phase` is, given this log's consent.
    pub fn classify(&self, phase: Phase) -> Kind {
        match (self, phase) {
            (_, Phase::Before) => Kind::BeforeConsent,
            // Marked after, yet nothing was clicked: no consent was ever given.
            (Given::NotTried, Phase::After)
            | (Given::Tried { clicked: false, .. }, Phase::After) => Kind::BeforeConsent,
            (
                Given::Tried {
                    action: Action::Reject,
                    clicked: true,
                    ..
                },
                Phase::After,
            ) => Kind::AfterReject,
            (
                Given::Tried {
                    action: Action::Accept,
                    clicked: true,
                    ..
                },
                Phase::After,
            ) => Kind::AfterAccept,
            (Given::Unreadable, Phase::After) => Kind::AfterUnknown,
        }
    }
}

/// What a marked request is, for judging.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Sent before any consent was given.
    BeforeConsent,
    /// Sent after the visitor clicked "reject".
    AfterReject,
    /// Sent after the visitor accepted.
    AfterAccept,
    /// Marked after consent, in a capture whose consent action cannot be read.
    AfterUnknown,
}

/// A request cited by a consent finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsentRequest {
    pub file: String,
    pub line: u64,
    /// The request's number in the capture, from 1 (see [`super::SourceRef::entry`]).
    pub entry: u64,
    pub method: String,
    pub url: String,
}

impl ConsentRequest {
    /// `capture.har#entry=3 GET https://…`.
    pub fn cite(&self) -> String {
        format!(
            "{} {} {}",
            super::place(&self.file, self.line, Some(self.entry)),
            self.method,
            self.url
        )
    }
}

/// Requests of one kind in a flow: how many, and the first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Requests {
    pub requests: u64,
    pub first: ConsentRequest,
}

impl Requests {
    fn note(slot: &mut Option<Requests>, first: impl FnOnce() -> ConsentRequest) {
        match slot {
            Some(r) => r.requests = r.requests.saturating_add(1),
            None => {
                *slot = Some(Requests {
                    requests: 1,
                    first: first(),
                })
            }
        }
    }

    /// Adds a later file's requests: the count grows, the earlier first request stays.
    fn absorb(slot: &mut Option<Requests>, other: Option<Requests>) {
        match (slot.as_mut(), other) {
            (Some(r), Some(o)) => r.requests = r.requests.saturating_add(o.requests),
            (None, o) => *slot = o,
            (_, None) => {}
        }
    }
}

/// The consent phases of a flow's requests (captures with consent marks only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FlowConsent {
    pub before_consent: Option<Requests>,
    pub after_reject: Option<Requests>,
    /// After the visitor accepted (not a finding; counted so a reader sees the whole flow).
    pub after_accept: u64,
    /// Marked after consent in a capture whose consent action could not be read.
    pub after_unknown: u64,
}

impl FlowConsent {
    pub fn note(&mut self, kind: Kind, request: impl FnOnce() -> ConsentRequest) {
        match kind {
            Kind::BeforeConsent => Requests::note(&mut self.before_consent, request),
            Kind::AfterReject => Requests::note(&mut self.after_reject, request),
            Kind::AfterAccept => self.after_accept = self.after_accept.saturating_add(1),
            Kind::AfterUnknown => self.after_unknown = self.after_unknown.saturating_add(1),
        }
    }

    /// Folds a later file's marks for the same flow into these.
    pub fn absorb(&mut self, other: FlowConsent) {
        Requests::absorb(&mut self.before_consent, other.before_consent);
        Requests::absorb(&mut self.after_reject, other.after_reject);
        self.after_accept = self.after_accept.saturating_add(other.after_accept);
        self.after_unknown = self.after_unknown.saturating_add(other.after_unknown);
    }
}

/// Merges the consent marks of two parts of one flow (either may have none).
pub fn merge(into: &mut Option<Box<FlowConsent>>, other: Option<Box<FlowConsent>>) {
    match (into.as_mut(), other) {
        (Some(a), Some(b)) => a.absorb(*b),
        (None, b) => *into = b,
        (_, None) => {}
    }
}

/// What one capture says about consent, for its entry in a report's inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LogConsent {
    /// `accept` or `reject`; null when no action was tried or it could not be read.
    pub action: Option<Action>,
    /// Whether the banner's button was found and clicked (false when no action was tried).
    pub clicked: bool,
    /// The button's text as the capture records it.
    pub button: Option<String>,
    /// Requests (all, first-party too) marked `before-consent` and `after-consent`.
    pub before_consent: u64,
    pub after_consent: u64,
    /// Requests with no phase mark in a capture that has some.
    pub unmarked: u64,
    /// Requests whose `_consentPhase` is neither phase: warned about, their phase ignored.
    pub unknown_phase: u64,
}

impl LogConsent {
    pub fn new(given: &Given) -> LogConsent {
        let (action, clicked, button) = match given {
            Given::Tried {
                action,
                clicked,
                button,
            } => (Some(*action), *clicked, button.clone()),
            _ => (None, false, None),
        };
        LogConsent {
            action,
            clicked,
            button,
            ..LogConsent::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(entry: u64) -> ConsentRequest {
        ConsentRequest {
            file: "c.har".into(),
            line: 1,
            entry,
            method: "GET".into(),
            url: format!("https://ads.example/{entry}"),
        }
    }

    #[test]
    fn phases_are_the_two_marks_and_nothing_else() {
        assert_eq!(
            Phase::parse(Some(&json!("before-consent"))),
            Ok(Some(Phase::Before))
        );
        assert_eq!(
            Phase::parse(Some(&json!("after-consent"))),
            Ok(Some(Phase::After))
        );
        assert_eq!(Phase::parse(None), Ok(None));
        assert_eq!(Phase::parse(Some(&json!(null))), Ok(None));
        assert_eq!(
            Phase::parse(Some(&json!("during"))),
            Err("\"during\"".into())
        );
        assert!(Phase::parse(Some(&json!({"a": 1}))).is_err());
        assert!(Phase::parse(Some(&json!("Before-Consent"))).is_err());
    }

    #[test]
    fn consent_action_read_from_the_log() {
        let (g, p) = Given::parse(Some(
            &json!({"action": "reject", "clicked": true, "button": "Reject all"}),
        ));
        assert_eq!(
            g,
            Given::Tried {
                action: Action::Reject,
                clicked: true,
                button: Some("Reject all".into())
            }
        );
        assert!(p.is_none());
        assert_eq!(Given::parse(None), (Given::NotTried, None));
        let (g, p) = Given::parse(Some(&json!({"action": "maybe"})));
        assert_eq!(g, Given::Unreadable);
        assert!(p.unwrap().contains("\"maybe\""));
        let (g, p) = Given::parse(Some(&json!("reject")));
        assert_eq!(g, Given::Unreadable);
        assert!(p.is_some());
        // A click not recorded as true is not taken for granted.
        let (g, p) = Given::parse(Some(&json!({"action": "accept", "clicked": "yes"})));
        assert!(matches!(g, Given::Tried { clicked: false, .. }));
        assert!(p.is_some());
    }

    #[test]
    fn requests_are_classed_by_phase_and_the_action_clicked() {
        let reject = Given::Tried {
            action: Action::Reject,
            clicked: true,
            button: None,
        };
        let accept = Given::Tried {
            action: Action::Accept,
            clicked: true,
            button: None,
        };
        let missed = Given::Tried {
            action: Action::Reject,
            clicked: false,
            button: None,
        };
        assert_eq!(reject.classify(Phase::Before), Kind::BeforeConsent);
        assert_eq!(reject.classify(Phase::After), Kind::AfterReject);
        assert_eq!(accept.classify(Phase::Before), Kind::BeforeConsent);
        assert_eq!(accept.classify(Phase::After), Kind::AfterAccept);
        // No click, no consent: everything is before consent.
        assert_eq!(missed.classify(Phase::After), Kind::BeforeConsent);
        assert_eq!(Given::NotTried.classify(Phase::After), Kind::BeforeConsent);
        assert_eq!(Given::Unreadable.classify(Phase::After), Kind::AfterUnknown);
        assert_eq!(
            Given::Unreadable.classify(Phase::Before),
            Kind::BeforeConsent
        );
    }

    #[test]
    fn counts_add_up_and_the_first_request_stays_first() {
        let mut a = FlowConsent::default();
        a.note(Kind::BeforeConsent, || request(2));
        a.note(Kind::BeforeConsent, || request(5));
        a.note(Kind::AfterAccept, || request(9));
        let mut b = FlowConsent::default();
        b.note(Kind::BeforeConsent, || request(1));
        b.note(Kind::AfterReject, || request(7));
        let mut merged = Some(Box::new(a));
        merge(&mut merged, Some(Box::new(b)));
        merge(&mut merged, None);
        let m = merged.unwrap();
        let before = m.before_consent.as_ref().unwrap();
        assert_eq!((before.requests, before.first.entry), (3, 2));
        let after = m.after_reject.as_ref().unwrap();
        assert_eq!((after.requests, after.first.entry), (1, 7));
        assert_eq!(m.after_accept, 1);
        let mut none = None;
        merge(&mut none, None);
        assert!(none.is_none());
    }
}
