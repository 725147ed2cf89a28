//! The conventions of a command-line tool (issue 17): completions, the man page, the settings file,
//! help in the chosen language, `check --json`, `-` as stdin. The real binary, a temp data dir.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn zicha(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("zicha").unwrap();
    cmd.env_clear()
        .env("ZICHA_DATA_DIR", data)
        .env("ZICHA_CONFIG", data.join("no-config.toml"))
        .env("ZICHA_NOW", "2026-11-23T10:00:00+08:00")
        .env("LANG", "C.UTF-8")
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON")
}

#[test]
fn completions_for_each_shell_name_the_commands() {
    let t = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef zicha"),
        ("fish", "complete -c zicha"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        zicha(t.path())
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker).and(predicate::str::contains("export")));
    }
    zicha(t.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn man_prints_a_roff_page_in_the_chosen_language() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path())
        .args(["--lang", "en", "man"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie").or(predicate::str::contains(".TH zicha")))
        .stdout(predicate::str::contains("Open a session to fill in"));
    zicha(t.path())
        .args(["--lang", "zh", "man"])
        .assert()
        .success()
        .stdout(predicate::str::contains("打开一个会话填写"));
}

#[test]
fn help_speaks_the_chosen_language() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path())
        .env("LANG", "zh_CN.UTF-8")
        .arg("--help")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("用法：")
                .and(predicate::str::contains("子命令:"))
                .and(predicate::str::contains("把会话导出为对照检查材料"))
                .and(predicate::str::contains("Print help").not()),
        );
    zicha(t.path())
        .args(["--lang", "zh", "export", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("写入该文件而不是标准输出")
                .and(predicate::str::contains("选项:"))
                .and(predicate::str::contains(
                    "可选：md、csv、json、docx、xlsx；默认：md",
                ))
                .and(predicate::str::contains("Possible values").not())
                .and(predicate::str::contains("[default").not())
                .and(predicate::str::contains("Word document").not()),
        );
    zicha(t.path())
        .args(["--lang", "zh", "checklists", "from-text", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("最外层编号成为分组")
                .and(predicate::str::contains("character for character").not()),
        );
    zicha(t.path())
        .args(["--lang", "en", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Usage:")
                .and(predicate::str::contains("Open a session to fill in")),
        );
}

#[test]
fn usage_errors_speak_chinese_and_exit_2() {
    let t = tempfile::tempdir().unwrap();
    let zh = |args: &[&str]| {
        let out = zicha(t.path())
            .args(["--lang", "zh"])
            .args(args)
            .assert()
            .code(2)
            .get_output()
            .clone();
        assert!(out.stdout.is_empty());
        String::from_utf8(out.stderr).unwrap()
    };
    let e = zh(&["export", "--bogus"]);
    assert!(e.contains("不认识的参数 --bogus"), "{e}");
    assert!(e.contains("用法：zicha export"), "{e}");
    assert!(!e.contains("error:") && !e.contains("Usage"), "{e}");
    let e = zh(&["exprt"]);
    assert!(
        e.contains("没有子命令 exprt") && e.contains("export"),
        "{e}"
    );
    let e = zh(&["export", "last", "--format", "pdf"]);
    assert!(
        e.contains("「pdf」无效") && e.contains("md、csv、json、docx、xlsx"),
        "{e}"
    );
    let e = zh(&["new"]);
    assert!(e.contains("缺少必需的参数：<CHECKLIST>"), "{e}");
    let e = zh(&["export", "last", "--date", "2026-02-30"]);
    assert!(
        e.contains("「2026-02-30」无效") && e.contains("YYYY-MM-DD"),
        "{e}"
    );
    assert!(!e.contains("out of range"), "{e}");
    // English keeps clap's own wording.
    zicha(t.path())
        .args(["--lang", "en", "export", "--bogus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument '--bogus'"));
}

#[test]
fn check_json_reports_every_file_with_positions() {
    let t = tempfile::tempdir().unwrap();
    let good = t.path().join("good.ron");
    let text = fs::read_to_string("checklists/four-winds-25.ron").unwrap();
    fs::write(&good, text.replace("four-winds-25", "mine")).unwrap();
    let bad = t.path().join("bad.ron");
    fs::write(
        &bad,
        "(id: \"x\", version: 1,\n  title: (zh: \"a\", en: \"a\"),\n  groups: [,\n",
    )
    .unwrap();
    let out = zicha(t.path())
        .args(["--lang", "en", "check", "--json"])
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v[0]["ok"], true);
    assert_eq!(v[0]["id"], "mine");
    assert_eq!(v[0]["items"], 25);
    assert_eq!(v[1]["ok"], false);
    assert_eq!(v[1]["problems"][0]["line"], 3);
    assert!(v[1]["problems"][0]["message"].as_str().unwrap().len() > 3);
}

#[test]
fn check_reads_stdin_for_a_dash() {
    let t = tempfile::tempdir().unwrap();
    let text = fs::read_to_string("checklists/four-winds-25.ron").unwrap();
    zicha(t.path())
        .args(["--lang", "en", "check", "-"])
        .write_stdin(text.replace("four-winds-25", "mine"))
        .assert()
        .success()
        .stdout(predicate::str::contains("<stdin>: ok (mine"));
    zicha(t.path())
        .args(["--lang", "en", "check", "-"])
        .write_stdin("(id: ")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>"));
}

#[test]
fn the_settings_file_fills_new_sessions_and_sets_the_language() {
    let t = tempfile::tempdir().unwrap();
    let config = t.path().join("config.toml");
    fs::write(
        &config,
        "language = \"zh\"\nname = \"张三\"\nunit = \"办公室\"\n",
    )
    .unwrap();
    let id = zicha(t.path())
        .env("ZICHA_CONFIG", &config)
        .args(["new", "four-winds-25", "--no-open"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let id = String::from_utf8(id).unwrap();
    let out = zicha(t.path())
        .env("ZICHA_CONFIG", &config)
        .args(["export", id.trim(), "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["name"], "张三");
    assert_eq!(v["unit"], "办公室");
    // The language of the settings file: zh messages though LANG is C.
    zicha(t.path())
        .env("ZICHA_CONFIG", &config)
        .args(["fill", "nonexistent"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("没有会话"));
    // --name on the command line wins over the settings.
    zicha(t.path())
        .env("ZICHA_CONFIG", &config)
        .args(["new", "four-winds-25", "--no-open", "--name", "李四"])
        .assert()
        .success();
}

#[test]
fn a_broken_settings_file_is_named_with_line_and_column_and_zicha_still_runs() {
    let t = tempfile::tempdir().unwrap();
    let config = t.path().join("config.toml");
    fs::write(&config, "name = \"张三\"\nborders = \"round\"\n").unwrap();
    zicha(t.path())
        .env("ZICHA_CONFIG", &config)
        .args(["--lang", "en", "checklists"])
        .assert()
        .success()
        .stdout(predicate::str::contains("four-winds-25"))
        .stderr(
            predicate::str::contains(format!("{}:2:11", config.display()))
                .and(predicate::str::contains("was not used")),
        );
    zicha(t.path())
        .env("ZICHA_CONFIG", &config)
        .args(["--lang", "zh", "list"])
        .assert()
        .success()
        .stderr(predicate::str::contains("设置文件"));
}

#[test]
fn a_broken_settings_file_is_explained_in_chinese_without_the_parsers_english() {
    let t = tempfile::tempdir().unwrap();
    let config = t.path().join("config.toml");
    for (text, zh) in [
        ("lang = \"zh\"\n", "没有「lang」这一项"),
        ("language = zh\n", "文字要写在英文双引号里"),
        ("name \"张三\"\n", "这里缺少「=」"),
    ] {
        fs::write(&config, text).unwrap();
        zicha(t.path())
            .env("ZICHA_CONFIG", &config)
            .args(["--lang", "zh", "list"])
            .assert()
            .success()
            .stderr(
                predicate::str::contains(zh)
                    .and(predicate::str::contains(format!("{}:1:", config.display())))
                    .and(predicate::str::contains("expected").not())
                    .and(predicate::str::contains("unknown").not()),
            );
    }
}

#[test]
fn trend_without_a_checklist_uses_the_most_recent_sessions() {
    let t = tempfile::tempdir().unwrap();
    for c in ["four-winds-25", "special-rectification-21"] {
        zicha(t.path())
            .args(["new", c, "--no-open"])
            .assert()
            .success();
    }
    let out = zicha(t.path())
        .args(["trend", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json(&out)["checklist"], "special-rectification-21");
    zicha(t.path())
        .env_remove("ZICHA_DATA_DIR")
        .env("ZICHA_DATA_DIR", t.path().join("empty"))
        .args(["--lang", "en", "trend"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no sessions"));
}

#[test]
fn import_reads_stdin_for_a_dash() {
    let from = tempfile::tempdir().unwrap();
    let to = tempfile::tempdir().unwrap();
    let id = zicha(from.path())
        .args(["new", "four-winds-25", "--no-open", "--label", "Q1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let id = String::from_utf8(id).unwrap();
    let exported = zicha(from.path())
        .args(["export", id.trim(), "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    zicha(to.path())
        .args(["--lang", "en", "import", "-"])
        .write_stdin(exported)
        .assert()
        .success()
        .stdout(predicate::str::contains("imported <stdin> as session"));
    zicha(to.path())
        .args(["list", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(id.trim()));
}

/// A ZICHA_LANG zicha does not speak is said, once, and the command still runs.
#[test]
fn an_unknown_zicha_lang_is_said_and_ignored() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path())
        .env("ZICHA_LANG", "fr")
        .env("LANG", "zh_CN.UTF-8")
        .arg("list")
        .assert()
        .success()
        .stderr(
            predicate::str::contains("ZICHA_LANG=「fr」").and(predicate::str::contains("已忽略")),
        );
}
