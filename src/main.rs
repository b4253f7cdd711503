use clap::Parser;

/// mimalloc rather than the system allocator: extraction makes and drops many small strings
/// and vectors per sentence (mentions, clause lists), and glibc's malloc and free were about
/// a sixth of a scan's instructions. Transparent huge pages are off (the `no_thp` feature),
/// which keeps peak RSS near the system allocator's.
///
/// mimalloc 2 (the `v2` feature) rather than 3: in interleaved runs of a scan, 3 took 10 to 13%
/// more wall time for the same instruction count and the same simulated cache misses, with
/// three times the page faults (22,400 against 8,200 on 49 MB of policies); and 3 keeps freed
/// pages for a second where 2 gives them back after 10 ms, so under 3 a long scan's peak RSS
/// crept up with the corpus unless its purge delay was set through FFI.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's `mi_option_set` (in the library the `mimalloc` crate links).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_arena_purge_mult` in mimalloc 2's `mi_option_t` (`mimalloc.h`): large blocks
/// (arena memory) are given back after the purge delay times this, 10 x 10 ms by default. At
/// 1 they go back after 10 ms like the rest: a vector that doubles while a big page is read
/// leaves its old copies behind, and one 50 MB HTML policy through `scan` peaked at 240 MB
/// RSS, 199 MB with this (same time).
const MI_OPTION_ARENA_PURGE_MULT: std::ffi::c_int = 24;

fn main() -> std::process::ExitCode {
    // SAFETY: sets an integer option of the allocator, which reads it when it frees.
    unsafe { mi_option_set(MI_OPTION_ARENA_PURGE_MULT, 1) };
    let cli = saydo::cli::Cli::parse();
    // The work runs on a thread with the same stack as the worker threads: the main thread's
    // (8 MiB under the usual ulimit) is smaller than readers of nested input may need.
    let worker = std::thread::Builder::new()
        .name("saydo".into())
        .stack_size(saydo::cli::STACK_SIZE)
        .spawn(move || saydo::cli::run(cli));
    match worker {
        Ok(handle) => handle.join().unwrap_or(std::process::ExitCode::from(101)),
        Err(e) => {
            eprintln!("saydo: error: cannot start: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
