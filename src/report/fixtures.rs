//! Sessions for the report tests: a small hand-made checklist for properties, and a story on the
//! bundled `four-winds-25` (two quarters, some items better, some worse, one action done, one overdue)
//! for the snapshots. Compiled only for tests (see `report/mod.rs`), so unwrapping here is fine.

#[cfg(test)]
use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::checklist::{Checklist, FindingSource, Group, Item, Level, Text};
use crate::session::{Action, ActionStatus, Rating, Session};

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn today() -> NaiveDate {
    day("2026-11-23")
}

/// A checklist with two groups; `items` chooses which of the item ids `x1..x3`, `y1..y3` it has.
pub fn small_checklist(items: &[&str]) -> Checklist {
    let group = |id: &str, prefix: &str| Group {
        id: id.into(),
        title: Text::new(format!("组{id}"), format!("Group {id}")),
        items: items
            .iter()
            .filter(|i| i.starts_with(prefix))
            .map(|i| Item {
                id: (*i).into(),
                text: Text::new(format!("条目{i}"), format!("Item {i}")),
                hint: None,
            })
            .collect(),
    };
    Checklist {
        id: "small".into(),
        version: 1,
        title: Text::new("小清单", "Small list"),
        description: None,
        source: Text::same("test"),
        scale: (0..=4)
            .map(|v| Level {
                value: v,
                label: Text::new(format!("级{v}"), format!("level {v}")),
                description: None,
            })
            .collect(),
        sources: vec![FindingSource {
            id: "self".into(),
            label: Text::new("自己找", "Found by oneself"),
        }],
        causes: Vec::new(),
        groups: [group("x", "x"), group("y", "y")]
            .into_iter()
            .filter(|g| !g.items.is_empty())
            .collect(),
    }
}

pub fn four_winds() -> Checklist {
    crate::checklist::bundled::all()
        .into_iter()
        .find_map(|(_, c)| c.ok().filter(|c| c.id == "four-winds-25"))
        .unwrap()
}

pub fn action(text: &str, due: &str, status: ActionStatus) -> Action {
    Action {
        text: text.into(),
        due: Some(day(due)),
        status,
        done_on: (status == ActionStatus::Done).then(|| day("2026-06-20")),
        ..Action::default()
    }
}

fn rate(s: &mut Session, item: &str, r: Rating) {
    s.answer_mut(item).unwrap().rating = r;
}

/// The first quarter: every item rated, a few problems, three actions promised.
pub fn story_a() -> Session {
    let mut s = Session::new(
        "20260301-four-winds-25".into(),
        four_winds(),
        at("2026-03-01T09:00:00+08:00"),
    );
    s.label = Some("2026年第一季度".into());
    let ids: Vec<String> = s.answers.iter().map(|a| a.item.clone()).collect();
    for id in &ids {
        rate(&mut s, id, Rating::Value(0));
    }
    rate(&mut s, "f1", Rating::Value(3));
    rate(&mut s, "f2", Rating::Value(2));
    rate(&mut s, "f3", Rating::Value(4));
    rate(&mut s, "b1", Rating::Value(1));
    rate(&mut s, "b3", Rating::Value(2));
    rate(&mut s, "h1", Rating::NotApplicable);
    rate(&mut s, "h2", Rating::Unrated);
    let f3 = s.answer_mut("f3").unwrap();
    f3.manifestation = "会议多、文件多,一周开会五次。".into();
    f3.actions.push(action(
        "精简会议,每周不超过两次",
        "2026-06-30",
        ActionStatus::Open,
    ));
    s.answer_mut("b1").unwrap().actions.push(action(
        "每月下基层一次",
        "2026-12-31",
        ActionStatus::Open,
    ));
    s.answer_mut("b3").unwrap().actions.push(action(
        "清理超标办公用房",
        "2026-05-01",
        ActionStatus::Open,
    ));
    s.answer_mut("e1").unwrap().actions.push(action(
        "停办节庆活动",
        "2026-04-01",
        ActionStatus::Open,
    ));
    s
}

/// The fourth quarter: formalism better, bureaucratism worse, one action done, one overdue.
pub fn story_b() -> Session {
    let mut s = story_a();
    s.id = "20261120-four-winds-25".into();
    s.label = Some("2026年第四季度".into());
    s.created = at("2026-11-20T09:00:00+08:00");
    s.updated = s.created;
    rate(&mut s, "f1", Rating::Value(1));
    rate(&mut s, "f3", Rating::Value(2));
    rate(&mut s, "b1", Rating::Value(3));
    rate(&mut s, "h1", Rating::Value(1));
    rate(&mut s, "h2", Rating::Value(0));
    let f3 = s.answer_mut("f3").unwrap();
    f3.manifestation = "会议减少到每周两次,但文件仍多。".into();
    f3.actions[0].status = ActionStatus::Done;
    f3.actions[0].done_on = Some(day("2026-06-20"));
    s.answer_mut("f1").unwrap().actions.push(action(
        "不开无实效的会",
        "2026-12-07",
        ActionStatus::Open,
    ));
    let e1 = s.answer_mut("e1").unwrap();
    e1.actions[0].status = ActionStatus::Dropped;
    e1.actions[0].note = "活动已由上级统一取消".into();
    s
}
