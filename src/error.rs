//! The errors a user can meet, as values. They are rendered once, at the edge, in the user's language,
//! naming what is wrong and what to do (see `messages::errors`).

use std::io;
use std::path::PathBuf;

use crate::checklist::Problem;
use crate::i18n::Lang;
use crate::messages::errors as m;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("data dir {0} is not a directory")]
    DataDirNotDir(PathBuf),
    #[error("no data dir could be found")]
    NoDataDir,
    #[error("{path}:{line}:{col}: {msg}")]
    Damaged {
        path: PathBuf,
        line: usize,
        col: usize,
        msg: String,
    },
    #[error("{path}: {problems:?}")]
    Invalid {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error("{path}: format {format} is newer")]
    NewerFormat { path: PathBuf, format: u32 },
    #[error("no session {0}")]
    SessionNotFound(String),
    #[error("ambiguous session {spec}")]
    Ambiguous {
        spec: String,
        candidates: Vec<String>,
    },
    #[error("no sessions")]
    NoSessions,
    #[error("session {id} is locked")]
    Locked { id: String, pid: Option<u32> },
    #[error("no checklist {0}")]
    ChecklistNotFound(String),
    #[error("checklist problems")]
    Checklist(Vec<Problem>),
    #[error("{0} exists")]
    Exists(PathBuf),
    #[error("session {0} exists")]
    SessionExists(String),
    #[error("not a terminal")]
    NotATerminal,
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The message for the user, in `lang`: what is wrong, where, and what to do. Names and texts
    /// that came from files or arguments are shown with control and bidi characters made visible.
    pub fn render(&self, lang: Lang) -> String {
        crate::sanitize::text(&self.render_raw(lang)).into_owned()
    }

    fn render_raw(&self, lang: Lang) -> String {
        match self {
            Error::Io { path, source } => {
                let what = match source.kind() {
                    io::ErrorKind::PermissionDenied => m::IO_PERMISSION.get(lang),
                    io::ErrorKind::NotFound => m::IO_NOT_FOUND.get(lang),
                    io::ErrorKind::StorageFull => m::IO_FULL.get(lang),
                    _ => m::IO_OTHER.get(lang),
                };
                m::IO.fmt(
                    lang,
                    &[("path", &shown(path)), ("err", source), ("what", &what)],
                )
            }
            Error::DataDirNotDir(p) => m::DATA_DIR_NOT_DIR.fmt(lang, &[("path", &shown(p))]),
            Error::NoDataDir => m::NO_DATA_DIR.fmt(lang, &[]),
            Error::Damaged {
                path,
                line,
                col,
                msg,
            } => m::DAMAGED.fmt(
                lang,
                &[
                    ("path", &shown(path)),
                    ("line", line),
                    ("col", col),
                    ("msg", msg),
                ],
            ),
            Error::Invalid { path, problems } => m::INVALID.fmt(
                lang,
                &[
                    ("path", &shown(path)),
                    ("problems", &problems.join("\n  ")),
                ],
            ),
            Error::NewerFormat { path, format } => {
                m::NEWER_FORMAT.fmt(lang, &[("path", &shown(path)), ("format", format)])
            }
            Error::SessionNotFound(spec) => m::SESSION_NOT_FOUND.fmt(lang, &[("spec", spec)]),
            Error::Ambiguous { spec, candidates } => {
                m::AMBIGUOUS.fmt(lang, &[("spec", spec), ("ids", &candidates.join(", "))])
            }
            Error::NoSessions => m::NO_SESSIONS.fmt(lang, &[]),
            Error::Locked { id, pid } => match pid {
                Some(pid) => m::LOCKED_PID.fmt(lang, &[("id", id), ("pid", pid)]),
                None => m::LOCKED.fmt(lang, &[("id", id)]),
            },
            Error::ChecklistNotFound(id) => m::CHECKLIST_NOT_FOUND.fmt(lang, &[("id", id)]),
            Error::Checklist(problems) => problems
                .iter()
                .map(|p| p.render(lang))
                .collect::<Vec<_>>()
                .join("\n"),
            Error::Exists(p) => m::EXISTS.fmt(lang, &[("path", &shown(p))]),
            Error::SessionExists(id) => m::SESSION_EXISTS.fmt(lang, &[("id", id)]),
            Error::NotATerminal => m::NOT_A_TERMINAL.fmt(lang, &[]),
            Error::Other(s) => s.clone(),
        }
    }
}

/// A path as one visible line (a file name may hold a newline or an escape sequence).
pub(crate) fn shown(path: &std::path::Path) -> String {
    crate::sanitize::line(&path.display().to_string()).into_owned()
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
