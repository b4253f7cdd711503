//! Opening inputs safely: only regular files (or `-`, standard input) are read, and reading
//! stops at a size cap, so a FIFO, a device such as `/dev/zero` or an endless pipe is an error
//! naming the file instead of a hang or an out-of-memory kill.
//!
//! Caps, by kind of input (`--max-input-size` or `SAYDO_MAX_INPUT` sets one cap for all):
//! policies, captures and lists are read whole into memory, so their caps bound memory;
//! ledgers are streamed with flat memory, so theirs only bounds an endless input.

use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// What an input is, which sets its default cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A policy (Markdown, HTML, text), read whole.
    Policy,
    /// A ledger (CSV, JSON Lines), streamed.
    Ledger,
    /// A HAR capture, parsed whole.
    Capture,
    /// A file list, a vocabulary source, an earlier scan output.
    Other,
}

const MIB: u64 = 1 << 20;

impl Kind {
    /// Policies: 256 MiB, far above any real policy (the largest seen are a few MB) and what a
    /// 2 GB machine can analyse. Captures: 1 GiB, parsed whole. Ledgers: 16 GiB, some hundred
    /// million rows, streamed in flat memory; an endless input stops within about half a minute.
    pub fn default_cap(self) -> u64 {
        match self {
            Kind::Policy => 256 * MIB,
            Kind::Capture => 1024 * MIB,
            Kind::Ledger => 16 * 1024 * MIB,
            Kind::Other => 1024 * MIB,
        }
    }
}

/// The environment variable that sets the input cap for every kind of input.
pub const CAP_VAR: &str = "SAYDO_MAX_INPUT";

/// 0: no override, each kind has its default.
static CAP_OVERRIDE: AtomicU64 = AtomicU64::new(0);

/// Sets one cap for every kind of input (from `--max-input-size` or `SAYDO_MAX_INPUT`).
pub fn set_cap(bytes: u64) {
    CAP_OVERRIDE.store(bytes.max(1), Ordering::Relaxed);
}

/// The cap in force for `kind`.
pub fn cap(kind: Kind) -> u64 {
    match CAP_OVERRIDE.load(Ordering::Relaxed) {
        0 => kind.default_cap(),
        n => n,
    }
}

/// A size such as `256M`, `1GiB`, `64k` or a plain number of bytes (powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?}: expected a size such as 256M, 1G or 1048576"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("{text:?}: unknown unit (use K, M, G or T)")),
    };
    n.checked_mul(1 << shift)
        .filter(|&b| b > 0)
        .ok_or_else(|| format!("{text:?}: expected a size above 0 and below 16 EiB"))
}

/// "256 MiB" for messages.
pub fn show_size(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// An open input: standard input or a regular file, read through a cap.
pub struct Input {
    inner: Box<dyn Read + Send>,
    /// Bytes still allowed.
    left: u64,
    cap: u64,
    /// The file's size when opened; reading fewer bytes means it shrank under us.
    expected: Option<u64>,
    read: u64,
}

impl Input {
    /// Changes the cap once the kind is known (a log is a ledger or a capture by its content).
    pub fn set_kind(&mut self, kind: Kind) {
        let cap = cap(kind);
        self.left = cap.saturating_sub(self.read);
        self.cap = cap;
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            // At the cap: one byte more means the input is over it.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(format!(
                    "larger than the {} input cap (raise it with --max-input-size or {CAP_VAR})",
                    show_size(self.cap)
                ))),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        self.read += n as u64;
        if n == 0
            && let Some(expected) = self.expected
            && self.read < expected
        {
            return Err(io::Error::other(format!(
                "the file shrank while it was being read ({expected} bytes when opened, {} read)",
                self.read
            )));
        }
        Ok(n)
    }
}

/// Opens `path` for reading (`-` is standard input). Anything but a regular file is refused
/// before it is opened (opening a FIFO would wait for a writer).
pub fn open(path: &Path, kind: Kind) -> io::Result<Input> {
    let cap = cap(kind);
    if path.as_os_str() == "-" {
        return Ok(Input {
            inner: Box::new(io::stdin()),
            left: cap,
            cap,
            expected: None,
            read: 0,
        });
    }
    let meta = std::fs::metadata(path)?;
    check_regular(&meta)?;
    let file = std::fs::File::open(path)?;
    // The path may have been swapped between the two looks: check what was opened.
    let meta = file.metadata()?;
    check_regular(&meta)?;
    Ok(Input {
        inner: Box::new(file),
        left: cap,
        cap,
        expected: Some(meta.len()),
        read: 0,
    })
}

fn check_regular(meta: &std::fs::Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "a folder"
    } else {
        special_kind(meta)
    };
    Err(io::Error::other(format!(
        "not a regular file ({what}): refused"
    )))
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "a special file"
}

/// Reads a list of paths (`--files-from`): as [`read_all`], but a FIFO is read too, since
/// `--files-from <(find ...)` and `/dev/stdin` name one on purpose.
pub fn read_list(path: &Path) -> io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if path.as_os_str() != "-" && std::fs::metadata(path)?.file_type().is_fifo() {
            let cap = cap(Kind::Other);
            let mut input = Input {
                inner: Box::new(std::fs::File::open(path)?),
                left: cap,
                cap,
                expected: None,
                read: 0,
            };
            let mut buf = Vec::new();
            input.read_to_end(&mut buf)?;
            return Ok(buf);
        }
    }
    read_all(path, Kind::Other)
}

/// Reads all of `path` (`-`: standard input) under the cap of `kind`.
pub fn read_all(path: &Path, kind: Kind) -> io::Result<Vec<u8>> {
    let mut input = open(path, kind)?;
    let mut buf = Vec::with_capacity(input.expected.unwrap_or(0).min(input.cap) as usize);
    input.read_to_end(&mut buf)?;
    Ok(buf)
}

/// The one form of a failed read in saydo's messages: `PATH: cannot read: REASON`, where an
/// operating-system reason keeps its code (`No such file or directory (os error 2)`), as
/// ripgrep and cargo print it.
pub fn cannot_read(path: &Path, e: &io::Error) -> String {
    format!("{}: cannot read: {}", path.display(), os_message(e))
}

/// [`cannot_read`] for output: `PATH: cannot write: REASON`.
pub fn cannot_write(path: &Path, e: &io::Error) -> String {
    format!("{}: cannot write: {}", path.display(), os_message(e))
}

/// An error's reason without wrappers that name other paths: tempfile adds `at path
/// "/dir/.saydo-x.tmp"`, a name the user never gave (and it keeps the wrapped error private).
pub fn os_message(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at path \"") {
        Some(i) if e.get_ref().is_some() => text[..i].to_string(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_powers_of_1024() {
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("64k"), Ok(64 << 10));
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("99999999999T").is_err());
        assert!(parse_size("").is_err());
    }

    #[test]
    fn reading_stops_at_the_cap() {
        let mut input = Input {
            inner: Box::new(io::repeat(b'a')),
            left: 1000,
            cap: 1000,
            expected: None,
            read: 0,
        };
        let mut buf = Vec::new();
        let err = input.read_to_end(&mut buf).unwrap_err();
        assert!(err.to_string().contains("input cap"), "{err}");
        assert_eq!(buf.len(), 1000);
        // Exactly at the cap is fine.
        let mut input = Input {
            inner: Box::new(&b"abc"[..]),
            left: 3,
            cap: 3,
            expected: Some(3),
            read: 0,
        };
        let mut buf = Vec::new();
        input.read_to_end(&mut buf).unwrap();
        assert_eq!(buf, b"abc");
    }

    #[test]
    fn a_file_that_shrank_is_an_error() {
        let mut input = Input {
            inner: Box::new(&b"abc"[..]),
            left: 100,
            cap: 100,
            expected: Some(10),
            read: 0,
        };
        let err = input.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("shrank"), "{err}");
    }
}
