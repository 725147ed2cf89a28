//! The terminal at the edge: raw mode, alternate screen and mouse on entry, all undone on every way out
//! (normal return, error, panic, SIGTERM, SIGHUP).
//!
//! Restoring is idempotent and ignores errors: after SIGHUP the terminal may already be gone.

use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::error::{Error, Result};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the TUI runs; dropping it restores the terminal.
pub struct Guard {
    pub terminal: Term,
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as the shell expects it. Safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

pub fn enter() -> Result<Guard> {
    install_panic_hook();
    let mut out = io::stdout();
    enable_raw_mode().map_err(|e| Error::io("<terminal>", e))?;
    if let Err(e) = execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    ) {
        restore();
        return Err(Error::io("<terminal>", e));
    }
    match Terminal::new(CrosstermBackend::new(out)) {
        Ok(terminal) => Ok(Guard { terminal }),
        Err(e) => {
            restore();
            Err(Error::io("<terminal>", e))
        }
    }
}

/// A panic restores the terminal before the message is printed, so it is readable.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// SIGTERM and SIGHUP (terminal closed) end the TUI. The event loop notices the flag within a moment
/// and exits normally (flushing a waiting save, restoring the terminal). A watchdog thread makes sure
/// of it: when the terminal is gone, crossterm can spin reading end-of-file and never return to the
/// loop, so after a grace period the thread restores the terminal and exits itself. Every change is
/// already saved by then (saves are deferred only while input is queued).
pub struct Signals {
    flag: Arc<AtomicBool>,
    which: Arc<AtomicUsize>,
}

/// How long the event loop gets to wind down after a signal before the watchdog exits for it.
const GRACE: std::time::Duration = std::time::Duration::from_millis(500);

impl Signals {
    pub fn register() -> Signals {
        let flag = Arc::new(AtomicBool::new(false));
        let which = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGTERM};
            if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) {
                let (flag, which) = (Arc::clone(&flag), Arc::clone(&which));
                std::thread::spawn(move || {
                    if let Some(sig) = signals.forever().next() {
                        which.store(sig as usize, Ordering::SeqCst);
                        flag.store(true, Ordering::SeqCst);
                        std::thread::sleep(GRACE);
                        restore();
                        std::process::exit(128 + sig);
                    }
                });
            }
        }
        Signals { flag, which }
    }

    /// The signal received, if any.
    pub fn received(&self) -> Option<i32> {
        if self.flag.load(Ordering::SeqCst) {
            Some(self.which.load(Ordering::SeqCst) as i32)
        } else {
            None
        }
    }
}
