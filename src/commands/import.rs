//! `import FILE…`: session files made elsewhere (RON, or the JSON export) into the data dir.
//! Every file is validated before anything is written, and a failure part-way removes what this run
//! wrote, so nothing is half-imported.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Ctx, print};
use crate::error::{Error, Result};
use crate::messages::cli as m;
use crate::session::Session;
use crate::session::store::{self, MAX_SESSION_BYTES};

pub fn import(ctx: &Ctx, files: &[PathBuf], rename: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut sessions = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for path in files {
        match read_any(path) {
            Ok(s) => sessions.push((path, s)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            super::eprint(&e.render(lang));
        }
        return Err(Error::Other(m::IMPORT_NOTHING.fmt(lang, &[])));
    }
    ctx.store.ensure()?;
    let mut taken: std::collections::HashSet<String> = ctx.store.ids()?.into_iter().collect();
    let mut plan = Vec::with_capacity(sessions.len());
    for (path, mut s) in sessions {
        if taken.contains(&s.id) {
            if !rename {
                return Err(Error::SessionExists(s.id));
            }
            s.id = store::free_id(&s.id, &taken);
        }
        taken.insert(s.id.clone());
        plan.push((path, s));
    }
    let mut written: Vec<PathBuf> = Vec::new();
    for (_, s) in &plan {
        let target = ctx.store.session_path(&s.id);
        let result = store::to_ron(s).and_then(|text| store::write_new(&target, text.as_bytes()));
        if let Err(e) = result {
            for w in &written {
                let _ = std::fs::remove_file(w);
            }
            return Err(e);
        }
        written.push(target);
    }
    for (path, s) in &plan {
        print(&format!(
            "{}\n",
            m::IMPORTED.fmt(lang, &[("file", &path.display()), ("id", &s.id)])
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A session from RON or JSON, fully validated.
pub fn read_any(path: &Path) -> Result<Session> {
    let bytes = store::read_limited(path, MAX_SESSION_BYTES)?;
    store::parse_any(path, &bytes)
}
