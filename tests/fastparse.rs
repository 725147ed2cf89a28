//! Rebuilding the summary index reads sessions through a cache of the checklists they embed
//! (issue 16). Whatever a file holds, that read must give what the full read gives: the same
//! session and fingerprint, or the same error. Nothing in a note or label may pass for the
//! checklist.

use std::fs;
use std::path::Path;

use chrono::DateTime;
use proptest::prelude::*;
use zicha::checklist::bundled;
use zicha::session::index::fingerprint;
use zicha::session::store::to_ron;
use zicha::session::{
    Action, ActionStatus, Field, NewSession, Position, ProgressNote, Rating, Session, Store,
};

fn four_winds() -> zicha::checklist::Checklist {
    bundled::all()
        .remove(0)
        .1
        .expect("bundled checklist is valid")
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("data"));
    (dir, store)
}

/// A session with ratings, a note of several indented lines, quotes and backslashes, and actions.
fn session(store: &Store, label: &str) -> Session {
    let now = DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap();
    let meta = NewSession {
        label: None,
        name: Some("张三".into()),
        unit: Some("一支部".into()),
        from: None,
    };
    let mut s = store.create(four_winds(), meta, now).unwrap();
    // Set here, not through `create`: a file may hold any text, even one zicha would not make.
    s.label = Some(label.to_string());
    s.answers[0].rating = Rating::Value(2);
    s.answers[0].manifestation = "会议偏多\n    缩进的一行\n\"引号\" 与 \\ 反斜杠".into();
    s.answers[1].rating = Rating::NotApplicable;
    s.answers[1].sources = vec!["masses".into(), "self".into()];
    s.answers[2].actions.push(Action {
        id: format!("{}-1", s.id),
        text: "精简会议".into(),
        due: Some("2026-12-31".parse().unwrap()),
        ..Action::default()
    });
    s.answers[2].actions.push(Action {
        id: format!("{}-2", s.id),
        text: "文风 r#\"raw\"# 与 \"#".into(),
        status: ActionStatus::Done,
        done_on: Some("2026-11-20".parse().unwrap()),
        owner: Some("李四".into()),
        progress: vec![ProgressNote {
            on: "2026-11-01".parse().unwrap(),
            text: "过半".into(),
        }],
        evidence: vec!["会议记录.pdf".into()],
        verified_on: Some("2026-11-22".parse().unwrap()),
        verified_by: Some("支部".into()),
        ..Action::default()
    });
    s.causes[0].text = "理想信念\n\t有所动摇".into();
    s.preface = "前言 \"引\"".into();
    s.position = Some(Position {
        item: "f3".into(),
        field: Field::Cause("ideals".into()),
    });
    s
}

/// What each read gives, as text: the session with its checklist's fingerprint, or the error.
fn both(store: &Store, path: &Path) -> (String, String) {
    let full = store
        .read_path(path)
        .map(|l| {
            let f = fingerprint(&l.session.checklist);
            (l.session, f)
        })
        .map_err(|e| format!("{e:?}"));
    let cached = store
        .read_path_cached(path)
        .map(|(s, f)| {
            let f = f.unwrap_or_else(|| fingerprint(&s.checklist));
            (s, f)
        })
        .map_err(|e| format!("{e:?}"));
    (format!("{full:?}"), format!("{cached:?}"))
}

fn write(store: &Store, id: &str, text: &str) -> std::path::PathBuf {
    let path = store.session_path(id);
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn sessions_of_one_checklist_read_the_same_through_the_cache_and_take_the_fast_path() {
    let (_t, store) = store();
    for label in ["一", "二", "三"] {
        let mut s = session(&store, label);
        s.answers[3].rating = Rating::Value(3);
        let path = write(&store, &s.id, &to_ron(&s).unwrap());
        for _ in 0..2 {
            let (full, cached) = both(&store, &path);
            assert_eq!(full, cached);
            // The file as zicha writes it: the cache knew its checklist (a fingerprint came back).
            assert!(store.read_path_cached(&path).unwrap().1.is_some());
        }
        assert_eq!(store.read_path_cached(&path).unwrap().0, s);
    }
}

#[test]
fn a_checklist_copied_into_a_label_or_note_is_not_taken_for_the_checklist() {
    let (_t, store) = store();
    let s = session(&store, "原件");
    let text = to_ron(&s).unwrap();
    let path = write(&store, &s.id, &text);
    // Warm this thread's cache with the real checklist.
    let _ = store.read_path_cached(&path).unwrap();
    let start = text.find("\n  checklist: (").unwrap() + "\n  checklist: ".len();
    let end = text.find("\n  ),\n  answers: [").unwrap() + "\n  )".len();
    let body = &text[start..end];
    let fake = format!("前\n  checklist: {body},\n  answers: [后");
    for place in ["label", "note"] {
        let mut t = s.clone();
        t.id = format!("{}-{place}", s.id);
        if place == "label" {
            t.label = Some(fake.clone());
        } else {
            t.answers[0].manifestation = fake.clone();
        }
        let copied = to_ron(&t).unwrap();
        let path = write(&store, &t.id, &copied);
        let (full, cached) = both(&store, &path);
        assert_eq!(full, cached, "{place}");
        assert_eq!(store.read_path_cached(&path).unwrap().0, t, "{place}");
        if place == "note" {
            continue;
        }
        // And with the real checklist (after the label) replaced by a one-letter string, the file
        // is damaged both ways: only the string put in the checklist's place stands for it.
        let real = copied.rfind("\n  checklist: (").unwrap() + "\n  checklist: ".len();
        let real_end = copied.rfind("\n  ),\n  answers: [").unwrap() + "\n  )".len();
        let forged = format!("{}\"c\"{}", &copied[..real], &copied[real_end..]);
        let path = write(&store, &t.id, &forged);
        let (full, cached) = both(&store, &path);
        assert_eq!(full, cached, "forged");
        assert!(store.read_path_cached(&path).is_err(), "forged");
    }
}

#[test]
fn files_that_differ_from_what_zicha_writes_read_the_same_or_fail_the_same() {
    let (_t, store) = store();
    let s = session(&store, "原件");
    let text = to_ron(&s).unwrap();
    let original = write(&store, &s.id, &text);
    let _ = store.read_path_cached(&original).unwrap();
    let off_scale = text.replacen("rating: 2,", "rating: 9,", 1);
    let unknown_item = text.replacen("item: \"f1\"", "item: \"nope\"", 1);
    let twice = text.replacen(
        "\n  answers: [",
        &format!(
            "\n  checklist: {},\n  answers: [",
            &text[text.find("checklist: (").unwrap() + 11
                ..text.find("\n  ),\n  answers").unwrap() + 4]
        ),
        1,
    );
    let bad_checklist = text.replacen("value: 1,", "value: 2,", 1);
    let commented = text.replacen("\n  checklist: (", "\n  checklist: ( // 注释\n", 1);
    let other_title = text.replacen("“四风”问题25种表现", "“四风”问题25种表现（改）", 1);
    let format1 = text.replacen("format: 2,", "format: 1,", 1);
    let format3 = text.replacen("format: 2,", "format: 3,", 1);
    let extension = format!("#![enable(implicit_some)]\n{text}");
    let reordered = {
        // The first two answers swapped: normalizing puts them back in checklist order.
        let a = text.find("\n    (\n      item: \"f1\"").unwrap();
        let b = text.find("\n    (\n      item: \"f2\"").unwrap();
        let c = text.find("\n    (\n      item: \"f3\"").unwrap();
        format!("{}{}{}{}", &text[..a], &text[b..c], &text[a..b], &text[c..])
    };
    // Escapes, which zicha's writer never makes (it writes raw strings) but a hand may.
    let escaped_note = text.replacen(
        "manifestation: \"\",",
        "manifestation: \"a\\nb\\\"c\\u{6c49}\",",
        1,
    );
    let escaped_newline = text.replacen("manifestation: \"\",", "manifestation: \"a\\nb\",", 1);
    let truncated = text[..text.len() - 10].to_string();
    let bom = format!("\u{feff}{text}");
    let cases = [
        ("off_scale", off_scale),
        ("unknown_item", unknown_item),
        ("checklist_twice", twice),
        ("bad_checklist", bad_checklist),
        ("commented", commented),
        ("other_title", other_title),
        ("format1", format1),
        ("format3", format3),
        ("extension", extension),
        ("reordered", reordered),
        ("escaped_note", escaped_note),
        ("escaped_newline", escaped_newline),
        ("truncated", truncated),
        ("bom", bom),
    ];
    for (name, body) in cases {
        assert_ne!(body, text, "{name}: the edit did not apply");
        let path = write(&store, &s.id, &body);
        let (full, cached) = both(&store, &path);
        assert_eq!(full, cached, "{name}");
    }
    // Some of them read, some do not: the cases are not all one kind.
    let ok = |b: &str| {
        let path = write(&store, &s.id, b);
        store.read_path(&path).is_ok()
    };
    assert!(ok(&text.replacen(
        "“四风”问题25种表现",
        "“四风”问题25种表现（改）",
        1
    )));
    assert!(!ok(&text.replacen("rating: 2,", "rating: 9,", 1)));
}

fn edited(text: &str, at: usize, cut: usize, insert: &str) -> String {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + cut).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{insert}{}", &text[..at], &text[end..])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any small edit anywhere in a file: both reads agree.
    #[test]
    fn any_small_edit_reads_the_same_both_ways(
        after_checklist in any::<bool>(),
        at in 0usize..40_000,
        cut in 0usize..12,
        insert in prop::sample::select(vec![
            "", "\"", "r#\"", "\"#", "(", ")", ",", ":", "[", "]", "\n  ),\n  answers: [",
            "\n  checklist: (", "//", "/*", "*/", "\\", "c", "9", "Some(", "None", " ", "\n",
            "()", "( )", "-1", "01", "1.0", "0x1", "1_0", "true", "\t", "\r", "\u{b}", "b\"",
            "'", "#", "r", "_", "r#", "\"c\"", "Named(", "action(1)", "rating", "na", "\"na\"",
            "\u{feff}", "#![enable(implicit_some)]", "é", "汉",
        ]),
    ) {
        let (_t, store) = store();
        let s = session(&store, "原件");
        let text = to_ron(&s).unwrap();
        let path = write(&store, &s.id, &text);
        let _ = store.read_path_cached(&path).unwrap();
        // Half of the edits fall after the checklist, where the answers are.
        let at = if after_checklist {
            let answers = text.find("\n  answers: [").unwrap();
            answers + at % (text.len() - answers)
        } else {
            at
        };
        let path = write(&store, &s.id, &edited(&text, at, cut, insert));
        let (full, cached) = both(&store, &path);
        prop_assert_eq!(full, cached);
    }
}

fn texts() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec![
            "a", "汉", " ", "\n", "\t", "\r", "\"", "#", "r#\"", "\"#", "\\", "\\n", "'", "(", ")",
            ",", "//", "/*", "\u{b}", "\u{85}", "\u{2028}", "\u{200f}", "None", "Some(",
        ]),
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Sessions with any text in their fields, as zicha writes them: both reads agree.
    #[test]
    fn any_text_in_any_field_reads_the_same_both_ways(
        label in texts(),
        note in texts(),
        action in texts(),
        cause in texts(),
        preface in texts(),
        rating in -2i64..6,
    ) {
        let (_t, store) = store();
        let mut s = session(&store, &label);
        s.answers[4].manifestation = note;
        s.answers[4].rating = Rating::Value(rating);
        s.answers[5].actions.push(Action {
            id: format!("{}-9", s.id),
            text: action.clone(),
            note: action,
            ..Action::default()
        });
        s.causes[1].text = cause;
        s.preface = preface;
        let path = write(&store, &s.id, &to_ron(&s).unwrap());
        let (full, cached) = both(&store, &path);
        prop_assert_eq!(full, cached);
    }
}
