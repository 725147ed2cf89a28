//! A person's self-examinations over time (SPEC §10, issue 12): `new --from` carries the open
//! measures forward with their identity, `list` names the respondent, `diff` and `trend` compare a
//! person only with themself. Sessions are filled in through the store (as the TUI would) and the
//! commands run on the real binary.

use std::path::Path;

use assert_cmd::Command;
use chrono::{DateTime, FixedOffset, NaiveDate};
use tempfile::TempDir;
use zicha::checklist::Checklist;
use zicha::session::{Action, ActionStatus, NewSession, Rating, Session, Store};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn four_winds() -> Checklist {
    zicha::checklist::bundled::all()
        .into_iter()
        .find_map(|(_, c)| c.ok().filter(|c| c.id == "four-winds-25"))
        .unwrap()
}

fn zicha(data: &Path, now: &str) -> Command {
    let mut cmd = Command::cargo_bin("zicha").unwrap();
    cmd.env("ZICHA_DATA_DIR", data)
        .env("ZICHA_NOW", now)
        .env_remove("ZICHA_LANG")
        .env("LANG", "C");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn json(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout(cmd)).unwrap()
}

fn act(text: &str, due: &str) -> Action {
    Action {
        text: text.into(),
        due: Some(day(due)),
        ..Action::default()
    }
}

/// Creates a session through the store for `name`, lets `edit` fill it in, saves it.
fn session(
    data: &Path,
    name: &str,
    created: &str,
    label: &str,
    edit: impl FnOnce(&mut Session),
) -> Session {
    let store = Store::at(data);
    let meta = NewSession {
        label: Some(label.into()),
        name: Some(name.into()),
        unit: Some("办公室".into()),
        from: None,
    };
    let mut s = store.create(four_winds(), meta, at(created)).unwrap();
    edit(&mut s);
    s.assign_action_ids();
    s.updated = s.created;
    store.save(&s, zicha::session::model::FORMAT).unwrap();
    s
}

fn rate(s: &mut Session, item: &str, v: i64) {
    s.answer_mut(item).unwrap().rating = Rating::Value(v);
}

/// 张三's first quarter: ratings and four actions, one done and one dropped with a reason.
fn q1(data: &Path) -> Session {
    session(
        data,
        " 张三 ",
        "2026-03-15T09:00:00+08:00",
        "2026年第一季度",
        |s| {
            rate(s, "f3", 3);
            rate(s, "b1", 2);
            rate(s, "e1", 1);
            rate(s, "h3", 2);
            s.answer_mut("f3").unwrap().manifestation = "会议偏多".into();
            let f3 = &mut s.answer_mut("f3").unwrap().actions;
            f3.push(Action {
                owner: Some("张三".into()),
                target: Some("每月例会不超过两次".into()),
                ..act("合并例会", "2026-06-30")
            });
            let h3 = &mut s.answer_mut("h3").unwrap().actions;
            h3.push(Action {
                status: ActionStatus::Done,
                done_on: Some(day("2026-04-10")),
                ..act("清退兼职报酬", "2026-04-30")
            });
            s.answer_mut("b1")
                .unwrap()
                .actions
                .push(act("每月下基层调研", "2027-03-31"));
            s.answer_mut("e1").unwrap().actions.push(Action {
                status: ActionStatus::Dropped,
                note: "与合并例会一并整改".into(),
                ..act("取消迎送仪式", "2026-05-31")
            });
        },
    )
}

/// A colleague's two sessions of the same checklist, made elsewhere and imported.
fn import_colleague(data: &Path) {
    let elsewhere = TempDir::new().unwrap();
    let a = session(
        elsewhere.path(),
        "李四",
        "2026-03-20T09:00:00+08:00",
        "Q1",
        |s| {
            rate(s, "f3", 4);
            s.answer_mut("f3")
                .unwrap()
                .actions
                .push(act("合并例会", "2026-06-30"));
        },
    );
    let b = session(
        elsewhere.path(),
        "李四",
        "2026-06-05T09:00:00+08:00",
        "Q2",
        |s| rate(s, "f3", 0),
    );
    let store = Store::at(elsewhere.path());
    let mut cmd = zicha(data, "2026-06-21T09:00:00+08:00");
    cmd.arg("import").arg("--rename");
    for s in [&a, &b] {
        cmd.arg(store.session_path(&s.id));
    }
    cmd.assert().success();
}

#[test]
fn new_from_last_carries_exactly_the_open_actions_and_the_respondent() {
    let t = TempDir::new().unwrap();
    let q1 = q1(t.path());
    let id = stdout(zicha(t.path(), "2026-06-15T09:00:00+08:00").args([
        "new",
        "four-winds-25",
        "--from",
        "last",
        "--label",
        "2026年第二季度",
        "--no-open",
    ]));
    let id = id.trim();
    let q2 = Store::at(t.path()).load(id).unwrap().session;
    assert_eq!(q2.from.as_deref(), Some(q1.id.as_str()));
    assert_eq!(
        (q2.name.as_deref(), q2.unit.as_deref()),
        (Some("张三"), Some("办公室"))
    );
    let carried: Vec<(&str, &Action)> = q2
        .answers
        .iter()
        .flat_map(|a| a.actions.iter().map(move |x| (a.item.as_str(), x)))
        .collect();
    let q1_f3 = &q1.answer("f3").unwrap().actions[0];
    let q1_b1 = &q1.answer("b1").unwrap().actions[0];
    assert_eq!(carried, [("f3", q1_f3), ("b1", q1_b1)]);
    assert_eq!(carried[0].1.target.as_deref(), Some("每月例会不超过两次"));
    // Re-examine, don't copy: no rating, note or source comes along.
    assert!(q2.answers.iter().all(|a| !a.rating.is_rated()));
    assert!(q2.answers.iter().all(|a| a.manifestation.is_empty()));

    // The list names the respondent (trimmed) and where the session came from.
    let list = json(zicha(t.path(), "2026-06-15T09:00:00+08:00").args(["list", "--json"]));
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["name"], "张三");
    assert_eq!(rows[0]["unit"], "办公室");
    assert!(rows[0]["from"].is_null());
    assert_eq!(rows[1]["id"], id);
    assert_eq!(rows[1]["from"], q1.id.as_str());
    assert_eq!(rows[1]["open_actions"], 2);
    let text = stdout(zicha(t.path(), "2026-06-15T09:00:00+08:00").arg("list"));
    assert!(text.contains("张三") && text.contains("办公室"), "{text}");

    // Name and unit can be overridden.
    let other = stdout(zicha(t.path(), "2026-06-16T09:00:00+08:00").args([
        "new",
        "four-winds-25",
        "--from",
        &q1.id,
        "--name",
        "张三丰",
        "--no-open",
    ]));
    let other = Store::at(t.path()).load(other.trim()).unwrap().session;
    assert_eq!(other.name.as_deref(), Some("张三丰"));
    assert_eq!(other.unit.as_deref(), Some("办公室"));
}

#[test]
fn new_from_a_session_of_another_checklist_is_a_clear_error() {
    let t = TempDir::new().unwrap();
    let q1 = q1(t.path());
    let out = zicha(t.path(), "2026-06-15T09:00:00+08:00")
        .args([
            "new",
            "special-rectification-21",
            "--from",
            &q1.id,
            "--no-open",
        ])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains(&q1.id)
            && err.contains("four-winds-25")
            && err.contains("special-rectification-21"),
        "{err}"
    );
    assert_eq!(
        Store::at(t.path()).ids().unwrap(),
        std::slice::from_ref(&q1.id)
    );
    zicha(t.path(), "2026-06-15T09:00:00+08:00")
        .args(["new", "four-winds-25", "--from", "nosuch", "--no-open"])
        .assert()
        .code(1);
}

#[test]
fn new_from_keeps_action_ids_apart_from_the_new_sessions_own() {
    let t = TempDir::new().unwrap();
    let q1 = q1(t.path());
    let id = stdout(zicha(t.path(), "2026-06-15T09:00:00+08:00").args([
        "new",
        "four-winds-25",
        "--from",
        &q1.id,
        "--no-open",
    ]));
    let mut q2 = Store::at(t.path()).load(id.trim()).unwrap().session;
    let fresh = q2.new_action_id();
    let all: Vec<String> = q1
        .answers
        .iter()
        .chain(&q2.answers)
        .flat_map(|a| a.actions.iter().map(|x| x.id.clone()))
        .collect();
    assert!(!all.contains(&fresh), "{fresh} in {all:?}");
    q2.answer_mut("h1").unwrap().actions.push(Action {
        id: fresh.clone(),
        ..act("每周学习一次", "2026-07-31")
    });
    assert_ne!(q2.new_action_id(), fresh);
}

/// Q2 as the user fills it in: 合并例会 done, 下基层 still open, one new measure; re-rated.
fn fill_q2(data: &Path, id: &str) -> Session {
    let store = Store::at(data);
    let mut q2 = store.load(id).unwrap().session;
    rate(&mut q2, "f3", 1);
    rate(&mut q2, "b1", 2);
    rate(&mut q2, "h3", 3);
    let f3 = &mut q2.answer_mut("f3").unwrap().actions[0];
    f3.status = ActionStatus::Done;
    f3.done_on = Some(day("2026-06-10"));
    let fresh = q2.new_action_id();
    q2.answer_mut("h1").unwrap().actions.push(Action {
        id: fresh,
        ..act("每周学习一次", "2026-09-30")
    });
    rate(&mut q2, "h1", 2);
    q2.updated = at("2026-06-16T09:00:00+08:00");
    store.save(&q2, zicha::session::model::FORMAT).unwrap();
    q2
}

/// The "done means", as a user would do it.
#[test]
fn a_quarter_carried_forward_is_compared_truthfully_and_only_with_its_own_respondent() {
    let t = TempDir::new().unwrap();
    let q1 = q1(t.path());
    let id = stdout(zicha(t.path(), "2026-06-15T09:00:00+08:00").args([
        "new",
        "four-winds-25",
        "--from",
        "last",
        "--no-open",
    ]));
    let q2 = fill_q2(t.path(), id.trim());
    import_colleague(t.path());
    let now = "2026-06-21T09:00:00+08:00";

    // `zicha diff` (the most recently updated session, 张三's Q2, against its `from`) and
    // `zicha diff Q2` say the same.
    for args in [
        vec!["diff", "--format", "json"],
        vec!["diff", "--format", "json", &q2.id],
    ] {
        let v = json(zicha(t.path(), now).args(&args));
        assert_eq!(v["a"], q1.id.as_str());
        assert_eq!(v["b"], q2.id.as_str());
        let changes: Vec<(String, String, serde_json::Value, serde_json::Value)> = v["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["text"].as_str().unwrap().to_string(),
                    a["change"].as_str().unwrap().to_string(),
                    a["before"].clone(),
                    a["after"].clone(),
                )
            })
            .collect();
        let find = |text: &str| changes.iter().find(|c| c.0 == text).unwrap().clone();
        assert_eq!(find("合并例会").1, "done");
        assert_eq!(find("每月下基层调研").1, "still_open");
        assert_eq!(find("每周学习一次").1, "new");
        let dropped = find("取消迎送仪式");
        assert_eq!(
            (dropped.2.as_str(), dropped.3.is_null()),
            (Some("dropped"), true)
        );
        assert_eq!(dropped.1, "carried", "dropped in Q1, not in Q2");
        assert_eq!(changes.len(), 5, "{changes:?}");
        let s = &v["summary"];
        assert_eq!(
            (
                s["actions_done"].as_u64(),
                s["actions_open"].as_u64(),
                s["actions_new"].as_u64(),
                s["actions_dropped"].as_u64()
            ),
            (Some(1), Some(1), Some(1), Some(0)),
            "{s}"
        );
        // 清退兼职报酬 was done in Q1 and h3 is rated a problem again: a repeat.
        assert_eq!(s["repeats"], 1);
        let items = v["items"].as_array().unwrap();
        let h3 = items.iter().find(|i| i["item"] == "h3").unwrap();
        assert_eq!(h3["repeat"], true);
        assert_eq!(items.iter().filter(|i| i["repeat"] == true).count(), 1);
    }
    let text = stdout(zicha(t.path(), now).args(["diff", "--lang", "zh"]));
    assert!(!text.contains("李四"), "{text}");
    assert!(
        text.find("问题反弹").unwrap() < text.find("评分：").unwrap(),
        "{text}"
    );
    assert!(text.contains("上次已放弃的整改措施"), "{text}");
    assert!(text.contains("已放弃：与合并例会一并整改"), "{text}");
    assert!(!text.contains("本次已删除"), "{text}");
    let md = stdout(zicha(t.path(), now).args(["diff", "--format", "md", "--lang", "en"]));
    assert!(
        md.find("came back").unwrap() < md.find("Ratings:").unwrap(),
        "{md}"
    );

    // The colleague's Q2 is compared with the colleague's Q1, never with 张三's sessions.
    let store = Store::at(t.path());
    let name_of = |id: &str| store.load(id).unwrap().session.respondent().name;
    let mut theirs: Vec<String> = store
        .ids()
        .unwrap()
        .into_iter()
        .filter(|id| name_of(id).as_deref() == Some("李四"))
        .collect();
    theirs.sort_by_key(|id| store.load(id).unwrap().session.created);
    let v = json(zicha(t.path(), now).args(["diff", "--format", "json", &theirs[1]]));
    assert_eq!(v["a"], theirs[0].as_str());
    // Naming two people's sessions is refused.
    zicha(t.path(), now)
        .args(["diff", &q1.id, &theirs[1]])
        .assert()
        .code(1);
    // A session with no predecessor of its own is a clear message.
    let err = zicha(t.path(), now)
        .args(["diff", &theirs[0], "--lang", "en"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains(&theirs[0]) && err.contains("李四"), "{err}");

    // Trend: 张三's two sessions only, and it says whose they are.
    let v = json(zicha(t.path(), now).args([
        "trend",
        "four-winds-25",
        "--name",
        "张三",
        "--format",
        "json",
    ]));
    let ids: Vec<&str> = v["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [q1.id.as_str(), q2.id.as_str()]);
    assert_eq!(v["respondent"]["name"], "张三");
    assert_eq!(v["respondent"]["unit"], "办公室");
    let v = json(zicha(t.path(), now).args(["trend", "--format", "json"]));
    assert_eq!(v["respondent"]["name"], "张三", "the most recent session's");
    assert_eq!(v["sessions"].as_array().unwrap().len(), 2);
    let v = json(zicha(t.path(), now).args(["trend", "--name", " 李四 ", "--format", "json"]));
    assert_eq!(v["respondent"]["name"], "李四");
    assert_eq!(v["sessions"].as_array().unwrap().len(), 2);
    let text = stdout(zicha(t.path(), now).args(["trend", "--lang", "zh"]));
    assert!(text.contains("对象：张三（办公室）"), "{text}");
    zicha(t.path(), now)
        .args(["trend", "--name", "王五"])
        .assert()
        .code(1);
    // 张三 and 李四 are both of 办公室: a unit alone names no one person, and a trend never
    // mixes two people's sessions.
    let err = zicha(t.path(), now)
        .args(["trend", "--unit", "办公室", "--lang", "zh"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("2 个人") && err.contains("张三（办公室）") && err.contains("李四（办公室）"),
        "{err}"
    );

    // The written review opens with how last time's measures were carried out.
    let md = stdout(zicha(t.path(), now).args([
        "export",
        &q2.id,
        "--lang",
        "zh",
        "--date",
        "2026-06-21",
    ]));
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## 一、上次整改措施落实情况",
            "## 二、存在的主要问题",
            "## 三、产生问题的原因",
            "## 四、整改措施",
            "## 附表：逐项对照检查情况"
        ]
    );
    let section = &md[md.find("## 一").unwrap()..md.find("## 二").unwrap()];
    insta::assert_snapshot!("last_time_zh", section);
    let md = stdout(zicha(t.path(), now).args([
        "export",
        &q2.id,
        "--lang",
        "en",
        "--date",
        "2026-06-21",
    ]));
    let section = &md[md.find("## I.").unwrap()..md.find("## II.").unwrap()];
    insta::assert_snapshot!("last_time_en", section);
}
