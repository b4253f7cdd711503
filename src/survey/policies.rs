//! The policies of a survey: an Open Terms Archive folder (`<Service>/Privacy Policy.md`, or
//! dated versions `<Service>/<YYYY-MM-DD>.md`) or a CSV manifest (`site`, `policy`, optional
//! `date` and `domains`), and how a visited site finds its own.

use crate::compare::date_of_file_name;
use crate::document::Format;
use crate::practice::{Resolver, registrable_domain};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One service's policy: the arguments `check --policy` would take for it.
#[derive(Debug, Clone)]
pub struct PolicyEntry {
    /// The service (OTA folder name, or the manifest's `site`).
    pub service: String,
    /// Files, each `FILE` or `FILE@YYYY-MM-DD`, as [`crate::compare::PolicySet::load`] takes.
    pub args: Vec<String>,
    /// Domains named for it (manifest `site` and `domains`; an OTA folder named like a domain).
    pub domains: Vec<String>,
    /// Why the entry cannot be used (no policy file in the folder), reported for its sites.
    pub problem: Option<String>,
}

/// Every policy, with look-ups by domain and by name.
#[derive(Debug, Default)]
pub struct PolicyIndex {
    pub entries: Vec<PolicyEntry>,
    by_domain: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// What reading the folder or manifest passed over, for a note.
    pub notes: Vec<String>,
}

/// A name compared without case, spaces or punctuation: `Academia.edu` -> `academiaedu`.
fn name_key(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The label a site is known by: `www.bbc.co.uk` -> `bbc`.
fn site_label(site: &str) -> String {
    let d = registrable_domain(site);
    let suffix_len = psl::suffix(d.as_bytes()).map_or(0, |s| s.as_bytes().len());
    let label = d
        .get(..d.len().saturating_sub(suffix_len + 1))
        .filter(|l| !l.is_empty())
        .unwrap_or(&d);
    name_key(label)
}

fn is_policy_file(p: &Path) -> bool {
    Format::from_path(p).is_some()
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| crate::input::cannot_read(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The dated policy files of a folder, as `FILE` arguments (dated by their names).
fn dated_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for p in sorted_entries(dir)? {
        if p.is_file() && is_policy_file(&p) && date_of_file_name(&p)?.is_some() {
            out.push(p.display().to_string());
        }
    }
    Ok(out)
}

impl PolicyIndex {
    /// Reads `--policies`: a folder in the Open Terms Archive layout, or a CSV manifest.
    pub fn load(path: &Path) -> Result<PolicyIndex, String> {
        let meta = std::fs::metadata(path).map_err(|e| crate::input::cannot_read(path, &e))?;
        let mut index = if meta.is_dir() {
            PolicyIndex::from_folder(path)?
        } else {
            PolicyIndex::from_manifest(path)?
        };
        if index.entries.is_empty() {
            return Err(format!(
                "{}: no policies found (a folder of <Service>/Privacy Policy.md or <Service>/<YYYY-MM-DD>.md, or a CSV manifest with columns site and policy)",
                path.display()
            ));
        }
        index.build();
        Ok(index)
    }

    fn from_folder(root: &Path) -> Result<PolicyIndex, String> {
        let mut index = PolicyIndex::default();
        for p in sorted_entries(root)? {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if p.is_file() {
                // A policy beside the service folders is named by its file: `example.com.md`.
                if is_policy_file(&p) {
                    let stem = p
                        .file_stem()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    index.entries.push(PolicyEntry {
                        service: stem,
                        args: vec![p.display().to_string()],
                        domains: Vec::new(),
                        problem: None,
                    });
                }
                continue;
            }
            if !p.is_dir() {
                continue;
            }
            let mut entry = PolicyEntry {
                service: name.clone(),
                args: Vec::new(),
                domains: Vec::new(),
                problem: None,
            };
            let dated = dated_files(&p)?;
            let files = sorted_entries(&p)?;
            let privacy = |f: &&PathBuf| {
                f.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s.eq_ignore_ascii_case("privacy policy"))
            };
            if !dated.is_empty() {
                entry.args = dated;
            } else if let Some(f) = files
                .iter()
                .find(|f| f.is_file() && is_policy_file(f) && privacy(f))
            {
                entry.args = vec![f.display().to_string()];
            } else if let Some(d) = files.iter().find(|f| f.is_dir() && privacy(f)) {
                entry.args = dated_files(d)?;
            } else {
                let policies: Vec<&PathBuf> = files
                    .iter()
                    .filter(|f| f.is_file() && is_policy_file(f))
                    .collect();
                if let [only] = policies[..] {
                    entry.args = vec![only.display().to_string()];
                }
            }
            if entry.args.is_empty() {
                entry.problem = Some(format!(
                    "{}: no privacy policy in this service folder (Privacy Policy.md, or versions named YYYY-MM-DD.md)",
                    p.display()
                ));
            }
            index.entries.push(entry);
        }
        Ok(index)
    }

    fn from_manifest(path: &Path) -> Result<PolicyIndex, String> {
        let bytes = crate::input::read_all(path, crate::input::Kind::Other)
            .map_err(|e| crate::input::cannot_read(path, &e))?;
        let base = path.parent().unwrap_or(Path::new(""));
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(bytes.as_slice());
        let label = path.display();
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| format!("{label}: not a CSV manifest: {e}"))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (Some(site_col), Some(policy_col)) = (col("site"), col("policy")) else {
            return Err(format!(
                "{label}: a manifest needs the columns site and policy (found: {})",
                headers.join(", ")
            ));
        };
        let (date_col, domains_col) = (col("date"), col("domains"));
        let mut index = PolicyIndex::default();
        let mut by_site: HashMap<String, usize> = HashMap::new();
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 2;
            let rec = rec.map_err(|e| format!("{label}:{line}: {e}"))?;
            let field = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim();
            let site = field(Some(site_col));
            let policy = field(Some(policy_col));
            if site.is_empty() && policy.is_empty() {
                continue;
            }
            if site.is_empty() || policy.is_empty() {
                return Err(format!(
                    "{label}:{line}: a row needs a site and a policy file"
                ));
            }
            let file = base.join(policy);
            let date = field(date_col);
            let arg = if date.is_empty() {
                file.display().to_string()
            } else if crate::practice::Date::parse(date).is_some() {
                format!("{}@{date}", file.display())
            } else {
                return Err(format!(
                    "{label}:{line}: {date:?} is not a date (YYYY-MM-DD)"
                ));
            };
            let k = *by_site.entry(site.to_string()).or_insert_with(|| {
                index.entries.push(PolicyEntry {
                    service: site.to_string(),
                    args: Vec::new(),
                    domains: vec![crate::practice::openwpm::site_of_url(site)],
                    problem: None,
                });
                index.entries.len() - 1
            });
            let e = &mut index.entries[k];
            e.args.push(arg);
            for d in field(domains_col).split([';', ',', ' ']) {
                let d = d.trim();
                if !d.is_empty() {
                    let d = crate::practice::openwpm::site_of_url(d);
                    if !e.domains.contains(&d) {
                        e.domains.push(d);
                    }
                }
            }
        }
        Ok(index)
    }

    fn build(&mut self) {
        for (i, e) in self.entries.iter().enumerate() {
            for d in &e.domains {
                self.by_domain.entry(d.clone()).or_insert(i);
            }
            // A service named like a domain (`Academia.edu`) is that domain's.
            if e.service.contains('.') && !e.service.contains(' ') {
                let d = crate::practice::openwpm::site_of_url(&e.service);
                self.by_domain.entry(d).or_insert(i);
            }
            let k = name_key(&e.service);
            if !k.is_empty() {
                self.by_name.entry(k).or_insert(i);
            }
        }
    }

    /// The policy of a site (a registrable domain): by a domain the manifest names, by the
    /// service's name (`reddit.com` -> `Reddit`), or by the name of the organisation the
    /// registry says owns the site (`instagram.com` -> Meta's entity `Instagram`).
    pub fn find(&self, site: &str, resolver: &Resolver) -> Option<usize> {
        if let Some(&i) = self.by_domain.get(site) {
            return Some(i);
        }
        for k in [site_label(site), name_key(site)] {
            if let Some(&i) = self.by_name.get(&k) {
                return Some(i);
            }
        }
        let e = resolver.owner_of_host(site)?;
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .find_map(|n| self.by_name.get(&name_key(n)).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_names() {
        assert_eq!(site_label("www.bbc.co.uk"), "bbc");
        assert_eq!(site_label("reddit.com"), "reddit");
        assert_eq!(name_key("Academia.edu"), "academiaedu");
    }
}
