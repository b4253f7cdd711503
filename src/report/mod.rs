//! Renderers. No analysis happens here: each function turns results into one output format.

pub mod check;
pub mod consent;
pub mod declarations;
pub mod flows;
pub mod history;
pub mod redact;
pub mod scan;
pub mod survey;
pub mod vocabulary;

use anstyle::{AnsiColor, Style};

/// `text` in `style` (plain when colour is off: the output stream strips the codes).
pub(crate) fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

pub(crate) use crate::compare::thousands as count;

/// The styles every text renderer uses, so colour means the same thing everywhere.
pub(crate) mod style {
    use super::*;
    pub const FILE: Style = Style::new().bold();
    pub const HEADING: Style = Style::new()
        .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)))
        .bold();
    pub const LINE: Style = Style::new().dimmed();
    pub const NEGATED: Style = Style::new()
        .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
        .bold();
    pub const CATEGORY: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
    pub const QUOTE: Style = Style::new().italic();
    pub const WARN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
}

/// The width text reports are laid out for: the `COLUMNS` environment variable when set, else
/// the terminal's width when standard output is one; `None` for pipes and files, which get the
/// wide layout (a table row per line, for grep) with prose wrapped at [`PROSE_WIDTH`].
pub fn terminal_width(to_stdout: bool) -> Option<usize> {
    if !to_stdout {
        return None;
    }
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return Some(n.max(MIN_WIDTH));
    }
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    tty_columns().map(|n| n.max(MIN_WIDTH))
}

/// Below this a table cannot show a recipient and a verdict side by side.
const MIN_WIDTH: usize = 40;

/// Prose (explanations, quotes) in the wide layout: lines a reader can follow in a file.
pub const PROSE_WIDTH: usize = 100;

#[cfg(unix)]
fn tty_columns() -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills the winsize struct passed by pointer and touches nothing else.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
    (ok && ws.ws_col > 0).then_some(ws.ws_col as usize)
}

#[cfg(not(unix))]
fn tty_columns() -> Option<usize> {
    None
}

/// Renders text for a file: plain unless `--color always` asked for colour codes (a report
/// file is read in editors and diffed, where escape codes are noise).
pub fn render_for_file(
    out: &mut dyn std::io::Write,
    render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if anstream::ColorChoice::global() == anstream::ColorChoice::Always {
        render(out)
    } else {
        render(&mut Plain {
            inner: out,
            state: anstream::adapter::StripBytes::new(),
        })
    }
}

/// Passes text through without its escape codes (kept across writes that split one).
struct Plain<'a> {
    inner: &'a mut dyn std::io::Write,
    state: anstream::adapter::StripBytes,
}

impl std::io::Write for Plain<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for printable in self.state.strip_next(buf) {
            self.inner.write_all(printable)?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A writer that wraps each line it is given at `width` visible characters, breaking at
/// spaces; continuation lines are indented two more than the line's own indent. Colour
/// escape codes take no width. A word longer than a line gets a line of its own (a URL is
/// never cut). Holds one line at a time.
pub(crate) struct Wrap<'a> {
    inner: &'a mut dyn std::io::Write,
    width: usize,
    line: Vec<u8>,
}

impl<'a> Wrap<'a> {
    pub fn new(inner: &'a mut dyn std::io::Write, width: usize) -> Wrap<'a> {
        Wrap {
            inner,
            width,
            line: Vec::new(),
        }
    }

    /// Writes a line as it is (a table row laid out for its own width).
    pub fn raw_line(&mut self, line: &str) -> std::io::Result<()> {
        self.emit()?;
        self.inner.write_all(line.as_bytes())?;
        self.inner.write_all(b"\n")
    }

    fn emit(&mut self) -> std::io::Result<()> {
        if self.line.is_empty() {
            return Ok(());
        }
        let line = std::mem::take(&mut self.line);
        let text = String::from_utf8_lossy(&line);
        let text = text.strip_suffix('\n').unwrap_or(&text);
        for (i, piece) in wrap_line(text, self.width).iter().enumerate() {
            if i > 0 {
                self.inner.write_all(b"\n")?;
            }
            self.inner.write_all(piece.as_bytes())?;
        }
        self.inner.write_all(b"\n")?;
        self.line = line;
        self.line.clear();
        Ok(())
    }
}

impl std::io::Write for Wrap<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(nl) = memchr::memchr(b'\n', rest) {
            self.line.extend_from_slice(&rest[..=nl]);
            self.emit()?;
            rest = &rest[nl + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if !self.line.is_empty() {
            // A last line without its newline stays without one.
            let line = std::mem::take(&mut self.line);
            let text = String::from_utf8_lossy(&line).into_owned();
            self.inner
                .write_all(wrap_line(&text, self.width).join("\n").as_bytes())?;
        }
        self.inner.flush()
    }
}

impl Drop for Wrap<'_> {
    fn drop(&mut self) {
        let _ = std::io::Write::flush(self);
    }
}

/// Visible characters of `s`: colour escape sequences (`ESC [ ... letter`) take no room.
fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in s.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (false, _) => n += 1,
            (true, c) if c.is_ascii_alphabetic() => in_escape = false,
            (true, _) => {}
        }
    }
    n
}

/// One line cut into lines of at most `width` visible characters at spaces (runs of spaces
/// inside a line, which align its columns, are kept).
pub(crate) fn wrap_line(line: &str, width: usize) -> Vec<String> {
    if visible_len(line) <= width {
        return vec![line.to_string()];
    }
    let body = line.trim_start_matches(' ');
    let indent = line.len() - body.len();
    let hang = " ".repeat((indent + 2).min(width / 2));
    let mut out: Vec<String> = Vec::new();
    let mut current = " ".repeat(indent);
    let mut current_len = indent;
    let mut at_start = true;
    for word in body.split(' ') {
        if word.is_empty() {
            if !at_start {
                current.push(' ');
                current_len += 1;
            }
            continue;
        }
        let len = visible_len(word);
        if !at_start && current_len + 1 + len > width {
            let done = std::mem::replace(&mut current, hang.clone());
            out.push(done.trim_end().to_string());
            current_len = hang.len();
            at_start = true;
        }
        if !at_start {
            current.push(' ');
            current_len += 1;
        }
        current.push_str(word);
        current_len += len;
        at_start = false;
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_line_within_the_width_except_a_long_word() {
        let url = format!("https://example.com/{}", "a".repeat(90));
        let line =
            format!("   log    ledger.csv:5 GET {url} and then some more words to wrap here");
        let lines = wrap_line(&line, 40);
        for l in &lines {
            assert!(l.chars().count() <= 40 || !l.trim().contains(' '), "{l:?}");
        }
        assert!(lines.iter().any(|l| l.trim() == url), "{lines:?}");
        assert_eq!(
            lines.join(" ").split_whitespace().count(),
            line.split_whitespace().count()
        );
    }

    #[test]
    fn colour_codes_take_no_width() {
        let painted = paint(style::QUOTE, "x".repeat(30));
        assert_eq!(visible_len(&painted), 30);
        assert_eq!(wrap_line(&painted, 30), vec![painted.clone()]);
    }
}
