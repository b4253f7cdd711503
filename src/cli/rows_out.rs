//! Where `scan` and `survey` write their rows (JSON Lines or CSV): `-o FILE`, written
//! atomically, or appended to after the whole rows of an earlier, interrupted output with
//! `--resume`; else standard output. What an earlier output holds is read by
//! [`crate::scan::resume`]; this is the part that opens, cuts and writes the file.

use super::{Failure, write_atomically};
use crate::scan::{Earlier, Layout};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A command's row output.
pub(super) struct RowsOut<'a> {
    /// `-o` as given (for messages and the atomic write).
    named: Option<&'a Path>,
    /// The file `-o` names, links followed.
    target: Option<PathBuf>,
    resume: bool,
    csv: bool,
    layout: &'a Layout,
    /// Rows are appended after earlier ones: no CSV header then.
    appending: bool,
}

impl<'a> RowsOut<'a> {
    pub(super) fn new(
        named: Option<&'a Path>,
        target: Option<PathBuf>,
        resume: bool,
        csv: bool,
        layout: &'a Layout,
    ) -> RowsOut<'a> {
        RowsOut {
            named,
            target,
            resume,
            csv,
            layout,
            appending: false,
        }
    }

    /// With `--resume` and an earlier output: cuts it back to its whole rows and returns
    /// what they hold (`None` otherwise). With `redo_last` (commands that write several rows
    /// per key), the last key's rows go too, since an interruption may have cut them short.
    /// A damaged earlier output, or one in another layout, is refused by name.
    pub(super) fn resume(&mut self, redo_last: bool) -> Result<Option<Earlier>, Failure> {
        let Some(path) = self.target.as_deref().filter(|p| self.resume && p.exists()) else {
            return Ok(None);
        };
        let cannot =
            |why: String| Failure::Message(format!("{}: cannot resume: {why}", path.display()));
        let input = crate::input::open(path, crate::input::Kind::Other)
            .map_err(|e| cannot(e.to_string()))?;
        let mut earlier =
            crate::scan::resume::read_earlier(input, self.csv, self.layout).map_err(cannot)?;
        if redo_last {
            earlier.drop_last();
        }
        cut(path, earlier.complete)
            .map_err(|e| Failure::Message(crate::input::cannot_write(path, &e)))?;
        self.appending = earlier.complete > 0;
        Ok(Some(earlier))
    }

    /// Writes the rows `rows` gives (after the CSV header, unless appending). Each row should
    /// be made whole in memory and written in one call, so the output only ever ends inside a
    /// row when the write itself fails: appending, the file is then cut back to its whole
    /// rows, a prefix `--resume` completes.
    pub(super) fn write(
        &self,
        rows: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Failure> {
        let header = self.csv && !self.appending;
        let csv_header = self.layout.csv_header;
        let all = |out: &mut dyn Write| -> std::io::Result<()> {
            if header {
                let mut line = Vec::new();
                {
                    let mut w = csv::Writer::from_writer(&mut line);
                    w.write_record(csv_header)?;
                    w.flush()?;
                }
                out.write_all(&line)?;
            }
            rows(out)?;
            out.flush()
        };
        match &self.target {
            Some(path) if self.resume => {
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| Failure::Message(crate::input::cannot_write(path, &e)))?;
                let mut out = std::io::BufWriter::new(file);
                if let Err(e) = all(&mut out) {
                    // A failed write (a full disk) can leave part of a row: cut the file back
                    // to its whole rows, unflushed bytes dropped.
                    let (file, _unwritten) = out.into_parts();
                    drop(file);
                    let note = match self.repair(path) {
                        Ok(()) => {
                            "it holds whole rows only: free space and run again with --resume"
                                .to_string()
                        }
                        Err(why) => format!("its last row may be cut ({why})"),
                    };
                    return Err(Failure::Message(format!(
                        "{}; {note}",
                        crate::input::cannot_write(path, &e)
                    )));
                }
                Ok(())
            }
            // Interrupted, the rows so far still replace the file: a prefix --resume completes.
            Some(_) => write_atomically(self.named.unwrap_or(Path::new("-")), all),
            None => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                all(&mut out)?;
                Ok(())
            }
        }
    }

    /// Cuts a file whose last write failed back to its whole rows.
    fn repair(&self, path: &Path) -> Result<(), String> {
        let input =
            crate::input::open(path, crate::input::Kind::Other).map_err(|e| e.to_string())?;
        let earlier = crate::scan::resume::read_earlier(input, self.csv, self.layout)?;
        cut(path, earlier.complete).map_err(|e| e.to_string())
    }
}

/// Cuts a file to its first `len` bytes.
fn cut(path: &Path, len: u64) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .set_len(len)
}

/// A progress bar on standard error, drawn only when it is a terminal.
pub(super) fn progress(len: Option<u64>) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    let bar = match len {
        Some(n) => indicatif::ProgressBar::new(n),
        None => indicatif::ProgressBar::no_length(),
    };
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar
}
