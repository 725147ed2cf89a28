//! Files from others (issue 11, SPEC §10): each class of defect tried with several of its members.
//! The real binary where a user meets it, the store where the file system is the point.

#![cfg(unix)]

#[allow(dead_code)]
mod screen;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use chrono::{DateTime, FixedOffset};
use predicates::prelude::*;
use proptest::prelude::*;

use zicha::checklist::bundled;
use zicha::error::Error;
use zicha::i18n::Lang;
use zicha::sanitize::is_unsafe;
use zicha::session::store::{MAX_SESSION_BYTES, to_ron};
use zicha::session::{Action, ActionStatus, Rating, Session, Store};

const NOW: &str = "2026-11-23T10:00:00+08:00";
const ID: &str = "20261123-four-winds-25";

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap()
}

fn zicha(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("zicha").unwrap();
    cmd.env_clear()
        .env("ZICHA_DATA_DIR", data)
        .env("ZICHA_NOW", NOW)
        .env("LANG", "C.UTF-8")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .timeout(Duration::from_secs(20));
    cmd
}

fn session(id: &str) -> Session {
    let checklist = bundled::all().remove(0).1.unwrap();
    let mut s = Session::new(id.into(), checklist, now());
    s.answers[0].rating = Rating::Value(3);
    s.answers[0].manifestation = "会议太多".into();
    s
}

/// Writes `s` as a session file of `data` named `<name>.ron`.
fn put(data: &Path, name: &str, s: &Session) -> PathBuf {
    let dir = data.join("sessions");
    fs::create_dir_all(&dir).unwrap();
    fs::set_permissions(data, fs::Permissions::from_mode(0o700)).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
    let path = dir.join(format!("{name}.ron"));
    fs::write(&path, to_ron(s).unwrap()).unwrap();
    path
}

fn private_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn out(cmd: &mut Command) -> (i32, String, String) {
    let o = cmd.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

// ---------------------------------------------------------------- 1. a session's identity is its file

#[test]
fn a_file_whose_inner_id_is_not_its_name_is_damaged_names_both_and_is_never_written() {
    let t = private_dir();
    let mine = put(t.path(), ID, &session(ID));
    let before = fs::read(&mine).unwrap();
    // A colleague's file, copied in under another name, that holds the id of my session.
    let mut theirs = session(ID);
    theirs.label = Some("张三".into());
    let copied = put(t.path(), "zhang", &theirs);
    let copied_before = fs::read(&copied).unwrap();

    for args in [
        vec!["--lang", "en", "export", "zhang"],
        vec!["--lang", "en", "diff", "zhang", ID],
    ] {
        zicha(t.path())
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("zhang").and(predicate::str::contains(ID)));
    }
    let (_, stdout, _) = out(zicha(t.path()).args(["--lang", "en", "list"]));
    assert!(
        stdout.contains("zhang") && stdout.contains("damaged"),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("has id \"{ID}\"")), "{stdout}");

    // The TUI cannot open it for writing, through any name.
    let store = Store::at(t.path());
    let mut app = zicha::tui::app::App::new(Lang::En, now(), store.clone(), Vec::new());
    assert!(matches!(
        app.open_session("zhang"),
        Err(Error::IdMismatch { .. })
    ));
    // Saving a session can only ever write the file its own id names.
    let mut edited = store.load(ID).unwrap().session;
    edited.label = Some("mine".into());
    store.save(&edited, zicha::session::model::FORMAT).unwrap();
    assert_eq!(fs::read(&copied).unwrap(), copied_before);
    assert_ne!(fs::read(&mine).unwrap(), before);
    assert!(!t.path().join(format!("sessions/{ID}.ron.bak")).exists());
}

#[test]
fn ids_from_the_index_or_the_command_line_never_leave_the_sessions_dir() {
    let t = private_dir();
    put(t.path(), ID, &session(ID));
    zicha(t.path()).args(["list"]).assert().success();
    // Hand-edit the index: its entry for the session now names a path out of the dir. The index
    // is binary with length-prefixed strings: the id's bytes are replaced by as many others.
    let index = t.path().join("sessions/.index.bin");
    let bytes = fs::read(&index).unwrap();
    let evil = "../../../../../../evil";
    assert_eq!(evil.len(), ID.len());
    let at = bytes
        .windows(ID.len())
        .position(|w| w == ID.as_bytes())
        .expect("the index names the session");
    let mut edited = bytes.clone();
    edited[at..at + ID.len()].copy_from_slice(evil.as_bytes());
    fs::write(&index, &edited).unwrap();
    let store = Store::at(t.path());
    assert_eq!(store.resolve("last").unwrap(), ID);
    zicha(t.path())
        .args(["export", "last"])
        .assert()
        .success()
        .stdout(predicate::str::contains("会议太多"));
    for bad in ["../../evil", "../sessions/x", "a/b", "", "UPPER"] {
        assert!(
            matches!(store.lock(bad), Err(Error::BadSessionId(_))),
            "{bad}"
        );
        assert!(store.load(bad).is_err());
        zicha(t.path()).args(["export", bad]).assert().code(1);
    }
    assert!(!t.path().parent().unwrap().join("evil.lock").exists());
    assert!(!t.path().join("evil.lock").exists());
}

// ------------------------------------------------------------- 2. control characters made visible

/// Every byte sequence a terminal could act on, or that reorders text: none may arrive raw.
fn assert_clean(what: &str, text: &str, crlf: bool) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = c == '\n'
            || c == '\t'
            || (crlf && c == '\r' && chars.peek() == Some(&'\n'))
            || c == '\u{feff}';
        assert!(
            !is_unsafe(c) || allowed,
            "{what}: raw {c:?} in output:\n{text}"
        );
    }
}

const HOSTILE: &[&str] = &[
    "\u{1b}]52;c;ZXZpbA==\u{7}",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}c",
    "\u{9b}2J",
    "\u{7}",
    "a\rb",
    "\u{202e}evil\u{202c}",
    "\u{2066}x\u{2069}",
    "\u{8}\u{8}\u{7f}",
    "\u{0}",
    "line\nbreak",
];

/// A session with `evil` in every text a person can see.
fn hostile_session(id: &str, evil: &str) -> Session {
    let mut s = session(id);
    s.label = Some(format!("标签{evil}"));
    s.name = Some(format!("name{evil}"));
    s.unit = Some(format!("unit{evil}"));
    s.checklist.title.zh = format!("清单{evil}");
    s.checklist.title.en = format!("list{evil}");
    s.checklist.groups[0].title.en = format!("group{evil}");
    s.checklist.groups[0].title.zh = format!("组{evil}");
    s.checklist.groups[0].items[0].text.en = format!("item{evil}");
    s.checklist.groups[0].items[0].text.zh = format!("条目{evil}");
    s.checklist.scale[1].label.en = format!("level{evil}");
    s.answers[0].manifestation = format!("note{evil}\nsecond line");
    s.answers[0].actions.push(Action {
        text: format!("act{evil}"),
        due: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
        status: ActionStatus::Open,
        done_on: None,
        note: format!("n{evil}"),
        id: "a1".into(),
        owner: Some(format!("owner{evil}")),
        target: Some(format!("target{evil}")),
        progress: vec![zicha::session::model::ProgressNote {
            on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            text: format!("progress{evil}"),
        }],
        outcome: Some(format!("outcome{evil}")),
        evidence: vec![format!("evidence{evil}")],
        verified_on: None,
        verified_by: Some(format!("verifier{evil}")),
    });
    if let Some(c) = s.causes.first_mut() {
        c.text = format!("cause{evil}");
    }
    s
}

/// Runs every command that prints text from session files, and `-o` exports; checks all of it.
fn every_output_is_clean(evil: &str) {
    let t = private_dir();
    let a = hostile_session(ID, evil);
    let mut b = hostile_session(&format!("{ID}-2"), evil);
    b.created = now() + chrono::Duration::days(1);
    b.updated = b.created;
    b.answers[0].rating = Rating::Value(1);
    b.answers[0].manifestation = format!("changed{evil}");
    put(t.path(), &a.id, &a);
    put(t.path(), &b.id, &b);
    let runs: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--json"],
        vec!["export", "last"],
        vec!["export", "last", "--format", "csv"],
        vec!["export", "last", "--format", "json"],
        vec!["--lang", "en", "export", "last"],
        vec!["diff"],
        vec!["diff", "--format", "md"],
        vec!["diff", "--format", "json"],
        vec!["--lang", "en", "diff"],
        vec!["trend", "four-winds-25"],
        vec!["trend", "four-winds-25", "--format", "md"],
        vec!["trend", "four-winds-25", "--format", "json"],
    ];
    for args in &runs {
        let (code, stdout, stderr) = out(zicha(t.path()).args(args));
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let csv = args.contains(&"csv");
        assert_clean(&format!("{args:?} stdout"), &stdout, csv);
        assert_clean(&format!("{args:?} stderr"), &stderr, false);
        if args.contains(&"json") {
            serde_json::from_str::<serde_json::Value>(&stdout)
                .unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}\n{stdout}"));
        }
    }
    // JSON keeps every character (escaped): a script reading it gets the label back exactly.
    let (_, stdout, _) = out(zicha(t.path()).args(["export", ID, "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["label"], a.label.clone().unwrap());
    for format in ["md", "csv", "json"] {
        let file = t.path().join(format!("out.{format}"));
        zicha(t.path())
            .args(["export", ID, "--format", format, "-o"])
            .arg(&file)
            .assert()
            .success();
        let text = fs::read_to_string(&file).unwrap();
        assert_clean(&format!("export -o {format}"), &text, format == "csv");
    }
}

#[test]
fn control_and_bidi_characters_from_sessions_never_reach_any_output_raw() {
    for evil in HOSTILE {
        every_output_is_clean(evil);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn any_mix_of_controls_in_any_text_is_shown_not_passed(
        evil in proptest::collection::vec(
            prop_oneof![
                (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
                (0x7fu32..0xa0).prop_map(|c| char::from_u32(c).unwrap()),
                proptest::sample::select(vec!['\u{202a}', '\u{202b}', '\u{202d}', '\u{202e}',
                    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200f}', '\u{61c}',
                    '\u{2028}', '\u{2029}', 'x', '中', '|', '\\', '`', '#']),
            ],
            1..12,
        ).prop_map(|v| v.into_iter().collect::<String>())
    ) {
        every_output_is_clean(&evil);
    }
}

#[test]
fn the_tui_shows_controls_and_bidi_characters_from_files_visibly() {
    for evil in ["\u{1b}]0;pwned\u{7}", "\u{202e}evil", "\u{9b}2J"] {
        let t = private_dir();
        put(t.path(), ID, &hostile_session(ID, evil));
        let store = Store::at(t.path());
        let checklists = bundled::all()
            .into_iter()
            .map(|(_, c)| c.unwrap())
            .collect();
        let mut app = zicha::tui::app::App::new(Lang::En, now(), store, checklists);
        app.load_home().unwrap();
        let home = screen::render(&mut app, 100, 30);
        app.open_session(ID).unwrap();
        let fill = screen::render(&mut app, 100, 30);
        for (what, text) in [("home", &home), ("fill", &fill)] {
            assert_clean(what, text, false);
            assert!(
                text.contains("\\u{"),
                "{what}: nothing shown for {evil:?}:\n{text}"
            );
        }
    }
}

#[test]
fn checklist_titles_file_names_and_check_and_import_messages_are_clean() {
    let t = private_dir();
    let dir = t.path().join("checklists");
    fs::create_dir_all(&dir).unwrap();
    let valid = bundled::all().remove(0).1.unwrap();
    let mut mine = valid.clone();
    mine.id = "mine".into();
    mine.title.en = "mine\u{1b}]0;pwned\u{7}".into();
    mine.title.zh = "我的\u{202e}清单".into();
    fs::write(dir.join("mine.ron"), ron::to_string(&mine).unwrap()).unwrap();
    // A broken file whose name and content carry escapes.
    let evil_name = dir.join("x\u{1b}[2J\u{7}.ron");
    fs::write(&evil_name, "(id: \"bad\u{1b}c\", version: 1)").unwrap();
    for args in [
        vec!["checklists"],
        vec!["checklists", "--json"],
        vec!["--lang", "en", "checklists"],
    ] {
        let (code, stdout, stderr) = out(zicha(t.path()).args(&args));
        assert_eq!(code, 0, "{stderr}");
        assert_clean("checklists", &stdout, false);
        assert_clean("checklists", &stderr, false);
        assert!(
            !args.contains(&"--json") || stdout.contains("\\u001b"),
            "{stdout}"
        );
    }
    let (code, stdout, stderr) = out(zicha(t.path()).arg("check").arg(&evil_name));
    assert_eq!(code, 1);
    assert_clean("check", &stdout, false);
    assert_clean("check", &stderr, false);
    assert!(stderr.contains("\\u{1b}"), "{stderr}");
    let bad_import = t.path().join("bad\u{9b}\u{1b}]52;c;x\u{7}.ron");
    fs::write(&bad_import, "(format: 1, id: \"a\u{1b}c\")").unwrap();
    let (code, stdout, stderr) = out(zicha(t.path()).arg("import").arg(&bad_import));
    assert_eq!(code, 1);
    assert_clean("import", &stdout, false);
    assert_clean("import", &stderr, false);
}

// ------------------------------------------------------------------- 3. links, devices, loose dirs

#[test]
fn an_output_that_is_a_link_device_fifo_or_directory_is_refused_even_with_force() {
    let t = private_dir();
    put(t.path(), ID, &session(ID));
    let out_dir = private_dir();
    let victim = out_dir.path().join("victim.txt");
    fs::write(&victim, "someone else's").unwrap();
    let link = out_dir.path().join("review.md");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let dangling = out_dir.path().join("dangling.md");
    std::os::unix::fs::symlink(out_dir.path().join("nowhere"), &dangling).unwrap();
    let fifo = out_dir.path().join("pipe.md");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .unwrap();
    for (target, says) in [
        (link.clone(), "symbolic link"),
        (dangling.clone(), "symbolic link"),
        (fifo.clone(), "FIFO"),
        (PathBuf::from("/dev/null"), "device"),
    ] {
        for force in [false, true] {
            let mut cmd = zicha(t.path());
            cmd.args(["--lang", "en", "export", ID, "-o"]).arg(&target);
            if force {
                cmd.arg("--force");
            }
            cmd.assert().code(1).stderr(
                predicate::str::contains(says).and(predicate::str::contains("even with --force")),
            );
        }
    }
    assert_eq!(fs::read_to_string(&victim).unwrap(), "someone else's");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!out_dir.path().join("nowhere").exists());
    zicha(t.path())
        .args(["--lang", "en", "export", ID, "--force", "-o"])
        .arg(out_dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a directory"));
    // `-o -` is stdout.
    zicha(t.path())
        .args(["export", ID, "-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("会议太多"));
    // Nothing left beside the targets.
    let names: Vec<String> = fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn temp_files_have_unpredictable_names_and_planted_links_are_not_followed() {
    let t = private_dir();
    put(t.path(), ID, &session(ID));
    let out_dir = private_dir();
    let victim = out_dir.path().join("victim");
    fs::write(&victim, "keep").unwrap();
    // Every name an old build could have used for its temp file, planted as links to the victim.
    for pid in 1..2000u32 {
        let _ =
            std::os::unix::fs::symlink(&victim, out_dir.path().join(format!(".r.md.{pid}.tmp")));
    }
    let target = out_dir.path().join("r.md");
    zicha(t.path())
        .args(["export", ID, "-o"])
        .arg(&target)
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
    assert!(fs::symlink_metadata(&target).unwrap().file_type().is_file());
    assert!(fs::read_to_string(&target).unwrap().contains("会议太多"));
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_planted_lock_link_is_refused_and_its_target_neither_truncated_nor_chmodded() {
    let t = private_dir();
    put(t.path(), ID, &session(ID));
    let victim = t.path().join("victim");
    fs::write(&victim, "precious").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
    let lock = t.path().join(format!("sessions/{ID}.lock"));
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    let store = Store::at(t.path());
    assert!(store.lock(ID).is_err());
    let mut app = zicha::tui::app::App::new(Lang::En, now(), store, Vec::new());
    assert!(app.open_session(ID).is_err());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(
        fs::metadata(&victim).unwrap().permissions().mode() & 0o777,
        0o644
    );
}

#[test]
fn a_data_dir_others_can_write_is_reported_and_tightened_when_ours() {
    let t = private_dir();
    put(t.path(), ID, &session(ID));
    fs::set_permissions(t.path().join("sessions"), fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(t.path(), fs::Permissions::from_mode(0o775)).unwrap();
    zicha(t.path())
        .args(["--lang", "en", "list"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("other users could write")
                .and(predicate::str::contains("777")),
        );
    for dir in [t.path().to_path_buf(), t.path().join("sessions")] {
        assert_eq!(
            fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
    zicha(t.path())
        .args(["list"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    // A shared sticky dir is reported but never changed.
    let shared = private_dir();
    fs::set_permissions(shared.path(), fs::Permissions::from_mode(0o1777)).unwrap();
    zicha(shared.path())
        .args(["--lang", "en", "list"])
        .assert()
        .stderr(predicate::str::contains("left it alone"));
    assert_eq!(
        fs::metadata(shared.path()).unwrap().permissions().mode() & 0o7777,
        0o1777
    );
}

// ----------------------------------------------------------------------- 4. what zicha writes it reads

#[test]
fn a_save_or_import_too_large_to_read_back_changes_nothing_on_disk() {
    let t = private_dir();
    let path = put(t.path(), ID, &session(ID));
    let before = fs::read(&path).unwrap();
    let store = Store::at(t.path());
    let mut big = store.load(ID).unwrap().session;
    big.answers[1].manifestation = "长".repeat((MAX_SESSION_BYTES / 3) as usize + 10);
    let err = store.save(&big, zicha::session::model::FORMAT).unwrap_err();
    assert!(matches!(err, Error::TooLargeToSave { .. }), "{err:?}");
    assert!(err.render(Lang::En).contains("Nothing was saved"));
    assert_eq!(fs::read(&path).unwrap(), before);
    // Upgrading an old format would write a `.bak` first: not even that.
    assert!(store.save(&big, 0).is_err());
    assert!(!path.with_extension("ron.bak").exists());
    // Import: refused before anything is staged or linked.
    big.id = "20261123-four-winds-25-big".into();
    let err =
        zicha::session::import::import_all(&store, vec![big], false, &mut |_| Ok(())).unwrap_err();
    assert!(matches!(err, Error::TooLargeToSave { .. }));
    let names: Vec<String> = fs::read_dir(t.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') || n.ends_with(".tmp"))
        .collect();
    assert_eq!(names, vec![format!("{ID}.ron")]);
    assert!(!fs::read_dir(t.path()).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".import-")
    }));
}

// ---------------------------------------------------------------- 6. regular files only, bounded reads

#[test]
fn fifos_devices_and_endless_files_never_hang_or_fill_memory() {
    let t = private_dir();
    put(t.path(), ID, &session(ID));
    let fifo = t.path().join("sessions/x.ron");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .unwrap();
    let (code, stdout, _) = out(zicha(t.path()).args(["--lang", "en", "list"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("named pipe"), "{stdout}");
    zicha(t.path()).args(["export", ID]).assert().success();
    // The index itself replaced by a FIFO.
    let index = t.path().join("sessions/.index.bin");
    let _ = fs::remove_file(&index);
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &index,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .unwrap();
    zicha(t.path()).args(["list"]).assert().success();
    // A user checklist that is a FIFO.
    fs::create_dir_all(t.path().join("checklists")).unwrap();
    let cfifo = t.path().join("checklists/c.ron");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &cfifo,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .unwrap();
    zicha(t.path()).args(["checklists"]).assert().success();
    for target in [
        cfifo.as_path(),
        Path::new("/dev/zero"),
        Path::new("/dev/urandom"),
        t.path(),
    ] {
        zicha(t.path())
            .args(["--lang", "en", "check"])
            .arg(target)
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("not a regular file")
                    .or(predicate::str::contains("regular")),
            );
        zicha(t.path())
            .args(["import"])
            .arg(target)
            .assert()
            .code(1);
    }
}

// -------------------------------------------------------------------- 7. import all or nothing

fn import_sources(n: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let src = private_dir();
    let files = (0..n)
        .map(|i| {
            let mut s = session(&format!("20261123-four-winds-25-m{i}"));
            s.answers[0].manifestation = format!("第 {i} 人的记录");
            let p = src.path().join(format!("m{i}.ron"));
            fs::write(&p, to_ron(&s).unwrap()).unwrap();
            p
        })
        .collect();
    (src, files)
}

fn sessions_in(data: &Path) -> Vec<String> {
    let Ok(rd) = fs::read_dir(data.join("sessions")) else {
        return Vec::new();
    };
    let mut v: Vec<String> = rd
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    v.sort();
    v
}

fn leftovers(data: &Path) -> Vec<String> {
    let mut v = Vec::new();
    for dir in [data.to_path_buf(), data.join("sessions")] {
        if let Ok(rd) = fs::read_dir(&dir) {
            for e in rd {
                let n = e.unwrap().file_name().to_string_lossy().into_owned();
                // A staging dir holding no session (only, at most, its lock file) is what a kill
                // between creating the dir and taking its lock leaves: it carries nobody's notes,
                // and recovery removes it once it is a minute old (removing it sooner would break
                // an import that is just starting in another process).
                let empty_stage = n.starts_with(".import-")
                    && fs::read_dir(dir.join(&n))
                        .is_ok_and(|rd| rd.flatten().all(|e| e.file_name() == ".lock"));
                // Likewise a temp file of the summary index that a kill cut off mid-write: the
                // index is a cache of the files (rebuilt from them), and recovery removes temps
                // once they are a minute old (a younger one may be another process's write).
                let index_temp = n.starts_with("..index.bin.") && n.ends_with(".tmp");
                if (n.starts_with(".import-") && !empty_stage)
                    || (n.ends_with(".tmp") && !index_temp)
                {
                    v.push(n);
                }
            }
        }
    }
    v
}

#[test]
fn a_failure_part_way_through_an_import_leaves_nothing_imported() {
    let t = private_dir();
    let store = Store::at(t.path());
    let sessions: Vec<Session> = (0..6).map(|i| session(&format!("{ID}-p{i}"))).collect();
    let err = zicha::session::import::import_all(&store, sessions.clone(), false, &mut |n| {
        if n == 3 {
            Err(std::io::Error::other("injected"))
        } else {
            Ok(())
        }
    })
    .unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(sessions_in(t.path()).is_empty());
    assert!(leftovers(t.path()).is_empty(), "{:?}", leftovers(t.path()));
    let done =
        zicha::session::import::import_all(&store, sessions, false, &mut |_| Ok(())).unwrap();
    assert_eq!(done.len(), 6);
    assert_eq!(sessions_in(t.path()).len(), 6);
}

#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing_and_a_rerun_works() {
    let (_src, files) = import_sources(30);
    // How long a whole import takes here, so that the kills spread over all of it (start-up,
    // validation, staging, linking, commit, clean-up) and a little after.
    let probe = private_dir();
    let started = std::time::Instant::now();
    zicha(probe.path())
        .arg("import")
        .args(&files)
        .assert()
        .success();
    let whole = started.elapsed().as_micros() as u64;
    let mut seen = std::collections::BTreeMap::new();
    for round in 0..16u64 {
        let t = private_dir();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zicha"))
            .arg("import")
            .args(&files)
            .env("ZICHA_DATA_DIR", t.path())
            .env("ZICHA_NOW", NOW)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(
            whole * round / 13 + (round * 7919) % 500,
        ));
        let _ = child.kill();
        let _ = child.wait();
        // The next start finishes or undoes what the killed run left.
        zicha(t.path()).args(["list", "--json"]).assert().success();
        let n = sessions_in(t.path()).len();
        assert!(n == 0 || n == 30, "round {round}: {n} of 30 imported");
        assert!(
            leftovers(t.path()).is_empty(),
            "round {round}: {:?}",
            leftovers(t.path())
        );
        *seen.entry(n).or_insert(0) += 1;
        zicha(t.path())
            .arg("import")
            .args(&files)
            .assert()
            .success();
        assert_eq!(sessions_in(t.path()).len(), 30, "round {round}: rerun");
    }
    eprintln!("whole import {whole} µs; imported after kill (count -> rounds): {seen:?}");
    // Which side of the commit the kills land on depends on the machine's load; the invariant
    // checked in every round is that it is one side, never half.
}

// ------------------------------------------------------------------------ 8. concurrent starts

#[test]
fn concurrent_new_and_import_rename_get_distinct_ids() {
    for _ in 0..8 {
        let t = private_dir();
        let spawn = |args: &[&str]| {
            std::process::Command::new(env!("CARGO_BIN_EXE_zicha"))
                .args(args)
                .env("ZICHA_DATA_DIR", t.path())
                .env("ZICHA_NOW", NOW)
                .output()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| spawn(&["new", "four-winds-25", "--no-open"]).unwrap());
            let b = s.spawn(|| spawn(&["new", "four-winds-25", "--no-open"]).unwrap());
            (a.join().unwrap(), b.join().unwrap())
        });
        assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
        assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
        let (ida, idb) = (
            String::from_utf8_lossy(&a.stdout).trim().to_string(),
            String::from_utf8_lossy(&b.stdout).trim().to_string(),
        );
        assert_ne!(ida, idb);
        assert_eq!(sessions_in(t.path()).len(), 2);
        let store = Store::at(t.path());
        assert_eq!(store.load(&ida).unwrap().session.id, ida);
        assert_eq!(store.load(&idb).unwrap().session.id, idb);
    }
    let (_src, files) = import_sources(1);
    for _ in 0..8 {
        let t = private_dir();
        let run = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_zicha"))
                .args(["import", "--rename"])
                .arg(&files[0])
                .env("ZICHA_DATA_DIR", t.path())
                .env("ZICHA_NOW", NOW)
                .output()
                .unwrap()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(run);
            let b = s.spawn(run);
            (a.join().unwrap(), b.join().unwrap())
        });
        for o in [&a, &b] {
            assert!(
                o.status.success(),
                "{:?}\nstdout: {}\nstderr: {}",
                o.status,
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
        }
        // Either both were taken (the second as -2) or the second found it already there.
        let n = sessions_in(t.path()).len();
        assert!(n == 1 || n == 2, "{n}");
        let store = Store::at(t.path());
        for id in store.ids().unwrap() {
            assert_eq!(store.load(&id).unwrap().session.id, id);
        }
    }
}

// ----------------------------------------------------------- 9. messages about the user's file

#[test]
fn import_messages_name_the_file_in_the_users_words_and_quote_nothing() {
    let t = private_dir();
    let src = private_dir();
    let secret = src.path().join("shadow");
    fs::write(&secret, "rootsecret:$6$salt$hash:19000:0:99999:7:::\n").unwrap();
    let link = src.path().join("link.ron");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let empty = src.path().join("empty.ron");
    fs::write(&empty, "").unwrap();
    let empty_json = src.path().join("blank.json");
    fs::write(&empty_json, "   \n").unwrap();
    let deep = src.path().join("deep.ron");
    fs::write(
        &deep,
        format!("(format: 1, id: {}{})", "[".repeat(500), "]".repeat(500)),
    )
    .unwrap();
    let deep_json = src.path().join("deep.json");
    fs::write(
        &deep_json,
        format!(
            "{{\"format\": 1, \"x\": {}{}}}",
            "[".repeat(500),
            "]".repeat(500)
        ),
    )
    .unwrap();
    let cut = src.path().join("cut.ron");
    let whole = to_ron(&session(ID)).unwrap();
    let mut half = whole.len() / 2;
    while !whole.is_char_boundary(half) {
        half -= 1;
    }
    fs::write(&cut, &whole[..half]).unwrap();
    for (file, says) in [
        (&link, "cannot import"),
        (&empty, "empty"),
        (&empty_json, "empty"),
        (&deep, "nested too deeply"),
        // serde_json refuses the unknown field before it meets the nesting.
        (&deep_json, "cannot import"),
        (&cut, "cannot import"),
    ] {
        let (code, _, stderr) = out(zicha(t.path()).args(["--lang", "en", "import"]).arg(file));
        assert_eq!(code, 1);
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            stderr.contains(&name) && stderr.contains(says),
            "{name}: {stderr}"
        );
        for internal in [
            "FormatProbe",
            "recursion_limit",
            "ron::",
            "backup",
            "rootsecret",
            "Session`",
        ] {
            assert!(!stderr.contains(internal), "{name}: {internal} in {stderr}");
        }
        assert!(
            stderr.lines().next().unwrap().contains(":1:") || stderr.contains(&format!("{name}:"))
        );
        // In Chinese too.
        let (_, _, zh) = out(zicha(t.path()).args(["--lang", "zh", "import"]).arg(file));
        assert!(zh.contains("无法导入") || zh.contains("导入"), "{zh}");
        assert!(!zh.contains("backup") && !zh.contains("rootsecret"), "{zh}");
    }
    assert!(sessions_in(t.path()).is_empty());
}

#[test]
fn json_and_ron_imports_refuse_the_same_bad_sessions() {
    let t = private_dir();
    let src = private_dir();
    let mut cases: Vec<(&str, Session)> = Vec::new();
    let mut fmt0 = session(ID);
    fmt0.format = 0;
    cases.push(("format", fmt0));
    let mut done = session(ID);
    done.answers[0].actions.push(Action {
        text: "x".into(),
        status: ActionStatus::Done,
        ..Action::default()
    });
    cases.push(("done_on", done));
    let mut backwards = session(ID);
    backwards.updated = backwards.created - chrono::Duration::days(1);
    cases.push(("before created", backwards));
    for (says, s) in &cases {
        let ron_file = src.path().join("s.ron");
        fs::write(&ron_file, to_ron(s).unwrap()).unwrap();
        let json_file = src.path().join("s.json");
        fs::write(&json_file, serde_json::to_string(s).unwrap()).unwrap();
        for file in [&ron_file, &json_file] {
            zicha(t.path())
                .args(["--lang", "en", "import"])
                .arg(file)
                .assert()
                .code(1)
                .stderr(predicate::str::contains(*says));
        }
    }
    assert!(sessions_in(t.path()).is_empty());
}

// --------------------------------------------------------------- 10. check: every problem, one pass

#[test]
fn check_reports_every_kind_of_problem_in_one_pass() {
    let t = private_dir();
    let file = t.path().join("c.ron");
    fs::write(
        &file,
        r#"(
  id: "Bad Id",
  version: 0,
  colour: "red",
  title: "t",
  source: "s",
  scale: [(value: 0, label: "a"), (value: 0, label: "b")],
  sources: [(id: "self", label: "x"), (id: "self", label: "y")],
  groups: [
    (id: "g1", title: "g", items: [(id: "i1"), (id: "i1", text: "b")]),
    (id: "g2", title: "h", items: []),
  ],
)"#,
    )
    .unwrap();
    let (code, _, stderr) = out(zicha(t.path()).args(["--lang", "en", "check"]).arg(&file));
    assert_eq!(code, 1);
    for expected in [
        "colour: unknown field",
        "version: the number 0",
        "groups[0].items[0].text: missing field",
        "id: invalid id \"Bad Id\"",
        "scale[1].value: scale value 0 is used twice",
        "sources[1].id: duplicate id \"self\"",
        "groups[1].items: the group has no items",
        "groups[0].items[1].id: duplicate id \"i1\"",
        "8 problem(s) found",
    ] {
        assert!(
            stderr.contains(expected),
            "{expected} missing from:\n{stderr}"
        );
    }
    assert!(!stderr.contains("more problems may follow"));
    fs::write(&file, "(id: \"x\" version: 1)").unwrap();
    zicha(t.path())
        .args(["--lang", "en", "check"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("more problems may follow"));
}

// ---------------------------------------------------------------------- 11. read-only session files

#[test]
fn a_session_file_made_read_only_opens_read_only_and_stays_as_it_is() {
    let t = private_dir();
    let path = put(t.path(), ID, &session(ID));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
    let before = fs::read(&path).unwrap();
    let store = Store::at(t.path());
    let mut app = zicha::tui::app::App::new(Lang::En, now(), store.clone(), Vec::new());
    app.open_session(ID).unwrap();
    let doc = app.doc.as_ref().unwrap();
    assert!(doc.read_only());
    let msg = app.read_only_message().unwrap();
    assert!(
        msg.contains("read-only") && msg.contains("chmod u+w"),
        "{msg}"
    );
    let mut s = store.load(ID).unwrap().session;
    s.label = Some("changed".into());
    assert!(matches!(
        store.save(&s, 1),
        Err(Error::ReadOnlySession { .. })
    ));
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o400
    );
    // A 0600 file still opens for writing.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let mut app = zicha::tui::app::App::new(Lang::En, now(), store, Vec::new());
    app.open_session(ID).unwrap();
    assert!(!app.doc.as_ref().unwrap().read_only());
}

/// Sessions handed in hold other people's notes: once imported they are 0600 like every session
/// file, whatever mode they came with and whatever the umask (RON and the JSON export alike).
#[test]
fn imported_sessions_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let (_src, files) = import_sources(2);
    for f in &files {
        fs::set_permissions(f, fs::Permissions::from_mode(0o644)).unwrap();
    }
    let t = private_dir();
    zicha(t.path())
        .arg("import")
        .args(&files)
        .assert()
        .success();
    let sessions = t.path().join("sessions");
    let mut n = 0;
    for e in fs::read_dir(&sessions).unwrap().flatten() {
        if e.file_name().to_string_lossy().ends_with(".ron") {
            let mode = e.metadata().unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{:?}", e.file_name());
            n += 1;
        }
    }
    assert_eq!(n, 2);
}

// ------------------------------------------------------ 10. scale: streaming import, index, lookup

#[test]
fn an_import_leaves_the_index_warm_so_the_next_start_parses_nothing() {
    let (_src, files) = import_sources(12);
    let t = private_dir();
    zicha(t.path())
        .arg("import")
        .args(&files)
        .assert()
        .success();
    let index = t.path().join("sessions/.index.bin");
    let written = fs::read(&index).unwrap();
    // postcard's varint of the version comes first.
    assert_eq!(written[0], 7, "{written:?}");
    for i in 0..12 {
        let id = format!("20261123-four-winds-25-m{i}");
        assert!(written.windows(id.len()).any(|w| w == id.as_bytes()));
    }
    let modified = fs::metadata(&index).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let (code, stdout, _) = out(zicha(t.path()).args(["list"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("m11"), "{stdout}");
    // Nothing was parsed, so nothing changed: the index was not written again.
    assert_eq!(fs::metadata(&index).unwrap().modified().unwrap(), modified);
}

#[test]
fn an_index_of_an_older_version_is_rebuilt_silently() {
    let t = private_dir();
    put(t.path(), ID, &session(ID));
    // Version 5's JSON index, left by an older zicha, and a version 6 in the new file's place.
    let former = t.path().join("sessions/.index.json");
    fs::write(
        &former,
        format!("{{\"version\":5,\"checklists\":[],\"entries\":[[\"{ID}\"]]}}"),
    )
    .unwrap();
    let index = t.path().join("sessions/.index.bin");
    fs::write(&index, [6u8, 0, 0]).unwrap();
    let (code, stdout, stderr) = out(zicha(t.path()).args(["list"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(ID), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(fs::read(&index).unwrap()[0], 7);
    assert!(!former.exists(), "the JSON index of version 5 is removed");
}

#[test]
fn an_exact_id_is_found_by_its_file_and_prefixes_still_work() {
    let t = private_dir();
    for id in [ID, &format!("{ID}-2")] {
        put(t.path(), id, &session(id));
    }
    let store = Store::at(t.path());
    assert_eq!(store.resolve(ID).unwrap(), ID);
    assert_eq!(
        store.resolve(&format!("{ID}-2")).unwrap(),
        format!("{ID}-2")
    );
    assert!(matches!(
        store.resolve("20261123-four"),
        Err(Error::Ambiguous { .. })
    ));
    assert!(matches!(
        store.resolve("20261123-nothing"),
        Err(Error::SessionNotFound(_))
    ));
    // A name that is no id never becomes a path, even when such a file exists next door.
    fs::write(t.path().join("evil.ron"), to_ron(&session("evil")).unwrap()).unwrap();
    assert!(store.resolve("../evil").is_err());
    // A file whose inner id is another session's is found by name, then refused by load.
    put(t.path(), "20261124-copy", &session(ID));
    assert_eq!(store.resolve("20261124-copy").unwrap(), "20261124-copy");
    assert!(matches!(
        store.load("20261124-copy"),
        Err(Error::IdMismatch { .. })
    ));
}

#[test]
fn recovery_leaves_a_live_imports_staging_dir_alone_and_rolls_back_a_dead_one() {
    let t = private_dir();
    put(t.path(), ID, &session(ID));
    // A live import: its lock held (by this test process), one session staged and linked in.
    let live = t.path().join(".import-live");
    fs::create_dir(&live).unwrap();
    let lock = fs::File::create(live.join(".lock")).unwrap();
    lock.lock().unwrap();
    let staged = format!("{ID}-live");
    fs::write(
        live.join(format!("{staged}.ron")),
        to_ron(&session(&staged)).unwrap(),
    )
    .unwrap();
    fs::hard_link(
        live.join(format!("{staged}.ron")),
        t.path().join(format!("sessions/{staged}.ron")),
    )
    .unwrap();
    // A just-created setup dir (no lock yet): never a staging dir, left for a minute.
    let setup = t.path().join(".newimport-young");
    fs::create_dir(&setup).unwrap();
    zicha(t.path()).args(["list"]).assert().success();
    assert!(live.exists() && setup.exists());
    assert!(t.path().join(format!("sessions/{staged}.ron")).exists());
    // The import dies (its lock is free): the next start rolls it back.
    drop(lock);
    zicha(t.path()).args(["list"]).assert().success();
    assert!(!live.exists());
    assert!(!t.path().join(format!("sessions/{staged}.ron")).exists());
    assert!(t.path().join(format!("sessions/{ID}.ron")).exists());
}

#[test]
fn a_file_handed_in_twice_in_one_run_is_already_there_and_a_clash_is_refused() {
    let (src, files) = import_sources(2);
    let twice = src.path().join("again.ron");
    fs::copy(&files[0], &twice).unwrap();
    // Same id as m1, other content.
    let mut other = session("20261123-four-winds-25-m1");
    other.answers[0].manifestation = "别的内容".into();
    let clash = src.path().join("clash.ron");
    fs::write(&clash, to_ron(&other).unwrap()).unwrap();
    let t = private_dir();
    let (code, stdout, stderr) = out(zicha(t.path())
        .args(["--lang", "en", "import"])
        .args(&files)
        .arg(&twice)
        .arg(&clash));
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("2 imported, 1 already here, 1 refused"),
        "{stdout}"
    );
    assert_eq!(sessions_in(t.path()).len(), 2);
    // With --rename the clash is taken as -2.
    let (code, stdout, _) = out(zicha(t.path())
        .args(["--lang", "en", "import", "--rename"])
        .arg(&clash));
    assert_eq!(code, 0, "{stdout}");
    assert!(sessions_in(t.path()).contains(&"20261123-four-winds-25-m1-2.ron".to_string()));
}
