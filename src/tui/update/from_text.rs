//! The "new checklist from text" screen: paste, type the id, save; the new checklist is listed on
//! Home at once and selected there.

use crate::messages::from_text as m;
use crate::tui::app::{App, HomeRow, Screen};
use crate::tui::from_text::{FromTextFocus, FromTextForm};
use crate::tui::message::Message;

use super::body_height;

/// The checklist whose scale, finding sources and cause prompts a new one borrows: the command's
/// `--like` default, else the first one there is.
const LIKE: &str = crate::checklist::from_text::DEFAULT_LIKE;

/// Opens the screen, with the text of an earlier visit if it was left with `Esc`.
pub(super) fn open(app: &mut App) {
    app.from_text.get_or_insert_with(FromTextForm::new);
    app.screen = Screen::FromText;
}

pub(super) fn from_text(app: &mut App, action: Message) {
    let page = body_height(app).saturating_sub(6).max(1);
    let Some(form) = app.from_text.as_mut() else {
        app.screen = Screen::Home;
        return;
    };
    match action {
        Message::Cancel => app.screen = Screen::Home,
        Message::NextField => form.next_field(),
        Message::PageUp | Message::ScrollUp => {
            let step = if action == Message::PageUp { page } else { 3 };
            form.scroll = form.scroll.saturating_sub(step);
        }
        Message::PageDown | Message::ScrollDown => {
            let step = if action == Message::PageDown { page } else { 3 };
            // The preview's unwrapped length bounds it; the view clamps to the last page.
            let max = form.preview(app.lang).len();
            form.scroll = form.scroll.saturating_add(step).min(max);
        }
        Message::Input(key)
            if form.focus == FromTextFocus::Id && key.code == crossterm::event::KeyCode::Enter =>
        {
            save(app)
        }
        Message::Input(key) => form.input(key),
        // A bracketed paste: one insert, one reading of the text.
        Message::Paste(text) => form.paste(&text),
        Message::Submit => save(app),
        _ => {}
    }
}

fn save(app: &mut App) {
    let (lang, today) = (app.lang, app.today());
    let store = app.store.clone();
    let Some(like) = app
        .checklists
        .iter()
        .find(|c| c.id == LIKE)
        .or(app.checklists.first())
        .cloned()
    else {
        return;
    };
    let Some(form) = app.from_text.as_mut() else {
        return;
    };
    let Some(checklist) = form.save(&store, &like, today, lang) else {
        return;
    };
    let (id, items) = (checklist.id.clone(), checklist.item_count());
    app.checklists.push(checklist);
    app.from_text = None;
    app.screen = Screen::Home;
    if let Err(e) = app.load_home() {
        app.notice = Some(e.render(lang));
        return;
    }
    let index = app.checklists.len() - 1;
    if let Some(row) = app
        .home
        .rows
        .iter()
        .position(|r| *r == HomeRow::Checklist(index))
    {
        app.home.sel = row;
    }
    app.notice = Some(m::SAVED_AS.fmt(lang, &[("id", &id), ("items", &items)]));
}
