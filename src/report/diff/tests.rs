//! Tests of the diff: the model on a story of two sessions, and snapshots of every rendering.

use super::*;

use std::collections::HashMap;

use crate::i18n::Lang;
use crate::session::{Action, ActionStatus, Rating, Session};

use crate::report::fixtures::*;
use proptest::prelude::*;

fn change_of(d: &Diff, item: &str) -> Change {
    d.items().find(|(_, i)| i.id == item).unwrap().1.change
}

#[test]
fn story_counts_what_a_reader_expects() {
    let d = diff(&story_a(), &story_b(), today());
    assert_eq!(change_of(&d, "f1"), Change::Improved);
    assert_eq!(change_of(&d, "f3"), Change::Improved);
    assert_eq!(change_of(&d, "b1"), Change::Worsened);
    assert_eq!(change_of(&d, "h1"), Change::NowApplicable);
    assert_eq!(change_of(&d, "h2"), Change::NewlyRated);
    assert_eq!(change_of(&d, "f2"), Change::Unchanged);
    let c = d.overall;
    assert_eq!((c.improved, c.worsened, c.unchanged), (2, 1, 20));
    assert_eq!(c.manifestation_changed, 1);
    assert_eq!(c.actions_done, 1, "精简会议 was done");
    assert_eq!(c.actions_open, 2, "下基层 and 办公用房 are still open");
    assert_eq!(c.actions_overdue, 1, "办公用房 was due 2026-05-01");
    assert_eq!(c.actions_new, 1);
    assert_eq!(c.actions_dropped, 1);
    assert_eq!((d.score_before, d.score_after), (Some(12), Some(11)));
    assert!(d.changed());
    let formalism = &d.groups[0];
    assert_eq!(
        (formalism.score_before, formalism.score_after),
        (Some(9), Some(5))
    );
}

#[test]
fn actions_match_by_text_ignoring_spacing_and_pair_duplicates_in_order() {
    let mut a = Session::new(
        "a".into(),
        small_checklist(&["x1"]),
        at("2026-01-01T00:00:00Z"),
    );
    let mut b = a.clone();
    b.id = "b".into();
    a.answers[0].actions = vec![
        action("  写 报告", "2026-01-10", ActionStatus::Open),
        action("写 报告", "2026-01-10", ActionStatus::Open),
        action("开会", "2026-01-10", ActionStatus::Open),
    ];
    b.answers[0].actions = vec![
        action("写  报告 ", "2026-01-10", ActionStatus::Done),
        action("写 报告", "2026-12-10", ActionStatus::Open),
        action("新的", "2027-01-10", ActionStatus::Open),
    ];
    let d = diff(&a, &b, today());
    let kinds: Vec<ActionChange> = d.actions().map(|(_, a)| a.change).collect();
    assert_eq!(
        kinds,
        vec![
            ActionChange::Done,
            ActionChange::StillOpen,
            ActionChange::New,
            ActionChange::Dropped
        ]
    );
    let dropped = d.actions().last().unwrap().1;
    assert_eq!(dropped.text, "开会");
    assert_eq!(
        dropped.status, None,
        "removed from B, not dropped with a note"
    );
}

#[test]
fn items_of_a_changed_checklist_are_added_and_removed() {
    let a = Session::new(
        "a".into(),
        small_checklist(&["x1", "x2", "y1"]),
        at("2026-01-01T00:00:00Z"),
    );
    let mut b = Session::new(
        "b".into(),
        small_checklist(&["x1", "x3"]),
        at("2026-02-01T00:00:00Z"),
    );
    b.checklist.version = 2;
    let d = diff(&a, &b, today());
    assert_eq!(change_of(&d, "x3"), Change::Added);
    assert_eq!(change_of(&d, "x2"), Change::Removed);
    assert_eq!(change_of(&d, "y1"), Change::Removed);
    assert_eq!(
        d.groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
        ["x", "y"],
        "a group only A has comes after B's groups"
    );
    assert!(
        render_text(&d, Lang::En).contains("version 1 -> 2")
            || render_text(&d, Lang::En).contains("version 1 → 2")
    );
}

#[test]
fn an_item_without_an_answer_is_unrated_not_removed() {
    let a = Session::new(
        "a".into(),
        small_checklist(&["x1", "x2"]),
        at("2026-01-01T00:00:00Z"),
    );
    let mut b = a.clone();
    b.answers.retain(|ans| ans.item != "x2");
    assert_eq!(change_of(&diff(&a, &b, today()), "x2"), Change::Unchanged);
    assert_eq!(change_of(&diff(&b, &a, today()), "x2"), Change::Unchanged);
}

#[test]
fn json_follows_the_contract() {
    let d = diff(&story_a(), &story_b(), today());
    let v: serde_json::Value = serde_json::from_str(&render_json(&d)).unwrap();
    assert_eq!(v["a"], "20260301-four-winds-25");
    assert_eq!(v["b"], "20261120-four-winds-25");
    for key in [
        "improved",
        "worsened",
        "unchanged",
        "newly_rated",
        "no_longer_rated",
        "added",
        "removed",
        "actions_done",
        "actions_open",
        "actions_overdue",
        "actions_new",
        "actions_dropped",
    ] {
        assert!(v["summary"][key].is_u64(), "summary.{key}");
    }
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 25);
    let h1 = items.iter().find(|i| i["item"] == "h1").unwrap();
    assert_eq!(h1["before"], "na");
    assert_eq!(h1["after"], 1);
    assert_eq!(h1["change"], "newly_rated");
    assert_eq!(h1["not_applicable_changed"], true);
    assert_eq!(h1["group"], "hedonism");
    let h2 = items.iter().find(|i| i["item"] == "h2").unwrap();
    assert_eq!(h2["before"], serde_json::Value::Null);
    // Every move to or from "not applicable" is flagged, from unrated too, and the summary counts
    // exactly the flagged items.
    for i in items {
        let na = |v: &serde_json::Value| v == "na";
        assert_eq!(
            i["not_applicable_changed"],
            na(&i["before"]) != na(&i["after"]),
            "{}",
            i["item"]
        );
    }
    let flagged = items
        .iter()
        .filter(|i| i["not_applicable_changed"] == true)
        .count();
    assert_eq!(v["summary"]["not_applicable_changed"], flagged);
    // The summary agrees with the items' change fields.
    for change in [
        "improved",
        "worsened",
        "unchanged",
        "newly_rated",
        "no_longer_rated",
    ] {
        let n = items.iter().filter(|i| i["change"] == change).count();
        assert_eq!(v["summary"][change], n, "{change}");
    }
}

#[test]
fn text_reads_aloud_in_both_languages() {
    let d = diff(&story_a(), &story_b(), today());
    let en = render_text(&d, Lang::En);
    assert!(en.contains("Ratings: 2 better, 1 worse, 20 the same."));
    assert!(en.contains("Actions: 1 done since then, 2 still open, 1 overdue, 1 new, 1 dropped."));
    let zh = render_text(&d, Lang::Zh);
    assert!(zh.contains("评分：2 项好转，1 项变差，20 项不变。"));
}

#[test]
fn a_session_against_itself_says_nothing_changed() {
    let a = story_a();
    let d = diff(&a, &a, today());
    assert!(render_text(&d, Lang::En).contains("Nothing changed"));
    assert!(render_text(&d, Lang::Zh).contains("没有变化"));
}

#[test]
fn snapshots_of_every_format_and_language() {
    let d = diff(&story_a(), &story_b(), today());
    insta::assert_snapshot!("diff_text_zh", render_text(&d, Lang::Zh));
    insta::assert_snapshot!("diff_text_en", render_text(&d, Lang::En));
    insta::assert_snapshot!("diff_md_zh", render_markdown(&d, Lang::Zh));
    insta::assert_snapshot!("diff_md_en", render_markdown(&d, Lang::En));
    insta::assert_snapshot!("diff_json", render_json(&d));
}

// ---- properties

const ITEMS: [&str; 6] = ["x1", "x2", "x3", "y1", "y2", "y3"];

fn arb_rating() -> impl Strategy<Value = Rating> {
    prop_oneof![
        Just(Rating::Unrated),
        Just(Rating::NotApplicable),
        (0i64..=4).prop_map(Rating::Value),
    ]
}

fn arb_action() -> impl Strategy<Value = Action> {
    (0usize..3, 0usize..3, 0u64..90).prop_map(|(t, st, d)| Action {
        text: ["精简会议", "下基层", " 精简会议 "][t].into(),
        due: day("2026-10-01").checked_add_days(chrono::Days::new(d)),
        status: [
            ActionStatus::Open,
            ActionStatus::Done,
            ActionStatus::Dropped,
        ][st],
        done_on: None,
        ..Action::default()
    })
}

fn arb_session(id: &'static str) -> impl Strategy<Value = Session> {
    (
        proptest::collection::vec(any::<bool>(), ITEMS.len()),
        proptest::collection::vec(
            (
                arb_rating(),
                0usize..3,
                proptest::collection::vec(arb_action(), 0..3),
            ),
            ITEMS.len(),
        ),
    )
        .prop_map(move |(present, answers)| {
            let items: Vec<&str> = ITEMS
                .iter()
                .zip(&present)
                .filter(|(_, p)| **p)
                .map(|(i, _)| *i)
                .collect();
            let mut s = Session::new(
                id.into(),
                small_checklist(&items),
                at("2026-01-01T00:00:00Z"),
            );
            for (item, (rating, note, actions)) in ITEMS.iter().zip(answers) {
                if let Some(a) = s.answer_mut(item) {
                    a.rating = rating;
                    a.manifestation = ["", "多", "少"][note].into();
                    a.actions = actions;
                }
            }
            s
        })
}

proptest! {
    #[test]
    fn diff_of_a_session_with_itself_reports_nothing_changed(a in arb_session("a")) {
        let d = diff(&a, &a, today());
        prop_assert!(!d.changed());
        prop_assert!(d.items().all(|(_, i)| i.change == Change::Unchanged && !i.manifestation_changed));
        prop_assert!(d.actions().all(|(_, x)| matches!(
            x.change,
            ActionChange::StillOpen | ActionChange::Overdue | ActionChange::Carried
        )));
    }

    #[test]
    fn diff_both_ways_mirror_each_other(a in arb_session("a"), b in arb_session("b")) {
        let ab = diff(&a, &b, today());
        let ba = diff(&b, &a, today());
        let back: HashMap<&str, &ItemDiff> = ba.items().map(|(_, i)| (i.id.as_str(), i)).collect();
        prop_assert_eq!(ab.items().count(), back.len());
        for (_, i) in ab.items() {
            let j = back[i.id.as_str()];
            prop_assert_eq!(i.change, j.change.mirrored(), "item {}", i.id);
            prop_assert_eq!(i.manifestation_changed, j.manifestation_changed);
            prop_assert_eq!((i.before, i.after), (j.after, j.before));
        }
        let (x, y) = (ab.overall, ba.overall);
        prop_assert_eq!((x.improved, x.worsened), (y.worsened, y.improved));
        prop_assert_eq!((x.newly_rated, x.no_longer_rated), (y.no_longer_rated, y.newly_rated));
        prop_assert_eq!((x.now_applicable, x.now_not_applicable), (y.now_not_applicable, y.now_applicable));
        prop_assert_eq!((x.added, x.removed), (y.removed, y.added));
        prop_assert_eq!(x.unchanged, y.unchanged);
        prop_assert_eq!(x.not_applicable_changed, y.not_applicable_changed);
        prop_assert_eq!((ab.score_before, ab.score_after), (ba.score_after, ba.score_before));
    }

    /// `not_applicable_changed` flags exactly the moves to or from "not applicable" (from unrated
    /// too), and the summary counts exactly the flagged items.
    #[test]
    fn not_applicable_changed_flags_every_move_to_or_from_na(a in arb_session("a"), b in arb_session("b")) {
        let d = diff(&a, &b, today());
        let v: serde_json::Value = serde_json::from_str(&render_json(&d)).unwrap();
        let items = v["items"].as_array().unwrap();
        let na = |r: &serde_json::Value| r == "na";
        for i in items {
            prop_assert_eq!(&i["not_applicable_changed"], &serde_json::Value::Bool(na(&i["before"]) != na(&i["after"])));
        }
        let flagged = items.iter().filter(|i| i["not_applicable_changed"] == true).count();
        prop_assert_eq!(&v["summary"]["not_applicable_changed"], &serde_json::Value::from(flagged));
    }
}
