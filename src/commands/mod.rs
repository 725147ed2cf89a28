//! One function per command: read what it needs through the store, print, return the exit code.
//! Messages come from `messages::cli`; errors go back to `main` as values.

mod catalog;
pub(crate) mod compare;
mod import;
pub(crate) mod report;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::checklist::Registry;
use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::messages::cli as m;
use crate::session::{NewSession, Store};

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

pub fn run(cli: Cli, lang: Lang) -> Result<ExitCode> {
    let ctx = Ctx {
        lang,
        store: Store::locate(cli.data_dir)?,
        now: crate::dates::now(),
        extra_checklists: cli.checklists,
        bench_first_frame: cli.bench_first_frame,
    };
    // A zicha killed while importing left a staging dir: finish it (all or nothing) first.
    crate::session::import::recover(&ctx.store);
    // Others who can write in the data dir could plant links or sessions: say so (tightened if ours).
    for loose in ctx.store.loose_dirs() {
        eprint(
            &Error::LooseDir {
                dir: loose.dir,
                mode: loose.mode,
                tightened: loose.tightened,
            }
            .render(lang),
        );
    }
    match cli.command {
        None => crate::tui::run(&ctx, crate::tui::Start::Home),
        Some(Command::Checklists { json }) => catalog::checklists(&ctx, json),
        Some(Command::Check { files }) => catalog::check(&ctx, &files),
        Some(Command::List { json }) => catalog::list(&ctx, json),
        Some(Command::New(args)) => {
            let registry = ctx.registry();
            let checklist = registry.get(&args.checklist)?.clone();
            let meta = NewSession {
                label: args.label,
                name: args.name,
                unit: args.unit,
            };
            let session = ctx.store.create(checklist, meta, ctx.now)?;
            if args.no_open || !is_interactive() {
                print(&format!("{}\n", session.id))?;
                Ok(ExitCode::SUCCESS)
            } else {
                crate::tui::run(&ctx, crate::tui::Start::Fill(session.id))
            }
        }
        Some(Command::Fill { session }) => {
            let id = ctx.store.resolve(&session)?;
            crate::tui::run(&ctx, crate::tui::Start::Fill(id))
        }
        Some(Command::Import { files, rename }) => import::import(&ctx, &files, rename),
        Some(Command::Export(args)) => report::export(&ctx, args),
        Some(Command::Diff(args)) => compare::diff(&ctx, args),
        Some(Command::Trend(args)) => compare::trend(&ctx, args),
    }
}

/// Both ends are a terminal: the TUI can run.
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Writes to stdout; a closed pipe (`zicha list | head`) is not an error worth a message. Every
/// byte for stdout goes through here, and through [`crate::sanitize::text`]: no control character
/// from a file reaches the terminal raw, whatever the command.
pub fn print(text: &str) -> Result<()> {
    let text = crate::sanitize::text(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("<stdout>", e)),
    }
}

/// Writes one message line to stderr, made safe like [`print`]. Every message for stderr goes here.
pub fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", crate::sanitize::text(text));
}

/// "3/25" style progress text used by several commands.
pub fn progress_text(lang: Lang, rated: usize, items: usize) -> String {
    m::PROGRESS.fmt(lang, &[("rated", &rated), ("items", &items)])
}
