//! What can be wrong with a checklist file, and where: the values the loader and validator report.
//!
//! A problem is data; it is rendered once, in the user's language, by [`Problem::render`].

use std::fmt;

use crate::i18n::Lang;
use crate::messages::errors as m;

/// Where in a file a problem sits: a line and column (syntax) or the path of a field (semantics).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// 1-based line and column, as ron counts them (columns in characters).
    Pos { line: usize, col: usize },
    /// A field path such as `groups[2].items[4].id`; empty for the whole document.
    Field(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// ron's own message (English only: it comes from the parser).
    Syntax(String),
    InvalidUtf8,
    EmptyFile,
    /// The file ends in the middle of a value (a bracket or quote not closed).
    UnexpectedEnd,
    /// Brackets nested deeper than the parser allows.
    TooDeep {
        limit: usize,
    },
    /// The file could not be read (the OS error's text).
    Unreadable(String),
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    MissingField,
    UnknownField {
        allowed: &'static [&'static str],
    },
    DuplicateId {
        id: String,
        first: String,
    },
    BadId {
        id: String,
    },
    EmptyGroup,
    NoGroups,
    EmptyText,
    ScaleLevels {
        count: usize,
    },
    DuplicateScaleValue {
        value: i64,
        first: String,
    },
    ScaleValueRange {
        value: i64,
    },
    NumberRange {
        value: String,
    },
    /// ron or JSON expected this token here (a bracket, a comma, a quote…).
    Expected {
        what: &'static str,
    },
    JsonSyntax,
    /// A FIFO, a device, a directory…: only regular files are read.
    NotRegular {
        kind: crate::files::FileKind,
    },
    /// A required field, by name, is missing.
    MissingNamed {
        field: &'static str,
    },
    DuplicateField {
        field: &'static str,
    },
    UnknownVariant {
        allowed: &'static [&'static str],
    },
    /// Text after the end of the value.
    TrailingText,
    /// A value of the wrong type or that cannot be read (a date, a number); not quoted.
    BadValue,
    /// An empty session file.
    EmptySession,
    /// A session file's `format` this build does not know (0, or a gap).
    UnknownFormat {
        format: u32,
    },
    /// A user checklist with the same id as a bundled one (or another user file).
    /// `other` is the file that has it, or `None` for a bundled checklist.
    IdTaken {
        id: String,
        other: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub at: Location,
    pub kind: ProblemKind,
}

impl Problem {
    /// `file:line:col: what` or `file: field.path: what`, in `lang`, with control and bidi
    /// characters from the file (its name, ids, ron's excerpts) made visible.
    pub fn render(&self, lang: Lang) -> String {
        let file = crate::sanitize::line(&self.file);
        let place = match &self.at {
            Location::Pos { line, col } => format!("{file}:{line}:{col}"),
            Location::Field(path) if path.is_empty() => file.into_owned(),
            Location::Field(path) => format!("{file}: {}", crate::sanitize::line(path)),
        };
        crate::sanitize::text(&format!("{place}: {}", self.kind.render(lang))).into_owned()
    }
}

impl ProblemKind {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            ProblemKind::Syntax(msg) => m::SYNTAX.fmt(lang, &[("msg", msg)]),
            ProblemKind::InvalidUtf8 => m::INVALID_UTF8.fmt(lang, &[]),
            ProblemKind::EmptyFile => m::EMPTY_FILE.fmt(lang, &[]),
            ProblemKind::UnexpectedEnd => m::UNEXPECTED_END.fmt(lang, &[]),
            ProblemKind::TooDeep { limit } => m::TOO_DEEP.fmt(lang, &[("limit", limit)]),
            ProblemKind::Unreadable(err) => m::UNREADABLE.fmt(lang, &[("err", err)]),
            ProblemKind::TooLarge { bytes, limit } => m::TOO_LARGE.fmt(
                lang,
                &[
                    ("size", &human_size(*bytes)),
                    ("limit", &human_size(*limit)),
                ],
            ),
            ProblemKind::WrongType { expected, found } => {
                m::WRONG_TYPE.fmt(lang, &[("expected", expected), ("found", found)])
            }
            ProblemKind::MissingField => m::MISSING_FIELD.fmt(lang, &[]),
            ProblemKind::UnknownField { allowed } => {
                m::UNKNOWN_FIELD.fmt(lang, &[("allowed", &allowed.join(", "))])
            }
            ProblemKind::DuplicateId { id, first } => {
                m::DUPLICATE_ID.fmt(lang, &[("id", id), ("first", first)])
            }
            ProblemKind::BadId { id } => m::BAD_ID.fmt(lang, &[("id", id)]),
            ProblemKind::EmptyGroup => m::EMPTY_GROUP.fmt(lang, &[]),
            ProblemKind::NoGroups => m::NO_GROUPS.fmt(lang, &[]),
            ProblemKind::EmptyText => m::EMPTY_TEXT.fmt(lang, &[]),
            ProblemKind::ScaleLevels { count } => m::SCALE_LEVELS.fmt(lang, &[("count", count)]),
            ProblemKind::DuplicateScaleValue { value, first } => {
                m::DUPLICATE_SCALE_VALUE.fmt(lang, &[("value", value), ("first", first)])
            }
            ProblemKind::ScaleValueRange { value } => {
                m::SCALE_VALUE_RANGE.fmt(lang, &[("value", value)])
            }
            ProblemKind::NumberRange { value } => m::NUMBER_RANGE.fmt(lang, &[("value", value)]),
            ProblemKind::Expected { what } => m::EXPECTED.fmt(lang, &[("what", what)]),
            ProblemKind::MissingNamed { field } => m::MISSING_NAMED.fmt(lang, &[("field", field)]),
            ProblemKind::DuplicateField { field } => {
                m::DUPLICATE_FIELD.fmt(lang, &[("field", field)])
            }
            ProblemKind::UnknownVariant { allowed } => {
                m::UNKNOWN_VARIANT.fmt(lang, &[("allowed", &allowed.join(", "))])
            }
            ProblemKind::JsonSyntax => m::JSON_SYNTAX.fmt(lang, &[]),
            ProblemKind::NotRegular { kind } => {
                m::NOT_REGULAR_KIND.fmt(lang, &[("kind", &m::file_kind(*kind, lang))])
            }
            ProblemKind::TrailingText => m::TRAILING_TEXT.fmt(lang, &[]),
            ProblemKind::BadValue => m::BAD_VALUE.fmt(lang, &[]),
            ProblemKind::EmptySession => m::EMPTY_SESSION.fmt(lang, &[]),
            ProblemKind::UnknownFormat { format } => {
                m::UNKNOWN_FORMAT.fmt(lang, &[("format", format)])
            }
            ProblemKind::IdTaken { id, other } => {
                let other = match other {
                    Some(file) => file.clone(),
                    None => m::BUNDLED_CHECKLIST.fmt(lang, &[("id", id)]),
                };
                m::ID_TAKEN.fmt(lang, &[("id", id), ("other", &other)])
            }
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B")
    }
}
