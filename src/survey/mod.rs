//! `saydo survey`: `check` for many sites. Every visited site's flows (from OpenWPM crawl
//! databases, `audit --sites` folders, HAR files named by site) are judged against that site's
//! own policy, found in an Open Terms Archive folder or a CSV manifest, exactly as `check`
//! judges them: one row per (site, recipient, on-behalf-of), in order of site whatever the
//! number of threads.
//!
//! Sites are judged in parallel in bounded batches, and a crawl database is streamed site by
//! site, so memory does not grow with the number of sites. `--shard K/N` keeps the sites whose
//! policy's service (or, without a policy, whose domain) hashes to K: all the sites of one
//! policy fall in one shard, so the shard that holds a policy also knows whether any evidence
//! was found for it, and the union of the shards is the full survey row for row.

pub mod evidence;
pub mod policies;

use crate::compare::{Finding, PolicySet};
use crate::practice::{self, Resolver};
use crate::scan::{INTERRUPTED, Shard};
use crate::vocab::Vocabulary;
use evidence::SiteEvidence;
use policies::PolicyIndex;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Sites judged together: bounds the requests and rows held at once.
pub const BATCH: usize = 64;

/// What a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A flow judged against the site's policy.
    Finding,
    /// The site's evidence shows no third-party flow.
    NoFlows,
    /// Evidence for a site no policy was found for.
    NoPolicy,
    /// A policy no evidence was found for.
    NoEvidence,
    /// Something about this site could not be read.
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Finding => "finding",
            Status::NoFlows => "no-flows",
            Status::NoPolicy => "no-policy",
            Status::NoEvidence => "no-evidence",
            Status::Error => "error",
        }
    }
}

/// What the survey found for one site (or one policy without evidence).
#[derive(Debug)]
pub struct SiteResult {
    pub site: Option<String>,
    pub service: Option<String>,
    /// The status of the site's one row when it has no finding and no error.
    pub status: Status,
    pub findings: Vec<Finding>,
    pub errors: Vec<String>,
    /// Records read and skipped in its evidence.
    pub records_read: u64,
    pub records_skipped: u64,
}

/// The row key `--resume` keeps: the site, else `service:NAME`.
pub fn key_of(site: Option<&str>, service: Option<&str>) -> String {
    match site {
        Some(s) => s.to_string(),
        None => format!("service:{}", service.unwrap_or_default()),
    }
}

/// The layout of survey rows for `--resume`: rows differ in their fields (findings, errors).
pub fn layout(csv_header: &'static [&'static str]) -> crate::scan::Layout {
    crate::scan::Layout {
        keys: &["site", "service"],
        csv_header,
        json_fields: None,
        json_required: &["site", "service", "status", "vocab_version"],
    }
}

/// A party as the summary needs it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PartyFact {
    pub name: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub categories: Vec<String>,
}

/// What the summary needs of a row; read back from an earlier output on `--resume`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FactRow {
    pub site: Option<String>,
    pub service: Option<String>,
    pub status: String,
    #[serde(default)]
    pub verdict: Option<String>,
    #[serde(default)]
    pub undisclosed: Option<bool>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub records: Option<u64>,
    #[serde(default)]
    pub recipient: Option<PartyFact>,
    #[serde(default)]
    pub on_behalf_of: Option<PartyFact>,
}

fn party_fact(p: &practice::Party) -> PartyFact {
    PartyFact {
        name: p.name.clone(),
        organisation: p.organisation.clone(),
        categories: p.categories.to_vec(),
    }
}

impl SiteResult {
    /// The summary's view of this result's rows, in row order.
    pub fn facts(&self) -> Vec<FactRow> {
        let base = FactRow {
            site: self.site.clone(),
            service: self.service.clone(),
            ..FactRow::default()
        };
        let mut out: Vec<FactRow> = self
            .findings
            .iter()
            .map(|f| FactRow {
                status: Status::Finding.as_str().into(),
                verdict: Some(f.verdict.as_str().into()),
                undisclosed: Some(f.undisclosed),
                severity: Some(f.severity.as_str().into()),
                records: Some(f.records),
                recipient: Some(party_fact(&f.recipient)),
                on_behalf_of: f.on_behalf_of.as_deref().map(party_fact),
                ..base.clone()
            })
            .collect();
        for _ in &self.errors {
            out.push(FactRow {
                status: Status::Error.as_str().into(),
                ..base.clone()
            });
        }
        if out.is_empty() {
            out.push(FactRow {
                status: self.status.as_str().into(),
                ..base
            });
        }
        out
    }
}

/// Thread-seconds spent in each stage, for the closing line and the benchmarks.
#[derive(Debug, Default)]
pub struct Timings {
    /// Fetching requests from crawl databases (on the reading thread) and turning captures and
    /// requests into flows.
    pub evidence_ns: AtomicU64,
    /// Reading and extracting policies.
    pub extraction_ns: AtomicU64,
    /// Judging flows and rendering rows.
    pub judging_ns: AtomicU64,
}

fn add_time(counter: &AtomicU64, since: Instant) {
    counter.fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
}

impl Timings {
    pub fn seconds(&self) -> (f64, f64, f64) {
        let s = |a: &AtomicU64| a.load(Ordering::Relaxed) as f64 / 1e9;
        (
            s(&self.evidence_ns),
            s(&self.extraction_ns),
            s(&self.judging_ns),
        )
    }
}

/// Everything a survey needs besides its inputs.
pub struct Survey<'a> {
    pub vocab: &'a Vocabulary,
    pub resolver: &'a Resolver<'a>,
    pub index: &'a PolicyIndex,
    pub shard: Option<Shard>,
    /// Row keys already written (`--resume`): skipped.
    pub done: &'a HashSet<String>,
    pub timings: &'a Timings,
}

impl Survey<'_> {
    /// The key a site is sharded by: its policy's service, else its domain.
    fn shard_key(&self, site: &str) -> String {
        match self.index.find(site, self.resolver) {
            Some(i) => format!("service:{}", self.index.entries[i].service),
            None => format!("site:{site}"),
        }
    }

    /// Whether this run judges a site: in its shard and not written before.
    pub fn wants(&self, site: &str) -> bool {
        !self.done.contains(site) && self.shard.is_none_or(|s| s.holds(&self.shard_key(site)))
    }

    /// Reads a ledger with a `site` column: the rows of each site this run judges (its shard,
    /// not written before) into flows of their own, split by the dates of that site's policy
    /// versions as [`Survey::judge_site`] judges them. The error names the file.
    pub fn read_ledger(&self, path: &std::path::Path) -> Result<evidence::LedgerSites, String> {
        let started = Instant::now();
        let dates: Vec<std::sync::OnceLock<std::sync::Arc<[practice::Date]>>> =
            (0..self.index.entries.len())
                .map(|_| Default::default())
                .collect();
        let wanted = |site: &str| -> Option<std::sync::Arc<[practice::Date]>> {
            if !self.wants(site) {
                return None;
            }
            Some(match self.index.find(site, self.resolver) {
                // Judged only if its policy reads: the dates of a policy that does not are
                // not needed.
                Some(i) => dates[i]
                    .get_or_init(|| {
                        PolicySet::dates_of(&self.index.entries[i].args)
                            .unwrap_or_default()
                            .into()
                    })
                    .clone(),
                None => std::sync::Arc::from(&[][..]),
            })
        };
        let (sites, report) = practice::read_ledger_by_site(path, self.resolver, &wanted)?;
        add_time(&self.timings.evidence_ns, started);
        Ok(evidence::LedgerSites {
            label: std::sync::Arc::from(report.file.as_str()),
            format: report.format.unwrap_or(practice::LogFormat::Csv),
            sites,
            report,
        })
    }

    /// Judges one site against its policy.
    pub fn judge_site(&self, e: SiteEvidence) -> SiteResult {
        let policy = self.index.find(&e.site, self.resolver);
        let mut result = SiteResult {
            site: Some(e.site.clone()),
            service: policy.map(|i| self.index.entries[i].service.clone()),
            status: Status::NoFlows,
            findings: Vec::new(),
            errors: Vec::new(),
            records_read: 0,
            records_skipped: 0,
        };
        let Some(i) = policy else {
            result.status = Status::NoPolicy;
            return result;
        };
        let entry = &self.index.entries[i];
        if let Some(p) = &entry.problem {
            result.errors.push(p.clone());
            return result;
        }
        let started = Instant::now();
        let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            PolicySet::load(&entry.args, self.vocab, None)
        }));
        add_time(&self.timings.extraction_ns, started);
        let policies = match loaded {
            Ok(Ok(p)) => p,
            Ok(Err(e)) => {
                result.errors.push(e);
                return result;
            }
            Err(_) => {
                result.errors.push(format!(
                    "{}: internal error while reading this policy (a saydo defect; please report it)",
                    entry.args.join(", ")
                ));
                return result;
            }
        };
        let started = Instant::now();
        let options = practice::Options {
            site: Some(e.site.clone()),
            versions: policies.dates(),
            ..practice::Options::default()
        };
        let mut parts = practice::read_each(&e.files, self.resolver, &options);
        for (label, visits) in &e.crawls {
            parts.push(practice::openwpm::flows_of(
                label,
                visits,
                self.resolver,
                &options,
            ));
        }
        for (label, format, flows) in e.ledgers {
            parts.push(flows.into_part(&label, format, &e.site));
        }
        let mut evidence = practice::combine(parts);
        add_time(&self.timings.evidence_ns, started);
        result.records_read = evidence.records_read();
        result.records_skipped = evidence.records_skipped();
        for l in &evidence.logs {
            if let Some(err) = &l.error {
                result.errors.push(err.clone());
            }
        }
        if evidence.failed() == evidence.logs.len() && !evidence.logs.is_empty() {
            return result;
        }
        let started = Instant::now();
        result.findings =
            crate::compare::compare_owned(self.vocab, &policies, evidence.take_flows());
        add_time(&self.timings.judging_ns, started);
        result
    }

    /// Runs the survey over the merged evidence, handing each site's result to `emit` in site
    /// order, then a row for each policy no evidence was found for. Returns false when Ctrl-C
    /// stopped it (the rows emitted are then a prefix a `--resume` completes); an error when a
    /// crawl database could not be read on.
    /// Each result is rendered by `render` on the thread that judged it, and `emit` gets the
    /// rendered rows and the summary's view of them.
    pub fn run(
        &self,
        sources: Vec<evidence::Source>,
        crawls: Vec<practice::openwpm::Crawl>,
        ledgers: Vec<evidence::LedgerSites>,
        render: impl Fn(&SiteResult) -> std::io::Result<Vec<u8>> + Sync,
        mut emit: impl FnMut(&[u8], &[FactRow]) -> std::io::Result<()>,
        mut progress: impl FnMut(u64),
    ) -> Result<bool, SurveyError> {
        let keep = |site: &str| self.wants(site);
        let mut matched = vec![false; self.index.entries.len()];
        // Sites written by an earlier run (`--resume`) are not read again, but their policies
        // had evidence all the same.
        for site in self.done.iter().filter(|k| !k.starts_with("service:")) {
            if let Some(i) = self.index.find(site, self.resolver) {
                matched[i] = true;
            }
        }
        let finished = std::thread::scope(|scope| -> Result<bool, SurveyError> {
            let merged = evidence::Merged::new(scope, sources, crawls, ledgers, &keep, BATCH);
            let mut batch: Vec<SiteEvidence> = Vec::with_capacity(BATCH);
            let mut flush = |batch: &mut Vec<SiteEvidence>| -> Result<(), SurveyError> {
                let results: Vec<std::io::Result<(Vec<u8>, Vec<FactRow>)>> = std::mem::take(batch)
                    .into_par_iter()
                    .map(|e| {
                        let r = self.judge_site(e);
                        let started = Instant::now();
                        let bytes = render(&r)?;
                        add_time(&self.timings.judging_ns, started);
                        Ok((bytes, r.facts()))
                    })
                    .collect();
                let n = results.len() as u64;
                for r in results {
                    let (bytes, facts) = r.map_err(SurveyError::Write)?;
                    emit(&bytes, &facts).map_err(SurveyError::Write)?;
                }
                progress(n);
                Ok(())
            };
            for item in merged {
                let e = item.map_err(SurveyError::Evidence)?;
                if !self.wants(&e.site) {
                    continue;
                }
                if let Some(i) = self.index.find(&e.site, self.resolver) {
                    matched[i] = true;
                }
                batch.push(e);
                if batch.len() >= BATCH {
                    flush(&mut batch)?;
                }
                if INTERRUPTED.load(Ordering::Relaxed) {
                    return Ok(false);
                }
            }
            flush(&mut batch)?;
            Ok(!INTERRUPTED.load(Ordering::Relaxed))
        })?;
        if !finished {
            return Ok(false);
        }
        // Policies no evidence was found for, each in the shard its service hashes to.
        for (i, entry) in self.index.entries.iter().enumerate() {
            let shard_key = format!("service:{}", entry.service);
            let key = key_of(None, Some(&entry.service));
            if matched[i]
                || self.done.contains(&key)
                || self.shard.is_some_and(|s| !s.holds(&shard_key))
            {
                continue;
            }
            let r = SiteResult {
                site: None,
                service: Some(entry.service.clone()),
                status: Status::NoEvidence,
                findings: Vec::new(),
                errors: Vec::new(),
                records_read: 0,
                records_skipped: 0,
            };
            let bytes = render(&r).map_err(SurveyError::Write)?;
            emit(&bytes, &r.facts()).map_err(SurveyError::Write)?;
        }
        Ok(true)
    }
}

/// Why a survey stopped.
#[derive(Debug)]
pub enum SurveyError {
    /// Writing rows failed.
    Write(std::io::Error),
    /// A crawl database could not be read on (the message names it).
    Evidence(String),
}

/// A count and what it is a share of.
#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq)]
pub struct Share {
    pub count: u64,
    pub of: u64,
    /// `count / of`, 0 when `of` is 0.
    pub share: f64,
}

impl Share {
    pub fn new(count: u64, of: u64) -> Share {
        Share {
            count,
            of,
            share: if of == 0 {
                0.0
            } else {
                (count as f64 / of as f64 * 10_000.0).round() / 10_000.0
            },
        }
    }
}

/// One recipient category across the survey.
#[derive(Debug, Serialize, PartialEq)]
pub struct CategoryFigures {
    pub category: String,
    pub label: String,
    /// Sites with an undisclosed flow to a recipient in this category, of the sites surveyed.
    pub sites_undisclosed: Share,
    /// Sites with any flow to a recipient in this category, of the sites surveyed.
    pub sites_with_flows: Share,
    /// Of the sites with flows to this category, those with an undisclosed one.
    pub undisclosed_where_present: Share,
}

/// One organisation across the survey.
#[derive(Debug, Serialize, PartialEq)]
pub struct OrganisationFigures {
    pub organisation: String,
    pub sites_undisclosed: Share,
    pub sites_with_flows: Share,
    pub undisclosed_where_present: Share,
}

/// Organisations listed in the summary, most often received undisclosed first.
pub const TOP_ORGANISATIONS: usize = 25;

/// The numbers a paper needs, with their denominators.
#[derive(Debug, Default)]
pub struct Summary {
    /// Sites judged against a policy (with or without flows).
    pub sites_surveyed: u64,
    pub sites_with_undisclosed: u64,
    /// Sites with evidence and no policy.
    pub sites_without_policy: u64,
    /// Policies with no evidence.
    pub policies_without_evidence: u64,
    /// Sites with an error row.
    pub sites_with_errors: u64,
    /// Sites judged that showed no third-party flow.
    pub sites_without_flows: u64,
    pub flows: u64,
    pub undisclosed_flows: u64,
    pub by_verdict: BTreeMap<String, u64>,
    pub by_severity: BTreeMap<String, u64>,
    /// Category -> (sites with an undisclosed flow, sites with a flow).
    categories: BTreeMap<String, (u64, u64)>,
    /// Registry organisation -> (sites with an undisclosed flow, sites with a flow).
    organisations: BTreeMap<String, (u64, u64)>,
}

/// The summary as `--summary-json` writes it.
#[derive(Debug, Serialize)]
pub struct SummaryJson<'a> {
    pub schema_version: u32,
    pub vocab_version: &'a str,
    pub sites_surveyed: u64,
    pub sites_with_undisclosed: Share,
    pub sites_without_flows: Share,
    pub sites_without_policy: u64,
    pub policies_without_evidence: u64,
    pub sites_with_errors: u64,
    pub flows: u64,
    pub undisclosed_flows: Share,
    pub by_verdict: BTreeMap<&'a str, Share>,
    pub by_severity: BTreeMap<&'a str, Share>,
    pub categories: Vec<CategoryFigures>,
    pub top_organisations: Vec<OrganisationFigures>,
}

impl Summary {
    /// Counts one site's rows in (all the rows of a site, or of a policy without evidence).
    pub fn add_site(&mut self, rows: &[FactRow], vocab: &Vocabulary) {
        let has = |s: &str| rows.iter().any(|r| r.status == s);
        if has("no-evidence") {
            self.policies_without_evidence += 1;
            return;
        }
        if has("no-policy") {
            self.sites_without_policy += 1;
            return;
        }
        if has("error") {
            self.sites_with_errors += 1;
        }
        let findings: Vec<&FactRow> = rows.iter().filter(|r| r.status == "finding").collect();
        if findings.is_empty() && !has("no-flows") {
            return; // nothing judged: the error is all there is
        }
        self.sites_surveyed += 1;
        if findings.is_empty() {
            self.sites_without_flows += 1;
        }
        let mut undisclosed_site = false;
        let mut cats: BTreeMap<String, bool> = BTreeMap::new();
        let mut orgs: BTreeMap<String, bool> = BTreeMap::new();
        for f in findings {
            let undisclosed = f.undisclosed.unwrap_or(false);
            self.flows += 1;
            if undisclosed {
                self.undisclosed_flows += 1;
                undisclosed_site = true;
            }
            if let Some(v) = &f.verdict {
                *self.by_verdict.entry(v.clone()).or_default() += 1;
            }
            if let Some(s) = &f.severity {
                *self.by_severity.entry(s.clone()).or_default() += 1;
            }
            for p in f.recipient.iter().chain(f.on_behalf_of.iter()) {
                for c in &p.categories {
                    for a in vocab.recipients.ancestors(c) {
                        if a == "third-party" {
                            continue;
                        }
                        let e = cats.entry(a.to_string()).or_default();
                        *e |= undisclosed;
                    }
                }
                if let Some(o) = &p.organisation {
                    let e = orgs.entry(o.clone()).or_default();
                    *e |= undisclosed;
                }
            }
        }
        self.sites_with_undisclosed += u64::from(undisclosed_site);
        for (map, seen) in [
            (&mut self.categories, cats),
            (&mut self.organisations, orgs),
        ] {
            for (k, u) in seen {
                let e = map.entry(k).or_default();
                e.0 += u64::from(u);
                e.1 += 1;
            }
        }
    }

    pub fn json<'a>(&'a self, vocab: &'a Vocabulary) -> SummaryJson<'a> {
        let n = self.sites_surveyed;
        let mut categories: Vec<CategoryFigures> = self
            .categories
            .iter()
            .map(|(c, &(u, present))| CategoryFigures {
                category: c.clone(),
                label: vocab
                    .recipients
                    .get(c)
                    .map(|x| x.label.clone())
                    .unwrap_or_else(|| c.clone()),
                sites_undisclosed: Share::new(u, n),
                sites_with_flows: Share::new(present, n),
                undisclosed_where_present: Share::new(u, present),
            })
            .collect();
        categories.sort_by(|a, b| {
            (b.sites_undisclosed.count, b.sites_with_flows.count)
                .cmp(&(a.sites_undisclosed.count, a.sites_with_flows.count))
                .then_with(|| a.category.cmp(&b.category))
        });
        let mut orgs: Vec<OrganisationFigures> = self
            .organisations
            .iter()
            .filter(|(_, (u, _))| *u > 0)
            .map(|(o, &(u, present))| OrganisationFigures {
                organisation: o.clone(),
                sites_undisclosed: Share::new(u, n),
                sites_with_flows: Share::new(present, n),
                undisclosed_where_present: Share::new(u, present),
            })
            .collect();
        orgs.sort_by(|a, b| {
            (b.sites_undisclosed.count, b.sites_with_flows.count)
                .cmp(&(a.sites_undisclosed.count, a.sites_with_flows.count))
                .then_with(|| a.organisation.cmp(&b.organisation))
        });
        orgs.truncate(TOP_ORGANISATIONS);
        let by = |m: &'a BTreeMap<String, u64>, of: u64| -> BTreeMap<&'a str, Share> {
            m.iter()
                .map(|(k, &v)| (k.as_str(), Share::new(v, of)))
                .collect()
        };
        SummaryJson {
            schema_version: crate::SCHEMA_VERSION,
            vocab_version: &vocab.version,
            sites_surveyed: n,
            sites_with_undisclosed: Share::new(self.sites_with_undisclosed, n),
            sites_without_flows: Share::new(self.sites_without_flows, n),
            sites_without_policy: self.sites_without_policy,
            policies_without_evidence: self.policies_without_evidence,
            sites_with_errors: self.sites_with_errors,
            flows: self.flows,
            undisclosed_flows: Share::new(self.undisclosed_flows, self.flows),
            by_verdict: by(&self.by_verdict, self.flows),
            by_severity: by(&self.by_severity, self.flows),
            categories,
            top_organisations: orgs,
        }
    }
}

/// Groups rows read back from an earlier output by site and counts them in.
pub fn add_rows(
    summary: &mut Summary,
    rows: impl IntoIterator<Item = FactRow>,
    vocab: &Vocabulary,
) {
    let mut group: Vec<FactRow> = Vec::new();
    for r in rows {
        let same = group.last().is_some_and(|g| {
            key_of(g.site.as_deref(), g.service.as_deref())
                == key_of(r.site.as_deref(), r.service.as_deref())
        });
        if !same && !group.is_empty() {
            summary.add_site(&group, vocab);
            group.clear();
        }
        group.push(r);
    }
    if !group.is_empty() {
        summary.add_site(&group, vocab);
    }
}
