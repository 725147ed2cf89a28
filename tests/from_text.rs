//! Checklists from a circular's text: the reader on real-looking circulars (tests/fixtures/from_text),
//! and `zicha checklists from-text` as a user runs it (the real binary, a temp data dir).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::NaiveDate;
use predicates::prelude::*;
use proptest::prelude::*;
use zicha::checklist::from_text::{self, Options, Origin, Outline, WarningKind};
use zicha::checklist::{Checklist, Registry, pretty};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/from_text")
        .join(name)
}

fn read(name: &str) -> String {
    let bytes = fs::read(fixture(name)).unwrap();
    from_text::decode(name, &bytes).unwrap()
}

fn four_winds() -> Checklist {
    Registry::load(Path::new("/nonexistent"), &[])
        .get("four-winds-25")
        .unwrap()
        .clone()
}

fn checklist(outline: &Outline, like: &Checklist) -> Checklist {
    let opts = Options {
        id: "unit-list".into(),
        title: None,
        like,
        origin: Origin::File("circular.txt".into()),
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    };
    from_text::to_checklist(outline, &opts).unwrap()
}

fn texts(outline: &Outline, group: usize) -> Vec<&str> {
    outline.groups[group]
        .items
        .iter()
        .map(|i| i.text.as_str())
        .collect()
}

fn warnings(outline: &Outline) -> Vec<(usize, WarningKind)> {
    outline
        .warnings
        .iter()
        .map(|w| (w.line, w.kind.clone()))
        .collect()
}

#[test]
fn thirty_seven_items_in_four_groups_with_three_numbering_styles_and_wrapped_lines() {
    let outline = from_text::parse(&read("thirty-seven.txt"), false);
    assert_eq!(
        outline.title.as_deref(),
        Some("关于对照“四风”突出问题开展自查的通知")
    );
    let counts: Vec<(Option<&str>, usize)> = outline
        .groups
        .iter()
        .map(|g| (g.title.as_deref(), g.items.len()))
        .collect();
    assert_eq!(
        counts,
        [
            (Some("形式主义方面"), 10),
            (Some("官僚主义方面"), 9),
            (Some("享乐主义方面"), 10),
            (Some("奢靡之风方面"), 8),
        ]
    );
    assert_eq!(outline.item_count(), 37);
    // Wrapped lines are joined as written; the page number between groups is gone.
    assert_eq!(
        texts(&outline, 0)[0],
        "学习贯彻上级精神只停留在口头上，搞“以会议落实会议、以文件落实文件”，不结合实际抓落实。"
    );
    assert_eq!(
        texts(&outline, 1)[3],
        "决策拍脑袋，不听取群众意见，不做可行性论证。"
    );
    assert_eq!(texts(&outline, 2)[7], "对分管工作不闻不问，当“甩手掌柜”。");
    assert_eq!(texts(&outline, 3)[7], "节庆活动铺张浪费。");
    assert!(texts(&outline, 0).iter().all(|t| !t.contains("- 1 -")));
    // Items 11–20 continue the numbering of 1–10 through another group: that is no gap. The only
    // warning is the salutation, which belongs to no item.
    assert_eq!(
        warnings(&outline),
        [(
            2,
            WarningKind::Unplaced {
                text: "各党支部：".into()
            }
        )]
    );
    let c = checklist(&outline, &four_winds());
    let ids: Vec<&str> = c.items().map(|(_, i)| i.id.as_str()).collect();
    assert_eq!(ids.len(), 37);
    assert_eq!(
        (ids[0], ids[9], ids[10], ids[36]),
        ("g1-1", "g1-10", "g2-1", "g4-8")
    );
    assert_eq!(c.groups[3].id, "g4");
}

#[test]
fn a_one_level_list_is_one_group_named_by_the_title() {
    let outline = from_text::parse(&read("one-level.txt"), false);
    assert_eq!(outline.levels, 1);
    assert_eq!(outline.groups.len(), 1);
    assert_eq!(texts(&outline, 0).len(), 6);
    assert_eq!(texts(&outline, 0)[5], "是否落实首问负责制");
    assert!(outline.warnings.is_empty(), "{:?}", outline.warnings);
    let c = checklist(&outline, &four_winds());
    assert_eq!(c.groups[0].title.zh, "机关作风建设自查清单");
    assert_eq!(c.title.zh, "机关作风建设自查清单");
    assert_eq!(c.groups[0].items[5].id, "g1-6");
}

#[test]
fn a_gap_and_a_repeat_in_the_numbering_are_warnings_and_no_item_is_lost() {
    let outline = from_text::parse(&read("gap.txt"), false);
    assert_eq!(
        texts(&outline, 0),
        [
            "会风会纪",
            "文风",
            "公务接待",
            "公车使用",
            "办公用房",
            "因公出国",
            "评比表彰",
            "节庆活动",
            "津贴补贴"
        ]
    );
    assert_eq!(
        warnings(&outline),
        [
            (
                7,
                WarningKind::Gap {
                    expected: 6,
                    found: 7
                }
            ),
            (9, WarningKind::Repeat { number: 8 }),
        ]
    );
    // "8、" twice, then "9、": after a repeat the numbering goes on without a second warning.
    let zh = outline.warnings[0].render(zicha::i18n::Lang::Zh);
    assert!(zh.starts_with("第 7 行：编号应为 6，这里是 7"), "{zh}");
}

#[test]
fn headings_three_levels_deep_give_groups_items_and_hints() {
    let outline = from_text::parse(&read("three-levels.txt"), false);
    assert_eq!(outline.levels, 4);
    assert_eq!(outline.groups.len(), 2);
    let g2 = &outline.groups[1];
    assert_eq!(g2.title.as_deref(), Some("关于宗旨意识方面"));
    assert_eq!(g2.items[0].text, "联系群众不够紧密");
    assert_eq!(
        g2.items[0].hint,
        [
            "1. 下基层调研少",
            "（1）一年中到基层不足十次",
            "（2）调研多为“走过场”",
            "2. 接待群众来访少"
        ]
    );
    assert_eq!(g2.items[1].text, "服务意识不强");
    assert!(g2.items[1].hint.is_empty());
    assert!(outline.warnings.is_empty(), "{:?}", outline.warnings);
    let c = checklist(&outline, &four_winds());
    assert_eq!(
        c.groups[0].items[0].hint.as_ref().map(|h| h.zh.as_str()),
        Some("1. 满足于读文件、听报告\n2. 学用脱节")
    );
}

#[test]
fn text_copied_from_word_keeps_its_wording_without_the_furniture() {
    let bytes = fs::read(fixture("word-copy.txt")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf") && bytes.windows(2).any(|w| w == b"\r\n"));
    let outline = from_text::parse(&read("word-copy.txt"), false);
    assert_eq!(
        outline.title.as_deref(),
        Some("关于开展作风问题自查自纠的通知")
    );
    assert_eq!(outline.groups[0].title.as_deref(), Some("会风文风方面"));
    assert_eq!(outline.groups[1].title.as_deref(), Some("接待方面"));
    assert_eq!(
        texts(&outline, 0),
        [
            "会议   多、会议长，“以会议贯彻会议”。",
            "文件多、篇幅长，照抄照转上级文件。"
        ]
    );
    assert_eq!(
        texts(&outline, 1),
        [
            "超标准接待（含“工作餐”）；",
            "陪餐人数过多",
            "Gifts paid with public funds"
        ]
    );
    assert!(outline.warnings.is_empty(), "{:?}", outline.warnings);
}

#[test]
fn a_heading_without_items_and_a_number_without_text_are_warned_about() {
    let text = "一、会风\n1. 会议多\n二、文风\n三、\n接待\n1.\n2. 陪餐多\n";
    let outline = from_text::parse(text, false);
    let titles: Vec<_> = outline.groups.iter().map(|g| g.title.clone()).collect();
    assert_eq!(
        titles,
        [
            Some("会风".to_string()),
            Some("文风".to_string()),
            Some("接待".to_string())
        ]
    );
    assert_eq!(texts(&outline, 1), ["文风"]);
    assert_eq!(texts(&outline, 2), ["陪餐多"]);
    assert_eq!(
        warnings(&outline),
        [
            (
                3,
                WarningKind::EmptyGroup {
                    title: "文风".into()
                }
            ),
            (
                6,
                WarningKind::NoText {
                    marker: "1.".into()
                }
            ),
        ]
    );
}

#[test]
fn a_given_title_leaves_the_first_line_out_and_says_so() {
    let outline = from_text::parse("某通知\n1. 会议多\n", true);
    assert_eq!(outline.title, None);
    assert_eq!(
        warnings(&outline),
        [(
            1,
            WarningKind::Unplaced {
                text: "某通知".into()
            }
        )]
    );
}

#[test]
fn a_signature_after_the_last_item_is_joined_with_a_warning() {
    let outline = from_text::parse("1. 会议多\n2. 文件多\n\n中共某某委员会办公室\n", false);
    assert_eq!(texts(&outline, 0)[1], "文件多中共某某委员会办公室");
    assert_eq!(outline.warnings[0].line, 4);
    assert!(matches!(
        outline.warnings[0].kind,
        WarningKind::JoinedAfterBlank { .. }
    ));
}

/// Lines built from the pieces circulars are made of, so that markers, wraps and page numbers meet
/// in every order.
fn circular_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("一、".to_string()),
        Just("十一、".to_string()),
        Just("（二）".to_string()),
        Just("第三部分".to_string()),
        Just("1.".to_string()),
        Just("２．".to_string()),
        Just("3)".to_string()),
        Just("(4)".to_string()),
        Just("⑤".to_string()),
        Just("• ".to_string()),
        Just("a) ".to_string()),
        Just("(B) ".to_string()),
        Just("a）".to_string()),
        Just("第1条".to_string()),
        Just("附件1".to_string()),
        Just("- 3 -".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("　".to_string()),
        Just("\"\\'".to_string()),
        "[文山会海 a-z\t\u{0}-\u{1f}\u{feff}\u{200b}]{0,8}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn reading_never_panics_on_any_text(text in any::<String>(), given in any::<bool>()) {
        let _ = from_text::parse(&text, given);
    }

    #[test]
    fn whatever_is_read_is_written_as_a_checklist_the_loader_accepts(
        text in circular_like(),
        given in any::<bool>(),
    ) {
        let like = four_winds();
        let outline = from_text::parse(&text, given);
        let warned_lines_exist = outline
            .warnings
            .iter()
            .all(|w| w.line >= 1 && w.line <= text.len() + 1);
        prop_assert!(warned_lines_exist);
        if let Some(c) = from_text::to_checklist(&outline, &Options {
            id: "t".into(),
            title: given.then(|| "标题".to_string()),
            like: &like,
            origin: Origin::Pasted,
            date: NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
        }) {
            prop_assert_eq!(c.item_count(), outline.item_count());
            let ron = pretty::to_ron(&c, &["note\n// x".to_string()]);
            let back = zicha::checklist::parse("t.ron", ron.as_bytes());
            prop_assert_eq!(back.as_ref().ok(), Some(&c), "{:?}\n{}", back.as_ref().err(), ron);
        } else {
            prop_assert!(outline.is_empty());
        }
    }
}

// --- the command -------------------------------------------------------------------------------

fn zicha(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("zicha").unwrap();
    cmd.env_clear()
        .env("ZICHA_DATA_DIR", data)
        .env("ZICHA_NOW", "2026-11-23T10:00:00+08:00")
        .env("LANG", "C.UTF-8")
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

#[test]
fn from_text_writes_a_private_checklist_that_check_accepts_unedited() {
    let t = tempfile::tempdir().unwrap();
    let circular = fixture("thirty-seven.txt");
    zicha(t.path())
        .args(["--lang", "en", "checklists", "from-text"])
        .arg(&circular)
        .args(["--id", "unit-37"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("found 4 group(s), 37 item(s):")
                .and(predicate::str::contains("  g1  形式主义方面 (10 item(s))"))
                .and(predicate::str::contains("  g4  奢靡之风方面 (8 item(s))"))
                .and(predicate::str::contains("1 warning(s):"))
                .and(predicate::str::contains(
                    "line 2: before the first numbered line",
                ))
                .and(predicate::str::contains("zicha new unit-37")),
        );
    let path = t.path().join("checklists/unit-37.ron");
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(
        "// 由 zicha checklists from-text 生成（来自文件 thirty-seven.txt，2026-11-23）"
    ));
    assert!(text.contains(
        "                (id: \"g1-2\", text: \"文山会海问题突出，会议多、会议长，文件多、篇幅长。\"),\n"
    ));
    zicha(t.path())
        .args(["--lang", "en", "check"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("ok (unit-37, items: 37)"));
    let listed = zicha(t.path())
        .args(["checklists", "--json"])
        .output()
        .unwrap()
        .stdout;
    let v: serde_json::Value = serde_json::from_slice(&listed).unwrap();
    let row = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "unit-37")
        .unwrap();
    assert_eq!(
        (row["groups"].as_u64(), row["items"].as_u64()),
        (Some(4), Some(37))
    );
    assert!(row["error"].is_null());
    // The scale, sources and causes are four-winds-25's; a session can start from it at once.
    zicha(t.path())
        .args(["new", "unit-37", "--no-open"])
        .assert()
        .success();
}

#[test]
fn from_text_refuses_to_overwrite_without_force() {
    let t = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = zicha(t.path());
        cmd.args(["--lang", "en", "checklists", "from-text"])
            .arg(fixture("one-level.txt"))
            .args(["--id", "office"])
            .args(extra);
        cmd.assert()
    };
    run(&[]).success();
    let path = t.path().join("checklists/office.ron");
    fs::write(&path, "// edited by hand\n").unwrap();
    run(&[])
        .code(1)
        .stderr(predicate::str::contains("already exists. Add --force"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "// edited by hand\n");
    run(&["--force", "--title", "机关作风"]).success();
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("title: \"机关作风\"")
    );
}

#[test]
fn from_text_refuses_the_id_of_a_bundled_checklist_and_a_bad_id() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path())
        .args(["--lang", "en", "checklists", "from-text"])
        .arg(fixture("gap.txt"))
        .args(["--id", "four-winds-25"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "checklist id \"four-winds-25\" is already used by bundled checklist four-winds-25",
        ));
    zicha(t.path())
        .args(["--lang", "en", "checklists", "from-text"])
        .arg(fixture("gap.txt"))
        .args(["--id", "Unit 37"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("invalid id \"Unit 37\""));
    assert!(!t.path().join("checklists").exists());
}

#[test]
fn from_text_refuses_the_id_of_another_checklist_in_the_data_dir() {
    let t = tempfile::tempdir().unwrap();
    zicha(t.path())
        .args(["checklists", "from-text"])
        .arg(fixture("gap.txt"))
        .args(["--lang", "en", "--id", "office", "-o"])
        .arg(t.path().join("elsewhere.ron"))
        .assert()
        .success()
        // Written outside the data dir: the way to use it is --checklist, not a bare `new`.
        .stdout(predicate::str::contains(format!(
            "zicha --checklist {} new office",
            t.path().join("elsewhere.ron").display()
        )));
    fs::create_dir_all(t.path().join("checklists")).unwrap();
    fs::rename(
        t.path().join("elsewhere.ron"),
        t.path().join("checklists/mine.ron"),
    )
    .unwrap();
    // office.ron would be a second checklist "office": both would be listed as broken.
    zicha(t.path())
        .args(["--lang", "en", "checklists", "from-text"])
        .arg(fixture("one-level.txt"))
        .args(["--id", "office", "--force"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("is already used by")
                .and(predicate::str::contains("mine.ron")),
        );
    assert!(!t.path().join("checklists/office.ron").exists());
}

#[test]
fn from_text_reads_stdin_and_prints_ron_with_dash_o() {
    let t = tempfile::tempdir().unwrap();
    let out = zicha(t.path())
        .args([
            "--lang",
            "en",
            "checklists",
            "from-text",
            "-",
            "--id",
            "piped",
            "-o",
            "-",
        ])
        .args(["--like", "special-rectification-21"])
        .write_stdin("周例会自查\n1. 会议多\n2. 文件多\n")
        .assert()
        .success()
        .stderr(predicate::str::contains("found 1 group(s), 2 item(s):"))
        .get_output()
        .stdout
        .clone();
    let c = zicha::checklist::parse("stdout", &out).unwrap();
    assert_eq!(c.title.zh, "周例会自查");
    assert!(c.source.en.contains("from standard input, 2026-11-23"));
    assert!(
        c.source
            .en
            .contains("copied from checklist special-rectification-21")
    );
    assert!(!t.path().join("checklists").exists());
}

#[test]
fn from_text_writes_to_an_output_file_that_check_accepts() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("made.ron");
    zicha(t.path())
        .args(["checklists", "from-text"])
        .arg(fixture("word-copy.txt"))
        .args(["--id", "word"])
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    zicha(t.path()).arg("check").arg(&out).assert().success();
}

#[test]
fn from_text_explains_text_it_cannot_use() {
    let t = tempfile::tempdir().unwrap();
    let plain = t.path().join("plain.txt");
    fs::write(&plain, "没有编号的一段话。\n又一段话。\n").unwrap();
    zicha(t.path())
        .args(["--lang", "en", "checklists", "from-text"])
        .arg(&plain)
        .args(["--id", "plain"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no numbered lines found"));
    // GBK, as an old Notepad saves Chinese: refused with the line and column of the first bad byte.
    let gbk = t.path().join("gbk.txt");
    fs::write(&gbk, b"1. ok\n2. \xce\xc4\xc9\xbd\n").unwrap();
    zicha(t.path())
        .args(["--lang", "en", "checklists", "from-text"])
        .arg(&gbk)
        .args(["--id", "gbk"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "gbk.txt:2:4: the file is not valid UTF-8",
        ));
    zicha(t.path())
        .args(["checklists", "from-text"])
        .arg(fixture("gap.txt"))
        .args(["--id", "x", "--like", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nope"));
}

#[test]
fn utf16_from_notepad_is_read() {
    let t = tempfile::tempdir().unwrap();
    let path = t.path().join("u16.txt");
    let mut bytes = vec![0xff, 0xfe];
    for u in "通知\r\n1. 会议多\r\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    fs::write(&path, bytes).unwrap();
    zicha(t.path())
        .args(["--lang", "en", "checklists", "from-text"])
        .arg(&path)
        .args(["--id", "u16"])
        .assert()
        .success()
        .stdout(predicate::str::contains("title: 通知"));
}

#[test]
fn checklists_help_tells_the_from_text_way_first() {
    let t = tempfile::tempdir().unwrap();
    let out = zicha(t.path())
        .args(["checklists", "--help"])
        .output()
        .unwrap()
        .stdout;
    let help = String::from_utf8(out).unwrap();
    let text_way = help.find("zicha checklists from-text").unwrap();
    let by_hand = help.find("RON").unwrap();
    assert!(text_way < by_hand, "{help}");
}
