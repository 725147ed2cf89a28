//! Keys while one of the selected item's actions has focus, and the edits of one action.

use crate::tui::message::Message;

use crate::session::ActionStatus;
use crate::session::edit::Edit;
use crate::tui::app::{App, Focus, TextKind};

use super::{add_action, open_text};

/// Keys while an action of the selected item has focus; returns false to let the fill screen handle it.
pub(super) fn actions(app: &mut App, action: Message, i: usize) -> bool {
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
        Message::Up => app.focus = Focus::Actions(i.saturating_sub(1)),
        Message::Down => app.focus = Focus::Actions((i + 1).min(count - 1)),
        Message::Back => app.focus = Focus::Items,
        Message::EditAction => {
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
        Message::EditDue => {
            let due = doc.session.answers[item].actions[i]
                .due
                .map(|d| d.to_string())
                .unwrap_or_default();
            open_text(app, TextKind::Due { item, index: i }, &due);
        }
        Message::DropAction => {
            let note = doc.session.answers[item].actions[i].note.clone();
            open_text(app, TextKind::DropReason { item, index: i }, &note);
        }
        Message::ToggleDone => {
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
        Message::AddAction => add_action(app),
        _ => return false,
    }
    if matches!(app.focus, Focus::Actions(_)) || action == Message::Back {
        app.persist(false);
    }
    true
}

pub(super) fn set_action(
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
pub(super) fn drop_if_empty(app: &mut App, item: usize, index: Option<usize>) {
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
