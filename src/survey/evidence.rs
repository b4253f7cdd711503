//! The evidence of a survey, site by site: OpenWPM crawl databases (streamed), folders of
//! `audit --sites` outputs (`<site>/capture.har`), folders of HAR files named by site, and
//! sharing ledgers with a `site` column (read whole first, each site's flows kept apart by the
//! ledger reader). Every source lists its sites in order of registrable domain, and the
//! sources are merged, so a site seen in several sources is one site with all its evidence.

use crate::practice::openwpm::{self, Crawl, SiteVisits};
use crate::practice::{LogFormat, LogReport, SiteLedger};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

/// What `--evidence` names.
#[derive(Debug)]
pub enum Source {
    /// An OpenWPM SQLite database.
    Crawl(PathBuf),
    /// Files per site, from a folder: (site, files), sorted by site.
    Files(Vec<(String, Vec<PathBuf>)>),
    /// A sharing ledger (CSV or JSON Lines) with a `site` column.
    Ledger(PathBuf),
}

/// A ledger with a `site` column, read: each site's flows, in order of site.
#[derive(Debug)]
pub struct LedgerSites {
    pub label: Arc<str>,
    pub format: LogFormat,
    pub sites: BTreeMap<String, SiteLedger>,
    /// The whole file's counts, skipped rows and warnings.
    pub report: LogReport,
}

/// Everything known about one visited site.
#[derive(Debug, Default)]
pub struct SiteEvidence {
    /// Its registrable domain.
    pub site: String,
    /// Captures and ledgers of the site.
    pub files: Vec<PathBuf>,
    /// Its visits in crawl databases: (database label, visits).
    pub crawls: Vec<(Arc<str>, SiteVisits)>,
    /// Its flows in ledgers with a site column: (ledger label, format, flows).
    pub ledgers: Vec<(Arc<str>, LogFormat, SiteLedger)>,
}

/// Sorts the `--evidence` arguments into sources. A file that starts like SQLite is a crawl
/// database; a `.csv`, `.tsv`, `.jsonl` or `.ndjson` file a ledger with a site column; a
/// folder holds audit folders (`<site>/capture.har`) and HAR files named by site.
pub fn sources(paths: &[PathBuf]) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| crate::input::cannot_read(p, &e))?;
        if meta.is_dir() {
            out.push(Source::Files(folder_sites(p)?));
            continue;
        }
        let mut head = [0u8; 16];
        let n = {
            use std::io::Read;
            let mut f = crate::input::open(p, crate::input::Kind::Other)
                .map_err(|e| crate::input::cannot_read(p, &e))?;
            f.read(&mut head)
                .map_err(|e| crate::input::cannot_read(p, &e))?
        };
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if openwpm::is_sqlite(&head[..n]) || matches!(ext.as_str(), "sqlite" | "sqlite3" | "db") {
            out.push(Source::Crawl(p.clone()));
        } else if ext == "har" {
            let site = site_of_file(p);
            out.push(Source::Files(vec![(site, vec![p.clone()])]));
        } else if matches!(ext.as_str(), "csv" | "tsv" | "jsonl" | "ndjson") {
            out.push(Source::Ledger(p.clone()));
        } else {
            return Err(format!(
                "{}: not evidence survey reads: give an OpenWPM crawl database (SQLite), a folder of audit outputs, a folder of HAR files named by site (example.com.har), or a sharing ledger with a site column (.csv, .jsonl)",
                p.display()
            ));
        }
    }
    Ok(out)
}

/// `www.example.com.har` -> `example.com`.
fn site_of_file(p: &Path) -> String {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    openwpm::site_of_url(&stem)
}

/// The site an audit folder is of: its manifest's address, else the folder's name.
fn site_of_audit(dir: &Path) -> String {
    let from_manifest = std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|m| {
            ["final_url", "url"]
                .iter()
                .find_map(|k| m[*k].as_str().map(str::to_string))
        });
    match from_manifest {
        Some(u) => openwpm::site_of_url(&u),
        None => openwpm::site_of_url(
            &dir.file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
    }
}

/// The sites of a folder: each `<site>/capture.har` (an audit folder) and each `<site>.har`.
fn folder_sites(dir: &Path) -> Result<Vec<(String, Vec<PathBuf>)>, String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| crate::input::cannot_read(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let mut sites: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for p in entries {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            let capture = p.join("capture.har");
            if capture.exists() {
                sites.push((site_of_audit(&p), vec![capture]));
            }
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("har"))
        {
            sites.push((site_of_file(&p), vec![p]));
        }
    }
    if sites.is_empty() {
        return Err(format!(
            "{}: no evidence in this folder (audit folders holding capture.har, or HAR files named by site)",
            dir.display()
        ));
    }
    // Sites in order; one site's files together, in folder order.
    sites.sort_by(|a, b| a.0.cmp(&b.0));
    let mut merged: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for (s, f) in sites {
        match merged.last_mut() {
            Some((last, files)) if *last == s => files.extend(f),
            _ => merged.push((s, f)),
        }
    }
    Ok(merged)
}

/// A stream of one source's sites, in order.
type Stream<'a> = std::iter::Peekable<Box<dyn Iterator<Item = Result<SiteEvidence, String>> + 'a>>;

/// Whether a site's evidence is wanted (its shard, not already written): asked before a crawl
/// database's requests for the site are fetched.
pub type Keep<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// Sites a crawl database holds, read on a thread of their own so the database streams
/// while sites are judged: at most `ahead` sites wait in the channel.
fn crawl_stream<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    crawl: Crawl,
    keep: Keep<'env>,
    ahead: usize,
) -> Box<dyn Iterator<Item = Result<SiteEvidence, String>> + 'scope> {
    let (tx, rx) = mpsc::sync_channel::<Result<SiteEvidence, String>>(ahead);
    let label: Arc<str> = Arc::from(crawl.label());
    std::thread::Builder::new()
        .name("saydo-crawl".into())
        .spawn_scoped(scope, move || {
            let result = crawl.sites(
                |site| keep(site),
                |visits| {
                    let e = SiteEvidence {
                        site: visits.site.clone(),
                        crawls: vec![(label.clone(), visits)],
                        ..SiteEvidence::default()
                    };
                    // The receiver gone (interrupted): stop reading.
                    Ok(tx.send(Ok(e)).is_ok())
                },
            );
            if let Err(e) = result {
                let _ = tx.send(Err(e));
            }
        })
        .map_or_else(
            |e| {
                Box::new(std::iter::once(Err(format!("cannot start a thread: {e}"))))
                    as Box<dyn Iterator<Item = _>>
            },
            |_| Box::new(rx.into_iter()) as Box<dyn Iterator<Item = _>>,
        )
}

/// Every source's sites merged into one stream in order of site. A crawl database's failure
/// mid-way comes out as an `Err` item where it happened.
pub struct Merged<'a> {
    streams: Vec<Stream<'a>>,
}

impl<'scope> Merged<'scope> {
    pub fn new<'env>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        sources: Vec<Source>,
        crawls: Vec<Crawl>,
        ledgers: Vec<LedgerSites>,
        keep: Keep<'env>,
        ahead: usize,
    ) -> Merged<'scope> {
        let mut streams: Vec<Stream> = Vec::new();
        for s in sources {
            if let Source::Files(list) = s {
                let it =
                    list.into_iter()
                        .filter(move |(site, _)| keep(site))
                        .map(|(site, files)| {
                            Ok(SiteEvidence {
                                site,
                                files,
                                ..SiteEvidence::default()
                            })
                        });
                streams.push((Box::new(it) as Box<dyn Iterator<Item = _>>).peekable());
            }
        }
        // A ledger's sites were chosen when it was read (see `Survey::read_ledger`).
        for l in ledgers {
            let (label, format) = (l.label, l.format);
            let it = l.sites.into_iter().map(move |(site, flows)| {
                Ok(SiteEvidence {
                    site,
                    ledgers: vec![(label.clone(), format, flows)],
                    ..SiteEvidence::default()
                })
            });
            streams.push((Box::new(it) as Box<dyn Iterator<Item = _>>).peekable());
        }
        for c in crawls {
            streams.push(crawl_stream(scope, c, keep, ahead).peekable());
        }
        Merged { streams }
    }
}

impl Iterator for Merged<'_> {
    type Item = Result<SiteEvidence, String>;
    fn next(&mut self) -> Option<Self::Item> {
        // An error first, else the smallest site; every stream at that site adds to it.
        let mut smallest: Option<String> = None;
        for s in &mut self.streams {
            match s.peek() {
                Some(Err(_)) => return s.next(),
                Some(Ok(e)) if smallest.as_ref().is_none_or(|m| e.site < *m) => {
                    smallest = Some(e.site.clone());
                }
                Some(Ok(_)) => {}
                None => {}
            }
        }
        let site = smallest?;
        let mut out = SiteEvidence {
            site: site.clone(),
            ..SiteEvidence::default()
        };
        for s in &mut self.streams {
            while let Some(Ok(e)) = s.peek() {
                if e.site != site {
                    break;
                }
                if let Some(Ok(e)) = s.next() {
                    out.files.extend(e.files);
                    out.crawls.extend(e.crawls);
                    out.ledgers.extend(e.ledgers);
                }
            }
        }
        Some(Ok(out))
    }
}
