//! The message catalogs, one per area of the program, each declared with [`crate::catalog!`].
//! Every catalog is listed in [`CATALOGS`] so that a test checks its translations.

pub mod cli;
pub mod compare;
pub mod errors;
pub mod export;
pub mod from_text;
pub mod tui;
pub mod unit;

/// Every catalog in the program. A new catalog must be added here, or its messages go untested.
pub const CATALOGS: &[(&str, &[&crate::i18n::Msg])] = &[
    ("cli", cli::ALL),
    ("errors", errors::ALL),
    ("tui", tui::ALL),
    ("export", export::ALL),
    ("compare", compare::ALL),
    ("from_text", from_text::ALL),
    ("unit", unit::ALL),
];
