//! The policy side of a check: one policy, or dated versions of it.
//!
//! `--policy FILE`, `--policy FILE@2018-06-01`, or `--policy DIR` (a folder whose files are
//! named by ISO date, `2017-05-01.md`, is a version series). Undated files given beside dated
//! ones are in force throughout (a cookie notice kept apart from the privacy notice), before
//! the first dated version too. A folder of several undated files and no dated one is refused:
//! it is a corpus of policies, not one policy, and merged it would cite lines of unrelated ones.

use crate::document::{Document, Format};
use crate::extract::{self, Declaration};
use crate::practice::Date;
use crate::vocab::Vocabulary;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, serde::Serialize)]
pub struct PolicyFile {
    pub path: String,
    pub sha256: String,
    pub declarations: usize,
    /// Warnings from reading the file (encoding guesses and the like).
    pub warnings: Vec<String>,
    /// Whether the text reads as English (saydo's rules are English); null when too short.
    pub english: Option<bool>,
    /// The source text, for reports that show the policy beside the findings.
    #[serde(skip)]
    pub text: String,
}

/// The statements in force from `date` until the next version.
#[derive(Debug)]
pub struct PolicyVersion {
    pub date: Option<Date>,
    pub files: Vec<PolicyFile>,
    pub declarations: Vec<Declaration>,
}

impl PolicyVersion {
    /// The date, or the file name for an undated policy.
    pub fn label(&self) -> String {
        match self.date {
            Some(d) => d.to_string(),
            None => self
                .files
                .iter()
                .map(|f| f.path.clone())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// All versions, oldest first. When undated files stand beside dated versions, the first
/// version is undated and holds those files alone: what was in force before the first date.
#[derive(Debug, Default)]
pub struct PolicySet {
    pub versions: Vec<PolicyVersion>,
}

/// A date at the start of a file name: `2017-05-01.md`, `2017-05-01T00-00-00Z.md`. A name
/// that starts like an ISO date but is no real day (`2016-02-30.md`) is an error naming the
/// file: read as undated, it would be in force throughout and change verdicts unseen.
pub fn date_of_file_name(path: &Path) -> Result<Option<Date>, String> {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(None);
    };
    let Some(head) = name.get(..10) else {
        return Ok(None);
    };
    match Date::parse(head) {
        Some(d) => Ok(Some(d)),
        None if is_iso_shaped(head) => Err(format!(
            "{}: {head} is not a real date (a dated version is named YYYY-MM-DD, e.g. \
             2017-05-01.md)",
            path.display()
        )),
        None => Ok(None),
    }
}

/// `DDDD-DD-DD`: written as an ISO date, whether or not the day exists.
fn is_iso_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

impl PolicySet {
    /// Whether versions carry dates (flows are then judged by date).
    pub fn dated(&self) -> bool {
        self.versions.iter().any(|v| v.date.is_some())
    }

    /// The undated files in force before the first dated version, when undated files stand
    /// beside dated ones.
    pub fn before_first(&self) -> Option<&PolicyVersion> {
        self.versions
            .first()
            .filter(|v| v.date.is_none() && self.dated())
    }

    /// The version in force in period `p` of [`PolicySet::dates`] (1 = from the first date
    /// on), as flows are split by those dates.
    pub fn in_period(&self, p: usize) -> Option<&PolicyVersion> {
        let lead = usize::from(self.before_first().is_some());
        self.versions.get(p.checked_sub(1)? + lead)
    }

    /// The sorted version dates, for splitting flows by period.
    pub fn dates(&self) -> Vec<Date> {
        self.versions.iter().filter_map(|v| v.date).collect()
    }

    /// The dates of the versions [`PolicySet::load`] would give for these arguments, sorted,
    /// without reading the files: what splits flows by the version in force before the
    /// policies are extracted (a survey's ledger, read before its sites are judged).
    pub fn dates_of(args: &[String]) -> Result<Vec<Date>, String> {
        let mut dates: Vec<Date> = Self::files_of(args)?
            .into_iter()
            .filter_map(|(_, d)| d)
            .collect();
        dates.sort();
        dates.dedup();
        Ok(dates)
    }

    /// Every policy file the arguments name, with its date, in argument order: `FILE`,
    /// `FILE@YYYY-MM-DD`, or a folder of dated versions.
    fn files_of(args: &[String]) -> Result<Vec<(PathBuf, Option<Date>)>, String> {
        let mut files: Vec<(PathBuf, Option<Date>)> = Vec::new();
        for arg in args {
            let (path, date) = match arg.rsplit_once('@') {
                Some((p, d)) if Date::parse(d).is_some() && d.len() >= 8 => {
                    (PathBuf::from(p), Date::parse(d))
                }
                Some((_, d)) if d.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                    return Err(format!(
                        "{arg}: {d:?} is not a date (write FILE@YYYY-MM-DD)"
                    ));
                }
                _ => (PathBuf::from(arg), None),
            };
            if path.is_dir() {
                let found = extract::expand_paths(std::slice::from_ref(&path))?;
                if found.is_empty() {
                    return Err(format!(
                        "{}: no policy files in this folder",
                        path.display()
                    ));
                }
                let first = files.len();
                for f in found {
                    let d = date_of_file_name(&f)?;
                    files.push((f, d));
                }
                let undated = files[first..].iter().filter(|(_, d)| d.is_none()).count();
                if undated > 1 && undated == files.len() - first {
                    return Err(undated_folder(&path, &files[first..]));
                }
            } else {
                if path.as_os_str() != "-"
                    && let Err(e) = std::fs::metadata(&path)
                {
                    return Err(crate::input::cannot_read(&path, &e));
                }
                let d = match date {
                    Some(d) => Some(d),
                    None => date_of_file_name(&path)?,
                };
                files.push((path, d));
            }
        }
        Ok(files)
    }

    /// Reads and extracts every policy argument. Unreadable files and clashing dates are
    /// errors naming the file.
    pub fn load(
        args: &[String],
        vocab: &Vocabulary,
        forced: Option<Format>,
    ) -> Result<PolicySet, String> {
        // (path, date) for every file, in argument order.
        let files = Self::files_of(args)?;
        let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
        let results = extract::extract_files(&paths, vocab, forced);
        let mut always: Vec<(PolicyFile, Vec<Declaration>)> = Vec::new();
        let mut dated: Vec<(Date, PolicyFile, Vec<Declaration>)> = Vec::new();
        // Date -> index in `dated`, so a folder of many versions is not searched per file.
        let mut by_date: std::collections::HashMap<Date, usize> = Default::default();
        for ((path, date), r) in files.iter().zip(results) {
            let (doc, mut decls) = r.outcome?;
            let file = policy_file(path, &doc, decls.len());
            match date {
                Some(d) => {
                    if let Some(&i) = by_date.get(d) {
                        return Err(format!(
                            "{} and {} are both dated {d}: two versions cannot come into force on the same day",
                            dated[i].1.path, file.path
                        ));
                    }
                    by_date.insert(*d, dated.len());
                    for decl in &mut decls {
                        decl.evidence.version = Some(d.to_string());
                    }
                    dated.push((*d, file, decls));
                }
                None => always.push((file, decls)),
            }
        }
        dated.sort_by_key(|(d, _, _)| *d);
        let mut set = PolicySet::default();
        if !always.is_empty() && !dated.is_empty() {
            // In force throughout: also before the first dated version.
            let mut v = PolicyVersion {
                date: None,
                files: Vec::new(),
                declarations: Vec::new(),
            };
            for (f, d) in &always {
                v.files.push(f.clone());
                v.declarations.extend(d.iter().cloned());
            }
            set.versions.push(v);
        }
        if dated.is_empty() {
            let mut v = PolicyVersion {
                date: None,
                files: Vec::new(),
                declarations: Vec::new(),
            };
            for (f, d) in always {
                v.files.push(f);
                v.declarations.extend(d);
            }
            set.versions.push(v);
            return Ok(set);
        }
        for (date, file, decls) in dated {
            let mut v = PolicyVersion {
                date: Some(date),
                files: vec![file],
                declarations: decls,
            };
            for (f, d) in &always {
                v.files.push(f.clone());
                v.declarations.extend(d.iter().cloned());
            }
            set.versions.push(v);
        }
        Ok(set)
    }
}

/// A folder of undated policies: which files, and what to give instead.
fn undated_folder(dir: &Path, files: &[(PathBuf, Option<Date>)]) -> String {
    let names: Vec<String> = files
        .iter()
        .take(3)
        .map(|(p, _)| p.display().to_string())
        .collect();
    let more = match files.len().saturating_sub(3) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!(
        "{}: {} policy files and none named by date ({}{more}): a --policy folder is the versions \
         of one policy, named YYYY-MM-DD (2017-05-01.md); merged, unrelated policies would \
         disclose each other's recipients. Give one policy's files with --policy FILE \
         (repeatable: a privacy notice and its cookie notice), or name the versions by date",
        dir.display(),
        files.len(),
        names.join(", ")
    )
}

fn policy_file(path: &Path, doc: &Document, declarations: usize) -> PolicyFile {
    use sha2::Digest;
    // Standard input cannot be read twice: it gets no digest and no text.
    let bytes = if path.as_os_str() == "-" {
        Vec::new()
    } else {
        crate::input::read_all(path, crate::input::Kind::Policy).unwrap_or_default()
    };
    let sha256 = if bytes.is_empty() {
        String::new()
    } else {
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    };
    let text = String::from_utf8_lossy(&bytes);
    PolicyFile {
        path: doc.path.clone(),
        sha256,
        declarations,
        warnings: doc.warnings.clone(),
        english: doc.english,
        text: text.trim_start_matches('\u{feff}').to_string(),
    }
}
