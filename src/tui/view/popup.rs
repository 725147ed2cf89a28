//! Popups over a screen: text editors, the sources picker, the new-session form.
//!
//! While a text field is edited the terminal cursor is put at the caret (`set_cursor_position`), so that
//! a Chinese input method opens its candidate window there.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::{bold, boxed, dim, reversed};
use crate::messages::home as hm;
use crate::messages::tui as m;
use crate::report::export::Format;
use crate::tui::app::{App, DetailField, ExportForm, NewForm, Popup, Screen, TextEdit, TextKind};
use crate::tui::editor::Editor;
use crate::tui::layout::{self, Chrome};
use crate::tui::text::{fit, pad};

pub fn draw(app: &App, frame: &mut Frame, chrome: Chrome) {
    match &app.popup {
        Some(Popup::Text(edit)) => text(app, frame, chrome, edit),
        Some(Popup::Sources { cursor }) => sources(app, frame, chrome, *cursor),
        Some(Popup::NewSession(form)) => new_session(app, frame, chrome, form),
        Some(Popup::Export(form)) => export(app, frame, chrome, form),
        None => {}
    }
}

/// Clears the popup's area. A wide character just left of it would hang its second half over the
/// popup's left border (the terminal draws it two columns wide and the border cell is skipped), so
/// that character is blanked too.
fn clear(frame: &mut Frame, rect: Rect) {
    frame.render_widget(Clear, rect);
    let buf = frame.buffer_mut();
    if rect.x > buf.area.x && rect.height > 0 {
        for y in rect.top()..rect.bottom().min(buf.area.bottom()) {
            let cell = &mut buf[(rect.x - 1, y)];
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}

/// Draws a text area and puts the real cursor at its caret.
pub(super) fn textarea(frame: &mut Frame, area: &TextArea<'static>, rect: Rect) {
    if rect.width == 0 || rect.height == 0 {
        return;
    }
    frame.render_widget(area, rect);
    // The scroll offset is recorded by the render above.
    let caret = area.screen_cursor();
    let (top, left) = area.scroll_offset();
    let row = caret.row.saturating_sub(top as usize) as u16;
    let col = caret.col.saturating_sub(left as usize) as u16;
    frame.set_cursor_position(Position {
        x: rect.x + col.min(rect.width - 1),
        y: rect.y + row.min(rect.height - 1),
    });
}

/// Draws the note editor and puts the real cursor at its caret.
fn editor(frame: &mut Frame, area: &Editor, rect: Rect) {
    if rect.width == 0 || rect.height == 0 {
        return;
    }
    let caret = area.render(frame.buffer_mut(), rect);
    frame.set_cursor_position(caret);
}

fn item_text(app: &App, item: usize) -> String {
    app.doc
        .as_ref()
        .and_then(|d| d.item(item))
        .map(|i| i.text.get(app.lang).to_string())
        .unwrap_or_default()
}

fn text(app: &App, frame: &mut Frame, chrome: Chrome, edit: &TextEdit) {
    let lang = app.lang;
    if edit.kind.multiline() {
        let title = match edit.kind {
            TextKind::Manifestation { item } => {
                m::EDIT_MANIFESTATION.fmt(lang, &[("item", &item_text(app, item))])
            }
            TextKind::Preface => m::EDIT_PREFACE.get(lang).to_string(),
            TextKind::Cause { index } => {
                let prompt = app
                    .doc
                    .as_ref()
                    .and_then(|d| d.session.checklist.causes.get(index))
                    .map(|c| c.prompt.get(lang).to_string())
                    .unwrap_or_default();
                m::EDIT_CAUSE.fmt(lang, &[("prompt", &prompt)])
            }
            _ => String::new(),
        };
        // The editor takes the item pane on the fill screen, the whole body elsewhere.
        let rect = if matches!(app.screen, Screen::Fill) {
            layout::fill(chrome.body).detail
        } else {
            chrome.body
        };
        let rect = Rect {
            x: rect.x.saturating_sub(1),
            width: (rect.width + 1).min(chrome.body.right() - rect.x.saturating_sub(1)),
            ..rect
        };
        clear(frame, rect);
        let block = boxed(fit(&title, rect.width.saturating_sub(6) as usize)).title_bottom(
            Span::styled(format!(" {} ", m::EDITOR_HINT.get(lang)), dim()),
        );
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        editor(frame, &edit.area, inner);
        return;
    }
    let title = match edit.kind {
        TextKind::ActionText { item, .. } => {
            m::EDIT_ACTION.fmt(lang, &[("item", &item_text(app, item))])
        }
        TextKind::Due { .. } => m::EDIT_DUE.get(lang).to_string(),
        TextKind::DropReason { .. } => m::EDIT_DROP.get(lang).to_string(),
        TextKind::DoneOn { .. } => m::EDIT_DONE_ON.get(lang).to_string(),
        TextKind::Detail { field, .. } => {
            let n = DetailField::ALL
                .iter()
                .position(|f| *f == field)
                .unwrap_or(0)
                + 1;
            let msg = match field {
                DetailField::Owner => &m::DETAIL_OWNER,
                DetailField::Target => &m::DETAIL_TARGET,
                DetailField::Progress => &m::DETAIL_PROGRESS,
                DetailField::Outcome => &m::DETAIL_OUTCOME,
                DetailField::Evidence => &m::DETAIL_EVIDENCE,
                DetailField::VerifiedBy => &m::DETAIL_VERIFIED_BY,
                DetailField::VerifiedOn => &m::DETAIL_VERIFIED_ON,
            };
            msg.fmt(lang, &[("n", &n)])
        }
        TextKind::Search { .. } => m::EDIT_SEARCH.get(lang).to_string(),
        TextKind::Roster => m::UNIT_ROSTER_PROMPT.get(lang).to_string(),
        _ => String::new(),
    };
    // One-line fields sit at the bottom of the body, so the list above stays visible (search). A
    // long entry wraps: the popup grows to show up to four rows of it, then scrolls.
    let body = chrome.body;
    let width = body.width.min(90);
    let rows = edit
        .area
        .rows_at(width.saturating_sub(2) as usize)
        .clamp(1, 4) as u16;
    let height = (3 + rows).min(body.height);
    let rect = Rect {
        x: body.x + (body.width - width) / 2,
        y: body.bottom().saturating_sub(height),
        width,
        height,
    };
    clear(frame, rect);
    let block = boxed(fit(&title, width.saturating_sub(6) as usize));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height == 0 {
        return;
    }
    let field = Rect {
        height: rows.min(inner.height.saturating_sub(1)).max(1),
        ..inner
    };
    if inner.height > field.height {
        let note = Rect {
            y: field.bottom(),
            height: 1,
            ..inner
        };
        let line = match &edit.error {
            Some(e) => Line::styled(fit(e, note.width as usize), bold().fg(Color::Red)),
            None => Line::styled("", dim()),
        };
        frame.render_widget(Paragraph::new(line), note);
    }
    editor(frame, &edit.area, field);
}

fn sources(app: &App, frame: &mut Frame, chrome: Chrome, cursor: usize) {
    let Some(doc) = &app.doc else { return };
    let lang = app.lang;
    let list = &doc.session.checklist.sources;
    let chosen =
        &doc.session.answers[app.sel.min(doc.session.answers.len().saturating_sub(1))].sources;
    let rect = layout::centered(chrome.body, 48, list.len() as u16 + 2);
    clear(frame, rect);
    let block = boxed(m::PICK_SOURCES.get(lang).to_string());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines: Vec<Line> = list
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let on = chosen.contains(&s.id);
            let text = format!("{} {}", if on { "[x]" } else { "[ ]" }, s.label.get(lang));
            let style = if i == cursor {
                reversed()
            } else {
                Style::default()
            };
            Line::styled(pad(&text, inner.width as usize), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn new_session(app: &App, frame: &mut Frame, chrome: Chrome, form: &NewForm) {
    let lang = app.lang;
    let rect = layout::centered(chrome.body, 72, 11);
    clear(frame, rect);
    let block = boxed(m::FORM_TITLE.get(lang).to_string());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let label_w = 10;
    let row = |i: u16| Rect {
        x: inner.x,
        y: inner.y + i,
        width: inner.width,
        height: 1.min(inner.height.saturating_sub(i)),
    };
    let value_rect = |r: Rect| Rect {
        x: r.x + label_w as u16,
        width: r.width.saturating_sub(label_w as u16),
        ..r
    };
    let labels = [
        &m::FORM_CHECKLIST,
        &m::FORM_LABEL,
        &m::FORM_NAME,
        &m::FORM_UNIT,
    ];
    for (i, label) in labels.iter().enumerate() {
        let r = row(i as u16 * 2);
        if r.height == 0 {
            break;
        }
        let focused = form.focus == i;
        let style = if focused { reversed() } else { bold() };
        frame.render_widget(
            Paragraph::new(Line::styled(pad(label.get(lang), label_w - 1), style)),
            r,
        );
        let v = value_rect(r);
        if i == 0 {
            let title = format!("< {} >", app.checklist_title(form.checklist));
            frame.render_widget(Paragraph::new(fit(&title, v.width as usize)), v);
        } else if focused {
            textarea(frame, &form.fields[i - 1], v);
        } else {
            let text = form.fields[i - 1].lines().join(" ");
            frame.render_widget(Paragraph::new(fit(&text, v.width as usize)), v);
        }
    }
    let r = row(8);
    if r.height > 0 {
        let line = match &form.error {
            Some(e) => Line::styled(fit(e, r.width as usize), bold().fg(Color::Red)),
            None => Line::styled(fit(m::FORM_HELP.get(lang), r.width as usize), dim()),
        };
        frame.render_widget(Paragraph::new(line), r);
    }
}

fn export(app: &App, frame: &mut Frame, chrome: Chrome, form: &ExportForm) {
    let lang = app.lang;
    let rect = layout::centered(chrome.body, 78, 13);
    clear(frame, rect);
    let name = form
        .session
        .label
        .clone()
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| form.session.id.clone());
    let block = boxed(fit(
        &m::EXPORT_TITLE.fmt(lang, &[("name", &name)]),
        rect.width.saturating_sub(6) as usize,
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let label_w: u16 = 10;
    let row = |i: u16| Rect {
        y: inner.y + i.min(inner.height),
        height: 1.min(inner.height.saturating_sub(i)),
        ..inner
    };
    let value = |r: Rect| Rect {
        x: r.x + label_w.min(r.width),
        width: r.width.saturating_sub(label_w),
        ..r
    };
    let labels = [&m::EXPORT_FORMAT, &hm::EXPORT_NAME, &hm::EXPORT_DIR];
    for (i, label) in labels.into_iter().enumerate() {
        let r = row(i as u16 * 2);
        if r.height == 0 {
            break;
        }
        let focused = form.focus == i;
        let style = if focused { reversed() } else { bold() };
        frame.render_widget(
            Paragraph::new(Line::styled(
                pad(label.get(lang), label_w as usize - 1),
                style,
            )),
            r,
        );
        let v = value(r);
        let area = match i {
            0 => {
                // Every format in a row, the chosen one in brackets.
                let spans: Vec<Span> = Format::ALL
                    .iter()
                    .map(|f| {
                        let chosen = *f == form.format;
                        let text = if chosen {
                            format!("[{}]  ", f.extension())
                        } else {
                            format!(" {}   ", f.extension())
                        };
                        let st = match (chosen, focused) {
                            (true, true) => reversed(),
                            (true, false) => bold(),
                            _ => Style::default(),
                        };
                        Span::styled(text, st)
                    })
                    .collect();
                frame.render_widget(Paragraph::new(Line::from(spans)), v);
                continue;
            }
            1 => &form.name,
            _ => &form.dir,
        };
        if focused {
            textarea(frame, area, v);
        } else {
            let text = area.lines().join("");
            frame.render_widget(Paragraph::new(fit(&text, v.width as usize)), v);
        }
    }
    let w = inner.width.max(1) as usize;
    // The full path, before anything is written: wrapped, never cut.
    let target = hm::EXPORT_WILL_WRITE.fmt(lang, &[("path", &form.path_text())]);
    let lines: Vec<Line> = crate::tui::text::wrap(&target, w)
        .into_iter()
        .take(3)
        .map(Line::raw)
        .collect();
    super::put_lines(frame, row(6).union(row(8)), &lines);
    // The error (or the help) wraps over the last two rows: a path in it must not be cut.
    let (note, style) = match &form.error {
        Some(e) => (e.as_str(), bold().fg(Color::Red)),
        None => (hm::EXPORT_FOLDER_HELP.get(lang), dim()),
    };
    let lines: Vec<Line> = crate::tui::text::wrap(note, w)
        .into_iter()
        .take(2)
        .map(|l| Line::styled(l, style))
        .collect();
    let r = Rect {
        y: inner.y + 9.min(inner.height),
        height: inner.height.saturating_sub(9),
        ..inner
    };
    super::put_lines(frame, r, &lines);
}
