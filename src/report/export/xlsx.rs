//! The rectification ledger (整改台账) as an Excel workbook, by rust_xlsxwriter.
//!
//! Sheet 整改台账: one row per action and one per problem without an action, in checklist order (as
//! the CSV ledger), dates as date cells. Sheet 逐项对照: every item with its rating, note and actions.
//! Both sheets are laid out by the shared [`crate::report::sheet`] (frozen bold header, filter,
//! widths by display width, A4 landscape, strings never formulas).
//!
//! The document's creation time is the export date, and rust_xlsxwriter zips with fixed timestamps:
//! the same input gives the same bytes.

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::model::text_lines;
use super::{Entry, entries, is_problem, numbered_actions, rating_text, sources_text, status_long};
use crate::error::{Encoded, Error, Result};
use crate::i18n::{Lang, Msg};
use crate::messages::export as m;
use crate::report::sheet::{Column, Styles, Value, excel_date, text, write_sheet};
use crate::session::{Action, ActionStatus, Session};

/// The ledger fields of an action (SPEC §10: `owner`, `target`, `progress`, `outcome`, `evidence`,
/// `verified_on`, `verified_by`): the one place they are read, for the workbook and the CSV ledger.
#[derive(Default)]
pub(super) struct Tracking {
    pub(super) target: String,
    pub(super) owner: String,
    /// One line per progress entry: "YYYY-MM-DD text".
    pub(super) progress: Vec<String>,
    pub(super) outcome: String,
    pub(super) evidence: Vec<String>,
    pub(super) verified_on: Option<NaiveDate>,
    /// Who verified it (销号人).
    pub(super) verified_by: String,
}

pub(super) fn tracking(action: &Action) -> Tracking {
    Tracking {
        target: action.target.clone().unwrap_or_default(),
        owner: action.owner.clone().unwrap_or_default(),
        progress: action
            .progress
            .iter()
            .map(|p| format!("{} {}", p.on, text_lines(&p.text).join(" ")))
            .collect(),
        outcome: action.outcome.clone().unwrap_or_default(),
        evidence: action.evidence.iter().flat_map(|e| text_lines(e)).collect(),
        verified_on: action.verified_on,
        verified_by: action.verified_by.clone().unwrap_or_default(),
    }
}

/// A column: its heading and the most a width may grow to (in Excel's character units).
struct Spec {
    name: &'static Msg,
    max_width: f64,
}

const fn col(name: &'static Msg, max_width: f64) -> Spec {
    Spec { name, max_width }
}

fn columns(specs: &[Spec], lang: Lang) -> Vec<Column> {
    specs
        .iter()
        .map(|s| Column {
            name: s.name.get(lang).to_string(),
            max_width: s.max_width,
        })
        .collect()
}

const LEDGER: [Spec; 16] = [
    col(&m::XLSX_NO, 6.0),
    col(&m::XLSX_ITEM, 24.0),
    col(&m::XLSX_GROUP, 12.0),
    col(&m::XLSX_SEVERITY, 10.0),
    col(&m::XLSX_MANIFESTATION, 30.0),
    col(&m::XLSX_SOURCES, 12.0),
    col(&m::XLSX_TARGET, 16.0),
    col(&m::XLSX_MEASURE, 28.0),
    col(&m::XLSX_OWNER, 10.0),
    col(&m::XLSX_DUE, 12.0),
    col(&m::XLSX_STATUS, 18.0),
    col(&m::XLSX_PROGRESS, 20.0),
    col(&m::XLSX_OUTCOME, 16.0),
    col(&m::XLSX_EVIDENCE, 16.0),
    col(&m::XLSX_VERIFIED_ON, 12.0),
    col(&m::XLSX_VERIFIED_BY, 10.0),
];

const ITEMS: [Spec; 7] = [
    col(&m::XLSX_NO, 6.0),
    col(&m::XLSX_GROUP, 16.0),
    col(&m::XLSX_ITEM, 40.0),
    col(&m::XLSX_RATING, 12.0),
    col(&m::XLSX_MANIFESTATION, 50.0),
    col(&m::XLSX_SOURCES, 16.0),
    col(&m::XLSX_ACTIONS, 45.0),
];

/// The ledger of `session` as of `date`, in `lang`, as the bytes of an .xlsx file.
pub fn workbook(session: &Session, lang: Lang, date: NaiveDate) -> Result<Vec<u8>> {
    build(session, lang, date).map_err(|e| Error::Encode {
        what: Encoded::Xlsx,
        reason: e.to_string(),
    })
}

fn build(
    session: &Session,
    lang: Lang,
    date: NaiveDate,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let entries = entries(session);
    let styles = Styles::new(lang);
    let mut book = Workbook::new();
    let title = m::MD_TITLE.fmt(lang, &[("title", &session.checklist.title.get(lang))]);
    let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
    let created = excel_date(date).unwrap_or(created);
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author(session.name.as_deref().unwrap_or("zicha"))
            .set_creation_datetime(&created),
    );
    let rows = ledger_rows(session, &entries, lang, date);
    let sheet = book.add_worksheet();
    sheet.set_name(m::XLSX_LEDGER_SHEET.get(lang))?;
    write_sheet(sheet, &columns(&LEDGER, lang), &rows, &styles, 0)?;
    let rows = item_rows(session, &entries, lang, date);
    let sheet = book.add_worksheet();
    sheet.set_name(m::XLSX_ITEMS_SHEET.get(lang))?;
    write_sheet(sheet, &columns(&ITEMS, lang), &rows, &styles, 0)?;
    book.save_to_buffer()
}

fn item_ref(e: &Entry, lang: Lang) -> String {
    m::ITEM_REF.fmt(
        lang,
        &[
            ("number", &e.number),
            ("text", &text_lines(e.item.text.get(lang)).join(" ")),
        ],
    )
}

/// Rows of 整改台账, in checklist order: each action, or the problem alone when it has none.
fn ledger_rows(
    session: &Session,
    entries: &[Entry],
    lang: Lang,
    date: NaiveDate,
) -> Vec<Vec<Value>> {
    let checklist = &session.checklist;
    let mut rows = Vec::new();
    for e in entries {
        let actions: Vec<Option<&Action>> = if e.answer.actions.is_empty() {
            if is_problem(checklist, e.answer.rating) {
                vec![None]
            } else {
                Vec::new()
            }
        } else {
            e.answer.actions.iter().map(Some).collect()
        };
        for action in actions {
            let t = action.map(tracking).unwrap_or_default();
            let (measure, due, status) = match action {
                Some(a) => {
                    let mut status = vec![status_long(a, date, lang)];
                    // A dropped action's note is its reason, already in the status.
                    if a.status != ActionStatus::Dropped {
                        status.extend(
                            text_lines(&a.note)
                                .iter()
                                .map(|n| m::MD_NOTE.fmt(lang, &[("note", n)])),
                        );
                    }
                    (text_lines(&a.text), a.due, status)
                }
                None => (
                    Vec::new(),
                    None,
                    vec![m::STATUS_NO_ACTION.get(lang).to_string()],
                ),
            };
            rows.push(vec![
                Value::Number(rows.len() + 1),
                text(item_ref(e, lang)),
                text(e.group.title.get(lang)),
                text(rating_text(checklist, e.answer.rating, lang)),
                Value::Text(text_lines(&e.answer.manifestation)),
                text(sources_text(checklist, e.answer, lang)),
                Value::Text(text_lines(&t.target)),
                Value::Text(measure),
                Value::Text(text_lines(&t.owner)),
                Value::Date(due),
                Value::Text(status),
                Value::Text(t.progress),
                Value::Text(text_lines(&t.outcome)),
                Value::Text(t.evidence),
                Value::Date(t.verified_on),
                Value::Text(text_lines(&t.verified_by)),
            ]);
        }
    }
    rows
}

/// Rows of 逐项对照: every item, with its actions numbered as in the written review.
fn item_rows(session: &Session, entries: &[Entry], lang: Lang, date: NaiveDate) -> Vec<Vec<Value>> {
    let actions = numbered_actions(entries, date);
    let mut by_entry: Vec<Vec<String>> = vec![Vec::new(); entries.len()];
    for n in &actions {
        by_entry[n.entry].push(m::ACTION_REF.fmt(
            lang,
            &[
                ("number", &n.number),
                ("text", &text_lines(&n.action.text).join(" ")),
                ("status", &status_long(n.action, date, lang)),
            ],
        ));
    }
    entries
        .iter()
        .zip(by_entry)
        .map(|(e, acts)| {
            vec![
                Value::Number(e.number),
                text(e.group.title.get(lang)),
                text(text_lines(e.item.text.get(lang)).join(" ")),
                text(rating_text(&session.checklist, e.answer.rating, lang)),
                Value::Text(text_lines(&e.answer.manifestation)),
                text(sources_text(&session.checklist, e.answer, lang)),
                Value::Text(acts),
            ]
        })
        .collect()
}
