//! HTML through html5ever (a full HTML5 parser) into a small arena that remembers the source
//! line of every element, then a walk that emits the same blocks as the Markdown reader:
//! headings, paragraphs, list items, table rows. Scripts, styles, navigation, footers and
//! forms are boilerplate, not policy text, and are dropped.

use super::builder::{Builder, TextBuf};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName, local_name, ns};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::sync::LazyLock;

/// Returned for `elem_name` on a non-element, which the parser never asks for.
static FALLBACK_NAME: LazyLock<QualName> =
    LazyLock::new(|| QualName::new(None, ns!(html), local_name!("div")));

enum Data {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
        line: u32,
    },
    Text(String),
    Other,
}

struct Node {
    parent: Option<usize>,
    children: Vec<usize>,
    data: Data,
}

/// The arena the parser builds into.
struct Sink {
    nodes: RefCell<Vec<Node>>,
    line: Cell<u32>,
}

impl Sink {
    fn new() -> Sink {
        Sink {
            nodes: RefCell::new(vec![Node {
                parent: None,
                children: Vec::new(),
                data: Data::Document,
            }]),
            line: Cell::new(1),
        }
    }

    fn add(&self, data: Data) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            parent: None,
            children: Vec::new(),
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
                    data: Data::Text(text.to_string()),
                });
                let id = nodes.len() - 1;
                nodes[parent].children.insert(pos, id);
            }
            NodeOrText::AppendNode(id) => {
                Sink::detach(&mut nodes, id);
                let pos = pos.min(nodes[parent].children.len());
                nodes[id].parent = Some(parent);
                nodes[parent].children.insert(pos, id);
            }
        }
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
        self.add(Data::Element {
            name,
            attrs,
            line: self.line.get(),
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
    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        if let Data::Element {
            attrs: existing, ..
        } = &mut self.nodes.borrow_mut()[*target].data
        {
            for a in attrs {
                if !existing.iter().any(|e| e.name == a.name) {
                    existing.push(a);
                }
            }
        }
    }
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
}

impl Walker<'_> {
    fn tag(&self, id: usize) -> Option<(&str, u32)> {
        match &self.nodes[id].data {
            Data::Element { name, line, .. } => Some((name.local.as_ref(), *line)),
            _ => None,
        }
    }

    fn attr(&self, id: usize, key: &str) -> Option<&str> {
        match &self.nodes[id].data {
            Data::Element { attrs, .. } => attrs
                .iter()
                .find(|a| &*a.name.local == key)
                .map(|a| &*a.value),
            _ => None,
        }
    }

    fn hidden(&self, id: usize) -> bool {
        self.attr(id, "hidden").is_some()
            || self.attr(id, "aria-hidden") == Some("true")
            || self
                .attr(id, "role")
                .is_some_and(|r| matches!(r, "navigation" | "banner" | "contentinfo"))
    }

    fn contains_tag(&self, id: usize, wanted: &str) -> bool {
        self.nodes[id]
            .children
            .iter()
            .any(|&c| self.tag(c).is_some_and(|(t, _)| t == wanted) || self.contains_tag(c, wanted))
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
        for &c in &self.nodes[id].children {
            match &self.nodes[c].data {
                Data::Text(t) => out.push_continuing(t),
                Data::Element { name, line, .. } => {
                    let tag = name.local.as_ref();
                    if is_boilerplate(tag) || self.hidden(c) {
                        continue;
                    }
                    if tag == "br" {
                        out.push_continuing(" ");
                        continue;
                    }
                    if out.is_blank() {
                        out.push("", *line);
                    }
                    let mut inner = TextBuf::default();
                    self.text_of(c, &mut inner);
                    if !inner.is_blank() {
                        if out.text.is_empty() {
                            out.push(&inner.text, *line);
                        } else {
                            out.push_continuing(&inner.text);
                        }
                    }
                    if is_block(tag) || matches!(tag, "li" | "td" | "th" | "tr") {
                        out.push_continuing(" ");
                    }
                }
                _ => {}
            }
        }
    }

    /// The inline-or-block walk: `id`'s children go into the current buffer or become blocks.
    fn walk(&mut self, id: usize, in_item: bool) {
        let children = self.nodes[id].children.clone();
        for c in children {
            match &self.nodes[c].data {
                Data::Text(t) => {
                    if self.buf.text.is_empty() && t.trim().is_empty() {
                        continue;
                    }
                    let line = match self.tag(id) {
                        Some((_, l)) if self.buf.text.is_empty() => l,
                        _ => 0,
                    };
                    if self.buf.text.is_empty() {
                        self.buf.push(t, line.max(1));
                    } else {
                        self.buf.push_continuing(t);
                    }
                }
                Data::Element { .. } => self.element(c, in_item),
                _ => {}
            }
        }
    }

    fn element(&mut self, id: usize, in_item: bool) {
        let Some((tag, line)) = self.tag(id) else {
            return;
        };
        let tag = tag.to_string();
        if is_boilerplate(&tag) || self.hidden(id) {
            return;
        }
        if tag == "header" && self.contains_tag(id, "nav") {
            return;
        }
        match tag.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.end_inline(in_item);
                let mut t = TextBuf::default();
                t.push("", line);
                self.text_of(id, &mut t);
                self.b.heading(tag.as_bytes()[1] - b'0', t);
            }
            "ul" | "ol" => {
                self.end_inline(in_item);
                self.list_depth += 1;
                self.walk(id, false);
                self.list_depth -= 1;
            }
            "li" => {
                self.end_inline(in_item);
                self.anchor(line);
                self.walk(id, true);
                self.flush_item();
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
                self.walk(id, in_item);
                self.end_inline(in_item);
            }
            _ => {
                if self.buf.text.is_empty() {
                    self.anchor(line);
                }
                self.walk(id, in_item);
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
        let children = self.nodes[id].children.clone();
        for c in children {
            let Some((tag, line)) = self.tag(c) else {
                continue;
            };
            match tag {
                "thead" | "tbody" | "tfoot" => {
                    let head = tag == "thead";
                    for r in self.nodes[c].children.clone() {
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

/// Undo the text tendrils' `\r` (the tokenizer already folds CRLF) and read.
pub(crate) fn read(text: &str, b: &mut Builder) {
    let nodes = html5ever::parse_document(Sink::new(), Default::default()).one(text);
    let mut w = Walker {
        nodes: &nodes,
        b,
        buf: TextBuf::default(),
        list_depth: 0,
    };
    w.walk(0, false);
    w.flush_paragraph();
}
