//! What both front ends (the commands and the TUI) start from: the language, the store, the clock read
//! once, and whether a terminal is there.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::checklist::Registry;
use crate::i18n::Lang;
use crate::session::Store;

/// What every command gets: the language, the store, the clock read once.
pub struct Ctx {
    pub lang: Lang,
    pub store: Store,
    pub now: DateTime<FixedOffset>,
    pub extra_checklists: Vec<PathBuf>,
    pub bench_first_frame: bool,
}

impl Ctx {
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    pub fn registry(&self) -> Registry {
        Registry::load(&self.store.checklists_dir(), &self.extra_checklists)
    }
}

/// Both ends are a terminal: the TUI can run.
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}
