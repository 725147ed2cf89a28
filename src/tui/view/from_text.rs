//! The "new checklist from text" screen: the pasted text on the left, what it reads as on the right
//! (summary, warnings, then the groups and items), the id field below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;

use super::popup::textarea;
use super::{bold, boxed, put_lines, title};
use crate::messages::from_text as m;
use crate::tui::app::App;
use crate::tui::from_text::{FromTextFocus, FromTextForm};
use crate::tui::layout::Chrome;
use crate::tui::text::wrap;

pub fn draw(app: &App, frame: &mut Frame, chrome: Chrome) {
    let lang = app.lang;
    title(frame, chrome.title, m::SCREEN_TITLE.get(lang), "");
    let Some(form) = &app.from_text else { return };
    let body = chrome.body;
    // The id box (3 rows) and two lines for its error under the text and the preview.
    let bottom_h = 5.min(body.height);
    let top = Rect {
        height: body.height - bottom_h,
        ..body
    };
    let left_w = body.width / 2;
    let text_box = Rect {
        width: left_w,
        ..top
    };
    let preview_box = Rect {
        x: body.x + left_w,
        width: body.width - left_w,
        ..top
    };
    let id_box = Rect {
        y: top.bottom(),
        height: 3.min(bottom_h),
        ..body
    };
    let error_line = Rect {
        y: id_box.bottom(),
        height: bottom_h.saturating_sub(3),
        ..body
    };

    let focused = |f: FromTextFocus, label: &str| {
        if form.focus == f {
            format!("> {label}")
        } else {
            label.to_string()
        }
    };
    let block = boxed(focused(FromTextFocus::Text, m::PASTE_HERE.get(lang)));
    let inner = block.inner(text_box);
    frame.render_widget(block, text_box);
    if form.focus == FromTextFocus::Text {
        textarea(frame, &form.text, inner);
    } else {
        frame.render_widget(&form.text, inner);
    }

    let block = boxed(m::PREVIEW.get(lang).to_string());
    let inner = block.inner(preview_box);
    frame.render_widget(block, preview_box);
    preview(frame, inner, form, app);

    let block = boxed(focused(FromTextFocus::Id, m::FIELD_ID.get(lang)));
    let inner = block.inner(id_box);
    frame.render_widget(block, id_box);
    if form.focus == FromTextFocus::Id {
        textarea(frame, &form.id, inner);
    } else if form.id_string().is_empty() {
        put_lines(
            frame,
            inner,
            &[Line::styled(m::ID_HINT.get(lang), super::dim())],
        );
    } else {
        frame.render_widget(&form.id, inner);
    }
    if let Some(error) = &form.error {
        let width = (error_line.width as usize).saturating_sub(1).max(1);
        let lines: Vec<Line> = wrap(&error.replace('\n', " "), width)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), bold().fg(Color::Red)))
            .collect();
        put_lines(frame, error_line, &lines);
    }
}

/// The preview, wrapped at the box's width, from the scroll position (clamped to the last page).
fn preview(frame: &mut Frame, area: Rect, form: &FromTextForm, app: &App) {
    let width = area.width.max(1) as usize;
    let warn = Style::default().fg(Color::Yellow);
    let lines: Vec<Line> = form
        .preview(app.lang)
        .into_iter()
        .flat_map(|(text, is_warning)| {
            let style = if is_warning { warn } else { Style::default() };
            wrap(&text, width)
                .into_iter()
                .map(move |l| Line::styled(l, style))
        })
        .collect();
    let height = area.height as usize;
    let offset = form.scroll.min(lines.len().saturating_sub(height));
    put_lines(frame, area, &lines[offset..]);
}
