//! The Compare screen: the diff of two sessions as `report::diff::lines` gives it (the same lines as
//! `zicha diff`), coloured by kind, wrapped at the screen width, scrolling.

use ratatui::Frame;
use ratatui::style::{Color, Style};
use ratatui::text::Line;

use super::{bold, title};
use crate::i18n::Lang;
use crate::messages::tui as m;
use crate::report::diff::{self, Diff, LineKind};
use crate::tui::app::{App, CompareView};
use crate::tui::layout::Chrome;
use crate::tui::text::{width, wrap};

fn style(kind: LineKind) -> Style {
    match kind {
        LineKind::Title => bold(),
        LineKind::Heading => bold().fg(Color::Cyan),
        LineKind::Better => Style::default().fg(Color::Green),
        LineKind::Worse => Style::default().fg(Color::Red),
        LineKind::Summary | LineKind::Plain | LineKind::Blank => Style::default(),
    }
}

/// The diff as screen rows of at most `cols` columns. A long line wraps with its continuation indented
/// under its text. `→` (ambiguous width, two columns in CJK terminals) is drawn as `->`.
pub fn rows(d: &Diff, lang: Lang, cols: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    // The title line is the screen's title (see `draw`), not part of the scrolled text.
    for line in diff::lines(d, lang)
        .into_iter()
        .filter(|l| l.kind != LineKind::Title)
    {
        let text = line.text.replace('→', "->");
        let st = style(line.kind);
        if width(&text) <= cols {
            out.push(Line::styled(text, st));
            continue;
        }
        let indent = text.len() - text.trim_start_matches(' ').len();
        let inner = cols.saturating_sub(indent + 2).max(8);
        for (i, part) in wrap(&text[indent..], inner).into_iter().enumerate() {
            let lead = if i == 0 { indent } else { indent + 2 };
            out.push(Line::styled(format!("{}{part}", " ".repeat(lead)), st));
        }
    }
    out
}

pub fn draw(app: &App, view: &CompareView, frame: &mut Frame, chrome: Chrome) {
    let lang = app.lang;
    let d = &view.diff;
    let all = rows(d, lang, chrome.body.width as usize);
    let h = chrome.body.height as usize;
    let offset = view.scroll.min(all.len().saturating_sub(h));
    let name = m::COMPARE_TITLE.fmt(lang, &[("a", &d.a.name()), ("b", &d.b.name())]);

    let position = if all.len() > h {
        m::SCROLL_POS.fmt(
            lang,
            &[
                ("from", &(offset + 1)),
                ("to", &(offset + h).min(all.len())),
                ("total", &all.len()),
            ],
        )
    } else {
        String::new()
    };
    let room = (chrome.title.width as usize).saturating_sub(width(&position) + 3);
    title(
        frame,
        chrome.title,
        &crate::tui::text::fit(&name, room),
        &position,
    );
    let visible: Vec<Line> = all.into_iter().skip(offset).take(h).collect();
    super::put_lines(frame, chrome.body, &visible);
}
