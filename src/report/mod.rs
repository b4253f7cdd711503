//! Renderers. No analysis happens here: each function turns results into one output format.

pub mod check;
pub mod declarations;
pub mod flows;
pub mod history;
pub mod scan;
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
