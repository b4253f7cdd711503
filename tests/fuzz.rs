//! Property tests on hostile input: the bundled corpus's policies, ledgers and captures, mutated
//! (bytes inserted, deleted, repeated, cut; quotes, markup, nesting, bad encodings and
//! separators spliced in), and random bytes, fed to the decoder, the three policy readers, the
//! extractor and the log readers. For every case: no panic, output that is valid JSON, the
//! same output twice, and bounded time and memory.
//!
//! `cargo test` runs a bounded number of cases; `benches/fuzz.sh` runs millions
//! (`PROPTEST_CASES=N`, which proptest reads). Every crash found becomes a case in
//! `regressions()` below.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use saydo::document::{Document, Format};
use saydo::practice::{Options, Resolver, read_logs};
use saydo::vocab::Vocabulary;
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting live and peak bytes, so each case's memory is bounded.
/// This binary holds one test, so no other test's allocations are counted.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            let live = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Per case: at most this long (a debug build; release is ten times faster) ...
const TIME_BOUND: Duration = Duration::from_secs(20);
/// ... and at most this much memory above what was live before it, plus a multiple of the
/// input's size.
const MEMORY_BASE: usize = 64 << 20;
const MEMORY_PER_INPUT_BYTE: usize = 64;

/// Fragments that break parsers: quotes, line ends, bad bytes, markup, nesting, separators.
const HOSTILE: &[&[u8]] = &[
    b"\"",
    b"\r\n",
    b"\r",
    b"\xff",
    b"\xa9",
    b"\xe2\x80",
    b"\xef\xbb\xbf",
    b"\0",
    b"<div>",
    b"<b>",
    b"</p>",
    b"<table><tr>",
    b"<td>",
    b"<!--",
    b"<script>",
    b"<p>We sell your email address to data brokers.</p>",
    b"\n- ",
    b"\n    - ",
    b"\n> ",
    b"\n| a | b |\n|---|---|\n",
    b"\n# ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\\u0000",
    b"\\ud800",
    b",",
    b";",
    b"=",
    b"&",
    b"%",
    b"%ff",
    b"dGVzdA==",
    b"data:text/plain,x",
    b"\"url\": 12345",
    b"\"postData\": {\"mimeType\": \"text/plain\", \"text\": \"abc=\"}",
    b"We do not sell",
    b" and ",
    b", except ",
    b"data brokers",
    b"political parties",
    b"1,2,3",
    b"-2020-01-01",
    b"9999999999999999999999",
];

#[derive(Clone, Debug)]
enum Mutation {
    Insert { at: usize, fragment: usize },
    InsertBytes { at: usize, bytes: Vec<u8> },
    Delete { at: usize, len: usize },
    Repeat { at: usize, len: usize, times: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), 0..HOSTILE.len())
            .prop_map(|(at, fragment)| Mutation::Insert { at, fragment }),
        1 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::InsertBytes { at, bytes }),
        2 => (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        2 => (any::<usize>(), 1usize..64, 2usize..300)
            .prop_map(|(at, len, times)| Mutation::Repeat { at, len, times }),
        1 => any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let n = bytes.len();
        match m {
            Mutation::Insert { at, fragment } => {
                let at = at % (n + 1);
                bytes.splice(at..at, HOSTILE[*fragment].iter().copied());
            }
            Mutation::InsertBytes { at, bytes: b } => {
                let at = at % (n + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Delete { at, len } if n > 0 => {
                let at = at % n;
                bytes.drain(at..(at + len).min(n));
            }
            Mutation::Repeat { at, len, times } if n > 0 => {
                let at = at % n;
                let piece = bytes[at..(at + len).min(n)].to_vec();
                let copies: Vec<u8> = piece.repeat(*times);
                bytes.splice(at..at, copies);
            }
            Mutation::Truncate { at } => bytes.truncate(at % (n + 1)),
            _ => {}
        }
    }
    bytes
}

/// The corpus files of one kind, by extension.
fn seeds(dir: &str, extensions: &[&str]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "seeds in {dir}");
    out
}

/// Runs `case` with the time and memory bounds.
fn bounded<T>(input_len: usize, what: &str, case: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let out = case();
    let took = started.elapsed();
    let used = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    prop_assert!(took < TIME_BOUND, "{what}: {took:?} on {input_len} bytes");
    prop_assert!(
        used < MEMORY_BASE + MEMORY_PER_INPUT_BYTE * input_len,
        "{what}: {used} bytes of memory on {input_len} bytes"
    );
    Ok(out)
}

/// A policy's declarations as `extract --format jsonl` prints them, or its error.
fn extract_jsonl(vocab: &Vocabulary, name: &str, bytes: &[u8], format: Format) -> String {
    match Document::from_bytes(name, bytes, Some(format)) {
        Err(e) => format!("error: {e}"),
        Ok(doc) => {
            let decls = saydo::extract::extract(&doc, vocab);
            let result = saydo::extract::PolicyResult {
                file: name.to_string(),
                outcome: Ok((doc, decls)),
            };
            let mut out = Vec::new();
            saydo::report::declarations::jsonl(&mut out, &[result], "fuzz").unwrap();
            String::from_utf8(out).expect("output is UTF-8")
        }
    }
}

fn policy_case(vocab: &Vocabulary, bytes: &[u8]) -> Result<(), TestCaseError> {
    for format in [Format::Markdown, Format::Html, Format::Text] {
        let what = format!("{format:?} policy");
        let first = bounded(bytes.len(), &what, || {
            extract_jsonl(vocab, "fuzz", bytes, format)
        })?;
        if !first.starts_with("error: ") {
            for line in first.lines() {
                let parsed: Result<serde_json::Value, _> = serde_json::from_str(line);
                prop_assert!(parsed.is_ok(), "{what}: a line that is not JSON: {line}");
            }
        }
        let second = extract_jsonl(vocab, "fuzz", bytes, format);
        prop_assert_eq!(&first, &second, "{}: the same input gave two outputs", what);
    }
    Ok(())
}

fn log_case(
    resolver: &Resolver,
    dir: &Path,
    extension: &str,
    bytes: &[u8],
) -> Result<(), TestCaseError> {
    let path = dir.join(format!("fuzz.{extension}"));
    std::fs::write(&path, bytes).unwrap();
    let options = Options::default();
    let what = format!("{extension} log");
    let first = bounded(bytes.len(), &what, || {
        read_logs(std::slice::from_ref(&path), resolver, &options)
    })?;
    for log in &first.logs {
        if let Some(e) = &log.error {
            prop_assert!(!e.contains("internal error"), "{what}: a panic: {e}");
        }
        prop_assert!(
            log.skipped <= log.read || log.read == 0,
            "{what}: skipped {} of {} records",
            log.skipped,
            log.read
        );
    }
    let json = serde_json::to_string(&first.logs).unwrap();
    prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    let second = read_logs(std::slice::from_ref(&path), resolver, &options);
    prop_assert_eq!(
        format!("{:?}", first.flows),
        format!("{:?}", second.flows),
        "{}: the same input gave two outputs",
        what
    );
    Ok(())
}

/// A ledger with a site column read site by site, as `survey` reads it: no panic, every row
/// counted once (in a site, or skipped), the same sites and flows twice.
fn site_ledger_case(
    resolver: &Resolver,
    dir: &Path,
    extension: &str,
    bytes: &[u8],
) -> Result<(), TestCaseError> {
    let path = dir.join(format!("fuzz-sites.{extension}"));
    std::fs::write(&path, bytes).unwrap();
    let what = format!("{extension} ledger by site");
    let every = |_: &str| -> Option<std::sync::Arc<[saydo::practice::Date]>> {
        Some(std::sync::Arc::from(&[][..]))
    };
    let read = || match saydo::practice::read_ledger_by_site(&path, resolver, &every) {
        Ok((sites, report)) => {
            let in_sites: u64 = sites.values().map(|s| s.read).sum();
            let shown: Vec<String> = sites
                .into_iter()
                .map(|(site, s)| format!("{site}: {} {} {:?}", s.read, s.used, s.flows.into_vec()))
                .collect();
            Ok((shown, in_sites, report.read, report.skipped))
        }
        Err(e) => Err(e),
    };
    let first = bounded(bytes.len(), &what, read)?;
    if let Ok((_, in_sites, read, skipped)) = &first {
        prop_assert!(
            in_sites + skipped >= *read && in_sites <= read,
            "{what}: {read} rows read, {in_sites} in sites, {skipped} skipped"
        );
    }
    prop_assert_eq!(
        format!("{first:?}"),
        format!("{:?}", read()),
        "{}: the same input gave two outputs",
        what
    );
    Ok(())
}

fn config(default_cases: u32) -> Config {
    // proptest reads PROPTEST_CASES from the environment for long runs.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Inputs that once crashed, hung or blew up a reader; each must now pass every property.
fn regressions() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("md", b"<div>".repeat(3_000)),
        ("html", b"<b>".repeat(3_000)),
        ("html", b"<div>".repeat(3_000)),
        ("md", b"- ".repeat(3_000)),
        ("md", b"> ".repeat(3_000)),
        ("txt", b"We share your data with advertisers ".repeat(2_000)),
        (
            "csv",
            b"recipient,notes\nA,\"unterminated\nB,fine\n".to_vec(),
        ),
        ("har", b"\xef\xbb\xbf{\"log\":{\"entries\":[]}}".to_vec()),
    ]
}

#[test]
fn hostile_inputs_never_panic_hang_or_change_between_runs() {
    let vocab = Vocabulary::load(&[]).unwrap();
    let resolver = Resolver::new(&vocab);
    let dir = tempfile::tempdir().unwrap();

    for (kind, bytes) in regressions() {
        let result = match kind {
            "md" | "html" | "txt" => policy_case(&vocab, &bytes),
            ext => log_case(&resolver, dir.path(), ext, &bytes),
        };
        if let Err(e) = result {
            panic!("regression case {kind}: {e}");
        }
    }

    let policies = seeds("corpus/policies", &["md", "html", "txt"]);
    let mut runner = TestRunner::new(config(48));
    let strategy = (
        0..policies.len(),
        proptest::collection::vec(mutation(), 0..12),
    );
    runner
        .run(&strategy, |(seed, mutations)| {
            policy_case(&vocab, &apply(policies[seed].1.clone(), &mutations))
        })
        .unwrap();

    let mut runner = TestRunner::new(config(32));
    runner
        .run(&proptest::collection::vec(any::<u8>(), 0..2048), |bytes| {
            policy_case(&vocab, &bytes)
        })
        .unwrap();

    // App Privacy Reports (ndjson) and zipped Meta exports are read from one file each.
    let logs = seeds("corpus/logs", &["csv", "jsonl", "har", "ndjson", "zip"]);
    let mut runner = TestRunner::new(config(96));
    let strategy = (0..logs.len(), proptest::collection::vec(mutation(), 0..12));
    runner
        .run(&strategy, |(seed, mutations)| {
            let (path, bytes) = &logs[seed];
            let extension = path.extension().unwrap().to_str().unwrap();
            log_case(
                &resolver,
                dir.path(),
                extension,
                &apply(bytes.clone(), &mutations),
            )
        })
        .unwrap();

    // Ledgers with a site column, as survey reads them.
    let ledgers = seeds("corpus/survey", &["csv", "jsonl"]);
    let mut runner = TestRunner::new(config(32));
    let strategy = (
        0..ledgers.len(),
        proptest::collection::vec(mutation(), 0..12),
    );
    runner
        .run(&strategy, |(seed, mutations)| {
            let (path, bytes) = &ledgers[seed];
            let extension = path.extension().unwrap().to_str().unwrap();
            site_ledger_case(
                &resolver,
                dir.path(),
                extension,
                &apply(bytes.clone(), &mutations),
            )
        })
        .unwrap();
}
