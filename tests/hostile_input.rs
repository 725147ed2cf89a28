//! Bounded fuzzing for CI: the same entry points as the `fuzz/` targets (checklist loader, session
//! loader, import path, due-date parser), fed arbitrary bytes and mutations of valid input. None may
//! panic; every rejection must come with a message.

use std::path::Path;

use proptest::prelude::*;
use zicha::checklist::bundled;
use zicha::i18n::Lang;
use zicha::session::store::{parse_any, parse_session, to_ron};
use zicha::session::{Action, Rating, Session};

fn valid_session() -> Session {
    let checklist = bundled::all().remove(0).1.unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap();
    let mut s = Session::new("20261123-four-winds-25".into(), checklist, now);
    s.answers[0].rating = Rating::Value(3);
    s.answers[0].manifestation = "会议太多,\n文件太长".into();
    s.answers[0].sources = vec!["self".into()];
    s.answers[0].actions.push(Action {
        text: "精简会议".into(),
        due: chrono::NaiveDate::from_ymd_opt(2026, 12, 31),
        ..Action::default()
    });
    s.answers[1].rating = Rating::NotApplicable;
    s.assign_action_ids();
    s
}

fn mutate(mut bytes: Vec<u8>, edits: Vec<(prop::sample::Index, u8, u8)>) -> Vec<u8> {
    for (at, op, byte) in edits {
        if bytes.is_empty() {
            break;
        }
        let i = at.index(bytes.len());
        match op {
            0 => bytes[i] = byte,
            1 => {
                bytes.remove(i);
            }
            2 => bytes.truncate(i),
            _ => bytes.insert(i, byte),
        }
    }
    bytes
}

fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, u8, u8)>> {
    proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..6)
}

fn check_session_result(r: zicha::error::Result<impl Sized>) -> Result<(), TestCaseError> {
    if let Err(e) = r {
        prop_assert!(!e.render(Lang::En).is_empty() && !e.render(Lang::Zh).is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn session_loader_survives_mutated_files(e in edits()) {
        let bytes = mutate(to_ron(&valid_session()).unwrap().into_bytes(), e);
        check_session_result(parse_session(Path::new("s.ron"), &bytes))?;
    }

    #[test]
    fn import_survives_mutated_json(e in edits()) {
        let bytes = mutate(serde_json::to_vec_pretty(&valid_session()).unwrap(), e);
        check_session_result(parse_any(Path::new("s.json"), &bytes))?;
    }

    #[test]
    fn import_survives_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        check_session_result(parse_any(Path::new("s.bin"), &bytes))?;
    }

    /// Sessions are written with raw (unescaped) strings for speed; any text a user can type,
    /// quotes, backslashes, `"#` runs and control characters included, must come back unchanged.
    #[test]
    fn any_text_round_trips_through_a_session_file(
        note in "\\PC*|[\"#\\\\r\n\t\u{0}-\u{1f}]{0,12}",
        label in any::<String>(),
        action in "[\"#\\\\a-z 中文]{0,16}",
    ) {
        let mut s = valid_session();
        s.answers[2].manifestation = note;
        s.label = Some(label);
        s.answers[3].actions.push(Action { text: action.clone(), note: action, ..Action::default() });
        s.assign_action_ids();
        let text = to_ron(&s).unwrap();
        let back = parse_session(Path::new("s.ron"), text.as_bytes()).unwrap().session;
        prop_assert_eq!(back, s);
    }

    #[test]
    fn due_date_parser_survives_any_text(s in "\\PC{0,24}", today in 0i32..200_000) {
        let today = chrono::NaiveDate::from_num_days_from_ce_opt(today + 1).unwrap();
        let _ = zicha::dates::parse_due(&s, today);
    }

    #[test]
    fn due_date_parser_survives_near_misses(s in "[+＋]?[0-9０-９]{0,6}[-/.dwmDWM]?[0-9]{0,4}[-]?[0-9]{0,3}") {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let _ = zicha::dates::parse_due(&s, today);
    }
}

#[test]
fn a_valid_session_round_trips_through_ron_and_json() {
    let s = valid_session();
    let from_ron = parse_session(Path::new("s.ron"), to_ron(&s).unwrap().as_bytes())
        .unwrap()
        .session;
    assert_eq!(from_ron, s);
    let from_json = parse_any(Path::new("s.json"), &serde_json::to_vec(&s).unwrap()).unwrap();
    assert_eq!(from_json, s);
}

#[test]
fn extreme_dates_do_not_overflow() {
    let last = chrono::NaiveDate::MAX;
    assert!(zicha::dates::parse_due("+1m", last).is_err());
    assert!(zicha::dates::parse_due("+3d", last).is_err());
    assert!(zicha::dates::parse_due("01-01", last).is_err());
}
