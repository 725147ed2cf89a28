//! Helpers shared by the tests that drive the real binary in a pseudo-terminal (`pty.rs`, `crash.rs`):
//! start `zicha` in a pty of a fixed size, type keys, read back what it drew, `kill -9` it.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// The pinned clock of every test run (`ZICHA_NOW`).
pub const NOW: &str = "2026-11-23T10:00:00+08:00";

/// What the program wrote to the terminal, and how many frames it drew.
#[derive(Default)]
struct Output {
    bytes: Vec<u8>,
    /// Bytes before this index have been searched for the cursor sequences.
    scanned: usize,
    draws: usize,
    /// The program's side of the terminal is closed: everything it wrote has been read.
    closed: bool,
}

/// Every frame ratatui draws ends by hiding the cursor or showing it at the caret (exactly one of the
/// two per frame), so counting these counts frames.
const HIDE: &[u8] = b"\x1b[?25l";
const SHOW: &[u8] = b"\x1b[?25h";

impl Output {
    fn extend(&mut self, chunk: &[u8]) {
        self.bytes.extend_from_slice(chunk);
        let len = self.bytes.len();
        if len < HIDE.len() {
            return;
        }
        for i in self.scanned..=len - HIDE.len() {
            let w = &self.bytes[i..i + HIDE.len()];
            if w == HIDE || w == SHOW {
                self.draws += 1;
            }
        }
        // A sequence cut by the end of this chunk is found when the next one arrives.
        self.scanned = len - HIDE.len() + 1;
    }
}

pub struct Running {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Output>>,
    cols: usize,
    rows: usize,
    _master: Box<dyn MasterPty + Send>,
}

impl Running {
    /// `zicha ARGS` in a 100x30 pty, Chinese UI, pinned clock, data in `data`.
    pub fn start(data: &Path, args: &[&str]) -> Running {
        Running::start_sized(data, args, 100, 30)
    }

    pub fn start_sized(data: &Path, args: &[&str], cols: u16, rows: u16) -> Running {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
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
        let output = Arc::new(Mutex::new(Output::default()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend(&buf[..n]);
            }
            sink.lock().unwrap().closed = true;
        });
        Running {
            child,
            writer,
            output,
            cols: usize::from(cols),
            rows: usize::from(rows),
            _master: pty.master,
        }
    }

    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap().bytes).into_owned()
    }

    /// The screen as a terminal would show it now, one string per row.
    pub fn screen_text(&self) -> String {
        render(&self.raw(), self.cols, self.rows).join("\n")
    }

    /// Waits until the program has exited and all it wrote is read; returns its exit code.
    pub fn exit_code(&mut self) -> u32 {
        wait_until("zicha exits", || {
            matches!(self.child.try_wait(), Ok(Some(_))) && self.output.lock().unwrap().closed
        });
        self.child.wait().unwrap().exit_code()
    }

    /// How many frames the program has drawn so far.
    pub fn draws(&self) -> usize {
        self.output.lock().unwrap().draws
    }

    /// Waits until the program has drawn at least `n` frames.
    pub fn wait_draws(&mut self, n: usize, timeout: Duration) -> Result<(), String> {
        let start = Instant::now();
        loop {
            let seen = self.draws();
            if seen >= n {
                return Ok(());
            }
            if start.elapsed() > timeout {
                return Err(format!("saw {seen} frames, waited for {n}"));
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "zicha exited ({status:?}) after {seen} of {n} frames"
                ));
            }
            std::thread::sleep(Duration::from_micros(300));
        }
    }

    pub fn wait_for(&self, what: &str) {
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
    pub fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let mut buf = [0u8; 4];
            self.send(c.encode_utf8(&mut buf).as_bytes());
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Writes bytes to the terminal at once (one key, or an escape sequence).
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// `kill -9`, then reaps the process. (`Child::kill` of portable-pty sends SIGHUP, which zicha
    /// handles gracefully: not the crash this is for.)
    pub fn kill9(&mut self) {
        let pid = i32::try_from(self.pid()).unwrap();
        // SAFETY: kill(2) with a pid this test spawned and has not reaped yet.
        let rc = unsafe { kill(pid, SIGKILL) };
        assert_eq!(rc, 0, "kill -9 {pid} failed");
        let _ = self.child.wait();
    }
}

const SIGKILL: i32 = 9;

unsafe extern "C" {
    fn kill(pid: i32, sig: i32) -> i32;
}

/// A minimal terminal: enough of the escape sequences ratatui sends (cursor moves, clears) to know
/// what is on screen. Colours and modes are ignored; a wide character takes two cells.
pub fn render(stream: &str, cols: usize, rows: usize) -> Vec<String> {
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

pub fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `zicha new CHECKLIST --no-open` in `data`; returns the new session's id.
pub fn new_session(data: &Path, checklist: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zicha"))
        .args(["new", checklist, "--no-open"])
        .env("ZICHA_DATA_DIR", data)
        .env("ZICHA_NOW", NOW)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}
