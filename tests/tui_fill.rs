//! The fill screen's everyday rough edges (issue 17, items 5, 7, 9, 10): search and filters, long
//! status messages, the item pane at 80x24, wide lists, the scale's keys, Esc typed quickly, wrapped
//! Chinese, undo that says what, clicks, and drawing without colour. Key sequences through the real
//! key table; screens through `TestBackend`, with reviewed snapshots where the layout is the point.

mod screen;
use screen::{checklists, press, render, send};

use std::rc::Rc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use zicha::checklist::{Checklist, Group, Item, Level, Text};
use zicha::error::Error;
use zicha::i18n::Lang;
use zicha::session::model::FORMAT;
use zicha::session::{Action as Measure, Rating, Session, Store};
use zicha::tui::app::{App, Popup, SaveState};
use zicha::tui::itemlist::Filter;
use zicha::tui::{keymap, view};

const LONG_EN: &str = "Too many meetings and too many documents: some meetings run long and repeat one another, and some documents are copied and forwarded with only a new cover page. Of the department meetings I chaired, a good share were routine ones that need not have been held at all.";

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn bundled(id: &str) -> Checklist {
    checklists().into_iter().find(|c| c.id == id).unwrap()
}

struct TestApp {
    app: App,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for TestApp {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl std::ops::DerefMut for TestApp {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

fn app_with(session: Session, lang: Lang) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(lang, now(), Store::at(dir.path()), checklists());
    app.show_session(session, FORMAT, None, SaveState::Clean);
    TestApp { app, _dir: dir }
}

/// Four-winds with a few items rated, a note, actions (one overdue) and sources.
fn session() -> Session {
    let mut s = Session::new(
        "20261123-four-winds-25".into(),
        bundled("four-winds-25"),
        now(),
    );
    s.answers[0].rating = Rating::Value(2);
    s.answers[1].rating = Rating::Value(0);
    s.answers[2].rating = Rating::Value(3);
    s.answers[2].manifestation = "会上念稿子、讲套话，解决实际问题少。".into();
    s.answers[3].rating = Rating::NotApplicable;
    s.answers[6].actions = vec![Measure {
        text: "每月下基层调研两次".into(),
        due: Some(d("2026-11-01")),
        ..Default::default()
    }];
    s.answers[9].actions = vec![Measure {
        text: "建立接访登记台账".into(),
        due: Some(d("2027-01-31")),
        note: String::new(),
        ..Default::default()
    }];
    s.answers[12].sources = vec!["superior".into()];
    s
}

fn sel_id(app: &App) -> String {
    app.doc.as_ref().unwrap().session.answers[app.sel]
        .item
        .clone()
}

fn ctrl(app: &mut App, c: char) {
    send(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

fn click(app: &mut App, col: u16, row: u16) {
    send(
        app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        }),
    );
}

/// The screen row (0-based) holding `needle`, and its column.
fn find(screen: &str, needle: &str) -> Option<(u16, u16)> {
    screen.lines().enumerate().find_map(|(y, l)| {
        l.find(needle).map(|x| {
            (
                unicode_width::UnicodeWidthStr::width(&l[..x]) as u16,
                y as u16,
            )
        })
    })
}

// ------------------------------------------------------------------ 5. search and filters

#[test]
fn a_search_with_no_match_keeps_the_selection_and_its_notice_stays_on_enter() {
    let mut app = app_with(session(), Lang::En);
    press(&mut app, "jjjjj");
    let before = app.sel;
    // "Fo" matches items; "Foxq" matches nothing: the selection goes back to where it was.
    press(&mut app, "/Fo");
    assert_ne!(app.sel, before, "a prefix that matches moves the selection");
    press(&mut app, "xq");
    assert_eq!(app.sel, before, "no match: back where the search started");
    assert!(app.notice.as_deref().unwrap_or("").contains("Foxq"));
    press(&mut app, "\n");
    assert_eq!(app.sel, before);
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("no item, note or action contains \"Foxq\""),
        "the notice stays after Enter:\n{screen}"
    );
    // The next key that acts clears it.
    press(&mut app, "j");
    assert!(!render(&mut app, 80, 24).contains("Foxq"));
}

#[test]
fn search_finds_notes_sources_and_actions() {
    let mut app = app_with(session(), Lang::Zh);
    press(&mut app, "/讲套话\n");
    assert_eq!(
        sel_id(&app),
        app.doc.as_ref().unwrap().session.answers[2].item,
        "the note"
    );
    press(&mut app, "/接访登记\n");
    assert_eq!(app.sel, 9, "an action's text");
    press(&mut app, "/上级点\n");
    assert_eq!(app.sel, 12, "a finding source of the item");
    press(&mut app, "/pointed out by\n");
    assert_eq!(app.sel, 12, "the source's label in the other language");
}

#[test]
fn filters_show_problems_unrated_or_overdue_and_the_list_says_so() {
    let mut app = app_with(session(), Lang::Zh);
    press(&mut app, "f");
    assert_eq!(app.filter, Some(Filter::Problems));
    // Problems are ratings above the lowest level: items 1 (2) and 3 (3), not 2 (0) or 4 (-).
    assert_eq!(app.sel, 0);
    press(&mut app, "j");
    assert_eq!(app.sel, 2, "moving skips what the filter hides");
    press(&mut app, "j");
    assert_eq!(app.sel, 2, "the last shown item");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("筛选：问题项（2/25 项）"), "{screen}");
    assert!(!screen.contains("不求实效"), "item 2 is hidden:\n{screen}");
    insta::assert_snapshot!("filter_problems_zh_80x24", screen);

    press(&mut app, "f");
    assert_eq!(app.filter, Some(Filter::Unrated));
    assert!(
        !app.doc.as_ref().unwrap().session.answers[app.sel]
            .rating
            .is_rated(),
        "the selection moved to an unrated item"
    );
    // Rating an item out of the filter keeps it in view until the user moves on.
    let rated = app.sel;
    press(&mut app, "1");
    let screen = render(&mut app, 120, 40);
    let text = app
        .doc
        .as_ref()
        .unwrap()
        .item(rated)
        .unwrap()
        .text
        .get(Lang::Zh)
        .to_string();
    assert!(screen.contains(&text), "{screen}");
    press(&mut app, "j");
    assert!(!render(&mut app, 120, 40).contains(&format!(" {text}")));

    press(&mut app, "f");
    assert_eq!(app.filter, Some(Filter::Overdue));
    assert_eq!(app.sel, 6, "the one item with an overdue action");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("筛选：有逾期措施（1/25 项）"), "{screen}");
    press(&mut app, "f");
    assert_eq!(app.filter, None, "after the last filter, all again");
    press(&mut app, "fF");
    assert_eq!(app.filter, None, "F shows all");
}

#[test]
fn a_filter_that_keeps_nothing_is_skipped() {
    let mut s = session();
    for a in &mut s.answers {
        a.actions.clear();
    }
    let mut app = app_with(s, Lang::En);
    press(&mut app, "ff");
    assert_eq!(
        app.filter,
        Some(Filter::Unrated),
        "no overdue actions: skipped"
    );
    press(&mut app, "f");
    assert_eq!(app.filter, None);
}

#[test]
fn the_filter_key_is_in_the_key_bar_and_the_help() {
    let mut app = app_with(session(), Lang::En);
    assert!(render(&mut app, 120, 40).contains("f filter"));
    press(&mut app, "?");
    let mut help = String::new();
    for _ in 0..10 {
        help.push_str(&render(&mut app, 120, 40));
        send(&mut app, screen::key(KeyCode::PageDown));
    }
    assert!(help.contains("filter: problems"), "{help}");
    assert!(help.contains("clear the filter"), "{help}");
}

// ------------------------------------------------------------------ 7. long text

#[test]
fn a_long_save_error_wraps_in_the_status_area_instead_of_being_cut() {
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_with(session(), lang);
        let path = "/home/someone/.local/share/zicha/sessions/20261123-four-winds-25.ron";
        let e = Error::io(
            path,
            std::io::Error::other("No space left on device (os error 28)"),
        );
        app.doc.as_mut().unwrap().save = SaveState::Failed(Rc::new(e));
        let screen = render(&mut app, 80, 24);
        // The status rows, above the key hints, without the progress on the right of the first.
        let rows: Vec<&str> = screen.lines().collect();
        let joined: String = rows[rows.len() - 4..rows.len() - 1]
            .iter()
            .map(|l| l.replace("已评 4/25", "").replace("4/25 rated", ""))
            .map(|l| l.trim().to_string())
            .collect();
        assert!(joined.contains("20261123-four-winds-25.ron"), "{screen}");
        assert!(joined.contains("os error 28"), "{screen}");
        assert!(!joined.contains(".."), "nothing cut:\n{screen}");
        insta::assert_snapshot!(format!("status_save_error_{lang}_80x24"), screen);
    }
}

/// An item with a long text, a level description, three sources and three actions: the note still
/// shows its first lines at 80x24.
fn crowded(lang: Lang) -> TestApp {
    let mut s = Session::new(
        "20261123-sr".into(),
        bundled("special-rectification-21"),
        now(),
    );
    let i = 3;
    s.answers[i].rating = Rating::Value(3);
    s.answers[i].manifestation = LONG_EN.into();
    s.answers[i].sources = vec!["masses".into(), "superior".into(), "collective".into()];
    s.answers[i].actions = (1..=3)
        .map(|n| Measure {
            text: format!("Hand back the second official car and report it, step {n}"),
            due: Some(d("2026-12-31")),
            ..Default::default()
        })
        .collect();
    s.checklist.scale[3].description = Some(Text::new(
        "问题较为突出，群众有反映，需要限期整改",
        "a notable problem that people have raised; to be put right by a date",
    ));
    let mut app = app_with(s, lang);
    press(&mut app, "jjj");
    app
}

#[test]
fn an_item_with_actions_still_shows_its_note_at_80x24() {
    for lang in [Lang::En, Lang::Zh] {
        let mut app = crowded(lang);
        let screen = render(&mut app, 80, 24);
        assert!(
            screen.contains("Too many meetings"),
            "the note's first line:\n{screen}"
        );
        assert!(screen.contains("step 1"), "the first action:\n{screen}");
        insta::assert_snapshot!(format!("fill_crowded_{lang}_80x24"), screen);
    }
}

// ------------------------------------------------------------------ 9. the rest

/// A checklist of `n` items in one group and a three-level scale.
fn wide_checklist(n: usize) -> Checklist {
    let mut c = bundled("four-winds-25");
    c.id = "wide".into();
    c.scale = (0..3)
        .map(|v| Level {
            value: v,
            label: Text::new(format!("级{v}"), format!("level {v}")),
            description: None,
        })
        .collect();
    let item = c.groups[0].items[0].clone();
    c.groups = vec![Group {
        id: "g".into(),
        title: Text::new("全部", "All"),
        items: (1..=n)
            .map(|k| Item {
                id: format!("i{k}"),
                text: Text::new(format!("第{k}项"), format!("item {k}")),
                ..item.clone()
            })
            .collect(),
    }];
    c
}

#[test]
fn a_list_of_over_a_hundred_items_stays_aligned_and_the_key_bar_shows_the_scale() {
    let s = Session::new("20261123-wide".into(), wide_checklist(120), now());
    let mut app = app_with(s, Lang::Zh);
    press(&mut app, "G");
    press(&mut app, &"k".repeat(30));
    let screen = render(&mut app, 80, 24);
    let col = |n: &str| find(&screen, n).map(|(x, _)| x);
    // The text of items 99, 100 and 110 starts in the same column.
    let starts: Vec<_> = ["第99项", "第100项", "第110项"]
        .iter()
        .map(|t| col(t))
        .collect();
    assert!(starts[0].is_some(), "{screen}");
    assert!(
        starts.iter().all(|s| *s == starts[0]),
        "{starts:?}\n{screen}"
    );
    assert!(screen.contains("0-2 评分"), "three levels:\n{screen}");
    assert!(!screen.contains("0-9"));
}

#[test]
fn esc_then_a_letter_typed_at_once_leaves_the_editor_and_acts() {
    let mut app = app_with(session(), Lang::En);
    press(&mut app, "m");
    assert!(matches!(app.popup, Some(Popup::Text(_))));
    // What the terminal sends for Esc then j typed quickly: one Alt-j.
    let alt_j = Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT));
    for ev in keymap::expand(app.scope(), alt_j) {
        send(&mut app, ev);
    }
    assert!(app.popup.is_none(), "the editor closed");
    assert_eq!(app.sel, 1, "and j moved down");
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[0].manifestation,
        "",
        "nothing was typed into the note"
    );
}

#[test]
fn a_long_one_line_field_keeps_the_caret_in_view() {
    let mut app = app_with(session(), Lang::Zh);
    press(&mut app, "a");
    let text = "每月到联系点调研两次并形成调研报告报党组会议研究，发现的问题建立台账逐项销号，一季度末前完成第一轮";
    press(&mut app, text);
    let screen = render(&mut app, 80, 24);
    // The end of what was typed is on screen, and the cursor sits right after it.
    assert!(screen.contains("一季度末前完成第一轮"), "{screen}");
    let (x, y) = find(&screen, "完成第一轮").unwrap();
    assert!(
        screen.contains(&format!("[cursor at {},{y}]", x + 10)),
        "{screen}"
    );
    insta::assert_snapshot!("line_field_long_zh_80x24", screen);
}

#[test]
fn a_one_line_field_filled_to_the_last_column_shows_the_caret_after_it() {
    let mut app = app_with(session(), Lang::Zh);
    press(&mut app, "a");
    // The field is 78 columns wide at 80x24: 39 Chinese characters fill its first row exactly.
    press(&mut app, &"查".repeat(39));
    let screen = render(&mut app, 80, 24);
    let (_, y) = find(&screen, &"查".repeat(39)).unwrap();
    assert!(
        screen.contains(&format!("[cursor at 1,{}]", y + 1)),
        "the caret starts the next row, not on top of the last character:\n{screen}"
    );
}

#[test]
fn typed_chinese_in_the_editor_never_starts_a_row_with_closing_punctuation() {
    let mut app = app_with(session(), Lang::Zh);
    press(&mut app, "m");
    press(
        &mut app,
        &"会议多，文件多。有的会议开得过长、过滥；一些文件照抄照转（穿靴戴帽）！".repeat(6),
    );
    let screen = render(&mut app, 80, 24);
    let mut rows = 0;
    for l in screen.lines() {
        // The editor's rows are between its borders: `|…|` on the right of the list.
        let Some(start) = l.find('|') else { continue };
        let inner = l[start + 1..].trim_start_matches(' ');
        if let Some(c) = inner.chars().next() {
            rows += 1;
            assert!(
                !"，。、；：？！）》」』】".contains(c),
                "a row starts with {c}:\n{screen}"
            );
        }
    }
    assert!(rows > 5, "{screen}");
}

#[test]
fn undo_and_redo_say_what_they_changed_back() {
    let mut app = app_with(session(), Lang::Zh);
    press(&mut app, "j2u");
    assert_eq!(app.notice.as_deref(), Some("已撤销：评分"));
    ctrl(&mut app, 'r');
    assert_eq!(app.notice.as_deref(), Some("已重做：评分"));
    let mut app = app_with(session(), Lang::En);
    press(&mut app, "mnote\x1bu");
    assert_eq!(app.notice.as_deref(), Some("Undid: manifestation"));
}

#[test]
fn a_click_does_not_scroll_the_list_and_a_click_on_a_level_rates() {
    let mut app = app_with(session(), Lang::En);
    press(&mut app, "jjjjjjjjjj");
    let before = render(&mut app, 80, 24);
    let (_, y) = find(&before, "14 ").unwrap();
    click(&mut app, 5, y);
    assert_eq!(app.sel, 13);
    let after = render(&mut app, 80, 24);
    let list = |s: &str| {
        s.lines()
            .map(|l| l.get(..30).unwrap_or(l).to_string())
            .collect::<Vec<_>>()
    };
    // Same rows in the same places: only the highlight moved.
    assert_eq!(
        list(&before)[2..20],
        list(&after)[2..20],
        "\n{before}\n{after}"
    );
    let (x, y) = find(&after, "2 Moderate").unwrap();
    click(&mut app, x + 1, y);
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[13].rating,
        Rating::Value(2)
    );
    let screen = render(&mut app, 80, 24);
    let (x, y) = find(&screen, "- not applicable").unwrap();
    click(&mut app, x, y);
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[13].rating,
        Rating::NotApplicable
    );
    // With a status message of three rows the item pane is shorter: the click still hits what is
    // drawn (the click clears the message, but is measured against the frame the user saw).
    app.notice = Some("a long message ".repeat(12));
    let screen = render(&mut app, 80, 24);
    let (x, y) = find(&screen, "4 Serious").unwrap();
    click(&mut app, x + 1, y);
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[13].rating,
        Rating::Value(4),
        "{screen}"
    );
}

// ------------------------------------------------------------------ 10. without colour

#[test]
fn no_color_draws_no_colour_and_keeps_the_markers() {
    let mut app = app_with(session(), Lang::Zh);
    app.no_color = true;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let frame = terminal.draw(|f| view::view(&app, f)).unwrap();
    for cell in frame.buffer.content() {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    app.no_color = false;
    let frame = terminal.draw(|f| view::view(&app, f)).unwrap();
    assert!(
        frame.buffer.content().iter().any(|c| c.fg != Color::Reset),
        "with colours, unrated items are yellow (the test can fail)"
    );
}

#[test]
fn no_color_in_the_environment_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = || zicha::context::Ctx {
        lang: Lang::En,
        store: Store::at(dir.path()),
        now: now(),
        extra_checklists: Vec::new(),
        bench_first_frame: false,
        config: Default::default(),
        config_error: None,
    };
    // SAFETY: this is the only test in this binary that touches the environment.
    unsafe { std::env::set_var("NO_COLOR", "1") };
    let app = zicha::tui::app_for(&ctx(), &zicha::tui::Start::Home).unwrap();
    assert!(app.no_color);
    unsafe { std::env::set_var("NO_COLOR", "") };
    let app = zicha::tui::app_for(&ctx(), &zicha::tui::Start::Home).unwrap();
    assert!(!app.no_color, "set but empty does not count");
    unsafe { std::env::remove_var("NO_COLOR") };
}
