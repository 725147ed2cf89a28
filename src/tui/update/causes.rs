//! The causes screen: moving over the preface (row 0) and the cause prompts (rows 1..=N), editing one.

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
        Message::Down => app.cause_sel = (app.cause_sel + 1).min(count),
        Message::EditCause if app.cause_sel == 0 => {
            let text = doc.session.preface.clone();
            open_text(app, TextKind::Preface, &text);
            return;
        }
        Message::EditCause => {
            let index = (app.cause_sel - 1).min(count.saturating_sub(1));
            let Some(text) = doc.session.causes.get(index).map(|c| c.text.clone()) else {
                return;
            };
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
