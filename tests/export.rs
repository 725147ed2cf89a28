//! `zicha export`: the self-review (Markdown), the ledger (CSV) and JSON, on sessions built through the
//! session model. Snapshots pin the documents; a real Markdown parser and the `csv` reader check that
//! what a reader or a spreadsheet sees is exactly what the session holds; the real binary checks the
//! command (files, `--force`, bad paths, the import round trip, byte-identical output).

use assert_cmd::Command;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use predicates::prelude::*;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use tempfile::TempDir;

use zicha::checklist::{Checklist, Item, Text};
use zicha::i18n::Lang;
use zicha::report::export::{self, Format};
use zicha::session::model::FORMAT;
use zicha::session::{Action, ActionStatus, Rating, Session, Store};

const NOW: &str = "2026-11-23T10:00:00+08:00";

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

fn action(text: &str, due: Option<&str>) -> Action {
    Action {
        text: text.into(),
        due: due.map(d),
        ..Action::default()
    }
}

fn rate(s: &mut Session, item: &str, rating: Rating, manifestation: &str, sources: &[&str]) {
    let a = s.answer_mut(item).unwrap();
    a.rating = rating;
    a.manifestation = manifestation.into();
    a.sources = sources.iter().map(|s| s.to_string()).collect();
}

fn empty_session() -> Session {
    Session::new(
        "20261123-four-winds-25".into(),
        bundled("four-winds-25"),
        now(),
    )
}

/// The first group rated, a few notes and one action; the rest unrated.
fn half_filled_session() -> Session {
    let mut s = empty_session();
    s.label = Some("2026年第四季度".into());
    rate(&mut s, "f1", Rating::Value(0), "", &[]);
    rate(
        &mut s,
        "f2",
        Rating::Value(2),
        "部分工作只布置不检查。",
        &["self"],
    );
    rate(
        &mut s,
        "f3",
        Rating::Value(3),
        "本季度召开各类会议 14 次,其中 5 次可以合并。",
        &["masses", "superior"],
    );
    rate(&mut s, "f4", Rating::NotApplicable, "", &[]);
    rate(&mut s, "f5", Rating::Value(1), "", &[]);
    rate(&mut s, "f6", Rating::Value(0), "", &[]);
    rate(&mut s, "b1", Rating::Value(2), "调研少,多听汇报。", &[]);
    s.answer_mut("f3")
        .unwrap()
        .actions
        .push(action("合并例会,压缩会议数量", Some("2026-12-15")));
    s.assign_action_ids();
    s
}

/// Multi-line Chinese notes full of Markdown syntax, every item rated, every kind of action.
const HOSTILE: &str = "一、会议多|文件多,*层层*开会。\n\
    二、<b>以会议落实会议</b>,用 `文件` 落实文件。\n\
    # 不是标题\n\
    - 不是列表\n\
    1. 不是编号\n\
    > 不是引用\n\
    [不是链接](http://example.com) _也不是强调_ & &amp; $x$\n\
    \n\
    第二段:四个空格开头的行不是代码块。\n    缩进的行";

fn full_session() -> Session {
    let mut s = empty_session();
    s.label = Some("2026年第四季度 | 专题".into());
    s.name = Some("张三".into());
    s.unit = Some("某某局 <办公室>".into());
    let ids: Vec<String> = s.checklist.items().map(|(_, i)| i.id.clone()).collect();
    for (n, id) in ids.iter().enumerate() {
        let value = (n % 5) as i64;
        let note = if value == 0 {
            String::new()
        } else if n % 2 == 0 {
            format!("{HOSTILE}\n第 {} 条。", n + 1)
        } else {
            format!(
                "第 {} 条的表现:\n1) 其一 | 其二\n2) 其三 * 其四 < 其五",
                n + 1
            )
        };
        let sources: &[&str] = match n % 3 {
            0 => &[],
            1 => &["self"],
            _ => &["masses", "peers", "collective"],
        };
        rate(&mut s, id, Rating::Value(value), &note, sources);
    }
    rate(&mut s, "e6", Rating::NotApplicable, "", &[]);
    let mut add = |item: &str, a: Action| s.answer_mut(item).unwrap().actions.push(a);
    add(
        "f2",
        action("建立“回头看”制度|每月一查", Some("2026-12-01")),
    );
    add("f2", action("*立即*清理积压文件\n- 分两批完成", None));
    add("f3", action("合并例会,压缩会议数量", Some("2027-03-31")));
    add("f3", action("会议材料控制在 <5> 页", Some("2026-11-01")));
    add(
        "b3",
        Action {
            status: ActionStatus::Done,
            done_on: Some(d("2026-11-20")),
            note: "已在支部会上通报".into(),
            ..action("每月到基层调研一次", Some("2026-11-30"))
        },
    );
    add(
        "h5",
        Action {
            status: ActionStatus::Dropped,
            note: "与第 2 项措施合并".into(),
            ..action("取消迎送仪式", Some("2026-12-31"))
        },
    );
    add("e1", action("公务接待一律按标准", Some("2026-12-23")));
    add("e1", action("办公用房清理腾退", Some("2026-12-24")));
    s.causes[0].text = "理想信念有所动摇,\n放松了学习。".into();
    s.causes[2].text = "- 党性锻炼不够\n- 自我要求不严".into();
    s.assign_action_ids();
    s
}

/// A session whose embedded checklist was edited after the bundled one: new title, an item reworded,
/// one removed, one added, a level relabelled, a cause prompt dropped.
fn edited_checklist_session() -> Session {
    let mut c = bundled("four-winds-25");
    c.version = 2;
    c.title = Text::new("“四风”问题自查(修订)", "Four winds self-check (revised)");
    c.groups[0].items[2].text = Text::new("会议过多、文件过滥", "Too many meetings and documents");
    c.groups[1].items.remove(5);
    c.groups[3].items.push(Item {
        id: "e8".into(),
        text: Text::new("违规使用公车", "Misusing official cars"),
        hint: None,
    });
    c.scale[4].label = Text::new("严重", "Grave");
    c.causes.pop();
    let mut s = Session::new("20261123-four-winds-25-2".into(), c, now());
    rate(
        &mut s,
        "f3",
        Rating::Value(4),
        "每周例会三次。",
        &["masses"],
    );
    rate(
        &mut s,
        "e8",
        Rating::Value(2),
        "周末用公车一次。",
        &["self"],
    );
    s.answer_mut("e8")
        .unwrap()
        .actions
        .push(action("公车入库,钥匙统一管理", Some("2026-11-30")));
    s.assign_action_ids();
    s
}

fn sessions() -> Vec<(&'static str, Session)> {
    vec![
        ("empty", empty_session()),
        ("half", half_filled_session()),
        ("full", full_session()),
        ("edited", edited_checklist_session()),
    ]
}

fn md(s: &Session, lang: Lang) -> String {
    export::markdown(s, lang, today())
}

// ---- Snapshots ----------------------------------------------------------------------------------

#[test]
fn markdown_snapshots() {
    for (name, s) in sessions() {
        for lang in [Lang::Zh, Lang::En] {
            insta::assert_snapshot!(format!("md_{name}_{lang}"), md(&s, lang));
        }
    }
}

#[test]
fn csv_snapshot_of_the_full_session() {
    let bytes = export::ledger(&full_session(), Lang::Zh, today()).unwrap();
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

// ---- The Markdown as a parser reads it ----------------------------------------------------------

/// What a reader of the rendered review sees, reduced to what the tests check.
#[derive(Default, Debug)]
struct Parsed {
    headings: Vec<(HeadingLevel, String)>,
    /// Table rows (the header first), each a list of cells with `<br>` read as "\n".
    tables: Vec<Vec<Vec<String>>>,
    /// Paragraph texts, line breaks read as "\n".
    paragraphs: Vec<String>,
    /// Markup a user's text must never produce: emphasis, code, links, HTML other than `<br>`, …
    stray: Vec<String>,
    lists: usize,
    /// The start number of each ordered list.
    ordered: Vec<u64>,
}

fn parse(text: &str) -> Parsed {
    let mut p = Parsed::default();
    let mut buf = String::new();
    let mut row: Vec<String> = Vec::new();
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { .. } | Tag::Paragraph | Tag::TableCell => buf.clear(),
                Tag::Table(_) => p.tables.push(Vec::new()),
                Tag::TableHead | Tag::TableRow => row.clear(),
                Tag::List(start) => {
                    p.lists += 1;
                    p.ordered.extend(start);
                }
                Tag::Item => {}
                other => p.stray.push(format!("{other:?}")),
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(level) => p.headings.push((level, buf.clone())),
                TagEnd::Paragraph => p.paragraphs.push(buf.clone()),
                TagEnd::TableCell => row.push(buf.clone()),
                TagEnd::TableHead | TagEnd::TableRow => {
                    p.tables.last_mut().unwrap().push(row.clone())
                }
                _ => {}
            },
            Event::Text(t) => buf.push_str(&t),
            Event::SoftBreak | Event::HardBreak => buf.push('\n'),
            Event::InlineHtml(h) if h.as_ref() == "<br>" => buf.push('\n'),
            other => p.stray.push(format!("{other:?}")),
        }
    }
    p
}

/// The lines of a user's text as the review shows them (trimmed, blank lines dropped).
/// What a Markdown reader shows of a user's text: its non-blank lines, each with the indentation
/// the user typed kept (spaces as no-break spaces, a tab as four), trailing blanks dropped.
fn shown(text: &str) -> String {
    let lines: Vec<String> = shown_lines(text)
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// [`shown`] with the blank lines inside the text kept, as a table cell shows them.
fn shown_lines(text: &str) -> Vec<String> {
    text.trim_end()
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .map(|l| {
            let rest = l.trim_start_matches([' ', '\t', '\u{3000}']);
            let indent: String = l[..l.len() - rest.len()]
                .chars()
                .map(|c| match c {
                    ' ' => "\u{a0}",
                    '\t' => "\u{a0}\u{a0}\u{a0}\u{a0}",
                    _ => "\u{3000}",
                })
                .collect();
            format!("{indent}{}", rest.trim_end())
        })
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                l
            }
        })
        .collect()
}

#[test]
fn the_review_has_the_four_sections_in_order_under_one_title() {
    for (name, s) in sessions() {
        for (lang, sections) in [
            (
                Lang::Zh,
                [
                    "一、存在的主要问题",
                    "二、产生问题的原因",
                    "三、整改措施",
                    "附表：逐项对照检查情况",
                ],
            ),
            (
                Lang::En,
                [
                    "I. Main problems found",
                    "II. Causes of the problems",
                    "III. Corrective actions",
                    "Appendix: item-by-item examination",
                ],
            ),
        ] {
            let p = parse(&md(&s, lang));
            let h1: Vec<&String> = p
                .headings
                .iter()
                .filter(|(l, _)| *l == HeadingLevel::H1)
                .map(|(_, t)| t)
                .collect();
            let title = s.checklist.title.get(lang);
            assert_eq!(h1.len(), 1, "{name} {lang}");
            assert!(h1[0].contains(title), "{name} {lang}: {}", h1[0]);
            assert_eq!(p.headings[0].0, HeadingLevel::H1, "{name} {lang}");
            let h2: Vec<&str> = p
                .headings
                .iter()
                .filter(|(l, _)| *l == HeadingLevel::H2)
                .map(|(_, t)| t.as_str())
                .collect();
            assert_eq!(h2, sections, "{name} {lang}");
        }
    }
}

#[test]
fn problems_are_grouped_and_most_serious_first() {
    let s = full_session();
    let p = parse(&md(&s, Lang::Zh));
    let lowest = s.checklist.lowest_value().unwrap();
    // Between 一 and 二: H3 group titles, each followed by its problems as H4s.
    let start = p
        .headings
        .iter()
        .position(|(_, t)| t == "一、存在的主要问题")
        .unwrap();
    let end = p
        .headings
        .iter()
        .position(|(_, t)| t == "二、产生问题的原因")
        .unwrap();
    let mut expected = Vec::new();
    let mut number = 0;
    for g in &s.checklist.groups {
        let mut found = Vec::new();
        for item in &g.items {
            number += 1;
            let a = s.answer(&item.id).unwrap();
            if let Rating::Value(v) = a.rating
                && v > lowest
            {
                found.push((v, format!("{number}. {}", item.text.zh)));
            }
        }
        if !found.is_empty() {
            expected.push((HeadingLevel::H3, g.title.zh.clone()));
            found.sort_by_key(|(v, _)| -v);
            expected.extend(found.into_iter().map(|(_, t)| (HeadingLevel::H4, t)));
        }
    }
    assert_eq!(p.headings[start + 1..end], expected[..]);
}

#[test]
fn the_appendix_has_one_row_per_item_with_six_columns_and_the_text_as_written() {
    for (name, s) in sessions() {
        for lang in [Lang::Zh, Lang::En] {
            let p = parse(&md(&s, lang));
            assert_eq!(p.tables.len(), 1, "{name} {lang}");
            let table = &p.tables[0];
            assert_eq!(table.len(), 1 + s.checklist.item_count(), "{name} {lang}");
            for row in table {
                assert_eq!(row.len(), 6, "{name} {lang}: {row:?}");
            }
            for (i, ((group, item), row)) in s.checklist.items().zip(&table[1..]).enumerate() {
                let answer = s.answer(&item.id).unwrap();
                assert_eq!(row[0], (i + 1).to_string());
                assert_eq!(row[1], group.title.get(lang));
                assert_eq!(row[2], item.text.get(lang));
                assert_eq!(
                    row[4],
                    shown_lines(&answer.manifestation).join("\n"),
                    "{name} {lang} item {}",
                    i + 1
                );
                assert_eq!(
                    row[5].lines().count(),
                    answer
                        .actions
                        .iter()
                        .map(|a| a.text.lines().count())
                        .sum::<usize>(),
                    "{name} {lang} item {}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn notes_full_of_markdown_syntax_read_back_exactly_as_written() {
    let s = full_session();
    for lang in [Lang::Zh, Lang::En] {
        let p = parse(&md(&s, lang));
        assert!(
            p.stray.is_empty(),
            "{lang}: unexpected markup {:?}",
            p.stray
        );
        for a in s.answers.iter().filter(|a| !a.manifestation.is_empty()) {
            let want = shown(&a.manifestation);
            // Blank lines split a note into paragraphs; every line is there, in order.
            let joined = p.paragraphs.join("\n");
            assert!(
                joined.contains(&want),
                "{lang}: {want:?} not found in the review"
            );
        }
        for c in s.causes.iter().filter(|c| !c.text.is_empty()) {
            assert!(
                p.paragraphs.contains(&shown(&c.text)),
                "{lang}: cause {:?}",
                c.text
            );
        }
        // The header list, the unrated list (none here) and the action lists: nothing a note made.
        assert_eq!(p.lists, 1 + 4, "{lang}: lists");
    }
}

#[test]
fn actions_are_numbered_once_and_split_by_due_date() {
    let s = full_session();
    let text = md(&s, Lang::Zh);
    let section = &text[text.find("## 三、整改措施").unwrap()..text.find("## 附表").unwrap()];
    let heads: Vec<&str> = section.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(
        heads,
        ["### 立行立改", "### 限期整改", "### 已完成", "### 已放弃"]
    );
    let immediate =
        &section[section.find("### 立行立改").unwrap()..section.find("### 限期整改").unwrap()];
    // Overdue first, then by due date up to 30 days out, the undated one last.
    for (n, text) in [
        (1, "会议材料控制在"),
        (2, "建立“回头看”制度"),
        (3, "公务接待一律按标准"),
        (4, "\\*立即\\*清理积压文件"),
    ] {
        assert!(
            immediate.contains(&format!("{n}. {text}")),
            "{n}. {text} in\n{immediate}"
        );
    }
    assert!(immediate.contains("逾期未完成"));
    assert!(immediate.contains("完成时限：未定"));
    let scheduled =
        &section[section.find("### 限期整改").unwrap()..section.find("### 已完成").unwrap()];
    assert!(scheduled.contains("5. 办公用房清理腾退"), "{scheduled}");
    assert!(scheduled.contains("6. 合并例会"), "{scheduled}");
    assert!(section.contains("7. 每月到基层调研一次"));
    assert!(section.contains("已于 2026-11-20 完成"));
    assert!(section.contains("8. 取消迎送仪式"));
    assert!(section.contains("备注：与第 2 项措施合并"));
}

#[test]
fn unrated_items_are_listed_in_the_header() {
    let s = half_filled_session();
    let text = md(&s, Lang::Zh);
    let header = &text[..text.find("## ").unwrap()];
    assert!(header.contains("尚有 18 项未评"), "{header}");
    assert!(header.contains("  - 8\\. 脱离群众"));
    assert!(header.contains("  - 25\\. 以权谋私、腐化堕落"));
    assert!(!header.contains("  - 7"));
    // Each unrated item is one bullet reading "8. 脱离群众", not a nested numbered list.
    let p = parse(&text);
    assert_eq!(p.lists, 3, "header, unrated items, actions");
    assert_eq!(p.ordered, [1], "only the actions are a numbered list");
    let full = md(&full_session(), Lang::En);
    assert!(!full[..full.find("## ").unwrap()].contains("not rated"));
    assert!(full.contains("| Not applicable |"));
}

#[test]
fn an_edited_checklist_is_exported_as_embedded_in_the_session() {
    let s = edited_checklist_session();
    let text = md(&s, Lang::Zh);
    assert!(text.starts_with("# “四风”问题自查(修订) 对照检查材料\n"));
    assert!(text.contains("对照清单：four-winds-25（第 2 版）"));
    assert!(text.contains("#### 3. 会议过多、文件过滥"));
    assert!(text.contains("评定：严重"));
    assert!(text.contains("#### 25. 违规使用公车"));
    assert!(!text.contains("自我膨胀"));
    assert!(!text.contains("道德品行"));
}

#[test]
fn the_same_session_gives_the_same_bytes() {
    let s = full_session();
    for format in Format::ALL {
        for lang in [Lang::Zh, Lang::En] {
            let a = export::render(&s, format, lang, today()).unwrap();
            let b = export::render(&s.clone(), format, lang, today()).unwrap();
            assert_eq!(a, b, "{format:?} {lang}");
        }
    }
}

// ---- The ledger as a spreadsheet reads it -------------------------------------------------------

const ZH_COLUMNS: [&str; 20] = [
    "序号",
    "条目序号",
    "问题类别",
    "问题条目",
    "评定",
    "具体表现",
    "发现途径",
    "整改措施",
    "完成时限",
    "整改类型",
    "状态",
    "完成日期",
    "备注",
    "责任人",
    "整改目标",
    "整改进展",
    "整改成效",
    "佐证材料",
    "销号日期",
    "销号人",
];

/// The rows the ledger must hold, computed from the session independently of the exporter.
fn expected_ledger(s: &Session, date: NaiveDate) -> Vec<Vec<String>> {
    let lowest = s.checklist.lowest_value().unwrap();
    let mut rows = Vec::new();
    for (n, (group, item)) in s.checklist.items().enumerate() {
        let a = s.answer(&item.id).unwrap();
        let rating = match a.rating {
            Rating::Unrated => "未评".to_string(),
            Rating::NotApplicable => "不适用".to_string(),
            Rating::Value(v) => s.checklist.level(v).unwrap().label.zh.clone(),
        };
        let sources: Vec<&str> = a
            .sources
            .iter()
            .map(|id| s.checklist.finding_source(id).unwrap().label.zh.as_str())
            .collect();
        let base = |act: [String; 13]| {
            let mut row = vec![
                String::new(),
                (n + 1).to_string(),
                group.title.zh.clone(),
                item.text.zh.clone(),
                rating.clone(),
                a.manifestation.clone(),
                sources.join("、"),
            ];
            row.extend(act);
            row
        };
        let date_text = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        for act in &a.actions {
            let (kind, status) = match act.status {
                ActionStatus::Done => ("", "已完成"),
                ActionStatus::Dropped => ("", "已放弃"),
                ActionStatus::Open => {
                    let kind = match act.due {
                        Some(due) if due > date + Duration::days(30) => "限期整改",
                        _ => "立行立改",
                    };
                    let status = match act.due {
                        Some(due) if due < date => "逾期未完成",
                        _ => "未完成",
                    };
                    (kind, status)
                }
            };
            let lines = |t: &str| -> Vec<String> {
                t.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect()
            };
            rows.push(base([
                act.text.clone(),
                date_text(act.due),
                kind.into(),
                status.into(),
                date_text(act.done_on),
                act.note.clone(),
                act.owner.clone().unwrap_or_default(),
                act.target.clone().unwrap_or_default(),
                act.progress
                    .iter()
                    .map(|p| format!("{} {}", p.on, lines(&p.text).join(" ")))
                    .collect::<Vec<_>>()
                    .join("\n"),
                act.outcome.clone().unwrap_or_default(),
                act.evidence
                    .iter()
                    .flat_map(|e| lines(e))
                    .collect::<Vec<_>>()
                    .join("\n"),
                date_text(act.verified_on),
                act.verified_by.clone().unwrap_or_default(),
            ]));
        }
        if a.actions.is_empty() && matches!(a.rating, Rating::Value(v) if v > lowest) {
            let mut no_action: [String; 13] = Default::default();
            no_action[3] = "尚无整改措施".into();
            rows.push(base(no_action));
        }
    }
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = (i + 1).to_string();
        // The documented formula guard: a spreadsheet must not evaluate a note, and the guard is
        // a tab, which spreadsheets do not show (an apostrophe they do).
        for field in row.iter_mut() {
            if field.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']) {
                field.insert(0, '\t');
            }
        }
    }
    rows
}

fn read_ledger(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "no UTF-8 BOM");
    let mut r = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let headers = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

#[test]
fn the_ledger_holds_one_row_per_action_and_per_problem_without_one() {
    for (name, s) in sessions() {
        for date in [today(), d("2027-01-01")] {
            let bytes = export::ledger(&s, Lang::Zh, date).unwrap();
            let (headers, rows) = read_ledger(&bytes);
            assert_eq!(headers, ZH_COLUMNS, "{name}");
            assert_eq!(rows, expected_ledger(&s, date), "{name} on {date}");
        }
    }
    // 8 actions, plus the problems of the 25 items without one: every 5th item is "not present",
    // e6 is not applicable, f2, f3, b3, h5 and e1 have actions.
    let (_, rows) = read_ledger(&export::ledger(&full_session(), Lang::Zh, today()).unwrap());
    assert_eq!(rows.len(), 8 + (25 - 5 - 1 - 5));
}

#[test]
fn the_ledger_speaks_english_with_lang_en() {
    let bytes = export::ledger(&half_filled_session(), Lang::En, today()).unwrap();
    let (headers, rows) = read_ledger(&bytes);
    assert_eq!(headers[0], "No.");
    assert_eq!(headers[12], "Note");
    assert_eq!(rows[0][2], "Formalism");
    assert_eq!(rows[0][4], "Moderate");
    assert_eq!(rows[0][10], "no action yet");
    assert_eq!(rows[1][9], "To correct at once");
}

#[test]
fn ledger_rows_end_with_crlf_and_multi_line_notes_are_quoted() {
    let bytes = export::ledger(&full_session(), Lang::Zh, today()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.split('\n').next().unwrap().ends_with('\r'));
    assert!(text.contains("\"一、会议多|文件多,*层层*开会。\n"));
}

// ---- The command on the real binary -------------------------------------------------------------

struct Env {
    dir: TempDir,
}

impl Env {
    fn with(sessions: &[Session]) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        for s in sessions {
            store.save(s, FORMAT).unwrap();
        }
        Env { dir }
    }

    fn store(&self) -> Store {
        Store::at(self.dir.path())
    }

    fn zicha(&self) -> Command {
        let mut cmd = Command::cargo_bin("zicha").unwrap();
        cmd.env("ZICHA_DATA_DIR", self.dir.path())
            .env("ZICHA_NOW", NOW)
            .env_remove("ZICHA_LANG")
            .env("LANG", "C");
        cmd
    }

    fn export(&self, args: &[&str]) -> Vec<u8> {
        let out = self.zicha().arg("export").args(args).assert().success();
        out.get_output().stdout.clone()
    }
}

#[test]
fn export_prints_the_review_for_the_session_and_today() {
    let s = full_session();
    let env = Env::with(std::slice::from_ref(&s));
    for (flag, lang) in [("zh", Lang::Zh), ("en", Lang::En)] {
        let out = env.export(&["--lang", flag, "last"]);
        assert_eq!(String::from_utf8(out).unwrap(), md(&s, lang));
    }
    let csv = env.export(&["--lang", "zh", "20261123", "--format", "csv"]);
    assert_eq!(csv, export::ledger(&s, Lang::Zh, today()).unwrap());
    let json = env.export(&["20261123-four-winds-25", "--format", "json"]);
    assert_eq!(json, export::json(&s).unwrap().into_bytes());
}

#[test]
fn the_date_flag_replaces_today_and_nothing_else_changes_the_bytes() {
    let s = full_session();
    let env = Env::with(&[s]);
    for format in ["md", "csv", "json"] {
        let args = ["last", "--format", format, "--date", "2027-01-01"];
        let a = env.export(&args);
        let b = env
            .zicha()
            .env("ZICHA_NOW", "2030-06-01T23:59:59-05:00")
            .arg("export")
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_eq!(a, b, "{format}");
    }
    let md =
        String::from_utf8(env.export(&["--lang", "zh", "last", "--date", "2027-01-01"])).unwrap();
    assert!(md.contains("- 日期：2027-01-01\n"));
    // On 2027-01-01 four open actions are past due; each shows so in 三 and in the appendix.
    assert_eq!(md.matches("逾期未完成").count(), 4 * 2);
}

#[test]
fn output_file_is_written_and_never_replaced_without_force() {
    let s = half_filled_session();
    let env = Env::with(std::slice::from_ref(&s));
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("自查.md");
    let file_arg = file.to_str().unwrap();
    env.zicha()
        .args(["--lang", "en", "export", "last", "-o", file_arg])
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote").and(predicate::str::contains("自查.md")));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), md(&s, Lang::En));

    std::fs::write(&file, "mine").unwrap();
    env.zicha()
        .args(["--lang", "en", "export", "last", "-o", file_arg])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("already exists").and(predicate::str::contains("--force")),
        );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");

    env.zicha()
        .args([
            "export", "last", "--format", "csv", "--force", "-o", file_arg,
        ])
        .assert()
        .success();
    assert!(std::fs::read(&file).unwrap().starts_with(b"\xef\xbb\xbf"));
    // No temp file left behind.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
}

#[test]
fn a_bare_file_name_is_written_in_the_current_dir() {
    let s = empty_session();
    let env = Env::with(std::slice::from_ref(&s));
    let out = tempfile::tempdir().unwrap();
    env.zicha()
        .current_dir(out.path())
        .args(["--lang", "zh", "export", "last", "-o", "review.md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("已导出到 review.md"));
    assert_eq!(
        std::fs::read_to_string(out.path().join("review.md")).unwrap(),
        md(&s, Lang::Zh)
    );
}

#[test]
fn dash_output_is_stdout() {
    let s = empty_session();
    let env = Env::with(std::slice::from_ref(&s));
    let out = env.export(&["--lang", "zh", "last", "-o", "-"]);
    assert_eq!(String::from_utf8(out).unwrap(), md(&s, Lang::Zh));
}

#[test]
fn bad_output_paths_are_clear_errors() {
    let env = Env::with(&[empty_session()]);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    env.zicha()
        .args(["--lang", "en", "export", "last", "-o", dir])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("is a directory")
                .and(predicate::str::contains("20261123-four-winds-25.md")),
        );
    let missing = out.path().join("no/such/dir/x.md");
    env.zicha()
        .args([
            "--lang",
            "zh",
            "export",
            "last",
            "-o",
            missing.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("不存在").and(predicate::str::contains("no/such/dir")));
    let file = out.path().join("file");
    std::fs::write(&file, "x").unwrap();
    env.zicha()
        .args(["--lang", "en", "export", "last", "-o"])
        .arg(file.join("x.md"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a directory"));
    std::fs::remove_file(&file).unwrap();
    let session_file = env.store().session_path("20261123-four-winds-25");
    let before = std::fs::read(&session_file).unwrap();
    env.zicha()
        .args(["--lang", "en", "export", "last", "--force", "-o"])
        .arg(&session_file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sessions dir"));
    assert_eq!(std::fs::read(&session_file).unwrap(), before);
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn unknown_sessions_formats_and_dates_are_refused() {
    let env = Env::with(&[empty_session(), edited_checklist_session()]);
    env.zicha()
        .args(["--lang", "en", "export", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no session \"nope\""));
    env.zicha()
        .args(["--lang", "en", "export", "2026"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("matches several sessions"));
    env.zicha()
        .args(["export", "last", "--format", "pdf"])
        .assert()
        .code(2);
    env.zicha()
        .args(["export", "last", "--date", "2026-02-30"])
        .assert()
        .code(2);
}

#[test]
fn a_damaged_session_is_named_and_left_alone() {
    let env = Env::with(&[]);
    std::fs::create_dir_all(env.store().sessions_dir()).unwrap();
    let path = env.store().session_path("20261123-broken");
    std::fs::write(
        &path,
        "(format: 1, id: \"20261123-broken\",\n  answers: [oops",
    )
    .unwrap();
    env.zicha()
        .args(["--lang", "en", "export", "20261123-broken"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("20261123-broken.ron:2:")
                .and(predicate::str::contains("damaged")),
        );
    assert!(std::fs::read_to_string(&path).unwrap().ends_with("[oops"));
}

#[test]
fn extreme_dates_do_not_crash() {
    let env = Env::with(&[full_session()]);
    for date in ["0001-01-01", "9999-12-31", "+262142-12-31"] {
        for format in ["md", "csv"] {
            env.export(&["last", "--format", format, "--date", date]);
        }
    }
}

// ---- JSON: the SPEC §7 contract and the round trip through import --------------------------------

#[test]
fn json_has_the_contract_fields_and_types() {
    let s = full_session();
    let v: serde_json::Value = serde_json::from_str(&export::json(&s).unwrap()).unwrap();
    for key in [
        "format",
        "id",
        "label",
        "name",
        "unit",
        "created",
        "updated",
        "checklist",
        "answers",
        "causes",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["format"], FORMAT);
    assert_eq!(v["created"], NOW);
    assert_eq!(v["checklist"]["id"], "four-winds-25");
    assert_eq!(v["checklist"]["version"], 1);
    let answers = v["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 25);
    assert_eq!(answers[0]["item"], "f1");
    assert_eq!(answers[1]["rating"], 1);
    assert_eq!(answers[23]["rating"], "na");
    assert_eq!(answers[1]["sources"], serde_json::json!(["self"]));
    let f2 = &answers[1]["actions"];
    assert_eq!(f2[0]["due"], "2026-12-01");
    assert_eq!(f2[1]["due"], serde_json::Value::Null);
    assert_eq!(f2[0]["status"], "open");
    assert_eq!(f2[0]["done_on"], serde_json::Value::Null);
    assert_eq!(f2[0]["note"], "");
    for a in answers {
        for act in a["actions"].as_array().unwrap() {
            let mut keys: Vec<&String> = act.as_object().unwrap().keys().collect();
            keys.sort();
            // SPEC §7's fields, and the ledger fields of SPEC §10.
            assert_eq!(
                keys,
                [
                    "done_on",
                    "due",
                    "evidence",
                    "id",
                    "note",
                    "outcome",
                    "owner",
                    "progress",
                    "status",
                    "target",
                    "text",
                    "verified_by",
                    "verified_on"
                ]
            );
            assert!(act["id"].as_str().is_some_and(|id| !id.is_empty()));
        }
    }
    let b3 = &answers[8]["actions"][0];
    assert_eq!(
        (b3["status"].as_str(), b3["done_on"].as_str()),
        (Some("done"), Some("2026-11-20"))
    );
    assert_eq!(answers[16]["actions"][0]["status"], "dropped");
    assert_eq!(v["causes"][0]["prompt"], "ideals");
    assert_eq!(v["causes"][1]["text"], "");
    let unrated: serde_json::Value =
        serde_json::from_str(&export::json(&empty_session()).unwrap()).unwrap();
    assert_eq!(unrated["answers"][0]["rating"], serde_json::Value::Null);
    assert_eq!(unrated["label"], serde_json::Value::Null);
}

fn round_trip(s: &Session) {
    let from = Env::with(std::slice::from_ref(s));
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("session.json");
    from.zicha()
        .args(["export", &s.id, "--format", "json", "-o"])
        .arg(&file)
        .assert()
        .success();
    let to = Env::with(&[]);
    to.zicha().arg("import").arg(&file).assert().success();
    let back = to.store().load(&s.id).unwrap().session;
    assert_eq!(&back, s);
    // And once more: the re-export of the imported session is byte-identical.
    let again = to.export(&[&s.id, "--format", "json"]);
    assert_eq!(again, std::fs::read(&file).unwrap());
}

#[test]
fn json_round_trips_through_import() {
    for (_, s) in sessions() {
        round_trip(&s);
    }
}

#[test]
fn the_ledger_carries_each_actions_tracking_fields() {
    let mut s = full_session();
    let a = s
        .answers
        .iter_mut()
        .flat_map(|a| a.actions.iter_mut())
        .next()
        .unwrap();
    a.owner = Some("李四".into());
    a.target = Some("每月会议不超过四次".into());
    a.progress = vec![
        zicha::session::model::ProgressNote {
            on: d("2026-11-02"),
            text: "已合并两个例会\n下月再查".into(),
        },
        zicha::session::model::ProgressNote {
            on: d("2026-11-20"),
            text: "=不再开".into(),
        },
    ];
    a.outcome = Some("会议减少一半".into());
    a.evidence = vec!["会议记录.pdf".into(), "签到表".into()];
    a.verified_on = Some(d("2026-11-25"));
    a.verified_by = Some("王书记".into());
    let text = a.text.clone();
    let (headers, rows) = read_ledger(&export::ledger(&s, Lang::Zh, today()).unwrap());
    assert_eq!(headers, ZH_COLUMNS);
    assert_eq!(rows, expected_ledger(&s, today()));
    let row = rows.iter().find(|r| r[7] == text).unwrap();
    assert_eq!(row[13], "李四");
    assert_eq!(row[14], "每月会议不超过四次");
    assert_eq!(
        row[15],
        "2026-11-02 已合并两个例会 下月再查\n2026-11-20 =不再开"
    );
    assert_eq!(row[16], "会议减少一半");
    assert_eq!(row[17], "会议记录.pdf\n签到表");
    assert_eq!(row[18], "2026-11-25");
    assert_eq!(row[19], "王书记");
    // The written review names them under the measure too, in Markdown and in Word.
    let md = md(&s, Lang::Zh);
    for line in [
        "责任人：李四",
        "整改目标：每月会议不超过四次",
        "整改进展：2026-11-02 已合并两个例会 下月再查",
        "整改进展：2026-11-20 =不再开",
        "整改成效：会议减少一半",
        "佐证材料：会议记录.pdf、签到表",
        "已于 2026-11-25 由 王书记 销号",
    ] {
        assert!(md.contains(line), "{line} not in the review");
    }
    let docx = export::render(&s, Format::Docx, Lang::Zh, today()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("责任人：李四") && xml.contains("已于 2026-11-25 由 王书记 销号"));
}
