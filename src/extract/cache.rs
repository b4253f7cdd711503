//! Sentence analyses already made, kept per thread.
//!
//! A policy's versions repeat most of their sentences word for word, and so do policies written
//! from one template ("We may share your information with third-party service providers...").
//! Analysing a sentence is a pure function of its text, two flags and the vocabulary, so an
//! analysis made once can be handed out again: the output is the same with or without the cache,
//! only sooner.
//!
//! Each thread keeps its own cache (no locking on the hot path). It holds two generations: new
//! entries go into the current one, a hit in the previous one moves the entry forward, and when
//! the current one passes its byte budget it becomes the previous one and the old previous one
//! is dropped. Memory is therefore bounded by about twice the budget per thread, whatever the
//! corpus size, and sentences that keep recurring (a history's unchanged paragraphs) stay.

use super::clause::Analysis;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes (estimated) each generation of a thread's cache may hold: a few thousand sentences,
/// more than the longest policy, so one version's sentences are still there for the next.
pub const DEFAULT_BUDGET: usize = 2 << 20;

static BUDGET: AtomicUsize = AtomicUsize::new(DEFAULT_BUDGET);

/// Sets the byte budget of each generation of every thread's cache; 0 turns caching off.
/// Caches already filled keep what they hold until they next roll over.
pub fn set_budget(bytes: usize) {
    BUDGET.store(bytes, Ordering::Relaxed);
}

/// The byte budget now in force.
fn budget() -> usize {
    BUDGET.load(Ordering::Relaxed)
}

/// One generation: a map per combination of the two analysis flags, so that a lookup hashes
/// the sentence as it is, with no key to build.
type Generation = [FxHashMap<Box<str>, Analysis>; 4];

#[derive(Default)]
struct Cache {
    /// The vocabulary the entries were made with (`Vocabulary::id`).
    vocab: u64,
    current: Generation,
    previous: Generation,
    /// Estimated bytes in `current`.
    used: usize,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::default();
}

/// The analysis of `sentence` with these flags under vocabulary `vocab`: from the cache when it
/// was made before on this thread, otherwise made by `analyze` and kept.
pub(super) fn analysis(
    sentence: &str,
    vocab: u64,
    flags: usize,
    analyze: impl FnOnce() -> Analysis,
) -> Analysis {
    analysis_within(budget(), sentence, vocab, flags, analyze)
}

/// [`analysis`] with the budget given, not read from the setting.
fn analysis_within(
    budget: usize,
    sentence: &str,
    vocab: u64,
    flags: usize,
    analyze: impl FnOnce() -> Analysis,
) -> Analysis {
    if budget == 0 {
        return analyze();
    }
    let found = CACHE.with_borrow_mut(|cache| {
        if cache.vocab != vocab {
            *cache = Cache {
                vocab,
                ..Cache::default()
            };
        }
        if let Some(a) = cache.current[flags].get(sentence) {
            return Some(a.clone());
        }
        let (key, a) = cache.previous[flags].remove_entry(sentence)?;
        let copy = a.clone();
        cache.keep(key, a, flags, budget);
        Some(copy)
    });
    if let Some(a) = found {
        // Debug builds (the tests) check that the cache is invisible: the same analysis as
        // made afresh.
        debug_assert_eq!(
            a,
            analyze(),
            "sentence cache entry differs for {sentence:?}"
        );
        return a;
    }
    // Made outside the borrow, so an analysis that itself analysed a sentence could not clash.
    let a = analyze();
    let copy = a.clone();
    CACHE.with_borrow_mut(|cache| {
        if cache.vocab == vocab {
            cache.keep(sentence.into(), copy, flags, budget);
        }
    });
    a
}

impl Cache {
    fn keep(&mut self, key: Box<str>, a: Analysis, flags: usize, budget: usize) {
        self.used += key.len() + a.weight();
        self.current[flags].insert(key, a);
        if self.used > budget {
            self.previous = std::mem::take(&mut self.current);
            self.used = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::clause::analyze_uncached;
    use super::*;
    use crate::vocab::Vocabulary;

    /// Entries in this thread's cache: (current generation, previous generation).
    fn entries() -> (usize, usize) {
        CACHE.with_borrow(|c| {
            let count = |g: &Generation| g.iter().map(|m| m.len()).sum();
            (count(&c.current), count(&c.previous))
        })
    }

    fn held(sentence: &str) -> bool {
        CACHE.with_borrow(|c| {
            c.current
                .iter()
                .chain(&c.previous)
                .any(|m| m.contains_key(sentence))
        })
    }

    fn cached(budget: usize, sentence: &str, vocab: &Vocabulary, flags: usize) -> Analysis {
        analysis_within(budget, sentence, vocab.id(), flags, || {
            analyze_uncached(sentence, vocab, flags & 1 != 0, flags & 2 != 0)
        })
    }

    const SELLS: &str = "We sell your email address to data brokers.";

    fn clear() {
        CACHE.with_borrow_mut(|c| *c = Cache::default());
    }

    #[test]
    fn a_repeated_sentence_is_kept_once_and_given_back_unchanged() {
        clear();
        let vocab = Vocabulary::embedded();
        let fresh = analyze_uncached(SELLS, &vocab, true, false);
        assert!(!fresh.drafts.is_empty(), "the sentence declares a sale");
        assert_eq!(cached(DEFAULT_BUDGET, SELLS, &vocab, 1), fresh);
        assert_eq!(entries(), (1, 0));
        assert_eq!(cached(DEFAULT_BUDGET, SELLS, &vocab, 1), fresh);
        assert_eq!(entries(), (1, 0));
        // The flags are part of the key: a heading reading is another entry.
        cached(DEFAULT_BUDGET, SELLS, &vocab, 3);
        assert_eq!(entries(), (2, 0));
    }

    #[test]
    fn memory_is_bounded_by_the_budget_and_recent_sentences_stay() {
        clear();
        let vocab = Vocabulary::embedded();
        let nth = |i: usize| format!("{SELLS} ({i})");
        let weight = nth(0).len() + analyze_uncached(&nth(0), &vocab, true, false).weight();
        let budget = 3 * weight + weight / 2; // room for three entries, not four
        for i in 0..100 {
            cached(budget, &nth(i), &vocab, 1);
        }
        let (current, previous) = entries();
        assert!(
            current + previous <= 8,
            "{current} + {previous} entries for a 3-entry budget"
        );
        assert!(held(&nth(99)));
        assert!(!held(&nth(0)));
        // A hit in the previous generation moves the entry forward, so it outlives the next
        // roll-over and the entries not used again do not.
        clear();
        for i in 0..4 {
            cached(budget, &nth(i), &vocab, 1); // the fourth passes the budget: a roll-over
        }
        assert_eq!(entries(), (0, 4));
        cached(budget, &nth(0), &vocab, 1);
        assert_eq!(entries(), (1, 3));
        for i in 4..7 {
            cached(budget, &nth(i), &vocab, 1);
        }
        assert_eq!(entries(), (0, 4));
        assert!(held(&nth(0)) && !held(&nth(1)));
    }

    #[test]
    fn another_vocabulary_starts_an_empty_cache() {
        clear();
        let first = Vocabulary::embedded();
        let second = Vocabulary::embedded();
        assert_ne!(first.id(), second.id());
        cached(DEFAULT_BUDGET, SELLS, &first, 1);
        cached(DEFAULT_BUDGET, "We share data with partners.", &first, 1);
        assert_eq!(entries(), (2, 0));
        cached(DEFAULT_BUDGET, SELLS, &second, 1);
        assert_eq!(entries(), (1, 0));
    }

    #[test]
    fn a_zero_budget_keeps_nothing() {
        clear();
        let vocab = Vocabulary::embedded();
        let fresh = analyze_uncached(SELLS, &vocab, true, false);
        assert_eq!(cached(0, SELLS, &vocab, 1), fresh);
        assert_eq!(entries(), (0, 0));
    }
}
