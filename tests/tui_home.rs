//! Issue 17, items 3, 4, 6 and 8: Home (broken checklists, rows told apart, the list following the
//! disk, the new session selected, no pile of `.lock` files), the export popup's folder and full
//! path, and a read-only view that follows the writer and can take over. Key sequences through the
//! real key table; screens through `TestBackend` with reviewed snapshots.

mod screen;
use screen::{checklists, four_winds, press, render};

use chrono::{DateTime, FixedOffset};

use zicha::i18n::Lang;
use zicha::session::model::FORMAT;
use zicha::session::{NewSession, Rating, Store};
use zicha::tui::app::{App, BrokenChecklist, HomeRow, Popup, SaveState, Screen};
use zicha::tui::update;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-12-02T10:00:00+08:00").unwrap()
}

fn new(store: &Store, label: Option<&str>, name: Option<&str>) -> String {
    let meta = NewSession {
        label: label.map(String::from),
        name: name.map(String::from),
        ..Default::default()
    };
    store.create(four_winds(), meta, now()).unwrap().id
}

fn app_on(store: &Store, lang: Lang) -> App {
    let mut app = App::new(lang, now(), store.clone(), checklists());
    app.load_home().unwrap();
    app
}

/// A user checklist file with two problems, at a fixed path (so that snapshots are stable).
fn broken() -> BrokenChecklist {
    let file = "/home/me/.local/share/zicha/checklists/bad.ron";
    let text = "(id: \"Bad Id\", version: 1, title: \"t\", source: \"s\", scale: [], sources: [], groups: [])";
    let problems = zicha::checklist::parse(file, text.as_bytes()).unwrap_err();
    assert!(!problems.is_empty());
    BrokenChecklist {
        file: file.into(),
        problems,
    }
}

fn row_of(app: &App, id: &str) -> usize {
    let i = app.home.sessions.iter().position(|s| s.id == id).unwrap();
    app.home
        .rows
        .iter()
        .position(|r| *r == HomeRow::Session(i))
        .unwrap()
}

fn selected_id(app: &App) -> Option<String> {
    app.home.selected().map(|s| s.id.clone())
}

// ------------------------------------------------------------------ Home rows

#[test]
fn rows_of_the_same_name_and_date_are_told_apart_and_broken_checklists_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    new(&store, Some("2014年第一季度"), None);
    new(&store, Some("2014年第一季度"), None);
    new(&store, None, None);
    new(&store, None, None);
    new(&store, None, None);
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = App::new(lang, now(), store.clone(), checklists());
            app.broken = vec![broken()];
            app.load_home().unwrap();
            let screen = render(&mut app, w, h);
            // Every row whole: nothing of a name is cut to `..`.
            assert!(!screen.contains(".."), "{screen}");
            insta::assert_snapshot!(format!("home_told_apart_{lang}_{w}x{h}"), screen);
            // The broken file is selectable; its problems and what to do are shown in full.
            press(&mut app, "G");
            assert!(matches!(
                app.home.rows.get(app.home.sel),
                Some(HomeRow::Broken(0))
            ));
            let screen = render(&mut app, w, h);
            let flat: String = screen.split_whitespace().collect();
            assert!(flat.contains("zichacheck/home/me"), "{screen}");
            assert!(flat.contains("bad.ron:groups"), "{screen}");
            insta::assert_snapshot!(format!("home_broken_selected_{lang}_{w}x{h}"), screen);
            // Enter on it does not start anything.
            press(&mut app, "\n");
            assert_eq!(app.screen, Screen::Home);
            assert!(app.popup.is_none());
        }
    }
}

#[test]
fn the_suffix_comes_from_the_id_and_a_lone_row_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let a = new(&store, Some("甲"), None);
    let b = new(&store, Some("甲"), None);
    let c = new(&store, Some("乙"), None);
    let app = app_on(&store, Lang::Zh);
    let suffix = |id: &str| {
        let i = app.home.sessions.iter().position(|s| s.id == id).unwrap();
        app.home.suffix[i].clone()
    };
    assert_eq!(suffix(&a).as_deref(), Some("#1"));
    assert_eq!(suffix(&b).as_deref(), Some("#2"));
    assert_eq!(suffix(&c), None);
}

#[test]
fn people_with_the_same_label_are_told_apart_by_name_without_a_suffix() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    new(&store, Some("2014年第一季度"), Some("张三"));
    new(&store, Some("2014年第一季度"), Some("李四"));
    let mut app = app_on(&store, Lang::Zh);
    assert!(app.home.suffix.iter().all(Option::is_none));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("2014年第一季度  张三"), "{screen}");
    assert!(screen.contains("2014年第一季度  李四"), "{screen}");
}

#[test]
fn the_status_line_of_home_names_the_selected_sessions_id_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let id = new(&store, None, None);
    let mut app = app_on(&store, Lang::En);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains(&format!("session id: {id}")), "{screen}");
}

// ------------------------------------------------------------------ Home follows the disk

#[test]
fn home_selects_the_session_just_created_when_it_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let older = new(&store, Some("旧的"), None);
    let mut app = app_on(&store, Lang::Zh);
    assert_eq!(selected_id(&app).as_deref(), Some(older.as_str()));
    // n, a label, Enter: the new session opens; q comes back to Home with it selected.
    press(&mut app, "n新的\n");
    assert_eq!(app.screen, Screen::Fill);
    let created = app.doc.as_ref().unwrap().session.id.clone();
    press(&mut app, "q");
    assert_eq!(app.screen, Screen::Home);
    assert_eq!(selected_id(&app), Some(created));
}

#[test]
fn a_session_another_process_creates_appears_and_the_selection_stays_put() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let b = new(&store, Some("乙"), None);
    let mut app = app_on(&store, Lang::Zh);
    assert_eq!(selected_id(&app).as_deref(), Some(b.as_str()));
    // Nothing changed: after at most one look (the list's own index cache may have been written
    // while it was read), a look costs a stat and redraws nothing.
    update::tick(&mut app);
    assert!(!update::tick(&mut app));
    // Another zicha (here: the store) makes one; the dir's time may not tick within the same instant.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let a = new(&store, Some("甲"), None);
    assert!(update::tick(&mut app));
    assert!(app.home.sessions.iter().any(|s| s.id == a));
    assert_eq!(selected_id(&app).as_deref(), Some(b.as_str()));
    assert_eq!(app.home.sel, row_of(&app, &b));
    update::tick(&mut app);
    assert!(!update::tick(&mut app));
}

// ------------------------------------------------------------------ lock sidecars

#[test]
fn the_lock_sidecar_goes_when_the_session_closes_and_stale_ones_go_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let id = new(&store, None, None);
    let other = new(&store, None, None);
    let sidecar = |id: &str| store.sessions_dir().join(format!("{id}.lock"));
    let mut app = app_on(&store, Lang::Zh);
    press(&mut app, "\n");
    assert!(app.doc.is_some());
    let open = app.doc.as_ref().unwrap().session.id.clone();
    assert!(sidecar(&open).exists(), "held while open");
    press(&mut app, "q");
    assert!(!sidecar(&open).exists(), "removed on close");

    // A killed zicha leaves its sidecar behind: nobody holds it, so the next start removes it;
    // one that is held stays.
    std::fs::write(sidecar(&id), "999999").unwrap();
    let held = store.lock(&other).unwrap();
    store.remove_stale_locks();
    assert!(!sidecar(&id).exists());
    assert!(sidecar(&other).exists());
    drop(held);
    assert!(!sidecar(&other).exists());
    // Taking the lock again after all that works, and makes a new sidecar.
    let again = store.lock(&id).unwrap();
    assert!(sidecar(&id).exists());
    assert!(matches!(
        store.lock(&id),
        Err(zicha::error::Error::Locked { .. })
    ));
    drop(again);
}

#[test]
fn the_first_frame_from_the_index_is_checked_before_a_key_and_stale_locks_go_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let id = new(&store, Some("AAAA"), None);
    new(&store, Some("other"), None);
    // Any listing writes the index.
    store.summaries().unwrap();
    let label = |app: &App| {
        let s = app.home.sessions.iter().find(|s| s.id == id).unwrap();
        s.label.clone().unwrap()
    };

    // Nothing changed behind zicha's back: the quick list is exact, and checking it changes nothing.
    let sidecar = store.sessions_dir().join(format!("{id}.lock"));
    std::fs::write(&sidecar, "999999").unwrap();
    let mut app = App::new(Lang::Zh, now(), store.clone(), checklists());
    app.load_home_quick(store.prefetch_index()).unwrap();
    assert!(app.unverified.is_some(), "drawn from the index");
    assert_eq!(label(&app), "AAAA");
    assert!(!app.check_home());
    assert!(app.unverified.is_none());
    assert!(
        !sidecar.exists(),
        "a lock nobody holds goes, found by the check's read of the dir"
    );

    // A hand edit of the same length: the first frame may show the cached label, and the check
    // that runs before any key is read finds the change and reads the list again.
    let path = store.session_path(&id);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("AAAA", "BBBB");
    std::fs::write(&path, text).unwrap();
    let mut app = App::new(Lang::Zh, now(), store.clone(), checklists());
    app.load_home_quick(store.prefetch_index()).unwrap();
    assert!(app.check_home(), "the edit is found");
    assert_eq!(label(&app), "BBBB");

    // A session the index does not hold (copied in by hand, say): found by the check.
    let copy = std::fs::read_to_string(&path)
        .unwrap()
        .replace(&format!("\"{id}\""), "\"20261202-four-winds-25-99\"");
    std::fs::write(store.session_path("20261202-four-winds-25-99"), copy).unwrap();
    let mut app = App::new(Lang::Zh, now(), store.clone(), checklists());
    app.load_home_quick(store.prefetch_index()).unwrap();
    assert!(app.check_home(), "the new file is found");
    assert_eq!(app.home.sessions.len(), 3);

    // One removed: found by the check too.
    std::fs::remove_file(store.session_path("20261202-four-winds-25-99")).unwrap();
    let mut app = App::new(Lang::Zh, now(), store.clone(), checklists());
    app.load_home_quick(store.prefetch_index()).unwrap();
    assert_eq!(
        app.home.sessions.len(),
        3,
        "the first frame's list is the index's"
    );
    assert!(app.check_home(), "the removal is found");
    assert_eq!(app.home.sessions.len(), 2);

    // With no index at all: read in full at once, nothing left to check, stale locks gone.
    std::fs::remove_file(store.sessions_dir().join(".index.bin")).unwrap();
    std::fs::write(&sidecar, "999999").unwrap();
    let mut app = App::new(Lang::Zh, now(), store.clone(), checklists());
    app.load_home_quick(store.prefetch_index()).unwrap();
    assert!(app.unverified.is_none(), "nothing left to check");
    assert_eq!(app.home.sessions.len(), 2);
    assert!(!sidecar.exists());
}

// ------------------------------------------------------------------ read-only view

/// An app with `id` open read-only because `store` holds its lock elsewhere (another open file,
/// which conflicts like another process).
fn read_only(store: &Store, id: &str, lang: Lang) -> App {
    let mut app = App::new(lang, now(), store.clone(), checklists());
    app.open_session(id).unwrap();
    assert!(matches!(
        app.doc.as_ref().unwrap().save,
        SaveState::ReadOnly { .. }
    ));
    app
}

#[test]
fn a_read_only_view_says_why_in_full_and_offers_only_what_works() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let id = new(&store, Some("2014年第一季度"), None);
    let _writer = store.lock(&id).unwrap();
    // The holder's pid, as another zicha would have written it (a fixed one, for the snapshot).
    std::fs::write(store.sessions_dir().join(format!("{id}.lock")), "4242").unwrap();
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = read_only(&store, &id, lang);
            let screen = render(&mut app, w, h);
            let flat: String = screen.split_whitespace().collect();
            let follows = match lang {
                Lang::Zh => "可以按t接手编辑",
                Lang::En => "presstto",
            };
            assert!(flat.contains(follows), "{screen}");
            let bar = screen.lines().nth(h as usize - 1).unwrap().to_string();
            for editing in [" 0-9 ", " m ", " a ", " u "] {
                assert!(!bar.contains(editing), "{editing:?} in {bar:?}");
            }
            // `t` is not offered while the other zicha still holds the session.
            assert!(!bar.contains(" t "), "{bar}");
            insta::assert_snapshot!(format!("read_only_{lang}_{w}x{h}"), screen);
        }
    }
    // Enter on an item without actions does not suggest `a`.
    let mut app = read_only(&store, &id, Lang::En);
    press(&mut app, "\n");
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.contains("no actions") && !notice.contains("press a"),
        "{notice}"
    );
    // The help lists no editing key either, and says so.
    let mut app = read_only(&store, &id, Lang::En);
    press(&mut app, "?");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("read-only"), "{screen}");
    let mut all = String::new();
    for _ in 0..40 {
        all.push_str(&render(&mut app, 80, 24));
        press(&mut app, "j");
    }
    assert!(all.contains("search items"), "{all}");
    assert!(!all.contains("set the rating"), "{all}");
}

#[test]
fn a_read_only_view_follows_the_writers_saves_and_takes_over_once_it_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let id = new(&store, None, None);
    let writer = store.lock(&id).unwrap();
    let mut app = read_only(&store, &id, Lang::Zh);
    press(&mut app, "j");
    assert_eq!(app.sel, 1);
    assert!(!update::tick(&mut app), "nothing changed yet");

    // The writer rates item 2 and saves.
    let mut s = store.load(&id).unwrap().session;
    s.answers[1].rating = Rating::Value(3);
    store.save(&s, FORMAT).unwrap();
    assert!(update::tick(&mut app));
    let doc = app.doc.as_ref().unwrap();
    assert_eq!(doc.session.answers[1].rating, Rating::Value(3));
    assert_eq!(app.sel, 1, "the view stays on its item");
    assert!(doc.read_only());

    // `t` while the writer is still there changes nothing.
    press(&mut app, "t");
    assert!(app.doc.as_ref().unwrap().read_only());
    assert!(app.notice.as_deref().unwrap().contains("还开着"));

    // The writer quits: the lock is free, the view says so and offers `t`.
    drop(writer);
    assert!(update::tick(&mut app));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("已经关闭了会话"), "{screen}");
    let bar = screen.lines().nth(23).unwrap();
    assert!(bar.contains("t 接手编辑"), "{bar}");
    insta::assert_snapshot!("read_only_free_zh_80x24", screen);

    // `t` takes over: the lock is ours, a rating is saved.
    press(&mut app, "t");
    let doc = app.doc.as_ref().unwrap();
    assert!(!doc.read_only());
    assert!(matches!(
        store.lock(&id),
        Err(zicha::error::Error::Locked { .. })
    ));
    press(&mut app, "2");
    let saved = store.load(&id).unwrap().session;
    assert_eq!(saved.answers[1].rating, Rating::Value(2));
}

// ------------------------------------------------------------------ help

#[test]
fn the_help_lists_each_screen_once_and_every_line_fits_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, home, long_tail) in [
        (Lang::Zh, "会话列表", "销号"),
        (Lang::En, "Session list", "verification"),
    ] {
        let mut app = App::new(lang, now(), Store::at(dir.path()), checklists());
        app.load_home().unwrap();
        press(&mut app, "?");
        let mut pages = Vec::new();
        for _ in 0..80 {
            pages.push(render(&mut app, 80, 24));
            press(&mut app, "j");
        }
        // Lines as scrolled past: each body line once, in order.
        let mut lines: Vec<String> = Vec::new();
        for (k, page) in pages.iter().enumerate() {
            let body: Vec<&str> = page.lines().skip(1).take(21).collect();
            if k == 0 {
                lines.extend(body.iter().map(|s| s.to_string()));
            } else if pages[k - 1] != *page {
                lines.push(body[20].to_string());
            }
        }
        let headings = lines.iter().filter(|l| l.trim() == home).count();
        assert_eq!(headings, 1, "{lines:#?}");
        // The long descriptions wrap instead of running off the screen.
        assert!(lines.iter().any(|l| l.contains(long_tail)), "{lines:#?}");
        // At the end, Up moves at once (the scroll stopped at the last line).
        let last = render(&mut app, 80, 24);
        press(&mut app, "k");
        assert_ne!(render(&mut app, 80, 24), last);
    }
}

// ------------------------------------------------------------------ export popup

fn export_popup(app: &App) -> &zicha::tui::app::ExportForm {
    match &app.popup {
        Some(Popup::Export(form)) => form,
        _ => panic!("no export popup"),
    }
}

#[test]
fn the_export_popup_shows_the_full_path_and_creates_its_own_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let id = new(&store, Some("2014年第一季度"), None);
    let out = tempfile::tempdir().unwrap();
    let home = out.path().join("zicha-exports");
    let mut app = app_on(&store, Lang::Zh);
    app.export_dir = home.clone();
    app.export_home = Some(home.clone());
    press(&mut app, "e");
    let target = home.join(format!("{id}.md"));
    assert_eq!(export_popup(&app).target(), target);
    let screen = render(&mut app, 80, 24);
    let flat: String = screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c == ' '))
        .collect();
    assert!(
        flat.contains(&format!("将写入：{}", target.display())),
        "{screen}"
    );
    // zicha's export folder is made on the first export, private.
    press(&mut app, "\n");
    assert!(app.popup.is_none(), "{:?}", app.notice);
    assert!(target.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&home).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }

    // Another folder that does not exist is refused, naming it; nothing is created.
    press(&mut app, "e\t\t");
    assert_eq!(export_popup(&app).focus, 2);
    let typed = export_popup(&app).dir_text();
    for _ in 0..typed.chars().count() {
        press(&mut app, "\x08");
    }
    let elsewhere = out.path().join("没有");
    press(&mut app, &format!("{}\n", elsewhere.display()));
    let form = export_popup(&app);
    assert!(
        form.error.as_deref().unwrap().contains("没有"),
        "{form:?}",
        form = form.error
    );
    assert!(!elsewhere.exists());
    // `~` in the folder is the home directory.
    for _ in 0..elsewhere.display().to_string().chars().count() {
        press(&mut app, "\x08");
    }
    press(&mut app, "~/材料");
    if let Some(h) = directories::BaseDirs::new() {
        assert_eq!(
            export_popup(&app).target(),
            h.home_dir().join("材料").join(format!("{id}.md"))
        );
    }
}

// ------------------------------------------------------------------ Compare and Trend: one person

#[test]
fn compare_refuses_two_people_as_the_cli_does_and_trend_follows_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let a = new(&store, Some("一季度"), Some("张三"));
    let b = new(&store, Some("二季度"), Some("李四"));
    let c = new(&store, Some("三季度"), Some("张三"));
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(&store, lang);
        app.home.sel = row_of(&app, &a);
        press(&mut app, "v");
        app.home.sel = row_of(&app, &b);
        press(&mut app, "vc");
        assert!(matches!(app.screen, Screen::Home), "a comparison was shown");
        let notice = app.notice.clone().unwrap();
        let want = zicha::error::Error::DifferentRespondents {
            a: a.clone(),
            wa: Box::new(zicha::session::model::Respondent::new(Some("张三"), None)),
            b: b.clone(),
            wb: Box::new(zicha::session::model::Respondent::new(Some("李四"), None)),
        }
        .render(lang);
        assert_eq!(notice, want);
        // One marked and the other person's session selected: refused too.
        press(&mut app, "v");
        app.home.sel = row_of(&app, &a);
        press(&mut app, "c");
        assert!(matches!(app.screen, Screen::Home));
        // The same person's two sessions are compared.
        press(&mut app, "v");
        app.home.sel = row_of(&app, &c);
        press(&mut app, "c");
        assert!(matches!(app.screen, Screen::Compare(_)), "{:?}", app.notice);
        // Trend on 张三's session has only 张三's two sessions.
        let mut app = app_on(&store, lang);
        app.home.sel = row_of(&app, &c);
        press(&mut app, "t");
        match &app.screen {
            Screen::Trend(t) => {
                let ids: Vec<&str> = t.trend.sessions.iter().map(|s| s.id.as_str()).collect();
                assert_eq!(ids.len(), 2, "{ids:?}");
                assert!(!ids.contains(&b.as_str()), "{ids:?}");
            }
            _ => panic!("no trend: {:?}", app.notice),
        }
    }
}

// ------------------------------------------------------------------ read-only by the file's mode

#[cfg(unix)]
#[test]
fn a_file_made_read_only_says_so_not_another_zicha() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let id = new(&store, Some("2014年第一季度"), None);
    let path = store.session_path(&id);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = App::new(lang, now(), store.clone(), checklists());
        app.open_session(&id).unwrap();
        assert!(matches!(
            app.doc.as_ref().unwrap().save,
            SaveState::ReadOnlyFile
        ));
        // An editing key names the file's permissions and what to do, not another zicha.
        press(&mut app, "2");
        let notice = app.notice.clone().unwrap();
        assert!(notice.contains("chmod u+w"), "{notice}");
        assert!(
            !notice.contains("另一个 zicha") && !notice.contains("another zicha"),
            "{notice}"
        );
        // The banner says it too, in full (the notice is cleared: the snapshot shows the banner).
        app.notice = None;
        let screen = render(&mut app, 80, 24);
        let flat: String = screen.split_whitespace().collect();
        assert!(flat.contains("chmodu+w"), "{screen}");
        assert!(
            !flat.contains("另一个zicha") && !flat.contains("anotherzicha"),
            "{screen}"
        );
        // The temp dir's random name, as a name of the same width (the layout stays as drawn).
        let tmp = dir.path().display().to_string();
        let fixed = format!("/DATA{}", "_".repeat(tmp.chars().count().saturating_sub(5)));
        let fixed_screen = screen.replace(&tmp, &fixed);
        assert!(!fixed_screen.contains(&tmp), "{screen}");
        insta::assert_snapshot!(format!("read_only_file_{lang}_80x24"), fixed_screen);
        // The help says the same reason.
        press(&mut app, "?");
        let help: String = render(&mut app, 80, 24).split_whitespace().collect();
        assert!(help.contains("chmodu+w"), "{help}");
        assert!(!help.contains("另一个zicha") && !help.contains("anotherzicha"));
    }
}

#[test]
fn the_settings_folder_is_made_with_its_parents_and_a_typed_one_on_a_second_enter() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let id = new(&store, None, None);
    let out = tempfile::tempdir().unwrap();
    // The settings' folder, two levels of it missing: made (0700) on the first export, and said.
    let home = out.path().join("材料").join("2026");
    let mut app = app_on(&store, Lang::Zh);
    app.export_dir = home.clone();
    app.export_home = Some(home.clone());
    press(&mut app, "e\n");
    assert!(app.popup.is_none(), "{:?}", app.notice);
    assert!(home.join(format!("{id}.md")).exists());
    let notice = app.notice.clone().unwrap();
    assert!(notice.starts_with("已新建文件夹"), "{notice}");
    assert!(notice.contains(&home.display().to_string()), "{notice}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&home).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
    // Once it exists, the status line only says where.
    press(&mut app, "e\t\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7fxx\n");
    let notice = app.notice.clone().unwrap();
    assert!(notice.starts_with("已导出到"), "{notice}");

    // A folder typed by hand: refused once, naming it; Enter again makes it and writes.
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(&store, lang);
        app.export_dir = home.clone();
        app.export_home = Some(home.clone());
        press(&mut app, "e\t\t");
        let typed = export_popup(&app).dir_text();
        for _ in 0..typed.chars().count() {
            press(&mut app, "\x08");
        }
        let elsewhere = out.path().join(format!("手输-{lang}")).join("子");
        press(&mut app, &format!("{}\n", elsewhere.display()));
        let error = export_popup(&app).error.clone().unwrap();
        assert!(error.contains("子") && error.contains("Enter"), "{error}");
        assert!(!elsewhere.exists());
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("Enter"), "{screen}");
        press(&mut app, "\n");
        assert!(app.popup.is_none(), "{:?}", app.popup.is_some());
        assert!(elsewhere.join(format!("{id}.md")).exists());
        let notice = app.notice.clone().unwrap();
        assert!(
            notice.contains(&elsewhere.display().to_string()),
            "{notice}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&elsewhere).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700);
        }
    }
}

#[test]
fn a_changed_folder_after_the_warning_is_refused_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    new(&store, None, None);
    let out = tempfile::tempdir().unwrap();
    let mut app = app_on(&store, Lang::En);
    app.export_dir = out.path().join("a");
    press(&mut app, "e\t\t");
    press(&mut app, "\n");
    assert!(export_popup(&app).error.is_some());
    // The folder is changed after the warning: that one was never confirmed.
    press(&mut app, "b\n");
    assert!(app.popup.is_some());
    assert!(!out.path().join("ab").exists() && !out.path().join("a").exists());
}

// ------------------------------------------------------------------ Home's Chinese punctuation

fn new_of(store: &Store, label: &str, name: &str, unit: &str) -> String {
    let meta = NewSession {
        label: Some(label.into()),
        name: Some(name.into()),
        unit: Some(unit.into()),
        ..Default::default()
    };
    store.create(four_winds(), meta, now()).unwrap().id
}

#[test]
fn home_names_people_with_the_languages_brackets_and_a_damaged_row_with_its_colon() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    new_of(&store, "一季度", "张三", "办公室");
    new_of(&store, "一季度", "李四", "财务科");
    std::fs::write(store.sessions_dir().join("20250101-broken.ron"), "(id: ").unwrap();
    let mut app = app_on(&store, Lang::Zh);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("李四（财务科）"), "{screen}");
    assert!(!screen.contains("李四 (财务科)"), "{screen}");
    assert!(screen.contains("已损坏："), "{screen}");
    assert!(!screen.contains("已损坏:"), "{screen}");
    let mut app = app_on(&store, Lang::En);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("李四 (财务科)"), "{screen}");
    assert!(screen.contains("damaged: "), "{screen}");
}

// ------------------------------------------------------------------ the key bar

#[test]
fn the_key_bar_always_offers_help_and_the_way_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let id = new(&store, Some("2014年第一季度"), None);
    for lang in [Lang::Zh, Lang::En] {
        let (help, back, quit) = match lang {
            Lang::Zh => ("? 帮助", "q 返回", "q 退出"),
            Lang::En => ("? help", "q back", "q quit"),
        };
        for w in [80u16, 100, 120] {
            // Home.
            let mut app = app_on(&store, lang);
            let screen = render(&mut app, w, 24);
            let bar = screen.lines().last().unwrap().to_string();
            assert!(bar.contains(help) && bar.contains(quit), "{w}: {bar}");
            // The fill screen, with the filter hint.
            let mut app = App::new(lang, now(), store.clone(), checklists());
            app.open_session(&id).unwrap();
            let screen = render(&mut app, w, 24);
            let bar = screen.lines().last().unwrap().to_string();
            assert!(bar.contains(help) && bar.contains(back), "{w}: {bar}");
            assert!(
                zicha::tui::text::width(bar.trim_end()) <= w as usize,
                "{bar}"
            );
            // The actions list.
            press(&mut app, "\n");
            let screen = render(&mut app, w, 24);
            let bar = screen.lines().last().unwrap().to_string();
            assert!(bar.contains(help) && bar.contains(back), "{w}: {bar}");
        }
    }
}

// ------------------------------------------------------------------ clicks on Home

#[test]
fn a_click_on_home_selects_the_row_under_the_pointer_without_scrolling() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    for n in 1..=30 {
        new(&store, Some(&format!("第{n:02}次")), None);
    }
    let mut app = app_on(&store, Lang::Zh);
    render(&mut app, 80, 24);
    // Far down the list, so that it is scrolled.
    for _ in 0..25 {
        press(&mut app, "j");
    }
    let before = render(&mut app, 80, 24);
    let unmarked = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| l.replacen('>', " ", 1))
            .take(20)
            .collect()
    };
    // The second session row on screen (not the selected one).
    let (y, line) = before
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains('第') && !l.starts_with('>'))
        .nth(1)
        .map(|(y, l)| (y, l.to_string()))
        .unwrap();
    let label = line.split_whitespace().next().unwrap().to_string();
    update::update(
        &mut app,
        zicha::tui::message::Message::Click {
            col: 5,
            row: y as u16,
        },
    );
    let after = render(&mut app, 80, 24);
    let now_line = after.lines().nth(y).unwrap();
    assert!(now_line.starts_with('>'), "{after}");
    assert!(now_line.contains(&label), "{label}: {after}");
    assert_eq!(
        unmarked(&before),
        unmarked(&after),
        "the list moved:\n{before}\n{after}"
    );
    // Moving back up one row at a time scrolls only at the edge, a row at a time.
    let top_before = app.home.top;
    press(&mut app, "k");
    assert!(app.home.top == top_before || app.home.top + 2 >= top_before);
}

// ------------------------------------------------------------------ Unicode borders

/// Every row that opens a box with a Unicode border closes it at the same column on the right: a
/// wide character next to the border would have taken (or hidden) it.
fn boxes_are_whole(screen: &str) {
    let mut right = None;
    for line in screen.lines() {
        let chars: Vec<char> = line.chars().collect();
        let Some(first) = chars.iter().position(|c| "│┌└".contains(*c)) else {
            continue;
        };
        let last = *chars.last().unwrap();
        assert!("│┐┘".contains(last), "row not closed: {line:?}");
        let before: String = chars[..first].iter().collect();
        let col = zicha::tui::text::width(line) - 1;
        assert!(zicha::tui::text::width(&before) < col, "{line:?}");
        assert_eq!(*right.get_or_insert(col), col, "border moved: {line:?}");
    }
}

#[test]
fn snapshot_home_and_the_export_popup_with_unicode_borders() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    new_of(&store, "2014年第一季度", "张三", "办公室");
    new_of(&store, "2014年第一季度", "李四", "财务科");
    let mut app = app_on(&store, Lang::Zh);
    app.borders = zicha::config::Borders::Unicode;
    app.broken = vec![broken()];
    app.load_home().unwrap();
    app.export_dir = "/home/me/自查材料/二〇一四年第一季度专题民主生活会对照检查".into();
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!("home_unicode_zh_80x24", screen);
    press(&mut app, "e");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains('┌') && screen.contains('┘'), "{screen}");
    boxes_are_whole(&screen);
    insta::assert_snapshot!("export_unicode_zh_80x24", screen);
    // A folder name wide enough to reach the border wraps or is cut at a character, never half one.
    for w in [79u16, 80, 81, 82] {
        boxes_are_whole(&render(&mut app, w, 24));
    }
    // Folders whose wide characters end at every column parity next to the right border.
    for pad in 0..4 {
        press(&mut app, "\x1b");
        app.export_dir = format!("/{}{}", "a".repeat(pad), "自查".repeat(40)).into();
        press(&mut app, "e");
        let screen = render(&mut app, 80, 24);
        assert!(
            screen.contains(&format!("/{}自查", "a".repeat(pad))),
            "{screen}"
        );
        boxes_are_whole(&screen);
    }
}
