//! The message catalogs, one per area of the program, each declared with [`crate::catalog!`].
//! Every catalog is listed in [`crate::i18n::CATALOGS`] so that a test checks its translations.

pub mod cli;
pub mod compare;
pub mod errors;
pub mod from_text;
pub mod report;
pub mod tui;
