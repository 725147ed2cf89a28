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
    let name = crate::report::export::file_name(&session, format);
    let dir = std::path::absolute(&app.export_dir).unwrap_or_else(|_| app.export_dir.clone());
    app.popup = Some(Popup::Export(ExportForm {
        session,
        format,
        name: crate::tui::app::line_field(&name),
        dir: crate::tui::app::line_field(&dir.display().to_string()),
        focus: 0,
        error: None,
        confirm: false,
        make_dir: None,
    }));
}

/// The text field of the export popup that has the focus (the name when the format row has it).
fn field(form: &mut ExportForm) -> &mut ratatui_textarea::TextArea<'static> {
    if form.focus == 2 {
        &mut form.dir
    } else {
        &mut form.name
    }
}

pub(super) fn export(app: &mut App, mut form: ExportForm, action: Message) {
    let formats = Format::ALL;
    let step = |form: &mut ExportForm, delta: usize| {
        let at = formats.iter().position(|f| *f == form.format).unwrap_or(0);
        let next = formats[(at + delta) % formats.len()];
        // A name still ending in the old extension follows the new format.
        let name = form.name_text();
        let old = format!(".{}", form.format.extension());
        if let Some(stem) = name.strip_suffix(&old) {
            form.name = crate::tui::app::line_field(&format!("{stem}.{}", next.extension()));
        }
        form.format = next;
        form.confirm = false;
        form.error = None;
    };
    match action {
        Message::NextField => form.focus = (form.focus + 1) % 3,
        Message::PrevField => form.focus = (form.focus + 2) % 3,
        Message::Left if form.focus == 0 => step(&mut form, formats.len() - 1),
        Message::Right if form.focus == 0 => step(&mut form, 1),
        // On a text field, the arrows move the caret.
        Message::Left | Message::Right => {
            let code = if action == Message::Left {
                KeyCode::Left
            } else {
                KeyCode::Right
            };
            field(&mut form).input(Input::from(KeyEvent::new(code, KeyModifiers::NONE)));
        }
        Message::Paste(text) => {
            form.focus = form.focus.max(1);
            if field(&mut form).insert_str(text.replace('\n', "")) {
                form.confirm = false;
                form.error = None;
            }
        }
        Message::Input(key) => {
            // Typing on the format row goes to the name: that is what a user typing means.
            form.focus = form.focus.max(1);
            let area = field(&mut form);
            let changed = area.input(Input::from(key));
            if area.lines().len() > 1 {
                *area = crate::tui::app::line_field(&area.lines().join(""));
            }
            if changed {
                form.confirm = false;
                form.error = None;
            }
        }
        Message::Cancel => return,
        Message::Submit => {
            if form.name_text().trim().is_empty() {
                form.error = Some(m::EXPORT_NO_PATH.get(app.lang).to_string());
                form.focus = 1;
            } else {
                let home = app.export_home.clone();
                let folder = form.target().parent().map(std::path::Path::to_path_buf);
                let make_dir = folder.is_some() && form.make_dir == folder;
                match reports::write_export(
                    &app.store,
                    &form,
                    reports::Folders {
                        home: home.as_deref(),
                        make: make_dir,
                    },
                    form.confirm,
                    app.lang,
                    app.today(),
                ) {
                    Ok(done) => {
                        let path = done.path;
                        app.export_dir = path
                            .parent()
                            .map(std::path::Path::to_path_buf)
                            .unwrap_or_default();
                        app.export_format = form.format;
                        app.notice = Some(match done.created {
                            Some(dir) => crate::messages::home::EXPORT_MADE_DIR.fmt(
                                app.lang,
                                &[("dir", &dir.display()), ("path", &path.display())],
                            ),
                            None => crate::messages::export::WROTE
                                .fmt(app.lang, &[("path", &path.display())]),
                        });
                        return;
                    }
                    Err(crate::error::Error::Exists(path)) => {
                        form.error =
                            Some(m::EXPORT_EXISTS.fmt(app.lang, &[("path", &path.display())]));
                        form.confirm = true;
                    }
                    // A folder typed by hand that does not exist: said, and the next Enter makes it
                    // (a typo must not scatter new folders about unasked).
                    Err(crate::error::Error::OutputNoDir(dir)) => {
                        form.error = Some(
                            crate::messages::home::EXPORT_NO_DIR
                                .fmt(app.lang, &[("dir", &dir.display())]),
                        );
                        form.confirm = false;
                        form.make_dir = folder;
                        form.focus = 2;
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
