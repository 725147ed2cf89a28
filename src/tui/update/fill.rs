//! The fill screen: moving over the items, rating, searching, and the keys that open an item's fields.

use crate::tui::message::Message;

use crate::messages::tui as m;
use crate::session::Rating;
use crate::session::edit::Edit;
use crate::tui::app::{App, Focus, Popup, Row, Screen, TextKind};
use crate::tui::layout;

use super::actions::actions;
use super::forms::open_export;
use super::{add_action, body_height, matches, open_text, select, undo};

pub(super) fn fill(app: &mut App, action: Message) {
    if let Focus::Actions(i) = app.focus
        && actions(app, action.clone(), i)
    {
        return;
    }
    let Some(doc) = app.doc.as_ref() else {
        app.screen = Screen::Home;
        return;
    };
    let items = doc.items();
    if items == 0 {
        if action == Message::Back {
            go_home(app);
        }
        return;
    }
    let page = body_height(app).saturating_sub(1).max(1);
    match action {
        Message::Up => select(app, app.sel.saturating_sub(1)),
        Message::Down => select(app, (app.sel + 1).min(items - 1)),
        Message::ScrollUp => select(app, app.sel.saturating_sub(3)),
        Message::ScrollDown => select(app, (app.sel + 3).min(items - 1)),
        Message::PageUp => select(app, app.sel.saturating_sub(page)),
        Message::PageDown => select(app, (app.sel + page).min(items - 1)),
        Message::First => select(app, 0),
        Message::Last => select(app, items - 1),
        Message::PrevGroup => {
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
        Message::NextGroup => {
            let g = doc.item_group[app.sel];
            if let Some(t) = doc.item_group.iter().position(|&x| x > g) {
                select(app, t);
            }
        }
        Message::NextUnrated => {
            let answers = &doc.session.answers;
            let found = (1..=items)
                .map(|k| (app.sel + k) % items)
                .find(|&i| !answers[i].rating.is_rated());
            match found {
                Some(i) => select(app, i),
                None => app.notice(&m::ALL_RATED),
            }
        }
        Message::Rate(v) => {
            if doc.session.checklist.level(v).is_some() {
                rate(app, Rating::Value(v));
            } else {
                app.notice = Some(m::NO_SUCH_LEVEL.fmt(app.lang, &[("value", &v)]));
            }
        }
        Message::NotApplicable => rate(app, Rating::NotApplicable),
        Message::ClearRating => rate(app, Rating::Unrated),
        Message::EditManifestation => {
            let text = doc.session.answers[app.sel].manifestation.clone();
            open_text(app, TextKind::Manifestation { item: app.sel }, &text);
        }
        Message::PickSources => {
            app.popup = Some(Popup::Sources { cursor: 0 });
            app.persist(false);
        }
        Message::AddAction => add_action(app),
        Message::FocusActions => {
            if doc.session.answers[app.sel].actions.is_empty() && doc.read_only() {
                app.notice(&crate::messages::home::NO_ACTIONS_READ_ONLY);
            } else if doc.session.answers[app.sel].actions.is_empty() {
                app.notice(&m::NO_ACTIONS);
            } else {
                app.focus = Focus::Actions(0);
                app.persist(false);
            }
        }
        Message::Undo => undo(app, false),
        Message::Redo => undo(app, true),
        Message::Search => open_text(app, TextKind::Search { from: app.sel }, ""),
        Message::NextMatch => next_match(app, true),
        Message::PrevMatch => next_match(app, false),
        // The preface is there even when the checklist has no cause prompts.
        Message::Causes => {
            app.screen = Screen::Causes;
            app.persist(false);
        }
        Message::Back => go_home(app),
        Message::Export => {
            let session = doc.session.clone();
            // What is exported is what is on disk too.
            app.flush();
            open_export(app, session);
        }
        Message::Click { col, row } => {
            let list = layout::fill(app.chrome().body).list;
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

pub(super) fn rate(app: &mut App, rating: Rating) {
    app.edit(Edit::Rating {
        item: app.sel,
        rating,
    });
}

pub(super) fn go_home(app: &mut App) {
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

pub(super) fn next_match(app: &mut App, forward: bool) {
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
