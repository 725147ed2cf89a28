//! The screens that only scroll: help, Compare and Trend.

use crate::tui::message::Message;

use crate::tui::app::{App, Screen};
use crate::tui::layout;

use super::body_height;

pub(super) fn help(app: &mut App, action: Message) {
    let page = body_height(app).saturating_sub(1).max(1) as u16;
    let max = crate::tui::view::help::max_scroll(app) as u16;
    let Screen::Help { back, scroll } = &mut app.screen else {
        return;
    };
    match action {
        Message::Up | Message::ScrollUp => *scroll = scroll.saturating_sub(1),
        Message::Down | Message::ScrollDown => *scroll = scroll.saturating_add(1),
        Message::PageUp => *scroll = scroll.saturating_sub(page),
        Message::PageDown => *scroll = scroll.saturating_add(page),
        Message::Back => {
            let back = std::mem::replace(back, Box::new(Screen::Home));
            app.screen = *back;
            return;
        }
        _ => {}
    }
    // Not past the end: Up after a run of Down moves at once.
    *scroll = (*scroll).min(max);
}

/// Moves a scroll offset; the view clamps it to the text, `max` keeps it from running away here.
pub(super) fn scroll(offset: usize, action: Message, page: usize, max: usize) -> Option<usize> {
    let next = match action {
        Message::Up | Message::ScrollUp => offset.saturating_sub(1),
        Message::Down | Message::ScrollDown => offset + 1,
        Message::PageUp => offset.saturating_sub(page),
        Message::PageDown => offset + page,
        Message::First => 0,
        Message::Last => max,
        _ => return None,
    };
    Some(next.min(max))
}

pub(super) fn compare(app: &mut App, action: Message) {
    if action == Message::Back {
        app.screen = Screen::Home;
        return;
    }
    let body = super::screen_chrome(app).body;
    let lang = app.lang;
    let Screen::Compare(view) = &mut app.screen else {
        return;
    };
    let total = crate::tui::view::compare::rows(&view.diff, lang, body.width as usize).len();
    let page = (body.height as usize).saturating_sub(1).max(1);
    let max = total.saturating_sub(body.height as usize);
    if let Some(next) = scroll(view.scroll.min(max), action, page, max) {
        view.scroll = next;
    }
}

pub(super) fn trend(app: &mut App, action: Message) {
    if action == Message::Back {
        app.screen = Screen::Home;
        return;
    }
    let body = super::screen_chrome(app).body;
    let Screen::Trend(view) = &mut app.screen else {
        return;
    };
    let rows = layout::trend(body).table.height.saturating_sub(2) as usize;
    let total = view.trend.moved().len();
    let max = total.saturating_sub(rows);
    if let Some(next) = scroll(view.scroll.min(max), action, rows.max(1), max) {
        view.scroll = next;
    }
}
