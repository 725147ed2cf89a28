//! `update(&mut App, Action)`: the only place the TUI's state changes. Each change to the session goes
//! through `App::edit` / `App::edit_typing`, which save it at once.

use ratatui::layout::Rect;
use ratatui_textarea::Input;

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{
    App, CompareView, ExportForm, Focus, HomeRow, Popup, Row, Screen, TextEdit, TextKind,
    TrendView, new_form,
};
use super::keymap::Scope;
use super::reports;
use super::view::layout;
use crate::dates::{DateError, parse_due};
use crate::messages::tui as m;
use crate::report::diff;
use crate::report::export::Format;
use crate::session::edit::{Edit, Target};
use crate::session::{ActionStatus, NewSession, Rating};

/// Which key bindings apply now.
pub fn scope(app: &App) -> Scope {
    match &app.popup {
        Some(Popup::Text(t)) if t.kind.multiline() => Scope::Editor,
        Some(Popup::Text(_)) => Scope::Line,
        Some(Popup::Sources { .. }) => Scope::Sources,
        Some(Popup::NewSession(_)) => Scope::Form,
        Some(Popup::Export(_)) => Scope::Export,
        None => match app.screen {
            Screen::Home => Scope::Home,
            Screen::Fill if matches!(app.focus, Focus::Actions(_)) => Scope::Actions,
            Screen::Fill => Scope::Fill,
            Screen::Causes => Scope::Causes,
            Screen::Help => Scope::Help,
            Screen::Compare => Scope::Compare,
            Screen::Trend => Scope::Trend,
        },
    }
}

pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Resize { width, height } => {
            app.size = (width, height);
            return;
        }
        Action::Quit => {
            app.quit = true;
            return;
        }
        _ => {}
    }
    app.notice = None;
    if app.popup.is_some() {
        popup(app, action);
        return;
    }
    match action {
        Action::Help if app.screen != Screen::Help => {
            app.help_back = app.screen;
            app.help_scroll = 0;
            app.screen = Screen::Help;
            return;
        }
        Action::Help => {
            app.screen = app.help_back;
            return;
        }
        Action::ToggleLang => {
            app.lang = app.lang.toggled();
            return;
        }
        _ => {}
    }
    if app.doc.as_ref().is_some_and(|d| d.read_only()) && edits(action) {
        app.notice(&m::READ_ONLY_NO_EDIT);
        return;
    }
    match app.screen {
        Screen::Home => home(app, action),
        Screen::Fill => fill(app, action),
        Screen::Causes => causes(app, action),
        Screen::Help => help(app, action),
        Screen::Compare => compare(app, action),
        Screen::Trend => trend(app, action),
    }
}

fn body_height(app: &App) -> usize {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    layout::chrome(area).body.height as usize
}

// ---------------------------------------------------------------- home

fn home(app: &mut App, action: Action) {
    let page = body_height(app).max(1);
    match action {
        Action::Up | Action::ScrollUp => home_move(app, -1),
        Action::Down | Action::ScrollDown => home_move(app, 1),
        Action::PageUp => home_move(app, -(page as isize)),
        Action::PageDown => home_move(app, page as isize),
        Action::First => home_move(app, -(app.home.rows.len() as isize)),
        Action::Last => home_move(app, app.home.rows.len() as isize),
        Action::Open => home_open(app),
        Action::New => {
            let checklist = match app.home.rows.get(app.home.sel) {
                Some(HomeRow::Checklist(i)) => *i,
                Some(HomeRow::Session(i)) => {
                    let id = &app.home.sessions[*i].checklist;
                    app.checklists.iter().position(|c| &c.id == id).unwrap_or(0)
                }
                _ => 0,
            };
            if app.checklists.is_empty() {
                app.notice(&m::NO_CHECKLISTS);
            } else {
                app.popup = Some(Popup::NewSession(new_form(checklist)));
            }
        }
        Action::Export => match app.home.rows.get(app.home.sel).cloned() {
            Some(HomeRow::Session(i)) => {
                let id = app.home.sessions[i].id.clone();
                let loaded = match &app.store {
                    Some(store) => store.load(&id),
                    None => return,
                };
                match loaded {
                    Ok(l) => open_export(app, l.session),
                    Err(e) => app.notice = Some(e.render(app.lang)),
                }
            }
            _ => app.notice(&m::EXPORT_PICK_SESSION),
        },
        Action::Mark => mark(app),
        Action::Compare => open_compare(app),
        Action::Trend => open_trend(app),
        Action::Click { col, row } => {
            let body = layout::chrome(Rect::new(0, 0, app.size.0, app.size.1)).body;
            if row < body.y || row >= body.bottom() || col >= body.right() {
                return;
            }
            let offset =
                layout::list_offset(app.home.sel, app.home.rows.len(), body.height as usize);
            let i = offset + (row - body.y) as usize;
            if app
                .home
                .rows
                .get(i)
                .is_some_and(super::app::Home::selectable)
            {
                app.home.sel = i;
            }
        }
        _ => {}
    }
}

/// Moves the home selection by `delta` selectable rows' worth, skipping headings.
fn home_move(app: &mut App, delta: isize) {
    let rows = &app.home.rows;
    let selectable: Vec<usize> = (0..rows.len())
        .filter(|&i| super::app::Home::selectable(&rows[i]))
        .collect();
    if selectable.is_empty() {
        return;
    }
    let cur = selectable
        .iter()
        .position(|&i| i >= app.home.sel)
        .unwrap_or(0) as isize;
    let next = (cur + delta).clamp(0, selectable.len() as isize - 1) as usize;
    app.home.sel = selectable[next];
}

fn home_open(app: &mut App) {
    match app.home.rows.get(app.home.sel).cloned() {
        Some(HomeRow::Session(i)) => {
            let id = app.home.sessions[i].id.clone();
            if let Err(e) = app.open_session(&id) {
                app.notice = Some(e.render(app.lang));
            }
        }
        Some(HomeRow::Damaged(i)) => {
            app.notice = app.home.damaged.get(i).map(|(_, e)| e.clone());
        }
        Some(HomeRow::Checklist(i)) => app.popup = Some(Popup::NewSession(new_form(i))),
        _ => {}
    }
}

// ---------------------------------------------------------------- fill

fn fill(app: &mut App, action: Action) {
    if let Focus::Actions(i) = app.focus
        && actions(app, action, i)
    {
        return;
    }
    let Some(doc) = app.doc.as_ref() else {
        app.screen = Screen::Home;
        return;
    };
    let items = doc.items();
    if items == 0 {
        if action == Action::Back {
            go_home(app);
        }
        return;
    }
    let page = body_height(app).saturating_sub(1).max(1);
    match action {
        Action::Up => select(app, app.sel.saturating_sub(1)),
        Action::Down => select(app, (app.sel + 1).min(items - 1)),
        Action::ScrollUp => select(app, app.sel.saturating_sub(3)),
        Action::ScrollDown => select(app, (app.sel + 3).min(items - 1)),
        Action::PageUp => select(app, app.sel.saturating_sub(page)),
        Action::PageDown => select(app, (app.sel + page).min(items - 1)),
        Action::First => select(app, 0),
        Action::Last => select(app, items - 1),
        Action::PrevGroup => {
            let g = doc.item_group[app.sel];
            let first_of = |g: usize| doc.item_group.iter().position(|&x| x == g);
            let target = match first_of(g) {
                Some(f) if f < app.sel => Some(f),
                _ => (0..g).rev().find_map(first_of),
            };
            if let Some(t) = target {
                select(app, t);
            }
        }
        Action::NextGroup => {
            let g = doc.item_group[app.sel];
            if let Some(t) = doc.item_group.iter().position(|&x| x > g) {
                select(app, t);
            }
        }
        Action::NextUnrated => {
            let answers = &doc.session.answers;
            let found = (1..=items)
                .map(|k| (app.sel + k) % items)
                .find(|&i| !answers[i].rating.is_rated());
            match found {
                Some(i) => select(app, i),
                None => app.notice(&m::ALL_RATED),
            }
        }
        Action::Rate(v) => {
            if doc.session.checklist.level(v).is_some() {
                rate(app, Rating::Value(v));
            } else {
                app.notice = Some(m::NO_SUCH_LEVEL.fmt(app.lang, &[("value", &v)]));
            }
        }
        Action::NotApplicable => rate(app, Rating::NotApplicable),
        Action::ClearRating => rate(app, Rating::Unrated),
        Action::EditManifestation => {
            let text = doc.session.answers[app.sel].manifestation.clone();
            open_text(app, TextKind::Manifestation { item: app.sel }, &text);
        }
        Action::PickSources => {
            app.popup = Some(Popup::Sources { cursor: 0 });
            app.persist(false);
        }
        Action::AddAction => add_action(app),
        Action::FocusActions => {
            if doc.session.answers[app.sel].actions.is_empty() {
                app.notice(&m::NO_ACTIONS);
            } else {
                app.focus = Focus::Actions(0);
                app.persist(false);
            }
        }
        Action::Undo => undo(app, false),
        Action::Redo => undo(app, true),
        Action::Search => open_text(app, TextKind::Search { from: app.sel }, ""),
        Action::NextMatch => next_match(app, true),
        Action::PrevMatch => next_match(app, false),
        // The preface is there even when the checklist has no cause prompts.
        Action::Causes => {
            app.screen = Screen::Causes;
            app.persist(false);
        }
        Action::Back => go_home(app),
        Action::Export => {
            let session = doc.session.clone();
            // What is exported is what is on disk too.
            app.flush();
            open_export(app, session);
        }
        Action::Click { col, row } => {
            let chrome = layout::chrome(Rect::new(0, 0, app.size.0, app.size.1));
            let list = layout::fill(chrome.body).list;
            if col < list.x || col >= list.right() || row < list.y || row >= list.bottom() {
                return;
            }
            let sel_row = doc.item_rows[app.sel];
            let offset = layout::list_offset(sel_row, doc.rows.len(), list.height as usize);
            if let Some(Row::Item { item, .. }) = doc.rows.get(offset + (row - list.y) as usize) {
                let item = *item;
                select(app, item);
            }
        }
        _ => {}
    }
}

/// Actions that change the session: refused on a read-only session.
fn edits(action: Action) -> bool {
    matches!(
        action,
        Action::Rate(_)
            | Action::NotApplicable
            | Action::ClearRating
            | Action::EditManifestation
            | Action::PickSources
            | Action::AddAction
            | Action::EditAction
            | Action::EditDue
            | Action::ToggleDone
            | Action::DropAction
            | Action::Undo
            | Action::Redo
            | Action::EditCause
    )
}

fn select(app: &mut App, item: usize) {
    app.sel = item;
    app.focus = Focus::Items;
    app.persist(false);
}

fn rate(app: &mut App, rating: Rating) {
    app.edit(Edit::Rating {
        item: app.sel,
        rating,
    });
}

fn go_home(app: &mut App) {
    app.persist(false);
    app.flush();
    // Dropping the document releases the session's lock.
    app.doc = None;
    app.screen = Screen::Home;
    app.focus = Focus::Items;
    if let Err(e) = app.load_home() {
        app.notice = Some(e.render(app.lang));
    }
}

fn open_text(app: &mut App, kind: TextKind, text: &str) {
    app.popup = Some(Popup::Text(TextEdit::new(kind, text)));
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

/// Items whose text or hint contains `query`, in either language (case-insensitive).
pub fn matches(app: &App, query: &str) -> Vec<usize> {
    let Some(doc) = &app.doc else {
        return Vec::new();
    };
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    doc.session
        .checklist
        .items()
        .enumerate()
        .filter(|(_, (_, item))| {
            item.text.contains_ignore_case(&q)
                || item
                    .hint
                    .as_ref()
                    .is_some_and(|h| h.contains_ignore_case(&q))
        })
        .map(|(i, _)| i)
        .collect()
}

fn next_match(app: &mut App, forward: bool) {
    if app.last_search.is_empty() {
        app.notice(&m::NO_SEARCH);
        return;
    }
    let hits = matches(app, &app.last_search.clone());
    let next = if forward {
        hits.iter().find(|&&i| i > app.sel).or(hits.first())
    } else {
        hits.iter().rev().find(|&&i| i < app.sel).or(hits.last())
    };
    match next.copied() {
        Some(i) => select(app, i),
        None => app.notice = Some(m::NO_MATCH.fmt(app.lang, &[("query", &app.last_search)])),
    }
}

/// Keys while an action of the selected item has focus; returns false to let the fill screen handle it.
fn actions(app: &mut App, action: Action, i: usize) -> bool {
    let Some(doc) = app.doc.as_ref() else {
        return false;
    };
    let count = doc.session.answers[app.sel].actions.len();
    if count == 0 {
        app.focus = Focus::Items;
        return false;
    }
    let i = i.min(count - 1);
    let item = app.sel;
    match action {
        Action::Up => app.focus = Focus::Actions(i.saturating_sub(1)),
        Action::Down => app.focus = Focus::Actions((i + 1).min(count - 1)),
        Action::Back => app.focus = Focus::Items,
        Action::EditAction => {
            let text = doc.session.answers[item].actions[i].text.clone();
            open_text(
                app,
                TextKind::ActionText {
                    item,
                    index: Some(i),
                },
                &text,
            );
        }
        Action::EditDue => {
            let due = doc.session.answers[item].actions[i]
                .due
                .map(|d| d.to_string())
                .unwrap_or_default();
            open_text(app, TextKind::Due { item, index: i }, &due);
        }
        Action::DropAction => {
            let note = doc.session.answers[item].actions[i].note.clone();
            open_text(app, TextKind::DropReason { item, index: i }, &note);
        }
        Action::ToggleDone => {
            let today = app.today();
            let mut list = doc.session.answers[item].actions.clone();
            let a = &mut list[i];
            if a.status == ActionStatus::Open {
                a.status = ActionStatus::Done;
                a.done_on = Some(today);
            } else {
                a.status = ActionStatus::Open;
                a.done_on = None;
            }
            app.edit(Edit::Actions {
                item,
                actions: list,
            });
        }
        Action::AddAction => add_action(app),
        _ => return false,
    }
    if matches!(app.focus, Focus::Actions(_)) || action == Action::Back {
        app.persist(false);
    }
    true
}

// ---------------------------------------------------------------- causes and help

fn causes(app: &mut App, action: Action) {
    let Some(doc) = app.doc.as_ref() else {
        app.screen = Screen::Home;
        return;
    };
    // Row 0 is the preface, rows 1..=N the cause prompts.
    let count = doc.session.causes.len();
    match action {
        Action::Up => app.cause_sel = app.cause_sel.saturating_sub(1),
        Action::Down => app.cause_sel = (app.cause_sel + 1).min(count),
        Action::EditCause if app.cause_sel == 0 => {
            let text = doc.session.preface.clone();
            open_text(app, TextKind::Preface, &text);
            return;
        }
        Action::EditCause => {
            let index = (app.cause_sel - 1).min(count.saturating_sub(1));
            let Some(text) = doc.session.causes.get(index).map(|c| c.text.clone()) else {
                return;
            };
            open_text(app, TextKind::Cause { index }, &text);
            return;
        }
        Action::Undo => return undo(app, false),
        Action::Redo => return undo(app, true),
        Action::Back => app.screen = Screen::Fill,
        _ => return,
    }
    app.persist(false);
}

fn help(app: &mut App, action: Action) {
    let page = body_height(app).saturating_sub(1).max(1) as u16;
    match action {
        Action::Up | Action::ScrollUp => app.help_scroll = app.help_scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => app.help_scroll = app.help_scroll.saturating_add(1),
        Action::PageUp => app.help_scroll = app.help_scroll.saturating_sub(page),
        Action::PageDown => app.help_scroll = app.help_scroll.saturating_add(page),
        Action::Back => app.screen = app.help_back,
        _ => {}
    }
    // Scrolling past the end is clamped by the view; keep the number bounded here too.
    app.help_scroll = app.help_scroll.min(super::view::help::line_count() as u16);
}

// ---------------------------------------------------------------- popups

fn popup(app: &mut App, action: Action) {
    match app.popup.take() {
        Some(Popup::Text(edit)) => text(app, edit, action),
        Some(Popup::Sources { cursor }) => sources(app, cursor, action),
        Some(Popup::NewSession(form)) => new_session(app, form, action),
        Some(Popup::Export(form)) => export(app, form, action),
        None => {}
    }
}

fn text(app: &mut App, mut edit: TextEdit, action: Action) {
    match action {
        Action::Input(key) => {
            let before = edit.area.lines().len();
            let modified = edit.area.input(Input::from(key));
            // One-line fields: a newline from Ctrl-M / Ctrl-J is not wanted there.
            if !edit.kind.multiline() && edit.area.lines().len() > before {
                let joined = edit.area.lines().join(" ");
                edit.area = super::app::line_field(&joined);
            }
            if modified {
                edit.error = None;
            }
            // Back in place before saving, so that the saved position names this field.
            app.popup = Some(Popup::Text(edit));
            if modified {
                typed(app);
            }
        }
        Action::Submit => submit_text(app, edit),
        Action::Cancel => {
            match edit.kind {
                TextKind::Search { from } => app.sel = from,
                TextKind::ActionText {
                    item,
                    index: Some(i),
                } => {
                    // The typing was saved as it happened; Esc puts the text back as it was.
                    let original = edit.original.clone();
                    let Some(doc) = app.doc.as_ref() else { return };
                    let mut list = doc.session.answers[item].actions.clone();
                    if let Some(a) = list.get_mut(i) {
                        a.text = original;
                        app.edit_typing(Edit::Actions {
                            item,
                            actions: list,
                        });
                    }
                    drop_if_empty(app, item, Some(i));
                }
                _ => {}
            }
            close_text(app);
        }
        // Clicks and wheel while a popup is open keep the popup.
        _ => app.popup = Some(Popup::Text(edit)),
    }
}

/// Saves what was typed so far into the field it edits (live: a crash loses at most this keystroke).
fn typed(app: &mut App) {
    let Some(Popup::Text(edit)) = &app.popup else {
        return;
    };
    let (kind, text) = (edit.kind, edit.text());
    match kind {
        TextKind::Manifestation { item } => app.edit_typing(Edit::Manifestation { item, text }),
        TextKind::Cause { index } => app.edit_typing(Edit::Cause { index, text }),
        TextKind::Preface => app.edit_typing(Edit::Preface { text }),
        TextKind::ActionText { item, index } => {
            let Some(doc) = app.doc.as_ref() else { return };
            let mut list = doc.session.answers[item].actions.clone();
            match index {
                Some(i) if i < list.len() => list[i].text = text,
                _ if text.trim().is_empty() => return,
                _ => {
                    list.push(crate::session::Action {
                        text,
                        ..Default::default()
                    });
                    if let Some(Popup::Text(edit)) = &mut app.popup {
                        edit.kind = TextKind::ActionText {
                            item,
                            index: Some(list.len() - 1),
                        };
                    }
                }
            }
            app.edit_typing(Edit::Actions {
                item,
                actions: list,
            });
        }
        TextKind::Search { from } => {
            let hits = matches(app, &text);
            let first = hits.iter().find(|&&i| i >= from).or(hits.first()).copied();
            match first {
                Some(i) => app.sel = i,
                None if !text.trim().is_empty() => {
                    app.notice = Some(m::NO_MATCH.fmt(app.lang, &[("query", &text)]))
                }
                None => app.sel = from,
            }
        }
        TextKind::Due { .. } | TextKind::DropReason { .. } => {}
    }
}

fn submit_text(app: &mut App, mut edit: TextEdit) {
    let text = edit.text();
    match edit.kind {
        TextKind::Manifestation { .. } | TextKind::Cause { .. } | TextKind::Preface => {
            close_text(app)
        }
        TextKind::Search { .. } => {
            app.last_search = text.trim().to_string();
            close_text(app);
        }
        TextKind::ActionText { item, index } => {
            if text.trim().is_empty() {
                drop_if_empty(app, item, index);
                close_text(app);
                return;
            }
            let Some(index) = index else {
                return close_text(app);
            };
            // Then the due date, as SPEC §4 asks: text first, then when.
            let due = app
                .doc
                .as_ref()
                .and_then(|d| d.session.answers[item].actions.get(index))
                .and_then(|a| a.due)
                .map(|d| d.to_string())
                .unwrap_or_default();
            end_typing(app);
            app.focus = Focus::Actions(index);
            open_text(app, TextKind::Due { item, index }, &due);
        }
        TextKind::Due { item, index } => {
            let due = if text.trim().is_empty() {
                None
            } else {
                match parse_due(&text, app.today()) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        let msg = match e {
                            DateError::Form => &m::DUE_FORM,
                            DateError::NoSuchDay => &m::DUE_NO_SUCH_DAY,
                            DateError::TooFar => &m::DUE_TOO_FAR,
                        };
                        edit.error = Some(msg.get(app.lang).to_string());
                        app.popup = Some(Popup::Text(edit));
                        return;
                    }
                }
            };
            set_action(app, item, index, |a| a.due = due);
            app.focus = Focus::Actions(index);
            close_text(app);
        }
        TextKind::DropReason { item, index } => {
            let note = text.trim().to_string();
            set_action(app, item, index, |a| {
                a.status = ActionStatus::Dropped;
                a.done_on = None;
                a.note = note;
            });
            app.focus = Focus::Actions(index);
            close_text(app);
        }
    }
}

fn set_action(
    app: &mut App,
    item: usize,
    index: usize,
    f: impl FnOnce(&mut crate::session::Action),
) {
    let Some(doc) = app.doc.as_ref() else { return };
    let mut list = doc.session.answers[item].actions.clone();
    if let Some(a) = list.get_mut(index) {
        f(a);
        app.edit(Edit::Actions {
            item,
            actions: list,
        });
    }
}

/// An action left with no text is removed (as part of the same undo step as its typing).
fn drop_if_empty(app: &mut App, item: usize, index: Option<usize>) {
    let Some(i) = index else { return };
    let Some(doc) = app.doc.as_ref() else { return };
    let mut list = doc.session.answers[item].actions.clone();
    if list.get(i).is_some_and(|a| a.text.trim().is_empty()) {
        list.remove(i);
        app.edit_typing(Edit::Actions {
            item,
            actions: list,
        });
        app.focus = Focus::Items;
    }
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

fn sources(app: &mut App, cursor: usize, action: Action) {
    let Some(doc) = app.doc.as_ref() else { return };
    let all: Vec<String> = doc
        .session
        .checklist
        .sources
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let count = all.len();
    let mut cursor = cursor.min(count.saturating_sub(1));
    match action {
        Action::Up => cursor = cursor.saturating_sub(1),
        Action::Down => cursor = (cursor + 1).min(count.saturating_sub(1)),
        Action::Toggle if count > 0 => {
            let current = &doc.session.answers[app.sel].sources;
            let id = &all[cursor];
            let on = !current.contains(id);
            // Kept in the checklist's order, so files and exports do not depend on click order.
            let sources: Vec<String> = all
                .iter()
                .filter(|s| if *s == id { on } else { current.contains(s) })
                .cloned()
                .collect();
            let item = app.sel;
            app.popup = Some(Popup::Sources { cursor });
            app.edit(Edit::Sources { item, sources });
            return;
        }
        Action::Back | Action::Cancel | Action::Submit => {
            app.persist(false);
            return;
        }
        _ => {}
    }
    app.popup = Some(Popup::Sources { cursor });
}

fn new_session(app: &mut App, mut form: super::app::NewForm, action: Action) {
    let count = app.checklists.len();
    match action {
        Action::NextField => form.focus = (form.focus + 1) % 4,
        Action::PrevField => form.focus = (form.focus + 3) % 4,
        Action::Left if form.focus == 0 && count > 0 => {
            form.checklist = (form.checklist + count - 1) % count
        }
        Action::Right if form.focus == 0 && count > 0 => {
            form.checklist = (form.checklist + 1) % count
        }
        Action::Input(key) if form.focus > 0 => {
            let field = &mut form.fields[form.focus - 1];
            field.input(Input::from(key));
            if field.lines().len() > 1 {
                *field = super::app::line_field(&field.lines().join(" "));
            }
        }
        Action::Cancel => return,
        Action::Submit => {
            let Some(checklist) = app.checklists.get(form.checklist).cloned() else {
                return;
            };
            let Some(store) = app.store.clone() else {
                return;
            };
            let value = |i: usize| Some(form.fields[i].lines().join(" ").trim().to_string());
            let meta = NewSession {
                label: value(0),
                name: value(1),
                unit: value(2),
            };
            match store.create(checklist, meta, app.now) {
                Ok(session) => match app.open_session(&session.id) {
                    Ok(()) => return,
                    Err(e) => form.error = Some(e.render(app.lang)),
                },
                Err(e) => form.error = Some(e.render(app.lang)),
            }
        }
        _ => {}
    }
    app.popup = Some(Popup::NewSession(form));
}

// ---------------------------------------------------------------- export

fn open_export(app: &mut App, session: crate::session::Session) {
    let format = app.export_format;
    let path = reports::suggested_path(&app.export_dir, &session, format);
    app.popup = Some(Popup::Export(ExportForm {
        session,
        format,
        path: super::app::line_field(&path),
        focus: 0,
        error: None,
        confirm: false,
    }));
}

fn export(app: &mut App, mut form: ExportForm, action: Action) {
    let formats = Format::ALL;
    let step = |form: &mut ExportForm, delta: usize| {
        let at = formats.iter().position(|f| *f == form.format).unwrap_or(0);
        let next = formats[(at + delta) % formats.len()];
        // A path still ending in the old extension follows the new format.
        let path = form.path_text();
        let old = format!(".{}", form.format.extension());
        if let Some(stem) = path.strip_suffix(&old) {
            form.path = super::app::line_field(&format!("{stem}.{}", next.extension()));
        }
        form.format = next;
        form.confirm = false;
        form.error = None;
    };
    match action {
        Action::NextField | Action::PrevField => form.focus = 1 - form.focus.min(1),
        Action::Left if form.focus == 0 => step(&mut form, formats.len() - 1),
        Action::Right if form.focus == 0 => step(&mut form, 1),
        // On the path, the arrows move the caret.
        Action::Left | Action::Right => {
            let code = if action == Action::Left {
                KeyCode::Left
            } else {
                KeyCode::Right
            };
            form.path
                .input(Input::from(KeyEvent::new(code, KeyModifiers::NONE)));
        }
        Action::Input(key) => {
            if form.focus == 0 {
                // Typing on the format row goes to the path: that is what a user typing means.
                form.focus = 1;
            }
            if form.path.input(Input::from(key)) {
                form.confirm = false;
                form.error = None;
            }
            if form.path.lines().len() > 1 {
                form.path = super::app::line_field(&form.path.lines().join(""));
            }
        }
        Action::Cancel => return,
        Action::Submit => {
            if form.path_text().trim().is_empty() {
                form.error = Some(m::EXPORT_NO_PATH.get(app.lang).to_string());
                form.focus = 1;
            } else if let Some(store) = app.store.clone() {
                match reports::write_export(&store, &form, form.confirm, app.lang, app.today()) {
                    Ok(path) => {
                        let typed = reports::expand_home(form.path_text().trim());
                        app.export_dir = typed
                            .parent()
                            .map(std::path::Path::to_path_buf)
                            .unwrap_or_default();
                        app.export_format = form.format;
                        app.notice = Some(
                            crate::messages::report::WROTE
                                .fmt(app.lang, &[("path", &path.display())]),
                        );
                        return;
                    }
                    Err(crate::error::Error::Exists(path)) => {
                        form.error =
                            Some(m::EXPORT_EXISTS.fmt(app.lang, &[("path", &path.display())]));
                        form.confirm = true;
                    }
                    Err(e) => {
                        form.error = Some(e.render(app.lang));
                        form.confirm = false;
                        form.focus = 1;
                    }
                }
            }
        }
        _ => {}
    }
    app.popup = Some(Popup::Export(form));
}

// ---------------------------------------------------------------- compare and trend

fn selected_session(app: &App) -> Option<usize> {
    match app.home.rows.get(app.home.sel) {
        Some(HomeRow::Session(i)) => Some(*i),
        _ => None,
    }
}

fn mark(app: &mut App) {
    let Some(i) = selected_session(app) else {
        return app.notice(&m::COMPARE_MARK_SESSION);
    };
    let id = app.home.sessions[i].id.clone();
    let marked = &mut app.home.marked;
    if let Some(at) = marked.iter().position(|m| *m == id) {
        marked.remove(at);
    } else if marked.len() >= 2 {
        return app.notice(&m::COMPARE_TWO_MARKED);
    } else {
        marked.push(id);
    }
    let n = app.home.marked.len();
    app.notice = Some(m::MARKED.fmt(app.lang, &[("n", &n)]));
}

/// The two sessions `c` compares: the two marked; one marked and the selected one; else the selected
/// one and the one before it of the same checklist. `Err` is the message to show instead.
fn compare_pair(app: &App) -> Result<(String, String), String> {
    let lang = app.lang;
    let find = |id: &str| app.home.sessions.iter().find(|s| s.id == id);
    let selected = selected_session(app).map(|i| &app.home.sessions[i]);
    let pair = match (app.home.marked.as_slice(), selected) {
        ([a, b], _) => (find(a), find(b)),
        ([a], Some(s)) if *a != s.id => (find(a), Some(s)),
        (_, Some(s)) => {
            let keys = reports::keys(&app.home.sessions);
            let key = keys.iter().find(|k| k.id == s.id).cloned();
            let earlier = key.as_ref().and_then(|k| diff::previous_of(&keys, k));
            match earlier {
                Some(e) => (find(&e.id), Some(s)),
                None => {
                    return Err(m::COMPARE_NO_EARLIER.fmt(lang, &[("name", &s.label)]));
                }
            }
        }
        (_, None) => return Err(m::COMPARE_PICK_SESSION.get(lang).to_string()),
    };
    let (Some(a), Some(b)) = pair else {
        return Err(m::COMPARE_PICK_SESSION.get(lang).to_string());
    };
    if a.checklist != b.checklist {
        return Err(m::COMPARE_DIFFERENT.fmt(lang, &[("a", &a.label), ("b", &b.label)]));
    }
    Ok((a.id.clone(), b.id.clone()))
}

fn open_compare(app: &mut App) {
    let (x, y) = match compare_pair(app) {
        Ok(pair) => pair,
        Err(msg) => {
            app.notice = Some(msg);
            return;
        }
    };
    let Some(store) = app.store.clone() else {
        return;
    };
    match reports::load_pair(&store, &x, &y) {
        Ok((a, b)) => {
            app.compare = Some(CompareView {
                diff: diff::diff(&a, &b, app.today()),
                scroll: 0,
            });
            app.screen = Screen::Compare;
        }
        Err(e) => app.notice = Some(e.render(app.lang)),
    }
}

fn open_trend(app: &mut App) {
    let (checklist, title) = match app.home.rows.get(app.home.sel) {
        Some(HomeRow::Session(i)) => {
            let s = &app.home.sessions[*i];
            (
                s.checklist.clone(),
                s.checklist_title.get(app.lang).to_string(),
            )
        }
        Some(HomeRow::Checklist(i)) => match app.checklists.get(*i) {
            Some(c) => (c.id.clone(), c.title.get(app.lang).to_string()),
            None => return,
        },
        _ => return app.notice(&m::TREND_PICK),
    };
    let ids: Vec<String> = app
        .home
        .sessions
        .iter()
        .filter(|s| s.checklist == checklist)
        .map(|s| s.id.clone())
        .collect();
    let Some(store) = app.store.clone().filter(|_| !ids.is_empty()) else {
        app.notice = Some(m::TREND_NONE.fmt(app.lang, &[("title", &title)]));
        return;
    };
    let trend = match reports::load_trend(&store, &checklist, &ids, app.today()) {
        Ok(trend) => trend,
        Err(e) => {
            app.notice = Some(e.render(app.lang));
            return;
        }
    };
    if trend.sessions.is_empty() {
        app.notice = Some(m::TREND_NONE.fmt(app.lang, &[("title", &title)]));
        return;
    }
    app.trend = Some(TrendView { trend, scroll: 0 });
    app.screen = Screen::Trend;
}

/// Moves a scroll offset; the view clamps it to the text, `max` keeps it from running away here.
fn scroll(offset: usize, action: Action, page: usize, max: usize) -> Option<usize> {
    let next = match action {
        Action::Up | Action::ScrollUp => offset.saturating_sub(1),
        Action::Down | Action::ScrollDown => offset + 1,
        Action::PageUp => offset.saturating_sub(page),
        Action::PageDown => offset + page,
        Action::First => 0,
        Action::Last => max,
        _ => return None,
    };
    Some(next.min(max))
}

fn compare(app: &mut App, action: Action) {
    if action == Action::Back {
        app.compare = None;
        app.screen = Screen::Home;
        return;
    }
    let body = layout::chrome(Rect::new(0, 0, app.size.0, app.size.1)).body;
    let Some(view) = &app.compare else {
        app.screen = Screen::Home;
        return;
    };
    let total = super::view::compare::rows(&view.diff, app.lang, body.width as usize).len();
    let page = (body.height as usize).saturating_sub(1).max(1);
    let max = total.saturating_sub(body.height as usize);
    if let Some(next) = scroll(view.scroll.min(max), action, page, max)
        && let Some(view) = &mut app.compare
    {
        view.scroll = next;
    }
}

fn trend(app: &mut App, action: Action) {
    if action == Action::Back {
        app.trend = None;
        app.screen = Screen::Home;
        return;
    }
    let body = layout::chrome(Rect::new(0, 0, app.size.0, app.size.1)).body;
    let Some(view) = &app.trend else {
        app.screen = Screen::Home;
        return;
    };
    let rows = layout::trend(body).table.height.saturating_sub(2) as usize;
    let total = view.trend.moved().len();
    let max = total.saturating_sub(rows);
    if let Some(next) = scroll(view.scroll.min(max), action, rows.max(1), max)
        && let Some(view) = &mut app.trend
    {
        view.scroll = next;
    }
}
