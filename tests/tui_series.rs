//! The TUI of a series (issue 12): last time's rating as a reference, whose session it is on Home,
//! "new from this one", marking done with a date, the ledger fields, deleting and reordering.
//! Keys go through the real key table; screens are drawn into a `TestBackend` (80x24 and 120x40,
//! zh and en) and compared with reviewed snapshots.

mod screen;
use screen::{checklists, four_winds, key, press, render, send};

use chrono::{DateTime, FixedOffset, NaiveDate};
use crossterm::event::KeyCode;

use zicha::i18n::Lang;
use zicha::session::model::FORMAT;
use zicha::session::{Action, ActionStatus, NewSession, Rating, Session, Store, Summary};
use zicha::tui::app::{App, SaveState};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Last quarter: 文山会海 rated 3 with a note and an open measure.
fn q3() -> Session {
    let at = DateTime::parse_from_rfc3339("2026-08-20T10:00:00+08:00").unwrap();
    let mut s = Session::new("20260820-four-winds-25".into(), four_winds(), at);
    s.label = Some("2026年第三季度".into());
    s.name = Some("张三".into());
    let f3 = s.answer_mut("f3").unwrap();
    f3.rating = Rating::Value(3);
    f3.manifestation = "每周例会三次,其中两次可以合并。".into();
    f3.actions.push(Action {
        text: "合并例会".into(),
        due: Some(d("2026-12-31")),
        owner: Some("张三".into()),
        target: Some("每月不超过两次".into()),
        ..Action::default()
    });
    f3.actions.push(Action {
        text: "压缩会议时长".into(),
        due: Some(d("2026-12-15")),
        ..Action::default()
    });
    s.assign_action_ids();
    s
}

/// This quarter, carried forward from `q3`.
fn q4() -> Session {
    let mut s = Session::new("20261123-four-winds-25".into(), four_winds(), now());
    s.label = Some("2026年第四季度".into());
    s.carry_from(&q3());
    s
}

/// The app on `q4`, with a scratch store that lives as long as the returned guard.
fn fill_app(lang: Lang) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(lang, now(), Store::at(dir.path()), checklists());
    app.show_session(q4(), FORMAT, None, SaveState::Clean);
    if let Some(doc) = app.doc.as_mut() {
        doc.previous = Some(Box::new(q3()));
    }
    (app, dir)
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn snap_all(name: &str, mut make: impl FnMut(Lang) -> App) {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut app = make(lang);
            let screen = render(&mut app, w, h);
            insta::assert_snapshot!(format!("{name}_{lang}_{w}x{h}"), screen);
        }
    }
}

fn actions_of(app: &App, item: &str) -> Vec<Action> {
    app.doc
        .as_ref()
        .unwrap()
        .session
        .answer(item)
        .unwrap()
        .actions
        .clone()
}

#[test]
fn snapshot_fill_shows_last_times_rating_and_note_as_a_reference() {
    snap_all("series_fill_previous", |lang| {
        let (mut app, _dir) = fill_app(lang);
        press(&mut app, "jj");
        app
    });
    let (mut app, _dir) = fill_app(Lang::Zh);
    press(&mut app, "jj");
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("上次：3 较突出  每周例会三次"), "{screen}");
    // Not copied: this session's own rating stays empty.
    assert_eq!(
        app.doc.as_ref().unwrap().session.answers[2].rating,
        Rating::Unrated
    );
}

#[test]
fn snapshot_the_ledger_form_and_the_done_date_prompt() {
    snap_all("series_ledger_owner", |lang| {
        let (mut app, _dir) = fill_app(lang);
        press(&mut app, "jj\ni");
        app
    });
    snap_all("series_done_on", |lang| {
        let (mut app, _dir) = fill_app(lang);
        press(&mut app, "jj\nx");
        app
    });
}

#[test]
fn marking_done_asks_for_the_date_and_today_is_the_default() {
    let (mut app, _dir) = fill_app(Lang::En);
    press(&mut app, "jj\nx\n");
    let a = &actions_of(&app, "f3")[0];
    assert_eq!(
        (a.status, a.done_on),
        (ActionStatus::Done, Some(now().date_naive()))
    );
    // Reopen, then done on a given day; a day in the future is refused with the text kept.
    press(&mut app, "x");
    assert_eq!(actions_of(&app, "f3")[0].status, ActionStatus::Open);
    press(&mut app, "x");
    for _ in 0..10 {
        send(&mut app, key(KeyCode::Backspace));
    }
    press(&mut app, "2027-01-01\n");
    assert!(render(&mut app, 80, 24).contains("cannot be after today"));
    for _ in 0..10 {
        send(&mut app, key(KeyCode::Backspace));
    }
    press(&mut app, "2026-11-02\n");
    let a = &actions_of(&app, "f3")[0];
    assert_eq!(
        (a.status, a.done_on),
        (ActionStatus::Done, Some(d("2026-11-02")))
    );
}

#[test]
fn the_ledger_form_fills_every_field_one_after_another() {
    let (mut app, _dir) = fill_app(Lang::Zh);
    // Owner is kept (Enter), target replaced, a progress note, outcome, evidence, verification.
    press(&mut app, "jj\ni\n");
    for _ in 0..10 {
        send(&mut app, key(KeyCode::Backspace));
    }
    press(
        &mut app,
        "two a month\nmerged two\nfewer meetings\nnotes.pdf; https://x\nLi\n2026-11-20\n",
    );
    // 销号 is for a measure that was carried out: this one is still open, so the date is refused.
    assert!(render(&mut app, 120, 40).contains("这项措施还未完成，不能销号"));
    assert_eq!(actions_of(&app, "f3")[0].verified_on, None);
    send(&mut app, key(KeyCode::Esc));
    press(&mut app, "x");
    for _ in 0..10 {
        send(&mut app, key(KeyCode::Backspace));
    }
    press(&mut app, "2026-11-02\n");
    // Done on 11-02: a verification before that day is refused too, then the right one is kept.
    press(&mut app, "i\n\n\n\n\n\n2026-11-01\n");
    assert!(render(&mut app, 120, 40).contains("销号日期不能早于完成日期 2026-11-02"));
    for _ in 0..10 {
        send(&mut app, key(KeyCode::Backspace));
    }
    press(&mut app, "2026-11-20\n");
    let a = &actions_of(&app, "f3")[0];
    assert_eq!(a.owner.as_deref(), Some("张三"));
    assert_eq!(a.target.as_deref(), Some("two a month"));
    assert_eq!(a.progress.len(), 1);
    assert_eq!(
        (a.progress[0].on, a.progress[0].text.as_str()),
        (now().date_naive(), "merged two")
    );
    assert_eq!(a.outcome.as_deref(), Some("fewer meetings"));
    assert_eq!(a.evidence, ["notes.pdf", "https://x"]);
    assert_eq!(
        (a.verified_by.as_deref(), a.verified_on),
        (Some("Li"), Some(d("2026-11-20")))
    );
    assert!(app.popup.is_none());
    assert!(
        render(&mut app, 120, 40).contains("责任人：张三；目标：two a month；进展 1 条；佐证 2 项")
    );
}

#[test]
fn deleting_an_action_needs_a_second_press_and_is_undoable_and_actions_reorder() {
    let (mut app, _dir) = fill_app(Lang::En);
    let before = actions_of(&app, "f3");
    press(&mut app, "jj\n");
    send(&mut app, key(KeyCode::Delete));
    assert_eq!(actions_of(&app, "f3"), before, "one press only asks");
    assert!(render(&mut app, 80, 24).contains("again to delete"));
    press(&mut app, "j");
    press(&mut app, "X");
    press(&mut app, "k");
    press(&mut app, "X");
    assert_eq!(
        actions_of(&app, "f3"),
        before,
        "another key cancels the first press"
    );
    press(&mut app, "X");
    assert_eq!(actions_of(&app, "f3"), before[1..]);
    press(&mut app, "u");
    assert_eq!(actions_of(&app, "f3"), before);
    // Reorder: J moves the first down, K back up; ids travel with the actions.
    press(&mut app, "\nJ");
    let moved = actions_of(&app, "f3");
    assert_eq!((&moved[0].id, &moved[1].id), (&before[1].id, &before[0].id));
    press(&mut app, "K");
    assert_eq!(actions_of(&app, "f3"), before);
}

#[test]
fn home_names_the_respondent_when_there_are_several_and_n_carries_one_forward() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut prev = q3();
    store.ensure().unwrap();
    std::fs::write(
        store.session_path(&prev.id),
        zicha::session::store::to_ron(&prev).unwrap(),
    )
    .unwrap();
    let mut other = store
        .create(
            four_winds(),
            NewSession {
                label: Some("李四 Q3".into()),
                name: Some("李四".into()),
                unit: Some("财务处".into()),
                from: None,
            },
            DateTime::parse_from_rfc3339("2026-08-21T10:00:00+08:00").unwrap(),
        )
        .unwrap();
    other.updated = other.created;
    store.save(&other, FORMAT).unwrap();
    prev.updated = prev.created;
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut app = App::new(lang, now(), store.clone(), checklists());
            app.set_home(vec![Summary::of(&prev), Summary::of(&other)], Vec::new());
            let screen = render(&mut app, w, h);
            insta::assert_snapshot!(format!("series_home_{lang}_{w}x{h}"), screen);
        }
    }
    let mut app = App::new(Lang::En, now(), store.clone(), checklists());
    app.load_home().unwrap();
    // Select 张三's session and press N.
    let row = app
        .home
        .rows
        .iter()
        .position(|r| {
            matches!(r, zicha::tui::app::HomeRow::Session(i) if app.home.sessions[*i].id == prev.id)
        })
        .unwrap();
    app.home.sel = row;
    press(&mut app, "N");
    let doc = app.doc.as_ref().expect("the new session is open");
    assert_eq!(doc.session.from.as_deref(), Some(prev.id.as_str()));
    assert_eq!(doc.session.name.as_deref(), Some("张三"));
    let carried: Vec<&str> = doc.session.answers[2]
        .actions
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(
        carried,
        [format!("{}-1", prev.id), format!("{}-2", prev.id)]
    );
    assert!(doc.previous.is_some(), "last time's answers are shown");
    let on_disk = store.load(&doc.session.id).unwrap().session;
    assert_eq!(on_disk.from.as_deref(), Some(prev.id.as_str()));
}
