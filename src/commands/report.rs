//! `export`: load a session, hand it to `crate::report::export`, write the text.

use std::process::ExitCode;

use super::Ctx;
use crate::cli::ExportArgs;
use crate::error::{Error, Result};

pub fn export(_ctx: &Ctx, _args: ExportArgs) -> Result<ExitCode> {
    Err(Error::Other("export: being built (issue 5)".into()))
}
