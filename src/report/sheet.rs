//! The layout every Excel sheet of zicha has (the ledger of one session, the unit's matrix): a bold
//! frozen header with a filter, columns as wide as their text (a Han character counts two) within a
//! cap, wrapped text in rows tall enough for it, thin borders, dates as date cells, A4 landscape
//! with the header row repeated on every printed page and "— 1 —" at the foot. Strings are always
//! string cells, never formulas, so a note that starts with `=` stays text.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use crate::i18n::Lang;

/// A cell's value before it is written.
pub(crate) enum Value {
    Number(usize),
    /// A rating value: a number cell, so that a spreadsheet can sum and average it.
    Int(i64),
    Text(Vec<String>),
    Date(Option<NaiveDate>),
}

pub(crate) fn text(s: impl Into<String>) -> Value {
    Value::Text(vec![s.into()])
}

/// A column: its heading and the most its width may grow to (in Excel's character units).
pub(crate) struct Column {
    pub name: String,
    pub max_width: f64,
}

/// An Excel date, or none for a year Excel cannot hold.
pub(crate) fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    // Both fit in a u8: chrono keeps months in 1..=12 and days in 1..=31.
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

pub(crate) struct Styles {
    header: Format,
    text: Format,
    number: Format,
    date: Format,
    lang: Lang,
}

impl Styles {
    pub(crate) fn new(lang: Lang) -> Styles {
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
            lang,
        }
    }
}

/// The most characters Excel holds in a cell.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// `text` as a cell can hold it: a text longer than Excel allows (a pasted 300,000-character note)
/// is cut, and the cell says so and where the whole text is, instead of the workbook failing.
fn cell_text(text: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
    let n = text.chars().count();
    if n <= MAX_CELL_CHARS {
        return text.into();
    }
    let note = crate::messages::export::XLSX_CUT.fmt(lang, &[("n", &n)]);
    let keep = MAX_CELL_CHARS.saturating_sub(note.chars().count());
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(&note);
    out.into()
}

/// Points per line of 11-point text. Excel's own default is 15, but a Han font's lines run taller:
/// in LibreOffice a three-line note in a 45-point row lost its last line. 16.5 a line and a little
/// room under the last keep every line whole in both, at the cost of some white space in Excel.
const LINE_HEIGHT: f64 = 16.5;
/// Room above and below a cell's text.
const ROW_PADDING: f64 = 3.0;

/// Display width in terminal columns: a Han character is two.
fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Writes `rows` under a header of `columns` with the layout every sheet of zicha has (see the
/// module's doc); the first `freeze_cols` columns stay in view when scrolling sideways.
pub(crate) fn write_sheet(
    sheet: &mut Worksheet,
    columns: &[Column],
    rows: &[Vec<Value>],
    styles: &Styles,
    freeze_cols: u16,
) -> Result<(), XlsxError> {
    // Column widths: the widest line (header included) plus a margin, within the column's cap.
    let mut widths: Vec<f64> = columns
        .iter()
        .map(|c| width(&c.name) as f64 + 2.0)
        .collect();
    for row in rows {
        for (w, value) in widths.iter_mut().zip(row) {
            let needed = match value {
                Value::Number(n) => n.to_string().len() + 2,
                Value::Int(n) => n.to_string().len() + 2,
                Value::Date(_) => 12,
                Value::Text(lines) => lines.iter().map(|l| width(l)).max().unwrap_or(0) + 2,
            };
            *w = w.max(needed as f64);
        }
    }
    for ((i, w), c) in widths.iter_mut().enumerate().zip(columns) {
        *w = w.min(c.max_width.max(width(&c.name) as f64 + 2.0));
        let i = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.set_column_width(i, *w)?;
    }
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    for (c, column) in columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, c, &column.name, &styles.header)?;
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
                Value::Int(n) => {
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
                    let joined = text.join("\n");
                    let shown = cell_text(&joined, styles.lang);
                    sheet.write_string_with_format(r, c, shown.as_ref(), &styles.text)?;
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
        sheet.set_row_height(r, (LINE_HEIGHT * lines as f64 + ROW_PADDING).min(409.0))?;
    }
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, freeze_cols)?;
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
