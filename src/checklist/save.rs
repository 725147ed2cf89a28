//! Writing a checklist zicha made (from a circular's text) as a user checklist file: refused if its id
//! is taken or the file exists, checked with the loader before and after the write, mode 0600. Used by
//! `zicha checklists from-text` and the TUI's paste screen.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::from_text::Origin;
use super::problem::{Location, Problem, ProblemKind};
use super::registry::read_checklist_file;
use super::{Checklist, Registry, is_valid_id, pretty};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::messages::from_text as m;
use crate::session::Store;
use crate::session::file::{atomic_write, write_new};

/// A checklist id given on the command line or typed in the TUI (`label` names where), checked
/// before anything is read.
pub fn check_id(id: &str, label: &str) -> Result<()> {
    if is_valid_id(id) {
        return Ok(());
    }
    Err(Error::Checklist(vec![Problem {
        file: label.to_string(),
        at: Location::Field(String::new()),
        kind: ProblemKind::BadId { id: id.to_string() },
    }]))
}

/// The comment lines on top of the written file, in both languages.
pub fn comments(origin: &Origin, date: NaiveDate) -> Vec<String> {
    let date = date.format("%Y-%m-%d");
    [Lang::Zh, Lang::En]
        .into_iter()
        .flat_map(|lang| {
            [
                m::COMMENT_MADE.fmt(lang, &[("from", &origin.render(lang)), ("date", &date)]),
                m::COMMENT_IDS.get(lang).to_string(),
            ]
        })
        .collect()
}

/// Where a checklist goes.
pub enum Target {
    /// `<data dir>/checklists/ID.ron`, where zicha finds it.
    DataDir,
    /// `-o FILE`.
    File(PathBuf),
}

/// Writes `checklist` as RON and returns the path. Refuses an id another checklist has (bundled, or
/// another file of the data dir), refuses to replace a file without `force`, and checks the text with
/// the loader before writing and after: what zicha writes, `zicha check` accepts.
pub fn write_checklist(
    store: &Store,
    registry: &Registry,
    checklist: &Checklist,
    comments: &[String],
    target: Target,
    force: bool,
) -> Result<PathBuf> {
    let path = match &target {
        Target::DataDir => store.checklists_dir().join(format!("{}.ron", checklist.id)),
        Target::File(p) => p.clone(),
    };
    let shown = path.display().to_string();
    if let Some(problem) = registry.clash(checklist, &shown, Some(&path)) {
        return Err(Error::Checklist(vec![problem]));
    }
    let ron = validated_ron(checklist, comments, &shown)?;
    match target {
        Target::DataDir => {
            store.ensure_checklists_dir()?;
            if force {
                atomic_write(&path, ron.as_bytes())?;
            } else {
                write_new(&path, ron.as_bytes()).map_err(|e| match e {
                    Error::Io { source, .. }
                        if source.kind() == std::io::ErrorKind::AlreadyExists =>
                    {
                        Error::Exists(path.clone())
                    }
                    other => other,
                })?;
            }
        }
        Target::File(_) => {
            let name = format!("{}.ron", checklist.id);
            crate::output::write_output(store, &path, ron.as_bytes(), force, &name)?;
        }
    }
    // Read back through the same loader as every other user checklist.
    match read_checklist_file(&path) {
        Ok(back) if back == *checklist => Ok(path),
        Ok(_) => Err(Error::Checklist(vec![Problem {
            file: shown,
            at: Location::Field(String::new()),
            kind: ProblemKind::Unreadable("read back differently from what was written".into()),
        }])),
        Err(problems) => Err(Error::Checklist(problems)),
    }
}

/// The RON text, parsed once with the loader: a checklist the loader would refuse is never written.
pub fn validated_ron(checklist: &Checklist, comments: &[String], shown: &str) -> Result<String> {
    let ron = pretty::to_ron(checklist, comments);
    crate::checklist::parse(shown, ron.as_bytes()).map_err(Error::Checklist)?;
    Ok(ron)
}
