//! `diff` and `trend`: load sessions, hand them to `crate::report::{diff, trend}`, print.

use std::process::ExitCode;

use super::Ctx;
use crate::cli::{DiffArgs, TrendArgs};
use crate::error::{Error, Result};

pub fn diff(_ctx: &Ctx, _args: DiffArgs) -> Result<ExitCode> {
    Err(Error::Other("diff: being built (issue 6)".into()))
}

pub fn trend(_ctx: &Ctx, _args: TrendArgs) -> Result<ExitCode> {
    Err(Error::Other("trend: being built (issue 6)".into()))
}
