//! `import PATH…`: session files made elsewhere (RON, or the JSON export) into the data dir. A PATH is
//! a file, a directory (every `*.ron` and `*.json` in it, recursively, in name order) or `-` (one
//! session on stdin).
//!
//! Every file is validated first. Each valid session is taken; a session identical to one already
//! here (or to one taken earlier in this run) is "already there", not an error; an id that exists
//! with other content is refused unless `--rename`. Every refused file is listed with its reason and
//! the exit code is 1 when any was. What is taken is written all or nothing, even when killed
//! (`session::import`: staged, linked in, committed; the next start finishes or undoes a killed
//! run). The summary index is brought up to date at the end.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::print;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::messages::cli as m;
use crate::session::Session;
use crate::session::file;
use crate::session::import::{Added, Import};
use crate::session::store::{self, MAX_SESSION_BYTES};

/// Where a session came from: a file, or stdin.
#[derive(Clone, Debug)]
enum Source {
    File(PathBuf),
    Stdin,
}

impl Source {
    fn shown(&self) -> String {
        match self {
            Source::File(p) => crate::error::shown(p),
            Source::Stdin => "<stdin>".to_string(),
        }
    }
}

pub fn import(ctx: &Ctx, paths: &[PathBuf], rename: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut refused: Vec<(String, String)> = Vec::new();
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else {
            match walk(path, &mut sources) {
                Ok(0) if path.is_dir() => refused.push((
                    crate::error::shown(path),
                    m::IMPORT_EMPTY_DIR.get(lang).to_string(),
                )),
                Ok(_) => {}
                Err(e) => refused.push((crate::error::shown(path), e.render(lang))),
            }
        }
    }
    // Streaming (issue 16): each file is read, validated and staged, then dropped; what is kept
    // per session is its id and index summary (see `session::import`). All or nothing still: the
    // staged sessions are linked in only at the end, and a kill before that leaves nothing.
    let mut import = Import::begin(&ctx.store, rename)?;
    let mut plan: Vec<(Source, String)> = Vec::new();
    let mut already: Vec<(Source, String)> = Vec::new();
    let mut stdin_used = false;
    let failed = |refused: &[(String, String)]| {
        for (source, reason) in refused {
            super::eprint(&refusal(lang, source, reason));
        }
    };
    for source in sources {
        let read = match &source {
            Source::File(p) => read_any(p),
            Source::Stdin if stdin_used => Err(Error::StdinTwice),
            Source::Stdin => {
                stdin_used = true;
                read_stdin()
            }
        };
        let s = match read {
            Ok(s) => s,
            Err(e) => {
                refused.push((source.shown(), e.render(lang)));
                continue;
            }
        };
        match import.add(&s) {
            Ok(Added::Staged(id)) => plan.push((source, id)),
            Ok(Added::AlreadyThere(id)) => already.push((source, id)),
            // A clash without --rename refuses this file only.
            Err(e @ Error::SessionExists(_)) => refused.push((source.shown(), e.render(lang))),
            Err(e) => {
                failed(&refused);
                return Err(e);
            }
        }
    }

    // An id another process took meanwhile gets the next `-2` with --rename.
    let (ids, fresh) = match import.finish(&mut |_| Ok(())) {
        Ok(done) => done,
        Err(e) => {
            failed(&refused);
            return Err(e);
        }
    };
    for ((_, planned), id) in plan.iter_mut().zip(ids) {
        *planned = id;
    }
    // The next start (and the next `unit`) reads the index, not 1,000 files: the summaries made
    // while staging go into it, keyed to the files as they are now.
    if !plan.is_empty() {
        let _ = ctx.store.summaries_with(fresh);
    }
    let mut out = String::new();
    for (source, id) in &plan {
        out.push_str(&m::IMPORTED.fmt(lang, &[("file", &source.shown()), ("id", id)]));
        out.push('\n');
    }
    for (source, id) in &already {
        out.push_str(&m::ALREADY_THERE.fmt(lang, &[("file", &source.shown()), ("id", id)]));
        out.push('\n');
    }
    out.push_str(&m::IMPORT_SUMMARY.fmt(
        lang,
        &[
            ("taken", &plan.len()),
            ("already", &already.len()),
            ("refused", &refused.len()),
        ],
    ));
    out.push('\n');
    print(&out)?;
    for (source, reason) in &refused {
        super::eprint(&refusal(lang, source, reason));
    }
    Ok(if refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Adds `path` (a file) or every `*.ron` / `*.json` under it (a directory, recursively, in name
/// order; hidden entries and links to directories are skipped) to `out`; returns how many it added.
fn walk(path: &Path, out: &mut Vec<Source>) -> Result<usize> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        out.push(Source::File(path.to_path_buf()));
        return Ok(1);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Error::io(path, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let mut n = 0;
    for entry in entries {
        let hidden = entry
            .file_name()
            .and_then(|n| n.to_str())
            .is_none_or(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&entry) else {
            continue;
        };
        if meta.is_dir() {
            n += walk(&entry, out)?;
        } else if matches!(
            entry.extension().and_then(|e| e.to_str()),
            Some("ron" | "json")
        ) && !meta.file_type().is_symlink()
        {
            out.push(Source::File(entry));
            n += 1;
        }
    }
    Ok(n)
}

/// A session from RON or JSON, fully validated; problems are about the file offered, not about a
/// session of this data dir.
pub fn read_any(path: &Path) -> Result<Session> {
    let bytes = file::read_limited(path, MAX_SESSION_BYTES).map_err(Error::for_import)?;
    store::parse_any(path, &bytes).map_err(Error::for_import)
}

/// One session on stdin, bounded like a file.
fn read_stdin() -> Result<Session> {
    let path = Path::new("<stdin>");
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_SESSION_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_SESSION_BYTES {
        return Err(Error::TooLargeToRead {
            path: path.to_path_buf(),
            limit: MAX_SESSION_BYTES,
        });
    }
    store::parse_any(path, &bytes).map_err(Error::for_import)
}

/// One refused file's line. Most reasons already start with the file (and its line:col), so they
/// are not named twice.
fn refusal(lang: crate::i18n::Lang, file: &str, reason: &str) -> String {
    let text = if reason.starts_with(file) {
        m::IMPORT_REFUSED_SAID.fmt(lang, &[("reason", &reason)])
    } else {
        m::IMPORT_REFUSED.fmt(lang, &[("file", &file), ("reason", &reason)])
    };
    format!("zicha: {text}")
}
