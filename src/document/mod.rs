//! Reading policies: bytes are decoded (BOM, UTF-16, Windows-1252, or refused as binary), then
//! Markdown, HTML or plain text becomes a [`Document`]: a flat list of blocks (headings,
//! paragraphs, list items, table rows), each with the heading path in force and its source
//! line span, and with the structure extraction needs (which lead-in sentence governs a list
//! item, which header row a table row belongs to).

mod builder;
mod decode;
mod html;
pub mod language;
mod long_sentences;
mod markdown;
mod sentences;
mod text;

pub use builder::collapse as fold_whitespace;
pub use builder::count_words;
pub use decode::decode;
pub use long_sentences::MAX_SENTENCE;
pub use sentences::{is_enumerator, split_sentences};

use std::borrow::Cow;
use std::path::Path;

/// The source format of a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Markdown (also `md`): headings, lists and tables carry structure.
    #[value(alias = "md")]
    Markdown,
    /// HTML (also `htm`), read with an HTML5 parser.
    #[value(alias = "htm")]
    Html,
    /// Plain text (also `txt`).
    #[value(alias = "txt")]
    Text,
}

impl Format {
    /// The format a file name's extension says, if it says one.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }

    /// Guess from content: markup tags mean HTML, Markdown syntax means Markdown.
    pub fn sniff(text: &str) -> Format {
        let head: String = text
            .chars()
            .take(4096)
            .collect::<String>()
            .to_ascii_lowercase();
        let trimmed = head.trim_start();
        if trimmed.starts_with("<!doctype html")
            || trimmed.starts_with("<html")
            || ["<body", "<p>", "<p ", "<div", "<h1", "<h2", "<ul", "<table"]
                .iter()
                .any(|t| head.contains(t))
        {
            return Format::Html;
        }
        let markdownish = head.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("# ") || l.starts_with("## ") || l.starts_with("|") || l.contains("](")
        });
        if markdownish {
            Format::Markdown
        } else {
            Format::Text
        }
    }
}

/// What a block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum BlockKind {
    Heading {
        level: u8,
    },
    Paragraph,
    /// `depth` 0 is a top-level list item.
    ListItem {
        depth: u8,
    },
    TableRow {
        header: bool,
    },
}

/// A unit of text with its place in the document.
#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's text; `\n` marks a source line break, so line numbers can be recovered.
    pub text: String,
    /// Table rows: the text of each cell.
    pub cells: Vec<String>,
    pub line: u32,
    pub end_line: u32,
    /// Index into [`Document::sections`]: the heading path in force at this block.
    pub section: u32,
    /// For a list item: the block (paragraph or parent item) immediately introducing its list.
    pub lead_in: Option<u32>,
    /// For a table row: the header row of its table.
    pub table_header: Option<u32>,
    /// (offset in `text`, source line) pairs, ascending: where the text's lines come from.
    anchors: Box<[(u32, u32)]>,
    /// Offsets of the `\n`s in `text`, ascending: a line lookup is two binary searches, not a
    /// count of the newlines since the anchor (quadratic over a long block's sentences).
    newlines: Box<[u32]>,
    /// Sentence spans in `text`, split once when the document is parsed.
    pub sentences: Vec<(usize, usize)>,
}

impl Block {
    /// The source line of a byte offset in `text`.
    pub fn line_at(&self, offset: usize) -> u32 {
        let i = self
            .anchors
            .partition_point(|&(o, _)| o as usize <= offset)
            .saturating_sub(1);
        let (o, line) = self.anchors.get(i).copied().unwrap_or((0, self.line));
        let o = (o as usize).min(offset).min(self.text.len());
        let end = offset.min(self.text.len());
        let before = |at: usize| self.newlines.partition_point(|&n| (n as usize) < at);
        line + (before(end) - before(o)) as u32
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }
}

/// A policy as blocks.
#[derive(Clone, Debug)]
pub struct Document {
    /// The path as given (or `-` for standard input).
    pub path: String,
    pub format: Format,
    pub bytes: usize,
    pub blocks: Vec<Block>,
    /// Heading paths; `sections[0]` is the empty path before the first heading.
    pub sections: Vec<Vec<String>>,
    /// Things worth telling the reader that did not stop the reading (e.g. "decoded as windows-1252").
    pub warnings: Vec<String>,
    /// Whether the text reads as English (saydo's rules are English); `None` when it is too
    /// short to tell.
    pub english: Option<bool>,
}

impl Document {
    pub fn heading_path(&self, block: &Block) -> &[String] {
        self.sections
            .get(block.section as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Parse already-decoded text.
    pub fn parse(path: &str, text: &str, format: Format) -> Document {
        Document::parse_text(path, Cow::Borrowed(text), format)
    }

    /// As [`Document::parse`]; owned text is dropped as soon as it has been read, before the
    /// blocks are built (a big page would otherwise be held twice over).
    fn parse_text(path: &str, text: Cow<'_, str>, format: Format) -> Document {
        let bytes = text.len();
        let mut b = builder::Builder::new();
        let mut warnings = Vec::new();
        let closed = match format {
            Format::Markdown => {
                let closed = markdown::read(&text, &mut b);
                drop(text);
                closed
            }
            Format::Html => {
                let tree = html::parse(&text, 1);
                drop(text);
                html::read_tree(tree, &mut b)
            }
            Format::Text => {
                text::read(&text, &mut b);
                drop(text);
                0
            }
        };
        if closed > 0 {
            warnings.push(format!(
                "{closed} HTML elements nested deeper than {} levels were closed where they opened; their text is read as part of the element that holds them",
                html::MAX_DEPTH
            ));
        }
        let (mut blocks, sections) = b.finish();
        let mut sample = language::EnglishSample::default();
        // Source lines of the sentences cut for length (see `long_sentences`).
        let mut cut_lines = Vec::new();
        for block in &mut blocks {
            block.sentences = split_sentences(&block.text);
            for start in long_sentences::bound(&block.text, &mut block.sentences) {
                // The warning names a few lines; a line number costs a count of newlines.
                cut_lines.push(
                    (cut_lines.len() < long_sentences::LINES_NAMED).then(|| block.line_at(start)),
                );
            }
            if !sample.is_full() {
                sample.add(&block.text);
            }
        }
        let english = sample.english();
        if !cut_lines.is_empty() {
            warnings.push(long_sentences::warning(&cut_lines));
        }
        if english == Some(false) {
            warnings.push(
                "the text does not read as English, and saydo's vocabulary and rules are English: what it declares is not extracted"
                    .to_string(),
            );
        }
        Document {
            path: path.to_string(),
            format,
            bytes,
            blocks,
            sections,
            warnings,
            english,
        }
    }

    /// Decode and parse bytes; the format comes from `forced`, else the name's extension,
    /// else the content.
    pub fn from_bytes(
        path: &str,
        bytes: &[u8],
        forced: Option<Format>,
    ) -> Result<Document, DocumentError> {
        let decoded = decode(bytes).map_err(|reason| DocumentError::Decode {
            path: path.to_string(),
            reason,
        })?;
        Ok(Document::from_decoded(path, decoded, bytes.len(), forced))
    }

    /// As [`Document::from_bytes`], owning the bytes, which then need no copy.
    pub fn from_vec(
        path: &str,
        bytes: Vec<u8>,
        forced: Option<Format>,
    ) -> Result<Document, DocumentError> {
        let len = bytes.len();
        let decoded = decode::decode_owned(bytes).map_err(|reason| DocumentError::Decode {
            path: path.to_string(),
            reason,
        })?;
        Ok(Document::from_decoded(path, decoded, len, forced))
    }

    fn from_decoded(
        path: &str,
        decoded: decode::Decoded,
        bytes: usize,
        forced: Option<Format>,
    ) -> Document {
        let format = forced
            .or_else(|| Format::from_path(Path::new(path)))
            .unwrap_or_else(|| Format::sniff(&decoded.text));
        let mut doc = Document::parse_text(path, Cow::Owned(decoded.text), format);
        doc.bytes = bytes;
        if let Some(note) = decoded.note {
            doc.warnings.push(note);
        }
        doc
    }

    /// Read a file (or standard input for `-`).
    pub fn read(path: &Path, forced: Option<Format>) -> Result<Document, DocumentError> {
        let name = path.display().to_string();
        // Only regular files and standard input, up to the policy size cap.
        let bytes = crate::input::read_all(path, crate::input::Kind::Policy).map_err(|source| {
            DocumentError::Io {
                path: name.clone(),
                source,
            }
        })?;
        Document::from_vec(&name, bytes, forced)
    }
}

/// A policy that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Decode { path: String, reason: String },
}

impl DocumentError {
    pub fn path(&self) -> &str {
        match self {
            DocumentError::Io { path, .. } | DocumentError::Decode { path, .. } => path,
        }
    }
}

#[cfg(test)]
mod tests;
