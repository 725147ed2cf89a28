//! `zicha diff` and `zicha trend` on the real binary, with sessions written into a temp data dir.

use assert_cmd::Command;
use chrono::{DateTime, FixedOffset, NaiveDate};
use predicates::prelude::*;
use tempfile::TempDir;
use zicha::checklist::Checklist;
use zicha::session::model::FORMAT;
use zicha::session::{Action, ActionStatus, NewSession, Rating, Session, Store};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn bundled(id: &str) -> Checklist {
    zicha::checklist::bundled::all()
        .into_iter()
        .find_map(|(_, c)| c.ok().filter(|c| c.id == id))
        .unwrap()
}

/// Creates a session through the store, lets `edit` fill it in, and saves it.
fn session(
    dir: &TempDir,
    checklist: &str,
    created: &str,
    label: &str,
    edit: impl FnOnce(&mut Session),
) -> String {
    let store = Store::at(dir.path());
    let meta = NewSession {
        label: Some(label.into()),
        ..NewSession::default()
    };
    let mut s = store.create(bundled(checklist), meta, at(created)).unwrap();
    edit(&mut s);
    store.save(&s, FORMAT).unwrap();
    s.id
}

fn rate(s: &mut Session, item: &str, v: i64) {
    s.answer_mut(item).unwrap().rating = Rating::Value(v);
}

fn act(text: &str, due: &str) -> Action {
    Action {
        text: text.into(),
        due: Some(day(due)),
        ..Action::default()
    }
}

fn zicha(dir: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("zicha").unwrap();
    cmd.env("ZICHA_DATA_DIR", dir.path())
        .env("ZICHA_NOW", "2026-11-23T10:00:00+08:00")
        .env_remove("ZICHA_LANG")
        .env("LANG", "C");
    cmd
}

/// The new user's story: the same checklist twice, some ratings better, one worse, one action done,
/// one overdue.
fn two_quarters(dir: &TempDir) -> (String, String) {
    let a = session(
        dir,
        "four-winds-25",
        "2026-03-01T09:00:00+08:00",
        "Q1",
        |s| {
            rate(s, "f1", 3);
            rate(s, "f3", 4);
            rate(s, "b1", 1);
            let f3 = s.answer_mut("f3").unwrap();
            f3.actions.push(act("Fewer meetings", "2026-06-30"));
            let b3 = s.answer_mut("b3").unwrap();
            b3.actions
                .push(act("Give back the extra office", "2026-05-01"));
        },
    );
    let b = session(
        dir,
        "four-winds-25",
        "2026-11-20T09:00:00+08:00",
        "Q4",
        |s| {
            rate(s, "f1", 1);
            rate(s, "f3", 2);
            rate(s, "b1", 3);
            let f3 = s.answer_mut("f3").unwrap();
            f3.actions.push(Action {
                status: ActionStatus::Done,
                done_on: Some(day("2026-06-20")),
                ..act("Fewer meetings", "2026-06-30")
            });
            let b3 = s.answer_mut("b3").unwrap();
            b3.actions
                .push(act("Give back the extra office", "2026-05-01"));
        },
    );
    (a, b)
}

#[test]
fn diff_without_arguments_tells_the_story_of_the_latest_two() {
    let dir = TempDir::new().unwrap();
    two_quarters(&dir);
    zicha(&dir)
        .args(["--lang", "en", "diff"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Compared: Q1 → Q4"))
        .stdout(predicate::str::contains(
            "Ratings: 2 better, 1 worse, 22 the same (22 of them unrated both times).",
        ))
        .stdout(predicate::str::contains(
            "Actions: 1 done since then, 1 still open, 1 overdue.",
        ))
        .stdout(predicate::str::contains(
            "b1 Out of touch with reality (Bureaucratism): 1 Minor -> 3 Notable",
        ));
}

#[test]
fn diff_speaks_chinese() {
    let dir = TempDir::new().unwrap();
    two_quarters(&dir);
    zicha(&dir)
        .args(["--lang", "zh", "diff"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "评分:2 项好转,1 项变差,22 项不变(其中 22 项两次都未评)。",
        ))
        .stdout(predicate::str::contains("逾期的整改措施(1)"));
}

#[test]
fn diff_with_one_argument_compares_with_the_session_before_it() {
    let dir = TempDir::new().unwrap();
    let (q1, q4) = two_quarters(&dir);
    // A later session must not be picked as "the one before".
    session(
        &dir,
        "four-winds-25",
        "2026-11-22T09:00:00+08:00",
        "later",
        |_| {},
    );
    let out = zicha(&dir)
        .args(["diff", &q4, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["a"], q1.as_str());
    assert_eq!(v["b"], q4.as_str());
}

#[test]
fn diff_json_has_the_contract_fields() {
    let dir = TempDir::new().unwrap();
    let (q1, q4) = two_quarters(&dir);
    let out = zicha(&dir)
        .args(["diff", &q1, &q4, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["summary"]["improved"], 2);
    assert_eq!(v["summary"]["worsened"], 1);
    assert_eq!(v["summary"]["newly_rated"], 0);
    assert_eq!(v["summary"]["actions_done"], 1);
    assert_eq!(v["summary"]["actions_overdue"], 1);
    let b1 = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "b1")
        .unwrap();
    assert_eq!(b1["before"], 1);
    assert_eq!(b1["after"], 3);
    assert_eq!(b1["change"], "worsened");
    assert_eq!(b1["group"], "bureaucratism");
    assert_eq!(b1["manifestation_changed"], false);
    let unrated = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "h1")
        .unwrap();
    assert_eq!(unrated["before"], serde_json::Value::Null);
    assert_eq!(unrated["change"], "unchanged");
}

#[test]
fn diff_markdown_has_summary_then_detail() {
    let dir = TempDir::new().unwrap();
    two_quarters(&dir);
    let out = zicha(&dir)
        .args(["--lang", "en", "diff", "--format", "md"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    let summary = md.find("## Summary").unwrap();
    let detail = md.find("## Item by item").unwrap();
    assert!(summary < detail);
    assert!(md.contains("| Formalism | 7 → 3 | 2 | 0 | 4 |"));
}

#[test]
fn diff_of_identical_sessions_exits_zero_and_says_nothing_changed() {
    let dir = TempDir::new().unwrap();
    let (q1, _) = two_quarters(&dir);
    zicha(&dir)
        .args(["--lang", "en", "diff", &q1, &q1])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing changed"));
}

#[test]
fn diff_of_different_checklists_is_a_clear_error() {
    let dir = TempDir::new().unwrap();
    let (q1, _) = two_quarters(&dir);
    let other = session(
        &dir,
        "special-rectification-21",
        "2026-11-21T09:00:00+08:00",
        "other",
        |_| {},
    );
    zicha(&dir)
        .args(["--lang", "en", "diff", &q1, &other])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("different checklists"))
        .stderr(predicate::str::contains("four-winds-25"))
        .stderr(predicate::str::contains("special-rectification-21"));
}

#[test]
fn diff_with_nothing_earlier_says_what_to_do() {
    let dir = TempDir::new().unwrap();
    two_quarters(&dir);
    // The latest session is of a checklist done only once.
    session(
        &dir,
        "special-rectification-21",
        "2026-11-21T09:00:00+08:00",
        "once",
        |_| {},
    );
    zicha(&dir)
        .args(["--lang", "en", "diff"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no earlier session of checklist special-rectification-21 for the same respondent",
        ))
        .stderr(predicate::str::contains("zicha diff A B"));
}

#[test]
fn diff_of_unknown_or_ambiguous_ids_fails_naming_them() {
    let dir = TempDir::new().unwrap();
    two_quarters(&dir);
    zicha(&dir)
        .args(["--lang", "en", "diff", "nosuch"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no session \"nosuch\""));
    zicha(&dir)
        .args(["--lang", "en", "diff", "2026"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("matches several sessions"));
}

#[test]
fn diff_with_no_sessions_at_all_says_how_to_start() {
    let dir = TempDir::new().unwrap();
    zicha(&dir)
        .args(["--lang", "en", "diff"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("zicha new"));
}

#[test]
fn diff_skips_a_damaged_file_and_says_so() {
    let dir = TempDir::new().unwrap();
    two_quarters(&dir);
    std::fs::write(
        dir.path().join("sessions/20260101-broken.ron"),
        "(format: 1, id: ",
    )
    .unwrap();
    zicha(&dir)
        .args(["--lang", "en", "diff"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Compared: Q1 → Q4"))
        .stderr(predicate::str::contains(
            "skipped 1 damaged session files (20260101-broken)",
        ));
}

#[test]
fn trend_lists_sessions_in_time_order_whatever_their_ids() {
    let dir = TempDir::new().unwrap();
    two_quarters(&dir);
    // Created first in time but with an id that sorts last.
    session(
        &dir,
        "four-winds-25",
        "2026-12-01T09:00:00+08:00",
        "early",
        |s| {
            s.created = at("2025-12-01T09:00:00+08:00");
            rate(s, "f1", 4);
        },
    );
    let out = zicha(&dir)
        .args(["trend", "four-winds-25", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let labels: Vec<&str> = v["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["early", "Q1", "Q4"]);
    let f1 = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "f1")
        .unwrap();
    assert_eq!(f1["ratings"], serde_json::json!([4, 3, 1]));
    let h1 = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "h1")
        .unwrap();
    assert_eq!(h1["ratings"], serde_json::json!([null, null, null]));
    assert_eq!(v["groups"][0]["group"], "formalism");
    assert_eq!(v["groups"][0]["scores"], serde_json::json!([4, 7, 3]));
    assert_eq!(
        v["groups"][3]["scores"],
        serde_json::json!([null, null, null])
    );
    assert_eq!(v["open_actions"], serde_json::json!([0, 2, 1]));
    assert_eq!(v["overdue_actions"], serde_json::json!([0, 2, 1]));
}

#[test]
fn trend_text_shows_sparklines_with_gaps_and_last_n() {
    let dir = TempDir::new().unwrap();
    two_quarters(&dir);
    session(
        &dir,
        "four-winds-25",
        "2026-11-22T09:00:00+08:00",
        "Q4b",
        |s| {
            s.answer_mut("f1").unwrap().rating = Rating::NotApplicable;
        },
    );
    zicha(&dir)
        .args(["--lang", "en", "trend", "four-winds-25"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3 sessions, 2026-03-01 to 2026-11-22.",
        ))
        .stdout(predicate::str::contains(
            "|▆▂-|  f1 Saying one thing and doing another (now: not applicable)",
        ))
        .stdout(predicate::str::contains(
            "|   |  f2 Not seeking real results",
        ));
    zicha(&dir)
        .args(["--lang", "zh", "trend", "four-winds-25", "--last", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("最近 2 次自查(共 3 次)"))
        .stdout(predicate::str::contains("|▂-|  f1 知行不一(本次:不适用)"));
    zicha(&dir)
        .args(["--lang", "en", "trend", "four-winds-25", "--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("| Formalism | 7 | 3 |  |"));
}

#[test]
fn trend_of_a_checklist_without_sessions_names_the_ones_with_sessions() {
    let dir = TempDir::new().unwrap();
    zicha(&dir)
        .args(["--lang", "en", "trend", "four-winds-25"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("none at all yet"));
    two_quarters(&dir);
    zicha(&dir)
        .args(["--lang", "en", "trend", "special-rectification-21"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Checklists with sessions: four-winds-25.",
        ));
}

#[test]
fn trend_last_zero_is_refused() {
    let dir = TempDir::new().unwrap();
    two_quarters(&dir);
    zicha(&dir)
        .args(["--lang", "en", "trend", "four-winds-25", "--last", "0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--last must be at least 1"));
}

#[test]
fn a_data_dir_that_is_a_file_is_a_clear_error_not_a_panic() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    for args in [vec!["diff"], vec!["trend", "four-winds-25"]] {
        Command::cargo_bin("zicha")
            .unwrap()
            .env("ZICHA_DATA_DIR", &file)
            .env("ZICHA_NOW", "2026-11-23T10:00:00+08:00")
            .args(["--lang", "en"])
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("is not a directory"));
    }
}

/// Trend reads ratings from the summary index and parses one session per distinct embedded
/// checklist: sessions whose checklist was edited in between must still line up by item id, and a
/// second run (index warm) must say exactly the same.
#[test]
fn trend_across_an_edited_checklist_is_the_same_from_a_cold_or_warm_index() {
    let dir = TempDir::new().unwrap();
    session(
        &dir,
        "four-winds-25",
        "2026-03-01T09:00:00+08:00",
        "old",
        |s| {
            rate(s, "f1", 3);
            rate(s, "e7", 2);
        },
    );
    session(
        &dir,
        "four-winds-25",
        "2026-11-20T09:00:00+08:00",
        "new",
        |s| {
            // The checklist was edited: e7 removed, a new item added, f1 reworded.
            let g = s
                .checklist
                .groups
                .iter_mut()
                .find(|g| g.id == "extravagance")
                .unwrap();
            g.items.retain(|i| i.id != "e7");
            g.items.push(zicha::checklist::Item {
                id: "e8".into(),
                text: zicha::checklist::Text::same("新条目"),
                hint: None,
            });
            s.checklist.groups[0].items[0].text = zicha::checklist::Text::same("知行不一(改)");
            s.checklist.version = 2;
            s.normalize();
            rate(s, "f1", 1);
            rate(s, "e8", 4);
        },
    );
    let run = || {
        zicha(&dir)
            .args(["trend", "four-winds-25", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let cold = run();
    let warm = run();
    assert_eq!(cold, warm);
    let v: serde_json::Value = serde_json::from_slice(&cold).unwrap();
    let ratings = |id: &str| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == id)
            .map(|i| i["ratings"].clone())
    };
    assert_eq!(ratings("f1"), Some(serde_json::json!([3, 1])));
    assert_eq!(ratings("e7"), Some(serde_json::json!([2, null])));
    assert_eq!(ratings("e8"), Some(serde_json::json!([null, 4])));
}
