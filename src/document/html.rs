//! HTML through html5ever (a full HTML5 parser) into a small arena that remembers the source
//! line of every element, then a walk that emits the same blocks as the Markdown reader:
//! headings, paragraphs, list items, table rows. Scripts, styles, navigation, footers and
//! forms are boilerplate, not policy text, and are dropped.

use super::builder::{Builder, TextBuf};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};
use html5ever::tree_builder::ElemName;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeSink};
use html5ever::{Attribute, LocalName, Namespace, QualName, TokenizerResult, local_name, ns};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::sync::LazyLock;

/// Returned for `elem_name` on a non-element, which the parser never asks for.
static FALLBACK_NAME: LazyLock<Name> = LazyLock::new(|| Name {
    ns: ns!(html),
    local: local_name!("div"),
});

/// An element's name: what the tree builder asks for (an HTML parser gives elements no
/// prefix), in 16 bytes where a `QualName` takes 24.
#[derive(Debug)]
struct Name {
    ns: Namespace,
    local: LocalName,
}

/// A borrowed [`Name`], as the tree builder asks for it.
#[derive(Debug)]
struct NameRef<'a>(Ref<'a, Name>);

impl ElemName for NameRef<'_> {
    fn ns(&self) -> &Namespace {
        &self.0.ns
    }
    fn local_name(&self) -> &LocalName {
        &self.0.local
    }
}

/// Elements nested deeper than this are closed as soon as they open, their content going to
/// the element at this depth (Blink's HTML parser has the same limit). html5ever's scope
/// checks walk the stack of open elements on every tag, so without a limit 100,000 nested
/// `<div>`s take minutes.
pub(crate) const MAX_DEPTH: u32 = 512;

enum Data {
    Document,
    Element {
        name: Name,
        line: u32,
        /// Boilerplate, or hidden (`hidden`, `aria-hidden="true"`, a navigation, banner or
        /// footer role): neither it nor anything below it is read, so its text is not kept.
        skipped: bool,
    },
    /// Owned (never a slice of the parser's input, which would keep the input alive), and
    /// held in place up to 8 bytes: a page's whitespace between elements costs no allocation.
    Text(StrTendril),
    Other,
}

/// No node (a parent, child or sibling link).
const NONE: u32 = u32::MAX;

/// A node in the arena, linked to its parent and siblings by index: inserting before a
/// sibling (tables push misplaced content before themselves) is constant time, where a
/// vector of children made it linear, and there is no allocation per node. 48 bytes (it was
/// 56): a page's tree is most of the memory of reading it.
struct Node {
    parent: u32,
    first_child: u32,
    last_child: u32,
    prev: u32,
    next: u32,
    /// Depth in the tree when the node was inserted (the document is 0).
    depth: u32,
    data: Data,
}

const _: () = assert!(std::mem::size_of::<Node>() <= 48);

impl Node {
    fn new(data: Data) -> Node {
        Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            prev: NONE,
            next: NONE,
            depth: 0,
            data,
        }
    }
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
    /// A sink for about `nodes` nodes (room for fewer when the system refuses as many).
    fn new(first_line: u32, nodes: usize) -> Sink {
        let mut arena = Vec::new();
        let _ = arena.try_reserve_exact(nodes);
        arena.push(Node::new(Data::Document));
        Sink {
            first_line,
            nodes: RefCell::new(arena),
            line: Cell::new(first_line),
            inserted: Cell::new(None),
        }
    }

    fn add(&self, data: Data) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node::new(data));
        nodes.len() - 1
    }

    fn detach(nodes: &mut [Node], id: usize) {
        let (parent, prev, next) = (nodes[id].parent, nodes[id].prev, nodes[id].next);
        if parent == NONE {
            return;
        }
        if prev == NONE {
            nodes[parent as usize].first_child = next;
        } else {
            nodes[prev as usize].next = next;
        }
        if next == NONE {
            nodes[parent as usize].last_child = prev;
        } else {
            nodes[next as usize].prev = prev;
        }
        let node = &mut nodes[id];
        (node.parent, node.prev, node.next) = (NONE, NONE, NONE);
    }

    /// Link the detached `id` into `parent` before `before` (NONE: at the end).
    fn link(nodes: &mut [Node], parent: usize, before: u32, id: usize) {
        let prev = if before == NONE {
            nodes[parent].last_child
        } else {
            nodes[before as usize].prev
        };
        if prev == NONE {
            nodes[parent].first_child = id as u32;
        } else {
            nodes[prev as usize].next = id as u32;
        }
        if before == NONE {
            nodes[parent].last_child = id as u32;
        } else {
            nodes[before as usize].prev = id as u32;
        }
        let depth = nodes[parent].depth.saturating_add(1);
        let node = &mut nodes[id];
        (node.parent, node.prev, node.next, node.depth) = (parent as u32, prev, before, depth);
    }

    /// Insert `child` into `parent` before `before` (NONE: at the end), merging adjacent text.
    fn insert(&self, parent: usize, before: u32, child: NodeOrText<usize>) {
        let mut nodes = self.nodes.borrow_mut();
        match child {
            NodeOrText::AppendText(text) => {
                if let Data::Element { skipped: true, .. } = nodes[parent].data {
                    // Scripts and styles: never read, so not kept.
                    return;
                }
                let prev = if before == NONE {
                    nodes[parent].last_child
                } else {
                    nodes[before as usize].prev
                };
                if prev != NONE
                    && let Data::Text(t) = &mut nodes[prev as usize].data
                {
                    t.push_tendril(&text);
                    return;
                }
                let text = if text.is_shared() {
                    StrTendril::from_slice(&text)
                } else {
                    text
                };
                nodes.push(Node::new(Data::Text(text)));
                let id = nodes.len() - 1;
                Sink::link(&mut nodes, parent, before, id);
            }
            NodeOrText::AppendNode(id) => {
                Sink::detach(&mut nodes, id);
                Sink::link(&mut nodes, parent, before, id);
                if let Data::Element { .. } = nodes[id].data {
                    self.inserted.set(Some(nodes[id].depth));
                }
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
    type ElemName<'a> = NameRef<'a>;

    fn finish(self) -> Vec<Node> {
        self.nodes.into_inner()
    }
    fn parse_error(&self, _msg: Cow<'static, str>) {}
    fn get_document(&self) -> usize {
        0
    }
    fn elem_name<'a>(&'a self, target: &'a usize) -> NameRef<'a> {
        NameRef(Ref::map(self.nodes.borrow(), |nodes| {
            match &nodes[*target].data {
                Data::Element { name, .. } => name,
                _ => &FALLBACK_NAME,
            }
        }))
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
            name: Name {
                ns: name.ns,
                local: name.local,
            },
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
        self.insert(*parent, NONE, child);
    }
    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        if self.nodes.borrow()[*element].parent != NONE {
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
        let parent = self.nodes.borrow()[*sibling].parent;
        if parent != NONE {
            self.insert(parent as usize, *sibling as u32, new_node);
        }
    }
    fn add_attrs_if_missing(&self, _target: &usize, _attrs: Vec<Attribute>) {}
    fn remove_from_parent(&self, target: &usize) {
        Sink::detach(&mut self.nodes.borrow_mut(), *target);
    }
    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes[*node].first_child;
        while child != NONE {
            let next = nodes[child as usize].next;
            Sink::detach(&mut nodes, child as usize);
            Sink::link(&mut nodes, *new_parent, NONE, child as usize);
            child = next;
        }
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

/// Elements whose start or end can end a block (see [`Walker::element`]).
fn ends_block(tag: &str) -> bool {
    is_block(tag)
        || matches!(
            tag,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "li" | "table" | "tr"
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
    /// Owned, so that text can be moved out as it is read (the blocks replace the tree).
    nodes: Vec<Node>,
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
            while up != NONE && !has_nav[up as usize] {
                has_nav[up as usize] = true;
                up = nodes[up as usize].parent;
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
    fn text_of(&mut self, id: usize, out: &mut TextBuf) {
        // (the element's next child, where its text began, a space after it)
        let mut stack = vec![(self.nodes[id].first_child, None, false)];
        while let Some(top) = stack.last_mut() {
            let c = top.0 as usize;
            if top.0 == NONE {
                if let Some((_, mark, spaced)) = stack.pop() {
                    if let Some(mark) = mark {
                        out.close(mark);
                    }
                    if spaced {
                        out.push_continuing(" ");
                    }
                }
                continue;
            }
            top.0 = self.nodes[c].next;
            match &mut self.nodes[c].data {
                Data::Text(t) => {
                    out.push_continuing(t);
                    *t = StrTendril::new();
                }
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
                    stack.push((self.nodes[c].first_child, Some(out.mark()), spaced));
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
                } => {
                    // The next sibling waits under what this node queues.
                    let next = self.nodes[node].next;
                    if next != NONE {
                        steps.push(Step::Visit {
                            node: next as usize,
                            parent,
                            in_item,
                        });
                    }
                    self.visit(node, parent, in_item, &mut steps);
                }
                Step::EndList => self.list_depth -= 1,
                Step::EndItem => self.flush_item(),
                Step::EndBlock { in_item } => self.end_inline(in_item),
            }
        }
    }

    fn visit(&mut self, node: usize, parent: usize, in_item: bool, steps: &mut Vec<Step>) {
        match &mut self.nodes[node].data {
            Data::Text(t) => {
                let t = std::mem::take(t);
                if self.buf.text.is_empty() && t.trim().is_empty() {
                    return;
                }
                let line = match self.tag(parent) {
                    Some((_, l)) if self.buf.text.is_empty() => l,
                    _ => 0,
                };
                if self.buf.text.is_empty() {
                    self.buf.push(&t, line.max(1));
                } else {
                    self.buf.push_continuing(&t);
                }
            }
            Data::Element { .. } => self.element(node, in_item, steps),
            _ => {}
        }
    }

    /// Queue `id`'s children: the first, which queues its next sibling when visited (one step
    /// per level, where a step per child held a page's every paragraph at once).
    fn visit_children(&self, id: usize, in_item: bool, steps: &mut Vec<Step>) {
        let first = self.nodes[id].first_child;
        if first != NONE {
            steps.push(Step::Visit {
                node: first as usize,
                parent: id,
                in_item,
            });
        }
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
        // Children by their links, not an iterator borrowing the tree: reading a cell takes
        // its text out.
        let mut c = self.nodes[id].first_child;
        while c != NONE {
            let next = self.nodes[c as usize].next;
            if let Some((tag, line)) = self.tag(c as usize) {
                match tag {
                    "thead" | "tbody" | "tfoot" => {
                        let head = tag == "thead";
                        let mut r = self.nodes[c as usize].first_child;
                        while r != NONE {
                            if self.tag(r as usize).is_some_and(|(t, _)| t == "tr") {
                                self.row(r as usize, head);
                            }
                            r = self.nodes[r as usize].next;
                        }
                    }
                    "tr" => self.row(c as usize, false),
                    "caption" => {
                        let mut t = TextBuf::default();
                        t.push("", line);
                        self.text_of(c as usize, &mut t);
                        self.b.paragraph(t);
                    }
                    _ => {}
                }
            }
            c = next;
        }
    }

    fn row(&mut self, id: usize, head: bool) {
        let line = self.tag(id).map_or(1, |(_, l)| l);
        let mut cells = Vec::new();
        let mut all_th = true;
        let mut c = self.nodes[id].first_child;
        while c != NONE {
            if let Some((t, _)) = self.tag(c as usize)
                && (t == "td" || t == "th")
            {
                all_th &= t == "th";
                let mut buf = TextBuf::default();
                self.text_of(c as usize, &mut buf);
                cells.push(buf.text);
            }
            c = self.nodes[c as usize].next;
        }
        if !cells.is_empty() {
            self.b.table_row(head || all_th, cells, line);
        }
    }
}

/// Input goes to the parser in pieces of about this many bytes, so the parser does not hold
/// a second copy of the whole page.
const CHUNK: usize = 64 * 1024;

/// Parse and read HTML whose first line is line `first_line` of the file; returns the number
/// of elements closed early for nesting deeper than [`MAX_DEPTH`].
pub(crate) fn read_from(text: &str, first_line: u32, b: &mut Builder) -> u64 {
    read_tree(parse(text, first_line), b)
}

/// A parsed page, which no longer needs the text it came from.
pub(crate) struct Tree {
    nodes: Vec<Node>,
    /// Elements closed early for nesting deeper than [`MAX_DEPTH`].
    closed: u64,
}

pub(crate) fn parse(text: &str, first_line: u32) -> Tree {
    // A tag makes at most one element and one text node after it, but for a few the parser
    // adds (html, head, body): room for them all at once. Growing by doubling copied the
    // tree at every step, the old copy held until the allocator gave it back (a 50 MB page's
    // tree is 80 MB); room not used is never touched, so it costs no memory, only address
    // space, kept to 12 bytes a byte of page (a tag takes 4 bytes of page at least).
    let tags = memchr::memchr_iter(b'<', text.as_bytes()).count();
    let room = tags.saturating_mul(2).min(text.len() / 4).saturating_add(8);
    let sink = Sink::new(first_line.max(1), room);
    let limit = DepthLimit {
        builder: TreeBuilder::new(sink, Default::default()),
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
    Tree {
        closed: tokenizer.sink.closed.get(),
        nodes: tokenizer.sink.builder.sink.nodes.take(),
    }
}

/// Blocks from a parsed page; returns the number of elements closed early.
pub(crate) fn read_tree(tree: Tree, b: &mut Builder) -> u64 {
    // Room for the blocks at once, as for the tree (see `parse`): every block holds the text
    // of one node at least, and ends where a block element starts or ends.
    let (mut texts, mut ends) = (0usize, 1usize);
    for n in &tree.nodes {
        match &n.data {
            Data::Text(t) if !t.trim().is_empty() => texts += 1,
            Data::Element { name, .. } if ends_block(name.local.as_ref()) => ends += 2,
            _ => {}
        }
    }
    b.reserve(texts.min(ends));
    let mut w = Walker {
        has_nav: Walker::find_navs(&tree.nodes),
        nodes: tree.nodes,
        b,
        buf: TextBuf::default(),
        list_depth: 0,
    };
    w.walk(0);
    w.flush_paragraph();
    tree.closed
}
