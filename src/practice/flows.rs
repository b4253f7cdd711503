//! Aggregation of log records into flows: one per recipient, end user and policy period, in
//! order of first appearance.

use super::{CanaryHit, Date, Few, Flow, Origin, Party, SOURCE_CAP, SourceRef, Term, Terms};
use std::collections::HashMap;

/// Terms kept per flow and tree; beyond this, free-text variants of the same category are
/// folded into the first one (a ledger with a unique description per row stays bounded).
const TERM_CAP: usize = 64;
/// References and hosts kept per flow.
const LIST_CAP: usize = 100;

/// One log record, resolved; its recipient and period chose the flow (see [`Flows::slot_for`]).
pub(crate) struct Observation<'a> {
    pub purposes: &'a Terms,
    pub data: &'a Terms,
    pub records: u64,
    pub date: Option<Date>,
    pub reference: Option<&'a str>,
    pub host: Option<&'a str>,
    /// Built only when the flow still keeps sources (see [`Flows::wants_source`]).
    pub source: Option<SourceRef>,
    pub canaries: Vec<CanaryHit>,
}

/// Flows in order of first appearance, with an index by their key.
#[derive(Default, Debug)]
pub struct Flows {
    /// Hash of a flow's key -> its index. Keys are hashed rather than stored: a ledger with
    /// hundreds of thousands of recipients would otherwise keep each name twice more.
    index: HashMap<u64, u32>,
    /// Keys whose hash is already taken by a flow with another key (rare).
    collisions: HashMap<(String, String, u32), u32>,
    /// Boxed: a list of big structs grows by doubling and copying, holding up to three times
    /// what the flows need while it does.
    #[allow(clippy::vec_box)]
    flows: Vec<Box<Flow>>,
}

fn key_of(
    recipient: &Party,
    on_behalf_of: Option<&Party>,
    origin: Option<&Origin>,
    period: u32,
) -> (String, String, u32) {
    let mut second = on_behalf_of.map(Party::key).unwrap_or_default();
    if let Some(o) = origin {
        second.push('\u{1f}');
        second.push_str(&o.key());
    }
    (recipient.key(), second, period)
}

fn hash_of(key: &(String, String, u32)) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    key.hash(&mut h);
    h.finish()
}

impl Flows {
    pub fn len(&self) -> usize {
        self.flows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    pub fn into_vec(self) -> Vec<Box<Flow>> {
        self.flows
    }

    /// The index of the flow with this key, if there is one.
    fn find(&self, key: &(String, String, u32), hash: u64) -> Option<usize> {
        let &i = self.index.get(&hash)?;
        let f = &self.flows[i as usize];
        if key_of(
            &f.recipient,
            f.on_behalf_of.as_deref(),
            f.origin.as_deref(),
            f.period,
        ) == *key
        {
            return Some(i as usize);
        }
        self.collisions.get(key).map(|&i| i as usize)
    }

    fn insert(&mut self, key: (String, String, u32), hash: u64, flow: Box<Flow>) -> usize {
        let i = self.flows.len();
        self.flows.push(flow);
        match self.index.entry(hash) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i as u32);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collisions.insert(key, i as u32);
            }
        }
        i
    }

    fn empty_flow(recipient: Party, on_behalf_of: Option<Box<Party>>, period: u32) -> Box<Flow> {
        Box::new(Flow {
            recipient,
            on_behalf_of,
            purposes: Terms::default(),
            data: Terms::default(),
            records: 0,
            log_records: 0,
            first_seen: None,
            last_seen: None,
            undated: 0,
            sources: Vec::new(),
            more_sources: 0,
            references: Few::default(),
            hosts: Few::default(),
            canaries: Few::default(),
            consent: None,
            origin: None,
            period,
        })
    }

    /// Index of the flow for a key, created on first use; callers that add many records to
    /// the same flow look it up once and then call [`Flows::add_at`].
    pub(crate) fn slot_for(
        &mut self,
        recipient: &Party,
        on_behalf_of: Option<&Party>,
        period: u32,
    ) -> usize {
        self.slot_with_origin(recipient, on_behalf_of, None, period)
    }

    /// [`Flows::slot_for`] for a flow with an [`Origin`] (records a person holds: the app or
    /// business it came from is part of what tells flows apart).
    pub(crate) fn slot_with_origin(
        &mut self,
        recipient: &Party,
        on_behalf_of: Option<&Party>,
        origin: Option<&Origin>,
        period: u32,
    ) -> usize {
        let key = key_of(recipient, on_behalf_of, origin, period);
        let hash = hash_of(&key);
        if let Some(i) = self.find(&key, hash) {
            return i;
        }
        let behalf = on_behalf_of.map(|p| Box::new(p.clone()));
        let mut flow = Flows::empty_flow(recipient.clone(), behalf, period);
        flow.origin = origin.map(|o| Box::new(o.clone()));
        self.insert(key, hash, flow)
    }

    /// Widens the dates of the flow at `slot` to include `date` without adding a record (an
    /// App Privacy Report line gives the first and the last time a domain was contacted).
    pub(crate) fn note_date(&mut self, slot: usize, date: Date) {
        let f = &mut self.flows[slot];
        f.first_seen = Some(f.first_seen.map_or(date, |x| x.min(date)));
        f.last_seen = Some(f.last_seen.map_or(date, |x| x.max(date)));
    }

    /// The flows so far (a reader that lists what it found before it finishes).
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Flow> {
        self.flows.iter().map(|f| &**f)
    }

    /// Keeps only the flows `keep` accepts (a reader narrowing an export to one business).
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&Flow) -> bool) {
        let flows = std::mem::take(&mut self.flows);
        let mut out = Flows::default();
        for f in flows {
            if keep(&f) {
                let key = key_of(
                    &f.recipient,
                    f.on_behalf_of.as_deref(),
                    f.origin.as_deref(),
                    f.period,
                );
                let hash = hash_of(&key);
                out.insert(key, hash, f);
            }
        }
        *self = out;
    }

    /// Whether the flow at `slot` still keeps source lines (building a quote is not free).
    pub(crate) fn wants_source(&self, slot: usize) -> bool {
        self.flows[slot].sources.len() < SOURCE_CAP
    }

    /// Whether `records` more can be added to the flow at `slot` without overflow.
    pub(crate) fn records_fit(&self, slot: usize, records: u64) -> bool {
        self.flows[slot].records.checked_add(records).is_some()
    }

    pub(crate) fn add_at(&mut self, slot: usize, o: Observation) {
        let f = &mut self.flows[slot];
        f.records = f.records.saturating_add(o.records);
        f.log_records += 1;
        match o.date {
            Some(d) => {
                f.first_seen = Some(f.first_seen.map_or(d, |x| x.min(d)));
                f.last_seen = Some(f.last_seen.map_or(d, |x| x.max(d)));
            }
            None => f.undated += 1,
        }
        merge_terms(&mut f.purposes, o.purposes);
        merge_terms(&mut f.data, o.data);
        if let Some(r) = o.reference.filter(|r| !r.is_empty()) {
            push_unique(&mut f.references, r);
        }
        if let Some(h) = o.host {
            push_unique(&mut f.hosts, h);
        }
        match o.source {
            Some(s) if f.sources.len() < SOURCE_CAP => {
                // Most flows of a big ledger have one source: no room for four.
                if f.sources.is_empty() {
                    f.sources.reserve_exact(1);
                }
                f.sources.push(s)
            }
            _ => f.more_sources += 1,
        }
        for c in o.canaries {
            if f.canaries.len() < LIST_CAP && !f.canaries.contains(&c) {
                f.canaries.push(c);
            }
        }
    }

    /// Records the consent phase of a request just added to the flow at `slot`.
    pub(crate) fn note_consent(
        &mut self,
        slot: usize,
        kind: super::consent::Kind,
        request: impl FnOnce() -> super::consent::ConsentRequest,
    ) {
        self.flows[slot]
            .consent
            .get_or_insert_with(Default::default)
            .note(kind, request);
    }

    /// Appends another set of flows (a later chunk or file), keeping first-appearance order.
    /// Returns the recipients whose record count overflowed (kept at `u64::MAX`).
    #[must_use]
    pub fn merge(&mut self, other: Flows) -> Vec<String> {
        let mut overflowed = Vec::new();
        if self.flows.is_empty() {
            // Nothing to merge into: take the other set whole rather than copy it.
            *self = other;
            return overflowed;
        }
        for g in other.flows {
            let key = key_of(
                &g.recipient,
                g.on_behalf_of.as_deref(),
                g.origin.as_deref(),
                g.period,
            );
            let hash = hash_of(&key);
            let Some(slot) = self.find(&key, hash) else {
                // A flow new here moves in whole (merging into an empty flow would copy it).
                self.insert(key, hash, g);
                continue;
            };
            let f = &mut self.flows[slot];
            f.records = match f.records.checked_add(g.records) {
                Some(n) => n,
                None => {
                    overflowed.push(f.recipient.name.clone());
                    u64::MAX
                }
            };
            f.log_records += g.log_records;
            f.undated += g.undated;
            f.first_seen = match (f.first_seen, g.first_seen) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            f.last_seen = match (f.last_seen, g.last_seen) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            merge_terms(&mut f.purposes, &g.purposes);
            merge_terms(&mut f.data, &g.data);
            for r in &g.references {
                push_unique(&mut f.references, r);
            }
            for h in &g.hosts {
                push_unique(&mut f.hosts, h);
            }
            let room = SOURCE_CAP.saturating_sub(f.sources.len());
            let taken = g.sources.len().min(room);
            f.more_sources += g.more_sources + (g.sources.len() - taken) as u64;
            f.sources.extend(g.sources.into_iter().take(taken));
            for c in g.canaries {
                if f.canaries.len() < LIST_CAP && !f.canaries.contains(&c) {
                    f.canaries.push(c);
                }
            }
            super::consent::merge(&mut f.consent, g.consent);
        }
        overflowed
    }
}

fn push_unique(list: &mut Few<String>, item: &str) {
    if list.len() < LIST_CAP && !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

/// Adds terms not yet present. A term is new when its category is new, or when the category
/// is already there under other words and the list still has room for the wording.
///
/// A flow with no terms yet shares the list it is given when adding it term by term would
/// give the same list (see [`is_merged`]), and a shared list is copied only when it grows.
fn merge_terms(into: &mut Terms, terms: &Terms) {
    if terms.is_empty() {
        return;
    }
    if into.is_empty() && is_merged(terms) {
        *into = terms.clone();
        return;
    }
    let adds = |into: &[Term], t: &Term| {
        !into.contains(t)
            && (!into.iter().any(|x| x.category == t.category)
                || into.len() < TERM_CAP && t.category.is_none())
    };
    // Nothing to add (a record repeating its flow's terms): the list stays shared.
    if !terms.iter().any(|t| adds(into, t)) {
        return;
    }
    let list = into.make_mut();
    if list.is_empty() {
        list.reserve_exact(terms.len());
    }
    for t in terms.iter() {
        if adds(list, t) {
            list.push(t.clone());
        }
    }
}

/// Whether [`merge_terms`] into an empty list would keep `terms` as they are.
fn is_merged(terms: &[Term]) -> bool {
    (0..terms.len()).all(|i| {
        let (before, t) = (&terms[..i], &terms[i]);
        !before.contains(t)
            && (!before.iter().any(|x| x.category == t.category)
                || i < TERM_CAP && t.category.is_none())
    })
}
