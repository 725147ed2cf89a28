//! Keys while one of the selected item's actions has focus, and the edits of one action.

use crate::tui::message::Message;

use crate::messages::tui as m;
use crate::session::edit::Edit;
use crate::session::{Action, ActionStatus};
use crate::tui::app::{App, DetailField, Focus, TextKind};

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
            if doc.session.answers[item].actions[i].status == ActionStatus::Open {
                // Marking done asks for the day it was done (Enter: today).
                let today = app.today().to_string();
                open_text(app, TextKind::DoneOn { item, index: i }, &today);
            } else {
                set_action(app, item, i, Action::reopen);
            }
        }
        Message::ActionDetail => {
            let first = DetailField::Owner;
            let text = first.text_of(&doc.session.answers[item].actions[i]);
            open_text(
                app,
                TextKind::Detail {
                    item,
                    index: i,
                    field: first,
                },
                &text,
            );
        }
        Message::DeleteAction => {
            if app.pending_delete == Some((item, i)) {
                app.pending_delete = None;
                let left = count - 1;
                app.edit(Edit::RemoveAction { item, index: i });
                app.notice(&m::DELETED);
                app.focus = if left == 0 {
                    Focus::Items
                } else {
                    Focus::Actions(i.min(left - 1))
                };
            } else {
                app.pending_delete = Some((item, i));
                app.notice(&m::DELETE_CONFIRM);
                return true;
            }
        }
        Message::MoveActionUp | Message::MoveActionDown => {
            let to = if action == Message::MoveActionUp {
                i.checked_sub(1)
            } else {
                Some(i + 1).filter(|&j| j < count)
            };
            if let Some(to) = to {
                let list = &doc.session.answers[item].actions;
                let (here, there) = (list[i].clone(), list[to].clone());
                // One undo step: each of the two places takes the other's action.
                app.edit(Edit::Both {
                    first: Box::new(Edit::Action {
                        item,
                        index: i,
                        action: there,
                    }),
                    then: Box::new(Edit::Action {
                        item,
                        index: to,
                        action: here,
                    }),
                });
                app.focus = Focus::Actions(to);
            }
        }
        Message::AddAction => add_action(app),
        _ => return false,
    }
    // Any other key cancels a pending delete.
    app.pending_delete = None;
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
