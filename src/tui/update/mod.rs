//! `update(&mut App, Message)`: the only place the TUI's state changes. Each change to the session goes
//! through `App::edit` / `App::edit_typing`, which save it at once.

mod actions;
mod causes;
mod fill;
mod forms;
mod from_text;
mod home;
mod popups;
mod scroll;
mod unit;

use super::message::Message;
use ratatui::layout::Rect;

use super::app::{App, Focus, Popup, Screen, TextEdit, TextKind};
use super::itemlist;
use super::layout;
use crate::messages::tui as m;
use crate::session::edit::Target;

use causes::causes;
use fill::fill;
use home::home;
use popups::popup;
use scroll::{compare, help, trend};

pub fn update(app: &mut App, action: Message) {
    // Pages and clicks are measured against the frame the user sees: the one drawn from the state
    // as it is before this message (whose status area may take more than one row).
    app.status_rows = crate::tui::view::chrome(app, full(app))
        .status
        .height
        .max(1);
    apply(app, action);
    settle(app);
}

fn full(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

/// What must hold after every message: Home's and the fill screen's lists scrolled as they will be
/// drawn (kept where they were while the selection is in view; see `layout::keep_in_view`).
fn settle(app: &mut App) {
    if app.screen == Screen::Home {
        let body = crate::tui::view::chrome(app, full(app)).body;
        let list = crate::tui::view::home::list_area(app, body);
        app.home.top = app.home.offset(list.height as usize);
    }
    if app.doc.is_none() {
        return;
    }
    let list = layout::fill(crate::tui::view::chrome(app, full(app)).body).list;
    let list = itemlist::body(app, list);
    let rows = itemlist::rows(app);
    app.list_top = itemlist::offset(app, &rows, list.height as usize);
}

/// The frame as the user saw it when the message came (the status area can take up to three rows).
fn screen_chrome(app: &App) -> layout::Chrome {
    app.chrome()
}

fn apply(app: &mut App, action: Message) {
    match action {
        Message::Resize { width, height } => {
            app.size = (width, height);
            return;
        }
        Message::Quit => {
            app.quit = true;
            return;
        }
        _ => {}
    }
    // While "terminal too small" is shown, keys would act unseen: only resizing and quitting count.
    if app.size.0 < crate::tui::app::MIN_WIDTH || app.size.1 < crate::tui::app::MIN_HEIGHT {
        return;
    }
    app.notice = None;
    if app.popup.is_some() {
        popup(app, action);
        return;
    }
    match action {
        Message::Help => {
            app.screen = match std::mem::replace(&mut app.screen, Screen::Home) {
                Screen::Help { back, .. } => *back,
                other => Screen::Help {
                    back: Box::new(other),
                    scroll: 0,
                },
            };
            return;
        }
        Message::ToggleLang => {
            app.lang = app.lang.toggled();
            return;
        }
        Message::TakeOver if app.doc.is_some() => {
            app.take_over();
            return;
        }
        _ => {}
    }
    if app.doc.as_ref().is_some_and(|d| d.read_only()) && action.edits() {
        app.notice = Some(app.read_only_refusal());
        return;
    }
    match &app.screen {
        Screen::Home => home(app, action),
        Screen::Fill => fill(app, action),
        Screen::Causes => causes(app, action),
        Screen::Help { .. } => help(app, action),
        Screen::Compare(_) => compare(app, action),
        Screen::Trend(_) => trend(app, action),
        Screen::FromText => from_text::from_text(app, action),
        Screen::Unit(_) => unit::unit(app, action),
    }
}

fn body_height(app: &App) -> usize {
    screen_chrome(app).body.height as usize
}

/// Called by the event loop about once a second while no input arrives: looks at the disk (see
/// `tui::watch`). Returns whether anything shown changed, so that an idle screen is redrawn only then.
pub fn tick(app: &mut App) -> bool {
    app.watch()
}

fn select(app: &mut App, item: usize) {
    app.sel = item;
    app.focus = Focus::Items;
    app.persist(false);
}

fn open_text(app: &mut App, kind: TextKind, text: &str) {
    app.popup = Some(Popup::Text(TextEdit::new(kind, text)));
    app.persist(false);
}

fn undo(app: &mut App, redo: bool) {
    let Some(doc) = app.doc.as_mut() else { return };
    let target = if redo {
        doc.history.redo(&mut doc.session)
    } else {
        doc.history.undo(&mut doc.session)
    };
    match target {
        None => app.notice(if redo {
            &m::NOTHING_TO_REDO
        } else {
            &m::NOTHING_TO_UNDO
        }),
        Some(t) => {
            let what = match t {
                Target::Rating(_) => &m::WHAT_RATING,
                Target::Manifestation(_) => &m::WHAT_MANIFESTATION,
                Target::Sources(_) => &m::WHAT_SOURCES,
                Target::Actions(_) => &m::WHAT_ACTIONS,
                Target::Cause(_) => &m::WHAT_CAUSE,
                Target::Preface => &m::WHAT_PREFACE,
            };
            let done = if redo { &m::REDID } else { &m::UNDID };
            app.notice = Some(done.fmt(app.lang, &[("what", &what.get(app.lang))]));
            match t {
                Target::Cause(i) => {
                    app.cause_sel = i + 1;
                    app.screen = Screen::Causes;
                }
                Target::Preface => {
                    app.cause_sel = 0;
                    app.screen = Screen::Causes;
                }
                other => {
                    if let Some(i) = other.item() {
                        app.sel = i;
                    }
                    if app.screen == Screen::Causes {
                        app.screen = Screen::Fill;
                    }
                }
            }
            app.focus = Focus::Items;
            app.persist(true);
        }
    }
}

/// Items that contain `query` (see `itemlist::search`).
pub fn matches(app: &App, query: &str) -> Vec<usize> {
    app.doc
        .as_ref()
        .map(|doc| itemlist::search(doc, query))
        .unwrap_or_default()
}

fn end_typing(app: &mut App) {
    if let Some(doc) = app.doc.as_mut() {
        doc.history.end_typing();
    }
}

fn close_text(app: &mut App) {
    end_typing(app);
    app.popup = None;
    app.persist(false);
}

fn add_action(app: &mut App) {
    open_text(
        app,
        TextKind::ActionText {
            item: app.sel,
            index: None,
        },
        "",
    );
}
