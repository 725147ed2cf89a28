//! In-process benchmarks for the budgets of SPEC §8. Whole-process figures: `scripts/bench.sh`.

use std::hint::black_box;

use chrono::DateTime;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use zicha::checklist::{Checklist, Group, Item, Text};
use zicha::i18n::Lang;
use zicha::session::model::FORMAT;
use zicha::session::{NewSession, Rating, Session, Store};
use zicha::tui::app::{App, SaveState};
use zicha::tui::message::Message;
use zicha::tui::{update, view};

fn bundled_parse(c: &mut Criterion) {
    c.bench_function("parse bundled checklists", |b| {
        b.iter(zicha::checklist::bundled::all)
    });
}

/// The 25-item bundled checklist plus a group of 12 more: the 37 items SPEC §8 names.
fn checklist_37() -> Checklist {
    let mut c = zicha::checklist::bundled::all()
        .into_iter()
        .filter_map(|(_, c)| c.ok())
        .find(|c| c.id == "four-winds-25")
        .expect("bundled four-winds-25");
    c.groups.push(Group {
        id: "more".into(),
        title: Text::new("其他问题", "Other problems"),
        items: (1..=12)
            .map(|i| Item {
                id: format!("x{i}"),
                text: Text::new(
                    format!("第{i}个其他问题的表述"),
                    format!("Other problem {i}"),
                ),
                hint: None,
            })
            .collect(),
    });
    assert_eq!(c.item_count(), 37);
    c
}

/// A session with every item rated and a long Chinese note (about 300 characters) on each.
fn long_session() -> Session {
    let now = DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").expect("a date");
    let mut s = Session::new("20261123-bench-37".into(), checklist_37(), now);
    let note = "会议多、文件多,有的会议开得过长、过滥,一些文件照抄照转、穿靴戴帽。".repeat(9);
    for (i, a) in s.answers.iter_mut().enumerate() {
        a.rating = Rating::Value((i % 5) as i64);
        a.manifestation = note.clone();
    }
    s
}

/// The fill screen over a store in a temp dir (returned, so it lives as long as the app). Saves are
/// deferred and never flushed here: the keystroke budget is measured without the disk.
fn fill_app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::at(dir.path());
    let mut app = App::new(Lang::Zh, long_session().created, store, Vec::new());
    app.defer_saves = true;
    app.show_session(long_session(), FORMAT, None, SaveState::Clean);
    update::update(
        &mut app,
        Message::Resize {
            width: 120,
            height: 40,
        },
    );
    (app, dir)
}

/// One keystroke on the fill screen: update + render (SPEC §8: ≤ 1 ms). No disk here; the save is
/// measured on its own below.
fn fill_keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group("fill");
    let (mut app, _dir) = fill_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut down = true;
    group.bench_function("keystroke: move + render (37 items, long CJK notes)", |b| {
        b.iter(|| {
            // Back and forth over the list so every frame differs from the one before.
            if app.sel == 0 {
                down = true;
            } else if app.sel == 36 {
                down = false;
            }
            update::update(&mut app, if down { Message::Down } else { Message::Up });
            terminal
                .draw(|f| view::view(black_box(&app), f))
                .expect("draw");
        })
    });
    let (mut app, _dir) = fill_app();
    update::update(&mut app, Message::EditManifestation);
    let mut n = 0u32;
    group.bench_function(
        "keystroke: type a character into a long note + render",
        |b| {
            b.iter(|| {
                // Type a character, then delete it, so that the note keeps its length across iterations.
                n += 1;
                let code = if n.is_multiple_of(2) {
                    KeyCode::Backspace
                } else {
                    KeyCode::Char('查')
                };
                let key = KeyEvent::new(code, KeyModifiers::NONE);
                update::update(&mut app, Message::Input(key));
                terminal
                    .draw(|f| view::view(black_box(&app), f))
                    .expect("draw");
            })
        },
    );

    // One saved change (serialize + durable atomic write) against a bare durable write of the
    // same bytes, in the same run and the same directory (SPEC §8: ≤ 2x).
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::at(dir.path());
    let created = store
        .create(
            checklist_37(),
            NewSession::default(),
            long_session().created,
        )
        .expect("a session");
    let mut session = long_session();
    session.id = created.id.clone();
    store.save(&session, FORMAT).expect("first save");
    let mut app = App::new(Lang::Zh, session.created, store.clone(), Vec::new());
    app.show_session(session, FORMAT, None, SaveState::Clean);
    let mut v = 0;
    group.bench_function(
        "saved change: rate an item (serialize + durable write)",
        |b| {
            b.iter(|| {
                v = (v + 1) % 5;
                update::update(&mut app, Message::Rate(v));
            })
        },
    );
    let bytes =
        zicha::session::store::to_ron(&app.doc.as_ref().expect("open").session).expect("serialize");
    let path = dir.path().join("sessions").join("bare.ron");
    group.bench_function("bare durable write of the same bytes", |b| {
        b.iter(|| zicha::session::file::atomic_write(&path, bytes.as_bytes()).expect("write"))
    });
    group.finish();
}

/// Issue 16: the note editor's cost per keystroke must not grow with the note, and a paste is one
/// insert. Notes of 1k, 20k and 200k characters, as one paragraph (the hardest case: one line to
/// wrap) and as paragraphs of about 300 characters. Update + render at 120x40, no disk.
fn long_notes(c: &mut Criterion) {
    let mut group = c.benchmark_group("note");
    let sentence = "会议多、文件多,有的会议开得过长、过滥,一些文件照抄照转、穿靴戴帽。";
    for chars in [1_000usize, 20_000, 200_000] {
        for paragraphs in [false, true] {
            let mut note: String = sentence.chars().cycle().take(chars).collect();
            if paragraphs {
                note = note
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if i % 300 == 299 { '\n' } else { c })
                    .collect();
            }
            let (mut app, _dir) = fill_app();
            let sel = app.sel;
            if let Some(doc) = app.doc.as_mut() {
                doc.session.answers[sel].manifestation = note;
            }
            update::update(&mut app, Message::EditManifestation);
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
            terminal.draw(|f| view::view(&app, f)).expect("draw");
            let mut n = 0u32;
            let shape = if paragraphs { "paragraphs" } else { "one line" };
            group.bench_function(
                format!("keystroke: type into a {chars}-char note ({shape})"),
                |b| {
                    b.iter(|| {
                        n += 1;
                        let code = if n.is_multiple_of(2) {
                            KeyCode::Backspace
                        } else {
                            KeyCode::Char('查')
                        };
                        update::update(
                            &mut app,
                            Message::Input(KeyEvent::new(code, KeyModifiers::NONE)),
                        );
                        terminal
                            .draw(|f| view::view(black_box(&app), f))
                            .expect("draw");
                    })
                },
            );
        }
    }
    // A 100,000-char paste into an empty note: update (one insert) + the first render.
    let paste: String = format!("{sentence}\n")
        .chars()
        .cycle()
        .take(100_000)
        .collect();
    group.sample_size(10);
    group.bench_function("paste 100,000 chars + render", |b| {
        b.iter_batched(
            || {
                let (mut app, dir) = fill_app();
                let sel = app.sel;
                if let Some(doc) = app.doc.as_mut() {
                    doc.session.answers[sel].manifestation.clear();
                }
                update::update(&mut app, Message::EditManifestation);
                (
                    app,
                    dir,
                    Terminal::new(TestBackend::new(120, 40)).expect("a test terminal"),
                )
            },
            |(mut app, _dir, mut terminal)| {
                update::update(&mut app, Message::Paste(paste.clone()));
                terminal
                    .draw(|f| view::view(black_box(&app), f))
                    .expect("draw");
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// A data dir of `n` sessions of the 25-item checklist with ratings and one note each (the same
/// shape as `examples/gen_sessions.rs`, written directly), its index warm.
fn data_dir(n: usize) -> (tempfile::TempDir, Store, Vec<String>) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::at(dir.path());
    store.ensure().expect("sessions dir");
    let checklist = zicha::checklist::bundled::all()
        .into_iter()
        .filter_map(|(_, c)| c.ok())
        .find(|c| c.id == "four-winds-25")
        .expect("bundled four-winds-25");
    let start = DateTime::parse_from_rfc3339("2016-01-04T09:00:00+08:00").expect("a date");
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let created = start + chrono::Duration::days(i as i64);
        let id = format!("{}-four-winds-25-{i:05}", created.format("%Y%m%d"));
        let mut s = Session::new(id.clone(), checklist.clone(), created);
        s.label = Some(format!("gen {i}"));
        for (k, a) in s.answers.iter_mut().enumerate() {
            a.rating = Rating::Value(((i + k) % 5) as i64);
        }
        s.answers[i % 25].manifestation = format!("会议偏多,第 {i} 次记录。");
        let text = zicha::session::store::to_ron(&s).expect("serialize");
        std::fs::write(store.session_path(&id), text).expect("write");
        ids.push(id);
    }
    store.summaries().expect("warm the index");
    (dir, store, ids)
}

/// Issue 16: data dirs of 100, 1,000 and 10,000 sessions. Loading the warm index (what the home
/// screen and every list do at start), rebuilding it with the index deleted, and finding one
/// session by its exact id (resolve + load: what `export SESSION` and `fill ID` do).
fn data_dirs(c: &mut Criterion) {
    let mut group = c.benchmark_group("data dir");
    for n in [100usize, 1_000, 10_000] {
        let (_dir, store, ids) = data_dir(n);
        group.sample_size(if n >= 10_000 { 10 } else { 30 });
        group.bench_function(format!("index load (warm), {n} sessions"), |b| {
            b.iter(|| black_box(store.summaries().expect("summaries")))
        });
        let index = store.sessions_dir().join(".index.bin");
        group.bench_function(format!("index rebuild, {n} sessions"), |b| {
            b.iter_batched(
                || {
                    let _ = std::fs::remove_file(&index);
                },
                |()| black_box(store.summaries().expect("summaries")),
                criterion::BatchSize::PerIteration,
            )
        });
        store.summaries().expect("warm again");
        let id = &ids[n / 2];
        group.sample_size(50);
        group.bench_function(
            format!("lookup: resolve + load one id, {n} sessions"),
            |b| {
                b.iter(|| {
                    let found = store.resolve(black_box(id)).expect("resolve");
                    black_box(store.load(&found).expect("load"))
                })
            },
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    bundled_parse,
    fill_keystroke,
    long_notes,
    data_dirs
);
criterion_main!(benches);
