//! zicha (自查): self-examination checklists in the terminal.
//!
//! The core (`checklist`, `session::model`, `report`) is pure: data in, data or text out. I/O lives at
//! the edges: `session::store` (files), `commands` (arguments, output, exit codes), `tui` (terminal).

pub mod checklist;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod dates;
pub mod error;
pub mod files;
pub mod i18n;
pub mod messages;
pub mod output;
pub mod report;
pub mod sanitize;
pub mod session;
pub mod tui;
