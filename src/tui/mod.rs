//! The terminal UI (SPEC §4), in the Elm shape: one [`app::App`] state; [`keymap`] turns an event into
//! a [`message::Message`]; [`update::update`] applies it (saving each change at once); [`view::view`]
//! draws. [`run`] is the edge: the terminal, the event loop, signals.

pub mod app;
pub mod editor;
pub mod from_text;
pub mod home;
pub mod itemlist;
pub mod keymap;
pub mod layout;
pub mod message;
pub mod popup;
pub mod reports;
pub mod term;
pub mod text;
pub mod update;
pub mod view;
pub mod watch;

use std::process::ExitCode;
use std::time::Duration;

use crossterm::event;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::context::Ctx;
use crate::error::{Error, Result};
use app::App;

/// Which screen to open first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    Home,
    Fill(String),
}

/// Builds the app for `start`: the home list, or a session (locked, or read-only if held elsewhere).
pub fn app_for(ctx: &Ctx, start: &Start) -> Result<App> {
    // Home's list is decoded on a thread of its own while the checklists are loaded here.
    let index = (*start == Start::Home).then(|| ctx.store.prefetch_index());
    let registry = ctx.registry();
    let checklists = registry.usable().cloned().collect();
    let mut app = App::new(ctx.lang, ctx.now, ctx.store.clone(), checklists);
    app.broken = registry
        .entries
        .iter()
        .filter(|e| e.checklist.is_none())
        .filter_map(|e| match &e.origin {
            crate::checklist::registry::Origin::User(file) => Some(app::BrokenChecklist {
                file: file.clone(),
                problems: e.problems.clone(),
            }),
            crate::checklist::registry::Origin::Bundled => None,
        })
        .collect();
    app.borders = ctx.config.borders;
    // https://no-color.org: set and not empty means no colours.
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    // Exports go to the settings' folder, else zicha's own (created when the first export is written).
    if let Some(dir) = ctx
        .config
        .export_dir()
        .or_else(crate::config::default_export_dir)
    {
        app.export_dir = dir.clone();
        app.export_home = Some(dir);
    }
    app.default_name = ctx.config.name.clone();
    app.default_unit = ctx.config.unit.clone();
    // Sidecar locks left by a zicha that was killed: none of them is held, so they go (Home
    // finds them in the same read of the dir as the sessions).
    match (start, index) {
        (Start::Home, Some(index)) => app.load_home_quick(index)?,
        (Start::Home, None) => app.load_home()?,
        (Start::Fill(id), _) => {
            ctx.store.remove_stale_locks();
            app.open_session(id)?;
        }
    }
    // A broken settings file is said where the user looks: the status line of the first screen.
    if let Some(e) = &ctx.config_error {
        app.notice = Some(e.render(ctx.lang));
    }
    Ok(app)
}

pub fn run(ctx: &Ctx, start: Start) -> Result<ExitCode> {
    let interactive = crate::context::is_interactive();
    if !interactive && !ctx.bench_first_frame {
        return Err(Error::NotATerminal);
    }
    // Everything that can fail on input is read before the terminal is taken, so errors print plainly.
    let mut app = app_for(ctx, &start)?;
    if ctx.bench_first_frame && !interactive {
        // Start-up benchmarks run without a terminal: draw into memory at the minimum size.
        // Drawing into memory cannot fail (the test backend's error type is `Infallible`).
        let Ok(mut terminal) = Terminal::new(TestBackend::new(app::MIN_WIDTH, app::MIN_HEIGHT));
        let Ok(_) = terminal.draw(|f| view::view(&app, f));
        // The process ends now: freeing 10,000 summaries one by one is not part of a first frame.
        std::mem::forget(app);
        return Ok(ExitCode::SUCCESS);
    }
    let signals = term::Signals::register();
    app.defer_saves = true;
    let mut guard = term::enter()?;
    let result = event_loop(
        &mut app,
        &mut guard.terminal,
        &signals,
        ctx.bench_first_frame,
    );
    // Whatever ended the loop (quit, a signal, a terminal error), a change still waiting is written.
    app.flush();
    drop(guard);
    if ctx.bench_first_frame {
        // As above: the benchmark's process ends here, with the terminal restored.
        std::mem::forget(app);
    }
    result
}

/// How often an idle TUI looks at the disk for another process's changes.
const LOOK_EVERY: Duration = Duration::from_secs(1);

fn event_loop(
    app: &mut App,
    terminal: &mut term::Term,
    signals: &term::Signals,
    first_frame_only: bool,
) -> Result<ExitCode> {
    let io = |e: std::io::Error| Error::io("<terminal>", e);
    let size = terminal.size().map_err(io)?;
    update::update(
        app,
        message::Message::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let mut redraw = true;
    // The disk is looked at about once a second while no key arrives (see `watch`).
    let mut last_look = std::time::Instant::now();
    loop {
        // Input already queued is applied first; the save follows as soon as the queue is empty (a
        // position-only change once its second is up, see `App::flush_due`).
        let mut wait = Duration::from_millis(200);
        if !event::poll(Duration::ZERO).map_err(io)?
            && let Some(due) = app.flush_due()
        {
            wait = wait.min(due.saturating_duration_since(std::time::Instant::now()));
        }
        // Drawn after each event only: an idle screen costs nothing.
        if redraw {
            terminal.draw(|f| view::view(app, f)).map_err(io)?;
            redraw = false;
        }
        if first_frame_only || app.quit {
            return Ok(ExitCode::SUCCESS);
        }
        // The first frame's list is checked against the files before any key is read.
        if app.check_home() {
            redraw = true;
            continue;
        }
        if let Some(sig) = signals.received() {
            return Ok(ExitCode::from(128u8.saturating_add(sig as u8)));
        }
        // A short poll so that a signal is noticed without a key press.
        if !event::poll(wait).map_err(io)? {
            if last_look.elapsed() >= LOOK_EVERY {
                last_look = std::time::Instant::now();
                redraw |= update::tick(app);
            }
            continue;
        }
        let ev = event::read().map_err(io)?;
        // The clock is read once per event, here at the edge, and handed to the app with it.
        app.now = crate::dates::now();
        for ev in keymap::expand(app.scope(), ev) {
            if let Some(action) = keymap::action_for(app.scope(), &ev) {
                update::update(app, action);
                redraw = true;
            }
        }
    }
}
