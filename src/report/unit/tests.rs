use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::i18n::Lang;
use crate::report::fixtures::{action, at, four_winds, small_checklist, today};
use crate::session::{ActionStatus, Rating, Session};

fn member(id: &str, name: &str, unit: Option<&str>, ratings: &[(&str, i64, &str)]) -> Session {
    let mut s = Session::new(id.into(), four_winds(), at("2026-10-01T09:00:00+08:00"));
    s.name = Some(name.into());
    s.unit = unit.map(String::from);
    s.label = Some("2026年第三季度".into());
    for (item, v, note) in ratings {
        let a = s.answer_mut(item).unwrap();
        a.rating = Rating::Value(*v);
        a.manifestation = (*note).into();
    }
    s
}

/// Four members of one branch: two of them share a name and are in different units.
fn story() -> Vec<Session> {
    let mut zhang = member(
        "zhang",
        "张三",
        Some("第一支部"),
        &[("f3", 3, "例会每周三次"), ("f1", 2, "调研走过场")],
    );
    let mut overdue = action("合并例会", "2026-11-01", ActionStatus::Open);
    overdue.owner = Some("张三".into());
    zhang.answer_mut("f3").unwrap().actions.push(overdue);
    zhang.assign_action_ids();
    let li = member("li", "李四", Some("第一支部"), &[("f3", 2, "材料层层加码")]);
    let wang = member(
        "wang",
        "王五",
        Some("第一支部"),
        &[("f3", 0, ""), ("f1", 0, "")],
    );
    let other_zhang = member("zhang2", "张三", Some("第二支部"), &[("f1", 4, "")]);
    vec![zhang, li, wang, other_zhang]
}

fn unit_of(sessions: &[Session], roster: Option<&Roster>) -> Unit {
    let mut forms = Forms::default();
    let members = sessions
        .iter()
        .map(|s| Member::of(s, today(), &mut forms))
        .collect();
    let filter = Filter {
        checklist: "four-winds-25".into(),
        label: Some("2026年第三季度".into()),
        unit: None,
    };
    build(&filter, members, roster, today())
}

fn roster() -> Roster {
    Roster::parse(
        Path::new("members.txt"),
        "张三\n李四\n\n王五\n赵六\n# comment\n孙七\n".as_bytes(),
    )
    .unwrap()
}

#[test]
fn items_are_ranked_by_how_many_flagged_them_with_who() {
    let u = unit_of(&story(), None);
    let top: Vec<(&str, usize)> = u
        .items
        .iter()
        .take(2)
        .map(|i| (i.id.as_str(), i.flagged))
        .collect();
    // The lowest level (0) is not a problem: 王五's two answers flag nothing.
    assert_eq!(top, [("f1", 2), ("f3", 2)]);
    let f1 = &u.items[0];
    assert_eq!(
        names_of(&u, &f1.who, Lang::Zh),
        "张三 (第一支部)、张三 (第二支部)"
    );
    assert_eq!(f1.ratings.get(&4), Some(&1));
    assert_eq!(f1.ratings.get(&0), Some(&1));
    assert_eq!(f1.mean, Some((2.0 + 0.0 + 4.0) / 3.0));
    assert_eq!(f1.unrated, 1);
    let notes: Vec<_> = u.notes(f1).map(|(_, n)| n).collect();
    assert_eq!(notes, ["调研走过场"]);
    assert_eq!(u.overdue_count(), 1);
}

#[test]
fn the_roster_names_who_did_not_hand_in() {
    let u = unit_of(&story(), Some(&roster()));
    assert_eq!(u.missing, ["赵六", "孙七"]);
    assert_eq!(u.roster_size, Some(5));
}

#[test]
fn a_csv_roster_with_a_bom_and_a_unit_column_matches_name_and_unit() {
    let csv = "\u{feff}序号,姓名,单位\n1,张三,第一支部\n2,张三,第三支部\n3,\"李四\",第一支部\n";
    let r = Roster::parse(Path::new("members.csv"), csv.as_bytes()).unwrap();
    assert_eq!(r.entries.len(), 3);
    let u = unit_of(&story(), Some(&r));
    assert_eq!(u.missing, ["张三 (第三支部)"]);
    let en = "Name,Unit\nWang Wu,\n";
    let r = Roster::parse(Path::new("m.csv"), en.as_bytes()).unwrap();
    assert_eq!(r.entries[0].name, "Wang Wu");
    assert_eq!(r.entries[0].unit, None);
}

/// The counts add up: handed in + missing = the roster; whoever handed in without being on the
/// roster is named apart; a member who gave no unit answers to the only entry of their name.
#[test]
fn roster_counts_add_up_and_strangers_are_named() {
    let mut sessions = story();
    sessions[1].unit = None; // 李四 gave no unit; the roster says 第一支部.
    let csv = "姓名,单位\n李四,第一支部\n王五,第二支部\n赵六,\n";
    let r = Roster::parse(Path::new("m.csv"), csv.as_bytes()).unwrap();
    let u = unit_of(&sessions, Some(&r));
    // 王五 is of 第一支部, not the roster's 第二支部: missing, and a stranger.
    assert_eq!(u.missing, ["王五", "赵六"]);
    let strangers: Vec<&str> = u
        .not_on_roster
        .iter()
        .map(|&i| u.names[i].as_str())
        .collect();
    assert_eq!(strangers.len(), 3, "{strangers:?}");
    assert!(strangers.contains(&"王五"), "{strangers:?}");
    let text = render_text(&u, Lang::Zh);
    assert!(text.contains("名单 3 人，已交 1 人，未交 2 人。"), "{text}");
    assert!(
        text.contains("交了但不在名单上：") && text.contains("王五"),
        "{text}"
    );
}

#[test]
fn a_csv_roster_without_a_name_column_is_an_error_naming_the_file() {
    let e = Roster::parse(Path::new("m.csv"), "a,b\n1,2\n".as_bytes()).unwrap_err();
    let text = e.render(Lang::En);
    assert!(text.contains("m.csv"), "{text}");
    assert!(text.contains("name column"), "{text}");
    let e = Roster::parse(Path::new("m.txt"), b"\xff\xfe").unwrap_err();
    assert!(e.render(Lang::Zh).contains("UTF-8"));
}

#[test]
fn the_latest_session_of_each_respondent_counts_and_filters_apply() {
    let mut sessions = story();
    let mut newer = member("zhang-q4", "张三", Some("第一支部"), &[("b1", 2, "")]);
    newer.created = at("2026-11-01T09:00:00+08:00");
    sessions.push(newer);
    let mut other_label = member("li-q2", "李四", Some("第一支部"), &[]);
    other_label.label = Some("2026年第二季度".into());
    other_label.created = at("2026-12-01T09:00:00+08:00");
    sessions.push(other_label);
    let summaries: Vec<_> = sessions.iter().map(crate::session::Summary::of).collect();
    let filter = Filter {
        checklist: "four-winds-25".into(),
        label: Some("2026年第三季度".into()),
        unit: Some(" 第一支部".into()),
    };
    let chosen: Vec<String> = latest_per_respondent(summaries, &filter)
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(chosen, ["zhang-q4", "li", "wang"]);
}

#[test]
fn snapshots_text_md_json_csv() {
    let u = unit_of(&story(), Some(&roster()));
    insta::assert_snapshot!("unit_text_zh", render_text(&u, Lang::Zh));
    insta::assert_snapshot!("unit_text_en", render_text(&u, Lang::En));
    insta::assert_snapshot!("unit_md_zh", render_markdown(&u, Lang::Zh));
    insta::assert_snapshot!("unit_md_en", render_markdown(&u, Lang::En));
    insta::assert_snapshot!("unit_json", render_json(&u));
    let csv = render_csv(&u, Lang::Zh).unwrap();
    assert!(csv.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(csv).unwrap();
    // A header and one row per respondent × item.
    assert_eq!(text.lines().count(), 1 + 4 * four_winds().item_count());
    assert!(text.contains("张三,第一支部,zhang,f3,"));
}

#[test]
fn the_json_has_the_contracted_shape() {
    let u = unit_of(&story(), Some(&roster()));
    let v = to_json(&u);
    for key in [
        "checklist",
        "label",
        "respondents",
        "missing",
        "items",
        "groups",
        "overdue",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let r = &v["respondents"][0];
    for key in [
        "name",
        "unit",
        "session",
        "rated",
        "items",
        "open_actions",
        "overdue_actions",
    ] {
        assert!(r.get(key).is_some(), "respondent lacks {key}");
    }
    let i = &v["items"][0];
    for key in [
        "item", "group", "flagged", "ratings", "na", "unrated", "mean", "who",
    ] {
        assert!(i.get(key).is_some(), "item lacks {key}");
    }
    assert!(i["ratings"].is_object());
    assert_eq!(v["groups"][0].as_object().unwrap().len(), 2);
    let o = &v["overdue"][0];
    for key in ["name", "unit", "session", "item", "text", "due", "owner"] {
        assert!(o.get(key).is_some(), "overdue lacks {key}");
    }
    assert_eq!(o["due"], "2026-11-01");
    assert_eq!(v["missing"], serde_json::json!(["赵六", "孙七"]));
}

// ---- properties

fn arb_rating() -> impl Strategy<Value = Rating> {
    prop_oneof![
        Just(Rating::Unrated),
        Just(Rating::NotApplicable),
        (0i64..=4).prop_map(Rating::Value),
    ]
}

proptest! {
    #[test]
    fn flagged_counts_add_up_to_the_respondents_answers(
        specs in proptest::collection::vec((0usize..4, 0usize..3, proptest::collection::vec(arb_rating(), 6)), 0..12)
    ) {
        let checklist = small_checklist(&["x1", "x2", "x3", "y1", "y2", "y3"]);
        let mut forms = Forms::default();
        let members: Vec<Member> = specs
            .iter()
            .enumerate()
            .map(|(n, (name, unit, ratings))| {
                let mut s = Session::new(format!("s{n}"), checklist.clone(), at("2026-01-01T00:00:00Z"));
                s.name = Some(format!("n{name}"));
                s.unit = Some(format!("u{unit}"));
                for (a, r) in s.answers.iter_mut().zip(ratings) {
                    a.rating = *r;
                }
                Member::of(&s, today(), &mut forms)
            })
            .collect();
        let per_member: usize = members.iter().map(Member::flagged).sum();
        let filter = Filter { checklist: "small".into(), ..Filter::default() };
        let u = build(&filter, members, None, today());
        let per_item: usize = u.items.iter().map(|i| i.flagged).sum();
        prop_assert_eq!(per_item, per_member);
        for item in &u.items {
            let valued: usize = item.ratings.values().sum();
            prop_assert_eq!(valued + item.na + item.unrated, u.respondents.len());
            prop_assert_eq!(item.who.len(), item.flagged);
            let above_lowest: usize = item.ratings.iter().filter(|(v, _)| **v > 0).map(|(_, n)| n).sum();
            prop_assert_eq!(above_lowest, item.flagged);
        }
        prop_assert!(u.items.windows(2).all(|w| w[0].flagged >= w[1].flagged));
    }
}
