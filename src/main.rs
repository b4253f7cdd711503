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

fn main() -> std::process::ExitCode {
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
