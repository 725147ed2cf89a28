//! The TUI's export popup and its Compare and Trend screens, without a terminal: key sequences through
//! the real key table and `update`, sessions in a temp store, screens drawn into a `TestBackend` and
//! compared with reviewed snapshots (80x24, zh and en).

mod screen;
use screen::{checklists, press, render};

use chrono::{DateTime, Duration, FixedOffset};

use zicha::checklist::Checklist;
use zicha::i18n::Lang;
use zicha::session::{Action as Measure, ActionStatus, NewSession, Rating, Session, Store};
use zicha::tui::app::{App, CompareView, HomeRow, Popup, Screen, TrendView};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap()
}

fn checklist(id: &str) -> Checklist {
    checklists().into_iter().find(|c| c.id == id).unwrap()
}

/// Box-drawing and other East-Asian ambiguous-width symbols must not reach the screen from the
/// chrome or the chart. Exceptions: the sparkline blocks (SPEC §6 draws trends with them) and the
/// curly quotes that checklist titles themselves contain (content, not chrome).
fn assert_no_ambiguous(screen: &str) {
    for c in screen.chars() {
        let narrow = unicode_width::UnicodeWidthChar::width(c);
        let cjk = unicode_width::UnicodeWidthChar::width_cjk(c);
        let spark = ('\u{2581}'..='\u{2588}').contains(&c);
        let quote = matches!(c, '“' | '”');
        assert!(
            narrow == cjk || spark || quote,
            "ambiguous-width {c:?} on screen:\n{screen}"
        );
    }
}

fn at(days: i64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-01T09:00:00+08:00").unwrap() + Duration::days(days)
}

/// Saves a session of four-winds-25 made on day `days` (from 2026-03-01) with `ratings` for the
/// first items, one open action and one done in the later ones.
fn made(store: &Store, days: i64, label: &str, ratings: &[i64]) -> Session {
    let meta = NewSession {
        label: Some(label.into()),
        ..Default::default()
    };
    let mut s = store
        .create(checklist("four-winds-25"), meta, at(days))
        .unwrap();
    for (i, r) in ratings.iter().enumerate() {
        s.answers[i].rating = Rating::Value(*r);
    }
    s.answers[0].manifestation = format!("会议多、文件多({label})");
    s.answers[0].actions = vec![
        Measure {
            text: "压缩会议数量".into(),
            due: Some(at(days + 20).date_naive()),
            ..Default::default()
        },
        Measure {
            text: "建立发文审核制度".into(),
            status: if days > 0 {
                ActionStatus::Done
            } else {
                ActionStatus::Open
            },
            done_on: (days > 0).then(|| at(days).date_naive()),
            ..Default::default()
        },
    ];
    store.save(&s, zicha::session::model::FORMAT).unwrap();
    s
}

/// Three sessions of four-winds-25 that improve in one group and worsen in another, and one of a
/// different checklist.
fn store_with_history(dir: &std::path::Path) -> Store {
    let store = Store::at(dir);
    made(&store, 0, "2026年第一季度", &[3, 3, 2, 1, 0, 2, 2, 1, 3, 1]);
    made(
        &store,
        90,
        "2026年第二季度",
        &[2, 3, 1, 1, 1, 2, 2, 2, 3, 1],
    );
    made(
        &store,
        200,
        "2026年第三季度",
        &[1, 2, 1, 0, 2, 2, 1, 3, 2, 1],
    );
    let other = store
        .create(
            checklist("special-rectification-21"),
            NewSession {
                label: Some("专项整治".into()),
                ..Default::default()
            },
            at(100),
        )
        .unwrap();
    assert_eq!(other.checklist.id, "special-rectification-21");
    store
}

fn app_on(store: &Store, lang: Lang) -> App {
    let mut app = App::new(lang, now(), store.clone(), checklists());
    app.load_home().unwrap();
    app
}

/// Puts the home selection on the session with this label.
fn select(app: &mut App, label: &str) {
    let row = app
        .home
        .rows
        .iter()
        .position(
            |r| matches!(r, HomeRow::Session(i) if app.home.sessions[*i].display_label() == label),
        )
        .unwrap();
    app.home.sel = row;
}

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

// ------------------------------------------------------------------ snapshots

#[test]
fn snapshot_export_popup() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    for lang in LANGS {
        let mut app = app_on(&store, lang);
        app.export_dir = "/home/me/自查".into();
        select(&mut app, "2026年第三季度");
        press(&mut app, "e>\t");
        let screen = render(&mut app, 80, 24);
        assert_no_ambiguous(&screen);
        insta::assert_snapshot!(format!("export_popup_{lang}_80x24"), screen);
    }
}

#[test]
fn snapshot_compare() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    for lang in LANGS {
        let mut app = app_on(&store, lang);
        select(&mut app, "2026年第三季度");
        press(&mut app, "c");
        assert!(matches!(app.screen, Screen::Compare(_)));
        let screen = render(&mut app, 80, 24);
        assert_no_ambiguous(&screen);
        insta::assert_snapshot!(format!("compare_{lang}_80x24"), screen);
    }
}

#[test]
fn snapshot_trend() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app_on(&store, lang);
            select(&mut app, "2026年第二季度");
            press(&mut app, "t");
            assert!(matches!(app.screen, Screen::Trend(_)));
            let screen = render(&mut app, w, h);
            assert_no_ambiguous(&screen);
            insta::assert_snapshot!(format!("trend_{lang}_{w}x{h}"), screen);
        }
    }
}

// ------------------------------------------------------------------ behaviour

fn popup_error(app: &App) -> Option<String> {
    match &app.popup {
        Some(Popup::Export(form)) => form.error.clone(),
        _ => None,
    }
}

#[test]
fn e_writes_the_export_and_replaces_a_file_only_after_a_second_enter() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let out = tempfile::tempdir().unwrap();
    let mut app = app_on(&store, Lang::En);
    app.export_dir = out.path().to_path_buf();
    select(&mut app, "2026年第三季度");

    // Markdown (the default format) under the offered name.
    press(&mut app, "e\n");
    assert!(app.popup.is_none());
    let md = out.path().join("20260917-four-winds-25.md");
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("# "), "{text}");
    let notice = app.notice.clone().unwrap();
    assert!(notice.contains(&md.display().to_string()), "{notice}");

    // Again, as CSV, in Chinese: the path follows the format.
    press(&mut app, "L");
    press(&mut app, "e>\n");
    let csv = out.path().join("20260917-four-winds-25.csv");
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));

    // Markdown again (the popup offers the last format first): the file exists, so the first
    // Enter only asks.
    std::fs::write(&md, "mine").unwrap();
    press(&mut app, "e<\n");
    assert!(matches!(app.popup, Some(Popup::Export(_))));
    let asked = popup_error(&app).unwrap();
    assert!(asked.contains("已存在"), "{asked}");
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "mine");
    // Changing the name withdraws the question; changing it back asks again.
    press(&mut app, "\tx\x08\n");
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "mine");
    assert!(popup_error(&app).is_some());
    press(&mut app, "\n");
    assert!(app.popup.is_none());
    assert!(std::fs::read_to_string(&md).unwrap().starts_with("# "));

    // Esc leaves without writing.
    std::fs::remove_file(&csv).unwrap();
    press(&mut app, "e>\x1b");
    assert!(app.popup.is_none());
    assert!(!csv.exists());

    // An export to another directory is where the next one is offered.
    let elsewhere = out.path().join("材料");
    std::fs::create_dir(&elsewhere).unwrap();
    press(&mut app, "e\t");
    for _ in 0.."20260917-four-winds-25.md".chars().count() {
        press(&mut app, "\x08");
    }
    press(&mut app, "材料/自查.md\n");
    assert!(elsewhere.join("自查.md").exists());
    press(&mut app, "e>\n");
    assert!(elsewhere.join("20260917-four-winds-25.csv").exists());
}

#[test]
fn a_bad_export_path_is_an_inline_error_and_the_typed_text_stays() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let out = tempfile::tempdir().unwrap();
    let mut app = app_on(&store, Lang::Zh);
    app.export_dir = out.path().join("没有这个目录");
    select(&mut app, "2026年第一季度");
    press(&mut app, "e\t");
    press(&mut app, "\x08\x08\x08材料.md\n");
    let Some(Popup::Export(form)) = &app.popup else {
        panic!("the popup stays open");
    };
    assert!(form.path_text().ends_with("20260301-four-winds-25材料.md"));
    assert!(form.error.as_deref().unwrap().contains("没有这个目录"));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("材料.md"), "{screen}");
}

#[test]
fn e_on_the_fill_screen_exports_the_open_session_as_it_is_now() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let out = tempfile::tempdir().unwrap();
    let mut app = app_on(&store, Lang::En);
    app.export_dir = out.path().to_path_buf();
    select(&mut app, "2026年第一季度");
    press(&mut app, "\n");
    assert_eq!(app.screen, Screen::Fill);
    // Rate the first item "Severe" (4), then export JSON.
    press(&mut app, "4e>>\n");
    assert_eq!(app.screen, Screen::Fill);
    let json = std::fs::read_to_string(out.path().join("20260301-four-winds-25.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["answers"][0]["rating"], 4);
}

#[test]
fn e_offers_the_word_and_excel_files_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let out = tempfile::tempdir().unwrap();
    let mut app = app_on(&store, Lang::Zh);
    app.export_dir = out.path().to_path_buf();
    select(&mut app, "2026年第一季度");
    // md, csv, json, docx, xlsx: three steps right is docx; the popup then remembers docx.
    press(&mut app, "e>>>\n");
    let docx = std::fs::read(out.path().join("20260301-four-winds-25.docx")).unwrap();
    press(&mut app, "e>\n");
    let xlsx = std::fs::read(out.path().join("20260301-four-winds-25.xlsx")).unwrap();
    for bytes in [docx, xlsx] {
        assert_eq!(&bytes[..4], b"PK\x03\x04");
    }
}

#[test]
fn c_compares_with_the_session_before_and_says_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let mut app = app_on(&store, Lang::En);
    select(&mut app, "2026年第一季度");
    press(&mut app, "c");
    assert_eq!(app.screen, Screen::Home);
    let msg = app.notice.clone().unwrap();
    assert!(msg.contains("no earlier session"), "{msg}");
    assert!(render(&mut app, 80, 24).contains("no earlier session"));

    select(&mut app, "2026年第二季度");
    press(&mut app, "c");
    assert!(matches!(app.screen, Screen::Compare(_)));
    let d = &compare_view(&app).diff;
    assert_eq!(
        (d.a.id.as_str(), d.b.id.as_str()),
        ("20260301-four-winds-25", "20260530-four-winds-25")
    );
    press(&mut app, "q");
    assert_eq!(app.screen, Screen::Home);
}

#[test]
fn marking_two_sessions_compares_those_and_refuses_different_checklists() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let mut app = app_on(&store, Lang::En);
    // The newest first and the oldest second: the diff still runs from earlier to later.
    select(&mut app, "2026年第三季度");
    press(&mut app, "v");
    select(&mut app, "2026年第一季度");
    press(&mut app, " ");
    assert_eq!(app.home.marked.len(), 2);
    assert!(render(&mut app, 80, 24).contains(" *2026年第三季度"));
    // A third mark is refused; the selection does not matter once two are marked.
    select(&mut app, "2026年第二季度");
    press(&mut app, "v");
    assert_eq!(app.home.marked.len(), 2);
    press(&mut app, "c");
    assert!(matches!(app.screen, Screen::Compare(_)));
    let d = &compare_view(&app).diff;
    assert_eq!(
        (d.a.id.as_str(), d.b.id.as_str()),
        ("20260301-four-winds-25", "20260917-four-winds-25")
    );
    press(&mut app, "\x1b");
    assert_eq!(app.screen, Screen::Home);

    // Unmark one, mark the other checklist's session: a clear message, no screen.
    select(&mut app, "2026年第一季度");
    press(&mut app, "v");
    select(&mut app, "专项整治");
    press(&mut app, "v");
    press(&mut app, "c");
    assert_eq!(app.screen, Screen::Home);
    let msg = app.notice.clone().unwrap();
    assert!(msg.contains("different checklists"), "{msg}");
}

#[test]
fn the_compare_screen_scrolls_and_stops_at_both_ends() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let mut app = app_on(&store, Lang::Zh);
    select(&mut app, "2026年第三季度");
    press(&mut app, "c");
    let top = render(&mut app, 80, 24);
    press(&mut app, "jj");
    assert_eq!(compare_view(&app).scroll, 2);
    press(&mut app, "G");
    let bottom = render(&mut app, 80, 24);
    assert_ne!(top, bottom);
    press(&mut app, "jjjj");
    assert_eq!(
        render(&mut app, 80, 24),
        bottom,
        "no scrolling past the end"
    );
    press(&mut app, "g");
    assert_eq!(render(&mut app, 80, 24), top);
    // The language switches on the screen itself.
    press(&mut app, "L");
    assert!(render(&mut app, 80, 24).contains("Compare:"));
}

#[test]
fn t_opens_the_trend_of_the_checklist_and_switches_language_live() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let mut app = app_on(&store, Lang::Zh);
    // From the checklist row of four-winds-25 under "start a new session".
    let row = app
        .home
        .rows
        .iter()
        .position(
            |r| matches!(r, HomeRow::Checklist(i) if app.checklists[*i].id == "four-winds-25"),
        )
        .unwrap();
    app.home.sel = row;
    press(&mut app, "t");
    assert!(matches!(app.screen, Screen::Trend(_)));
    let t = &trend_view(&app).trend;
    assert_eq!(t.sessions.len(), 3);
    assert!(render(&mut app, 80, 24).contains("各分组总分"));
    press(&mut app, "L");
    assert!(render(&mut app, 80, 24).contains("Total score per group"));
    press(&mut app, "G");
    assert!(render(&mut app, 80, 24).contains("lines 2-8 of 8"));
    press(&mut app, "q");
    assert_eq!(app.screen, Screen::Home);
}

#[test]
fn t_on_a_checklist_without_sessions_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut app = app_on(&store, Lang::En);
    let row = app
        .home
        .rows
        .iter()
        .position(|r| matches!(r, HomeRow::Checklist(_)))
        .unwrap();
    app.home.sel = row;
    press(&mut app, "t");
    assert_eq!(app.screen, Screen::Home);
    assert!(app.notice.as_deref().unwrap().contains("no sessions yet"));
    press(&mut app, "c");
    assert!(app.notice.as_deref().unwrap().contains("select a session"));
    press(&mut app, "e");
    assert!(app.notice.as_deref().unwrap().contains("select a session"));
}

#[test]
fn the_new_keys_are_in_the_help_and_the_screens_draw_at_any_size() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let mut app = app_on(&store, Lang::En);
    press(&mut app, "?");
    press(&mut app, "GGGGGGGGGGGGGGGGGGGG");
    let mut help = String::new();
    for _ in 0..40 {
        help.push_str(&render(&mut app, 120, 40));
        press(&mut app, "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj");
    }
    for text in [
        "mark / unmark",
        "Compare",
        "Trend",
        "Export",
        "Enter again replaces",
    ] {
        assert!(help.contains(text), "help lacks {text}");
    }
    for keys in ["e", "e\tabc", "c", "t"] {
        let mut app = app_on(&store, Lang::Zh);
        select(&mut app, "2026年第三季度");
        press(&mut app, keys);
        for w in (0..130).step_by(7) {
            for h in (0..45).step_by(5) {
                render(&mut app, w, h);
            }
        }
    }
}

#[test]
fn a_wide_character_left_of_the_popup_never_hides_its_border() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let mut app = app_on(&store, Lang::Zh);
    select(&mut app, "2026年第一季度");
    // The fill screen's item list has Chinese text in column 0 (group headings).
    press(&mut app, "\ne");
    let screen = render(&mut app, 80, 24);
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("[md]")).collect();
    assert_eq!(rows.len(), 1, "{screen}");
    // The group heading 官僚主义 ran under the popup's left border: its first character is blanked.
    let blanked = screen.lines().filter(|l| l.starts_with(" |")).count();
    assert!(blanked >= 1, "{screen}");
    let bordered = screen
        .lines()
        .filter(|l| matches!(l.chars().nth(1), Some('|' | '+')))
        .count();
    assert_eq!(bordered, 13, "{screen}");
}

#[test]
fn a_trend_of_one_session_says_one_more_is_needed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    made(&store, 0, "第一次", &[1, 2]);
    let mut app = app_on(&store, Lang::En);
    select(&mut app, "第一次");
    press(&mut app, "t");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("1 (03-01)"), "{screen}");
    assert!(screen.contains("one more and the trend shows"), "{screen}");
}

#[test]
fn a_long_trend_shows_the_newest_ratings_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    for i in 0..30 {
        let r = i % 5;
        made(&store, i, &format!("第{i}次"), &[r, 4 - r, 2]);
    }
    let mut app = app_on(&store, Lang::En);
    select(&mut app, "第29次");
    press(&mut app, "t");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("(30 sessions)"), "{screen}");
    assert!(screen.contains("ratings, last 24"), "{screen}");
    let row = screen
        .lines()
        .find(|l| l.contains("Saying one thing"))
        .unwrap();
    let spark: String = row.trim_start().chars().take_while(|c| *c != ' ').collect();
    assert_eq!(spark.chars().count(), 24, "{row}");
}

fn compare_view(app: &App) -> &CompareView {
    match &app.screen {
        Screen::Compare(view) => view,
        other => panic!("not the Compare screen: {other:?}"),
    }
}

fn trend_view(app: &App) -> &TrendView {
    match &app.screen {
        Screen::Trend(view) => view,
        other => panic!("not the Trend screen: {other:?}"),
    }
}
