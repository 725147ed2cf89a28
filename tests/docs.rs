//! `zicha export --format docx|xlsx`: the Word self-review and the Excel ledger, read back as a user's
//! program would read them: unzip the package, parse the XML parts, and check what a reader relies
//! on (GB/T 9704 page and fonts, headings in order, the PAGE field, every item in the appendix table
//! with its repeated header row; the ledger's columns, one row per action with real date cells).
//! The visual check with LibreOffice is manual (scripts/visual-check.sh); CI needs no office suite.

mod common;

use std::collections::HashMap;
use std::io::{Cursor, Read};

use assert_cmd::Command;
use chrono::{DateTime, FixedOffset, NaiveDate};
use roxmltree::{Document, Node};
use tempfile::TempDir;

use zicha::checklist::Checklist;
use zicha::i18n::Lang;
use zicha::report::export::{self, Format};
use zicha::session::model::FORMAT;
use zicha::session::{Action, ActionStatus, Rating, Session, Store};

const NOW: &str = "2026-11-23T10:00:00+08:00";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const S: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn bundled(id: &str) -> Checklist {
    zicha::checklist::bundled::all()
        .into_iter()
        .filter_map(|(_, c)| c.ok())
        .find(|c| c.id == id)
        .unwrap()
}

/// Every item rated (a fifth of them problems without an action), notes with XML's special
/// characters and a control character, a preface, and actions of every status.
fn session() -> Session {
    let mut s = Session::new(
        "20261123-four-winds-25".into(),
        bundled("four-winds-25"),
        now(),
    );
    s.label = Some("2026年第四季度".into());
    s.name = Some("张三".into());
    s.unit = Some("某某局 <办公室>".into());
    s.preface = "根据支部安排,本人对照25种表现逐项查摆。\n现将有关情况报告如下。".into();
    let ids: Vec<String> = s.checklist.items().map(|(_, i)| i.id.clone()).collect();
    for (n, id) in ids.iter().enumerate() {
        let a = s.answer_mut(id).unwrap();
        a.rating = Rating::Value((n % 5) as i64);
        if n % 5 != 0 {
            a.manifestation = format!("第 {} 条:会议多 & 文件多 <b>\u{7}\n=SUM(A1)", n + 1);
            a.sources = vec!["self".into()];
        }
    }
    let mut add = |item: &str, a: Action| s.answer_mut(item).unwrap().actions.push(a);
    add(
        "f2",
        Action {
            text: "合并例会".into(),
            due: Some(d("2026-12-15")),
            owner: Some("李四".into()),
            verified_on: Some(d("2026-12-20")),
            verified_by: Some("王书记".into()),
            ..Action::default()
        },
    );
    add(
        "f2",
        Action {
            text: "清理积压文件".into(),
            due: Some(d("2027-03-31")),
            ..Action::default()
        },
    );
    add(
        "f3",
        Action {
            text: "压缩文件篇幅".into(),
            due: Some(d("2026-10-01")),
            status: ActionStatus::Done,
            done_on: Some(d("2026-11-01")),
            ..Action::default()
        },
    );
    add(
        "b1",
        Action {
            text: "每月下基层".into(),
            status: ActionStatus::Dropped,
            note: "并入第 1 条".into(),
            ..Action::default()
        },
    );
    s
}

/// The parts of a zip package by name.
fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        parts.insert(f.name().unwrap().to_string(), text);
    }
    parts
}

fn w<'a>(n: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name((W, name)))
}

fn wattr<'a>(n: Node<'a, 'a>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

fn text_of(n: Node) -> String {
    n.descendants()
        .filter(|d| d.has_tag_name((W, "t")))
        .filter_map(|t| t.text())
        .collect()
}

/// Every body paragraph outside tables: (style, text).
fn paragraphs(doc: &Document) -> Vec<(String, String)> {
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "body")))
        .unwrap();
    body.children()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let style = w(p, "pPr")
                .and_then(|ppr| w(ppr, "pStyle"))
                .and_then(|s| wattr(s, "val"))
                .unwrap_or("")
                .to_string();
            (style, text_of(p))
        })
        .collect()
}

/// A style's run fonts (ascii, eastAsia), size in half points, paragraph properties node.
fn style<'a>(doc: &'a Document<'a>, id: &str) -> Node<'a, 'a> {
    doc.descendants()
        .find(|n| n.has_tag_name((W, "style")) && wattr(*n, "styleId") == Some(id))
        .unwrap_or_else(|| panic!("no style {id}"))
}

fn fonts(style: Node) -> (String, String, String) {
    let rpr = w(style, "rPr").unwrap();
    let f = w(rpr, "rFonts").unwrap();
    let size = w(rpr, "sz").and_then(|s| wattr(s, "val")).unwrap_or("");
    (
        wattr(f, "ascii").unwrap().to_string(),
        wattr(f, "eastAsia").unwrap().to_string(),
        size.to_string(),
    )
}

fn docx(session: &Session, lang: Lang) -> HashMap<String, String> {
    unzip(&export::render(session, Format::Docx, lang, today()).unwrap())
}

#[test]
fn docx_page_is_a4_with_the_gbt_9704_margins() {
    let parts = docx(&session(), Lang::Zh);
    let doc = Document::parse(&parts["word/document.xml"]).unwrap();
    let sect = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "sectPr")))
        .unwrap();
    let size = w(sect, "pgSz").unwrap();
    assert_eq!(
        (wattr(size, "w"), wattr(size, "h")),
        (Some("11906"), Some("16838"))
    );
    let mar = w(sect, "pgMar").unwrap();
    // Twips: 37, 35, 28 and 26 mm.
    let mm = |name: &str| wattr(mar, name).unwrap().parse::<f64>().unwrap() / 1440.0 * 25.4;
    for (side, want) in [
        ("top", 37.0),
        ("bottom", 35.0),
        ("left", 28.0),
        ("right", 26.0),
    ] {
        assert!((mm(side) - want).abs() < 0.05, "{side}: {} mm", mm(side));
    }
}

#[test]
fn docx_fonts_sizes_and_line_pitch_follow_gbt_9704() {
    let parts = docx(&session(), Lang::Zh);
    let styles = Document::parse(&parts["word/styles.xml"]).unwrap();
    let (_, east, size) = fonts(style(&styles, "Title"));
    assert_eq!((east.as_str(), size.as_str()), ("方正小标宋简体", "44"));
    let title_ppr = w(style(&styles, "Title"), "pPr").unwrap();
    assert_eq!(wattr(w(title_ppr, "jc").unwrap(), "val"), Some("center"));
    let (latin, east, size) = fonts(style(&styles, "Normal"));
    assert_eq!(
        (latin.as_str(), east.as_str(), size.as_str()),
        ("Times New Roman", "仿宋_GB2312", "32")
    );
    let ppr = w(style(&styles, "Normal"), "pPr").unwrap();
    let spacing = w(ppr, "spacing").unwrap();
    assert_eq!(wattr(spacing, "lineRule"), Some("exact"));
    let pitch: f64 = wattr(spacing, "line").unwrap().parse().unwrap();
    assert!((28.0..=29.0).contains(&(pitch / 20.0)), "{pitch}");
    assert_eq!(wattr(w(ppr, "ind").unwrap(), "firstLineChars"), Some("200"));
    assert_eq!(fonts(style(&styles, "Heading1")).1, "黑体");
    assert_eq!(fonts(style(&styles, "Heading2")).1, "楷体_GB2312");
    assert_eq!(fonts(style(&styles, "Heading3")).1, "仿宋_GB2312");
    let closing = w(style(&styles, "Closing"), "pPr").unwrap();
    assert_eq!(wattr(w(closing, "jc").unwrap(), "val"), Some("right"));
}

#[test]
fn docx_reads_in_the_markdown_order_with_numbered_headings() {
    let s = session();
    let parts = docx(&s, Lang::Zh);
    let doc = Document::parse(&parts["word/document.xml"]).unwrap();
    let paras = paragraphs(&doc);
    assert_eq!(
        paras[0],
        ("Title".into(), "“四风”问题25种表现 对照检查材料".into())
    );
    let of = |style: &str| -> Vec<&str> {
        paras
            .iter()
            .filter(|(s, _)| s == style)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert_eq!(
        of("Heading1"),
        [
            "一、存在的主要问题",
            "二、产生问题的原因",
            "三、整改措施",
            "附表：逐项对照检查情况"
        ]
    );
    // The preface opens the text: right after the header block, before 一、.
    let first_heading = paras.iter().position(|(s, _)| s == "Heading1").unwrap();
    let preface = paras
        .iter()
        .position(|(_, t)| t == "根据支部安排,本人对照25种表现逐项查摆。")
        .unwrap();
    assert!(preface < first_heading);
    assert_eq!(paras[preface + 1].1, "现将有关情况报告如下。");
    // (一) headings per section, numbered from one again in each.
    let subs = of("Heading2");
    assert_eq!(subs[0], "（一）形式主义");
    assert!(subs.contains(&"（一）立行立改"), "{subs:?}");
    assert!(subs.contains(&"（二）限期整改"), "{subs:?}");
    // Problems most serious first within a group; text as written, XML characters intact, the bell
    // shown as an escape (as in the Markdown), not dropped.
    let points = of("Heading3");
    assert!(points[0].starts_with("5. "), "{points:?}");
    assert!(
        paras
            .iter()
            .any(|(_, t)| t == "第 5 条:会议多 & 文件多 <b>\\u{7}"),
        "the note reads as typed"
    );
    // The closing block: signature line, name, unit, date in Chinese.
    let closing = of("Closing");
    assert_eq!(closing.len(), 4);
    assert!(closing[0].starts_with("签名："));
    assert_eq!(&closing[1..], ["张三", "某某局 <办公室>", "2026年11月23日"]);
    // The closing block comes before the appendix, which starts on a new page.
    let appendix = paras
        .iter()
        .position(|(_, t)| t == "附表：逐项对照检查情况")
        .unwrap();
    let last_closing = paras.iter().rposition(|(s, _)| s == "Closing").unwrap();
    assert!(last_closing < appendix);
    // A new section (landscape, see below) starts on a new page.
    let xml = &parts["word/document.xml"];
    assert_eq!(xml.matches("<w:sectPr>").count(), 2);
}

#[test]
fn docx_appendix_is_a_bordered_table_with_every_item_and_a_repeated_header() {
    let s = session();
    let parts = docx(&s, Lang::Zh);
    let doc = Document::parse(&parts["word/document.xml"]).unwrap();
    let tables: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect();
    assert_eq!(tables.len(), 1);
    let tbl = tables[0];
    let borders = w(w(tbl, "tblPr").unwrap(), "tblBorders").unwrap();
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        assert_eq!(
            wattr(w(borders, side).unwrap(), "val"),
            Some("single"),
            "{side}"
        );
    }
    let rows: Vec<Node> = tbl
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .collect();
    let items: Vec<_> = s.checklist.items().collect();
    assert_eq!(rows.len(), items.len() + 1);
    let header = rows[0];
    assert!(w(w(header, "trPr").unwrap(), "tblHeader").is_some());
    let cells = |r: Node| -> Vec<String> {
        r.children()
            .filter(|c| c.has_tag_name((W, "tc")))
            .map(text_of)
            .collect()
    };
    assert_eq!(
        cells(header),
        ["序号", "类别", "条目", "评定", "具体表现", "整改措施"]
    );
    for (i, ((_, item), row)) in items.iter().zip(&rows[1..]).enumerate() {
        let c = cells(*row);
        assert_eq!(c[0], (i + 1).to_string());
        assert_eq!(c[2], item.text.zh);
        // Only the header repeats.
        assert!(w(*row, "trPr").is_none_or(|p| w(p, "tblHeader").is_none()));
    }
    let f2 = cells(rows[2]);
    assert!(f2[5].contains("合并例会"), "{f2:?}");
}

#[test]
fn docx_footer_numbers_pages_with_a_page_field() {
    let parts = docx(&session(), Lang::Zh);
    let doc = Document::parse(&parts["word/document.xml"]).unwrap();
    let sect = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "sectPr")))
        .unwrap();
    let footer_ref = w(sect, "footerReference").unwrap();
    let rid = footer_ref.attribute((
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "id",
    ));
    let rels = Document::parse(&parts["word/_rels/document.xml.rels"]).unwrap();
    let target = rels
        .descendants()
        .find(|n| n.attribute("Id") == rid)
        .and_then(|n| n.attribute("Target"))
        .unwrap();
    let footer = Document::parse(&parts[&format!("word/{target}")]).unwrap();
    let runs: Vec<String> = footer
        .descendants()
        .filter(|n| n.has_tag_name((W, "r")))
        .map(|r| {
            if let Some(f) = w(r, "fldChar") {
                format!("[{}]", wattr(f, "fldCharType").unwrap())
            } else if let Some(i) = w(r, "instrText") {
                format!("{{{}}}", i.text().unwrap().trim())
            } else {
                text_of(r)
            }
        })
        .collect();
    assert_eq!(
        runs,
        ["— ", "[begin]", "{PAGE}", "[separate]", "1", "[end]", " —"]
    );
    assert!(parts["[Content_Types].xml"].contains("/word/footer1.xml"));
}

#[test]
fn docx_in_english_has_english_headings_and_latin_fonts() {
    let parts = docx(&session(), Lang::En);
    let doc = Document::parse(&parts["word/document.xml"]).unwrap();
    let paras = paragraphs(&doc);
    let h1: Vec<&str> = paras
        .iter()
        .filter(|(s, _)| s == "Heading1")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(h1[0], "I. Main problems found");
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "Heading2" && t.starts_with("A. "))
    );
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "Closing" && t == "2026-11-23")
    );
    let styles = Document::parse(&parts["word/styles.xml"]).unwrap();
    assert_eq!(fonts(style(&styles, "Normal")).0, "Times New Roman");
    assert_eq!(fonts(style(&styles, "Heading1")).0, "Arial");
    let lang = styles
        .descendants()
        .find(|n| n.has_tag_name((W, "lang")))
        .unwrap();
    assert_eq!(wattr(lang, "val"), Some("en-US"));
}

#[test]
fn docx_and_xlsx_are_byte_identical_for_the_same_input() {
    let s = session();
    for format in [Format::Docx, Format::Xlsx] {
        let a = export::render(&s, format, Lang::Zh, today()).unwrap();
        let b = export::render(&s, format, Lang::Zh, today()).unwrap();
        assert!(a == b, "{format:?} differs between two exports");
        assert_eq!(&a[..4], b"PK\x03\x04");
    }
    // The document properties carry the export date, not the clock.
    let parts = docx(&s, Lang::Zh);
    assert!(parts["docProps/core.xml"].contains("2026-11-23T00:00:00Z"));
    let book = unzip(&export::render(&s, Format::Xlsx, Lang::Zh, today()).unwrap());
    assert!(book["docProps/core.xml"].contains("2026-11-23T00:00:00Z"));
}

/// A worksheet's cells by reference ("A1"), strings resolved through the shared string table.
struct Sheet {
    cells: HashMap<String, (Option<String>, String)>,
    xml: String,
}

impl Sheet {
    /// The cell's text (a string cell) or raw value (a number), and its `t` attribute.
    fn get(&self, r: &str) -> Option<&(Option<String>, String)> {
        self.cells.get(r)
    }
    fn text(&self, r: &str) -> &str {
        self.get(r).map_or("", |(_, v)| v.as_str())
    }
    fn rows(&self) -> usize {
        let doc = Document::parse(&self.xml).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name((S, "row")))
            .count()
    }
}

fn workbook(s: &Session, lang: Lang) -> (HashMap<String, String>, Vec<(String, Sheet)>) {
    let parts = unzip(&export::render(s, Format::Xlsx, lang, today()).unwrap());
    let strings: Vec<String> = parts
        .get("xl/sharedStrings.xml")
        .map(|x| {
            let doc = Document::parse(x).unwrap();
            doc.descendants()
                .filter(|n| n.has_tag_name((S, "si")))
                .map(|si| {
                    si.descendants()
                        .filter(|n| n.has_tag_name((S, "t")))
                        .filter_map(|t| t.text())
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    let book = Document::parse(&parts["xl/workbook.xml"]).unwrap();
    let names: Vec<String> = book
        .descendants()
        .filter(|n| n.has_tag_name((S, "sheet")))
        .map(|n| n.attribute("name").unwrap().to_string())
        .collect();
    let sheets = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let xml = parts[&format!("xl/worksheets/sheet{}.xml", i + 1)].clone();
            let doc = Document::parse(&xml).unwrap();
            let cells = doc
                .descendants()
                .filter(|n| n.has_tag_name((S, "c")))
                .map(|c| {
                    let t = c.attribute("t").map(str::to_string);
                    let v = c
                        .children()
                        .find(|n| n.has_tag_name((S, "v")))
                        .and_then(|v| v.text())
                        .unwrap_or("")
                        .to_string();
                    let v = match t.as_deref() {
                        Some("s") => strings[v.parse::<usize>().unwrap()].clone(),
                        _ => v,
                    };
                    (c.attribute("r").unwrap().to_string(), (t, v))
                })
                .collect();
            (name, Sheet { cells, xml })
        })
        .collect();
    (parts, sheets)
}

/// Excel's serial number of a date (1900 date system).
fn serial(date: &str) -> String {
    (d(date) - d("1899-12-30")).num_days().to_string()
}

#[test]
fn xlsx_ledger_has_the_columns_and_one_row_per_action_with_date_cells() {
    let s = session();
    let (parts, sheets) = workbook(&s, Lang::Zh);
    assert_eq!(sheets.len(), 2);
    let (name, ledger) = &sheets[0];
    assert_eq!(name, "整改台账");
    let header: Vec<&str> = "ABCDEFGHIJKLMNOP"
        .chars()
        .map(|c| ledger.text(&format!("{c}1")))
        .collect();
    assert_eq!(
        header,
        [
            "序号",
            "条目",
            "分组",
            "程度",
            "具体表现",
            "问题来源",
            "整改目标",
            "整改措施",
            "责任人",
            "完成时限",
            "状态",
            "整改进展",
            "整改成效",
            "佐证材料",
            "销号日期",
            "销号人"
        ]
    );
    // One row per action, and one per problem that has none.
    let problems_without_action = s
        .answers
        .iter()
        .filter(|a| matches!(a.rating, Rating::Value(v) if v > 0) && a.actions.is_empty())
        .count();
    let actions: usize = s.answers.iter().map(|a| a.actions.len()).sum();
    assert_eq!(ledger.rows(), 1 + actions + problems_without_action);
    // Row of f2's first action: the item, the measure, the due date as a date cell.
    let row = (2..=ledger.rows())
        .find(|r| ledger.text(&format!("H{r}")) == "合并例会")
        .unwrap();
    assert_eq!(ledger.text(&format!("B{row}")), "2. 不求实效");
    assert_eq!(ledger.text(&format!("C{row}")), "形式主义");
    let due = ledger.get(&format!("J{row}")).unwrap();
    assert_eq!(due, &(None, serial("2026-12-15")), "a number, not text");
    // The row is tall enough for its two-line note (LibreOffice does not fit rows on opening).
    let height: f64 = Document::parse(&ledger.xml)
        .unwrap()
        .descendants()
        .find(|n| n.has_tag_name((S, "row")) && n.attribute("r") == Some(&row.to_string()))
        .and_then(|n| n.attribute("ht"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(height >= 30.0, "{height}");
    // The ledger fields the action holds: its owner, and 销号日期 as a date cell.
    assert_eq!(ledger.text(&format!("I{row}")), "李四");
    assert_eq!(
        ledger.get(&format!("O{row}")).unwrap(),
        &(None, serial("2026-12-20"))
    );
    assert_eq!(ledger.text(&format!("P{row}")), "王书记");
    let next = ledger.text(&format!("H{}", row + 1));
    assert_eq!(next, "清理积压文件");
    // The date cell's style shows it as a date.
    let cell_style = Document::parse(&ledger.xml)
        .unwrap()
        .descendants()
        .find(|n| n.attribute("r") == Some(&format!("J{row}")))
        .and_then(|n| n.attribute("s").map(str::to_string))
        .unwrap();
    let styles = Document::parse(&parts["xl/styles.xml"]).unwrap();
    let xf = styles
        .descendants()
        .find(|n| n.has_tag_name((S, "cellXfs")))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name((S, "xf")))
        .nth(cell_style.parse().unwrap())
        .unwrap();
    let fmt_id = xf.attribute("numFmtId").unwrap();
    let code = styles
        .descendants()
        .find(|n| n.has_tag_name((S, "numFmt")) && n.attribute("numFmtId") == Some(fmt_id))
        .and_then(|n| n.attribute("formatCode"))
        .unwrap();
    assert_eq!(code, "yyyy-mm-dd");
    // A note that starts with "=" is a string, never a formula.
    assert!(!ledger.xml.contains("<f>"));
    assert!(
        ledger
            .cells
            .values()
            .any(|(t, v)| t.as_deref() == Some("s") && v.contains("=SUM(A1)"))
    );
    // A problem without action says so.
    assert!(ledger.cells.values().any(|(_, v)| v == "尚无整改措施"));
}

#[test]
fn xlsx_sheets_have_a_frozen_filtered_header_and_print_setup() {
    let (parts, sheets) = workbook(&session(), Lang::Zh);
    for (name, sheet) in &sheets {
        let doc = Document::parse(&sheet.xml).unwrap();
        let pane = doc
            .descendants()
            .find(|n| n.has_tag_name((S, "pane")))
            .unwrap_or_else(|| panic!("{name}: no frozen pane"));
        assert_eq!(pane.attribute("ySplit"), Some("1"));
        assert_eq!(pane.attribute("state"), Some("frozen"));
        let filter = doc
            .descendants()
            .find(|n| n.has_tag_name((S, "autoFilter")));
        assert!(
            filter
                .and_then(|f| f.attribute("ref"))
                .is_some_and(|r| r.starts_with("A1:"))
        );
        let setup = doc
            .descendants()
            .find(|n| n.has_tag_name((S, "pageSetup")))
            .unwrap();
        assert_eq!(setup.attribute("orientation"), Some("landscape"));
        assert_eq!(setup.attribute("paperSize"), Some("9"));
        // The header row is bold.
        let styles = Document::parse(&parts["xl/styles.xml"]).unwrap();
        let a1_style: usize = doc
            .descendants()
            .find(|n| n.attribute("r") == Some("A1"))
            .and_then(|n| n.attribute("s"))
            .unwrap()
            .parse()
            .unwrap();
        let xf = styles
            .descendants()
            .find(|n| n.has_tag_name((S, "cellXfs")))
            .unwrap()
            .children()
            .filter(|n| n.has_tag_name((S, "xf")))
            .nth(a1_style)
            .unwrap();
        let font: usize = xf.attribute("fontId").unwrap().parse().unwrap();
        let font = styles
            .descendants()
            .filter(|n| n.has_tag_name((S, "font")))
            .nth(font)
            .unwrap();
        assert!(font.children().any(|n| n.has_tag_name((S, "b"))), "{name}");
        // Column widths follow the text, a Han character counting two: the item column holds
        // "20. 以权谋私、腐化堕落"-like text (over 20 columns), 序号 a number.
        let item_col = if name == "整改台账" { 1 } else { 2 };
        let widths: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name((S, "col")))
            .map(|n| n.attribute("width").unwrap().parse().unwrap())
            .collect();
        assert!(widths.len() >= 5, "{name}: {widths:?}");
        assert!(widths[item_col] > 20.0, "{name}: {widths:?}");
        assert!(widths[0] < 8.0, "{name}: {widths:?}");
    }
    // The header row repeats on every printed page of both sheets.
    let book = &parts["xl/workbook.xml"];
    assert_eq!(book.matches("_xlnm.Print_Titles").count(), 2, "{book}");
}

#[test]
fn xlsx_item_sheet_lists_every_item_with_rating_and_note() {
    let s = session();
    let (_, sheets) = workbook(&s, Lang::Zh);
    let (name, items) = &sheets[1];
    assert_eq!(name, "逐项对照");
    assert_eq!(items.text("C1"), "条目");
    let all: Vec<_> = s.checklist.items().collect();
    assert_eq!(items.rows(), all.len() + 1);
    for (i, (_, item)) in all.iter().enumerate() {
        let r = i + 2;
        assert_eq!(
            items.get(&format!("A{r}")).unwrap(),
            &(None, (i + 1).to_string())
        );
        assert_eq!(items.text(&format!("C{r}")), item.text.zh);
    }
    let level1 = &s.checklist.level(1).unwrap().label.zh;
    assert_eq!(items.text("D3"), level1);
    assert!(items.text("E3").starts_with("第 2 条:会议多 & 文件多 <b>"));
    assert!(items.text("E3").ends_with("\n=SUM(A1)"));
}

#[test]
fn xlsx_in_english_has_english_sheets_and_headers() {
    let (_, sheets) = workbook(&session(), Lang::En);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Ledger", "Item by item"]);
    assert_eq!(sheets[0].1.text("A1"), "No.");
    assert_eq!(sheets[0].1.text("O1"), "Verified on");
}

struct Env {
    _dir: TempDir,
    data: std::path::PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = TempDir::new().unwrap();
        let data = dir.path().join("data");
        let store = Store::at(&data);
        store.save(&session(), FORMAT).unwrap();
        Env { _dir: dir, data }
    }

    fn zicha(&self) -> Command {
        let mut cmd = Command::cargo_bin("zicha").unwrap();
        cmd.env("ZICHA_DATA_DIR", &self.data)
            .env("ZICHA_NOW", NOW)
            .env("ZICHA_LANG", "zh");
        cmd
    }
}

#[test]
fn binary_formats_are_written_to_a_pipe_and_to_files_alike() {
    let env = Env::new();
    let piped = env
        .zicha()
        .args(["export", "last", "--format", "docx"])
        .output()
        .unwrap();
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let out = env._dir.path().join("review.docx");
    env.zicha()
        .args(["export", "last", "--format", "docx", "-o"])
        .arg(&out)
        .assert()
        .success();
    let file = std::fs::read(&out).unwrap();
    assert!(
        file == piped.stdout,
        "the file and the pipe get the same bytes"
    );
    // And a second run gives the same file.
    env.zicha()
        .args(["export", "last", "--format", "docx", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read(&out).unwrap() == file);
    let xlsx = env
        .zicha()
        .args(["export", "last", "--format", "xlsx"])
        .output()
        .unwrap();
    assert!(xlsx.status.success());
    assert_eq!(&xlsx.stdout[..4], b"PK\x03\x04");
}

#[test]
fn preface_is_kept_in_the_session_file_only_when_written() {
    let dir = TempDir::new().unwrap();
    let store = Store::at(dir.path());
    let mut s = session();
    store.save(&s, FORMAT).unwrap();
    let loaded = store.load(&s.id).unwrap().session;
    assert_eq!(loaded.preface, s.preface);
    s.preface.clear();
    store.save(&s, FORMAT).unwrap();
    let file = std::fs::read_to_string(store.sessions_dir().join(format!("{}.ron", s.id))).unwrap();
    assert!(
        !file.contains("preface"),
        "an empty preface changes no bytes"
    );
    // And the Markdown review opens with it, like the Word document.
    let md = String::from_utf8(export::render(&session(), Format::Md, Lang::Zh, today()).unwrap())
        .unwrap();
    let preface = md.find("根据支部安排").unwrap();
    assert!(preface < md.find("## 一、存在的主要问题").unwrap());
}

#[test]
fn binary_formats_are_refused_on_a_terminal_with_what_to_do() {
    let env = Env::new();
    for format in ["docx", "xlsx"] {
        let mut run = common::Running::start(&env.data, &["export", "last", "--format", format]);
        assert_eq!(run.exit_code(), 1, "{format}");
        let screen = run.raw();
        assert!(
            screen.contains(&format!("{format} 是二进制格式")),
            "{screen}"
        );
        assert!(
            screen.contains(&format!("-o 20261123-four-winds-25.{format}")),
            "{screen}"
        );
        assert!(!run.raw().contains("PK"), "no zip bytes on the terminal");
    }
    // Text formats still go to the terminal.
    let mut run = common::Running::start(&env.data, &["export", "last", "--format", "csv"]);
    assert_eq!(run.exit_code(), 0);
}

/// `session()` carried forward into a next quarter: 合并例会 done since, 清理积压文件 still open.
fn carried() -> (Session, Session) {
    let mut before = session();
    before.assign_action_ids();
    let mut after = Session::new(
        "20270301-four-winds-25".into(),
        bundled("four-winds-25"),
        now(),
    );
    after.carry_from(&before);
    let f2 = after.answer_mut("f2").unwrap();
    f2.actions[0].status = ActionStatus::Done;
    f2.actions[0].done_on = Some(d("2026-11-20"));
    (before, after)
}

fn headings(parts: &HashMap<String, String>) -> (Vec<(String, String)>, Vec<String>) {
    let doc = Document::parse(&parts["word/document.xml"]).unwrap();
    let paras = paragraphs(&doc);
    let h1 = paras
        .iter()
        .filter(|(s, _)| s == "Heading1")
        .map(|(_, t)| t.clone())
        .collect();
    (paras, h1)
}

#[test]
fn docx_of_a_carried_session_opens_with_last_times_measures() {
    let (before, after) = carried();
    let bytes =
        export::render_with_previous(&after, Some(&before), Format::Docx, Lang::Zh, today())
            .unwrap();
    let (paras, h1) = headings(&unzip(&bytes));
    assert_eq!(
        h1,
        [
            "一、上次整改措施落实情况",
            "二、存在的主要问题",
            "三、产生问题的原因",
            "四、整改措施",
            "附表：逐项对照检查情况"
        ]
    );
    let start = paras
        .iter()
        .position(|(_, t)| t == "一、上次整改措施落实情况")
        .unwrap();
    let end = paras
        .iter()
        .position(|(_, t)| t == "二、存在的主要问题")
        .unwrap();
    let section: Vec<&str> = paras[start + 1..end]
        .iter()
        .map(|(_, t)| t.as_str())
        .collect();
    // The counts, without the states no measure is in ("逾期 0 项" is not said).
    assert!(
        section[0].starts_with("上次对照检查：2026年第四季度（2026-11-23），整改措施 4 项："),
        "{section:?}"
    );
    assert!(!section[0].contains(" 0 项"), "{}", section[0]);
    assert!(
        section
            .iter()
            .any(|t| t.contains("合并例会") && t.contains("已于 2026-11-20 完成")),
        "{section:?}"
    );
    assert!(
        section.iter().any(|t| t.starts_with("2. 清理积压文件")),
        "{section:?}"
    );
    // Byte-identical, and the same through the CLI's path for a session with no previous one.
    let again =
        export::render_with_previous(&after, Some(&before), Format::Docx, Lang::Zh, today())
            .unwrap();
    assert!(bytes == again);
    let alone =
        export::render_with_previous(&after, None, Format::Docx, Lang::Zh, today()).unwrap();
    let (paras, h1) = headings(&unzip(&alone));
    assert_eq!(h1[0], "一、存在的主要问题");
    assert!(!paras.iter().any(|(_, t)| t.contains("上次对照检查")));
    assert!(!paras.iter().any(|(_, t)| t.contains("上次整改措施")));
}

#[test]
fn docx_of_a_carried_session_in_english_names_last_time_in_english() {
    let (before, after) = carried();
    let bytes =
        export::render_with_previous(&after, Some(&before), Format::Docx, Lang::En, today())
            .unwrap();
    let (paras, h1) = headings(&unzip(&bytes));
    assert_eq!(h1[0], "I. How last time's measures were carried out");
    assert_eq!(h1[1], "II. Main problems found");
    let intro = paras
        .iter()
        .find(|(_, t)| t.starts_with("Last examination:"))
        .unwrap();
    assert!(!intro.1.contains(" 0 "), "{}", intro.1);
}

#[test]
fn appendix_columns_are_sized_by_their_text() {
    let parts = docx(&session(), Lang::Zh);
    let doc = Document::parse(&parts["word/document.xml"]).unwrap();
    let grid: Vec<u32> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "gridCol")))
        .map(|n| wattr(n, "w").unwrap().parse().unwrap())
        .collect();
    // The appendix is on landscape pages: the text width of A4 across, less the turned margins.
    assert_eq!(grid.iter().sum::<u32>(), 16838 - 2098 - 1984);
    // 类别 holds 形式主义 (4 Han characters at 12 pt: 960 twips) and the cell margins on one line.
    assert!(grid[1] >= 960 + 170, "{grid:?}");
    // 序号 is narrower than the notes.
    assert!(grid[0] < grid[4], "{grid:?}");
}

#[test]
fn docx_appendix_is_a_landscape_section_after_the_closing_block() {
    let parts = docx(&session(), Lang::Zh);
    let doc = Document::parse(&parts["word/document.xml"]).unwrap();
    let sects: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "sectPr")))
        .collect();
    assert_eq!(sects.len(), 2);
    // The first ends with the 落款's date: portrait, no blank page after the date.
    let date_para = sects[0].parent().and_then(|p| p.parent()).unwrap();
    assert_eq!(text_of(date_para), "2026年11月23日");
    let size = |s: Node| {
        let sz = w(s, "pgSz").unwrap();
        let a = |n: &str| wattr(sz, n).map(str::to_string);
        (a("w"), a("h"), a("orient"))
    };
    let some = |v: &str| Some(v.to_string());
    assert_eq!(size(sects[0]), (some("11906"), some("16838"), None));
    assert_eq!(
        size(sects[1]),
        (some("16838"), some("11906"), some("landscape"))
    );
    // Both number their pages with the same footer.
    for s in &sects {
        assert!(w(*s, "footerReference").is_some());
    }
    // The appendix heading starts its page and need not keep with the table's first row.
    let heading = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "p")) && text_of(*n) == "附表：逐项对照检查情况")
        .unwrap();
    let keep = w(w(heading, "pPr").unwrap(), "keepNext").unwrap();
    assert_eq!(wattr(keep, "val"), Some("0"));
}

/// A note longer than an Excel cell holds (a pasted 40,000-character text) does not fail the
/// workbook: the cell is cut to Excel's limit and says so. Control and bidi characters reach the
/// Word and Excel files as visible escapes, as in the Markdown, never raw (a U+202E would reorder
/// the line for the reader, an ESC was dropped without a word).
#[test]
fn documents_hold_long_notes_and_show_control_characters() {
    let mut s = session();
    let long: String = "会议多。".repeat(10_000);
    s.answers[1].manifestation = long.clone();
    s.answers[2].manifestation = "王\u{202e}五\u{1b}[2J".into();
    let (_, sheets) = workbook(&s, Lang::Zh);
    let items = &sheets[1].1;
    let cut = items.text("E3");
    assert_eq!(cut.chars().count(), 32_767);
    assert!(
        cut.starts_with("会议多。会议多。") && cut.contains("超出 Excel"),
        "{}",
        &cut[cut.len() - 200..]
    );
    let shown = items.text("E4");
    assert_eq!(shown, "王\\u{202e}五\\u{1b}[2J");
    let parts = docx(&s, Lang::Zh);
    let body = &parts["word/document.xml"];
    assert!(
        body.contains("王\\u{202e}五\\u{1b}[2J"),
        "the escapes are in the document"
    );
    assert!(!body.contains('\u{202e}') && !body.contains("_x001B_"));
    for xml in sheets.iter().map(|(_, sh)| &sh.xml) {
        assert!(!xml.contains('\u{202e}'));
    }
}
