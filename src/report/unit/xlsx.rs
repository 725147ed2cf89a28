//! The unit summary as an Excel workbook. Sheet 汇总矩阵: one row per item in checklist order, one
//! column per respondent, the ratings as number cells (not applicable "-", unrated blank), the
//! number, group and item columns frozen beside the frozen header. Sheet 逾期措施: the overdue
//! measures (name, unit, session, item, measure, due as a date cell, owner). Laid out by the shared
//! [`crate::report::sheet`], as the single session's ledger is.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::model::{ItemRow, Unit};
use super::text::one_line;
use crate::error::{Encoded, Error, Result};
use crate::i18n::Lang;
use crate::messages::unit as m;
use crate::report::sheet::{Column, Styles, Value, excel_date, text, write_sheet};
use crate::session::Rating;

/// The matrix and the overdue list of `u` in `lang` as the bytes of an .xlsx file.
pub fn render_xlsx(u: &Unit, lang: Lang) -> Result<Vec<u8>> {
    build(u, lang).map_err(|e| Error::Encode {
        what: Encoded::Xlsx,
        reason: e.to_string(),
    })
}

fn column(name: impl Into<String>, max_width: f64) -> Column {
    Column {
        name: name.into(),
        max_width,
    }
}

/// A blank cell for what is not set.
fn opt(value: Option<&str>) -> Value {
    Value::Text(
        value
            .map(one_line)
            .into_iter()
            .filter(|v| !v.is_empty())
            .collect(),
    )
}

fn build(u: &Unit, lang: Lang) -> std::result::Result<Vec<u8>, XlsxError> {
    let styles = Styles::new(lang);
    let mut book = Workbook::new();
    let title = m::MD_TITLE.fmt(lang, &[("title", &one_line(u.title.get(lang)))]);
    let created = excel_date(u.today).map_or_else(|| ExcelDateTime::from_ymd(1980, 1, 1), Ok)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("zicha")
            .set_creation_datetime(&created),
    );

    let mut columns = vec![
        column(m::COL_NO.get(lang), 6.0),
        column(m::XLSX_GROUP.get(lang), 16.0),
        column(m::COL_ITEM.get(lang), 40.0),
        column(m::XLSX_FLAGGED.get(lang), 10.0),
    ];
    columns.extend(u.names.iter().map(|n| column(n.as_str(), 16.0)));
    let mut items: Vec<&ItemRow> = u.items.iter().collect();
    items.sort_by_key(|i| i.number);
    let rows: Vec<Vec<Value>> = items
        .iter()
        .map(|i| {
            let mut row = vec![
                Value::Number(i.number),
                text(one_line(i.group_title.get(lang))),
                text(one_line(i.text.get(lang))),
                Value::Number(i.flagged),
            ];
            row.extend(i.cells.iter().map(|c| match c {
                Rating::Value(v) => Value::Int(*v),
                Rating::NotApplicable => text("-"),
                Rating::Unrated => Value::Text(Vec::new()),
            }));
            row
        })
        .collect();
    let sheet = book.add_worksheet();
    sheet.set_name(m::XLSX_MATRIX_SHEET.get(lang))?;
    // The number, group and item stay in view while scrolling across 300 respondents.
    write_sheet(sheet, &columns, &rows, &styles, 3)?;

    let columns = [
        column(m::CSV_RESPONDENT.get(lang), 16.0),
        column(m::CSV_UNIT.get(lang), 16.0),
        column(m::CSV_SESSION.get(lang), 30.0),
        column(m::COL_ITEM.get(lang), 30.0),
        column(m::COL_MEASURE.get(lang), 40.0),
        column(m::COL_DUE.get(lang), 12.0),
        column(m::COL_OWNER.get(lang), 12.0),
    ];
    let rows: Vec<Vec<Value>> = u
        .overdue()
        .map(|(i, o)| {
            let member = &u.respondents[i];
            let item = u.items.iter().find(|r| r.id == o.item).map_or_else(
                || o.item.clone(),
                |r| format!("{}. {}", r.number, one_line(r.text.get(lang))),
            );
            vec![
                opt(member.respondent.name.as_deref()),
                opt(member.respondent.unit.as_deref()),
                text(member.session.clone()),
                text(item),
                text(one_line(&o.text)),
                Value::Date(Some(o.due)),
                opt(o.owner.as_deref()),
            ]
        })
        .collect();
    let sheet = book.add_worksheet();
    sheet.set_name(m::XLSX_OVERDUE_SHEET.get(lang))?;
    write_sheet(sheet, &columns, &rows, &styles, 0)?;
    book.save_to_buffer()
}
