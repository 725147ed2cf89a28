//! Keys while one of the selected item's actions has focus, and the edits of one action.

use crate::tui::message::Message;

use crate::session::Action;
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
            set_action(app, item, i, |a| a.toggle_done(today));
        }
        Message::AddAction => add_action(app),
        _ => return false,
    }
    if matches!(app.focus, Focus::Actions(_)) || action == Message::Back {
        app.persist(false);
    }
    true
}

/// Changes one action as one undo step (only that action is copied, not the item's list).
pub(super) fn set_action(app: &mut App, item: usize, index: usize, f: impl FnOnce(&mut Action)) {
    if let Some(edit) = action_edit(app, item, index, f) {
        app.edit(edit);
    }
}

/// Changes one action as part of the typing into it.
pub(super) fn type_action(app: &mut App, item: usize, index: usize, f: impl FnOnce(&mut Action)) {
    if let Some(edit) = action_edit(app, item, index, f) {
        app.edit_typing(edit);
    }
}

fn action_edit(app: &App, item: usize, index: usize, f: impl FnOnce(&mut Action)) -> Option<Edit> {
    let mut action = app
        .doc
        .as_ref()?
        .session
        .answers
        .get(item)?
        .actions
        .get(index)?
        .clone();
    f(&mut action);
    Some(Edit::Action {
        item,
        index,
        action,
    })
}

/// An action left with no text is removed (as part of the same undo step as its typing).
pub(super) fn drop_if_empty(app: &mut App, item: usize, index: Option<usize>) {
    let Some(i) = index else { return };
    let Some(doc) = app.doc.as_ref() else { return };
    let empty = doc.session.answers[item]
        .actions
        .get(i)
        .is_some_and(|a| a.text.trim().is_empty());
    if empty {
        app.edit_typing(Edit::RemoveAction { item, index: i });
        app.focus = Focus::Items;
    }
}
