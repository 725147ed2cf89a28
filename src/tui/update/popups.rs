//! The text popups (typing saved live) and the sources picker.

use crate::tui::editor::Editor;

use crate::tui::message::Message;

use crate::dates::{DateError, parse_due};
use crate::messages::tui as m;
use crate::session::edit::Edit;
use crate::tui::app::{App, DetailField, Focus, Popup, TextEdit, TextKind};

use super::actions::{drop_if_empty, set_action, type_action};
use super::forms::{export, new_session};
use super::{close_text, end_typing, matches, open_text};

pub(super) fn popup(app: &mut App, action: Message) {
    match app.popup.take() {
        Some(Popup::Text(edit)) => text(app, edit, action),
        Some(Popup::Sources { cursor }) => sources(app, cursor, action),
        Some(Popup::NewSession(form)) => new_session(app, form, action),
        Some(Popup::Export(form)) => export(app, form, action),
        None => {}
    }
}

pub(super) fn text(app: &mut App, mut edit: TextEdit, action: Message) {
    match action {
        Message::Input(key) => {
            let modified = edit.area.input(key);
            // One-line fields: a newline from Ctrl-M is not wanted there.
            if !edit.kind.multiline() && edit.area.lines().len() > 1 {
                let joined = edit.area.lines().join(" ");
                edit.area = Editor::new(&joined);
            }
            if modified {
                edit.error = None;
            }
            // Back in place before saving, so that the saved position names this field.
            app.popup = Some(Popup::Text(edit));
            if modified {
                typed(app);
            }
        }
        Message::Paste(text) => {
            // One insert and one save, however long the paste (issue 16).
            let text = if edit.kind.multiline() {
                text
            } else {
                text.replace('\n', " ")
            };
            let modified = edit.area.insert_str(&text);
            if modified {
                edit.error = None;
            }
            app.popup = Some(Popup::Text(edit));
            if modified {
                typed(app);
            }
        }
        Message::Submit => submit_text(app, edit),
        Message::Cancel => {
            match edit.kind {
                TextKind::Search { from } => app.sel = from,
                TextKind::ActionText {
                    item,
                    index: Some(i),
                } => {
                    // The typing was saved as it happened; Esc puts the text back as it was.
                    let original = edit.original.clone();
                    type_action(app, item, i, |a| a.text = original);
                    drop_if_empty(app, item, Some(i));
                }
                _ => {}
            }
            close_text(app);
        }
        // Clicks and wheel while a popup is open keep the popup.
        _ => app.popup = Some(Popup::Text(edit)),
    }
}

/// Saves what was typed so far into the field it edits (live: a crash loses at most this keystroke).
pub(super) fn typed(app: &mut App) {
    let Some(Popup::Text(edit)) = &app.popup else {
        return;
    };
    let (kind, text) = (edit.kind, edit.text());
    match kind {
        TextKind::Manifestation { item } => app.edit_typing(Edit::Manifestation { item, text }),
        TextKind::Cause { index } => app.edit_typing(Edit::Cause { index, text }),
        TextKind::Preface => app.edit_typing(Edit::Preface { text }),
        TextKind::ActionText { item, index } => {
            let Some(doc) = app.doc.as_ref() else { return };
            let count = doc.session.answers[item].actions.len();
            match index {
                Some(i) if i < count => type_action(app, item, i, |a| a.text = text),
                _ if text.trim().is_empty() => {}
                _ => {
                    // The first character creates the action; the rest of the typing edits it.
                    let action = crate::session::Action {
                        id: doc.session.new_action_id(),
                        text,
                        ..Default::default()
                    };
                    if let Some(Popup::Text(edit)) = &mut app.popup {
                        edit.kind = TextKind::ActionText {
                            item,
                            index: Some(count),
                        };
                    }
                    app.edit_typing(Edit::AddAction {
                        item,
                        index: count,
                        action,
                    });
                }
            }
        }
        TextKind::Search { from } => {
            let hits = matches(app, &text);
            let first = hits.iter().find(|&&i| i >= from).or(hits.first()).copied();
            // No match puts the selection back where the search started, not on whatever the
            // query's first characters matched.
            app.sel = first.unwrap_or(from);
            if first.is_none() && !text.trim().is_empty() {
                app.notice = Some(m::NO_MATCH.fmt(app.lang, &[("query", &text.trim())]));
            }
        }
        TextKind::Roster
        | TextKind::Due { .. }
        | TextKind::DropReason { .. }
        | TextKind::DoneOn { .. }
        | TextKind::Detail { .. } => {}
    }
}

pub(super) fn submit_text(app: &mut App, mut edit: TextEdit) {
    let text = edit.text();
    match edit.kind {
        TextKind::Manifestation { .. } | TextKind::Cause { .. } | TextKind::Preface => {
            close_text(app)
        }
        TextKind::Search { from } => {
            app.last_search = text.trim().to_string();
            close_text(app);
            // Enter on a query with no match: the notice stays (until the next key that acts) and
            // so does the selection the search started from.
            if !app.last_search.is_empty() && matches(app, &app.last_search).is_empty() {
                app.sel = from;
                app.notice = Some(m::NO_MATCH.fmt(app.lang, &[("query", &app.last_search)]));
            }
        }
        TextKind::Roster => {
            close_text(app);
            let path = text.trim();
            let roster = (!path.is_empty()).then(|| std::path::PathBuf::from(path));
            super::unit::open_unit(app, roster);
        }
        TextKind::ActionText { item, index } => {
            if text.trim().is_empty() {
                drop_if_empty(app, item, index);
                close_text(app);
                return;
            }
            let Some(index) = index else {
                return close_text(app);
            };
            // Then the due date, as SPEC §4 asks: text first, then when.
            let due = app
                .doc
                .as_ref()
                .and_then(|d| d.session.answers[item].actions.get(index))
                .and_then(|a| a.due)
                .map(|d| d.to_string())
                .unwrap_or_default();
            end_typing(app);
            app.focus = Focus::Actions(index);
            open_text(app, TextKind::Due { item, index }, &due);
        }
        TextKind::Due { item, index } => {
            let due = if text.trim().is_empty() {
                None
            } else {
                match parse_due(&text, app.today()) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        let msg = match e {
                            DateError::Form => &m::DUE_FORM,
                            DateError::NoSuchDay => &m::DUE_NO_SUCH_DAY,
                            DateError::TooFar => &m::DUE_TOO_FAR,
                        };
                        edit.error = Some(msg.get(app.lang).to_string());
                        app.popup = Some(Popup::Text(edit));
                        return;
                    }
                }
            };
            set_action(app, item, index, |a| a.due = due);
            app.focus = Focus::Actions(index);
            close_text(app);
        }
        TextKind::DoneOn { item, index } => {
            let today = app.today();
            let on = if text.trim().is_empty() {
                Ok(today)
            } else {
                chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                    .map_err(|_| &m::DONE_ON_FORM)
                    .and_then(|d| {
                        if d > today {
                            Err(&m::DONE_ON_FUTURE)
                        } else {
                            Ok(d)
                        }
                    })
            };
            match on {
                Ok(on) => {
                    set_action(app, item, index, |a| a.mark_done(on));
                    app.focus = Focus::Actions(index);
                    close_text(app);
                }
                Err(msg) => {
                    edit.error = Some(msg.get(app.lang).to_string());
                    app.popup = Some(Popup::Text(edit));
                }
            }
        }
        TextKind::Detail { item, index, field } => {
            let value = text.trim().to_string();
            let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
            if field == DetailField::VerifiedOn && !value.is_empty() {
                let Ok(on) = chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d") else {
                    edit.error = Some(m::DONE_ON_FORM.get(app.lang).to_string());
                    app.popup = Some(Popup::Text(edit));
                    return;
                };
                // 销号 is the check that a measure was carried out: only a done one, on or after
                // the day it was done.
                let done_on = app
                    .doc
                    .as_ref()
                    .and_then(|d| d.session.answers.get(item))
                    .and_then(|a| a.actions.get(index))
                    .filter(|a| a.status == crate::session::ActionStatus::Done)
                    .map(|a| a.done_on);
                let refusal = match done_on {
                    None => Some(m::VERIFY_NOT_DONE.get(app.lang).to_string()),
                    Some(Some(d)) if on < d => {
                        Some(m::VERIFY_BEFORE_DONE.fmt(app.lang, &[("date", &d)]))
                    }
                    Some(_) => None,
                };
                if let Some(why) = refusal {
                    edit.error = Some(why);
                    app.popup = Some(Popup::Text(edit));
                    return;
                }
                set_action(app, item, index, |a| a.verified_on = Some(on));
            } else {
                let today = app.today();
                set_action(app, item, index, |a| match field {
                    DetailField::Owner => a.owner = some(&value),
                    DetailField::Target => a.target = some(&value),
                    DetailField::Progress => {
                        if !value.is_empty() {
                            a.progress.push(crate::session::ProgressNote {
                                on: today,
                                text: value.clone(),
                            });
                        }
                    }
                    DetailField::Outcome => a.outcome = some(&value),
                    DetailField::Evidence => {
                        a.evidence = value
                            .split([';', '；'])
                            .map(str::trim)
                            .filter(|e| !e.is_empty())
                            .map(String::from)
                            .collect();
                    }
                    DetailField::VerifiedBy => a.verified_by = some(&value),
                    DetailField::VerifiedOn => a.verified_on = None,
                });
            }
            app.focus = Focus::Actions(index);
            end_typing(app);
            match field.next() {
                Some(next) => {
                    let current = app
                        .doc
                        .as_ref()
                        .and_then(|d| d.session.answers[item].actions.get(index))
                        .map(|a| next.text_of(a))
                        .unwrap_or_default();
                    open_text(
                        app,
                        TextKind::Detail {
                            item,
                            index,
                            field: next,
                        },
                        &current,
                    );
                }
                None => close_text(app),
            }
        }
        TextKind::DropReason { item, index } => {
            let note = text.trim().to_string();
            set_action(app, item, index, |a| a.drop_for(&note));
            app.focus = Focus::Actions(index);
            close_text(app);
        }
    }
}

pub(super) fn sources(app: &mut App, cursor: usize, action: Message) {
    let Some(doc) = app.doc.as_ref() else { return };
    let all: Vec<String> = doc
        .session
        .checklist
        .sources
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let count = all.len();
    let mut cursor = cursor.min(count.saturating_sub(1));
    match action {
        Message::Up => cursor = cursor.saturating_sub(1),
        Message::Down => cursor = (cursor + 1).min(count.saturating_sub(1)),
        Message::Toggle if count > 0 => {
            let current = &doc.session.answers[app.sel].sources;
            let id = &all[cursor];
            let on = !current.contains(id);
            // Kept in the checklist's order, so files and exports do not depend on click order.
            let sources: Vec<String> = all
                .iter()
                .filter(|s| if *s == id { on } else { current.contains(s) })
                .cloned()
                .collect();
            let item = app.sel;
            app.popup = Some(Popup::Sources { cursor });
            app.edit(Edit::Sources { item, sources });
            return;
        }
        Message::Back | Message::Cancel | Message::Submit => {
            app.persist(false);
            return;
        }
        _ => {}
    }
    app.popup = Some(Popup::Sources { cursor });
}
