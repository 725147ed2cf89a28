//! The Unit screen: opened from Home on a checklist (or one of its sessions); Up/Down pick an item,
//! Enter shows who flagged it and their notes, `r` asks for a roster file to name who is missing.

use std::path::PathBuf;

use crate::messages::tui as m;
use crate::tui::app::{App, HomeRow, Popup, Screen, TextEdit, TextKind, UnitView};
use crate::tui::message::Message;
use crate::tui::reports;

/// Opens the Unit screen for the checklist of the selected row, with `roster` if given.
pub(super) fn open_unit(app: &mut App, roster: Option<PathBuf>) {
    let checklist = match &app.screen {
        Screen::Unit(view) => view.unit.checklist.clone(),
        _ => match app.home.rows.get(app.home.sel) {
            Some(HomeRow::Session(i)) => app.home.sessions[*i].checklist.clone(),
            Some(HomeRow::Heading(i)) => match app.home.sessions.iter().find(|s| {
                app.home
                    .titles
                    .get(*i)
                    .is_some_and(|t| *t == *s.checklist_title)
            }) {
                Some(s) => s.checklist.clone(),
                None => return app.notice(&m::UNIT_PICK),
            },
            Some(HomeRow::Checklist(i)) => match app.checklists.get(*i) {
                Some(c) => c.id.clone(),
                None => return,
            },
            _ => return app.notice(&m::UNIT_PICK),
        },
    };
    let store = app.store.clone();
    match reports::load_unit(&store, &checklist, roster.as_deref(), app.today()) {
        Ok(unit) if !unit.respondents.is_empty() => {
            app.screen = Screen::Unit(UnitView {
                unit,
                sel: 0,
                who: false,
                scroll: 0,
                roster,
            });
        }
        Ok(unit) => {
            let title = unit.title.get(app.lang).to_string();
            app.notice = Some(m::TREND_NONE.fmt(app.lang, &[("title", &title)]));
        }
        Err(e) => app.notice = Some(e.render(app.lang)),
    }
}

pub(super) fn unit(app: &mut App, action: Message) {
    let page = super::body_height(app).saturating_sub(4).max(1);
    let Screen::Unit(view) = &mut app.screen else {
        return;
    };
    let last = view.unit.items.len().saturating_sub(1);
    match action {
        Message::Back if view.who => view.who = false,
        Message::Back => app.screen = Screen::Home,
        Message::Open => {
            view.who = !view.who;
            view.scroll = 0;
        }
        Message::Up if view.who => view.scroll = view.scroll.saturating_sub(1),
        Message::Down if view.who => view.scroll += 1,
        Message::Up => view.sel = view.sel.saturating_sub(1),
        Message::Down => view.sel = (view.sel + 1).min(last),
        Message::PageUp => view.sel = view.sel.saturating_sub(page),
        Message::PageDown => view.sel = (view.sel + page).min(last),
        Message::First => view.sel = 0,
        Message::Last => view.sel = last,
        Message::Roster => {
            let path = view
                .roster
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            app.popup = Some(Popup::Text(TextEdit::new(TextKind::Roster, &path)));
        }
        _ => {}
    }
}
