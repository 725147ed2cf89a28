//! The new-session form and the export popup.

use ratatui_textarea::Input;

use crate::tui::message::Message;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::messages::tui as m;
use crate::report::export::Format;
use crate::session::NewSession;
use crate::tui::app::{App, ExportForm, Popup};
use crate::tui::reports;

pub(super) fn new_session(app: &mut App, mut form: crate::tui::app::NewForm, action: Message) {
    let count = app.checklists.len();
    match action {
        Message::NextField => form.focus = (form.focus + 1) % 4,
        Message::PrevField => form.focus = (form.focus + 3) % 4,
        Message::Left if form.focus == 0 && count > 0 => {
            form.checklist = (form.checklist + count - 1) % count
        }
        Message::Right if form.focus == 0 && count > 0 => {
            form.checklist = (form.checklist + 1) % count
        }
        Message::Paste(text) if form.focus > 0 => {
            form.fields[form.focus - 1].insert_str(text.replace('\n', " "));
        }
        Message::Input(key) if form.focus > 0 => {
            let field = &mut form.fields[form.focus - 1];
            field.input(Input::from(key));
            if field.lines().len() > 1 {
                *field = crate::tui::app::line_field(&field.lines().join(" "));
            }
        }
        Message::Cancel => return,
        Message::Submit => {
            let Some(checklist) = app.checklists.get(form.checklist).cloned() else {
                return;
            };
            let value = |i: usize| Some(form.fields[i].lines().join(" ").trim().to_string());
            let meta = NewSession {
                label: value(0),
                name: value(1),
                unit: value(2),
                from: None,
            };
            match app.store.create(checklist, meta, app.now) {
                Ok(session) => match app.open_session(&session.id) {
                    Ok(()) => return,
                    Err(e) => form.error = Some(e.render(app.lang)),
                },
                Err(e) => form.error = Some(e.render(app.lang)),
            }
        }
        _ => {}
    }
    app.popup = Some(Popup::NewSession(form));
}

pub(super) fn open_export(app: &mut App, session: crate::session::Session) {
    let format = app.export_format;
    let path = reports::suggested_path(&app.export_dir, &session, format);
    app.popup = Some(Popup::Export(ExportForm {
        session,
        format,
        path: crate::tui::app::line_field(&path),
        focus: 0,
        error: None,
        confirm: false,
    }));
}

pub(super) fn export(app: &mut App, mut form: ExportForm, action: Message) {
    let formats = Format::ALL;
    let step = |form: &mut ExportForm, delta: usize| {
        let at = formats.iter().position(|f| *f == form.format).unwrap_or(0);
        let next = formats[(at + delta) % formats.len()];
        // A path still ending in the old extension follows the new format.
        let path = form.path_text();
        let old = format!(".{}", form.format.extension());
        if let Some(stem) = path.strip_suffix(&old) {
            form.path = crate::tui::app::line_field(&format!("{stem}.{}", next.extension()));
        }
        form.format = next;
        form.confirm = false;
        form.error = None;
    };
    match action {
        Message::NextField | Message::PrevField => form.focus = 1 - form.focus.min(1),
        Message::Left if form.focus == 0 => step(&mut form, formats.len() - 1),
        Message::Right if form.focus == 0 => step(&mut form, 1),
        // On the path, the arrows move the caret.
        Message::Left | Message::Right => {
            let code = if action == Message::Left {
                KeyCode::Left
            } else {
                KeyCode::Right
            };
            form.path
                .input(Input::from(KeyEvent::new(code, KeyModifiers::NONE)));
        }
        Message::Paste(text) => {
            form.focus = 1;
            if form.path.insert_str(text.replace('\n', "")) {
                form.confirm = false;
                form.error = None;
            }
        }
        Message::Input(key) => {
            if form.focus == 0 {
                // Typing on the format row goes to the path: that is what a user typing means.
                form.focus = 1;
            }
            if form.path.input(Input::from(key)) {
                form.confirm = false;
                form.error = None;
            }
            if form.path.lines().len() > 1 {
                form.path = crate::tui::app::line_field(&form.path.lines().join(""));
            }
        }
        Message::Cancel => return,
        Message::Submit => {
            if form.path_text().trim().is_empty() {
                form.error = Some(m::EXPORT_NO_PATH.get(app.lang).to_string());
                form.focus = 1;
            } else {
                match reports::write_export(&app.store, &form, form.confirm, app.lang, app.today())
                {
                    Ok(path) => {
                        let typed = reports::expand_home(form.path_text().trim());
                        app.export_dir = typed
                            .parent()
                            .map(std::path::Path::to_path_buf)
                            .unwrap_or_default();
                        app.export_format = form.format;
                        app.notice = Some(
                            crate::messages::export::WROTE
                                .fmt(app.lang, &[("path", &path.display())]),
                        );
                        return;
                    }
                    Err(crate::error::Error::Exists(path)) => {
                        form.error =
                            Some(m::EXPORT_EXISTS.fmt(app.lang, &[("path", &path.display())]));
                        form.confirm = true;
                    }
                    Err(e) => {
                        form.error = Some(e.render(app.lang));
                        form.confirm = false;
                        form.focus = 1;
                    }
                }
            }
        }
        _ => {}
    }
    app.popup = Some(Popup::Export(form));
}
