//! Markdown through pulldown-cmark: headings, paragraphs, nested lists, tables, link text.
//! Byte offsets from the parser give every piece of text its source line.

use super::builder::{Builder, TextBuf};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Source byte offset -> 1-based line.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex(starts)
    }

    pub fn line(&self, offset: usize) -> u32 {
        self.0.partition_point(|&s| s <= offset) as u32
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

enum Open {
    Heading(u8),
    Paragraph,
    /// Text of the innermost list item not yet emitted.
    Item,
}

/// Read Markdown; returns the number of HTML elements (in raw HTML blocks) closed early for
/// nesting too deep.
pub(crate) fn read(text: &str, b: &mut Builder) -> u64 {
    let lines = LineIndex::new(text);
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut buf = TextBuf::default();
    let mut open: Vec<Open> = Vec::new();
    let mut list_depth: usize = 0;
    let mut skip = 0usize; // inside code blocks, HTML blocks, images: text not read as prose
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    let mut row_line = 0;
    let mut in_head = false;
    // A raw HTML block being collected, and the line it starts on: its text is policy text
    // too, read by the HTML reader.
    let mut html = String::new();
    let mut html_line = 0;
    let mut closed = 0;

    // Emit the text of the innermost open item (before a nested list or at its end).
    fn flush_item(buf: &mut TextBuf, b: &mut Builder, depth: usize) {
        if !buf.is_blank() {
            b.list_item(depth.saturating_sub(1).min(255) as u8, buf.take());
        } else {
            buf.take();
        }
    }

    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    if matches!(open.last(), Some(Open::Item)) {
                        flush_item(&mut buf, b, list_depth);
                    }
                    open.push(Open::Heading(level as u8));
                }
                Tag::Paragraph => {
                    if matches!(open.last(), Some(Open::Item)) {
                        // A loose list item's paragraph belongs to the item.
                        if !buf.is_blank() {
                            buf.push_continuing(" ");
                        }
                    } else {
                        open.push(Open::Paragraph);
                    }
                }
                Tag::List(_) => {
                    if matches!(open.last(), Some(Open::Item)) {
                        flush_item(&mut buf, b, list_depth);
                    } else if matches!(open.last(), Some(Open::Paragraph)) && !buf.is_blank() {
                        b.paragraph(buf.take());
                    }
                    list_depth += 1;
                }
                Tag::Item => open.push(Open::Item),
                Tag::Table(_) => b.end_table(),
                Tag::TableHead => {
                    in_head = true;
                    row.clear();
                    row_line = lines.line(range.start);
                }
                Tag::TableRow => {
                    row.clear();
                    row_line = lines.line(range.start);
                }
                Tag::TableCell => cell = Some(String::new()),
                Tag::HtmlBlock => {
                    if matches!(open.last(), Some(Open::Item)) {
                        flush_item(&mut buf, b, list_depth);
                    } else if !buf.is_blank() {
                        b.paragraph(buf.take());
                    }
                    html.clear();
                    html_line = lines.line(range.start);
                }
                Tag::CodeBlock(_) | Tag::Image { .. } | Tag::MetadataBlock(_) => skip += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    if let Some(Open::Heading(level)) = open.pop() {
                        b.heading(level, buf.take());
                    }
                }
                TagEnd::Paragraph => {
                    if matches!(open.last(), Some(Open::Paragraph)) {
                        open.pop();
                        b.paragraph(buf.take());
                    }
                }
                TagEnd::Item => {
                    if matches!(open.last(), Some(Open::Item)) {
                        open.pop();
                        flush_item(&mut buf, b, list_depth);
                    }
                }
                TagEnd::List(_) => list_depth = list_depth.saturating_sub(1),
                TagEnd::TableCell => {
                    if let Some(c) = cell.take() {
                        row.push(c);
                    }
                }
                TagEnd::TableHead => {
                    in_head = false;
                    b.table_row(true, std::mem::take(&mut row), row_line);
                }
                TagEnd::TableRow => b.table_row(in_head, std::mem::take(&mut row), row_line),
                TagEnd::Table => b.end_table(),
                TagEnd::HtmlBlock => {
                    closed += super::html::read_from(&html, html_line, b);
                    html.clear();
                }
                TagEnd::CodeBlock | TagEnd::Image | TagEnd::MetadataBlock(_) => {
                    skip = skip.saturating_sub(1)
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) if skip == 0 => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                } else {
                    buf.push(&t, lines.line(range.start));
                }
            }
            Event::Html(t) => html.push_str(&t),
            // "number<br><br>Payment card": a line break written as HTML parts items as a
            // break does; dropped, it glued the last word of one item to the first of the next.
            Event::InlineHtml(t) if skip == 0 && breaks_a_line(&t) => {
                if let Some(c) = cell.as_mut() {
                    if !c.trim_end().is_empty() && !c.trim_end().ends_with(';') {
                        c.truncate(c.trim_end().len());
                        c.push_str("; ");
                    }
                } else {
                    buf.push_continuing("\n");
                }
            }
            Event::SoftBreak | Event::HardBreak if skip == 0 => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                } else {
                    buf.push_continuing("\n");
                }
            }
            _ => {}
        }
    }
    if !buf.is_blank() {
        b.paragraph(buf.take());
    }
    closed
}

/// Whether an inline HTML tag ends a line of text: `<br>`, `<br/>`, `<p>`, `</div>`, `<li>`.
fn breaks_a_line(tag: &str) -> bool {
    // Most inline HTML is links and spans: one byte settles them.
    let first = tag.bytes().find(|b| !matches!(b, b'<' | b'/' | b' '));
    if !first.is_some_and(|b| matches!(b | 0x20, b'b' | b'p' | b'd' | b'l' | b't')) {
        return false;
    }
    let name = tag
        .trim_start_matches('<')
        .trim_start_matches('/')
        .trim_start()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    ["br", "p", "div", "li", "tr"]
        .iter()
        .any(|t| name.eq_ignore_ascii_case(t))
}
