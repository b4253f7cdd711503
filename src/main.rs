use clap::Parser;

/// mimalloc rather than the system allocator: extraction makes and drops many small strings
/// and vectors per sentence (mentions, clause lists), and glibc's malloc and free were about
/// a sixth of a scan's instructions. Transparent huge pages are off (the `no_thp` feature),
/// which keeps peak RSS near the system allocator's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (libmimalloc-sys names no constant
/// for it; the crate version is pinned in Cargo.lock).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc 3 keeps freed pages for a second (its purge delay) before it gives them back, so a
/// long scan's peak RSS crept up with the corpus: 30.8 MB at 49 MB of policies, 38.0 MB at
/// 506 MB. mimalloc 2's 10 ms keeps it flat (29.5 and 30.1 MB) at no measurable cost in time.
/// `MIMALLOC_PURGE_DELAY` in the environment still decides when it is set.
fn limit_purge_delay() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: `mi_option_set` stores an integer in mimalloc's option table; 10 is a valid
        // delay in milliseconds, and no other thread runs yet.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    }
}

fn main() -> std::process::ExitCode {
    limit_purge_delay();
    saydo::cli::run(saydo::cli::Cli::parse())
}

#[cfg(test)]
mod tests {
    /// Of mimalloc 3's options only the purge delay defaults to 1000 (ms): an update of
    /// libmimalloc-sys that renumbers them fails here rather than setting the wrong option.
    #[test]
    fn option_15_is_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option has no preconditions.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(default, 1000);
    }
}
