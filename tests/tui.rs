//! The TUI without a terminal: key sequences through the real key table and `update`, and every
//! screen drawn into a `TestBackend` and compared with a reviewed snapshot (80x24 and 120x40, zh and en).

mod screen;
use screen::{checklists, four_winds, press, render, send};

use chrono::{DateTime, FixedOffset, NaiveDate};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use zicha::i18n::Lang;
use zicha::session::model::FORMAT;
use zicha::session::{
    Action as Measure, ActionStatus, Field, NewSession, Rating, Session, Store, Summary,
};
use zicha::tui::app::{App, Popup, SaveState, Screen, TextKind};
use zicha::tui::message::Message;
use zicha::tui::{keymap, update};

const LONG_ZH: &str = "会议多、文件多,有的会议开得过长、过滥,一些文件照抄照转、穿靴戴帽。本人主持召开的部门会议中,有相当一部分属于可开可不开的例会,会上念稿子、讲套话,解决实际问题少。今后要压缩会议数量,提高会议质量。";
const LONG_EN: &str = "Too many meetings and too many documents: some meetings run long and repeat one another, and some documents are copied and forwarded with only a new cover page. Of the department meetings I chaired, a good share were routine ones that need not have been held at all.";

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A session part filled in: ratings, a long Chinese and a long English manifestation, actions.
fn filled_session() -> Session {
    let mut s = Session::new("20261123-four-winds-25".into(), four_winds(), now());
    s.label = Some("2014年第一季度".into());
    s.answers[0].rating = Rating::Value(2);
    s.answers[1].rating = Rating::Value(0);
    s.answers[2].rating = Rating::Value(3);
    s.answers[2].manifestation = LONG_ZH.into();
    s.answers[2].sources = vec!["masses".into(), "self".into()];
    s.answers[2].actions = vec![
        Measure {
            text: "压缩会议数量,例会改为双周一次".into(),
            due: Some(d("2026-11-01")),
            ..Default::default()
        },
        Measure {
            text: "建立发文审核制度".into(),
            due: Some(d("2026-12-31")),
            status: ActionStatus::Done,
            done_on: Some(d("2026-11-20")),
            ..Default::default()
        },
        Measure {
            text: "Merge weekly reports".into(),
            status: ActionStatus::Dropped,
            note: "covered by the first measure".into(),
            ..Default::default()
        },
    ];
    s.answers[3].rating = Rating::NotApplicable;
    s.answers[4].manifestation = LONG_EN.into();
    s.causes[0].text = "理想信念不够坚定,放松了理论学习。".into();
    s
}

/// An app over a store in a temp dir that lives as long as the app (the app always has a real
/// store; its saves land there).
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

fn scratch_app(lang: Lang) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(lang, now(), Store::at(dir.path()), checklists());
    TestApp { app, _dir: dir }
}

fn app_with(session: Session, lang: Lang) -> TestApp {
    let mut app = scratch_app(lang);
    app.show_session(session, FORMAT, None, SaveState::Clean);
    app
}

fn ctrl(app: &mut App, c: char) {
    send(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn snap_all(name: &str, mut make: impl FnMut(Lang) -> TestApp) {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut app = make(lang);
            let screen = render(&mut app, w, h);
            insta::assert_snapshot!(format!("{name}_{lang}_{w}x{h}"), screen);
        }
    }
}

// ------------------------------------------------------------------ snapshots

#[test]
fn snapshot_fill_with_a_long_chinese_manifestation() {
    snap_all("fill_zh_note", |lang| {
        let mut app = app_with(filled_session(), lang);
        press(&mut app, "jj");
        app
    });
}

#[test]
fn snapshot_fill_with_a_long_english_manifestation() {
    snap_all("fill_en_note", |lang| {
        let mut app = app_with(filled_session(), lang);
        press(&mut app, "jjjj");
        app
    });
}

#[test]
fn snapshot_fill_with_an_action_focused() {
    snap_all("fill_actions", |lang| {
        let mut app = app_with(filled_session(), lang);
        press(&mut app, "jj\nj");
        app
    });
}

#[test]
fn snapshot_manifestation_editor_puts_the_cursor_at_the_caret() {
    snap_all("editor", |lang| {
        let mut app = app_with(filled_session(), lang);
        press(&mut app, "jjm");
        app
    });
}

#[test]
fn snapshot_bad_due_date_keeps_the_text_and_shows_why() {
    snap_all("due_error", |lang| {
        let mut app = app_with(filled_session(), lang);
        press(&mut app, "a开会前先发材料\n下周二\n");
        app
    });
}

#[test]
fn snapshot_sources_picker() {
    snap_all("sources", |lang| {
        let mut app = app_with(filled_session(), lang);
        press(&mut app, "jjsj");
        app
    });
}

#[test]
fn snapshot_causes() {
    snap_all("causes", |lang| {
        let mut app = app_with(filled_session(), lang);
        press(&mut app, "Cj");
        app
    });
}

#[test]
fn snapshot_help() {
    snap_all("help", |lang| {
        let mut app = app_with(filled_session(), lang);
        press(&mut app, "?");
        app
    });
}

fn home_app(lang: Lang) -> TestApp {
    let mut app = scratch_app(lang);
    let s = filled_session();
    let mut older = s.clone();
    older.id = "20260301-four-winds-25".into();
    older.label = Some("2026年第一季度".into());
    older.created = DateTime::parse_from_rfc3339("2026-03-01T09:00:00+08:00").unwrap();
    older.updated = older.created;
    let entry = Summary::of;
    app.set_home(
        vec![entry(&older), entry(&s)],
        vec![(
            "20250101-broken".into(),
            "/data/sessions/20250101-broken.ron:3:7: the session file is damaged: expected ')'"
                .into(),
        )],
    );
    app
}

#[test]
fn snapshot_home() {
    snap_all("home", home_app);
}

#[test]
fn snapshot_new_session_form() {
    snap_all("new_form", |lang| {
        let mut app = home_app(lang);
        press(&mut app, "n2026年第四季度\t张三");
        app
    });
}

#[test]
fn snapshot_too_small() {
    let mut app = app_with(filled_session(), Lang::Zh);
    insta::assert_snapshot!("too_small_zh", render(&mut app, 79, 24));
    let mut app = app_with(filled_session(), Lang::En);
    insta::assert_snapshot!("too_small_en", render(&mut app, 40, 10));
}

// ------------------------------------------------------------------ behaviour

#[test]
fn digits_rate_the_selected_item_and_unknown_levels_are_refused() {
    let mut app = app_with(filled_session(), Lang::En);
    press(&mut app, "G3");
    let last = app.doc.as_ref().unwrap().session.answers.len() - 1;
    assert_eq!(app.sel, last);
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[last].rating,
        Rating::Value(3)
    );
    press(&mut app, "9");
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[last].rating,
        Rating::Value(3)
    );
    assert!(app.notice.as_deref().unwrap().contains('9'));
    press(&mut app, "-");
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[last].rating,
        Rating::NotApplicable
    );
    press(&mut app, "\x08");
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[last].rating,
        Rating::Unrated
    );
}

#[test]
fn undo_and_redo_walk_back_and_forth_and_move_to_the_item() {
    let mut app = app_with(filled_session(), Lang::Zh);
    press(&mut app, "g4j1");
    let rating = |app: &App, i: usize| app.doc.as_ref().unwrap().session.answers[i].rating;
    assert_eq!(rating(&app, 0), Rating::Value(4));
    assert_eq!(rating(&app, 1), Rating::Value(1));
    press(&mut app, "Gu");
    assert_eq!(rating(&app, 1), Rating::Value(0));
    assert_eq!(app.sel, 1, "undo shows the item it changed");
    press(&mut app, "u");
    assert_eq!(rating(&app, 0), Rating::Value(2));
    ctrl(&mut app, 'r');
    assert_eq!(rating(&app, 0), Rating::Value(4));
    assert_eq!(app.sel, 0);
}

#[test]
fn typing_a_note_is_one_undo_step() {
    let mut app = app_with(filled_session(), Lang::Zh);
    press(&mut app, "jm");
    press(&mut app, "开会太多\n第二行\x1b");
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[1].manifestation,
        "开会太多\n第二行"
    );
    press(&mut app, "u");
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[1].manifestation,
        ""
    );
}

#[test]
fn the_preface_is_written_first_on_the_causes_screen_and_undone_there() {
    let mut app = app_with(filled_session(), Lang::Zh);
    // The causes screen opens on the preface; Enter edits it, Esc leaves, j reaches the prompts.
    press(&mut app, "C\n");
    assert!(matches!(
        &app.popup,
        Some(Popup::Text(t)) if t.kind == TextKind::Preface
    ));
    press(&mut app, "根据支部安排\n逐项查摆\x1b");
    let session = &app.doc.as_ref().unwrap().session;
    assert_eq!(session.preface, "根据支部安排\n逐项查摆");
    assert_eq!(session.causes[0].text, "理想信念不够坚定,放松了理论学习。");
    press(&mut app, "jqu");
    assert_eq!(app.screen, Screen::Causes, "undo goes back to the preface");
    assert_eq!(app.cause_sel, 0);
    assert_eq!(app.doc.as_ref().unwrap().session.preface, "");
}

#[test]
fn tab_goes_to_the_next_unrated_item_and_wraps() {
    let mut app = app_with(filled_session(), Lang::En);
    press(&mut app, "\t");
    assert_eq!(app.sel, 4, "items 0-3 are rated");
    press(&mut app, "G\t");
    assert_eq!(app.sel, 4, "wraps round from the last item");
}

#[test]
fn groups_jump_with_brackets() {
    let mut app = app_with(filled_session(), Lang::En);
    press(&mut app, "]");
    assert_eq!(app.sel, 6);
    press(&mut app, "]]");
    assert_eq!(app.sel, 18);
    press(&mut app, "j[");
    assert_eq!(app.sel, 18, "to the start of its own group first");
    press(&mut app, "[");
    assert_eq!(app.sel, 12);
}

#[test]
fn search_finds_items_in_either_language_and_n_cycles() {
    let mut app = app_with(filled_session(), Lang::En);
    press(&mut app, "/文山\n");
    assert_eq!(app.sel, 2);
    press(&mut app, "g/out of touch\n");
    assert_eq!(app.sel, 6);
    press(&mut app, "n");
    assert_eq!(app.sel, 7);
    press(&mut app, "n");
    assert_eq!(app.sel, 6, "wraps round");
    press(&mut app, "N");
    assert_eq!(app.sel, 7);
    press(&mut app, "g/没有这一条\x1b");
    assert_eq!(app.sel, 0, "Esc goes back to where the search started");
}

#[test]
fn an_action_gets_text_then_a_due_date_and_a_bad_date_keeps_the_text() {
    let mut app = app_with(filled_session(), Lang::Zh);
    press(&mut app, "a减少陪同\n下周");
    press(&mut app, "\n");
    match &app.popup {
        Some(Popup::Text(t)) => {
            assert!(matches!(t.kind, TextKind::Due { .. }));
            assert_eq!(t.text(), "下周", "the typed text stays");
            assert!(t.error.is_some(), "an inline error");
        }
        _ => panic!("the due-date field must stay open"),
    }
    for _ in 0.."下周".chars().count() {
        press(&mut app, "\x08");
    }
    press(&mut app, "+2w\n");
    let a = &app.doc.as_ref().unwrap().session.answers[0].actions[0];
    assert_eq!(a.text, "减少陪同");
    assert_eq!(a.due, Some(d("2026-12-07")));
    assert!(app.popup.is_none());
}

#[test]
fn actions_are_marked_done_reopened_dropped_and_esc_restores_an_edit() {
    let mut app = app_with(filled_session(), Lang::En);
    press(&mut app, "jj\n");
    let actions = |app: &App| app.doc.as_ref().unwrap().session.answers[2].actions.clone();
    // Marking done asks for the day; Enter takes today.
    press(&mut app, "x\n");
    assert_eq!(actions(&app)[0].status, ActionStatus::Done);
    assert_eq!(actions(&app)[0].done_on, Some(d("2026-11-23")));
    press(&mut app, "x");
    assert_eq!(actions(&app)[0].status, ActionStatus::Open);
    press(&mut app, "Dno longer needed\n");
    assert_eq!(actions(&app)[0].status, ActionStatus::Dropped);
    assert_eq!(actions(&app)[0].note, "no longer needed");
    let before = actions(&app)[0].text.clone();
    press(&mut app, "\n and more\x1b");
    assert_eq!(actions(&app)[0].text, before, "Esc puts the text back");
    press(&mut app, "a\x1b");
    assert_eq!(actions(&app).len(), 3, "an empty new action is not kept");
}

#[test]
fn a_tui_left_open_past_midnight_dates_changes_by_the_new_day() {
    let mut app = app_with(filled_session(), Lang::En);
    press(&mut app, "jj\n");
    // The event loop reads the clock once per event and hands it to the app.
    app.now = DateTime::parse_from_rfc3339("2026-11-24T00:05:00+08:00").unwrap();
    // Marking done asks for the day, offering the new day.
    press(&mut app, "x\n");
    let session = &app.doc.as_ref().unwrap().session;
    assert_eq!(session.answers[2].actions[0].done_on, Some(d("2026-11-24")));
    assert_eq!(
        session.updated, app.now,
        "the change is dated by the event, not the start"
    );
}

#[test]
fn sources_toggle_in_checklist_order() {
    let mut app = app_with(filled_session(), Lang::En);
    press(&mut app, "s jjj \n");
    let sources = app.doc.as_ref().unwrap().session.answers[0].sources.clone();
    assert_eq!(sources, vec!["masses".to_string(), "peers".to_string()]);
}

#[test]
fn language_switch_and_help_come_back_to_the_same_place() {
    let mut app = app_with(filled_session(), Lang::Zh);
    press(&mut app, "jjL?");
    assert_eq!(app.lang, Lang::En);
    assert!(matches!(app.screen, Screen::Help { .. }));
    press(&mut app, "q");
    assert_eq!(app.screen, Screen::Fill);
    assert_eq!(app.sel, 2);
}

#[test]
fn key_releases_are_ignored() {
    let mut app = app_with(filled_session(), Lang::En);
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    send(&mut app, Event::Key(release));
    assert_eq!(app.sel, 0);
}

#[test]
fn every_help_line_comes_from_the_key_table() {
    let mut app = app_with(filled_session(), Lang::En);
    press(&mut app, "?");
    let mut seen = String::new();
    for _ in 0..30 {
        seen.push_str(&render(&mut app, 120, 40));
        update::update(&mut app, Message::PageDown);
    }
    for b in keymap::BINDINGS {
        assert!(
            seen.contains(b.help.get(Lang::En)),
            "help lacks {:?}",
            b.help.id
        );
    }
}

#[test]
fn any_size_and_any_popup_draws_without_panicking() {
    let setups: &[&str] = &["", "jjm", "a", "s", "C", "?", "jj\n", "/x"];
    for keys in setups {
        let mut app = app_with(filled_session(), Lang::Zh);
        press(&mut app, keys);
        for w in (0..130).step_by(7) {
            for h in (0..45).step_by(5) {
                render(&mut app, w, h);
            }
        }
    }
    let mut app = home_app(Lang::Zh);
    press(&mut app, "n");
    for w in 0..100 {
        render(&mut app, w, 24);
    }
}

#[test]
fn a_read_only_session_refuses_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let _holder = store.lock(&s.id).unwrap();
    let mut app = App::new(Lang::En, now(), store.clone(), checklists());
    app.open_session(&s.id).unwrap();
    assert!(app.doc.as_ref().unwrap().read_only());
    let before = std::fs::read(store.session_path(&s.id)).unwrap();
    press(&mut app, "2jma");
    assert!(app.popup.is_none());
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[0].rating,
        Rating::Unrated
    );
    assert_eq!(std::fs::read(store.session_path(&s.id)).unwrap(), before);
    assert!(render(&mut app, 80, 24).contains("read-only"));
}

#[test]
fn every_change_is_saved_and_reopening_resumes_at_the_item_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    {
        let mut app = App::new(Lang::Zh, now(), store.clone(), checklists());
        app.open_session(&s.id).unwrap();
        press(&mut app, "2j3j1jm会议太多");
        // No explicit save, no clean exit: what is on disk is what a crash would leave.
        let on_disk = store.load(&s.id).unwrap().session;
        assert_eq!(on_disk.answers[0].rating, Rating::Value(2));
        assert_eq!(on_disk.answers[2].rating, Rating::Value(1));
        assert_eq!(on_disk.answers[3].manifestation, "会议太多");
        let p = on_disk.position.unwrap();
        assert_eq!((p.item.as_str(), p.field), ("f4", Field::Manifestation));
        assert_eq!(app.doc.as_ref().unwrap().save, SaveState::Saved);
    }
    let mut app = App::new(Lang::Zh, now(), store.clone(), checklists());
    app.open_session(&s.id).unwrap();
    assert_eq!(app.sel, 3);
    // Back at the item, never inside the editor: the first keys navigate instead of typing.
    assert!(
        app.popup.is_none(),
        "reopening must not put the user in the editor"
    );
    press(&mut app, "gja");
    assert_eq!(app.sel, 1);
    assert_eq!(
        store.load(&s.id).unwrap().session.answers[3].manifestation,
        "会议太多"
    );
}

#[test]
fn keys_typed_while_the_terminal_is_too_small_do_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let mut app = App::new(Lang::En, now(), store.clone(), checklists());
    app.open_session(&s.id).unwrap();
    update::update(
        &mut app,
        Message::Resize {
            width: 60,
            height: 20,
        },
    );
    press(&mut app, "2jmQQ");
    assert!(app.popup.is_none());
    assert_eq!(app.sel, 0);
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[0].rating,
        Rating::Unrated
    );
    update::update(
        &mut app,
        Message::Resize {
            width: 80,
            height: 24,
        },
    );
    press(&mut app, "2");
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[0].rating,
        Rating::Value(2)
    );
    update::update(
        &mut app,
        Message::Resize {
            width: 60,
            height: 20,
        },
    );
    update::update(&mut app, Message::Quit);
    assert!(app.quit, "quitting still works");
}

/// Issue 16: in the event loop (`defer_saves`), moving between items is not a durable write per key:
/// the position waits up to a second; a rating is written at once and carries the position along.
#[test]
fn moving_is_written_once_a_second_and_a_rating_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let mut app = App::new(Lang::Zh, now(), store.clone(), checklists());
    app.open_session(&s.id).unwrap();
    app.defer_saves = true;
    let path = store.session_path(&s.id);
    let before = std::fs::read(&path).unwrap();
    press(&mut app, "jjj");
    let due = app.flush_due().expect("the position waits");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "moving wrote at once"
    );
    assert!(due <= std::time::Instant::now() + zicha::tui::app::POSITION_EVERY);
    std::thread::sleep(due.saturating_duration_since(std::time::Instant::now()));
    assert_eq!(app.flush_due(), None);
    let p = store.load(&s.id).unwrap().session.position.unwrap();
    assert_eq!(
        p.item, "f4",
        "the position is written once its second is up"
    );

    press(&mut app, "j2");
    assert_eq!(app.flush_due(), None, "a rating is written at once");
    let on_disk = store.load(&s.id).unwrap().session;
    assert_eq!(on_disk.answers[4].rating, Rating::Value(2));
    assert_eq!(on_disk.position.unwrap().item, "f5");
}

#[test]
fn a_failed_save_keeps_the_change_and_the_next_change_retries() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let mut app = App::new(Lang::En, now(), store.clone(), checklists());
    app.open_session(&s.id).unwrap();
    // A non-empty directory where the session file goes: the rename of the atomic write fails,
    // even for root, and the failure is easy to take away again.
    let path = store.session_path(&s.id);
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("in-the-way"), b"x").unwrap();
    press(&mut app, "2");
    assert!(matches!(
        app.doc.as_ref().unwrap().save,
        SaveState::Failed(_)
    ));
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[0].rating,
        Rating::Value(2)
    );
    assert!(render(&mut app, 80, 24).contains("not saved"));
    std::fs::remove_dir_all(&path).unwrap();
    press(&mut app, "j3");
    assert_eq!(app.doc.as_ref().unwrap().save, SaveState::Saved);
    let on_disk = store.load(&s.id).unwrap().session;
    assert_eq!(on_disk.answers[0].rating, Rating::Value(2));
    assert_eq!(on_disk.answers[1].rating, Rating::Value(3));
}

#[test]
fn the_new_session_form_creates_and_opens_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut app = App::new(Lang::Zh, now(), store.clone(), checklists());
    app.load_home().unwrap();
    press(&mut app, "\n2026年第四季度\t张三\t某局\n");
    assert_eq!(app.screen, Screen::Fill);
    let id = app.doc.as_ref().unwrap().session.id.clone();
    let s = store.load(&id).unwrap().session;
    assert_eq!(s.label.as_deref(), Some("2026年第四季度"));
    assert_eq!(s.name.as_deref(), Some("张三"));
    assert_eq!(s.unit.as_deref(), Some("某局"));
    press(&mut app, "q");
    assert_eq!(app.screen, Screen::Home);
    assert_eq!(app.home.sessions.len(), 1);
}

#[test]
fn a_click_selects_the_item_under_the_mouse_and_the_wheel_scrolls() {
    let mut app = app_with(filled_session(), Lang::Zh);
    render(&mut app, 80, 24);
    // Row 0 is the title, row 1 the first group heading, row 2 the first item: row 5 is item 4.
    update::update(&mut app, Message::Click { col: 5, row: 5 });
    assert_eq!(app.sel, 3);
    // A click on the group heading selects nothing new.
    update::update(&mut app, Message::Click { col: 5, row: 1 });
    assert_eq!(app.sel, 3);
    update::update(&mut app, Message::ScrollDown);
    assert_eq!(app.sel, 6);
    update::update(&mut app, Message::ScrollUp);
    assert_eq!(app.sel, 3);
    // A click in the item pane is not a click on the list.
    update::update(&mut app, Message::Click { col: 60, row: 10 });
    assert_eq!(app.sel, 3);
}

#[test]
fn the_read_only_message_follows_a_language_switch() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let s = store
        .create(four_winds(), NewSession::default(), now())
        .unwrap();
    let _holder = store.lock(&s.id).unwrap();
    let mut app = App::new(Lang::Zh, now(), store, checklists());
    app.open_session(&s.id).unwrap();
    assert!(render(&mut app, 100, 30).contains("只读"));
    press(&mut app, "L");
    assert!(render(&mut app, 100, 30).contains("read-only"));
}

#[test]
fn q_on_home_quits_and_ctrl_c_quits_anywhere_even_in_a_text_field() {
    let mut app = home_app(Lang::En);
    press(&mut app, "q");
    assert!(app.quit);
    let mut app = app_with(filled_session(), Lang::En);
    press(&mut app, "mq");
    assert!(!app.quit, "q is text in the editor");
    ctrl(&mut app, 'c');
    assert!(app.quit);
}

#[test]
fn the_chosen_level_shows_its_description_when_the_checklist_has_one() {
    let mut s = filled_session();
    s.checklist.scale[2].description = Some(zicha::checklist::Text::new(
        "偶有发生,尚未形成习惯",
        "happens now and then, not yet a habit",
    ));
    let mut app = app_with(s, Lang::En);
    assert!(
        render(&mut app, 100, 30).contains("happens now and then"),
        "item 1 is rated 2"
    );
    press(&mut app, "j");
    assert!(!render(&mut app, 100, 30).contains("happens now and then"));
}

#[test]
fn esc_typed_quickly_before_a_key_counts_as_both_keys() {
    let mut app = app_with(filled_session(), Lang::En);
    press(&mut app, "jj\n");
    let alt_s = Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::ALT));
    for ev in keymap::expand(app.scope(), alt_s) {
        send(&mut app, ev);
    }
    assert!(
        matches!(app.popup, Some(Popup::Sources { .. })),
        "Esc left the actions, s opened the sources"
    );
}

#[test]
fn the_focused_action_stays_in_view_when_an_item_has_many() {
    let mut s = filled_session();
    s.answers[0].actions = (1..=12)
        .map(|i| Measure {
            text: format!("措施第{i}条"),
            ..Default::default()
        })
        .collect();
    let mut app = app_with(s, Lang::Zh);
    press(&mut app, "\n");
    for i in 1..=12 {
        let screen = render(&mut app, 80, 24);
        assert!(
            screen.contains(&format!(">[ ] {i}. 措施第{i}条")),
            "action {i} not shown:\n{screen}"
        );
        press(&mut app, "j");
    }
}

#[test]
fn a_paste_is_typed_into_the_field_and_ignored_elsewhere() {
    let mut app = app_with(filled_session(), Lang::Zh);
    for ev in keymap::expand(app.scope(), Event::Paste("jjj".into())) {
        send(&mut app, ev);
    }
    assert_eq!(app.sel, 0, "a paste is not a list of commands");
    press(&mut app, "m");
    for ev in keymap::expand(app.scope(), Event::Paste("第一行\r\n第二行".into())) {
        send(&mut app, ev);
    }
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[0].manifestation,
        "第一行\n第二行"
    );
    press(&mut app, "\x1ba");
    for ev in keymap::expand(app.scope(), Event::Paste("一\n二".into())) {
        send(&mut app, ev);
    }
    match &app.popup {
        Some(Popup::Text(t)) => assert_eq!(t.text(), "一 二", "Enter in a paste does not submit"),
        _ => panic!("the action field stays open"),
    }
}
