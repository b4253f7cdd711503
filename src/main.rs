use clap::Parser;

/// mimalloc rather than the system allocator: extraction makes and drops many small strings
/// and vectors per sentence (mentions, clause lists), and glibc's malloc and free were about
/// a sixth of a scan's instructions. Transparent huge pages are off (the `no_thp` feature),
/// which keeps peak RSS near the system allocator's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    saydo::cli::run(saydo::cli::Cli::parse())
}
