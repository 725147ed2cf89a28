//! The help screen, generated from the key table that dispatches keys (`keymap::BINDINGS`).

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::{bold, title};
use crate::messages::tui as m;
use crate::tui::app::App;
use crate::tui::keymap::{BINDINGS, keys_label};
use crate::tui::layout::Chrome;
use crate::tui::text::{pad, wrap};

/// Width of the keys column.
const KEYS_W: usize = 26;

/// The help as lines for a screen `width` wide: one heading per scope, one binding per line (a long
/// description wraps under itself), then the mouse. On a read-only view the editing keys are left
/// out, and a line says so.
fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut out = Vec::new();
    // Every key, except on a read-only view the ones that would change it (`t`, taking over, is
    // listed always: it is how a read-only view becomes the writer).
    let read_only = app.doc.as_ref().is_some_and(|d| d.read_only());
    let shown: Vec<_> = BINDINGS
        .iter()
        .filter(|b| !(read_only && b.action.edits()))
        .collect();
    if read_only {
        // Why, as the banner says it: another zicha, the file's mode, a read-only file system.
        let why = app.read_only_message().unwrap_or_default();
        let note = match lang {
            crate::i18n::Lang::Zh => {
                format!("{}{why}", crate::messages::home::HELP_READ_ONLY.get(lang))
            }
            crate::i18n::Lang::En => {
                let mut c = why.chars();
                let why: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                format!("{} {why}", crate::messages::home::HELP_READ_ONLY.get(lang))
            }
        };
        out.extend(wrap(&note, width.max(1)).into_iter().map(Line::raw));
        out.push(Line::raw(""));
    }
    let text_w = width.saturating_sub(KEYS_W + 2).max(10);
    let mut scope = None;
    for b in shown {
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
        for (i, part) in wrap(b.help.get(lang), text_w).into_iter().enumerate() {
            let keys = if i == 0 { keys.clone() } else { String::new() };
            out.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(pad(&keys, KEYS_W), bold()),
                Span::raw(part),
            ]));
        }
    }
    out.push(Line::raw(""));
    out.extend(
        wrap(m::HELP_MOUSE.get(lang), width.max(1))
            .into_iter()
            .map(Line::raw),
    );
    out
}

/// The furthest the help scrolls on a screen this size: its last line at the bottom.
pub fn max_scroll(app: &App) -> usize {
    let body = app.chrome().body;
    lines(app, body.width as usize)
        .len()
        .saturating_sub(body.height as usize)
}

pub fn draw(app: &App, scroll: u16, frame: &mut Frame, chrome: Chrome) {
    title(frame, chrome.title, m::HELP_TITLE.get(app.lang), "");
    let all = lines(app, chrome.body.width as usize);
    let h = chrome.body.height as usize;
    let max = all.len().saturating_sub(h);
    let offset = (scroll as usize).min(max);
    let visible: Vec<Line> = all.into_iter().skip(offset).take(h).collect();
    super::put_lines(frame, chrome.body, &visible);
}
