//! End to end in a pseudo-terminal: the real binary, real keys, `kill -9`, and a restart that must
//! resume where the user was with nothing lost.

#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use zicha::session::{Field, Rating, Store};

const NOW: &str = "2026-11-23T10:00:00+08:00";

struct Running {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    _master: Box<dyn MasterPty + Send>,
}

impl Running {
    fn start(data: &Path, args: &[&str]) -> Running {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_zicha"));
        cmd.args(args);
        cmd.env("ZICHA_DATA_DIR", data);
        cmd.env("ZICHA_NOW", NOW);
        cmd.env("ZICHA_LANG", "zh");
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Running {
            child,
            writer,
            output,
            _master: pty.master,
        }
    }

    fn raw(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// The screen as a terminal would show it now, one string per row.
    fn screen_text(&self) -> String {
        render(&self.raw(), 100, 30).join("\n")
    }

    fn wait_for(&self, what: &str) {
        let start = Instant::now();
        while !self.screen_text().contains(what) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "never saw {what:?} on screen; got {:?}",
                self.screen_text()
                    .chars()
                    .rev()
                    .take(1500)
                    .collect::<String>()
                    .chars()
                    .rev()
                    .collect::<String>()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types keys one at a time, as a person would.
    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let mut buf = [0u8; 4];
            self.writer
                .write_all(c.encode_utf8(&mut buf).as_bytes())
                .unwrap();
            self.writer.flush().unwrap();
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }
}

/// A minimal terminal: enough of the escape sequences ratatui sends (cursor moves, clears) to know
/// what is on screen. Colours and modes are ignored; a wide character takes two cells.
fn render(stream: &str, cols: usize, rows: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut grid = vec![vec![String::from(" "); cols]; rows];
    let (mut row, mut col) = (0usize, 0usize);
    let mut chars = stream.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() != Some(&'[') {
                chars.next();
                continue;
            }
            chars.next();
            let mut params = String::new();
            let mut fin = ' ';
            for p in chars.by_ref() {
                if ('\x40'..='\x7e').contains(&p) {
                    fin = p;
                    break;
                }
                params.push(p);
            }
            match fin {
                'H' => {
                    let mut it = params.split(';').map(|n| n.parse::<usize>().unwrap_or(1));
                    row = it.next().unwrap_or(1).saturating_sub(1).min(rows - 1);
                    col = it.next().unwrap_or(1).saturating_sub(1).min(cols - 1);
                }
                'J' if params == "2" => grid = vec![vec![String::from(" "); cols]; rows],
                _ => {}
            }
            continue;
        }
        if c == '\r' {
            col = 0;
            continue;
        }
        if c == '\n' {
            row = (row + 1).min(rows - 1);
            continue;
        }
        let w = c.width().unwrap_or(0);
        if w == 0 || col >= cols {
            continue;
        }
        grid[row][col] = c.to_string();
        if w == 2 && col + 1 < cols {
            grid[row][col + 1] = String::new();
        }
        col += w;
    }
    grid.into_iter().map(|r| r.concat()).collect()
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn fill_resumes_at_the_item_and_note_after_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zicha"))
        .args([
            "new",
            "four-winds-25",
            "--no-open",
            "--label",
            "2014年第一季度",
        ])
        .env("ZICHA_DATA_DIR", dir.path())
        .env("ZICHA_NOW", NOW)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
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
    let status = std::process::Command::new("kill")
        .args(["-9", &first.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let _ = first.child.wait();

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
    // The fourth item, with its note open in the editor, is what comes back.
    second.wait_for("具体表现:花拳绣腿");
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
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zicha"))
        .args(["new", "four-winds-25", "--no-open"])
        .env("ZICHA_DATA_DIR", dir.path())
        .env("ZICHA_NOW", NOW)
        .output()
        .unwrap();
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
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
    let text = running.raw();
    assert!(text.contains("\x1b[?1049l"), "left the alternate screen");
    assert!(text.contains("\x1b[?25h"), "showed the cursor again");
}

#[test]
fn fill_without_a_terminal_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zicha"))
        .args(["new", "four-winds-25", "--no-open"])
        .env("ZICHA_DATA_DIR", dir.path())
        .env("ZICHA_NOW", NOW)
        .output()
        .unwrap();
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zicha"))
        .args(["--lang", "en", "fill", &id])
        .env("ZICHA_DATA_DIR", dir.path())
        .stdin(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}
