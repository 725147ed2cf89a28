//! The trend of one checklist across many sessions (SPEC §6): per group the total score of each
//! session, per item its ratings as a sparkline, open and overdue actions. Pure: sessions and "today"
//! in, a [`Trend`] out; [`lines`] (text, and what a TUI Trend screen shows), [`render_text`],
//! [`render_markdown`] and [`render_json`] read that one value.
//!
//! Sessions are put in time order by `created` (then id), whatever order they come in. Items and
//! groups follow the newest session's checklist; ones only older checklists had come after them.
//! A session without a rating for an item (unrated, not applicable, or an item its checklist lacked)
//! is a gap in the sparkline, never a zero.

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
