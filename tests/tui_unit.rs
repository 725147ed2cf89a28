//! The TUI's Unit screen: `u` on Home opens the unit summary of the selected checklist, Enter shows
//! who flagged the selected item and their notes, `r` takes a roster and names who is missing.
//! Snapshots at 80x24 and 120x40, zh and en.

mod screen;
use screen::{checklists, press, render};

use chrono::{DateTime, FixedOffset};

use zicha::i18n::Lang;
use zicha::session::{NewSession, Rating, Store};
use zicha::tui::app::{App, Popup, Screen};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap()
}

/// (item, rating, note).
type Rated = (&'static str, i64, &'static str);

/// Four members of one branch; f3 flagged by three, f1 by two, b2 by one, with notes.
fn store_of_members(dir: &std::path::Path) -> Store {
    let store = Store::at(dir);
    let four_winds = checklists()
        .into_iter()
        .find(|c| c.id == "four-winds-25")
        .unwrap();
    let members: [(&str, &[Rated]); 4] = [
        (
            "张三",
            &[("f3", 3, "例会每周三次,议而不决"), ("f1", 2, "调研走过场")],
        ),
        ("李四", &[("f3", 2, "材料层层加码"), ("b2", 4, "")]),
        ("王五", &[("f3", 1, "文件照抄照转"), ("f1", 3, "")]),
        ("赵六", &[("f3", 0, "")]),
    ];
    for (i, (name, ratings)) in members.iter().enumerate() {
        let meta = NewSession {
            label: Some("2026年度".into()),
            name: Some((*name).into()),
            unit: Some("第一支部".into()),
            from: None,
        };
        let created = now() - chrono::Duration::days(10 - i as i64);
        let mut s = store.create(four_winds.clone(), meta, created).unwrap();
        for (item, v, note) in *ratings {
            let a = s.answer_mut(item).unwrap();
            a.rating = Rating::Value(*v);
            a.manifestation = (*note).into();
        }
        store.save(&s, zicha::session::model::FORMAT).unwrap();
    }
    store
}

fn app_on(store: &Store, lang: Lang) -> App {
    let mut app = App::new(lang, now(), store.clone(), checklists());
    app.load_home().unwrap();
    // The first selectable row is a session of four-winds-25.
    app
}

#[test]
fn u_opens_the_unit_screen_ranked_and_enter_shows_who_flagged_with_notes() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_of_members(dir.path());
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(&store, lang);
        press(&mut app, "u");
        assert!(matches!(app.screen, Screen::Unit(_)), "{:?}", app.notice);
        let Screen::Unit(view) = &app.screen else {
            panic!("not on the Unit screen");
        };
        let unit = &view.unit;
        assert_eq!(unit.items[0].id, "f3");
        assert_eq!(unit.items[0].flagged, 3);
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = render(&mut app, w, h);
            insta::assert_snapshot!(format!("unit_list_{lang}_{w}x{h}"), screen);
        }
        press(&mut app, "\n");
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = render(&mut app, w, h);
            assert!(screen.contains("例会每周三次"), "{screen}");
            insta::assert_snapshot!(format!("unit_who_{lang}_{w}x{h}"), screen);
        }
        press(&mut app, "\x1b");
        assert!(matches!(app.screen, Screen::Unit(_)));
        press(&mut app, "j\n");
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("f1"), "{screen}");
        press(&mut app, "\x1b\x1b");
        assert!(matches!(app.screen, Screen::Home));
    }
}

#[test]
fn r_takes_a_roster_and_names_who_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_of_members(dir.path());
    let roster = dir.path().join("名单.txt");
    std::fs::write(&roster, "张三\n李四\n王五\n赵六\n钱七\n").unwrap();
    let mut app = app_on(&store, Lang::Zh);
    press(&mut app, "ur");
    assert!(matches!(app.popup, Some(Popup::Text(_))));
    press(&mut app, &format!("{}\n", roster.display()));
    assert!(matches!(app.screen, Screen::Unit(_)), "{:?}", app.notice);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("未交：钱七"), "{screen}");
    assert!(
        screen.contains("名单 5 人，已交 4 人，未交 1 人"),
        "{screen}"
    );
    // A roster that cannot be read is a notice, and the screen stays as it was.
    press(&mut app, "r");
    press(
        &mut app,
        &format!("{}\n", "\x08".repeat(200) + "/没有/这个.txt"),
    );
    assert!(matches!(app.screen, Screen::Unit(_)));
    assert!(
        app.notice.as_deref().unwrap_or("").contains("这个.txt"),
        "{:?}",
        app.notice
    );
}
