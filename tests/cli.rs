//! The command line as a user and a script meet it: the real binary, a temp data dir, a pinned clock.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn zicha(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("zicha").unwrap();
    cmd.env_clear()
        .env("ZICHA_DATA_DIR", data)
        .env("ZICHA_NOW", "2026-11-23T10:00:00+08:00")
        .env("LANG", "C.UTF-8")
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON")
}

#[test]
fn checklists_lists_the_bundled_ones_with_item_counts_in_both_languages() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path()).args(["--lang", "en", "checklists"]).assert().success().stdout(
        predicate::str::contains("four-winds-25             25 items in 4 groups  bundled  The 25 manifestations of the \"four winds\"")
            .and(predicate::str::contains("special-rectification-21  21 items in 3 groups  bundled")),
    );
    zicha(t.path())
        .env("LANG", "zh_CN.UTF-8")
        .arg("checklists")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "25 条 / 4 组  内置  “四风”问题25种表现",
        ));
}

#[test]
fn checklists_json_follows_the_contract() {
    let t = tempfile::tempdir().unwrap();
    let out = zicha(t.path())
        .args(["checklists", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v[0]["id"], "four-winds-25");
    assert_eq!(v[0]["version"], 1);
    assert_eq!(v[0]["title"]["zh"], "“四风”问题25种表现");
    assert_eq!(v[0]["groups"], 4);
    assert_eq!(v[0]["items"], 25);
    assert_eq!(v[0]["origin"], "bundled");
    assert!(v[0]["path"].is_null() && v[0]["error"].is_null());
    assert_eq!(v[1]["items"], 21);
}

#[test]
fn a_broken_user_checklist_is_listed_with_its_error_and_the_rest_works() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("checklists");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("mine.ron"),
        "(\n  id: \"mine\",\n  version: 1\n  title: \"x\",\n)",
    )
    .unwrap();
    fs::write(
        dir.join("clash.ron"),
        fs::read_to_string("checklists/four-winds-25.ron").unwrap(),
    )
    .unwrap();
    let out = zicha(t.path())
        .args(["checklists", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v.as_array().unwrap().len(), 4);
    let clash = &v[2];
    assert_eq!(clash["origin"], "user");
    assert!(
        clash["error"]
            .as_str()
            .unwrap()
            .contains("already used by bundled checklist four-winds-25")
    );
    let mine = &v[3];
    assert_eq!(mine["id"], "mine");
    assert!(
        mine["error"]
            .as_str()
            .unwrap()
            .ends_with("mine.ron:4:3: syntax error: expected `,` here."),
        "{}",
        mine["error"]
    );
    zicha(t.path())
        .args(["new", "four-winds-25", "--no-open"])
        .assert()
        .success();
}

#[test]
fn check_points_at_line_and_column_and_exits_1() {
    let t = tempfile::tempdir().unwrap();
    let bad = t.path().join("bad.ron");
    fs::write(&bad, "(\n  id: \"x\",\n  version: 1\n  title: \"t\",\n)").unwrap();
    zicha(t.path())
        .args(["--lang", "en", "check"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:4:3: syntax error: expected `,` here.",
            bad.display()
        )));
}

#[test]
fn check_reports_every_semantic_problem() {
    let t = tempfile::tempdir().unwrap();
    let bad = t.path().join("bad.ron");
    let text = fs::read_to_string("checklists/README.md").unwrap();
    let example = example_from_readme(&text)
        .replace("id: \"i2\"", "id: \"i1\"")
        .replace("value: 1,", "value: 0,");
    fs::write(&bad, example).unwrap();
    let out = zicha(t.path())
        .args(["--lang", "en", "check"])
        .arg(&bad)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("scale[1].value: scale value 0 is used twice"),
        "{err}"
    );
    assert!(
        err.contains("groups[0].items[1].id: duplicate id \"i1\""),
        "{err}"
    );
    assert!(err.contains("2 problem(s) found"), "{err}");
}

/// The first ```ron block of checklists/README.md.
fn example_from_readme(text: &str) -> String {
    let start = text.find("```ron\n").expect("README has a ron example") + 7;
    let end = start + text[start..].find("```").unwrap();
    text[start..end].to_string()
}

#[test]
fn the_readme_example_checklist_passes_check_and_can_be_used() {
    let t = tempfile::tempdir().unwrap();
    let text = fs::read_to_string("checklists/README.md").unwrap();
    let dir = t.path().join("checklists");
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("example.ron");
    fs::write(&file, example_from_readme(&text)).unwrap();
    zicha(t.path())
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(": ok ("));
    zicha(t.path())
        .args(["new", "team-weekly", "--no-open"])
        .assert()
        .success();
}

#[test]
fn new_then_list_json_shows_the_session_with_a_private_file() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path())
        .args([
            "new",
            "four-winds-25",
            "--label",
            "2014年第一季度",
            "--name",
            "张三",
            "--unit",
            "办公室",
        ])
        .assert()
        .success()
        .stdout("20261123-four-winds-25\n");
    let file = t.path().join("sessions/20261123-four-winds-25.ron");
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let out = zicha(t.path())
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v.as_array().unwrap().len(), 1);
    let s = &v[0];
    assert_eq!(s["id"], "20261123-four-winds-25");
    assert_eq!(s["checklist"], "four-winds-25");
    assert_eq!(s["label"], "2014年第一季度");
    assert_eq!(s["created"], "2026-11-23T10:00:00+08:00");
    assert_eq!(s["updated"], "2026-11-23T10:00:00+08:00");
    assert_eq!(
        (s["rated"].as_u64(), s["items"].as_u64()),
        (Some(0), Some(25))
    );
    assert_eq!(
        (s["open_actions"].as_u64(), s["overdue_actions"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(s["error"].is_null());
}

#[test]
fn a_hand_truncated_session_is_listed_as_damaged_and_left_as_it_was() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path())
        .args(["new", "four-winds-25"])
        .assert()
        .success();
    zicha(t.path())
        .args(["new", "special-rectification-21"])
        .assert()
        .success();
    let file = t.path().join("sessions/20261123-four-winds-25.ron");
    let bytes = fs::read(&file).unwrap();
    fs::write(&file, &bytes[..bytes.len() - 40]).unwrap();
    let cut = fs::read(&file).unwrap();
    let out = zicha(t.path())
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v[0]["id"], "20261123-four-winds-25");
    let err = v[0]["error"].as_str().unwrap();
    assert!(
        err.contains("20261123-four-winds-25.ron:") && err.contains("damaged"),
        "{err}"
    );
    assert!(v[1]["error"].is_null());
    zicha(t.path())
        .args(["--lang", "en", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("damaged").and(predicate::str::contains("left untouched")),
        );
    assert_eq!(fs::read(&file).unwrap(), cut);
}

#[test]
fn unknown_checklist_and_session_are_clear_errors_in_the_chosen_language() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path())
        .args(["--lang", "en", "new", "nope"])
        .assert()
        .code(1)
        .stderr("zicha: no checklist \"nope\". Run zicha checklists to see the ones available.\n");
    zicha(t.path())
        .env("ZICHA_LANG", "zh")
        .args(["new", "nope"])
        .assert()
        .code(1)
        .stderr("zicha: 没有清单「nope」。用 zicha checklists 查看可用清单。\n");
    zicha(t.path())
        .env("LC_ALL", "zh_CN.UTF-8")
        .args(["fill", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("没有会话「nope」"));
}

#[test]
fn usage_errors_exit_2_and_version_exits_0() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path()).arg("--bogus").assert().code(2);
    zicha(t.path())
        .args(["--lang", "fr", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("use zh or en"));
    zicha(t.path())
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("zicha "));
}

#[test]
fn fill_without_a_terminal_is_a_clear_error_not_a_hang() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path())
        .args(["new", "four-winds-25"])
        .assert()
        .success();
    zicha(t.path())
        .args(["--lang", "en", "fill", "last"])
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(10))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("this needs a terminal"));
}

#[test]
fn a_data_dir_that_is_a_file_is_named_in_the_error() {
    let t = tempfile::tempdir().unwrap();
    let file = t.path().join("data");
    fs::write(&file, "x").unwrap();
    zicha(&file)
        .args(["--lang", "en", "new", "four-winds-25"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "the data dir {} is not a directory",
            file.display()
        )));
}

#[test]
fn import_copies_sessions_and_refuses_taken_ids_unless_renamed() {
    let src = tempfile::tempdir().unwrap();
    zicha(src.path())
        .args(["new", "four-winds-25", "--label", "张三的自查"])
        .assert()
        .success();
    let file = src.path().join("sessions/20261123-four-winds-25.ron");
    let dst = tempfile::tempdir().unwrap();
    zicha(dst.path())
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    let listed = json(
        &zicha(dst.path())
            .args(["list", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    );
    assert_eq!(listed[0]["label"], "张三的自查");
    // The same file again is already here, not an error.
    zicha(dst.path())
        .args(["--lang", "en", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("is already here"));
    // The same id with other content is refused unless renamed.
    let other = src.path().join("other.ron");
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("张三的自查", "李四的自查");
    fs::write(&other, text).unwrap();
    zicha(dst.path())
        .args(["--lang", "en", "import"])
        .arg(&other)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    zicha(dst.path())
        .args(["import", "--rename"])
        .arg(&other)
        .assert()
        .success()
        .stdout(predicate::str::contains("20261123-four-winds-25-2"));
}

#[test]
fn import_takes_every_valid_file_and_names_every_refused_one() {
    let src = tempfile::tempdir().unwrap();
    zicha(src.path())
        .args(["new", "four-winds-25"])
        .assert()
        .success();
    let good = src.path().join("sessions/20261123-four-winds-25.ron");
    let bad = src.path().join("bad.ron");
    fs::write(&bad, "(format: 1, id: ").unwrap();
    let dst = tempfile::tempdir().unwrap();
    zicha(dst.path())
        .args(["--lang", "en", "import"])
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "1 imported, 0 already here, 1 refused.",
        ))
        .stderr(predicate::str::contains("refused").and(predicate::str::contains("bad.ron:1:")));
    let listed = json(
        &zicha(dst.path())
            .args(["list", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    );
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

/// Self-examination notes are private: every command writes only inside the data dir (and the
/// `-o` target the user names), never into the home dir or the working dir.
#[test]
fn commands_write_nothing_outside_the_data_dir() {
    let t = tempfile::tempdir().unwrap();
    let (home, cwd, data) = (
        t.path().join("home"),
        t.path().join("cwd"),
        t.path().join("data"),
    );
    fs::create_dir_all(&home).unwrap();
    fs::create_dir_all(&cwd).unwrap();
    let run = |args: &[&str]| {
        let mut cmd = zicha(&data);
        cmd.env("HOME", &home).current_dir(&cwd).args(args);
        cmd.assert().success();
    };
    run(&["new", "four-winds-25", "--label", "一"]);
    run(&["new", "four-winds-25", "--label", "二"]);
    run(&["list"]);
    run(&["list", "--json"]);
    run(&["checklists"]);
    run(&["export", "last"]);
    run(&["export", "last", "--format", "csv"]);
    run(&["diff"]);
    run(&["trend", "four-winds-25"]);
    let json = data.join("s.json");
    let out = zicha(&data)
        .env("HOME", &home)
        .current_dir(&cwd)
        .args(["export", "last", "--format", "json"])
        .output()
        .unwrap();
    fs::write(&json, out.stdout).unwrap();
    run(&["import", "--rename", json.to_str().unwrap()]);
    assert_eq!(
        fs::read_dir(&home).unwrap().count(),
        0,
        "nothing may be written to $HOME"
    );
    assert_eq!(
        fs::read_dir(&cwd).unwrap().count(),
        0,
        "nothing may be written to the working dir"
    );
    let out = cwd.join("review.md");
    run(&["export", "last", "-o", out.to_str().unwrap()]);
    let names: Vec<_> = fs::read_dir(&cwd)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("review.md")],
        "only the -o target"
    );
}

/// A name, unit or label is one line of plain text: `new` refuses a newline, tab, ESC or bidi
/// control in one, names the field and the text (made visible), and creates nothing.
#[test]
fn new_refuses_control_characters_in_its_one_line_fields() {
    let t = tempfile::tempdir().unwrap();
    for (flag, value) in [
        ("--name", "欧阳\n修"),
        ("--unit", "办公室\u{1b}[2J"),
        ("--label", "2014\t一季度"),
        ("--name", "王\u{202e}五"),
    ] {
        let out = zicha(t.path())
            .args([
                "--lang",
                "zh",
                "new",
                "four-winds-25",
                "--no-open",
                flag,
                value,
            ])
            .assert()
            .code(1)
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("含有控制字符") && err.contains("\\u{"),
            "{err}"
        );
        assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    }
    assert!(
        !t.path().join("sessions").exists()
            || fs::read_dir(t.path().join("sessions"))
                .unwrap()
                .next()
                .is_none()
    );
}
