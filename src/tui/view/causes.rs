//! The causes screen: each cause-analysis prompt of the checklist with the user's text.

use ratatui::Frame;
use ratatui::text::Line;

use super::{bold, dim, reversed, title};
use crate::messages::tui as m;
use crate::tui::app::App;
use crate::tui::layout::Chrome;
use crate::tui::text::{pad, wrap};

pub fn draw(app: &App, frame: &mut Frame, chrome: Chrome) {
    let Some(doc) = &app.doc else { return };
    let lang = app.lang;
    let (left, right) = super::fill::session_title(app, doc);
    title(
        frame,
        chrome.title,
        &format!("{left}  {}", m::CAUSES_TITLE.get(lang)),
        &right,
    );
    let area = chrome.body;
    let w = area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_start = 0;
    for (i, (prompt, answer)) in doc
        .session
        .checklist
        .causes
        .iter()
        .zip(&doc.session.causes)
        .enumerate()
    {
        let selected = i == app.cause_sel;
        if selected {
            selected_start = lines.len();
        }
        let head = format!(
            "{}{}. {}",
            if selected { "> " } else { "  " },
            i + 1,
            prompt.prompt.get(lang)
        );
        lines.push(Line::styled(
            pad(&head, w),
            if selected { reversed() } else { bold() },
        ));
        if answer.text.trim().is_empty() {
            lines.push(Line::styled(
                format!("    {}", m::EMPTY_FIELD.get(lang)),
                dim(),
            ));
        } else {
            lines.extend(
                wrap(&answer.text, w.saturating_sub(4))
                    .into_iter()
                    .map(|l| Line::raw(format!("    {l}"))),
            );
        }
        lines.push(Line::raw(""));
    }
    let h = area.height as usize;
    let offset = if lines.len() <= h {
        0
    } else {
        selected_start.saturating_sub(h / 4).min(lines.len() - h)
    };
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
    super::put_lines(frame, area, &visible);
}
