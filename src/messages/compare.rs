//! Messages of diff and trend (text, Markdown and the TUI screens).

crate::catalog! {}
