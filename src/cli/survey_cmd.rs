//! `saydo survey`: options and the run (output file, `--resume`, summary).

use super::rows_out::{RowsOut, progress};
use super::{Failure, load_vocab, output_target, refuse_input_as_output, write_atomically};
use crate::report;
use crate::survey::{self, Summary, Survey};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub const HELP: &str = "\
Policies: a folder in the Open Terms Archive layout (<Service>/Privacy Policy.md, or dated
versions <Service>/<YYYY-MM-DD>.md), or a CSV manifest with columns site, policy (a path from
the manifest's folder), and optional date and domains (separated by ';'). A flow is judged
against the version in force on its date, as check does.

Evidence: OpenWPM crawl databases (SQLite, releases v0.10.0 to v0.31.0: site_visits joined to
http_requests by visit_id, and third-party cookies of javascript_cookies), folders of `saydo
audit --sites` outputs (<site>/capture.har), folders of HAR files named by site
(example.com.har), and sharing ledgers with a site column (.csv, .jsonl: the columns of a check
ledger plus site, a domain or URL per row; each site's rows are judged against its own policy, a
row with no site is skipped and reported with its line). A site is matched to its policy by
registrable domain: a manifest's site or domains, the service's name (reddit.com -> Reddit), or
the organisation the registry says owns it.

Rows (JSON Lines or CSV): one per site and recipient with the fields of `check --format json`
findings plus site, service and status (finding, no-flows, no-policy, no-evidence, error); a
site or file that cannot be read is an error row and the others go on. Rows come in order of
site whatever --jobs; --shard K/N splits by the policy's service (the union of the shards is the
full survey); --resume redoes the last site of a cut output and skips the rest.

Examples:
  saydo survey --policies ota-versions/ --evidence crawl-data.sqlite -o findings.jsonl --summary
  saydo survey --policies policies.csv --evidence audits/ --format csv -o findings.csv
  saydo survey --policies policies.csv --evidence crawl.sqlite --shard 3/16 --resume -o shard-3.jsonl";

/// `saydo survey` options.
#[derive(clap::Args, Debug)]
pub struct SurveyArgs {
    /// Open Terms Archive folder, or a CSV manifest (site, policy[, date][, domains]).
    #[arg(long, value_name = "DIR|MANIFEST.csv")]
    pub policies: PathBuf,
    /// OpenWPM crawl database, folder of audit outputs, folder of HAR files, or ledger with a
    /// site column (repeatable).
    #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
    pub evidence: Vec<PathBuf>,
    /// Row format.
    #[arg(short = 'f', long, value_enum, default_value_t = super::ScanFormat::Jsonl)]
    pub format: super::ScanFormat,
    /// Write rows to FILE (atomically, or appended with --resume) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the survey's figures to standard error at the end.
    #[arg(long)]
    pub summary: bool,
    /// Write the survey's figures as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub summary_json: Option<PathBuf>,
    /// Worker threads (default: one per core; at most 256).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Only the sites of shard K of N (K from 0 to N-1), by a stable hash of their policy.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::scan::Shard>,
    /// Skip the sites the output file already holds whole and append the rest (needs -o).
    #[arg(long, requires = "output")]
    pub resume: bool,
}

pub fn run(vocab_files: &[PathBuf], args: &SurveyArgs) -> Result<ExitCode, Failure> {
    use crate::practice::{Resolver, openwpm::Crawl};
    let started = std::time::Instant::now();
    let vocab = load_vocab(vocab_files)?;
    let resolver = Resolver::new(&vocab);
    let index = survey::policies::PolicyIndex::load(&args.policies).map_err(Failure::Message)?;
    let sources = survey::evidence::sources(&args.evidence).map_err(Failure::Message)?;
    let mut crawls = Vec::new();
    for s in &sources {
        if let survey::evidence::Source::Crawl(p) = s {
            let c = Crawl::open(p).map_err(Failure::Message)?;
            if let Some(n) = &c.note {
                writeln!(anstream::stderr(), "saydo: note: {n}")?;
            }
            crawls.push(c);
        }
    }
    if let Some(out) = &args.output {
        let inputs = args
            .evidence
            .iter()
            .chain(std::iter::once(&args.policies))
            .chain(vocab_files);
        refuse_input_as_output(out, inputs.map(PathBuf::as_path))?;
    }
    let output_file = args.output.as_deref().map(output_target).transpose()?;
    let csv = args.format == super::ScanFormat::Csv;
    let layout = survey::layout(&report::survey::CSV_HEADER);
    let mut rows_out = RowsOut::new(
        args.output.as_deref(),
        output_file.clone(),
        args.resume,
        csv,
        &layout,
    );
    let mut summary = Summary::default();
    let mut done = std::collections::HashSet::new();
    // Resuming: the last site's rows may have been cut short, so it is judged again; the
    // summary counts the rows kept.
    if let Some(earlier) = rows_out.resume(true)?
        && let Some(path) = &output_file
    {
        let cannot =
            |why: String| Failure::Message(format!("{}: cannot resume: {why}", path.display()));
        let kept = std::fs::read(path).map_err(|e| cannot(e.to_string()))?;
        let facts = report::survey::read_facts(&kept, csv).map_err(cannot)?;
        survey::add_rows(&mut summary, facts, &vocab);
        done = earlier.done;
    }
    let bar = progress(None);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{pos} sites {elapsed} {per_sec}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    super::stop_scans_on_ctrl_c();
    let timings = survey::Timings::default();
    let run = Survey {
        vocab: &vocab,
        resolver: &resolver,
        index: &index,
        shard: args.shard,
        done: &done,
        timings: &timings,
    };
    // Ledgers with a site column are read whole before any row is written: a ledger that
    // cannot be read is refused by name, and its skipped rows are reported here.
    let mut ledgers = Vec::new();
    for s in &sources {
        if let survey::evidence::Source::Ledger(p) = s {
            let l = run.read_ledger(p).map_err(Failure::Message)?;
            ledger_notes(&l)?;
            ledgers.push(l);
        }
    }
    let mut outcome: Result<bool, survey::SurveyError> = Ok(true);
    let mut sites = 0u64;
    rows_out.write(|out: &mut dyn Write| -> std::io::Result<()> {
        let version = vocab.version.as_str();
        outcome = run.run(
            sources,
            crawls,
            ledgers,
            |r| {
                let mut bytes = Vec::with_capacity(4096);
                if csv {
                    report::survey::csv(&mut bytes, r, version)?;
                } else {
                    report::survey::jsonl(&mut bytes, r, version)?;
                }
                Ok(bytes)
            },
            |bytes, facts| {
                summary.add_site(facts, &vocab);
                sites += 1;
                out.write_all(bytes)
            },
            |n| bar.inc(n),
        );
        if let Err(survey::SurveyError::Write(e)) = &outcome {
            return Err(std::io::Error::new(e.kind(), e.to_string()));
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    let mut err = anstream::stderr().lock();
    let finished = match outcome {
        Ok(f) => f,
        Err(survey::SurveyError::Evidence(e)) => {
            return Err(Failure::Message(format!(
                "{e}; the rows written so far are whole (run again with --resume to go on)"
            )));
        }
        Err(survey::SurveyError::Write(e)) => {
            return Err(Failure::Message(format!("cannot write: {e}")));
        }
    };
    let (ev, ex, ju) = timings.seconds();
    let secs = started.elapsed().as_secs_f64();
    writeln!(
        err,
        "saydo: surveyed {sites} sites and policies in {secs:.1} s ({:.0} a second); thread-seconds: reading evidence {ev:.1}, extracting policies {ex:.1}, judging {ju:.1}",
        sites as f64 / secs.max(1e-9)
    )?;
    if !finished {
        writeln!(
            err,
            "saydo: interrupted; the output holds whole sites only: run the same command with --resume to finish"
        )?;
        return Ok(ExitCode::from(130));
    }
    if args.summary {
        report::survey::summary(&mut err, &summary, &vocab)?;
    }
    if let Some(path) = &args.summary_json {
        let json = summary.json(&vocab);
        write_atomically(path, |out| {
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        })?;
    }
    Ok(if summary.sites_with_errors > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// What reading a ledger passed over, on standard error: its warnings, each skipped row with
/// its line and reason (a row with no site among them), and the counts.
fn ledger_notes(l: &survey::evidence::LedgerSites) -> std::io::Result<()> {
    let mut err = anstream::stderr().lock();
    let r = &l.report;
    for w in &r.warnings {
        writeln!(err, "saydo: note: {w}")?;
    }
    for s in &r.skips {
        writeln!(
            err,
            "saydo: skipped: {}: {}",
            crate::practice::place(&r.file, s.line, s.entry),
            s.reason
        )?;
    }
    if r.skipped > r.skips.len() as u64 {
        writeln!(
            err,
            "saydo: skipped: {}: and {} more rows",
            r.file,
            r.skipped - r.skips.len() as u64
        )?;
    }
    writeln!(
        err,
        "saydo: {}: {} rows read, {} skipped; {} sites in this run",
        r.file,
        r.read,
        r.skipped,
        l.sites.len()
    )
}
