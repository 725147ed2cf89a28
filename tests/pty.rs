//! End to end in a pseudo-terminal: the real binary, real keys, `kill -9`, and a restart that must
//! resume where the user was with nothing lost.

#![cfg(unix)]

mod common;

use std::time::Duration;

use common::{Running, new_session, wait_until};
use zicha::session::{Field, Rating, Store};

#[test]
fn fill_resumes_at_the_item_and_note_after_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let id = new_session(dir.path(), "four-winds-25");
    let store = Store::at(dir.path());

    let mut first = Running::start(dir.path(), &["fill", &id]);
    first.wait_for("知行不一");
    first.keys("2j3j1jm");
    first.keys("会议太多,文山会海");
    // Each keystroke is saved as it is typed: wait until the last one is on disk, then kill.
    wait_until("the note is saved", || {
        store
            .load(&id)
            .is_ok_and(|l| l.session.answers[3].manifestation == "会议太多,文山会海")
    });
    first.kill9();

    let loaded = store
        .load(&id)
        .expect("the file still parses after kill -9");
    let s = loaded.session;
    assert_eq!(s.answers[0].rating, Rating::Value(2));
    assert_eq!(s.answers[1].rating, Rating::Value(3));
    assert_eq!(s.answers[2].rating, Rating::Value(1));
    let position = s.position.expect("the position was saved");
    assert_eq!(position.item, "f4");
    assert_eq!(position.field, Field::Manifestation);

    let mut second = Running::start(dir.path(), &["fill", &id]);
    // The fourth item and its note come back, with the editor closed: navigation keys navigate.
    second.wait_for("花拳绣腿");
    second.wait_for("会议太多,文山会海");
    second.keys("\x03");
    wait_until("zicha exits on Ctrl-C", || {
        matches!(second.child.try_wait(), Ok(Some(_)))
    });
    // The terminal was given back: the alternate screen was left.
    assert!(second.raw().contains("\x1b[?1049l"));
}

#[test]
fn a_second_zicha_on_the_same_session_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let id = new_session(dir.path(), "four-winds-25");
    let path = Store::at(dir.path()).session_path(&id);

    let mut first = Running::start(dir.path(), &["fill", &id]);
    first.wait_for("知行不一");
    let mut second = Running::start(dir.path(), &["fill", &id]);
    second.wait_for("只读");
    let before = std::fs::read(&path).unwrap();
    second.keys("2j3");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the reader never writes"
    );
    second.keys("\x03");
    first.keys("\x03");
    wait_until("both exit", || {
        matches!(second.child.try_wait(), Ok(Some(_)))
            && matches!(first.child.try_wait(), Ok(Some(_)))
    });
}

/// Issue 17: the reader follows what the writer saves, is offered `t` once the writer has quit, takes
/// over and writes; the writers' lock sidecars are gone once both have closed the session.
#[test]
fn a_read_only_zicha_follows_the_writer_and_takes_over_when_it_quits() {
    let dir = tempfile::tempdir().unwrap();
    let id = new_session(dir.path(), "four-winds-25");
    let store = Store::at(dir.path());
    let lock = store.sessions_dir().join(format!("{id}.lock"));

    let mut first = Running::start(dir.path(), &["fill", &id]);
    first.wait_for("知行不一");
    let mut second = Running::start(dir.path(), &["fill", &id]);
    second.wait_for("只读");
    // The writer rates the first item; the reader shows it without a key pressed.
    first.keys("3");
    second.wait_for("[3]");
    assert!(
        !second.screen_text().contains("原因  t"),
        "no t in the key bar yet"
    );
    first.keys("q");
    first.wait_for("会话");
    first.keys("q");
    wait_until("the writer exits", || {
        matches!(first.child.try_wait(), Ok(Some(_)))
    });
    second.wait_for("已经关闭了会话");
    second.wait_for("原因  t");
    second.keys("t");
    second.wait_for("已接手");
    second.keys("j2");
    wait_until("the new writer saved", || {
        store
            .load(&id)
            .is_ok_and(|l| l.session.answers[1].rating == Rating::Value(2))
    });
    assert!(lock.exists(), "held by the new writer");
    second.keys("\x03");
    wait_until("the new writer exits", || {
        matches!(second.child.try_wait(), Ok(Some(_)))
    });
    assert!(!lock.exists(), "no sidecar left behind");
    let s = store.load(&id).unwrap().session;
    assert_eq!(s.answers[0].rating, Rating::Value(3));
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let mut running = Running::start(dir.path(), &[]);
    running.wait_for("four-winds-25");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &running.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    wait_until("zicha exits on SIGTERM", || {
        matches!(running.child.try_wait(), Ok(Some(_)))
    });
    // The child has exited, but the pty reader may not have read its last bytes yet.
    wait_until("the terminal is restored", || {
        let text = running.raw();
        text.contains("\x1b[?1049l") && text.contains("\x1b[?25h")
    });
}

#[test]
fn fill_without_a_terminal_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let id = new_session(dir.path(), "four-winds-25");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zicha"))
        .args(["--lang", "en", "fill", &id])
        .env("ZICHA_DATA_DIR", dir.path())
        .stdin(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}

#[test]
fn a_circular_pasted_on_home_becomes_a_checklist_listed_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Running::start(dir.path(), &[]);
    app.wait_for("从清单新建会话");
    app.keys("p");
    app.wait_for("在此粘贴");
    // A bracketed paste as a terminal sends it: CR line ends between the paste brackets.
    let circular =
        "作风自查清单\r一、会风\r1. 会议多\r2. 会议长，\r以会议贯彻会议\r二、文风\r1. 文件多\r";
    app.send(format!("\x1b[200~{circular}\x1b[201~").as_bytes());
    // The preview follows the paste (the wrapped line is joined to its item).
    app.wait_for("g1-2 会议长，以会议贯彻会议");
    app.keys("\tunit-3\r");
    let written = dir.path().join("checklists/unit-3.ron");
    wait_until("the checklist is written", || written.exists());
    // Back on Home, listed among the checklists to start from.
    app.wait_for("unit-3，3");
    let c = zicha::checklist::registry::read_checklist_file(&written).unwrap();
    assert_eq!(c.groups[0].items[1].text.zh, "会议长，以会议贯彻会议");
    app.keys("\x03");
    wait_until("zicha exits on Ctrl-C", || {
        matches!(app.child.try_wait(), Ok(Some(_)))
    });
}
