//! The rectification ledger (整改台账) as CSV: one row per action, and one per problem that has no
//! action yet, in checklist order. UTF-8 with a BOM (Excel and WPS need it to read Chinese), RFC 4180
//! quoting with CRLF line ends, by the `csv` crate.
//!
//! A field that starts with `=`, `+`, `-` or `@` is read as a formula by Excel and WPS (a note
//! starting "- 会议多" shows as `#NAME?`), and one starting with `=` by LibreOffice, so such a field
//! gets a leading tab inside its quotes. The usual guard, a leading `'`, is not used: Excel and
//! LibreOffice both show that apostrophe in the cell when they open a CSV (it hides only when typed
//! in by hand), and Excel drops it on the next save, arming the formula again. A leading tab is
//! text to all three, survives Excel's save, and draws as nothing at the start of a cell
//! (checked with LibreOffice 7 headless: `"\t=1+1"` shows `=1+1`, `"'=1+1"` shows `'=1+1`).
//! Scripts that want the data as it is use the JSON export; people who want typed cells, the XLSX.

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
        // The ledger fields of the series (SPEC §10), after the first round's columns so that a
        // script reading those by position keeps working.
        &m::XLSX_OWNER,
        &m::XLSX_TARGET,
        &m::XLSX_PROGRESS,
        &m::XLSX_OUTCOME,
        &m::XLSX_EVIDENCE,
        &m::XLSX_VERIFIED_ON,
        &m::XLSX_VERIFIED_BY,
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
) -> [String; 20] {
    let checklist = &session.checklist;
    let date_text = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let t = action.map(super::xlsx::tracking).unwrap_or_default();
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
        t.owner,
        t.target,
        t.progress.join("\n"),
        t.outcome,
        t.evidence.join("\n"),
        date_text(t.verified_on),
        t.verified_by,
    ]
}

/// Prefixes a field a spreadsheet would take for a formula with a tab (see the module header).
/// Full-width ＝＋－＠ are included: some spreadsheets in East Asian locales take them as their
/// ASCII forms when a cell is read.
pub(crate) fn guard(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\r', '＝', '＋', '－', '＠']) {
        format!("\t{field}").into()
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
        assert_eq!(guard("- 会议多"), "\t- 会议多");
        assert_eq!(guard("=1+1"), "\t=1+1");
        assert_eq!(guard("@SUM(A1)"), "\t@SUM(A1)");
        assert_eq!(guard("＝1+1"), "\t＝1+1");
        assert_eq!(guard("+86 138"), "\t+86 138");
        // Already text to every spreadsheet: a tab first is not a formula.
        assert_eq!(guard("\t=1"), "\t=1");
        assert_eq!(guard("会议多 - 文件多"), "会议多 - 文件多");
        assert_eq!(guard(""), "");
    }
}
