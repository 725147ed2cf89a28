//! `zicha import DIR` and `zicha unit` as a branch secretary meets them: members' files in a folder,
//! some handed in twice, one from a newer zicha, one damaged; then the summary with a roster.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn zicha(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("zicha").unwrap();
    cmd.env_clear()
        .env("ZICHA_DATA_DIR", data)
        .env("ZICHA_NOW", "2026-11-23T10:00:00+08:00")
        .env("LANG", "C.UTF-8")
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

const NAMES: [&str; 12] = [
    "张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "钱一", "冯二", "陈三", "褚四",
];

/// A member's session as the JSON export, with `flags` items rated 3 and a note on the first.
fn member_json(src: &Path, name: &str, flags: &[&str]) -> Value {
    let out = zicha(src)
        .args([
            "new",
            "four-winds-25",
            "--no-open",
            "--unit",
            "第一支部",
            "--label",
            "2026年度",
            "--name",
            name,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let id = String::from_utf8(out).unwrap().trim().to_string();
    let out = zicha(src)
        .args(["export", &id, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut v: Value = serde_json::from_slice(&out).unwrap();
    for a in v["answers"].as_array_mut().unwrap() {
        let item = a["item"].as_str().unwrap().to_string();
        if flags.contains(&item.as_str()) {
            a["rating"] = 3.into();
            a["manifestation"] = format!("{name}:{item} 的具体表现").into();
        } else {
            a["rating"] = 0.into();
        }
    }
    v
}

/// The folder the members handed in: 12 members, two of them twice, one file from a newer zicha
/// (陈三's), one damaged (褚四's). Returns the folder.
fn handed_in(t: &Path) -> PathBuf {
    let src = t.join("members");
    let dir = t.join("handed-in");
    fs::create_dir_all(dir.join("sub")).unwrap();
    for (i, name) in NAMES.iter().enumerate() {
        // f3 is flagged by everyone but the last four; f1 by every third; b2 by one.
        let mut flags = Vec::new();
        if i < 8 {
            flags.push("f3");
        }
        if i % 3 == 0 {
            flags.push("f1");
        }
        if i == 1 {
            flags.push("b2");
        }
        let mut v = member_json(&src, name, &flags);
        let file = dir.join(format!("{name}.json"));
        match *name {
            "陈三" => v["format"] = 99.into(),
            "褚四" => {
                fs::write(&file, "{\"format\": 2, \"id\": ").unwrap();
                continue;
            }
            _ => {}
        }
        let text = serde_json::to_string_pretty(&v).unwrap();
        fs::write(&file, &text).unwrap();
        if i < 2 {
            fs::write(dir.join("sub").join(format!("{name}-again.json")), &text).unwrap();
        }
    }
    fs::write(dir.join("readme.txt"), "not a session").unwrap();
    dir
}

#[test]
fn a_folder_of_members_files_is_taken_and_the_unit_summary_names_who_is_missing() {
    let t = tempfile::tempdir().unwrap();
    let dir = handed_in(t.path());
    let data = t.path().join("data");
    let assert = zicha(&data)
        .args(["--lang", "en", "import"])
        .arg(&dir)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "10 imported, 2 already here, 2 refused.",
        ))
        .stderr(
            predicate::str::contains("陈三.json")
                .and(predicate::str::contains("newer version of zicha"))
                .and(predicate::str::contains("褚四.json:1:")),
        );
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("张三.json is already here (session 20261123-four-winds-25)"),
        "{out}"
    );

    // Importing the folder again takes nothing twice.
    zicha(&data)
        .args(["--lang", "en", "import"])
        .arg(&dir)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "0 imported, 12 already here, 2 refused.",
        ));

    let roster = t.path().join("members.txt");
    fs::write(&roster, NAMES.join("\n")).unwrap();
    let out = zicha(&data)
        .args(["--lang", "en", "unit", "four-winds-25", "--roster"])
        .arg(&roster)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("12 on the roster, 10 handed in, 2 missing."),
        "{text}"
    );
    assert!(text.contains("Missing: 陈三, 褚四"), "{text}");
    let f3 = text.find("f3 ").unwrap();
    let f1 = text.find("f1 ").unwrap();
    let b2 = text.find("b2 ").unwrap();
    assert!(f3 < f1 && f1 < b2, "ranked by flagged count: {text}");
    assert!(text.contains("[8 flagged]"), "{text}");

    let out = zicha(&data)
        .args(["unit", "--format", "json", "--roster"])
        .arg(&roster)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["checklist"], "four-winds-25");
    assert_eq!(v["respondents"].as_array().unwrap().len(), 10);
    assert_eq!(v["missing"], serde_json::json!(["陈三", "褚四"]));
    assert_eq!(v["items"][0]["item"], "f3");
    assert_eq!(v["items"][0]["flagged"], 8);
    assert_eq!(v["items"][0]["ratings"]["3"], 8);
    assert_eq!(v["items"][0]["ratings"]["0"], 2);
    // f1: members 0, 3, 6, 9 (陈三 is 10, refused), in respondent order (unit, then name).
    assert_eq!(
        v["items"][1]["who"],
        serde_json::json!(["冯二", "吴九", "张三", "赵六"])
    );
}

#[test]
fn same_id_other_content_is_refused_unless_renamed_and_stdin_works() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("src");
    let v = member_json(&src, "张三", &["f3"]);
    let text = serde_json::to_string(&v).unwrap();
    let data = t.path().join("data");
    zicha(&data)
        .args(["--lang", "en", "import", "-"])
        .write_stdin(text.clone())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported <stdin> as session 20261123-four-winds-25",
        ));
    let mut changed = v.clone();
    changed["answers"][0]["manifestation"] = "另一份".into();
    let file = t.path().join("changed.json");
    fs::write(&file, serde_json::to_string(&changed).unwrap()).unwrap();
    zicha(&data)
        .args(["--lang", "en", "import"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("refused").and(predicate::str::contains("already exists")),
        );
    zicha(&data)
        .args(["--lang", "en", "import", "--rename"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("20261123-four-winds-25-2"));
}

#[test]
fn unit_outputs_are_private_and_csv_has_a_bom() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("src");
    let v = member_json(&src, "张三", &["f3"]);
    let file = t.path().join("z.json");
    fs::write(&file, serde_json::to_string(&v).unwrap()).unwrap();
    let data = t.path().join("data");
    zicha(&data).arg("import").arg(&file).assert().success();
    let out = t.path().join("unit.csv");
    zicha(&data)
        .args(["unit", "--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .success();
    let bytes = fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    zicha(&data)
        .args(["--lang", "en", "unit", "four-winds-25", "--unit", "财务处"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "No sessions of checklist four-winds-25 of unit \"财务处\"",
        ));
    // The Word summary goes to a pipe as it is (tests/unit_docs.rs reads it back).
    let docx = zicha(&data)
        .args(["--lang", "en", "unit", "--format", "docx"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(docx.starts_with(b"PK\x03\x04"));
}

/// A name handed in with a bidi override: JSON keeps it, losslessly escaped (valid JSON), and the
/// text for people shows it as a visible escape instead of letting it reorder the line.
#[test]
fn a_hostile_name_stays_valid_json_and_visible_text() {
    let t = tempfile::tempdir().unwrap();
    let name = "王\u{202e}五";
    // `new` refuses such a name; a file handed in may still hold one.
    let mut v = member_json(t.path(), "王五", &["f1"]);
    v["name"] = name.into();
    let file = t.path().join("m.json");
    fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
    let data = t.path().join("data");
    zicha(&data).arg("import").arg(&file).assert().success();
    let out = zicha(&data)
        .args(["unit", "four-winds-25", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\u{202e}'), "raw bidi in stdout");
    let j: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(j["respondents"][0]["name"], name);
    zicha(&data)
        .args(["--lang", "en", "unit", "four-winds-25"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("王\\u{202e}五")
                .and(predicate::str::contains('\u{202e}').not()),
        );
}

/// With a roster, nobody having handed in is an answer, everyone missing; and with `--label` and
/// no checklist, the checklist is that of the most recent session of that round.
#[test]
fn an_empty_round_names_everyone_missing_and_a_label_picks_its_checklist() {
    let t = tempfile::tempdir().unwrap();
    let data = t.path();
    for (checklist, label, name) in [
        ("four-winds-25", "2014年第一季度", "张三"),
        ("special-rectification-21", "2014年第二季度", "李四"),
    ] {
        zicha(data)
            .args([
                "new",
                checklist,
                "--no-open",
                "--label",
                label,
                "--name",
                name,
            ])
            .assert()
            .success();
    }
    let roster = data.join("members.txt");
    fs::write(&roster, "王五\n赵六\n").unwrap();
    zicha(data)
        .args([
            "--lang",
            "zh",
            "unit",
            "four-winds-25",
            "--label",
            "无此批次",
            "--roster",
        ])
        .arg(&roster)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("名单 2 人，已交 0 人，未交 2 人。")
                .and(predicate::str::contains("未交：王五、赵六")),
        );
    zicha(data)
        .args(["--lang", "zh", "unit", "--label", "2014年第一季度"])
        .assert()
        .success()
        .stdout(predicate::str::contains("四风").and(predicate::str::contains("已交 1 人")));
}

/// "Already here" means the same session, not the same bytes: a copy only looked at (its viewer's
/// cursor saved) is the one handed in, and a file taken in under `--rename` once is not taken
/// again on the next run.
#[test]
fn handing_in_again_is_already_here_after_viewing_or_a_rename() {
    let t = tempfile::tempdir().unwrap();
    let v = member_json(t.path(), "张三", &["f1"]);
    let file = t.path().join("zhang.json");
    fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
    let data = t.path().join("data");
    zicha(&data).arg("import").arg(&file).assert().success();
    // The secretary opens it and moves to the third item: only `position` changes.
    let store = zicha::session::Store::at(&data);
    let id = v["id"].as_str().unwrap().to_string();
    let mut s = store.load(&id).unwrap().session;
    s.position = Some(zicha::session::model::Position {
        item: "f3".into(),
        field: Default::default(),
    });
    store.save(&s, zicha::session::model::FORMAT).unwrap();
    zicha(&data)
        .args(["--lang", "en", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("already here"));
    // Another session under the same id, taken in with --rename twice: one copy.
    let mut other = v.clone();
    other["label"] = "另一次".into();
    let other_file = t.path().join("other.json");
    fs::write(&other_file, serde_json::to_vec(&other).unwrap()).unwrap();
    for _ in 0..2 {
        zicha(&data)
            .args(["import", "--rename"])
            .arg(&other_file)
            .assert()
            .success();
    }
    assert_eq!(store.ids().unwrap().len(), 2, "{:?}", store.ids().unwrap());
}
