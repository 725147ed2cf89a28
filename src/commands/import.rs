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

use std::collections::HashMap;
use std::io::Read;
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
    let mut candidates: Vec<(Source, Session)> = Vec::new();
    let mut stdin_used = false;
    for source in sources {
        let read = match &source {
            Source::File(p) => read_any(p),
            Source::Stdin if stdin_used => Err(Error::StdinTwice),
            Source::Stdin => {
                stdin_used = true;
                read_stdin()
            }
        };
        match read {
            Ok(s) => candidates.push((source, s)),
            Err(e) => refused.push((source.shown(), e.render(lang))),
        }
    }

    ctx.store.ensure()?;
    let ids = ctx.store.ids()?;
    let mut taken: std::collections::HashSet<String> = ids.iter().cloned().collect();
    // Sessions this run takes, by their original id, to tell a file handed in twice from a clash.
    let mut this_run: HashMap<String, Session> = HashMap::new();
    let mut plan: Vec<(Source, Session)> = Vec::new();
    let mut already: Vec<(Source, String)> = Vec::new();
    for (source, mut s) in candidates {
        if let Some(same) = this_run.get(&s.id)
            && *same == s
        {
            already.push((source, s.id));
            continue;
        }
        if taken.contains(&s.id) {
            let here = if this_run.contains_key(&s.id) {
                None
            } else {
                ctx.store.load(&s.id).ok().map(|l| l.session)
            };
            if here.as_ref() == Some(&s) {
                already.push((source, s.id));
                continue;
            }
            if !rename {
                refused.push((source.shown(), Error::SessionExists(s.id).render(lang)));
                continue;
            }
            this_run.insert(s.id.clone(), s.clone());
            s.id = store::free_id(&s.id, &taken);
        } else {
            this_run.insert(s.id.clone(), s.clone());
        }
        taken.insert(s.id.clone());
        plan.push((source, s));
    }

    // Written all or nothing, even when killed (see `session::import`): staged, then linked in.
    // An id another process took meanwhile gets the next `-2` with --rename.
    let sessions: Vec<Session> = plan.iter().map(|(_, s)| s.clone()).collect();
    let outcomes = match import_all(&ctx.store, sessions, rename, &mut |_| Ok(())) {
        Ok(outcomes) => outcomes,
        Err(e) => {
            for (source, reason) in &refused {
                super::eprint(&refusal(lang, source, reason));
            }
            return Err(e);
        }
    };
    for ((_, s), outcome) in plan.iter_mut().zip(&outcomes) {
        let (Outcome::Imported(id) | Outcome::AlreadyThere(id)) = outcome;
        s.id = id.clone();
    }
    // The next start (and the next `unit`) reads the index, not 1,000 files.
    if !plan.is_empty() {
        let _ = ctx.store.summaries();
    }
    let mut out = String::new();
    for (source, s) in &plan {
        out.push_str(&m::IMPORTED.fmt(lang, &[("file", &source.shown()), ("id", &s.id)]));
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
