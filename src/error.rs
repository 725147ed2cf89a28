//! The errors a user can meet, as values. They are rendered once, at the edge, in the user's language,
//! naming what is wrong and what to do (see `messages::errors`).

use std::io;
use std::path::PathBuf;

use crate::checklist::{Problem, ProblemKind};
use crate::i18n::Lang;
use crate::messages::compare as mc;
use crate::messages::errors as m;
use crate::messages::{compare, export};
use crate::session::Respondent;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("data dir {0} is not a directory")]
    DataDirNotDir(PathBuf),
    #[error("no data dir could be found")]
    NoDataDir,
    #[error("{path}:{line}:{col}: {kind:?}")]
    Damaged {
        path: PathBuf,
        line: usize,
        col: usize,
        kind: ProblemKind,
    },
    /// A file given to `import` that does not parse: the sender's file, not a damaged session here.
    #[error("{path}:{line}:{col}: {kind:?}")]
    BadImport {
        path: PathBuf,
        line: usize,
        col: usize,
        kind: ProblemKind,
    },
    #[error("{path}: {problems:?}")]
    Invalid {
        path: PathBuf,
        problems: Vec<SessionProblem>,
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
    /// A one-line field given for a new session (`label`, `name` or `unit`) holds a control or
    /// bidi character (a newline, a tab, ESC, U+202E…).
    #[error("{field} holds a control character")]
    ControlInField { field: &'static str, text: String },
    /// There are session files, but not one can be read (damaged, or from a newer zicha).
    #[error("no readable sessions")]
    NoReadableSessions { n: usize, example: Box<Error> },
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
    /// A text given to `checklists from-text` has no numbered line, so no item.
    #[error("{0}: no numbered lines")]
    NothingNumbered(String),
    #[error("not a terminal")]
    NotATerminal,
    /// A binary export (docx, xlsx) asked for on a terminal stdout: `format` is its extension,
    /// `name` the file name to suggest for `-o`.
    #[error("{format} is a binary format and is not written to a terminal")]
    BinaryToTerminal { format: &'static str, name: String },
    #[error("session {id} has no predecessor")]
    NoPredecessor {
        id: String,
        checklist: String,
        who: Respondent,
    },
    #[error("sessions {a} and {b} are of different respondents")]
    DifferentRespondents {
        a: String,
        wa: Box<Respondent>,
        b: String,
        wb: Box<Respondent>,
    },
    #[error("no sessions of {checklist} for the respondent")]
    NoSessionsOfRespondent { checklist: String, who: Respondent },
    /// `trend --name`/`--unit` matched the sessions of more than one person.
    #[error("several respondents match")]
    SeveralRespondents {
        checklist: String,
        who: Vec<Respondent>,
    },
    #[error("session {from} is of checklist {from_checklist}, not {checklist}")]
    FromOtherChecklist {
        from: String,
        from_checklist: String,
        checklist: String,
    },
    /// `-o DIR`: the output path is a directory; `name` is the file name to suggest in it.
    #[error("{path} is a directory")]
    OutputIsDir { path: PathBuf, name: String },
    #[error("{0} is not a directory")]
    OutputParentNotDir(PathBuf),
    #[error("directory {0} does not exist")]
    OutputNoDir(PathBuf),
    #[error("{0} is in the sessions dir")]
    OutputInSessions(PathBuf),
    #[error("sessions {a} and {b} are of different checklists")]
    DifferentChecklists {
        a: String,
        b: String,
        checklist_a: String,
        checklist_b: String,
    },
    #[error("no session of {checklist} before {id}")]
    NoEarlier { id: String, checklist: String },
    /// `zicha trend CHECKLIST` with no session of it; `have` are the checklists that have sessions.
    #[error("no sessions of {checklist}")]
    NoSessionsOf {
        checklist: String,
        have: Vec<String>,
    },
    #[error("--last 0")]
    LastZero,
    /// `zicha import` read nothing it could import (the reasons were printed one by one).
    #[error("nothing imported")]
    NothingImported,
    /// Serialising a value failed (a bug, not bad input): what was written, and the library's reason.
    #[error("cannot encode {what:?}: {reason}")]
    Encode { what: Encoded, reason: String },
    /// A session file whose inner id is not its file name (copied in under another name).
    #[error("{path}: inner id {inner} is not the file name {stem}")]
    IdMismatch {
        path: PathBuf,
        inner: String,
        stem: String,
    },
    /// Not a session id (from the index or elsewhere): it could name a file outside `sessions/`.
    #[error("bad session id {0:?}")]
    BadSessionId(String),
    #[error("{path}: not a regular file ({kind:?})")]
    NotRegularFile {
        path: PathBuf,
        kind: crate::files::FileKind,
    },
    #[error("{path}: larger than {limit} bytes")]
    TooLargeToRead { path: PathBuf, limit: u64 },
    /// Saving would write a file that reading refuses; nothing was written.
    #[error("session {id} would be {bytes} bytes")]
    TooLargeToSave { id: String, bytes: u64, limit: u64 },
    /// The user made the session file read-only; it is never replaced.
    #[error("{path} is read-only")]
    ReadOnlySession { id: String, path: PathBuf },
    /// An `-o` target that is a symlink, a device, a FIFO or a socket: never written, even with --force.
    #[error("{path}: not a regular file ({kind:?})")]
    OutputNotRegular {
        path: PathBuf,
        kind: crate::files::FileKind,
    },
    /// A directory of the data dir that others can write to.
    #[error("{dir} is writable by others")]
    LooseDir {
        dir: PathBuf,
        mode: u32,
        tightened: bool,
    },
    /// `zicha import - -`: stdin holds one session and can be read once.
    #[error("stdin given twice")]
    StdinTwice,
    /// `zicha unit` with no sessions in the data dir at all.
    #[error("no sessions at all")]
    NoSessionsAtAll,
    /// `zicha unit` found no session of the checklist with that label and unit.
    #[error("no sessions of {checklist}")]
    NoUnitSessions {
        checklist: String,
        label: Option<String>,
        unit: Option<String>,
    },
    /// A CSV roster whose header has no 姓名 / name column.
    #[error("{0}: no name column")]
    RosterNoNameColumn(PathBuf),
}

/// Something in a session that does not fit its own checklist; rendered in the user's language.
/// Indices are positions in `answers` / `causes`, as the field paths of the message show them.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionProblem {
    BadId(String),
    /// A problem of the embedded checklist itself.
    Checklist(Problem),
    UnknownItem(usize, String),
    AnsweredTwice(usize, String),
    OffScale(usize, i64),
    UnknownSource(usize, String),
    UnknownCause(usize, String),
    /// Import only: `updated` (RFC 3339) is before `created`.
    UpdatedBeforeCreated {
        updated: String,
        created: String,
    },
    /// Import only: answer `i`'s action `j` is done but has no `done_on`.
    DoneWithoutDate(usize, usize),
    /// Two actions of the session share an id: (answer index, action index, id).
    DuplicateActionId(usize, usize, String),
}

impl SessionProblem {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            SessionProblem::BadId(id) => m::SESSION_BAD_ID.fmt(lang, &[("id", &format!("{id:?}"))]),
            SessionProblem::Checklist(p) => {
                format!("checklist.{}", p.render(lang).trim_start_matches(": "))
            }
            SessionProblem::UnknownItem(i, item) => {
                m::SESSION_UNKNOWN_ITEM.fmt(lang, &[("i", i), ("item", &format!("{item:?}"))])
            }
            SessionProblem::AnsweredTwice(i, item) => {
                m::SESSION_ANSWERED_TWICE.fmt(lang, &[("i", i), ("item", &format!("{item:?}"))])
            }
            SessionProblem::OffScale(i, v) => {
                m::SESSION_OFF_SCALE.fmt(lang, &[("i", i), ("value", v)])
            }
            SessionProblem::UnknownSource(i, s) => {
                m::SESSION_UNKNOWN_SOURCE.fmt(lang, &[("i", i), ("source", &format!("{s:?}"))])
            }
            SessionProblem::UnknownCause(i, c) => {
                m::SESSION_UNKNOWN_CAUSE.fmt(lang, &[("i", i), ("prompt", &format!("{c:?}"))])
            }
            SessionProblem::UpdatedBeforeCreated { updated, created } => {
                m::UPDATED_BEFORE_CREATED.fmt(lang, &[("updated", updated), ("created", created)])
            }
            SessionProblem::DoneWithoutDate(i, j) => {
                m::DONE_WITHOUT_DATE.fmt(lang, &[("i", i), ("j", j)])
            }
            SessionProblem::DuplicateActionId(i, j, id) => m::SESSION_DUPLICATE_ACTION_ID
                .fmt(lang, &[("i", i), ("j", j), ("id", &format!("{id:?}"))]),
        }
    }
}

/// What was being written when [`Error::Encode`] happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoded {
    Session,
    Json,
    Csv,
    Docx,
    Xlsx,
}

impl Error {
    /// The same problem, about a file offered to `import` rather than a session of this data dir
    /// (no "restore it from a backup": it was never here).
    pub fn for_import(self) -> Self {
        match self {
            Error::Damaged {
                path,
                line,
                col,
                kind,
            } => Error::BadImport {
                path,
                line,
                col,
                kind,
            },
            other => other,
        }
    }

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
                let known = match source.kind() {
                    io::ErrorKind::PermissionDenied => Some(&m::IO_PERMISSION),
                    io::ErrorKind::NotFound => Some(&m::IO_NOT_FOUND),
                    io::ErrorKind::StorageFull => Some(&m::IO_FULL),
                    io::ErrorKind::AlreadyExists => Some(&m::IO_EXISTS),
                    io::ErrorKind::IsADirectory => Some(&m::IO_IS_DIR),
                    io::ErrorKind::NotADirectory => Some(&m::IO_NOT_DIR),
                    io::ErrorKind::ReadOnlyFilesystem => Some(&m::IO_READ_ONLY_FS),
                    io::ErrorKind::InvalidFilename => Some(&m::IO_BAD_NAME),
                    _ => None,
                };
                match known {
                    // The system's own words are English: in Chinese a known kind is said in
                    // ours alone.
                    Some(what) if lang == Lang::Zh => {
                        m::IO_KNOWN.fmt(lang, &[("path", &shown(path)), ("what", &what.get(lang))])
                    }
                    _ => m::IO.fmt(
                        lang,
                        &[
                            ("path", &shown(path)),
                            ("err", source),
                            ("what", &known.unwrap_or(&m::IO_OTHER).get(lang)),
                        ],
                    ),
                }
            }
            Error::DataDirNotDir(p) => m::DATA_DIR_NOT_DIR.fmt(lang, &[("path", &shown(p))]),
            Error::NoDataDir => m::NO_DATA_DIR.fmt(lang, &[]),
            Error::Damaged {
                path,
                line,
                col,
                kind,
            } => m::DAMAGED.fmt(
                lang,
                &[
                    ("path", &shown(path)),
                    ("line", line),
                    ("col", col),
                    ("msg", &kind.render(lang)),
                ],
            ),
            Error::BadImport {
                path,
                line,
                col,
                kind,
            } => m::BAD_IMPORT.fmt(
                lang,
                &[
                    ("path", &shown(path)),
                    ("line", line),
                    ("col", col),
                    ("msg", &kind.render(lang)),
                ],
            ),
            Error::Invalid { path, problems } => m::INVALID.fmt(
                lang,
                &[
                    ("path", &shown(path)),
                    (
                        "problems",
                        &problems
                            .iter()
                            .map(|p| p.render(lang))
                            .collect::<Vec<_>>()
                            .join("\n  "),
                    ),
                ],
            ),
            Error::NewerFormat { path, format } => {
                m::NEWER_FORMAT.fmt(lang, &[("path", &shown(path)), ("format", format)])
            }
            Error::SessionNotFound(spec) => m::SESSION_NOT_FOUND.fmt(lang, &[("spec", spec)]),
            Error::Ambiguous { spec, candidates } => m::AMBIGUOUS.fmt(
                lang,
                &[
                    ("spec", spec),
                    ("ids", &candidates.join(compare::LIST_SEP.get(lang))),
                ],
            ),
            Error::NoSessions => m::NO_SESSIONS.fmt(lang, &[]),
            Error::ControlInField { field, text } => {
                let name = match *field {
                    "label" => m::FIELD_LABEL.get(lang),
                    "name" => m::FIELD_NAME.get(lang),
                    _ => m::FIELD_UNIT.get(lang),
                };
                m::CONTROL_IN_FIELD.fmt(
                    lang,
                    &[("field", &name), ("text", &crate::sanitize::line(text))],
                )
            }
            Error::NoReadableSessions { n, example } => {
                m::NO_READABLE_SESSIONS.fmt(lang, &[("n", n), ("example", &example.render(lang))])
            }
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
            Error::NothingNumbered(file) => m::NOTHING_NUMBERED.fmt(lang, &[("file", file)]),
            Error::NotATerminal => m::NOT_A_TERMINAL.fmt(lang, &[]),
            Error::BinaryToTerminal { format, name } => {
                export::BINARY_TO_TERMINAL.fmt(lang, &[("format", format), ("name", name)])
            }
            Error::NoPredecessor { id, checklist, who } => mc::NO_PREDECESSOR.fmt(
                lang,
                &[
                    ("id", id),
                    ("checklist", checklist),
                    ("who", &who_text(who, lang)),
                ],
            ),
            Error::DifferentRespondents { a, wa, b, wb } => mc::DIFFERENT_RESPONDENTS.fmt(
                lang,
                &[
                    ("a", a),
                    ("wa", &who_text(wa, lang)),
                    ("b", b),
                    ("wb", &who_text(wb, lang)),
                ],
            ),
            Error::NoSessionsOfRespondent { checklist, who } => mc::TREND_NO_SESSIONS_OF.fmt(
                lang,
                &[("checklist", checklist), ("who", &who_text(who, lang))],
            ),
            Error::SeveralRespondents { checklist, who } => mc::TREND_SEVERAL_RESPONDENTS.fmt(
                lang,
                &[
                    ("checklist", checklist),
                    ("n", &who.len()),
                    (
                        "who",
                        &who.iter()
                            .map(|w| who_text(w, lang))
                            .collect::<Vec<_>>()
                            .join(mc::LIST_SEP.get(lang)),
                    ),
                ],
            ),
            Error::FromOtherChecklist {
                from,
                from_checklist,
                checklist,
            } => m::FROM_OTHER_CHECKLIST.fmt(
                lang,
                &[
                    ("from", from),
                    ("from_checklist", from_checklist),
                    ("checklist", checklist),
                ],
            ),
            Error::OutputIsDir { path, name } => {
                export::OUTPUT_IS_DIR.fmt(lang, &[("path", &shown(path)), ("name", name)])
            }
            Error::OutputParentNotDir(dir) => {
                export::OUTPUT_PARENT_NOT_DIR.fmt(lang, &[("dir", &shown(dir))])
            }
            Error::OutputNoDir(dir) => export::OUTPUT_NO_DIR.fmt(lang, &[("dir", &shown(dir))]),
            Error::OutputInSessions(path) => {
                export::OUTPUT_IN_SESSIONS.fmt(lang, &[("path", &shown(path))])
            }
            Error::DifferentChecklists {
                a,
                b,
                checklist_a,
                checklist_b,
            } => compare::DIFFERENT_CHECKLISTS.fmt(
                lang,
                &[("a", a), ("b", b), ("ca", checklist_a), ("cb", checklist_b)],
            ),
            Error::NoEarlier { id, checklist } => {
                compare::NO_EARLIER.fmt(lang, &[("id", id), ("checklist", checklist)])
            }
            Error::NoSessionsOf { checklist, have } if have.is_empty() => {
                compare::TREND_NO_SESSIONS_AT_ALL.fmt(lang, &[("checklist", checklist)])
            }
            Error::NoSessionsOf { checklist, have } => compare::TREND_NO_SESSIONS.fmt(
                lang,
                &[
                    ("checklist", checklist),
                    ("have", &have.join(compare::LIST_SEP.get(lang))),
                ],
            ),
            Error::LastZero => compare::LAST_ZERO.get(lang).to_string(),
            Error::NothingImported => m::IMPORT_NOTHING.fmt(lang, &[]),
            Error::IdMismatch { path, inner, stem } => m::ID_MISMATCH.fmt(
                lang,
                &[
                    ("path", &shown(path)),
                    ("inner", &crate::sanitize::line(inner)),
                    ("stem", &crate::sanitize::line(stem)),
                ],
            ),
            Error::BadSessionId(id) => {
                m::BAD_SESSION_ID.fmt(lang, &[("id", &crate::sanitize::line(id))])
            }
            Error::NotRegularFile { path, kind } => m::NOT_REGULAR.fmt(
                lang,
                &[("path", &shown(path)), ("kind", &m::file_kind(*kind, lang))],
            ),
            Error::TooLargeToRead { path, limit } => m::TOO_LARGE_TO_READ.fmt(
                lang,
                &[
                    ("path", &shown(path)),
                    ("limit", &crate::checklist::problem::human_size(*limit)),
                ],
            ),
            Error::TooLargeToSave { id, bytes, limit } => m::TOO_LARGE_TO_SAVE.fmt(
                lang,
                &[
                    ("id", id),
                    ("size", &crate::checklist::problem::human_size(*bytes)),
                    ("limit", &crate::checklist::problem::human_size(*limit)),
                ],
            ),
            Error::ReadOnlySession { id, path } => {
                m::READ_ONLY_SESSION.fmt(lang, &[("id", id), ("path", &shown(path))])
            }
            Error::OutputNotRegular { path, kind } => m::OUTPUT_NOT_REGULAR.fmt(
                lang,
                &[("path", &shown(path)), ("kind", &m::file_kind(*kind, lang))],
            ),
            Error::LooseDir {
                dir,
                mode,
                tightened,
            } => {
                let msg = if *tightened {
                    &m::LOOSE_DIR_TIGHTENED
                } else {
                    &m::LOOSE_DIR
                };
                msg.fmt(
                    lang,
                    &[("dir", &shown(dir)), ("mode", &format!("{mode:o}"))],
                )
            }
            Error::StdinTwice => crate::messages::cli::IMPORT_STDIN_TWICE
                .get(lang)
                .to_string(),
            Error::NoSessionsAtAll => crate::messages::unit::NOTHING_AT_ALL.get(lang).to_string(),
            Error::NoUnitSessions {
                checklist,
                label,
                unit,
            } => {
                use crate::messages::unit as mu;
                let mut filter = String::new();
                if let Some(l) = label {
                    filter.push_str(&mu::FILTER_LABEL.fmt(lang, &[("label", l)]));
                }
                if let Some(u) = unit {
                    filter.push_str(&mu::FILTER_UNIT.fmt(lang, &[("unit", u)]));
                }
                mu::NO_SESSIONS.fmt(lang, &[("checklist", checklist), ("filter", &filter)])
            }
            Error::RosterNoNameColumn(path) => {
                crate::messages::unit::ROSTER_NO_NAME_COLUMN.fmt(lang, &[("path", &shown(path))])
            }
            Error::Encode { what, reason } => {
                let what = match what {
                    Encoded::Session => m::ENCODED_SESSION,
                    Encoded::Json => m::ENCODED_JSON,
                    Encoded::Csv => m::ENCODED_CSV,
                    Encoded::Docx => m::ENCODED_DOCX,
                    Encoded::Xlsx => m::ENCODED_XLSX,
                };
                m::ENCODE.fmt(lang, &[("what", &what.get(lang)), ("reason", reason)])
            }
        }
    }
}

/// A path as one visible line (a file name may hold a newline or an escape sequence).
pub(crate) fn shown(path: &std::path::Path) -> String {
    crate::sanitize::line(&path.display().to_string()).into_owned()
}

/// "张三（办公室）", or "you" for the local user with no name or unit.
pub fn who_text(who: &Respondent, lang: Lang) -> String {
    who.display_in(lang)
        .unwrap_or_else(|| mc::LOCAL_USER.get(lang).to_string())
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
