//! HTML through html5ever (a full HTML5 parser) into a small arena that remembers the source
//! line of every element, then a walk that emits the same blocks as the Markdown reader:
//! headings, paragraphs, list items, table rows. Scripts, styles, navigation, footers and
//! forms are boilerplate, not policy text, and are dropped.

use super::builder::{Builder, TextBuf};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeSink};
use html5ever::{Attribute, QualName, TokenizerResult, local_name, ns};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::sync::LazyLock;

/// Returned for `elem_name` on a non-element, which the parser never asks for.
static FALLBACK_NAME: LazyLock<QualName> =
    LazyLock::new(|| QualName::new(None, ns!(html), local_name!("div")));

/// Elements nested deeper than this are closed as soon as they open, their content going to
/// the element at this depth (Blink's HTML parser has the same limit). html5ever's scope
/// checks walk the stack of open elements on every tag, so without a limit 100,000 nested
/// `<div>`s take minutes.
pub(crate) const MAX_DEPTH: u32 = 512;

enum Data {
    Document,
    Element {
        name: QualName,
        line: u32,
        /// Boilerplate, or hidden (`hidden`, `aria-hidden="true"`, a navigation, banner or
        /// footer role): neither it nor anything below it is read, so its text is not kept.
        skipped: bool,
    },
    Text(String),
    Other,
}

struct Node {
    parent: Option<usize>,
    children: Vec<usize>,
    /// Depth in the tree when the node was inserted (the document is 0).
    depth: u32,
    data: Data,
}

/// The arena the parser builds into.
struct Sink {
    nodes: RefCell<Vec<Node>>,
    line: Cell<u32>,
    /// The source line of the text's first line (HTML inside Markdown starts mid-file).
    first_line: u32,
    /// The depth of the last element inserted, for [`DepthLimit`].
    inserted: Cell<Option<u32>>,
}

impl Sink {
    fn new(first_line: u32) -> Sink {
        Sink {
            first_line,
            nodes: RefCell::new(vec![Node {
                parent: None,
                children: Vec::new(),
                depth: 0,
                data: Data::Document,
            }]),
            line: Cell::new(first_line),
            inserted: Cell::new(None),
        }
    }

    fn add(&self, data: Data) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            parent: None,
            children: Vec::new(),
            depth: 0,
            data,
        });
        nodes.len() - 1
    }

    fn detach(nodes: &mut [Node], id: usize) {
        if let Some(p) = nodes[id].parent.take() {
            nodes[p].children.retain(|&c| c != id);
        }
    }

    /// Insert `child` into `parent` at `position` (None: at the end), merging adjacent text.
    fn insert(&self, parent: usize, position: Option<usize>, child: NodeOrText<usize>) {
        let mut nodes = self.nodes.borrow_mut();
        let pos = position.unwrap_or(nodes[parent].children.len());
        match child {
            NodeOrText::AppendText(text) => {
                if let Data::Element { skipped: true, .. } = nodes[parent].data {
                    // Scripts and styles: never read, so not kept.
                    return;
                }
                if pos > 0 {
                    let prev = nodes[parent].children[pos - 1];
                    if let Data::Text(t) = &mut nodes[prev].data {
                        t.push_str(&text);
                        return;
                    }
                }
                nodes.push(Node {
                    parent: Some(parent),
                    children: Vec::new(),
                    depth: 0,
                    data: Data::Text(text.to_string()),
                });
                let id = nodes.len() - 1;
                nodes[parent].children.insert(pos, id);
            }
            NodeOrText::AppendNode(id) => {
                Sink::detach(&mut nodes, id);
                let pos = pos.min(nodes[parent].children.len());
                nodes[id].parent = Some(parent);
                nodes[id].depth = nodes[parent].depth.saturating_add(1);
                if let Data::Element { .. } = nodes[id].data {
                    self.inserted.set(Some(nodes[id].depth));
                }
                nodes[parent].children.insert(pos, id);
            }
        }
    }
}

/// Between the tokenizer and the tree builder: an element that opens deeper than
/// [`MAX_DEPTH`] is closed at once by a made-up end tag, so the stack of open elements, and
/// the tree, stay within the limit.
struct DepthLimit {
    builder: TreeBuilder<usize, Sink>,
    /// Elements closed early.
    closed: Cell<u64>,
}

/// Elements without content (an end tag for some of them, `</br>`, means a new one).
fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "image"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "basefont"
            | "bgsound"
            | "frame"
    )
}

impl TokenSink for DepthLimit {
    type Handle = usize;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<usize> {
        let opened = match &token {
            Token::TagToken(tag)
                if tag.kind == TagKind::StartTag && !tag.self_closing && !is_void(&tag.name) =>
            {
                Some(tag.name.clone())
            }
            _ => None,
        };
        self.builder.sink.inserted.set(None);
        let result = self.builder.process_token(token, line);
        if let Some(name) = opened
            && matches!(result, TokenSinkResult::Continue)
            && self
                .builder
                .sink
                .inserted
                .get()
                .is_some_and(|depth| depth > MAX_DEPTH)
        {
            let end = Tag {
                kind: TagKind::EndTag,
                name,
                self_closing: false,
                attrs: Vec::new(),
                had_duplicate_attributes: false,
            };
            let _ = self.builder.process_token(Token::TagToken(end), line);
            self.closed.set(self.closed.get() + 1);
        }
        result
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = Vec<Node>;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Vec<Node> {
        self.nodes.into_inner()
    }
    fn parse_error(&self, _msg: Cow<'static, str>) {}
    fn get_document(&self) -> usize {
        0
    }
    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| match &nodes[*target].data {
            Data::Element { name, .. } => name,
            _ => &FALLBACK_NAME,
        })
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _flags: ElementFlags) -> usize {
        // Only the attributes that hide an element are read; the rest (classes, styles,
        // links) are not kept.
        let hidden = attrs.iter().any(|a| match a.name.local.as_ref() {
            "hidden" => true,
            "aria-hidden" => &*a.value == "true",
            "role" => matches!(&*a.value, "navigation" | "banner" | "contentinfo"),
            _ => false,
        });
        let skipped = hidden || is_boilerplate(name.local.as_ref());
        self.add(Data::Element {
            name,
            line: self.line.get(),
            skipped,
        })
    }
    fn create_comment(&self, _text: StrTendril) -> usize {
        self.add(Data::Other)
    }
    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.add(Data::Other)
    }
    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        self.insert(*parent, None, child);
    }
    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }
    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}
    fn get_template_contents(&self, target: &usize) -> usize {
        *target
    }
    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }
    fn set_quirks_mode(&self, _mode: QuirksMode) {}
    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        let (parent, pos) = {
            let nodes = self.nodes.borrow();
            let Some(parent) = nodes[*sibling].parent else {
                return;
            };
            let pos = nodes[parent].children.iter().position(|c| c == sibling);
            (parent, pos)
        };
        self.insert(parent, pos, new_node);
    }
    /// A second `<html>` or `<body>` tag's attributes: none of them hides the page.
    fn add_attrs_if_missing(&self, _target: &usize, _attrs: Vec<Attribute>) {}
    fn remove_from_parent(&self, target: &usize) {
        Sink::detach(&mut self.nodes.borrow_mut(), *target);
    }
    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut nodes = self.nodes.borrow_mut();
        let children = std::mem::take(&mut nodes[*node].children);
        for &c in &children {
            nodes[c].parent = Some(*new_parent);
        }
        nodes[*new_parent].children.extend(children);
    }
    fn set_current_line(&self, line: u64) {
        let line = line.saturating_add(u64::from(self.first_line) - 1);
        self.line.set(line.min(u32::MAX as u64) as u32);
    }
}

/// Elements whose content is not policy prose.
fn is_boilerplate(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "svg"
            | "iframe"
            | "head"
            | "object"
            | "canvas"
            | "dialog"
            | "menu"
    )
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "body"
            | "html"
            | "blockquote"
            | "address"
            | "pre"
            | "dl"
            | "dt"
            | "dd"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "fieldset"
            | "center"
            | "hr"
            | "caption"
    )
}

struct Walker<'a> {
    nodes: &'a [Node],
    b: &'a mut Builder,
    buf: TextBuf,
    list_depth: usize,
    /// Whether a node has a `<nav>` below it (a `<header>` with one is site navigation).
    has_nav: Vec<bool>,
}

/// The walk's explicit stack (input nesting must not become recursion): a node to visit, or
/// what is left to do when an element's children are done.
enum Step {
    Visit {
        node: usize,
        parent: usize,
        in_item: bool,
    },
    EndList,
    EndItem,
    EndBlock {
        in_item: bool,
    },
}

impl Walker<'_> {
    fn tag(&self, id: usize) -> Option<(&str, u32)> {
        match &self.nodes[id].data {
            Data::Element { name, line, .. } => Some((name.local.as_ref(), *line)),
            _ => None,
        }
    }

    fn skipped(&self, id: usize) -> bool {
        matches!(self.nodes[id].data, Data::Element { skipped: true, .. })
    }

    /// Marks every ancestor of every `<nav>`: linear, where a search below each `<header>`
    /// is quadratic in nested headers.
    fn find_navs(nodes: &[Node]) -> Vec<bool> {
        let mut has_nav = vec![false; nodes.len()];
        for node in nodes {
            let Data::Element { name, .. } = &node.data else {
                continue;
            };
            if &*name.local != "nav" {
                continue;
            }
            let mut up = node.parent;
            while let Some(p) = up {
                if has_nav[p] {
                    break;
                }
                has_nav[p] = true;
                up = nodes[p].parent;
            }
        }
        has_nav
    }

    fn flush_paragraph(&mut self) {
        if !self.buf.is_blank() {
            self.b.paragraph(self.buf.take());
        } else {
            self.buf.take();
        }
    }

    fn flush_item(&mut self) {
        if !self.buf.is_blank() {
            let depth = self.list_depth.saturating_sub(1).min(255) as u8;
            self.b.list_item(depth, self.buf.take());
        } else {
            self.buf.take();
        }
    }

    /// Collect all text below `id` as one string (for headings and cells).
    fn text_of(&self, id: usize, out: &mut TextBuf) {
        // (element, its next child, where its text began, a space after it)
        let mut stack = vec![(id, 0usize, None, false)];
        while let Some(top) = stack.last_mut() {
            let Some(&c) = self.nodes[top.0].children.get(top.1) else {
                if let Some((_, _, mark, spaced)) = stack.pop() {
                    if let Some(mark) = mark {
                        out.close(mark);
                    }
                    if spaced {
                        out.push_continuing(" ");
                    }
                }
                continue;
            };
            top.1 += 1;
            match &self.nodes[c].data {
                Data::Text(t) => out.push_continuing(t),
                Data::Element {
                    name,
                    line,
                    skipped,
                    ..
                } => {
                    let tag = name.local.as_ref();
                    if *skipped {
                        continue;
                    }
                    if tag == "br" {
                        out.push_continuing(" ");
                        continue;
                    }
                    if out.is_blank() {
                        out.push("", *line);
                    }
                    let spaced = is_block(tag) || matches!(tag, "li" | "td" | "th" | "tr");
                    stack.push((c, 0, Some(out.mark()), spaced));
                }
                _ => {}
            }
        }
    }

    /// The inline-or-block walk: `id`'s children go into the current buffer or become blocks.
    fn walk(&mut self, id: usize) {
        let mut steps = Vec::new();
        self.visit_children(id, false, &mut steps);
        while let Some(step) = steps.pop() {
            match step {
                Step::Visit {
                    node,
                    parent,
                    in_item,
                } => match &self.nodes[node].data {
                    Data::Text(t) => {
                        if self.buf.text.is_empty() && t.trim().is_empty() {
                            continue;
                        }
                        let line = match self.tag(parent) {
                            Some((_, l)) if self.buf.text.is_empty() => l,
                            _ => 0,
                        };
                        if self.buf.text.is_empty() {
                            self.buf.push(t, line.max(1));
                        } else {
                            self.buf.push_continuing(t);
                        }
                    }
                    Data::Element { .. } => self.element(node, in_item, &mut steps),
                    _ => {}
                },
                Step::EndList => self.list_depth -= 1,
                Step::EndItem => self.flush_item(),
                Step::EndBlock { in_item } => self.end_inline(in_item),
            }
        }
    }

    /// Queue `id`'s children, first on top.
    fn visit_children(&self, id: usize, in_item: bool, steps: &mut Vec<Step>) {
        steps.extend(
            self.nodes[id]
                .children
                .iter()
                .rev()
                .map(|&node| Step::Visit {
                    node,
                    parent: id,
                    in_item,
                }),
        );
    }

    fn element(&mut self, id: usize, in_item: bool, steps: &mut Vec<Step>) {
        let Some((tag, line)) = self.tag(id) else {
            return;
        };
        if self.skipped(id) {
            return;
        }
        if tag == "header" && self.has_nav[id] {
            return;
        }
        match tag {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = tag.as_bytes()[1] - b'0';
                self.end_inline(in_item);
                let mut t = TextBuf::default();
                t.push("", line);
                self.text_of(id, &mut t);
                self.b.heading(level, t);
            }
            "ul" | "ol" => {
                self.end_inline(in_item);
                self.list_depth += 1;
                steps.push(Step::EndList);
                self.visit_children(id, false, steps);
            }
            "li" => {
                self.end_inline(in_item);
                self.anchor(line);
                steps.push(Step::EndItem);
                self.visit_children(id, true, steps);
            }
            "table" => {
                self.end_inline(in_item);
                self.b.end_table();
                self.table(id);
                self.b.end_table();
            }
            "br" => self.buf.push_continuing(" "),
            t if is_block(t) => {
                self.end_inline(in_item);
                self.anchor(line);
                steps.push(Step::EndBlock { in_item });
                self.visit_children(id, in_item, steps);
            }
            _ => {
                if self.buf.text.is_empty() {
                    self.anchor(line);
                }
                self.visit_children(id, in_item, steps);
            }
        }
    }

    /// Start the buffer at an element's line (an empty push records the anchor).
    fn anchor(&mut self, line: u32) {
        if self.buf.is_blank() {
            self.buf = TextBuf::default();
            self.buf.push("", line);
        }
    }

    fn end_inline(&mut self, in_item: bool) {
        if in_item {
            self.flush_item();
        } else {
            self.flush_paragraph();
        }
    }

    fn table(&mut self, id: usize) {
        for &c in &self.nodes[id].children {
            let Some((tag, line)) = self.tag(c) else {
                continue;
            };
            match tag {
                "thead" | "tbody" | "tfoot" => {
                    let head = tag == "thead";
                    for &r in &self.nodes[c].children {
                        if self.tag(r).is_some_and(|(t, _)| t == "tr") {
                            self.row(r, head);
                        }
                    }
                }
                "tr" => self.row(c, false),
                "caption" => {
                    let mut t = TextBuf::default();
                    t.push("", line);
                    self.text_of(c, &mut t);
                    self.b.paragraph(t);
                }
                _ => {}
            }
        }
    }

    fn row(&mut self, id: usize, head: bool) {
        let line = self.tag(id).map_or(1, |(_, l)| l);
        let mut cells = Vec::new();
        let mut all_th = true;
        for &c in &self.nodes[id].children {
            if let Some((t, _)) = self.tag(c)
                && (t == "td" || t == "th")
            {
                all_th &= t == "th";
                let mut buf = TextBuf::default();
                self.text_of(c, &mut buf);
                cells.push(buf.text);
            }
        }
        if !cells.is_empty() {
            self.b.table_row(head || all_th, cells, line);
        }
    }
}

/// Input goes to the parser in pieces of about this many bytes, so the parser does not hold
/// a second copy of the whole page.
const CHUNK: usize = 64 * 1024;

/// Parse and read; returns the number of elements closed early for nesting deeper than
/// [`MAX_DEPTH`].
pub(crate) fn read(text: &str, b: &mut Builder) -> u64 {
    read_from(text, 1, b)
}

/// As [`read`], for HTML whose first line is line `first_line` of the file.
pub(crate) fn read_from(text: &str, first_line: u32, b: &mut Builder) -> u64 {
    let limit = DepthLimit {
        builder: TreeBuilder::new(Sink::new(first_line.max(1)), Default::default()),
        closed: Cell::new(0),
    };
    let tokenizer = Tokenizer::new(limit, Default::default());
    let input = BufferQueue::default();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        input.push_back(StrTendril::from_slice(&rest[..cut]));
        rest = &rest[cut..];
        // A `</script>` pauses the tokenizer (for a script to run); go on.
        while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    }
    tokenizer.end();
    let closed = tokenizer.sink.closed.get();
    let nodes = tokenizer.sink.builder.sink.nodes.take();
    let mut w = Walker {
        has_nav: Walker::find_navs(&nodes),
        nodes: &nodes,
        b,
        buf: TextBuf::default(),
        list_depth: 0,
    };
    w.walk(0);
    w.flush_paragraph();
    closed
}
