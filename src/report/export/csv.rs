//! The rectification ledger (整改台账) as CSV: one row per action, and one per problem that has no
//! action yet, in checklist order. UTF-8 with a BOM (Excel and WPS need it to read Chinese), RFC 4180
//! quoting with CRLF line ends, by the `csv` crate.
//!
//! A field that starts with `=`, `+`, `-` or `@` is read as a formula by Excel, WPS and LibreOffice
//! (a note starting "- 会议多" would show as `#NAME?`), so such a field gets a leading `'`, the usual
//! guard against formula injection. Scripts that want the data as it is use the JSON export.

use chrono::NaiveDate;

use super::{Entry, Standing, entries, is_problem, rating_text, sources_text, status_short};
use crate::error::{Encoded, Error, Result};
use crate::i18n::Lang;
use crate::messages::export as m;
use crate::session::{Action, Session};

const BOM: &str = "\u{feff}";

/// The ledger of `session` as of `date`, columns named in `lang`.
pub fn ledger(session: &Session, lang: Lang, date: NaiveDate) -> Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    let columns = [
        &m::CSV_ROW,
        &m::CSV_ITEM_NUMBER,
        &m::CSV_GROUP,
        &m::CSV_ITEM,
        &m::CSV_RATING,
        &m::CSV_MANIFESTATION,
        &m::CSV_SOURCES,
        &m::CSV_ACTION,
        &m::CSV_DUE,
        &m::CSV_KIND,
        &m::CSV_STATUS,
        &m::CSV_DONE_ON,
        &m::CSV_NOTE,
    ];
    out.write_record(columns.iter().map(|c| c.get(lang)))
        .map_err(csv_error)?;
    let mut row = 0;
    for e in entries(session) {
        let actions: Vec<Option<&Action>> = if e.answer.actions.is_empty() {
            if is_problem(&session.checklist, e.answer.rating) {
                vec![None]
            } else {
                Vec::new()
            }
        } else {
            e.answer.actions.iter().map(Some).collect()
        };
        for action in actions {
            row += 1;
            let record = record(session, &e, action, row, lang, date);
            let fields: Vec<_> = record.iter().map(|f| guard(f)).collect();
            out.write_record(fields.iter().map(|f| f.as_bytes()))
                .map_err(csv_error)?;
        }
    }
    out.into_inner().map_err(|e| Error::Encode {
        what: Encoded::Csv,
        reason: e.error().to_string(),
    })
}

/// The fields of one ledger row, before the formula guard.
fn record(
    session: &Session,
    e: &Entry,
    action: Option<&Action>,
    row: usize,
    lang: Lang,
    date: NaiveDate,
) -> [String; 13] {
    let checklist = &session.checklist;
    let date_text = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let (text, due, kind, status, done_on, note) = match action {
        Some(a) => (
            a.text.clone(),
            date_text(a.due),
            match Standing::of(a, date) {
                Standing::Immediate => m::MD_IMMEDIATE.get(lang),
                Standing::Scheduled => m::MD_SCHEDULED.get(lang),
                Standing::Done | Standing::Dropped => "",
            },
            status_short(a, date, lang),
            date_text(a.done_on),
            a.note.clone(),
        ),
        None => (
            String::new(),
            String::new(),
            "",
            m::STATUS_NO_ACTION.get(lang),
            String::new(),
            String::new(),
        ),
    };
    [
        row.to_string(),
        e.number.to_string(),
        e.group.title.get(lang).to_string(),
        e.item.text.get(lang).to_string(),
        rating_text(checklist, e.answer.rating, lang),
        e.answer.manifestation.clone(),
        sources_text(checklist, e.answer, lang),
        text,
        due,
        kind.to_string(),
        status.to_string(),
        done_on,
        note,
    ]
}

/// Prefixes a field a spreadsheet would take for a formula with `'`.
pub(crate) fn guard(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

fn csv_error(e: csv::Error) -> Error {
    Error::Encode {
        what: Encoded::Csv,
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_a_spreadsheet_would_evaluate_are_guarded() {
        assert_eq!(guard("- 会议多"), "'- 会议多");
        assert_eq!(guard("=1+1"), "'=1+1");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("会议多 - 文件多"), "会议多 - 文件多");
        assert_eq!(guard(""), "");
    }
}
