//! One function per command: read what it needs through the store, print, return the exit code.
//! Messages come from `messages::cli`; errors go back to `main` as values.

mod catalog;
mod diff;
mod export;
pub(crate) mod from_text;
mod import;
mod man;
mod trend;
mod unit;

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{ChecklistsCommand, Cli, Command, NewArgs, Shell};
use crate::context::{Ctx, is_interactive};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::messages::cli as m;
use crate::session::index::{Entry, Summary};
use crate::session::{NewSession, Session, Store};

pub fn run(
    cli: Cli,
    lang: Lang,
    config: crate::config::Config,
    config_error: Option<crate::config::ConfigError>,
) -> Result<ExitCode> {
    // A broken settings file never stops a command: it is named, and the defaults are used. The TUI
    // shows it in its status line instead, where stderr would be drawn over.
    if let Some(e) = &config_error
        && cli.command.as_ref().is_some_and(|c| !opens_tui(c))
    {
        eprintln!("zicha: {}", e.render(lang));
    }
    let ctx = Ctx {
        config,
        config_error,
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
        Some(Command::Checklists {
            command: Some(ChecklistsCommand::FromText(args)),
            ..
        }) => from_text::from_text(&ctx, args),
        Some(Command::Checklists { json, .. }) => catalog::checklists(&ctx, json),
        Some(Command::Check { files, json }) => catalog::check(&ctx, &files, json),
        Some(Command::List { json }) => catalog::list(&ctx, json),
        Some(Command::New(args)) => {
            let session = new_session(&ctx, &args)?;
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
        Some(Command::Export(args)) => export::export(&ctx, args),
        Some(Command::Diff(args)) => diff::diff(&ctx, args),
        Some(Command::Trend(args)) => trend::trend(&ctx, args),
        Some(Command::Unit(args)) => unit::unit(&ctx, args),
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            let mut cmd = crate::cli::command(lang);
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
                Shell::Powershell => clap_complete::Shell::PowerShell,
            };
            clap_complete::generate(shell, &mut cmd, "zicha", &mut out);
            print(&String::from_utf8_lossy(&out))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            print(&man::page(lang).map_err(|e| Error::io("<stdout>", e))?)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Commands that take the terminal (stderr would be drawn over).
fn opens_tui(c: &Command) -> bool {
    match c {
        Command::Fill { .. } => true,
        Command::New(a) => !a.no_open && is_interactive(),
        _ => false,
    }
}

/// `zicha new`: creates the session, carried forward from `--from` if given (SPEC §10). A `--from`
/// session of another checklist id is refused; a newer version of the same checklist is fine.
fn new_session(ctx: &Ctx, args: &NewArgs) -> Result<Session> {
    let registry = ctx.registry();
    let checklist = registry
        .get(&args.checklist)
        .ok_or_else(|| Error::ChecklistNotFound(args.checklist.clone()))?
        .clone();
    let from = match &args.from {
        Some(spec) => {
            let id = ctx.store.resolve(spec)?;
            let prev = ctx.store.load(&id)?.session;
            if prev.checklist.id != checklist.id {
                return Err(Error::FromOtherChecklist {
                    from: prev.id,
                    from_checklist: prev.checklist.id,
                    checklist: checklist.id,
                });
            }
            for (item, text) in prev.uncarriable(&checklist) {
                eprint(&format!(
                    "zicha: {}",
                    m::NOT_CARRIED.fmt(ctx.lang, &[("item", &item), ("text", &text)])
                ));
            }
            Some(prev)
        }
        None => None,
    };
    // The settings' name and unit are for a fresh start; `--from` takes the previous session's.
    let default = |v: &Option<String>| if from.is_none() { v.clone() } else { None };
    let meta = NewSession {
        label: args.label.clone(),
        name: args.name.clone().or_else(|| default(&ctx.config.name)),
        unit: args.unit.clone().or_else(|| default(&ctx.config.unit)),
        from,
    };
    ctx.store.create(checklist, meta, ctx.now)
}

/// Writes to stdout; a closed pipe (`zicha list | head`) is not an error worth a message. Every
/// byte for stdout goes through here, and through [`crate::sanitize::text`]: no control character
/// from a file reaches the terminal raw, whatever the command.
pub fn print(text: &str) -> Result<()> {
    let text = crate::sanitize::text(text);
    print_bytes(text.as_bytes())
}

/// Writes bytes to stdout as they are (a binary export to a pipe); a closed pipe is not an error.
pub fn print_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
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

/// Every readable session (of `checklist`, if given) from the store's summary index. Damaged files
/// never stop a report; they are named on stderr.
fn readable_summaries(ctx: &Ctx, checklist: Option<&str>) -> Result<Vec<Summary>> {
    let mut ok = Vec::new();
    let mut damaged = Vec::new();
    let mut errors = Vec::new();
    let mut any_readable = false;
    for entry in ctx.store.summaries()? {
        match entry {
            Entry::Ok(s) if checklist.is_none_or(|c| c == s.checklist) => ok.push(s),
            Entry::Ok(_) => any_readable = true,
            Entry::Damaged { id, error, .. } => {
                damaged.push(id);
                errors.push(error);
            }
        }
    }
    // Nothing readable at all: say why rather than "no sessions yet".
    if ok.is_empty() && !any_readable && !errors.is_empty() {
        return Err(crate::session::store::none_readable(errors));
    }
    if !damaged.is_empty() {
        eprint(&format!(
            "zicha: {}",
            crate::messages::compare::SKIPPED_DAMAGED.fmt(
                ctx.lang,
                &[
                    ("n", &damaged.len()),
                    (
                        "ids",
                        &damaged.join(crate::messages::compare::LIST_SEP.get(ctx.lang)),
                    ),
                ]
            )
        ));
    }
    Ok(ok)
}
