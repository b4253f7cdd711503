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

/// One version of the policy.
#[derive(Clone, Debug)]
pub struct Version {
    /// The ISO date for dated files; commit date and short hash for git history.
    pub label: String,
    pub date: Option<Date>,
    /// The file path, or `REPO@<hash>:path` for a git version.
    pub source: String,
    pub document: Document,
    /// Every declaration of the version, `evidence.version` set to the label.
    pub declarations: Vec<Declaration>,
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
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let results = extract::extract_files(&paths, vocab, opts.format);
    let mut versions = Vec::with_capacity(files.len());
    for ((path, date), r) in files.into_iter().zip(results) {
        let (document, declarations) = r.outcome?;
        let label = date.map(|d| d.to_string()).unwrap_or_default();
        versions.push(version(
            label,
            date,
            path.display().to_string(),
            document,
            declarations,
        ));
    }
    Ok(build(versions, vocab, opts))
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
            let declarations = extract::extract(&document, vocab);
            let short = commit.hash.get(..7).unwrap_or(&commit.hash);
            let label = match commit.date {
                Some(d) => format!("{d} {short}"),
                None => short.to_string(),
            };
            let source = document.path.clone();
            version(label, commit.date, source, document, declarations)
        })
        .collect();
    let mut h = build(versions, vocab, opts);
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

fn version(
    label: String,
    date: Option<Date>,
    source: String,
    document: Document,
    mut declarations: Vec<Declaration>,
) -> Version {
    for d in &mut declarations {
        d.evidence.version = Some(label.clone());
    }
    Version {
        label,
        date,
        source,
        document,
        declarations,
    }
}

/// The timeline and diffs of versions already in order.
pub fn build(versions: Vec<Version>, vocab: &Vocabulary, opts: &Options) -> History {
    let timeline = timeline(&versions, vocab);
    let sentences: Vec<Vec<diff::Sentence>> = versions
        .par_iter()
        .map(|v| diff::sentences(&v.document, &v.declarations))
        .collect();
    let diffs = versions
        .windows(2)
        .zip(sentences.windows(2))
        .map(|(v, s)| {
            let mut changes = diff::diff(&s[0], &s[1]);
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

/// The declarations naming one category in one version, by polarity (document order).
#[derive(Default)]
struct Presence<'a> {
    affirmed: Vec<&'a Declaration>,
    negated: Vec<&'a Declaration>,
}

impl<'a> Presence<'a> {
    fn add(&mut self, d: &'a Declaration) {
        let list = if d.negated {
            &mut self.negated
        } else {
            &mut self.affirmed
        };
        // A declaration's mentions are added together, so a repeat can only be the last one
        // pushed: checking the whole list made a category named by n statements cost n².
        if !list.last().is_some_and(|x| std::ptr::eq(*x, d)) {
            list.push(d);
        }
    }
    fn affirmed_only(&self) -> bool {
        !self.affirmed.is_empty() && self.negated.is_empty()
    }
    fn negated_only(&self) -> bool {
        self.affirmed.is_empty() && !self.negated.is_empty()
    }
    /// The statements of one polarity, affirmed first when asked for either.
    fn side(&self, negated: bool) -> &[&'a Declaration] {
        if negated {
            &self.negated
        } else {
            &self.affirmed
        }
    }
}

/// (tree index, category) → who names it, for one version.
type State<'a> = BTreeMap<(usize, String), Presence<'a>>;

fn state<'a>(decls: &'a [Declaration], vocab: &Vocabulary) -> State<'a> {
    let sale_purpose = vocab.tree(TreeKind::Purpose).contains("data-sale");
    let mut st: State<'a> = BTreeMap::new();
    for d in decls.iter().filter(|d| is_sharing_statement(d)) {
        for (tree, list) in [(0, &d.recipients), (1, &d.purposes), (2, &d.data)] {
            for m in list {
                st.entry((tree, m.category.clone())).or_default().add(d);
            }
        }
        // Selling is a purpose of its own: "we do not sell" denies data-sale.
        if d.action == Action::Sell && sale_purpose {
            st.entry((1, "data-sale".to_string())).or_default().add(d);
        }
    }
    st
}

/// How each category named by sharing statements moved from version to version.
fn timeline(versions: &[Version], vocab: &Vocabulary) -> Vec<TimelineEvent> {
    let states: Vec<State> = versions
        .iter()
        .map(|v| state(&v.declarations, vocab))
        .collect();
    let empty = State::new();
    let mut out = Vec::new();
    for (i, v) in versions.iter().enumerate() {
        let cur = &states[i];
        let prev = if i == 0 { &empty } else { &states[i - 1] };
        let mut keys: Vec<&(usize, String)> = cur.keys().chain(prev.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let event = match (prev.get(key), cur.get(key)) {
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
            let Some((change, negated, decls)) = event else {
                continue;
            };
            let mut actions: Vec<&str> = Vec::new();
            for d in decls {
                if !actions.contains(&d.action.as_str()) {
                    actions.push(d.action.as_str());
                }
            }
            out.push(TimelineEvent {
                version: v.label.clone(),
                date: v.date.map(|d| d.to_string()),
                tree: TREES[key.0],
                category: key.1.clone(),
                change,
                negated,
                action: actions.join("/"),
                evidence: decls.first().map(|d| d.evidence.clone()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
