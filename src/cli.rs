//! Command-line definitions (clap) and dispatch. The work happens in the pipeline modules.

use crate::document::Format;
use crate::extract;
use crate::history;
use crate::practice;
use crate::report;
use crate::vocab::Vocabulary;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod rows_out;
mod survey_cmd;

const EXAMPLES: &str = "\
Examples:
  saydo check --policy corpus/policies/emmas-club.md --log corpus/logs/emmas-club-ledger.csv
  saydo check --policy privacy.md --log capture.har -f html -o report.html
  saydo scan policies/ -j 4 -o rows.jsonl --summary
  saydo extract corpus/policies/emmas-club.md
  saydo extract --format jsonl corpus/policies/ > declarations.jsonl
  curl -s https://example.com/privacy | saydo extract --policy-format html -
  saydo vocab show
  saydo vocab check my-terms.toml
  saydo --vocab my-terms.toml extract policy.md

Exit codes: 0 ran cleanly, 1 findings at or above --fail-on (check), 2 usage or input error,
130 a scan stopped by Ctrl-C (its -o file holds whole rows: rerun with --resume).
Errors name the file: `saydo: error: FILE: cannot read: No such file or directory (os error 2)`.";

#[derive(Parser, Debug)]
#[command(name = "saydo", version, about = "Check what a privacy policy says against what an organisation does.", after_help = EXAMPLES)]
pub struct Cli {
    /// Colour in terminal output (NO_COLOR is honoured with `auto`).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
    /// Vocabulary file extending or overriding the built-in one (repeatable).
    #[arg(long, value_name = "FILE", global = true)]
    pub vocab: Vec<PathBuf>,
    /// Largest input read, e.g. 256M or 2G, for every kind of input (default: policies 256 MiB,
    /// captures 1 GiB, ledgers 16 GiB; also SAYDO_MAX_INPUT).
    #[arg(long, value_name = "SIZE", global = true, value_parser = crate::input::parse_size)]
    pub max_input_size: Option<u64>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorWhen {
    /// Colour on a terminal, unless NO_COLOR is set; never in files and pipes.
    Auto,
    /// Colour everywhere, files written with -o included.
    Always,
    /// No colour.
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Judge every flow in the logs against what the policy declares (the main job).
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Visit a site in headless Chromium, keep every request, find its privacy policy, and
    /// check the one against the other; all evidence goes into one folder.
    #[command(after_help = AUDIT_HELP)]
    Audit(AuditArgs),
    /// Extract what policies declare: recipients, purposes, data, negations.
    #[command(
        after_help = "A folder is read recursively (.md, .markdown, .html, .htm, .txt); `-` reads standard input."
    )]
    Extract {
        /// Policy files or folders (`-` for standard input).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(short = 'f', long, value_enum, default_value_t = ExtractFormat::Text)]
        format: ExtractFormat,
        /// Read every policy as this format instead of going by extension or content.
        #[arg(long, value_enum, value_name = "FORMAT")]
        policy_format: Option<Format>,
    },
    /// Read sharing ledgers (CSV, JSON Lines), browser captures (HAR), iOS App Privacy Reports
    /// and Meta "Download Your Information" exports: who received what.
    #[command(
        after_help = "Ledger columns: recipient (required), date, recipient_category, on_behalf_of, purpose, data, records, reference.\nHeaders are case-insensitive; aliases such as \"Third party\", \"Date shared\" and \"No. of records\" work.\nA bad row is reported with its line and skipped; --strict makes it an error."
    )]
    Flows {
        /// Ledger or capture files (`-` for standard input).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        logs: LogArgs,
        /// Output format.
        #[arg(short = 'f', long, value_enum, default_value_t = ExtractFormat::Text)]
        format: ExtractFormat,
    },
    /// Scan a corpus of policies: one row per policy (JSON Lines or CSV), in parallel.
    #[command(after_help = SCAN_HELP)]
    Scan(ScanArgs),
    /// `check` for many sites: every site's flows (OpenWPM crawl databases, audit folders,
    /// HAR files, ledgers with a site column) judged against its own policy; a row per site and
    /// recipient.
    #[command(after_help = survey_cmd::HELP)]
    Survey(survey_cmd::SurveyArgs),
    /// The versions of one policy, oldest first: when each recipient, purpose and data
    /// category appeared, disappeared or turned negated, and what changed sentence by sentence.
    #[command(after_help = HISTORY_HELP)]
    History {
        /// Dated policy files, FILE@YYYY-MM-DD, or a folder of ISO-dated files; with --git,
        /// the one file's path inside the repository.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        /// Read the versions from the git history of the file in this repository.
        #[arg(long, value_name = "REPO")]
        git: Option<PathBuf>,
        /// With --git, which date of a commit dates its version: `author` (when the change was
        /// written, kept by rebases and `git commit --date`) or `committer` (when it was last
        /// committed).
        #[arg(long, value_enum, value_name = "WHICH", default_value_t = GitDate::Author, requires = "git")]
        git_date: GitDate,
        /// Show only changes to sentences that declare sharing.
        #[arg(long)]
        only_sharing: bool,
        /// Output format.
        #[arg(short = 'f', long, value_enum, default_value_t = HistoryFormat::Text)]
        format: HistoryFormat,
        /// Read every version as this format instead of going by extension or content.
        #[arg(long, value_enum, value_name = "FORMAT")]
        policy_format: Option<Format>,
    },
    /// Show or validate the vocabulary.
    Vocab {
        #[command(subcommand)]
        action: Option<VocabCommand>,
    },
}

/// How logs are read (shared by `flows` and `check`).
#[derive(clap::Args, Debug, Clone)]
pub struct LogArgs {
    /// The site's own domain: requests to it in captures are first-party (default: the first
    /// page's host).
    #[arg(long, value_name = "DOMAIN")]
    pub site: Option<String>,
    /// A value typed into the site, to find in captures in plain, URL-encoded, base64, MD5,
    /// SHA-1 and SHA-256 form (repeatable), e.g. `--canary email=jane@example.com`.
    #[arg(long, value_name = "NAME=VALUE")]
    pub canary: Vec<practice::Canary>,
    /// Read every log as this format instead of going by extension or content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub log_format: Option<practice::LogFormat>,
    /// Treat any skipped log record, and a capture's consent mark that cannot be read (a
    /// `_consentPhase` other than the two phases, a bad `_consent`), as an error for its file.
    #[arg(long)]
    pub strict: bool,
    /// The app whose flows an iOS App Privacy Report gives, by bundle id
    /// (`com.example.app`); `check` needs it when the report holds several apps.
    #[arg(long, value_name = "BUNDLE_ID")]
    pub app: Option<String>,
    /// Replace the person's own identifiers (names, email addresses, phone numbers, device
    /// ids, --canary values) in the output with [redacted].
    #[arg(long)]
    pub redact: bool,
}

impl LogArgs {
    fn options(&self) -> practice::Options {
        practice::Options {
            site: self.site.clone(),
            canaries: self.canary.clone(),
            strict: self.strict,
            versions: Vec::new(),
            format: self.log_format,
            app: self.app.clone(),
            one_first_party: false,
        }
    }
}

const CHECK_HELP: &str = "\
Verdicts: clear (named), vague (only a broader term covers it), omitted (nothing covers it),
incorrect (the policy says it does not happen), ambiguous (the policy says both). Political
organisations, data brokers, law enforcement, political campaigning, sale and sensitive data are
undisclosed unless named. A flow whose recipient and purpose a statement names, with ordinary
data beside the data it names, is partly disclosed (vague). Severity: high (undisclosed and
sensitive or a sale), medium (other undisclosed), low (vague, ambiguous or partly disclosed).

Examples:
  saydo check --policy corpus/policies/emmas-club.md --log corpus/logs/emmas-club-ledger.csv
  saydo check --policy policy-versions/ --log ledger.csv --format md -o report.md
  saydo check --policy privacy.html --log capture.har --canary email=jane@example.com --format html -o report.html
  saydo check --policy privacy.md --log register.csv --fail-on medium   # in CI";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Summary, a table by severity, and every finding with its explanation and quotes.
    Text,
    /// One JSON object: inputs with SHA-256, summary, findings with both evidences.
    Json,
    /// Markdown to publish or attach to a letter, with a method note.
    Md,
    /// One self-contained page: findings beside the policy text, cited lines highlighted.
    Html,
    /// A row per finding, plus rows for failed inputs and skipped records.
    Csv,
}

const SCAN_HELP: &str = "\
Files: .md, .markdown, .html, .htm, .txt; other files are counted and passed over (the -o file
is passed over too). A FIFO, device or socket named like a policy is an error row, not read; so
is a file over the input cap (--max-input-size). A path that is not UTF-8, or holds a
backslash, is written with backslashes doubled and its other bytes as \\xNN. In the Open
Terms Archive layout <Service>/<Document>.md the folder names the service. A file that cannot be
read becomes a row with an `error`; the scan goes on. Output order is the walk order (sorted),
whatever the number of threads. `english` says whether a policy reads as English (saydo reads
English only); --summary gives shares of the English ones.

Each thread keeps the analyses of sentences it has seen, so a policy's versions are analysed
once. SAYDO_SENTENCE_CACHE=N sets the MiB that each of a thread's two cache generations holds
(default 2; 0 turns the cache off).

Examples:
  saydo scan ota-versions/ --summary > rows.jsonl
  saydo scan corpus/ --format csv -o rows.csv --resume
  saydo scan corpus/ --shard $SLURM_ARRAY_TASK_ID/64 -o shard-$SLURM_ARRAY_TASK_ID.jsonl
  hdfs dfs -cat list.txt | saydo scan --files-from -";

const HISTORY_HELP: &str = "\
Cosmetic changes (case, punctuation, whitespace, line wrapping, link targets) are ignored.

Examples:
  saydo history corpus/history/lantern-club/
  saydo history --only-sharing --format md corpus/history/lantern-club/ > changes.md
  saydo history --git ota-versions \"Facebook/Privacy Policy.md\"
  saydo history --git ota-versions --git-date committer \"Facebook/Privacy Policy.md\"

With --git, each version is dated by its commit's author date (when the change was written; what
`git commit --date` sets and rebases keep); --git-date committer uses the commit date instead.
The output says which.";

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum HistoryFormat {
    /// The versions, the timeline and the sentence changes, for reading.
    Text,
    /// One JSON document: versions, timeline, diffs.
    Json,
    /// Markdown for publication.
    Md,
}

/// Which of a commit's two dates dates a policy version read with `history --git`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum GitDate {
    /// When the change was written (what `git commit --date` sets; kept by rebases).
    Author,
    /// When the commit was made (rebases and amends move it).
    Committer,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ScanFormat {
    /// One JSON object per policy and line.
    Jsonl,
    /// A header row, then one row per policy.
    Csv,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FailOn {
    /// Exit 1 on a high-severity finding.
    High,
    /// Exit 1 on a medium or high finding.
    Medium,
    /// Exit 1 on any finding that is not clear.
    Low,
    /// Never exit 1 for findings.
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run; `None` for `never`.
    pub fn severity(self) -> Option<crate::compare::Severity> {
        use crate::compare::Severity;
        match self {
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
            FailOn::Never => None,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExtractFormat {
    /// Readable lines, grouped by file.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
}

#[derive(Subcommand, Debug)]
pub enum VocabCommand {
    /// Print the taxonomies and the entity registry.
    Show {
        /// Output format.
        #[arg(short = 'f', long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Validate a vocabulary file together with the built-in one (and any --vocab files);
    /// problems are listed with their line numbers, organisations merged across files and
    /// aliases claimed by two organisations as notes.
    Check {
        /// Files checked together, in this order (after any --vocab files).
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// Convert a public tracker or data-broker list into an entity file for `--vocab`:
    /// `tracker-radar` (DuckDuckGo Tracker Radar entity JSON), `disconnect` (Disconnect's
    /// services.json), `broker-registry` (a US state data-broker registry CSV).
    Import {
        /// What FILE is.
        #[arg(value_name = "KIND", value_enum, ignore_case = true)]
        kind: crate::vocab::import::ImportKind,
        /// The list to convert.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Write the entity file here (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ShowFormat {
    /// The trees and the registry, for reading.
    Text,
    /// One JSON document.
    Json,
}

/// `vocab import` kinds, each listed with what it reads in `--help`.
impl ValueEnum for crate::vocab::import::ImportKind {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use crate::vocab::import::ImportKind;
        let help = match self {
            ImportKind::TrackerRadar => "DuckDuckGo Tracker Radar entity files (JSON)",
            ImportKind::Disconnect => "Disconnect's services.json",
            ImportKind::BrokerRegistry => {
                "A US state data-broker registry CSV (California, Vermont)"
            }
        };
        Some(clap::builder::PossibleValue::new(self.as_str()).help(help))
    }
}

/// Run a parsed command line; the exit code follows DESIGN.md (0 / 1 / 2).
pub fn run(cli: Cli) -> ExitCode {
    anstream::ColorChoice::write_global(match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    let jobs = match &cli.command {
        Command::Scan(args) => args.jobs,
        Command::Survey(args) => args.jobs,
        _ => None,
    };
    let result = sentence_cache_setting()
        .and_then(|()| input_cap_setting(cli.max_input_size))
        .and_then(|()| thread_setting(jobs))
        .and_then(|()| match cli.command {
            Command::Extract {
                paths,
                format,
                policy_format,
            } => extract_cmd(&cli.vocab, &paths, format, policy_format),
            Command::Flows {
                paths,
                logs,
                format,
            } => flows_cmd(&cli.vocab, &paths, &logs, format),
            Command::Check(args) => check_cmd(&cli.vocab, &args),
            Command::Audit(args) => audit_cmd(&cli.vocab, &args),
            Command::Scan(args) => scan_cmd(&cli.vocab, &args),
            Command::Survey(args) => survey_cmd::run(&cli.vocab, &args),
            Command::History {
                paths,
                git,
                git_date,
                only_sharing,
                format,
                policy_format,
            } => history_cmd(
                &cli.vocab,
                &paths,
                git.as_deref(),
                history::Options {
                    only_sharing,
                    format: policy_format,
                    committer_date: git_date == GitDate::Committer,
                },
                format,
            ),
            Command::Vocab { action } => vocab_cmd(
                &cli.vocab,
                action.unwrap_or(VocabCommand::Show {
                    format: ShowFormat::Text,
                }),
            ),
        });
    match result {
        Ok(code) => code,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(m)) => {
            let _ = writeln!(anstream::stderr(), "saydo: error: {m}");
            ExitCode::from(2)
        }
    }
}

/// Applies `--max-input-size`, else `SAYDO_MAX_INPUT`; neither keeps each kind's default cap.
fn input_cap_setting(flag: Option<u64>) -> Result<(), Failure> {
    let bytes = match flag {
        Some(b) => b,
        None => match std::env::var_os(crate::input::CAP_VAR) {
            None => return Ok(()),
            Some(v) => crate::input::parse_size(&v.to_string_lossy())
                .map_err(|e| Failure::Message(format!("{}: {e}", crate::input::CAP_VAR)))?,
        },
    };
    crate::input::set_cap(bytes);
    Ok(())
}

/// More worker threads than this is a typo or a mistake (`--jobs 10000` would spend its time
/// creating threads); more are clamped to it with a warning.
pub const MAX_JOBS: usize = 256;

/// Stack of every thread that reads or analyses input: readers of nested documents recurse,
/// and rayon's default (2 MiB) is too small for deep but legitimate nesting.
pub const STACK_SIZE: usize = 16 << 20;

/// Builds the worker pool: `jobs` threads (default one per core), each with [`STACK_SIZE`].
fn thread_setting(jobs: Option<usize>) -> Result<(), Failure> {
    let mut n = jobs.unwrap_or(0);
    if n > MAX_JOBS {
        writeln!(
            anstream::stderr(),
            "saydo: warning: --jobs {n} is more threads than saydo uses; running {MAX_JOBS}"
        )?;
        n = MAX_JOBS;
    }
    // Fails only when the pool already exists (a second run in one process): keep that one.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(if jobs.is_some() { n.max(1) } else { 0 })
        .stack_size(STACK_SIZE)
        .build_global();
    Ok(())
}

/// The environment variable that sizes the sentence cache, in MiB per thread and generation.
const SENTENCE_CACHE_VAR: &str = "SAYDO_SENTENCE_CACHE";

/// Applies `SAYDO_SENTENCE_CACHE` (MiB; 0 turns the cache off), for memory-tight runs and for
/// benchmarks that must measure analysis itself on a replicated corpus.
fn sentence_cache_setting() -> Result<(), Failure> {
    let Some(value) = std::env::var_os(SENTENCE_CACHE_VAR) else {
        return Ok(());
    };
    let mib = value
        .to_str()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&m| m <= 1 << 20)
        .ok_or_else(|| {
            Failure::Message(format!(
                "{SENTENCE_CACHE_VAR}={}: expected a whole number of MiB (0 turns the sentence cache off)",
                value.to_string_lossy()
            ))
        })?;
    extract::cache::set_budget(mib << 20);
    Ok(())
}

enum Failure {
    /// The reader went away (`saydo ... | head`): not an error.
    BrokenPipe,
    Message(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Message(format!("standard output: cannot write: {e}"))
        }
    }
}

fn load_vocab(files: &[PathBuf]) -> Result<Vocabulary, Failure> {
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let vocab = Vocabulary::load(&refs).map_err(|e| Failure::Message(e.to_string()))?;
    vocab_notes_count(&vocab)?;
    Ok(vocab)
}

/// One line on stderr for what loading several `--vocab` files settled (merged organisations,
/// aliases two organisations claim); `saydo vocab check` lists each.
fn vocab_notes_count(vocab: &Vocabulary) -> Result<(), Failure> {
    let merged = vocab
        .notes
        .iter()
        .filter(|n| n.message.ends_with("merged into it"))
        .count();
    let clashes = vocab.notes.len() - merged;
    if merged + clashes == 0 {
        return Ok(());
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    writeln!(
        anstream::stderr(),
        "saydo: note: vocabulary files: {} named again merged into one, {} claimed by two different organisations kept by one (details: saydo vocab check FILE...)",
        plural(merged, "organisation", "organisations"),
        plural(clashes, "alias", "aliases"),
    )?;
    Ok(())
}

fn extract_cmd(
    vocab_files: &[PathBuf],
    paths: &[PathBuf],
    format: ExtractFormat,
    forced: Option<Format>,
) -> Result<ExitCode, Failure> {
    let vocab = load_vocab(vocab_files)?;
    let paths = extract::expand_paths(paths).map_err(Failure::Message)?;
    if paths.is_empty() {
        return Err(Failure::Message(
            "no policy files found (.md, .markdown, .html, .htm, .txt)".into(),
        ));
    }
    let results = extract::extract_files(&paths, &vocab, forced);
    to_stdout(matches!(format, ExtractFormat::Text), |out| match format {
        ExtractFormat::Text => report::declarations::text(out, &results, &vocab.version),
        ExtractFormat::Json => report::declarations::json(out, &results, &vocab.version),
        ExtractFormat::Jsonl => report::declarations::jsonl(out, &results, &vocab.version),
    })?;
    let mut err = anstream::stderr().lock();
    let mut failed = 0;
    for r in &results {
        match &r.outcome {
            Err(e) => {
                failed += 1;
                writeln!(err, "saydo: error: {e}")?;
            }
            Ok((doc, _)) => {
                for w in &doc.warnings {
                    writeln!(err, "saydo: warning: {}: {w}", doc.path)?;
                }
            }
        }
    }
    if failed > 0 {
        writeln!(
            err,
            "saydo: {failed} of {} policies could not be read; the others were processed",
            results.len()
        )?;
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// `saydo check` options.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Policy file, FILE@YYYY-MM-DD, or a folder of ISO-dated versions (repeatable).
    #[arg(long, required = true, value_name = "PATH")]
    pub policy: Vec<String>,
    /// Sharing ledger (CSV, JSON Lines), browser capture (HAR), iOS App Privacy Report, or Meta
    /// export folder or zip (repeatable).
    #[arg(long, required = true, value_name = "PATH")]
    pub log: Vec<PathBuf>,
    #[command(flatten)]
    pub logs: LogArgs,
    /// Report format.
    #[arg(short = 'f', long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value_t = FailOn::High)]
    pub fail_on: FailOn,
    /// Read every policy as this format instead of going by extension or content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub policy_format: Option<Format>,
}

fn check_cmd(vocab_files: &[PathBuf], args: &CheckArgs) -> Result<ExitCode, Failure> {
    use crate::compare::{self, PolicySet};
    let vocab = load_vocab(vocab_files)?;
    let policies =
        PolicySet::load(&args.policy, &vocab, args.policy_format).map_err(Failure::Message)?;
    let mut options = args.logs.options();
    options.versions = policies.dates();
    options.one_first_party = true;
    let resolver = practice::Resolver::new(&vocab);
    if let Some(out) = &args.output {
        let policy_files: Vec<PathBuf> = policies
            .versions
            .iter()
            .flat_map(|v| &v.files)
            .map(|f| PathBuf::from(&f.path))
            .collect();
        let inputs = policy_files.iter().chain(&args.log).chain(vocab_files);
        refuse_input_as_output(out, inputs.map(PathBuf::as_path))?;
    }
    let mut evidence = practice::read_logs(&args.log, &resolver, &options);
    // With no readable evidence at all there is nothing to report: a report would read as a
    // clean result. The error names every log and why (exit 2).
    if report::flows::failed_inputs(&evidence).len() == evidence.logs.len() {
        return log_errors_exit(&evidence);
    }
    let redactor = args
        .logs
        .redact
        .then(|| redactor_for(&evidence, &args.logs));
    let declared_not_observed = compare::declared_not_observed(&vocab, &policies, &evidence.flows);
    let findings = compare::Findings::judge(&vocab, &policies, evidence.take_flows());
    let fail_on = args.fail_on.severity();
    let report = report::check::CheckReport {
        vocab_version: &vocab.version,
        policies: &policies,
        evidence: &evidence,
        findings: &findings,
        declared_not_observed: &declared_not_observed,
        fail_on,
        canaries: &args.logs.canary,
        width: match (&args.output, args.format) {
            (None, CheckFormat::Text) => report::terminal_width(true),
            _ => None,
        },
    };
    let render = |out: &mut dyn Write| -> std::io::Result<()> {
        redacted(redactor.as_ref(), out, |out| match args.format {
            CheckFormat::Text => report::check::text(out, &report),
            CheckFormat::Json => report::check::json(out, &report),
            CheckFormat::Md => report::check::md(out, &report),
            CheckFormat::Html => report::check::html(out, &report),
            CheckFormat::Csv => report::check::csv(out, &report),
        })
    };
    match &args.output {
        // JSON escapes every control character, so it has no escape codes to strip (the
        // stripping costs a quarter of writing a big report).
        Some(path) if args.format == CheckFormat::Json => write_atomically(path, render)?,
        Some(path) => write_atomically(path, |out| report::render_for_file(out, render))?,
        None => to_stdout(matches!(args.format, CheckFormat::Text), render)?,
    }
    for v in &policies.versions {
        for f in &v.files {
            for w in &f.warnings {
                writeln!(anstream::stderr(), "saydo: warning: {}: {w}", f.path)?;
            }
        }
    }
    let code = log_errors_exit(&evidence)?;
    if code != ExitCode::SUCCESS {
        return Ok(code);
    }
    let failing = fail_on.is_some_and(|t| findings.briefs().iter().any(|f| f.severity >= t));
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

const AUDIT_HELP: &str = "\
The folder holds capture.har, policy.html, policy.md, screenshot.png, report.json, report.html,
report.txt and manifest.json (options, times, browser version, SHA-256 of every file).
`saydo check --policy OUT/policy.md --log OUT/capture.har` gives the same findings later.

Examples:
  saydo audit https://www.example-clinic.com --out audits/example-clinic
  saydo audit https://news.example --out audits/news --canary email=jane.doe@example.org --consent reject
  saydo audit --sites sites.txt --jobs 2 --out audits/   # OUT/<site>/ and OUT/summary.jsonl; --resume

Exit codes: 0 no finding at or above --fail-on, 1 some, 2 a fault (the error names the URL and
the stage; the evidence so far is kept and the manifest says the run is incomplete), 130 Ctrl-C.";

/// `saydo audit` options.
#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    /// The address to audit (http or https).
    #[arg(
        value_name = "URL",
        required_unless_present = "sites",
        conflicts_with = "sites"
    )]
    pub url: Option<String>,
    /// Audit every address in FILE (one a line) into OUT/<site>/, with OUT/summary.jsonl.
    #[arg(long, value_name = "FILE")]
    pub sites: Option<PathBuf>,
    /// With --sites: browsers running at once.
    #[arg(
        short = 'j',
        long,
        value_name = "N",
        default_value_t = 1,
        requires = "sites"
    )]
    pub jobs: usize,
    /// With --sites: skip the sites whose folder holds a complete audit.
    #[arg(long, requires = "sites")]
    pub resume: bool,
    /// The folder to write the evidence and reports into (must be new or empty).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// A value to type into matching form fields (email, phone, name, postcode) without
    /// submitting, then find in the capture (repeatable), e.g. `--canary email=jane@example.org`.
    #[arg(long, value_name = "NAME=VALUE")]
    pub canary: Vec<practice::Canary>,
    /// Chromium-family browser binary (default: SAYDO_BROWSER, else /usr/bin/chromium).
    #[arg(long, value_name = "PATH")]
    pub browser: Option<PathBuf>,
    /// A flag passed to the browser (repeatable), e.g. `--browser-arg=--host-resolver-rules=...`.
    #[arg(long, value_name = "ARG", allow_hyphen_values = true)]
    pub browser_arg: Vec<String>,
    /// Longest wait, in seconds, for a page to load and its network to settle.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub wait: f64,
    /// Further same-site pages to visit after the landing page.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub pages: usize,
    /// Click the consent banner's button (found by its text) and mark every request as
    /// before-consent or after-consent. Without it no banner is ever clicked.
    #[arg(long, value_enum, value_name = "ACTION")]
    pub consent: Option<crate::audit::Consent>,
    /// The policy to check against, a file or an address, instead of the one found on the site.
    #[arg(long, value_name = "FILE_OR_URL")]
    pub policy: Option<String>,
    /// Write into an existing non-empty --out folder (replacing an earlier audit's files).
    #[arg(long)]
    pub force: bool,
    /// Exit 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value_t = FailOn::High)]
    pub fail_on: FailOn,
}

fn audit_cmd(vocab_files: &[PathBuf], args: &AuditArgs) -> Result<ExitCode, Failure> {
    use crate::audit;
    let vocab = load_vocab(vocab_files)?;
    let list = match &args.sites {
        Some(file) => audit::sites::read_list(file).map_err(Failure::Message)?,
        None => Vec::new(),
    };
    let url = args
        .url
        .as_deref()
        .unwrap_or("https://sites.invalid/")
        .trim();
    if !(url.starts_with("http://") || url.starts_with("https://"))
        || practice::url::network_host(url).is_none()
    {
        return Err(Failure::Message(format!(
            "{url}: not an http or https address (write it as https://www.example.com)"
        )));
    }
    if !(args.wait.is_finite() && args.wait > 0.0 && args.wait <= 3600.0) {
        return Err(Failure::Message(format!(
            "--wait {}: expected seconds between 0 and 3600",
            args.wait
        )));
    }
    let opts = audit::Options {
        url: url.to_string(),
        out: args.out.clone(),
        canaries: args.canary.clone(),
        browser: audit::browser::browser_path(args.browser.as_deref()),
        browser_args: args.browser_arg.clone(),
        wait: std::time::Duration::from_secs_f64(args.wait),
        pages: args.pages,
        consent: args.consent,
        policy: args.policy.clone(),
        force: args.force,
        fail_on: args.fail_on.severity(),
        vocab_files: vocab_files.to_vec(),
        print_report: true,
    };
    audit::browser::stop_on_ctrl_c();
    if !list.is_empty() {
        let code = audit::sites::run_all(&vocab, &opts, &list, args.jobs, args.resume)
            .map_err(Failure::Message)?;
        return Ok(ExitCode::from(code));
    }
    let outcome = audit::run(&vocab, &opts);
    if let Some(e) = &outcome.error {
        writeln!(anstream::stderr(), "saydo: error: {e}")?;
    }
    Ok(ExitCode::from(outcome.code))
}

/// Renders to standard output: text through the colour filter (stripped when colour is off),
/// machine formats unfiltered, so they never carry escape codes.
fn to_stdout(
    text: bool,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if text {
        let mut out = std::io::BufWriter::new(anstream::stdout().lock());
        render(&mut out)?;
        out.flush()
    } else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        render(&mut out)?;
        out.flush()
    }
}

/// The file `-o` names: `path` itself, or the end of its chain of symbolic links, so a link
/// at `-o` is written through (its target replaced) and stays a link, as `cp` and shells do.
fn output_target(path: &Path) -> Result<PathBuf, Failure> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)
                    .map_err(|e| Failure::Message(crate::input::cannot_read(&p, &e)))?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(Failure::Message(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Refuses an output that is one of the inputs (by device and inode, so links and other
/// spellings of the path count): writing it would destroy the input before it is read again.
fn refuse_input_as_output<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<(), Failure> {
    let Some(id) = crate::scan::file_id(output) else {
        return Ok(()); // a new file cannot be an input
    };
    for input in inputs {
        if input.as_os_str() != "-" && crate::scan::file_id(input) == Some(id) {
            return Err(Failure::Message(format!(
                "{}: this output is also an input ({}); refusing to overwrite it: write the output to another file",
                output.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// Writes output to a temporary file beside the target of `path` and renames it into place,
/// so a reader never sees half a file and a failed run leaves the old one intact. The file
/// gets the mode any new file gets under the user's umask (a temporary file is private). A
/// device or FIFO at `path` (`-o /dev/stdout`) is written directly.
fn write_atomically(
    path: &Path,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::Message(crate::input::cannot_write(path, &e));
    let target = output_target(path)?;
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => {
            return Err(Failure::Message(format!(
                "{}: is a folder; -o needs a file name",
                path.display()
            )));
        }
        Ok(m) if !m.is_file() => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(fail)?;
            let mut out = std::io::BufWriter::new(file);
            render(&mut out).map_err(fail)?;
            return out.flush().map_err(fail);
        }
        _ => {}
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Failure::Message(format!(
            "{}: cannot write: the folder {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".saydo-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Passed to open(2), which applies the umask: 0644 under umask 022.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        render(&mut out).map_err(fail)?;
        out.flush().map_err(fail)?;
    }
    tmp.persist(&target).map_err(|e| fail(e.error))?;
    Ok(())
}

/// `saydo scan` options.
#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Folders (walked recursively, sorted) or policy files.
    #[arg(value_name = "DIR", required_unless_present = "files_from")]
    pub paths: Vec<PathBuf>,
    /// Read the list of policy files from FILE, one per line (`-` for standard input).
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub files_from: Option<PathBuf>,
    /// Row format.
    #[arg(short = 'f', long, value_enum, default_value_t = ScanFormat::Jsonl)]
    pub format: ScanFormat,
    /// Write rows to FILE (atomically, or appended with --resume) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Worker threads (default: one per core; at most 256).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Only the files of shard K of N (K from 0 to N-1), by a stable hash of the path.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::scan::Shard>,
    /// Skip the paths the output file already holds and append the rest (needs -o); a row
    /// cut off at the end is rewritten, a damaged row before it is an error.
    #[arg(long, requires = "output")]
    pub resume: bool,
    /// Print category prevalence across the corpus to standard error at the end.
    #[arg(long)]
    pub summary: bool,
    /// Read every policy as this format instead of going by extension or content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub policy_format: Option<Format>,
}

/// Ctrl-C during a scan sets [`crate::scan::INTERRUPTED`]: the scan stops starting files,
/// writes the rows it has whole, and exits 130, leaving a prefix that `--resume` completes.
/// A second Ctrl-C stops at once.
fn stop_scans_on_ctrl_c() {
    #[cfg(unix)]
    {
        extern "C" fn on_sigint(_: libc::c_int) {
            crate::scan::INTERRUPTED.store(true, std::sync::atomic::Ordering::Relaxed);
            // SAFETY: signal(2) is async-signal-safe.
            unsafe {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
            }
        }
        // SAFETY: the handler only stores to an atomic and calls signal(2).
        unsafe {
            libc::signal(
                libc::SIGINT,
                on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
        }
    }
}

fn scan_cmd(vocab_files: &[PathBuf], args: &ScanArgs) -> Result<ExitCode, Failure> {
    use crate::scan;
    let vocab = load_vocab(vocab_files)?;
    if let Some(out) = &args.output {
        let named = args.paths.iter().filter(|p| !p.is_dir());
        let inputs = named.chain(args.files_from.as_ref()).chain(vocab_files);
        refuse_input_as_output(out, inputs.map(PathBuf::as_path))?;
    }
    let output_file = args.output.as_deref().map(output_target).transpose()?;
    let mut list = match &args.files_from {
        Some(from) => {
            let text = crate::input::read_list(from)
                .map_err(|e| Failure::Message(crate::input::cannot_read(from, &e)))?;
            let files = scan::read_file_list(&text);
            if let Some(out) = &output_file {
                refuse_input_as_output(out, files.iter().map(PathBuf::as_path))?;
            }
            scan::FileList {
                files,
                ..scan::FileList::default()
            }
        }
        None => scan::walk(&args.paths, output_file.as_deref()),
    };
    // Nothing to scan is an input error, not an empty success: a mistyped folder or one
    // holding PDFs would otherwise look like a corpus that declares nothing. (A shard or a
    // resumed scan left with no files is fine: the files exist.)
    if list.files.is_empty() && list.unreadable.is_empty() {
        let what = match &args.files_from {
            Some(from) => format!("{}: lists no policy file", from.display()),
            None => format!(
                "{}: no policy file found (.md, .markdown, .html, .htm, .txt){}",
                args.paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                match list.skipped_other {
                    0 => String::new(),
                    1 => "; 1 other file passed over".to_string(),
                    n => format!("; {n} other files passed over"),
                }
            ),
        };
        return Err(Failure::Message(what));
    }
    if let Some(shard) = args.shard {
        list.files.retain(|p| shard.holds(&p.display().to_string()));
    }
    let csv = args.format == ScanFormat::Csv;
    let layout = scan::layout();
    let mut rows_out = rows_out::RowsOut::new(
        args.output.as_deref(),
        output_file,
        args.resume,
        csv,
        &layout,
    );
    // Resuming: keep the whole rows already written, drop a cut-off last one, skip their paths.
    if let Some(earlier) = rows_out.resume(false)? {
        list.files
            .retain(|p| !earlier.done.contains(&scan::path_id(p)));
    }
    let bar = rows_out::progress(Some(list.files.len() as u64));
    stop_scans_on_ctrl_c();
    let mut summary = scan::Summary::default();
    let mut finished = true;
    // Each row is made whole in memory and then written in one call (see `RowsOut::write`).
    rows_out.write(|out: &mut dyn Write| -> std::io::Result<()> {
        let emit_progress = |n| bar.inc(n);
        let mut line = Vec::with_capacity(4096);
        finished = if csv {
            scan::scan(
                &list.files,
                &vocab,
                args.policy_format,
                |row| {
                    summary.add(row);
                    line.clear();
                    {
                        let mut w = csv::WriterBuilder::new()
                            .buffer_capacity(1024)
                            .from_writer(&mut line);
                        w.write_record(row.csv_fields())?;
                        w.flush()?;
                    }
                    out.write_all(&line)
                },
                emit_progress,
            )?
        } else {
            scan::scan(
                &list.files,
                &vocab,
                args.policy_format,
                |row| {
                    summary.add(row);
                    line.clear();
                    serde_json::to_writer(&mut line, row)?;
                    line.push(b'\n');
                    out.write_all(&line)
                },
                emit_progress,
            )?
        };
        Ok(())
    })?;
    bar.finish_and_clear();
    let mut err = anstream::stderr().lock();
    for u in &list.unreadable {
        writeln!(err, "saydo: error: {u}")?;
    }
    writeln!(
        err,
        "saydo: scanned {} policies ({} MB), {} could not be read (error rows), {} other files passed over",
        summary.policies + summary.errors,
        summary.bytes / 1_000_000,
        summary.errors,
        list.skipped_other
    )?;
    if !finished {
        let left = list.files.len() as u64 - (summary.policies + summary.errors);
        match &args.output {
            Some(path) => writeln!(
                err,
                "saydo: interrupted: {left} files not scanned; {} holds whole rows only: run the same command with --resume to finish",
                path.display()
            )?,
            None => writeln!(err, "saydo: interrupted: {left} files not scanned")?,
        }
        return Ok(ExitCode::from(130));
    }
    if args.summary {
        report::scan::summary(&mut err, &summary, &vocab)?;
    }
    Ok(if list.unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn history_cmd(
    vocab_files: &[PathBuf],
    paths: &[String],
    git: Option<&Path>,
    opts: history::Options,
    format: HistoryFormat,
) -> Result<ExitCode, Failure> {
    let vocab = load_vocab(vocab_files)?;
    let h = match git {
        Some(repo) => {
            let [file] = paths else {
                return Err(Failure::Message(
                    "with --git, give exactly one file path inside the repository".into(),
                ));
            };
            history::from_git(repo, file, &vocab, &opts)
        }
        None => {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            history::from_paths(&paths, &vocab, &opts)
        }
    }
    .map_err(Failure::Message)?;
    to_stdout(matches!(format, HistoryFormat::Text), |out| match format {
        HistoryFormat::Text => report::history::text(out, &h, &vocab.version),
        HistoryFormat::Json => report::history::json(out, &h, &vocab.version),
        HistoryFormat::Md => report::history::md(out, &h, &vocab.version),
    })?;
    Ok(ExitCode::SUCCESS)
}

fn flows_cmd(
    vocab_files: &[PathBuf],
    paths: &[PathBuf],
    logs: &LogArgs,
    format: ExtractFormat,
) -> Result<ExitCode, Failure> {
    let vocab = load_vocab(vocab_files)?;
    let resolver = practice::Resolver::new(&vocab);
    let evidence = practice::read_logs(paths, &resolver, &logs.options());
    let redactor = logs.redact.then(|| redactor_for(&evidence, logs));
    to_stdout(matches!(format, ExtractFormat::Text), |out| {
        redacted(redactor.as_ref(), out, |out| match format {
            ExtractFormat::Text => report::flows::text(out, &evidence, &vocab.version),
            ExtractFormat::Json => report::flows::json(out, &evidence, &vocab.version),
            ExtractFormat::Jsonl => report::flows::jsonl(out, &evidence, &vocab.version),
        })
    })?;
    if matches!(format, ExtractFormat::Jsonl) {
        // The summary has no line of its own in JSON Lines: it goes to stderr.
        report::flows::input_notes(&mut anstream::stderr().lock(), &evidence)?;
    }
    log_errors_exit(&evidence)
}

/// `--redact`: the person's identifiers the inputs name, and the `--canary` values.
fn redactor_for(evidence: &practice::Evidence, logs: &LogArgs) -> report::redact::Redactor {
    let personal = evidence
        .logs
        .iter()
        .flat_map(|l| l.personal.iter().map(String::as_str));
    report::redact::Redactor::new(personal.chain(logs.canary.iter().map(|c| c.value.as_str())))
}

/// Renders through the redactor when there is one.
fn redacted(
    redactor: Option<&report::redact::Redactor>,
    out: &mut dyn Write,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match redactor {
        Some(r) => r.render(out, render),
        None => render(out),
    }
}

/// Names every log that gave no evidence on stderr (unreadable, empty, or not one usable
/// record); exit 2 when there was one.
fn log_errors_exit(evidence: &practice::Evidence) -> Result<ExitCode, Failure> {
    let failed = report::flows::failed_inputs(evidence);
    let mut err = anstream::stderr().lock();
    for f in &failed {
        writeln!(err, "saydo: error: {}", f.reason)?;
    }
    let total = evidence.logs.len();
    match failed.len() {
        0 => return Ok(ExitCode::SUCCESS),
        n if n < total => writeln!(
            err,
            "saydo: {n} of {total} logs gave no evidence; the others were processed"
        )?,
        1 => writeln!(err, "saydo: the log gave no evidence")?,
        _ => writeln!(err, "saydo: none of the {total} logs gave any evidence")?,
    }
    Ok(ExitCode::from(2))
}

fn vocab_cmd(vocab_files: &[PathBuf], action: VocabCommand) -> Result<ExitCode, Failure> {
    match action {
        VocabCommand::Show { format } => {
            let vocab = load_vocab(vocab_files)?;
            let mut out = anstream::stdout().lock();
            match format {
                ShowFormat::Text => report::vocabulary::text(&mut out, &vocab)?,
                ShowFormat::Json => report::vocabulary::json(&mut out, &vocab)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        VocabCommand::Import { kind, file, output } => {
            let vocab = load_vocab(vocab_files)?;
            if let Some(out) = &output {
                let inputs = std::iter::once(&file).chain(vocab_files);
                refuse_input_as_output(out, inputs.map(PathBuf::as_path))?;
            }
            let bytes = crate::input::read_all(&file, crate::input::Kind::Other)
                .map_err(|e| Failure::Message(crate::input::cannot_read(&file, &e)))?;
            let name = file.display().to_string();
            let imported = crate::vocab::import::import(kind, &name, &bytes, &vocab)
                .map_err(|e| Failure::Message(e.to_string()))?;
            match &output {
                Some(path) => {
                    write_atomically(path, |out| out.write_all(imported.toml.as_bytes()))?
                }
                None => std::io::stdout()
                    .lock()
                    .write_all(imported.toml.as_bytes())?,
            }
            let mut err = anstream::stderr().lock();
            for s in &imported.skipped {
                writeln!(err, "saydo: skipped: {s}")?;
            }
            writeln!(
                err,
                "saydo: {} entities imported from {name}, {} skipped; use the result with --vocab",
                imported.entities,
                imported.skipped.len()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        VocabCommand::Check { files: checked } => {
            let mut files = vocab_files.to_vec();
            files.extend(checked.iter().cloned());
            let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            match Vocabulary::load(&refs) {
                Ok(v) => {
                    let mut out = anstream::stdout().lock();
                    for n in &v.notes {
                        writeln!(out, "{n}")?;
                    }
                    let names: Vec<String> =
                        checked.iter().map(|f| f.display().to_string()).collect();
                    writeln!(
                        out,
                        "{}: ok (vocabulary {}: {} recipient, {} purpose, {} data categories, {} entities{})",
                        names.join(", "),
                        v.version,
                        v.recipients.len(),
                        v.purposes.len(),
                        v.data.len(),
                        v.entities.len(),
                        if v.notes.is_empty() {
                            String::new()
                        } else {
                            match v.notes.len() {
                                1 => "; 1 note above".to_string(),
                                n => format!("; {n} notes above"),
                            }
                        }
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    let mut err = anstream::stderr().lock();
                    for issue in &e.issues {
                        writeln!(err, "{issue}")?;
                    }
                    writeln!(
                        err,
                        "saydo: {} in the vocabulary",
                        crate::compare::counted(e.issues.len() as u64, "problem")
                    )?;
                    Ok(ExitCode::from(2))
                }
            }
        }
    }
}
