//! `zicha unit --format docx|xlsx`: the team's summary material as Word and the matrix and overdue
//! list as Excel, read back as a user's program would (unzip, parse the XML): the headings in order,
//! the missing names, every item and every respondent in the matrix, the workbook's sheets, header,
//! one row per item and the overdue row's date cell; two runs give the same bytes; the files are 0600.

mod common;

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::PathBuf;

use assert_cmd::Command;
use chrono::{DateTime, NaiveDate};
use roxmltree::{Document, Node};
use tempfile::TempDir;

use zicha::checklist::Checklist;
use zicha::session::model::FORMAT;
use zicha::session::{Action, Rating, Session, Store};

const NOW: &str = "2026-11-23T10:00:00+08:00";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const S: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

const NAMES: [&str; 12] = [
    "张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "钱一", "冯二", "陈三", "褚四",
];
const ABSENT: [&str; 2] = ["卫五", "蒋六"];

fn four_winds() -> Checklist {
    zicha::checklist::bundled::all()
        .into_iter()
        .filter_map(|(_, c)| c.ok())
        .find(|c| c.id == "four-winds-25")
        .unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The respondents in the order the summary lists them: one unit, so by name.
fn sorted_names() -> Vec<String> {
    let mut names: Vec<String> = NAMES.iter().map(|n| n.to_string()).collect();
    names.sort();
    names
}

struct Env {
    dir: TempDir,
    data: PathBuf,
    roster: PathBuf,
}

/// 12 members of 第一支部: f3 flagged by the first eight, f1 by every third, b2 by 李四 alone; 李四
/// has an overdue measure, 张三 an open one.
fn env() -> Env {
    env_of(&NAMES.map(String::from))
}

fn env_of(names: &[String]) -> Env {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let store = Store::at(&data);
    let at = DateTime::parse_from_rfc3339("2026-11-20T09:00:00+08:00").unwrap();
    for (i, name) in names.iter().enumerate() {
        let mut s = Session::new(format!("20261120-member-{i:02}"), four_winds(), at);
        s.name = Some(name.clone());
        s.unit = Some("第一支部".into());
        s.label = Some("2026年度".into());
        let ids: Vec<String> = s.checklist.items().map(|(_, it)| it.id.clone()).collect();
        for id in &ids {
            let flagged =
                (id == "f3" && i < 8) || (id == "f1" && i % 3 == 0) || (id == "b2" && i == 1);
            let a = s.answer_mut(id).unwrap();
            a.rating = Rating::Value(if flagged { 3 } else { 0 });
            if flagged {
                a.manifestation = format!("{id} 的具体表现，{name}");
            }
        }
        if i == 1 {
            s.answer_mut("b2").unwrap().actions.push(Action {
                text: "每月下基层一次".into(),
                due: Some(d("2026-11-01")),
                owner: Some("王科长".into()),
                ..Action::default()
            });
        }
        if i == 0 {
            s.answer_mut("f3").unwrap().actions.push(Action {
                text: "合并例会".into(),
                due: Some(d("2026-12-31")),
                ..Action::default()
            });
        }
        store.save(&s, FORMAT).unwrap();
    }
    let roster = dir.path().join("members.txt");
    let mut listed: Vec<&str> = names.iter().map(String::as_str).collect();
    listed.extend(ABSENT);
    std::fs::write(&roster, listed.join("\n")).unwrap();
    Env { dir, data, roster }
}

impl Env {
    fn zicha(&self, lang: &str) -> Command {
        let mut cmd = Command::cargo_bin("zicha").unwrap();
        cmd.env("ZICHA_DATA_DIR", &self.data)
            .env("ZICHA_NOW", NOW)
            .env("ZICHA_LANG", lang);
        cmd
    }

    /// `zicha unit four-winds-25 --roster … --format FORMAT -o FILE`, the file's bytes.
    fn unit(&self, format: &str, lang: &str, file: &str) -> (PathBuf, Vec<u8>) {
        let out = self.dir.path().join(file);
        self.zicha(lang)
            .args(["unit", "four-winds-25", "--roster"])
            .arg(&self.roster)
            .args(["--format", format, "--force", "-o"])
            .arg(&out)
            .assert()
            .success();
        let bytes = std::fs::read(&out).unwrap();
        (out, bytes)
    }
}

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

fn text_of(n: Node) -> String {
    n.descendants()
        .filter(|d| d.has_tag_name((W, "t")))
        .filter_map(|t| t.text())
        .collect()
}

/// The body's paragraphs (style, text) and tables (rows of cell texts, whether the row repeats), in
/// document order, as `Err(table)` among `Ok(paragraph)`.
type Table = Vec<(bool, Vec<String>)>;

fn body(xml: &str) -> Vec<Result<(String, String), Table>> {
    let doc = Document::parse(xml).unwrap();
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "body")))
        .unwrap();
    body.children()
        .filter_map(|n| {
            if n.has_tag_name((W, "p")) {
                let style = w(n, "pPr")
                    .and_then(|p| w(p, "pStyle"))
                    .and_then(|s| s.attribute((W, "val")))
                    .unwrap_or("")
                    .to_string();
                Some(Ok((style, text_of(n))))
            } else if n.has_tag_name((W, "tbl")) {
                Some(Err(n
                    .children()
                    .filter(|r| r.has_tag_name((W, "tr")))
                    .map(|r| {
                        let header = w(r, "trPr").is_some_and(|p| w(p, "tblHeader").is_some());
                        let cells = r
                            .children()
                            .filter(|c| c.has_tag_name((W, "tc")))
                            .map(text_of)
                            .collect();
                        (header, cells)
                    })
                    .collect()))
            } else {
                None
            }
        })
        .collect()
}

fn styled<'a>(body: &'a [Result<(String, String), Table>], style: &str) -> Vec<&'a str> {
    body.iter()
        .filter_map(|b| b.as_ref().ok())
        .filter(|(s, _)| s == style)
        .map(|(_, t)| t.as_str())
        .collect()
}

#[test]
fn unit_docx_is_the_summary_material_in_the_usual_order_with_the_whole_matrix() {
    let env = env();
    let (path, bytes) = env.unit("docx", "zh", "unit.docx");
    let parts = unzip(&bytes);
    let body = body(&parts["word/document.xml"]);
    assert_eq!(
        styled(&body, "Heading1"),
        [
            "一、基本情况",
            "二、查摆出的主要问题",
            "三、整改措施汇总",
            "附：条目 × 人员评分表"
        ]
    );
    let paras: Vec<&str> = body
        .iter()
        .filter_map(|b| b.as_ref().ok())
        .map(|(_, t)| t.as_str())
        .collect();
    assert!(
        paras
            .iter()
            .any(|t| t.contains("名单 14 人，已交 12 人，未交 2 人")),
        "{paras:?}"
    );
    assert!(paras.contains(&"未交：卫五、蒋六"), "{paras:?}");
    // Most flagged first: f3 (8), then f1 (4), then b2 (1), numbered (一) (二) (三).
    let checklist = four_winds();
    let text = |id: &str| {
        checklist
            .items()
            .find(|(_, i)| i.id == id)
            .map(|(_, i)| i.text.zh.clone())
            .unwrap()
    };
    let subs = styled(&body, "Heading2");
    assert_eq!(subs[0], format!("（一）{}", text("f3")));
    assert_eq!(subs[1], format!("（二）{}", text("f1")));
    assert_eq!(subs[2], format!("（三）{}", text("b2")));
    assert!(
        paras
            .iter()
            .any(|t| t.starts_with("8 人查摆：") && t.contains("张三") && t.contains("郑十")),
        "{paras:?}"
    );
    assert!(paras.contains(&"吴九：f3 的具体表现，吴九"), "{paras:?}");
    // Measures by person, and the overdue one with its item, due date and owner.
    let tables: Vec<&Table> = body.iter().filter_map(|b| b.as_ref().err()).collect();
    let overdue = tables
        .iter()
        .find(|t| t[0].1.first().map(String::as_str) == Some("人员") && t[0].1.len() == 5)
        .unwrap();
    assert_eq!(overdue.len(), 2);
    assert_eq!(overdue[1].1[0], "李四");
    assert!(overdue[1].1[1].ends_with(&text("b2")));
    assert_eq!(
        &overdue[1].1[2..],
        ["每月下基层一次", "2026-11-01", "王科长"]
    );
    // The matrix: after the appendix heading, in chunks; every chunk has every item, with its
    // header row repeated; every respondent is in exactly one chunk.
    let appendix = body
        .iter()
        .position(|b| matches!(b, Ok((_, t)) if t == "附：条目 × 人员评分表"))
        .unwrap();
    let chunks: Vec<&Table> = body[appendix..]
        .iter()
        .filter_map(|b| b.as_ref().err())
        .collect();
    assert_eq!(chunks.len(), 1, "12 respondents fit one landscape A4 width");
    let items: Vec<String> = checklist.items().map(|(_, i)| i.text.zh.clone()).collect();
    let mut seen = Vec::new();
    for chunk in &chunks {
        assert!(chunk[0].0, "the header row repeats");
        assert_eq!(&chunk[0].1[..2], ["序号", "条目"]);
        seen.extend(chunk[0].1[2..].iter().cloned());
        let rows: Vec<&String> = chunk[1..].iter().map(|(_, c)| &c[1]).collect();
        assert_eq!(rows, items.iter().collect::<Vec<_>>());
        assert!(chunk[1..].iter().all(|(header, _)| !header));
    }
    assert_eq!(seen, sorted_names());
    // 李四 rated b2 3; the one before him 0.
    let b2 = checklist.items().position(|(_, i)| i.id == "b2").unwrap();
    let col = 2 + sorted_names().iter().position(|n| n == "李四").unwrap();
    assert_eq!(chunks[0][b2 + 1].1[col], "3");
    assert_eq!(chunks[0][b2 + 1].1[col - 1], "0");
    // No signature line in a team's material; the date closes it.
    let closing = styled(&body, "Closing");
    assert_eq!(closing, ["2026年11月23日"]);
    // The same bytes again, and private to its owner.
    let (_, again) = env.unit("docx", "zh", "unit.docx");
    assert!(bytes == again, "two runs differ");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn a_large_units_matrix_is_split_into_tables_that_fit_the_page() {
    let names: Vec<String> = (1..=40).map(|i| format!("成员{i:02}")).collect();
    let env = env_of(&names);
    let (_, bytes) = env.unit("docx", "zh", "big.docx");
    let body = body(&unzip(&bytes)["word/document.xml"]);
    let appendix = body
        .iter()
        .position(|b| matches!(b, Ok((_, t)) if t == "附：条目 × 人员评分表"))
        .unwrap();
    let chunks: Vec<&Table> = body[appendix..]
        .iter()
        .filter_map(|b| b.as_ref().err())
        .collect();
    assert!(chunks.len() >= 3, "{}", chunks.len());
    let mut seen = Vec::new();
    for chunk in &chunks {
        assert!(chunk[0].0);
        assert_eq!(chunk.len(), 26, "every item in every part");
        seen.extend(chunk[0].1[2..].iter().cloned());
    }
    assert_eq!(seen, names);
    // Each part is named: 第 1—n 人（共 40 人）.
    assert!(
        styled(&body, "Heading3")
            .iter()
            .any(|t| t.starts_with("第 1—") && t.ends_with("（共 40 人）"))
    );
}

#[test]
fn unit_docx_in_english_has_english_headings() {
    let env = env();
    let (_, bytes) = env.unit("docx", "en", "unit-en.docx");
    let body = body(&unzip(&bytes)["word/document.xml"]);
    let h1 = styled(&body, "Heading1");
    assert_eq!(h1[0], "I. Overview");
    assert_eq!(h1[3], "Appendix: items × respondents");
    assert!(styled(&body, "Closing").contains(&"2026-11-23"));
}

/// A worksheet's cells by reference: (the `t` attribute, the text or value).
type Cells = HashMap<String, (Option<String>, String)>;

/// The sheets' names, cells and XML.
fn sheets(bytes: &[u8]) -> (Vec<String>, Vec<Cells>, Vec<String>) {
    let parts = unzip(bytes);
    let strings: Vec<String> = {
        let doc = Document::parse(&parts["xl/sharedStrings.xml"]).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name((S, "si")))
            .map(|si| {
                si.descendants()
                    .filter(|n| n.has_tag_name((S, "t")))
                    .filter_map(|t| t.text())
                    .collect()
            })
            .collect()
    };
    let book = Document::parse(&parts["xl/workbook.xml"]).unwrap();
    let names: Vec<String> = book
        .descendants()
        .filter(|n| n.has_tag_name((S, "sheet")))
        .map(|n| n.attribute("name").unwrap().to_string())
        .collect();
    let mut cells = Vec::new();
    let mut xmls = Vec::new();
    for i in 0..names.len() {
        let xml = parts[&format!("xl/worksheets/sheet{}.xml", i + 1)].clone();
        let doc = Document::parse(&xml).unwrap();
        cells.push(
            doc.descendants()
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
                .collect(),
        );
        xmls.push(xml);
    }
    (names, cells, xmls)
}

fn column_name(mut n: usize) -> String {
    let mut s = String::new();
    n += 1;
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

#[test]
fn unit_xlsx_has_the_matrix_and_the_overdue_list() {
    let env = env();
    let (_, bytes) = env.unit("xlsx", "zh", "unit.xlsx");
    let (names, cells, xmls) = sheets(&bytes);
    assert_eq!(names, ["汇总矩阵", "逾期措施"]);
    let matrix = &cells[0];
    let text = |r: &str| matrix.get(r).map_or("", |(_, v)| v.as_str());
    assert_eq!(
        [text("A1"), text("B1"), text("C1"), text("D1")],
        ["序号", "分组", "条目", "查摆人数"]
    );
    for (i, name) in sorted_names().iter().enumerate() {
        assert_eq!(text(&format!("{}1", column_name(4 + i))), name);
    }
    // One row per item in checklist order, the ratings as numbers.
    let checklist = four_winds();
    let items: Vec<_> = checklist.items().collect();
    let rows = Document::parse(&xmls[0])
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name((S, "row")))
        .count();
    assert_eq!(rows, items.len() + 1);
    for (i, (_, item)) in items.iter().enumerate() {
        assert_eq!(text(&format!("C{}", i + 2)), item.text.zh);
    }
    let f3 = items.iter().position(|(_, i)| i.id == "f3").unwrap() + 2;
    assert_eq!(matrix[&format!("D{f3}")], (None, "8".to_string()));
    let zhang = column_name(4 + sorted_names().iter().position(|n| n == "张三").unwrap());
    assert_eq!(
        matrix[&format!("{zhang}{f3}")],
        (None, "3".to_string()),
        "a number cell"
    );
    // Header and the number, group and item columns frozen; a filter over the whole matrix.
    let doc = Document::parse(&xmls[0]).unwrap();
    let pane = doc
        .descendants()
        .find(|n| n.has_tag_name((S, "pane")))
        .unwrap();
    assert_eq!(pane.attribute("ySplit"), Some("1"));
    assert_eq!(pane.attribute("xSplit"), Some("3"));
    let filter = doc
        .descendants()
        .find(|n| n.has_tag_name((S, "autoFilter")))
        .unwrap();
    assert_eq!(filter.attribute("ref"), Some("A1:P26"));
    // The overdue list: 李四's measure, due as a date cell.
    let overdue = &cells[1];
    let text = |r: &str| overdue.get(r).map_or("", |(_, v)| v.as_str());
    assert_eq!(
        ["A1", "B1", "C1", "D1", "E1", "F1", "G1"].map(text),
        [
            "姓名",
            "单位",
            "自查记录",
            "条目",
            "整改措施",
            "应完成",
            "责任人"
        ]
    );
    assert_eq!(text("A2"), "李四");
    assert_eq!(text("B2"), "第一支部");
    assert_eq!(text("C2"), "20261120-member-01");
    assert_eq!(text("E2"), "每月下基层一次");
    let serial = (d("2026-11-01") - d("1899-12-30")).num_days().to_string();
    assert_eq!(overdue["F2"], (None, serial));
    assert_eq!(text("G2"), "王科长");
    assert!(overdue.get("A3").is_none(), "only the one overdue measure");
    let (_, again) = env.unit("xlsx", "zh", "unit.xlsx");
    assert!(bytes == again, "two runs differ");
}

#[test]
fn unit_binary_formats_are_refused_on_a_terminal_and_written_to_a_pipe() {
    let env = env();
    for format in ["docx", "xlsx"] {
        let mut run =
            common::Running::start(&env.data, &["unit", "four-winds-25", "--format", format]);
        assert_eq!(run.exit_code(), 1, "{format}");
        let screen = run.raw();
        assert!(
            screen.contains(&format!("{format} 是二进制格式")),
            "{screen}"
        );
        assert!(
            screen.contains(&format!("-o unit-four-winds-25.{format}")),
            "{screen}"
        );
        let piped = env
            .zicha("zh")
            .args(["unit", "four-winds-25", "--format", format])
            .output()
            .unwrap();
        assert!(piped.status.success());
        assert_eq!(&piped.stdout[..4], b"PK\x03\x04");
    }
}
