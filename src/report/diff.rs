//! The diff of two sessions of one checklist (SPEC §6): which items improved or got worse, which
//! promised actions were done, which are overdue. Pure: two sessions and "today" in, a [`Diff`] out.
//! Every rendering reads that one value: [`lines`] (text, and what a TUI Compare screen shows),
//! [`render_text`], [`render_markdown`] and [`render_json`] (the contract of SPEC §7).
//!
//! Matching rules:
//! - Items are matched by id. An item only in B is *added*, only in A *removed* (the embedded checklists
//!   differ). Groups follow B's checklist order; groups only A has come after them.
//! - Actions are matched within one item by their text, compared after trimming and collapsing runs of
//!   whitespace; several actions with the same text pair up in order. An action in B with no partner is
//!   *new*; an open action of A with no partner in B was removed and counts as *dropped*.

mod json;
mod md;
mod model;
#[cfg(test)]
mod tests;
mod text;

pub use json::*;
pub use md::*;
pub use model::*;
pub use text::*;
