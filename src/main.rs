use clap::Parser;

fn main() -> std::process::ExitCode {
    saydo::cli::run(saydo::cli::Cli::parse())
}
