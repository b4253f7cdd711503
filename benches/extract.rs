//! Extraction throughput over a folder of real policies (default: the 307 Open Terms Archive
//! policies in ../shared/data/ota-privacy-policies, or SAYDO_BENCH_CORPUS).
//!
//! `cargo bench --bench extract` prints MB/s on one core (read + parse + extract, files already
//! in memory) and on all cores through rayon, and policies per second. The sentence cache is
//! off: the corpus is run several times over, and a cache would answer the repeats.

use rayon::prelude::*;
use saydo::document::Document;
use saydo::extract::{expand_paths, extract};
use saydo::vocab::Vocabulary;
use std::path::PathBuf;
use std::time::Instant;

/// The allocator the saydo binary uses (src/main.rs), so the bench measures what the CLI does.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = std::env::var("SAYDO_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/data/ota-privacy-policies".into());
    let paths = match expand_paths(&[PathBuf::from(&dir)]) {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprintln!("bench corpus {dir} not found; set SAYDO_BENCH_CORPUS");
            return;
        }
    };
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(p).expect("readable bench file"),
            )
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    saydo::extract::cache::set_budget(0);
    let vocab = Vocabulary::embedded();
    let run = |(name, data): &(String, Vec<u8>)| -> usize {
        match Document::from_bytes(name, data, None) {
            Ok(doc) => extract(&doc, &vocab).len(),
            Err(_) => 0,
        }
    };
    // Warm-up, then the best of three runs on each setting.
    let _ = files.iter().map(run).sum::<usize>();
    let mut single = f64::MAX;
    let mut decls = 0;
    for _ in 0..3 {
        let t = Instant::now();
        decls = files.iter().map(run).sum::<usize>();
        single = single.min(t.elapsed().as_secs_f64());
    }
    let mut parallel = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let _ = files.par_iter().map(run).sum::<usize>();
        parallel = parallel.min(t.elapsed().as_secs_f64());
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {dir}: {} policies, {mb:.1} MB, {decls} declarations",
        files.len()
    );
    println!(
        "1 core : {:.2} s, {:.1} MB/s, {:.0} policies/s",
        single,
        mb / single,
        files.len() as f64 / single
    );
    println!(
        "{} cores: {:.2} s, {:.1} MB/s, {:.0} policies/s",
        rayon::current_num_threads(),
        parallel,
        mb / parallel,
        files.len() as f64 / parallel
    );
}
