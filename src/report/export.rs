//! The export of one session (SPEC §5): the written self-review (Markdown), the rectification ledger
//! (CSV) and the whole session as JSON. Pure: a session, a language and the export date in, bytes out;
//! no clock and no files, so the same input always gives the same bytes. Writing the bytes somewhere
//! is the caller's job (`commands::report`, the TUI).
//!
//! The Word document is laid out from [`model::Review`], the review as a list of sections built
//! from the helpers here, by the shared writer [`crate::report::word`]; the workbook uses the
//! helpers directly, as the CSV ledger does.
//!
//! Decisions the SPEC leaves open, kept here so that the formats agree:
//! - Items are numbered 1..N in checklist order across groups; every format uses the same numbers.
//! - A "problem" is an item rated above the lowest level of the scale; "not applicable" is never one.
//! - Open actions due within [`IMMEDIATE_DAYS`] of the export date, overdue ones included, are
//!   立行立改; later ones are 限期整改. An open action with no due date is 立行立改: it has no 期限 to
//!   be 限期 by, so it is treated as work to start at once (and shows "due: none set" so it is noticed).

pub(crate) mod csv;
mod docx;
mod json;
mod md;
pub(crate) mod model;
mod xlsx;

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use crate::checklist::{Checklist, Group, Item};
use crate::error::Result;
use crate::i18n::Lang;
use crate::messages::export as m;
use crate::sanitize;
use crate::session::{Action, ActionStatus, Answer, Rating, Session};

pub use self::csv::ledger;
pub use self::docx::{docx, docx_with};
pub use self::json::json;
pub use self::md::{markdown, markdown_with};
pub use self::xlsx::workbook;

/// Open actions due no later than this many days after the export date are 立行立改.
pub const IMMEDIATE_DAYS: i64 = 30;

/// What `zicha export --format` and the TUI's export offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Md,
    Csv,
    Json,
    /// The self-review as a Word document (GB/T 9704 layout).
    Docx,
    /// The ledger as an Excel workbook.
    Xlsx,
}

impl Format {
    /// In the order the TUI offers them: the text formats first, as before docx and xlsx came.
    pub const ALL: [Format; 5] = [
        Format::Md,
        Format::Csv,
        Format::Json,
        Format::Docx,
        Format::Xlsx,
    ];

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }

    /// A zip package, not text: never written to a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Xlsx)
    }
}

/// The export of `session` in `format`, as the bytes to write. `date` is the export date: it is
/// printed in the review and decides which open actions are overdue or 立行立改.
///
/// Text from the session never lands raw in an export: Markdown, CSV, Word and Excel are rendered
/// from a [`sanitize::display_copy`] (controls and bidi characters shown as `\u{1b}`, the same in
/// every document a person reads; Word would drop an ESC silently and keep a U+202E that reorders
/// the line, Excel would turn `_x001B_` back into a control), and Markdown and CSV pass
/// [`sanitize::text`] once more; JSON keeps every character, with the unsafe ones as `\u001b`
/// escapes.
pub fn render(session: &Session, format: Format, lang: Lang, date: NaiveDate) -> Result<Vec<u8>> {
    render_with_previous(session, None, format, lang, date)
}

/// [`render`] for a session carried forward from `previous`: the review, in Markdown and in Word,
/// opens with how last time's measures were carried out (see [`crate::report::last_time`]). The
/// other formats hold every action's state already and do not look at `previous`.
pub fn render_with_previous(
    session: &Session,
    previous: Option<&Session>,
    format: Format,
    lang: Lang,
    date: NaiveDate,
) -> Result<Vec<u8>> {
    let before = || previous.map(shown);
    Ok(match format {
        Format::Md => {
            let md = markdown_with(&shown(session), before().as_deref(), lang, date);
            sanitize::text(&md).into_owned().into_bytes()
        }
        Format::Csv => {
            let bytes = ledger(&shown(session), lang, date)?;
            match String::from_utf8(bytes) {
                Ok(text) => sanitize::text(&text).into_owned().into_bytes(),
                Err(e) => e.into_bytes(),
            }
        }
        Format::Json => sanitize::json(&json(session)?).into_owned().into_bytes(),
        Format::Docx => docx_with(&shown(session), before().as_deref(), lang, date)?,
        Format::Xlsx => workbook(&shown(session), lang, date)?,
    })
}

/// `session` with control and bidi characters made visible, borrowed when it holds none.
fn shown(session: &Session) -> Cow<'_, Session> {
    sanitize::display_copy(session).map_or(Cow::Borrowed(session), Cow::Owned)
}

/// A file name to offer when the user has not chosen one: `<session id>.<extension>`.
pub fn file_name(session: &Session, format: Format) -> String {
    format!("{}.{}", session.id, format.extension())
}

/// Where an action stands on the export date; decides its section in the review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Standing {
    /// Open, due within [`IMMEDIATE_DAYS`] (or overdue, or undated): 立行立改.
    Immediate,
    /// Open, due later: 限期整改.
    Scheduled,
    Done,
    Dropped,
}

impl Standing {
    fn of(action: &Action, date: NaiveDate) -> Standing {
        match action.status {
            ActionStatus::Done => Standing::Done,
            ActionStatus::Dropped => Standing::Dropped,
            ActionStatus::Open => {
                // At the end of the calendar there is no "later": everything is immediate.
                let limit = date.checked_add_signed(Duration::days(IMMEDIATE_DAYS));
                match (action.due, limit) {
                    (Some(due), Some(limit)) if due > limit => Standing::Scheduled,
                    _ => Standing::Immediate,
                }
            }
        }
    }
}

/// One item of the checklist with its number, group and the session's answer.
pub(crate) struct Entry<'a> {
    /// 1-based, in checklist order across groups.
    pub number: usize,
    pub group: &'a Group,
    pub item: &'a Item,
    pub answer: &'a Answer,
}

/// Every item of the session's own (embedded) checklist, in order, with its answer.
pub(crate) fn entries(session: &Session) -> Vec<Entry<'_>> {
    let answers: HashMap<&str, &Answer> = session
        .answers
        .iter()
        .map(|a| (a.item.as_str(), a))
        .collect();
    session
        .checklist
        .items()
        .enumerate()
        .map(|(i, (group, item))| Entry {
            number: i + 1,
            group,
            item,
            answer: answers
                .get(item.id.as_str())
                .copied()
                .unwrap_or(&crate::session::model::NO_ANSWER),
        })
        .collect()
}

/// True when the rating is a scale value above the lowest one.
pub fn is_problem(checklist: &Checklist, rating: Rating) -> bool {
    match (rating, checklist.lowest_value()) {
        (Rating::Value(v), Some(lowest)) => v > lowest,
        _ => false,
    }
}

/// The rating as a reader sees it: the level's label, "not rated" or "not applicable".
pub(crate) fn rating_text(checklist: &Checklist, rating: Rating, lang: Lang) -> String {
    match rating {
        Rating::Unrated => m::UNRATED.get(lang).to_string(),
        Rating::NotApplicable => m::NOT_APPLICABLE.get(lang).to_string(),
        Rating::Value(v) => checklist
            .level(v)
            .map_or_else(|| v.to_string(), |l| l.label.get(lang).to_string()),
    }
}

/// The finding sources' labels, joined; ids the checklist lacks are shown as they are.
pub(crate) fn sources_text(checklist: &Checklist, answer: &Answer, lang: Lang) -> String {
    answer
        .sources
        .iter()
        .map(|id| {
            checklist
                .finding_source(id)
                .map_or(id.as_str(), |s| s.label.get(lang))
        })
        .collect::<Vec<_>>()
        .join(m::LIST_SEP.get(lang))
}

/// The action's status on `date`, short ("overdue"), without its due date or note.
pub(crate) fn status_short(action: &Action, date: NaiveDate, lang: Lang) -> &'static str {
    match action.status {
        ActionStatus::Open if action.is_overdue(date) => m::STATUS_OVERDUE.get(lang),
        ActionStatus::Open => m::STATUS_OPEN.get(lang),
        ActionStatus::Done => m::STATUS_DONE.get(lang),
        ActionStatus::Dropped => m::STATUS_DROPPED.get(lang),
    }
}

/// The action's status on `date` in full: the due date of an open one, the day a done one was done,
/// the reason a dropped one was dropped.
pub(crate) fn status_long(action: &Action, date: NaiveDate, lang: Lang) -> String {
    match (action.status, action.due) {
        (ActionStatus::Open, Some(due)) if action.is_overdue(date) => {
            m::STATUS_OVERDUE_DUE.fmt(lang, &[("due", &due)])
        }
        (ActionStatus::Open, Some(due)) => m::STATUS_OPEN_DUE.fmt(lang, &[("due", &due)]),
        (ActionStatus::Done, _) => match action.done_on {
            Some(d) => m::STATUS_DONE_ON.fmt(lang, &[("date", &d)]),
            None => m::STATUS_DONE.get(lang).to_string(),
        },
        (ActionStatus::Dropped, _) if !action.note.trim().is_empty() => {
            m::STATUS_DROPPED_REASON.fmt(lang, &[("reason", &action.note.trim())])
        }
        _ => status_short(action, date, lang).to_string(),
    }
}

/// An action with the number it has in the review, and the entry it belongs to.
pub(crate) struct Numbered<'a> {
    pub number: usize,
    pub standing: Standing,
    pub entry: usize,
    pub action: &'a Action,
}

/// Every action of the session, numbered in the order the review lists them: 立行立改, 限期整改, done,
/// dropped; open ones by due date (undated last), the rest in checklist order.
pub(crate) fn numbered_actions<'a>(entries: &[Entry<'a>], date: NaiveDate) -> Vec<Numbered<'a>> {
    let mut all: Vec<Numbered<'a>> = entries
        .iter()
        .enumerate()
        .flat_map(|(e, entry)| {
            entry.answer.actions.iter().map(move |action| Numbered {
                number: 0,
                standing: Standing::of(action, date),
                entry: e,
                action,
            })
        })
        .collect();
    // Stable: ties keep checklist and entry order.
    all.sort_by_key(|n| {
        let due = match n.standing {
            Standing::Immediate | Standing::Scheduled => n.action.due,
            Standing::Done | Standing::Dropped => None,
        };
        (n.standing, due.is_none(), due)
    });
    for (i, n) in all.iter_mut().enumerate() {
        n.number = i + 1;
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn open(due: Option<&str>) -> Action {
        Action {
            text: "x".into(),
            due: due.map(d),
            ..Action::default()
        }
    }

    #[test]
    fn open_actions_due_within_thirty_days_or_undated_are_immediate() {
        let date = d("2026-11-23");
        assert_eq!(
            Standing::of(&open(Some("2026-11-01")), date),
            Standing::Immediate
        );
        assert_eq!(
            Standing::of(&open(Some("2026-12-23")), date),
            Standing::Immediate
        );
        assert_eq!(
            Standing::of(&open(Some("2026-12-24")), date),
            Standing::Scheduled
        );
        assert_eq!(Standing::of(&open(None), date), Standing::Immediate);
        assert_eq!(
            Standing::of(&open(Some("2026-12-24")), NaiveDate::MAX),
            Standing::Immediate
        );
        let done = Action {
            status: ActionStatus::Done,
            ..open(Some("2026-12-24"))
        };
        assert_eq!(Standing::of(&done, date), Standing::Done);
    }

    #[test]
    fn long_status_names_the_date_that_matters() {
        let date = d("2026-11-23");
        let lang = Lang::En;
        assert_eq!(
            status_long(&open(Some("2026-11-01")), date, lang),
            "overdue, was due 2026-11-01"
        );
        assert_eq!(
            status_long(&open(Some("2026-12-01")), date, lang),
            "open, due 2026-12-01"
        );
        assert_eq!(status_long(&open(None), date, lang), "open");
        let done = Action {
            status: ActionStatus::Done,
            done_on: Some(d("2026-11-20")),
            ..open(None)
        };
        assert_eq!(status_long(&done, date, lang), "done on 2026-11-20");
        let dropped = Action {
            status: ActionStatus::Dropped,
            note: " merged into 2 ".into(),
            ..open(None)
        };
        assert_eq!(status_long(&dropped, date, lang), "dropped: merged into 2");
    }
}
