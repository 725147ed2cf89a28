//! The unit summary (issue 14, SPEC §10 "Unit"): what a branch secretary reads after collecting the
//! members' sessions. Pure: members (each the latest session of one respondent, reduced to a
//! [`Member`]) and a roster in, a [`Unit`] out; text, Markdown, JSON, CSV,
//! Word (`docx.rs`, through the shared `report::word` writer) and Excel (`xlsx.rs`, through
//! `report::sheet`) read that one value.
//!
//! "Flagged" means rated above the lowest value of the respondent's own checklist's scale. Two
//! respondents of one name in different units are different people ([`crate::session::Respondent`]).

mod csv;
mod docx;
mod json;
mod md;
mod model;
mod roster;
#[cfg(test)]
mod tests;
mod text;
mod xlsx;

pub use csv::*;
pub use docx::*;
pub use json::*;
pub use md::*;
pub use model::*;
pub use roster::*;
pub use text::*;
pub use xlsx::*;
