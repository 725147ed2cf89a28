//! The causes screen: moving over the cause prompts and editing one.

use crate::tui::message::Message;

use crate::tui::app::{App, Screen, TextKind};

use super::{open_text, undo};

pub(super) fn causes(app: &mut App, action: Message) {
    let Some(doc) = app.doc.as_ref() else {
        app.screen = Screen::Home;
        return;
    };
    let count = doc.session.causes.len();
    match action {
        Message::Up => app.cause_sel = app.cause_sel.saturating_sub(1),
        Message::Down => app.cause_sel = (app.cause_sel + 1).min(count.saturating_sub(1)),
        Message::EditCause if count > 0 => {
            let index = app.cause_sel.min(count - 1);
            let text = doc.session.causes[index].text.clone();
            open_text(app, TextKind::Cause { index }, &text);
            return;
        }
        Message::Undo => return undo(app, false),
        Message::Redo => return undo(app, true),
        Message::Back => app.screen = Screen::Fill,
        _ => return,
    }
    app.persist(false);
}
