//! The TUI's "new checklist from text" screen: `p` on Home, a bracketed paste read once, the live
//! preview, the id, `Ctrl-S`; the new checklist is listed at once and a session can be filled from it.

mod screen;
use screen::{checklists, press, render, send};

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use zicha::i18n::Lang;
use zicha::session::Store;
use zicha::tui::app::{App, HomeRow, Popup, Screen};
use zicha::tui::keymap;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap()
}

fn app_in(data: &Path, lang: Lang) -> App {
    let mut app = App::new(lang, now(), Store::at(data), checklists());
    app.load_home().unwrap();
    app
}

/// A paste as the terminal delivers it, through the real keymap.
fn paste(app: &mut App, text: &str) {
    let events = keymap::expand(app.scope(), Event::Paste(text.to_string()));
    assert_eq!(events.len(), 1, "a paste reaches this screen whole");
    for ev in events {
        send(app, ev);
    }
}

fn ctrl(app: &mut App, c: char) {
    send(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

/// A circular as Word puts it on the clipboard, with a terminal's CR line ends.
fn word_circular() -> String {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/from_text/word-copy.txt"),
    )
    .unwrap();
    String::from_utf8(bytes).unwrap().replace("\r\n", "\r")
}

const GAP: &str =
    "作风自查项目\n一、会风\n1. 会议多\n3. 会议长\n二、文风\n1、文件多，\n篇幅长\n三、接待\n";

#[test]
fn snapshot_from_text_screen_with_a_pasted_circular() {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (120, 40)] {
            let t = tempfile::tempdir().unwrap();
            let mut app = app_in(t.path(), lang);
            press(&mut app, "p");
            paste(&mut app, GAP);
            let screen = render(&mut app, w, h);
            insta::assert_snapshot!(format!("from_text_{lang}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn snapshot_from_text_screen_empty() {
    let t = tempfile::tempdir().unwrap();
    let mut app = app_in(t.path(), Lang::Zh);
    press(&mut app, "p");
    insta::assert_snapshot!("from_text_empty_zh_80x24", render(&mut app, 80, 24));
}

#[test]
fn paste_a_word_circular_save_it_and_fill_a_session_from_it_at_once() {
    let t = tempfile::tempdir().unwrap();
    let mut app = app_in(t.path(), Lang::Zh);
    press(&mut app, "p");
    assert_eq!(app.screen, Screen::FromText);
    paste(&mut app, &word_circular());
    let form = app.from_text.as_ref().unwrap();
    assert_eq!(form.outline.groups.len(), 2);
    assert_eq!(form.outline.item_count(), 5);
    assert_eq!(
        form.outline.groups[0].items[1].text,
        "文件多、篇幅长，照抄照转上级文件。"
    );
    press(&mut app, "\tunit-7");
    ctrl(&mut app, 's');
    assert_eq!(app.screen, Screen::Home);
    assert!(app.from_text.is_none());
    assert!(app.notice.as_deref().unwrap().contains("unit-7"));
    let file = t.path().join("checklists/unit-7.ron");
    let written = zicha::checklist::registry::read_checklist_file(&file).unwrap();
    assert_eq!(written.title.zh, "关于开展作风问题自查自纠的通知");
    assert!(written.source.en.contains("text pasted into zicha"));
    // Listed at once and selected: Enter starts a session from it, and it can be rated.
    let index = app
        .checklists
        .iter()
        .position(|c| c.id == "unit-7")
        .unwrap();
    assert_eq!(app.home.rows[app.home.sel], HomeRow::Checklist(index));
    press(&mut app, "\n");
    assert!(matches!(app.popup, Some(Popup::NewSession(_))));
    press(&mut app, "\n");
    assert_eq!(app.screen, Screen::Fill);
    let doc = app.doc.as_ref().unwrap();
    assert_eq!(doc.session.checklist.id, "unit-7");
    assert_eq!(doc.items(), 5);
    press(&mut app, "2");
    let id = app.doc.as_ref().unwrap().session.id.clone();
    let stored = Store::at(t.path()).load(&id).unwrap().session;
    assert_eq!(stored.answers[0].rating, zicha::session::Rating::Value(2));
}

#[test]
fn saving_needs_an_id_refuses_a_taken_one_and_never_overwrites() {
    let t = tempfile::tempdir().unwrap();
    let mut app = app_in(t.path(), Lang::En);
    press(&mut app, "p");
    ctrl(&mut app, 's');
    assert_eq!(
        app.from_text.as_ref().unwrap().error.as_deref(),
        Some("no items read yet; nothing to save")
    );
    paste(&mut app, GAP);
    ctrl(&mut app, 's');
    let form = app.from_text.as_ref().unwrap();
    assert_eq!(
        form.error.as_deref(),
        Some("give the checklist an id first")
    );
    // The id field has the keyboard now; Enter there saves.
    press(&mut app, "four-winds-25\n");
    let error = app.from_text.as_ref().unwrap().error.clone().unwrap();
    assert!(
        error.contains("already used by bundled checklist"),
        "{error}"
    );
    assert!(!t.path().join("checklists/four-winds-25.ron").exists());
    std::fs::create_dir_all(t.path().join("checklists")).unwrap();
    std::fs::write(t.path().join("checklists/mine.ron"), "// mine\n").unwrap();
    for _ in 0.."four-winds-25".len() {
        press(&mut app, "\x08");
    }
    press(&mut app, "mine\n");
    let error = app.from_text.as_ref().unwrap().error.clone().unwrap();
    assert!(error.contains("already exists"), "{error}");
    assert_eq!(
        std::fs::read_to_string(t.path().join("checklists/mine.ron")).unwrap(),
        "// mine\n"
    );
    assert_eq!(app.screen, Screen::FromText);
}

#[test]
fn esc_goes_home_and_p_comes_back_to_the_same_text() {
    let t = tempfile::tempdir().unwrap();
    let mut app = app_in(t.path(), Lang::Zh);
    press(&mut app, "p");
    paste(&mut app, GAP);
    press(&mut app, "\x1b");
    assert_eq!(app.screen, Screen::Home);
    assert!(!app.quit);
    press(&mut app, "p");
    assert_eq!(app.from_text.as_ref().unwrap().outline.item_count(), 4);
    // Letters are text here: q types a q, it does not quit.
    press(&mut app, "q");
    assert!(!app.quit);
    assert!(app.from_text.as_ref().unwrap().text_string().ends_with('q'));
}

#[test]
fn typing_updates_the_preview_as_it_goes() {
    let t = tempfile::tempdir().unwrap();
    let mut app = app_in(t.path(), Lang::En);
    press(&mut app, "p");
    press(&mut app, "1. a\n2. b\n4. d");
    let form = app.from_text.as_ref().unwrap();
    assert_eq!(form.outline.item_count(), 3);
    let preview: Vec<String> = form.preview(Lang::En).into_iter().map(|(l, _)| l).collect();
    assert!(
        preview
            .iter()
            .any(|l| l.starts_with("line 3: 4 where 3 was due")),
        "{preview:?}"
    );
}

#[test]
fn snapshot_from_text_screen_with_the_id_refused() {
    let t = tempfile::tempdir().unwrap();
    let mut app = app_in(t.path(), Lang::En);
    press(&mut app, "p");
    paste(&mut app, GAP);
    press(&mut app, "\tfour-winds-25\n");
    insta::assert_snapshot!("from_text_id_taken_en_80x24", render(&mut app, 80, 24));
}
