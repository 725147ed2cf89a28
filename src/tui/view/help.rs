//! The help screen, generated from the key table that dispatches keys (`keymap::BINDINGS`).

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::{bold, title};
use crate::messages::tui as m;
use crate::tui::app::App;
use crate::tui::keymap::{BINDINGS, keys_label};
use crate::tui::layout::Chrome;
use crate::tui::text::pad;

/// Width of the keys column.
const KEYS_W: usize = 26;

/// The help as lines: one heading per scope, one line per binding, then the mouse.
fn lines(app: &App) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut out = Vec::new();
    let mut scope = None;
    for b in BINDINGS {
        if scope != Some(b.scope) {
            if scope.is_some() {
                out.push(Line::raw(""));
            }
            out.push(Line::styled(b.scope.title().get(lang).to_string(), bold()));
            scope = Some(b.scope);
        }
        // The rating digits as the open checklist's scale has them (`0-2`), as on the hint line.
        let keys = match &app.doc {
            Some(doc) if b.action == crate::tui::message::Message::RateDigit => {
                super::scale_range(&doc.session.checklist).unwrap_or_else(|| keys_label(b))
            }
            _ => keys_label(b),
        };
        out.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(pad(&keys, KEYS_W), bold()),
            Span::raw(b.help.get(lang).to_string()),
        ]));
    }
    out.push(Line::raw(""));
    out.push(Line::raw(m::HELP_MOUSE.get(lang).to_string()));
    out
}

/// How many lines the help has (the same in every language).
pub fn line_count() -> usize {
    let mut scopes = 0;
    let mut last = None;
    for b in BINDINGS {
        if last != Some(b.scope) {
            scopes += 1;
            last = Some(b.scope);
        }
    }
    BINDINGS.len() + scopes * 2 - 1 + 2
}

pub fn draw(app: &App, scroll: u16, frame: &mut Frame, chrome: Chrome) {
    title(frame, chrome.title, m::HELP_TITLE.get(app.lang), "");
    let all = lines(app);
    let h = chrome.body.height as usize;
    let max = all.len().saturating_sub(h);
    let offset = (scroll as usize).min(max);
    let visible: Vec<Line> = all.into_iter().skip(offset).take(h).collect();
    super::put_lines(frame, chrome.body, &visible);
}
