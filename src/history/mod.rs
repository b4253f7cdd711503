//! A policy's versions over time: declaration timeline and sentence-level diffs.
//!
//! Versions come from ISO-dated files (`2019-01-01.md`, or `FILE@YYYY-MM-DD`) or from the git
//! history of one file (Open Terms Archive keeps `<Service>/<Document>.md` that way). Each
//! version is read and extracted like any policy; then two views are built:
//!
//! - the **timeline**: for every version, which recipients, purposes and data categories its
//!   sharing statements name, affirmed or negated, and how that set moved from the version
//!   before ("political-party appeared", "data-sale turned from denied to affirmed");
//! - the **diffs**: consecutive versions compared sentence by sentence, ignoring cosmetic edits
//!   (whitespace and line wrapping, punctuation, case, link targets), with the original text
//!   and source line of every sentence that changed.

mod diff;
mod git;

use crate::document::{Document, Format};
use crate::extract::{self, Action, Declaration, Evidence};
use crate::practice::Date;
use crate::vocab::{TreeKind, Vocabulary};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One version of the policy: what the history needs of it, counted in as the extractor
/// makes its declarations (holding them, and the document, took 206 MB for two versions of
/// 60,000 sentences).
#[derive(Clone, Debug)]
pub struct Version {
    /// The ISO date for dated files; commit date and short hash for git history.
    pub label: String,
    pub date: Option<Date>,
    /// The file path, or `REPO@<hash>:path` for a git version.
    pub source: String,
    /// The format the version was read in.
    pub format: Format,
    /// What the reading noted (see [`Document::warnings`]).
    pub warnings: Vec<String>,
    /// How many declarations the version makes.
    pub declarations: usize,
    /// How many of them are sharing statements ([`is_sharing_statement`]).
    pub sharing: usize,
    /// What its sharing statements name, for the timeline.
    state: State,
    /// Its sentences, for the diffs (emptied once they are made).
    sentences: Vec<diff::Sentence>,
}

/// A policy's versions (oldest first), its declaration timeline and the changes between
/// consecutive versions.
#[derive(Clone, Debug)]
pub struct History {
    pub versions: Vec<Version>,
    pub timeline: Vec<TimelineEvent>,
    /// One per consecutive pair of versions, in order.
    pub diffs: Vec<VersionDiff>,
    /// Which commit date dates the versions ("author date", "committer date"); None for files.
    pub dated_by: Option<&'static str>,
}

/// A recipient, purpose or data category that appeared, disappeared or turned polarity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineEvent {
    /// The label of the version the change is seen in.
    pub version: String,
    pub date: Option<String>,
    /// `recipient`, `purpose` or `data`.
    pub tree: &'static str,
    /// The vocabulary id.
    pub category: String,
    /// `appeared`, `disappeared`, `negated` (was affirmed, now only denied) or `affirmed` (was
    /// only denied, now affirmed).
    pub change: &'static str,
    /// Whether the statements behind the event deny: an `appeared` category named only in
    /// denials ("we do not sell ..."), a `disappeared` one that was only denied, `negated`.
    pub negated: bool,
    /// The action(s) of those statements, e.g. `share` or `share/sell`.
    pub action: String,
    /// The sentence that made it appear or turn; for `disappeared`, the sentence of the
    /// previous version that had named it.
    pub evidence: Option<Evidence>,
}

/// The sentence changes between two consecutive versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionDiff {
    pub from: String,
    pub to: String,
    pub changes: Vec<SentenceChange>,
}

/// One sentence added, removed or reworded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SentenceChange {
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// The old sentence as written (whitespace folded).
    pub old: Option<String>,
    pub new: Option<String>,
    pub old_line: Option<u32>,
    pub new_line: Option<u32>,
    /// Either side is a sharing statement (the extractor found a declaration of sharing, or of
    /// a third party's collection, in that sentence).
    pub declares: bool,
}

/// How versions are read and what the diffs keep.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Keep only sentence changes where a side is a sharing statement.
    pub only_sharing: bool,
    /// Read every version in this format instead of guessing from the name or content.
    pub format: Option<Format>,
    /// With git, date versions by the committer date instead of the author date.
    pub committer_date: bool,
}

/// From files (or one folder of ISO-dated files): versions sorted by date; undated files are
/// an error naming them; two files with the same date are an error. `FILE@YYYY-MM-DD` dates a
/// file whose name carries no date.
pub fn from_paths(
    paths: &[PathBuf],
    vocab: &Vocabulary,
    opts: &Options,
) -> Result<History, String> {
    let mut files: Vec<(PathBuf, Option<Date>)> = Vec::new();
    for p in paths {
        if p.is_dir() {
            let found = extract::expand_paths(std::slice::from_ref(p))?;
            if found.is_empty() {
                return Err(format!(
                    "{}: no policy files (.md, .html, .txt) in this folder",
                    p.display()
                ));
            }
            for f in found {
                let d = crate::compare::date_of_file_name(&f)?;
                files.push((f, d));
            }
        } else if let Some((file, date)) = dated_argument(p) {
            if let Err(e) = std::fs::metadata(&file) {
                return Err(crate::input::cannot_read(&file, &e));
            }
            files.push((file, Some(date)));
        } else {
            if p.as_os_str() != "-"
                && let Err(e) = std::fs::metadata(p)
            {
                return Err(crate::input::cannot_read(p, &e));
            }
            files.push((p.clone(), crate::compare::date_of_file_name(p)?));
        }
    }
    if files.is_empty() {
        return Err("no policy versions given".to_string());
    }
    let undated: Vec<String> = files
        .iter()
        .filter(|(_, d)| d.is_none())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !undated.is_empty() {
        return Err(format!(
            "{}: no date in the file name; a history needs ISO-dated versions \
             (2019-01-01.md, or FILE@YYYY-MM-DD)",
            undated.join(", ")
        ));
    }
    files.sort_by_key(|(_, d)| *d);
    for pair in files.windows(2) {
        if pair[0].1 == pair[1].1 {
            return Err(format!(
                "{} and {} are both dated {}: two versions of a policy cannot have the same date",
                pair[0].0.display(),
                pair[1].0.display(),
                pair[0].1.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
    }
    let versions: Vec<Result<Version, String>> = files
        .into_par_iter()
        .map(|(path, date)| {
            let document = Document::read(&path, opts.format).map_err(|e| e.to_string())?;
            let label = date.map(|d| d.to_string()).unwrap_or_default();
            Ok(version(
                label,
                date,
                path.display().to_string(),
                document,
                vocab,
            ))
        })
        .collect();
    let versions = versions.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(build(versions, opts))
}

/// From the git history of one file (`file` relative to the repository), oldest first,
/// following renames. Errors (not a repository, file never committed, git missing) name the
/// repository and the file.
pub fn from_git(
    repo: &Path,
    file: &str,
    vocab: &Vocabulary,
    opts: &Options,
) -> Result<History, String> {
    let blobs = git::versions(repo, file, opts.committer_date)?;
    let docs: Vec<Result<(git::Commit, Document), String>> = blobs
        .into_par_iter()
        .map(|(commit, bytes)| {
            let source = format!("{}@{}:{}", repo.display(), commit.hash, commit.path);
            Document::from_bytes(&source, &bytes, opts.format)
                .map(|doc| (commit, doc))
                .map_err(|e| e.to_string())
        })
        .collect();
    let mut read = Vec::with_capacity(docs.len());
    for d in docs {
        read.push(d?);
    }
    let versions: Vec<Version> = read
        .into_par_iter()
        .map(|(commit, document)| {
            let short = commit.hash.get(..7).unwrap_or(&commit.hash);
            let label = match commit.date {
                Some(d) => format!("{d} {short}"),
                None => short.to_string(),
            };
            let source = document.path.clone();
            version(label, commit.date, source, document, vocab)
        })
        .collect();
    let mut h = build(versions, opts);
    h.dated_by = Some(if opts.committer_date {
        "committer date"
    } else {
        "author date"
    });
    Ok(h)
}

/// `FILE@YYYY-MM-DD` for a file whose name carries no date.
fn dated_argument(p: &Path) -> Option<(PathBuf, Date)> {
    if p.exists() {
        return None;
    }
    let s = p.to_str()?;
    let (file, date) = s.rsplit_once('@')?;
    let d = Date::parse(date).filter(|_| date.len() == 10)?;
    Some((PathBuf::from(file), d))
}

/// Extracts a version's declarations and keeps what the history needs of them: counts, the
/// categories its sharing statements name (with the first such statement's evidence,
/// `evidence.version` set to the label), and its sentences marked where they share.
fn version(
    label: String,
    date: Option<Date>,
    source: String,
    document: Document,
    vocab: &Vocabulary,
) -> Version {
    let sale_purpose = vocab.tree(TreeKind::Purpose).contains("data-sale");
    let (mut declarations, mut sharing) = (0, 0);
    let mut state = State::default();
    let mut quotes = diff::SharingQuotes::default();
    extract::extract_each(&document, vocab, true, &mut |at, d| {
        declarations += 1;
        if !is_sharing_statement(&d) {
            return;
        }
        sharing += 1;
        quotes.add(d.evidence.line, &d.evidence.quote);
        add_to_state(&mut state, at, &d, &label, sale_purpose);
    });
    let sentences = diff::sentences(&document, &quotes);
    Version {
        label,
        date,
        source,
        format: document.format,
        warnings: document.warnings,
        declarations,
        sharing,
        state,
        sentences,
    }
}

/// The timeline and diffs of versions already in order.
pub fn build(mut versions: Vec<Version>, opts: &Options) -> History {
    let timeline = timeline(&versions);
    let diffs = versions
        .windows(2)
        .map(|v| {
            let mut changes = diff::diff(&v[0].sentences, &v[1].sentences);
            if opts.only_sharing {
                changes.retain(|c| c.declares);
            }
            VersionDiff {
                from: v[0].label.clone(),
                to: v[1].label.clone(),
                changes,
            }
        })
        .collect();
    for v in &mut versions {
        v.sentences = Vec::new();
    }
    History {
        versions,
        timeline,
        diffs,
        dated_by: None,
    }
}

/// Whether a declaration speaks of data reaching someone else: a sharing action, or a third
/// party collecting for itself.
pub fn is_sharing_statement(d: &Declaration) -> bool {
    d.action.is_sharing() || (d.action == Action::Collect && !d.recipients.is_empty())
}

const TREES: [&str; 3] = ["recipient", "purpose", "data"];

/// The statements of one polarity naming one category in one version.
#[derive(Clone, Debug, Default)]
struct Side {
    /// The first of them in document order (its place, its evidence).
    first: Option<(usize, Evidence)>,
    /// Their actions, each with the place of the first statement that has it.
    actions: Vec<(Action, usize)>,
}

impl Side {
    fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// "share", or "share/sell": the actions in the order the statements first use them.
    fn actions(&self) -> String {
        let mut actions = self.actions.clone();
        actions.sort_by_key(|&(_, at)| at);
        let names: Vec<&str> = actions.iter().map(|(a, _)| a.as_str()).collect();
        names.join("/")
    }
}

/// The statements naming one category in one version, by polarity.
#[derive(Clone, Debug, Default)]
struct Presence {
    affirmed: Side,
    negated: Side,
}

impl Presence {
    /// Counts in the statement `d`, at place `at` in document order: statements may come in
    /// any order (see [`extract::extract_each`]).
    fn add(&mut self, at: usize, d: &Declaration, label: &str) {
        let side = if d.negated {
            &mut self.negated
        } else {
            &mut self.affirmed
        };
        if side.first.as_ref().is_none_or(|(first, _)| at < *first) {
            let mut evidence = d.evidence.clone();
            evidence.version = Some(label.to_string());
            side.first = Some((at, evidence));
        }
        match side.actions.iter_mut().find(|(a, _)| *a == d.action) {
            Some((_, first)) => *first = (*first).min(at),
            None => side.actions.push((d.action, at)),
        }
    }
    fn affirmed_only(&self) -> bool {
        !self.affirmed.is_empty() && self.negated.is_empty()
    }
    fn negated_only(&self) -> bool {
        self.affirmed.is_empty() && !self.negated.is_empty()
    }
    /// The statements of one polarity.
    fn side(&self, negated: bool) -> &Side {
        if negated {
            &self.negated
        } else {
            &self.affirmed
        }
    }
}

/// Per tree (recipient, purpose, data): category → who names it, for one version.
type State = [BTreeMap<String, Presence>; 3];

/// Counts a sharing statement into a version's state.
fn add_to_state(st: &mut State, at: usize, d: &Declaration, label: &str, sale_purpose: bool) {
    let mut add = |tree: usize, category: &str| match st[tree].get_mut(category) {
        Some(p) => p.add(at, d, label),
        None => {
            let mut p = Presence::default();
            p.add(at, d, label);
            st[tree].insert(category.to_string(), p);
        }
    };
    for (tree, list) in [(0, &d.recipients), (1, &d.purposes), (2, &d.data)] {
        for m in list {
            add(tree, &m.category);
        }
    }
    // Selling is a purpose of its own: "we do not sell" denies data-sale.
    if d.action == Action::Sell && sale_purpose {
        add(1, "data-sale");
    }
}

/// How each category named by sharing statements moved from version to version.
fn timeline(versions: &[Version]) -> Vec<TimelineEvent> {
    let empty = State::default();
    let mut out = Vec::new();
    for (i, v) in versions.iter().enumerate() {
        let cur = &v.state;
        let prev = if i == 0 {
            &empty
        } else {
            &versions[i - 1].state
        };
        let mut keys: Vec<(usize, &String)> = (0..TREES.len())
            .flat_map(|t| cur[t].keys().chain(prev[t].keys()).map(move |k| (t, k)))
            .collect();
        keys.sort();
        keys.dedup();
        for (tree, key) in keys {
            let event = match (prev[tree].get(key), cur[tree].get(key)) {
                (None, Some(c)) => {
                    let negated = c.affirmed.is_empty();
                    Some(("appeared", negated, c.side(negated)))
                }
                (Some(p), None) => {
                    let negated = p.affirmed.is_empty();
                    Some(("disappeared", negated, p.side(negated)))
                }
                (Some(p), Some(c)) if !p.affirmed.is_empty() && c.negated_only() => {
                    Some(("negated", true, c.side(true)))
                }
                (Some(p), Some(c)) if p.negated_only() && !c.affirmed.is_empty() => Some((
                    if c.affirmed_only() {
                        "affirmed"
                    } else {
                        "appeared"
                    },
                    false,
                    c.side(false),
                )),
                _ => None,
            };
            let Some((change, negated, side)) = event else {
                continue;
            };
            out.push(TimelineEvent {
                version: v.label.clone(),
                date: v.date.map(|d| d.to_string()),
                tree: TREES[tree],
                category: key.clone(),
                change,
                negated,
                action: side.actions(),
                evidence: side.first.as_ref().map(|(_, e)| e.clone()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
