//! Batch corpus scans for researchers: one row per policy, in a deterministic order, at the
//! speed of the extractor on every core, with flat memory (files are processed in bounded
//! batches and each row is written as soon as its batch is done).
//!
//! Sharding (`--shard K/N`) keeps the files whose path hashes to K modulo N, so N machines can
//! split a corpus with no coordination; the union of the shards is the full scan, row for row.
//! Resuming skips the paths an earlier, interrupted output already holds.

use crate::document::{Document, Format};
use crate::extract::{self, Action, Declaration};
use crate::vocab::Vocabulary;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Files processed together; bounds memory whatever the corpus size.
pub const BATCH: usize = 512;

/// The files a scan will read, and what the walk passed over.
#[derive(Debug, Default)]
pub struct FileList {
    pub files: Vec<PathBuf>,
    /// Files under the folders that are not policies (by extension).
    pub skipped_other: u64,
    /// Paths that could not be listed (permissions, broken links), with why.
    pub unreadable: Vec<String>,
}

/// Every policy file under the folders (and any files named directly), sorted per folder so
/// the order never depends on the file system.
/// `output`, when given, is the file the rows go to: it is passed over, so a scan into its
/// own folder never reads its earlier output.
pub fn walk(roots: &[PathBuf], output: Option<&Path>) -> FileList {
    let mut list = FileList::default();
    let output = output.and_then(|o| Some((o.file_name()?.to_os_string(), file_id(o)?)));
    for root in roots {
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => walk_dir(root, &mut list, output.as_ref()),
            Ok(_) => list.files.push(root.clone()),
            Err(e) => list.unreadable.push(crate::input::cannot_read(root, &e)),
        }
    }
    list
}

/// Device and inode: the identity of a file whatever the path (links, `..`) that names it.
#[cfg(unix)]
pub fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub fn file_id(path: &Path) -> Option<(u64, u64)> {
    let c = std::fs::canonicalize(path).ok()?;
    Some((path_hash(&c.to_string_lossy()), 0))
}

fn walk_dir(dir: &Path, list: &mut FileList, output: Option<&(std::ffi::OsString, (u64, u64))>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            list.unreadable.push(crate::input::cannot_read(dir, &e));
            return;
        }
    };
    let mut paths: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        match entry.and_then(|e| Ok((e.path(), e.file_type()?.is_dir()))) {
            Ok(p) => paths.push(p),
            Err(e) => list.unreadable.push(crate::input::cannot_read(dir, &e)),
        }
    }
    paths.sort();
    for (path, is_dir) in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue; // .git and friends
        }
        if is_dir {
            walk_dir(&path, list, output);
        } else if output.is_some_and(|(name, id)| {
            // The name first: a stat only for files named like the output.
            path.file_name() == Some(name.as_os_str()) && file_id(&path) == Some(*id)
        }) {
            continue;
        } else if Format::from_path(&path).is_some() {
            list.files.push(path);
        } else {
            list.skipped_other += 1;
        }
    }
}

/// Paths listed one per line (`--files-from`); blank lines and `#` comments are ignored.
/// Lines are bytes, so names that are not UTF-8 are kept exactly.
pub fn read_file_list(text: &[u8]) -> Vec<PathBuf> {
    text.split(|&b| b == b'\n')
        .map(|l| l.trim_ascii())
        .filter(|l| !l.is_empty() && !l.starts_with(b"#"))
        .map(path_from_bytes)
        .collect()
}

#[cfg(unix)]
fn path_from_bytes(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn path_from_bytes(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

/// The `path` a row names a file by: the path as written when it is UTF-8 without a
/// backslash; otherwise backslashes are doubled and bytes that are not UTF-8 written `\xNN`.
/// So two names that differ only in such bytes get different rows (a lossy conversion would
/// give both the same name, and `--resume` would skip the second), and a name with a
/// backslash is always an escaped one.
#[cfg(unix)]
pub fn path_id(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    if let Ok(s) = std::str::from_utf8(bytes)
        && !s.contains('\\')
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// Elsewhere paths are Unicode, and backslashes separate folders: written as they are.
#[cfg(not(unix))]
pub fn path_id(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// `K/N`: this machine's share of a corpus split N ways (K from 0 to N-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("expected K/N with 0 <= K < N (e.g. 3/16), got {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// FNV-1a of the path as written: stable across runs, machines and Rust versions.
pub fn path_hash(path: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Shard {
    pub fn holds(&self, path: &str) -> bool {
        path_hash(path) % self.count == self.index
    }
}

/// What a scan says about one policy.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Row {
    pub path: String,
    /// The service in the Open Terms Archive layout `<Service>/<Document>.md`: the folder the
    /// file is in.
    pub service: Option<String>,
    pub document: Option<String>,
    pub bytes: u64,
    pub words: u64,
    pub sentences: u64,
    /// Whether the text reads as English; null when too short to tell (or unread). saydo
    /// extracts English only, so a `false` row's zero declarations say nothing of the policy.
    pub english: Option<bool>,
    pub declarations: u64,
    pub affirmed: u64,
    pub negated: u64,
    pub recipients_affirmed: Vec<String>,
    pub recipients_denied: Vec<String>,
    pub purposes: Vec<String>,
    pub data: Vec<String>,
    pub discloses_political: bool,
    pub sells_data: bool,
    pub mentions_data_brokers: bool,
    pub children: bool,
    pub special_categories: Vec<String>,
    pub vocab_version: String,
    pub error: Option<String>,
}

/// Inserts `id` in order unless present; whether it was new.
fn push_sorted(list: &mut Vec<String>, id: &str) -> bool {
    match list.binary_search_by(|x| x.as_str().cmp(id)) {
        Ok(_) => false,
        Err(i) => {
            list.insert(i, id.to_string());
            true
        }
    }
}

/// Builds the row of one policy from its document and declarations.
pub fn row(doc: &Document, decls: &[Declaration], vocab: &Vocabulary, path: &str) -> Row {
    let mut r = document_row(doc, vocab, path);
    for d in decls {
        r.add(d, vocab);
    }
    r
}

/// The row of a document before its declarations are counted in (see [`Row::add`]).
fn document_row(doc: &Document, vocab: &Vocabulary, path: &str) -> Row {
    let p = Path::new(path);
    let mut r = Row {
        path: path.to_string(),
        service: p
            .parent()
            .and_then(|d| d.file_name())
            .map(|n| n.to_string_lossy().into_owned()),
        document: p.file_stem().map(|n| n.to_string_lossy().into_owned()),
        bytes: doc.bytes as u64,
        english: doc.english,
        vocab_version: vocab.version.clone(),
        ..Row::default()
    };
    for b in &doc.blocks {
        r.words += crate::document::count_words(&b.text) as u64;
        r.sentences += b.sentences.len() as u64;
    }
    r
}

impl Row {
    /// Counts one declaration in, in any order: a row holds no declaration, so a scan's
    /// memory does not grow with a policy's declarations.
    pub fn add(&mut self, d: &Declaration, vocab: &Vocabulary) {
        let r = self;
        let rec = &vocab.recipients;
        r.declarations += 1;
        if d.negated {
            r.negated += 1;
        } else {
            r.affirmed += 1;
        }
        let sharing =
            d.action.is_sharing() || (d.action == Action::Collect && !d.recipients.is_empty());
        if sharing {
            for m in &d.recipients {
                if d.negated {
                    push_sorted(&mut r.recipients_denied, &m.category);
                } else {
                    push_sorted(&mut r.recipients_affirmed, &m.category);
                }
                // Flags already set need no taxonomy walk.
                if !r.mentions_data_brokers && rec.distance("data-broker", &m.category).is_some() {
                    r.mentions_data_brokers = true;
                }
                if !d.negated
                    && !r.discloses_political
                    && rec
                        .distance("political-organisation", &m.category)
                        .is_some()
                {
                    r.discloses_political = true;
                }
            }
            if !d.negated && matches!(d.action, Action::Sell | Action::Rent) {
                r.sells_data = true;
            }
        }
        for m in &d.purposes {
            if !d.negated {
                push_sorted(&mut r.purposes, &m.category);
                if sharing && m.category == "data-sale" {
                    r.sells_data = true;
                }
                if sharing && m.category == "political-campaigning" {
                    r.discloses_political = true;
                }
            }
        }
        for m in &d.data {
            // A category seen before has already been checked.
            if !push_sorted(&mut r.data, &m.category) {
                continue;
            }
            if vocab.data.distance("children", &m.category).is_some() {
                r.children = true;
            }
            if vocab.data.is_special(&m.category) {
                push_sorted(&mut r.special_categories, &m.category);
            }
        }
    }
}

/// Reads, extracts and summarises one file; a failure becomes an error row.
pub fn scan_file(path: &Path, vocab: &Vocabulary, forced: Option<Format>) -> Row {
    let label = path_id(path);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Document::read(path, forced).map(|doc| {
            // A row needs what declarations say, not their quotes, and counts each in as it
            // comes.
            let mut r = document_row(&doc, vocab, &label);
            extract::extract_each(&doc, vocab, false, &mut |_, d| r.add(&d, vocab));
            r
        })
    }));
    match outcome {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => error_row(&label, e.to_string(), vocab),
        Err(_) => error_row(
            &label,
            format!(
                "{label}: internal error while reading this file (a saydo defect; please report it)"
            ),
            vocab,
        ),
    }
}

fn error_row(path: &str, error: String, vocab: &Vocabulary) -> Row {
    Row {
        path: path.to_string(),
        vocab_version: vocab.version.clone(),
        error: Some(error),
        ..Row::default()
    }
}

/// Set (by the Ctrl-C handler) to stop a scan: files not yet started are left for `--resume`.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Scans files in bounded parallel batches, handing each row to `emit` in input order.
/// `progress` is called after each batch with the number of files done. Returns false when
/// [`INTERRUPTED`] stopped it: the rows emitted are then a prefix of the full scan.
pub fn scan(
    files: &[PathBuf],
    vocab: &Vocabulary,
    forced: Option<Format>,
    mut emit: impl FnMut(&Row) -> std::io::Result<()>,
    mut progress: impl FnMut(u64),
) -> std::io::Result<bool> {
    for batch in files.chunks(BATCH) {
        let rows: Vec<Option<Row>> = batch
            .par_iter()
            .map(|p| (!INTERRUPTED.load(Ordering::Relaxed)).then(|| scan_file(p, vocab, forced)))
            .collect();
        // Rows up to the first file left unscanned: the output stays a prefix, in order.
        for r in &rows {
            match r {
                Some(r) => emit(r)?,
                None => return Ok(false),
            }
        }
        progress(batch.len() as u64);
    }
    Ok(!INTERRUPTED.load(Ordering::Relaxed))
}

pub mod resume;
pub use resume::{Earlier, Layout};

/// The layout of a scan's rows, for `--resume`: keyed by `path`.
pub fn layout() -> Layout {
    let fields = match serde_json::to_value(Row::default()) {
        Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    };
    Layout {
        keys: &["path"],
        csv_header: &CSV_HEADER,
        json_fields: Some(fields),
        json_required: &["path"],
    }
}

/// Reads an earlier scan output for `--resume` (see [`resume::read_earlier`]).
pub fn read_earlier(input: impl std::io::Read, csv: bool) -> Result<Earlier, String> {
    resume::read_earlier(input, csv, &layout())
}

pub const CSV_HEADER: [&str; 22] = [
    "path",
    "service",
    "document",
    "bytes",
    "words",
    "sentences",
    "english",
    "declarations",
    "affirmed",
    "negated",
    "recipients_affirmed",
    "recipients_denied",
    "purposes",
    "data",
    "discloses_political",
    "sells_data",
    "mentions_data_brokers",
    "children",
    "special_categories",
    "vocab_version",
    "error",
    "schema_version",
];

impl Row {
    pub fn csv_fields(&self) -> [String; 22] {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        [
            self.path.clone(),
            opt(&self.service),
            opt(&self.document),
            self.bytes.to_string(),
            self.words.to_string(),
            self.sentences.to_string(),
            self.english.map(|e| e.to_string()).unwrap_or_default(),
            self.declarations.to_string(),
            self.affirmed.to_string(),
            self.negated.to_string(),
            self.recipients_affirmed.join(";"),
            self.recipients_denied.join(";"),
            self.purposes.join(";"),
            self.data.join(";"),
            self.discloses_political.to_string(),
            self.sells_data.to_string(),
            self.mentions_data_brokers.to_string(),
            self.children.to_string(),
            self.special_categories.join(";"),
            self.vocab_version.clone(),
            opt(&self.error),
            crate::SCHEMA_VERSION.to_string(),
        ]
    }
}

/// Prevalence across a corpus: how many policies affirm or deny each category, and each flag.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Rows read without an error.
    pub policies: u64,
    pub errors: u64,
    /// Of `policies`: those read as English, which the prevalence figures are shares of (a
    /// policy saydo cannot read would count as declaring nothing); the others not in English
    /// or too short to tell.
    pub english: u64,
    pub not_english: u64,
    pub too_short: u64,
    pub bytes: u64,
    pub recipients_affirmed: BTreeMap<String, u64>,
    pub recipients_denied: BTreeMap<String, u64>,
    pub purposes: BTreeMap<String, u64>,
    pub data: BTreeMap<String, u64>,
    pub discloses_political: u64,
    pub sells_data: u64,
    pub mentions_data_brokers: u64,
    pub children: u64,
    pub special_categories: u64,
}

impl Summary {
    pub fn add(&mut self, r: &Row) {
        if r.error.is_some() {
            self.errors += 1;
            return;
        }
        self.policies += 1;
        self.bytes += r.bytes;
        match r.english {
            Some(true) => self.english += 1,
            Some(false) => {
                self.not_english += 1;
                return;
            }
            None => {
                self.too_short += 1;
                return;
            }
        }
        for (map, ids) in [
            (&mut self.recipients_affirmed, &r.recipients_affirmed),
            (&mut self.recipients_denied, &r.recipients_denied),
            (&mut self.purposes, &r.purposes),
            (&mut self.data, &r.data),
        ] {
            for id in ids {
                *map.entry(id.clone()).or_default() += 1;
            }
        }
        self.discloses_political += u64::from(r.discloses_political);
        self.sells_data += u64::from(r.sells_data);
        self.mentions_data_brokers += u64::from(r.mentions_data_brokers);
        self.children += u64::from(r.children);
        self.special_categories += u64::from(!r.special_categories.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resumable(text: &str, csv: bool) -> Result<(), String> {
        read_earlier(text.as_bytes(), csv).map(|_| ())
    }

    #[test]
    fn resuming_needs_the_layout_this_version_writes() {
        let header = CSV_HEADER.join(",") + "\n";
        assert_eq!(resumable(&header, true), Ok(()));
        assert_eq!(resumable("", true), Ok(()));
        let old = header.replace("english,", "");
        let err = resumable(&old, true).unwrap_err();
        assert!(
            err.contains("missing: english") && err.contains("new file"),
            "{err}"
        );
        let row = serde_json::to_string(&Row::default()).unwrap() + "\n";
        assert_eq!(resumable(&row, false), Ok(()));
        // A first row cut off by an interruption is repaired by the resume, not refused.
        assert_eq!(resumable(&row[..20], false), Ok(()));
        let mut v: serde_json::Value = serde_json::from_str(&row).unwrap();
        v.as_object_mut().unwrap().remove("english");
        v["extra"] = 1.into();
        let err = resumable(&format!("{v}\n"), false).unwrap_err();
        assert!(
            err.contains("missing: english") && err.contains("not written now: extra"),
            "{err}"
        );
        assert!(resumable("not json\n", false).is_err());
    }

    fn csv_row(path: &str) -> String {
        let r = Row {
            path: path.to_string(),
            ..Row::default()
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(r.csv_fields()).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn resume_keeps_whole_csv_records_only() {
        let header = CSV_HEADER.join(",") + "\n";
        let a = csv_row("a.md");
        let multi = csv_row("odd\nname.md");
        let text = format!("{header}{a}{multi}");
        let e = read_earlier(text.as_bytes(), true).unwrap();
        assert_eq!(e.complete as usize, text.len());
        assert!(e.done.contains("odd\nname.md") && e.done.contains("a.md"));
        // Cut inside the quoted multi-line path, just after its line break: the row is
        // dropped, not kept as a one-column record that later rows would merge into.
        let cut = header.len() + a.len() + "\"odd\n".len();
        let e = read_earlier(&text.as_bytes()[..cut], true).unwrap();
        assert_eq!(e.complete as usize, header.len() + a.len());
        assert_eq!(e.done.len(), 1);
        // Every other cut keeps exactly the rows before it.
        for cut in header.len()..text.len() {
            let e = read_earlier(&text.as_bytes()[..cut], true).unwrap();
            let want = if cut >= header.len() + a.len() {
                header.len() + a.len()
            } else {
                header.len()
            };
            assert_eq!(e.complete as usize, want, "cut at {cut}");
        }
        // A header cut off is rewritten.
        let e = read_earlier(&header.as_bytes()[..10], true).unwrap();
        assert_eq!(e.complete, 0);
        // A broken row before the last is refused, with its line.
        let broken = format!("{header}a.md,x\n{a}");
        let err = read_earlier(broken.as_bytes(), true).unwrap_err();
        assert!(err.contains("line 2") && err.contains("columns"), "{err}");
    }

    #[test]
    fn resume_refuses_a_broken_json_line_in_the_middle() {
        let row = |p: &str| {
            serde_json::to_string(&Row {
                path: p.into(),
                ..Row::default()
            })
            .unwrap()
                + "\n"
        };
        let text = format!("{}{}{}", row("a.md"), &row("b.md")[..30], row("c.md"));
        let text = text.replacen(&row("c.md"), &format!("\n{}", row("c.md")), 1);
        let err = read_earlier(text.as_bytes(), false).unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        let text = format!("{}{}{}", row("a.md"), row("b.md"), &row("c.md")[..40]);
        let e = read_earlier(text.as_bytes(), false).unwrap();
        assert_eq!(e.done.len(), 2);
        assert_eq!(e.complete as usize, row("a.md").len() + row("b.md").len());
    }

    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_keep_their_identity() {
        use std::os::unix::ffi::OsStrExt;
        let p = |b: &[u8]| PathBuf::from(std::ffi::OsStr::from_bytes(b));
        assert_eq!(path_id(&p(b"a/b.md")), "a/b.md");
        let ff = path_id(&p(b"a\xff.md"));
        let fe = path_id(&p(b"a\xfe.md"));
        assert_eq!(ff, "a\\xff.md");
        assert_ne!(ff, fe);
        // A name written with a backslash cannot pass for an escaped one.
        assert_eq!(path_id(&p(b"a\\xff.md")), "a\\\\xff.md");
        assert_eq!(
            read_file_list(b"a\xff.md\n# c\n\n b.md \n"),
            vec![p(b"a\xff.md"), p(b"b.md")]
        );
    }

    #[test]
    fn shards_partition_any_list() {
        let paths: Vec<String> = (0..1000)
            .map(|i| format!("Service {i}/Privacy Policy.md"))
            .collect();
        let n = 7;
        let mut seen = 0;
        for k in 0..n {
            let s = Shard { index: k, count: n };
            let held = paths.iter().filter(|p| s.holds(p)).count();
            assert!(held > 80 && held < 220, "shard {k} holds {held}");
            seen += held;
        }
        assert_eq!(seen, paths.len(), "every path in exactly one shard");
        assert_eq!(
            path_hash("a"),
            0xaf63_dc4c_8601_ec8c,
            "FNV-1a, fixed forever"
        );
        assert!("3/2".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert_eq!("0/4".parse::<Shard>(), Ok(Shard { index: 0, count: 4 }));
    }

    #[test]
    fn rows_need_no_evidence() {
        let vocab = Vocabulary::embedded();
        let doc = Document::parse(
            "Acme/Privacy Policy.md",
            "# Sharing\n\nWe share your email address with advertisers for marketing.\n\nWe may disclose data to:\n\n- law enforcement, when required by law\n- our affiliates\n",
            Format::Markdown,
        );
        let full = extract::extract(&doc, &vocab);
        let bare = extract::extract_with(&doc, &vocab, false);
        assert!(!full.is_empty());
        assert_eq!(full.len(), bare.len());
        for (f, b) in full.iter().zip(&bare) {
            assert_eq!(
                (f.evidence.line, f.evidence.end_line),
                (b.evidence.line, b.evidence.end_line)
            );
            assert!(b.evidence.quote.is_empty() && b.evidence.heading.is_empty());
            let mut f = f.clone();
            f.evidence = b.evidence.clone();
            assert_eq!(&f, b);
        }
        let path = "Acme/Privacy Policy.md";
        assert_eq!(
            row(&doc, &full, &vocab, path),
            row(&doc, &bare, &vocab, path)
        );
    }

    #[test]
    fn rows_carry_flags_from_declarations() {
        let vocab = Vocabulary::embedded();
        let doc = Document::parse(
            "Acme/Privacy Policy.md",
            "We may share your name and address with political parties.\n\nWe do not sell your personal information to data brokers.\n\nWe collect information about your children.\n",
            Format::Markdown,
        );
        let decls = extract::extract(&doc, &vocab);
        let r = row(&doc, &decls, &vocab, "Acme/Privacy Policy.md");
        assert_eq!(r.service.as_deref(), Some("Acme"));
        assert_eq!(r.document.as_deref(), Some("Privacy Policy"));
        assert!(r.discloses_political && r.mentions_data_brokers && r.children);
        assert!(!r.sells_data, "a denied sale is not a sale");
        assert!(r.recipients_denied.contains(&"data-broker".to_string()));
        assert_eq!(r.sentences, 3);
    }
}
