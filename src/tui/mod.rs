//! The terminal UI (SPEC §4).

use std::process::ExitCode;

use crate::commands::Ctx;
use crate::error::{Error, Result};

/// Which screen to open first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    Home,
    Fill(String),
}

pub fn run(_ctx: &Ctx, _start: Start) -> Result<ExitCode> {
    if !crate::commands::is_interactive() {
        return Err(Error::NotATerminal);
    }
    Err(Error::Other(
        "the fill screen is being built (issue 4)".into(),
    ))
}
