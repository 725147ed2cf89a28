//! The rectification ledger (整改台账) as an Excel workbook, by rust_xlsxwriter.
//!
//! Sheet 整改台账: one row per action and one per problem without an action, in checklist order (as
//! the CSV ledger), dates as date cells. Sheet 逐项对照: every item with its rating, note and actions.
//! Both sheets: a bold frozen header with a filter, columns as wide as their text (a Han character
//! counts two), wrapped text in rows tall enough for it, A4 landscape with the header row
//! repeated on every printed page. Strings are always string cells, never formulas, so a note that
//! starts with `=` stays text.
//!
//! The document's creation time is the export date, and rust_xlsxwriter zips with fixed timestamps:
//! the same input gives the same bytes.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::model::text_lines;
use super::{Entry, entries, is_problem, numbered_actions, rating_text, sources_text, status_long};
use crate::error::{Encoded, Error, Result};
use crate::i18n::{Lang, Msg};
use crate::messages::export as m;
use crate::session::{Action, ActionStatus, Session};

/// The ledger fields of an action (SPEC §10: `owner`, `target`, `progress`, `outcome`, `evidence`,
/// `verified_on`): the one place they are read, for the workbook and the CSV ledger.
#[derive(Default)]
pub(super) struct Tracking {
    pub(super) target: String,
    pub(super) owner: String,
    /// One line per progress entry: "YYYY-MM-DD text".
    pub(super) progress: Vec<String>,
    pub(super) outcome: String,
    pub(super) evidence: Vec<String>,
    pub(super) verified_on: Option<NaiveDate>,
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
    }
}

/// A cell's value before it is written.
enum Value {
    Number(usize),
    Text(Vec<String>),
    Date(Option<NaiveDate>),
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(vec![s.into()])
}

/// A column: its heading and the most a width may grow to (in Excel's character units).
struct Column {
    name: &'static Msg,
    max_width: f64,
}

const fn col(name: &'static Msg, max_width: f64) -> Column {
    Column { name, max_width }
}

const LEDGER: [Column; 15] = [
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
];

const ITEMS: [Column; 7] = [
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
    write_sheet(sheet, &LEDGER, &rows, &styles, lang)?;
    let rows = item_rows(session, &entries, lang, date);
    let sheet = book.add_worksheet();
    sheet.set_name(m::XLSX_ITEMS_SHEET.get(lang))?;
    write_sheet(sheet, &ITEMS, &rows, &styles, lang)?;
    book.save_to_buffer()
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    // Both fit in a u8: chrono keeps months in 1..=12 and days in 1..=31.
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
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

struct Styles {
    header: Format,
    text: Format,
    number: Format,
    date: Format,
}

impl Styles {
    fn new(lang: Lang) -> Styles {
        let base = |f: Format| {
            let f = f
                .set_text_wrap()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Top);
            match lang {
                // A font that has the Han characters, as a Chinese Excel or WPS would choose.
                Lang::Zh => f.set_font_name("宋体"),
                Lang::En => f,
            }
        };
        Styles {
            header: base(Format::new())
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xD9_D9_D9)),
            text: base(Format::new()),
            number: base(Format::new()).set_align(FormatAlign::Center),
            date: base(Format::new())
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center),
        }
    }
}

/// Points per line of 11-point text: Excel's row height for one line.
const LINE_HEIGHT: f64 = 15.0;

/// Display width in terminal columns: a Han character is two.
fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn write_sheet(
    sheet: &mut Worksheet,
    columns: &[Column],
    rows: &[Vec<Value>],
    styles: &Styles,
    lang: Lang,
) -> std::result::Result<(), XlsxError> {
    // Column widths: the widest line (header included) plus a margin, within the column's cap.
    let mut widths: Vec<f64> = columns
        .iter()
        .map(|c| width(c.name.get(lang)) as f64 + 2.0)
        .collect();
    for row in rows {
        for (w, value) in widths.iter_mut().zip(row) {
            let needed = match value {
                Value::Number(n) => n.to_string().len() + 2,
                Value::Date(_) => 12,
                Value::Text(lines) => lines.iter().map(|l| width(l)).max().unwrap_or(0) + 2,
            };
            *w = w.max(needed as f64);
        }
    }
    for ((i, w), c) in widths.iter_mut().enumerate().zip(columns) {
        *w = w.min(c.max_width.max(width(c.name.get(lang)) as f64 + 2.0));
        let i = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.set_column_width(i, *w)?;
    }
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    for (c, column) in columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, c, column.name.get(lang), &styles.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        // Rows as tall as their longest wrapped cell: LibreOffice does not fit them on opening a
        // file, and Excel only sometimes. Reckoned for Excel's widths (a column of width w holds about
        // w - 1 display columns of 宋体), so no text is cut; LibreOffice, whose CJK glyphs run
        // narrower, shows some space below.
        let mut lines = 1;
        for (c, value) in row.iter().enumerate() {
            let col_width = widths.get(c).copied().unwrap_or(10.0);
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            match value {
                Value::Number(n) => {
                    sheet.write_number_with_format(r, c, *n as f64, &styles.number)?;
                }
                Value::Date(Some(d)) => match excel_date(*d) {
                    Some(x) => {
                        sheet.write_datetime_with_format(r, c, &x, &styles.date)?;
                    }
                    None => {
                        sheet.write_string_with_format(r, c, d.to_string(), &styles.date)?;
                    }
                },
                Value::Date(None) => {
                    sheet.write_blank(r, c, &styles.date)?;
                }
                Value::Text(text) if text.is_empty() => {
                    sheet.write_blank(r, c, &styles.text)?;
                }
                Value::Text(text) => {
                    sheet.write_string_with_format(r, c, text.join("\n"), &styles.text)?;
                    let usable = (col_width - 1.0).max(1.0);
                    let wrapped: usize = text
                        .iter()
                        .map(|l| ((width(l) as f64 / usable).ceil() as usize).max(1))
                        .sum();
                    lines = lines.max(wrapped);
                }
            }
        }
        // Excel caps a row at 409 points.
        sheet.set_row_height(r, (LINE_HEIGHT * lines as f64).min(409.0))?;
    }
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_landscape();
    // 9 is A4 in Excel's paper codes.
    sheet.set_paper_size(9);
    // As wide as one page; as many pages down as it takes.
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&C— &P —");
    Ok(())
}
