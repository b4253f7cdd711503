//! Memory of `flows` and `check` on a ledger of distinct recipients (issue 17 row 7): one flow,
//! and in `check` one finding, per recipient, so what each costs is what matters. Peak memory
//! of the child is read with `wait4`, at two sizes, and the growth per recipient is bounded
//! (start-up memory cancels out).
//!
//! Before these bounds (release build), `flows` took about 2.2 KB and `check` about 4.7 KB per
//! recipient between 5,000 and 50,000 of them (a 416-byte `Flow` in a list grown by doubling,
//! each with its own file name, category and term lists; each finding with its own copies of
//! the policy quotes); then about 0.8 and 1.8 KB. `check` now keeps the flows and a few bytes
//! of each verdict and builds each finding again when the report writes it, so a finding costs
//! what its flow costs (0.78 KB in a release build). The bounds leave room for noise and are
//! half the old figures.

mod common;

use std::io::Write;
use std::path::Path;

const POLICY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpus/policies/gdpr-retailer.md"
);

/// A ledger of `rows` rows, each to a different recipient, as `benches/pathological.sh`
/// writes its "recipients" case.
fn ledger(path: &Path, rows: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "recipient,date,data,records").unwrap();
    for i in 0..rows {
        writeln!(
            f,
            "Recipient Number {i} Ltd,2020-01-{:02},email address,{}",
            i % 28 + 1,
            i % 97 + 1
        )
        .unwrap();
    }
    f.flush().unwrap();
}

fn peak_rss(args: &[&str]) -> (i32, u64) {
    common::peak_rss(None, args)
}

/// Peak RSS per recipient between a ledger of `small` and one of `big` recipients, for the
/// command `args` builds from a ledger path.
fn bytes_per_recipient(args: impl Fn(&str) -> Vec<String>) -> (u64, u64, u64) {
    let dir = tempfile::tempdir().unwrap();
    let (small, big) = (5_000usize, 50_000usize);
    let (p_small, p_big) = (dir.path().join("small.csv"), dir.path().join("big.csv"));
    ledger(&p_small, small);
    ledger(&p_big, big);
    let run = |p: &Path| {
        let a = args(p.to_str().unwrap());
        let (code, rss) = peak_rss(&a.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(code, 0, "{a:?}");
        rss
    };
    let (rss_small, rss_big) = (run(&p_small), run(&p_big));
    let per = rss_big.saturating_sub(rss_small) / (big - small) as u64;
    (per, rss_small, rss_big)
}

#[test]
fn flows_memory_per_distinct_recipient_is_bounded() {
    let (per, small, big) =
        bytes_per_recipient(|p| ["flows", p, "--format", "json"].map(String::from).to_vec());
    assert!(
        per < 1_100,
        "flows: {per} bytes per recipient ({small} for 5,000, {big} for 50,000)"
    );
}

#[test]
fn check_memory_per_distinct_recipient_is_bounded() {
    let (per, small, big) = bytes_per_recipient(|p| {
        ["check", "--policy", POLICY, "--log", p, "--format", "json"]
            .map(String::from)
            .to_vec()
    });
    assert!(
        per < 1_100,
        "check: {per} bytes per recipient ({small} for 5,000, {big} for 50,000)"
    );
}
