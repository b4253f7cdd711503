//! Aggregation of log records into flows: one per recipient, end user and policy period, in
//! order of first appearance.

use super::{CanaryHit, Date, Flow, Party, SOURCE_CAP, SourceRef, Term};
use std::collections::HashMap;

/// Terms kept per flow and tree; beyond this, free-text variants of the same category are
/// folded into the first one (a ledger with a unique description per row stays bounded).
const TERM_CAP: usize = 64;
/// References and hosts kept per flow.
const LIST_CAP: usize = 100;

/// One log record, resolved; its recipient and period chose the flow (see [`Flows::slot_for`]).
pub(crate) struct Observation<'a> {
    pub purposes: &'a [Term],
    pub data: &'a [Term],
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
    index: HashMap<(String, String, u32), usize>,
    flows: Vec<Flow>,
}

fn key_of(recipient: &Party, on_behalf_of: Option<&Party>, period: u32) -> (String, String, u32) {
    (
        recipient.key(),
        on_behalf_of.map(Party::key).unwrap_or_default(),
        period,
    )
}

impl Flows {
    pub fn len(&self) -> usize {
        self.flows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    pub fn into_vec(self) -> Vec<Flow> {
        self.flows
    }

    /// Index of the flow for a key, created on first use; callers that add many records to
    /// the same flow look it up once and then call [`Flows::add_at`].
    pub(crate) fn slot_for(
        &mut self,
        recipient: &Party,
        on_behalf_of: Option<&Party>,
        period: u32,
    ) -> usize {
        let key = key_of(recipient, on_behalf_of, period);
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        self.flows.push(Flow {
            recipient: recipient.clone(),
            on_behalf_of: on_behalf_of.cloned(),
            purposes: Vec::new(),
            data: Vec::new(),
            records: 0,
            log_records: 0,
            first_seen: None,
            last_seen: None,
            undated: 0,
            sources: Vec::new(),
            more_sources: 0,
            references: Vec::new(),
            hosts: Vec::new(),
            canaries: Vec::new(),
            period,
        });
        self.index.insert(key, self.flows.len() - 1);
        self.flows.len() - 1
    }

    /// Whether the flow at `slot` still keeps source lines (building a quote is not free).
    pub(crate) fn wants_source(&self, slot: usize) -> bool {
        self.flows[slot].sources.len() < SOURCE_CAP
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
            Some(s) if f.sources.len() < SOURCE_CAP => f.sources.push(s),
            _ => f.more_sources += 1,
        }
        for c in o.canaries {
            if f.canaries.len() < LIST_CAP && !f.canaries.contains(&c) {
                f.canaries.push(c);
            }
        }
    }

    /// Appends another set of flows (a later chunk or file), keeping first-appearance order.
    pub fn merge(&mut self, other: Flows) {
        for g in other.flows {
            let slot = self.slot_for(&g.recipient, g.on_behalf_of.as_ref(), g.period);
            let f = &mut self.flows[slot];
            f.records = f.records.saturating_add(g.records);
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
        }
    }
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if list.len() < LIST_CAP && !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

/// Adds terms not yet present. A term is new when its category is new, or when the category
/// is already there under other words and the list still has room for the wording.
fn merge_terms(into: &mut Vec<Term>, terms: &[Term]) {
    for t in terms {
        if into.contains(t) {
            continue;
        }
        let category_known = into.iter().any(|x| x.category == t.category);
        if !category_known || into.len() < TERM_CAP && t.category.is_none() {
            into.push(t.clone());
        }
    }
}
