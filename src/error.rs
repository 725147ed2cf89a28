//! The errors a user can meet, as values. They are rendered once, at the edge, in the user's language,
//! naming what is wrong and what to do (see `messages::errors`).

use std::io;
use std::path::PathBuf;

use crate::checklist::Problem;
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
    #[error("{path}:{line}:{col}: {why:?}")]
    Damaged {
        path: PathBuf,
        line: usize,
        col: usize,
        why: Damage,
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
    /// `zicha import - -`: stdin holds one session and can be read once.
    #[error("stdin given twice")]
    StdinTwice,
    /// A `zicha unit` output format this build cannot write yet.
    #[error("--format {0} not supported yet")]
    FormatNotYet(&'static str),
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
            SessionProblem::DuplicateActionId(i, j, id) => m::SESSION_DUPLICATE_ACTION_ID
                .fmt(lang, &[("i", i), ("j", j), ("id", &format!("{id:?}"))]),
        }
    }
}

/// Why a session file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Damage {
    /// Larger than `limit_mib` MiB: refused rather than read into memory.
    TooLarge {
        limit_mib: u64,
    },
    NotUtf8,
    /// The parser's own words (RON or JSON), which come in English only.
    Syntax(String),
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
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The message for the user, in `lang`: what is wrong, where, and what to do.
    pub fn render(&self, lang: Lang) -> String {
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
                    &[("path", &path.display()), ("err", source), ("what", &what)],
                )
            }
            Error::DataDirNotDir(p) => m::DATA_DIR_NOT_DIR.fmt(lang, &[("path", &p.display())]),
            Error::NoDataDir => m::NO_DATA_DIR.fmt(lang, &[]),
            Error::Damaged {
                path,
                line,
                col,
                why,
            } => {
                let why = match why {
                    Damage::TooLarge { limit_mib } => {
                        m::DAMAGE_TOO_LARGE.fmt(lang, &[("limit", limit_mib)])
                    }
                    Damage::NotUtf8 => m::DAMAGE_NOT_UTF8.get(lang).to_string(),
                    Damage::Syntax(msg) => msg.clone(),
                };
                m::DAMAGED.fmt(
                    lang,
                    &[
                        ("path", &path.display()),
                        ("line", line),
                        ("col", col),
                        ("msg", &why),
                    ],
                )
            }
            Error::Invalid { path, problems } => m::INVALID.fmt(
                lang,
                &[
                    ("path", &path.display()),
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
                m::NEWER_FORMAT.fmt(lang, &[("path", &path.display()), ("format", format)])
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
            Error::Exists(p) => m::EXISTS.fmt(lang, &[("path", &p.display())]),
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
                export::OUTPUT_IS_DIR.fmt(lang, &[("path", &path.display()), ("name", name)])
            }
            Error::OutputParentNotDir(dir) => {
                export::OUTPUT_PARENT_NOT_DIR.fmt(lang, &[("dir", &dir.display())])
            }
            Error::OutputNoDir(dir) => export::OUTPUT_NO_DIR.fmt(lang, &[("dir", &dir.display())]),
            Error::OutputInSessions(path) => {
                export::OUTPUT_IN_SESSIONS.fmt(lang, &[("path", &path.display())])
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
            Error::NothingImported => crate::messages::cli::IMPORT_NOTHING.fmt(lang, &[]),
            Error::StdinTwice => crate::messages::cli::IMPORT_STDIN_TWICE
                .get(lang)
                .to_string(),
            Error::FormatNotYet(format) => {
                crate::messages::unit::NOT_YET.fmt(lang, &[("format", format)])
            }
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
                crate::messages::unit::ROSTER_NO_NAME_COLUMN.fmt(lang, &[("path", &path.display())])
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

/// "张三 (办公室)", or "you" for the local user with no name or unit.
pub fn who_text(who: &Respondent, lang: Lang) -> String {
    who.display()
        .unwrap_or_else(|| mc::LOCAL_USER.get(lang).to_string())
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
