//! `import FILE…`: session files made elsewhere (RON, or the JSON export) into the data dir.
//! Every file is validated before anything is written; the writing is all or nothing, even when
//! killed (see `session::import`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::print;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::messages::cli as m;
use crate::session::Session;
use crate::session::file;
use crate::session::import::{Outcome, import_all};
use crate::session::store::{self, MAX_SESSION_BYTES};

pub fn import(ctx: &Ctx, files: &[PathBuf], rename: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut sessions = Vec::with_capacity(files.len());
    let mut from = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for path in files {
        match read_any(path) {
            Ok(s) => {
                sessions.push(s);
                from.push(path);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            super::eprint(&e.render(lang));
        }
        return Err(Error::NothingImported);
    }
    let outcomes = import_all(&ctx.store, sessions, rename, &mut |_| Ok(()))?;
    for (path, outcome) in from.iter().zip(&outcomes) {
        let file = crate::error::shown(path);
        let line = match outcome {
            Outcome::Imported(id) => m::IMPORTED.fmt(lang, &[("file", &file), ("id", id)]),
            Outcome::AlreadyThere(id) => m::ALREADY_THERE.fmt(lang, &[("file", &file), ("id", id)]),
        };
        print(&format!("{line}\n"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A session from RON or JSON, fully validated; problems are about the file offered, not about a
/// session of this data dir.
pub fn read_any(path: &Path) -> Result<Session> {
    let bytes = file::read_limited(path, MAX_SESSION_BYTES).map_err(Error::for_import)?;
    store::parse_any(path, &bytes).map_err(Error::for_import)
}
