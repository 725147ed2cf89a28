//! The causes screen: the session's preface, then each cause-analysis prompt of the checklist with
//! the user's text.

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
    // Row 0: the preface; then the prompts, numbered from 1.
    let mut entry = |lines: &mut Vec<Line>, row: usize, head: &str, text: &str| {
        let selected = row == app.cause_sel;
        if selected {
            selected_start = lines.len();
        }
        let head = format!("{}{head}", if selected { "> " } else { "  " });
        lines.push(Line::styled(
            pad(&head, w),
            if selected { reversed() } else { bold() },
        ));
        if text.trim().is_empty() {
            lines.push(Line::styled(
                format!("    {}", m::EMPTY_FIELD.get(lang)),
                dim(),
            ));
        } else {
            lines.extend(
                wrap(text, w.saturating_sub(4))
                    .into_iter()
                    .map(|l| Line::raw(format!("    {l}"))),
            );
        }
        lines.push(Line::raw(""));
    };
    entry(
        &mut lines,
        0,
        m::PREFACE_HEAD.get(lang),
        &doc.session.preface,
    );
    for (i, (prompt, answer)) in doc
        .session
        .checklist
        .causes
        .iter()
        .zip(&doc.session.causes)
        .enumerate()
    {
        let head = format!("{}. {}", i + 1, prompt.prompt.get(lang));
        entry(&mut lines, i + 1, &head, &answer.text);
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
