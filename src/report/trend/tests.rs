//! Tests of the trend: ordering, gaps and scales, and snapshots of every rendering.

use super::*;

use crate::i18n::Lang;
use crate::report::fixtures::*;
use crate::session::{Rating, Session};
use proptest::prelude::*;

/// Three quarters: the middle one half done (unrated items are gaps, not zeros).
fn story() -> Vec<Session> {
    let (a, b) = (story_a(), story_b());
    let mut mid = story_a();
    mid.id = "20260615-four-winds-25".into();
    mid.label = Some("2026年第二季度".into());
    mid.created = at("2026-06-15T09:00:00+08:00");
    for answer in mid.answers.iter_mut().skip(10) {
        answer.rating = Rating::Unrated;
    }
    mid.answer_mut("f1").unwrap().rating = Rating::Value(2);
    vec![b, a, mid]
}

#[test]
fn sessions_come_out_in_time_order_with_gaps_as_gaps() {
    let sessions = story();
    let t = trend("four-winds-25", &sessions, None, today());
    let ids: Vec<&str> = t.sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "20260301-four-winds-25",
            "20260615-four-winds-25",
            "20261120-four-winds-25"
        ]
    );
    let spark = |id: &str| t.sparkline(t.items.iter().find(|i| i.id == id).unwrap());
    assert_eq!(spark("f1"), "▆▄▂", "3, 2, 1 on a 0..4 scale");
    assert_eq!(spark("h1"), "- ▂", "not applicable, unrated, 1");
    assert_eq!(
        spark("h2"),
        "  ▁",
        "unrated twice, then 0: a bar, not a gap"
    );
    let formalism = &t.groups[0];
    assert_eq!(formalism.scores, [Some(9), Some(8), Some(5)]);
    let extravagance = &t.groups[3];
    assert_eq!(
        extravagance.scores,
        [Some(0), None, Some(0)],
        "nothing rated is not zero"
    );
    assert_eq!(t.open_actions, [4, 4, 3]);
    assert_eq!(t.overdue_actions, [3, 3, 1], "judged on today");
}

#[test]
fn last_keeps_the_newest_sessions() {
    let sessions = story();
    let t = trend("four-winds-25", &sessions, Some(2), today());
    assert_eq!(t.sessions.len(), 2);
    assert_eq!(t.total_sessions, 3);
    assert_eq!(t.sessions[1].id, "20261120-four-winds-25");
    assert!(render_text(&t, Lang::En).contains("The last 2 of 3 sessions"));
}

#[test]
fn other_checklists_are_ignored_and_items_of_older_versions_are_kept() {
    let mut old = Session::new(
        "old".into(),
        small_checklist(&["x1", "x2"]),
        at("2026-01-01T00:00:00Z"),
    );
    old.answers[1].rating = Rating::Value(4);
    let mut new = Session::new(
        "new".into(),
        small_checklist(&["x1", "y1"]),
        at("2026-02-01T00:00:00Z"),
    );
    new.answers[1].rating = Rating::Value(2);
    let other = story_a();
    let t = trend("small", [&new, &other, &old], None, today());
    assert_eq!(t.sessions.len(), 2);
    let ids: Vec<&str> = t.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        ["x1", "x2", "y1"],
        "the newest checklist's order, then the dropped x2 in its group"
    );
    assert_eq!(t.items[1].ratings, [Rating::Value(4), Rating::Unrated]);
    assert_eq!(t.total, [Some(4), Some(2)]);
}

#[test]
fn moved_items_and_chart_points_leave_gaps_out() {
    let sessions = story();
    let t = trend("four-winds-25", &sessions, None, today());
    let moved: Vec<(&str, i64, i64)> = t
        .moved()
        .iter()
        .map(|m| (m.item.id.as_str(), m.first, m.last))
        .collect();
    assert_eq!(moved, [("f1", 3, 1), ("f3", 4, 2), ("b1", 1, 3)]);
    assert_eq!(
        chart_points(&t.groups[3].scores),
        [(0.0, 0.0), (2.0, 0.0)],
        "the session with nothing rated is a gap, not a zero"
    );
}

#[test]
fn sparkline_scales_to_five_bars_and_clamps() {
    let r: Vec<Rating> = (0..=4).map(Rating::Value).collect();
    assert_eq!(sparkline(&r, 0, 4), "▁▂▄▆█");
    assert_eq!(
        sparkline(&[Rating::Value(9), Rating::Value(-3)], 0, 4),
        "█▁"
    );
    assert_eq!(sparkline(&[Rating::Value(1)], 1, 2), "▁");
    assert_eq!(sparkline(&[Rating::Value(2)], 1, 2), "█");
    assert_eq!(
        sparkline(&[Rating::Value(i64::MAX)], i64::MIN, i64::MAX),
        "█"
    );
}

#[test]
fn json_follows_the_contract() {
    let sessions = story();
    let t = trend("four-winds-25", &sessions, None, today());
    let v: serde_json::Value = serde_json::from_str(&render_json(&t)).unwrap();
    assert_eq!(v["checklist"], "four-winds-25");
    assert_eq!(v["sessions"][0]["id"], "20260301-four-winds-25");
    assert_eq!(v["sessions"][0]["label"], "2026年第一季度");
    assert_eq!(v["sessions"][0]["created"], "2026-03-01T09:00:00+08:00");
    assert_eq!(v["groups"][3]["group"], "extravagance");
    assert_eq!(v["groups"][3]["scores"], serde_json::json!([0, null, 0]));
    let h1 = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "h1")
        .unwrap();
    assert_eq!(h1["ratings"], serde_json::json!(["na", null, 1]));
    assert_eq!(v["open_actions"], serde_json::json!([4, 4, 3]));
    assert_eq!(v["overdue_actions"], serde_json::json!([3, 3, 1]));
}

#[test]
fn snapshots_of_every_format_and_language() {
    let sessions = story();
    let t = trend("four-winds-25", &sessions, None, today());
    insta::assert_snapshot!("trend_text_zh", render_text(&t, Lang::Zh));
    insta::assert_snapshot!("trend_text_en", render_text(&t, Lang::En));
    insta::assert_snapshot!("trend_md_zh", render_markdown(&t, Lang::Zh));
    insta::assert_snapshot!("trend_md_en", render_markdown(&t, Lang::En));
    insta::assert_snapshot!("trend_json", render_json(&t));
}

// ---- properties

fn arb_rating() -> impl Strategy<Value = Rating> {
    prop_oneof![
        Just(Rating::Unrated),
        Just(Rating::NotApplicable),
        (0i64..=4).prop_map(Rating::Value),
    ]
}

fn arb_sessions() -> impl Strategy<Value = Vec<Session>> {
    proptest::collection::vec(
        (0i64..400, proptest::collection::vec(arb_rating(), 6)),
        1..8,
    )
    .prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(n, (days, ratings))| {
                let created = at("2026-01-01T00:00:00Z") + chrono::Duration::days(days);
                let mut s = Session::new(
                    format!("s{n}"),
                    small_checklist(&["x1", "x2", "x3", "y1", "y2", "y3"]),
                    created,
                );
                for (a, r) in s.answers.iter_mut().zip(ratings) {
                    a.rating = r;
                }
                s
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn any_input_order_gives_the_same_time_ordered_trend(
        (sessions, shuffled) in arb_sessions().prop_flat_map(|s| (Just(s.clone()), Just(s).prop_shuffle()))
    ) {
        let t = trend("small", &sessions, None, today());
        let u = trend("small", &shuffled, None, today());
        prop_assert!(t.sessions.windows(2).all(|w| (w[0].created, &w[0].id) <= (w[1].created, &w[1].id)));
        prop_assert_eq!(&t, &u);
    }

    #[test]
    fn gaps_stay_gaps_and_values_stay_bars(sessions in arb_sessions()) {
        let t = trend("small", &sessions, None, today());
        for item in &t.items {
            let line: Vec<char> = t.sparkline(item).chars().collect();
            prop_assert_eq!(line.len(), t.sessions.len());
            for (r, c) in item.ratings.iter().zip(&line) {
                match r {
                    Rating::Unrated => prop_assert_eq!(*c, GAP_UNRATED),
                    Rating::NotApplicable => prop_assert_eq!(*c, GAP_NOT_APPLICABLE),
                    Rating::Value(_) => prop_assert!(BARS.contains(c)),
                }
            }
        }
        // A group with nothing rated has no score (null), never 0.
        for (g, scores) in t.groups.iter().map(|g| (g, &g.scores)) {
            for (col, score) in scores.iter().enumerate() {
                let rated = t.items.iter().filter(|i| i.group == g.id).any(|i| i.ratings[col].value().is_some());
                prop_assert_eq!(score.is_some(), rated);
            }
        }
    }
}
