//! The fill screen: moving over the items, rating, searching, and the keys that open an item's fields.

use crate::tui::message::Message;
use ratatui::layout::Rect;

use crate::messages::tui as m;
use crate::session::Rating;
use crate::session::edit::Edit;
use crate::tui::app::{App, Focus, Popup, Row, Screen, TextKind};
use crate::tui::itemlist::{self, Filter};
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
    // Moving goes over the items the list shows (all, or those the filter keeps).
    // The selected item is always among those shown, so `shown` is never empty.
    app.sel = app.sel.min(items - 1);
    let shown = itemlist::visible(app);
    let at = shown.iter().position(|&i| i == app.sel).unwrap_or(0);
    let last = shown.len().saturating_sub(1);
    let step = |by: isize| shown[at.saturating_add_signed(by).min(last)];
    match action {
        Message::Up => select(app, step(-1)),
        Message::Down => select(app, step(1)),
        Message::ScrollUp => select(app, step(-3)),
        Message::ScrollDown => select(app, step(3)),
        Message::PageUp => select(app, step(-(page as isize))),
        Message::PageDown => select(app, step(page as isize)),
        Message::First => select(app, shown[0]),
        Message::Last => select(app, shown[last]),
        Message::PrevGroup => {
            let g = doc.item_group[app.sel];
            let first_of = |g: usize| shown.iter().copied().find(|&i| doc.item_group[i] == g);
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
            if let Some(&t) = shown.iter().find(|&&i| doc.item_group[i] > g) {
                select(app, t);
            }
        }
        Message::NextUnrated => {
            let answers = &doc.session.answers;
            let found = (1..=shown.len())
                .map(|k| shown[(at + k) % shown.len()])
                .find(|&i| !answers[i].rating.is_rated());
            match found {
                Some(i) => select(app, i),
                None => app.notice(&m::ALL_RATED),
            }
        }
        Message::CycleFilter => cycle_filter(app),
        Message::NoFilter if app.filter.is_some() => {
            app.filter = None;
            app.notice(&m::FILTER_OFF);
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
        Message::Click { col, row } => click(app, col, row),
        _ => {}
    }
}

/// A click on a row of the list selects its item (the list stays where it is); a click on a level
/// of the scale in the item pane rates.
fn click(app: &mut App, col: u16, row: u16) {
    let areas = layout::fill(super::screen_chrome(app).body);
    let at = |r: Rect| col >= r.x && col < r.right() && row >= r.y && row < r.bottom();
    if at(areas.detail) {
        let hit = crate::tui::view::fill::scale_cells(app, areas.detail)
            .into_iter()
            .find(|(r, _)| at(*r));
        if let Some((_, rating)) = hit {
            match rating {
                Rating::Value(v) => update_rate(app, v),
                other => rate(app, other),
            }
        }
        return;
    }
    let list = itemlist::body(app, areas.list);
    if !at(list) {
        return;
    }
    let rows = itemlist::rows(app);
    let offset = itemlist::offset(app, &rows, list.height as usize);
    if let Some(Row::Item { item, .. }) = rows.get(offset + (row - list.y) as usize) {
        let item = *item;
        select(app, item);
    }
}

fn update_rate(app: &mut App, v: i64) {
    let known = app
        .doc
        .as_ref()
        .is_some_and(|d| d.session.checklist.level(v).is_some());
    if known {
        rate(app, Rating::Value(v));
    }
}

/// `f`: the next filter that shows something (problems, unrated, overdue actions), then all again.
fn cycle_filter(app: &mut App) {
    let Some(doc) = app.doc.as_ref() else { return };
    let today = app.today();
    let from = match app.filter {
        None => 0,
        Some(f) => Filter::ALL
            .iter()
            .position(|&x| x == f)
            .map_or(0, |i| i + 1),
    };
    let next = Filter::ALL[from.min(Filter::ALL.len())..]
        .iter()
        .map(|&f| (f, f.count(doc, today)))
        .find(|&(_, n)| n > 0);
    match next {
        Some((f, n)) => {
            app.filter = Some(f);
            // The selection moves to the first item the filter keeps, at or after it.
            let keeps = |i: usize| f.keeps(doc, i, today);
            let target = (app.sel..doc.items())
                .chain(0..app.sel)
                .find(|&i| keeps(i))
                .unwrap_or(app.sel);
            app.notice =
                Some(m::FILTER_ON.fmt(app.lang, &[("name", &f.name().get(app.lang)), ("n", &n)]));
            if target != app.sel {
                select(app, target);
            }
        }
        None if app.filter.is_none() => app.notice(&m::FILTER_NOTHING),
        None => {
            app.filter = None;
            app.notice(&m::FILTER_OFF);
        }
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
