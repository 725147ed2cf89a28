//! `view(&App, &mut Frame)`: draws the state and changes nothing. One file per screen.
//!
//! Markers are plain ASCII (`[x]`, `>`, `*`), because symbols such as ● are "ambiguous width" and CJK
//! terminals draw them two columns wide. Borders are the Unicode box-drawing set, or ASCII when the
//! settings file says `borders = "ascii"` (for terminals that draw box-drawing characters wide too).

pub mod causes;
pub mod compare;
pub mod fill;
pub mod from_text;
pub mod help;
pub mod home;
pub mod popup;
pub mod trend;
pub mod unit;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::app::{App, MIN_HEIGHT, MIN_WIDTH, SaveState, Screen};
use super::keymap;
use super::layout;
use crate::messages::tui as m;

/// Borders drawn with ASCII only.
pub const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

pub fn reversed() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

thread_local! {
    /// The border set of the frame being drawn, set by [`view`] from `App::borders`. A thread-local
    /// rather than a parameter, so that every widget helper need not carry the app along.
    static BORDERS: std::cell::Cell<crate::config::Borders> =
        const { std::cell::Cell::new(crate::config::Borders::Ascii) };
}

/// Whether this frame draws ASCII borders.
pub fn ascii_borders() -> bool {
    BORDERS.get() == crate::config::Borders::Ascii
}

/// A bordered box with a title, in the borders of the settings.
pub fn boxed(title: String) -> Block<'static> {
    let set = if ascii_borders() {
        ASCII_BORDER
    } else {
        border::PLAIN
    };
    Block::default()
        .borders(Borders::ALL)
        .border_set(set)
        .title(Span::styled(format!(" {title} "), bold()))
}

/// Writes lines straight into the buffer, one per row, cut at the area's width. Cheaper than a
/// `Paragraph` (no reflow), which matters for the per-keystroke budget; the text is already wrapped.
pub fn put_lines(frame: &mut Frame, area: Rect, lines: &[Line]) {
    let buf = frame.buffer_mut();
    let area = area.intersection(buf.area);
    for (i, line) in lines.iter().take(area.height as usize).enumerate() {
        buf.set_line(area.x, area.y + i as u16, line, area.width);
    }
}

pub fn view(app: &App, frame: &mut Frame) {
    BORDERS.set(app.borders);
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, frame, area);
        return;
    }
    let chrome = chrome(app, area);
    banner(app, frame, chrome.banner);
    match &app.screen {
        Screen::Home => home::draw(app, frame, chrome),
        Screen::Fill => fill::draw(app, frame, chrome),
        Screen::Causes => causes::draw(app, frame, chrome),
        Screen::Help { scroll, .. } => help::draw(app, *scroll, frame, chrome),
        Screen::Compare(view) => compare::draw(app, view, frame, chrome),
        Screen::Trend(view) => trend::draw(app, view, frame, chrome),
        Screen::FromText => from_text::draw(app, frame, chrome),
        Screen::Unit(view) => unit::draw(app, view, frame, chrome),
    }
    status(app, frame, chrome.status);
    hints(app, frame, chrome.hints);
    popup::draw(app, frame, chrome);
    if app.no_color {
        no_color(frame);
    }
}

/// `NO_COLOR`: every colour taken off what was drawn; bold, dim and reverse (the selection) stay,
/// and every state shown in colour also has a marker (`[ ]` unrated, `[!]` overdue, letters on the
/// trend chart).
fn no_color(frame: &mut Frame) {
    use ratatui::style::Color;
    for cell in frame.buffer_mut().content.iter_mut() {
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = m::TOO_SMALL.fmt(
        app.lang,
        &[
            ("w", &MIN_WIDTH),
            ("h", &MIN_HEIGHT),
            ("cw", &area.width),
            ("ch", &area.height),
        ],
    );
    let lines: Vec<Line> = super::text::wrap(&text, area.width.max(1) as usize)
        .into_iter()
        .map(Line::from)
        .collect();
    put_lines(frame, area, &lines);
}

/// A read-only view's explanation, in full (wrapped), under the title.
fn banner(app: &App, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let style = bold().fg(ratatui::style::Color::Yellow);
    let lines: Vec<Line> = app
        .banner_lines()
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), style))
        .collect();
    put_lines(frame, area, &lines);
}

/// The title line: what is open, and whether it is read-only.
pub fn title(frame: &mut Frame, area: Rect, left: &str, right: &str) {
    let w = area.width as usize;
    let right_w = super::text::width(right);
    let left = super::text::pad(&format!(" {left}"), w.saturating_sub(right_w + 1));
    let line = Line::from(vec![Span::raw(left), Span::raw(format!("{right} "))]);
    let full = area.intersection(frame.area());
    frame.buffer_mut().set_style(full, reversed());
    put_lines(frame, area, &[line]);
}

/// The status message and its style: the notice of the last key, else the save state.
fn status_text(app: &App) -> (String, Style) {
    let lang = app.lang;
    if let Some(n) = &app.notice {
        (n.clone(), bold())
    } else if let Some(doc) = &app.doc
        && app.screen != Screen::Home
    {
        match &doc.save {
            SaveState::Clean => (m::UNCHANGED.get(lang).to_string(), dim()),
            SaveState::Saved => (m::SAVED.get(lang).to_string(), dim()),
            SaveState::Failed(e) => (
                m::NOT_SAVED.fmt(lang, &[("err", &e.render(lang))]),
                bold().fg(ratatui::style::Color::Red),
            ),
            // Said in full in the banner under the title; here only the state.
            SaveState::ReadOnly { .. } | SaveState::ReadOnlyFile | SaveState::ReadOnlyFs
                if matches!(app.screen, Screen::Fill | Screen::Causes) =>
            {
                (
                    m::READ_ONLY.get(lang).to_string(),
                    bold().fg(ratatui::style::Color::Yellow),
                )
            }
            SaveState::ReadOnly { .. } | SaveState::ReadOnlyFile | SaveState::ReadOnlyFs => (
                app.read_only_message().unwrap_or_default(),
                bold().fg(ratatui::style::Color::Yellow),
            ),
        }
    } else if app.screen == Screen::Home
        && let Some(s) = app.home.selected()
    {
        // The id is what `zicha fill`, `export` and `diff` take: always there in full.
        (
            crate::messages::home::SELECTED.fmt(lang, &[("id", &s.id)]),
            dim(),
        )
    } else {
        (String::new(), dim())
    }
}

/// Progress, on the right of the status line.
fn status_right(app: &App) -> String {
    match (&app.doc, &app.screen) {
        (Some(doc), Screen::Fill | Screen::Causes | Screen::Help { .. }) => {
            let p = doc.session.progress(app.today());
            m::PROGRESS.fmt(app.lang, &[("rated", &p.rated), ("items", &p.items)])
        }
        _ => String::new(),
    }
}

/// The most rows a status message takes; a longer one is cut on the last.
const STATUS_ROWS: usize = 3;

/// The status message wrapped to the room left of the progress: a save error with its path, a
/// compare hint or a damage reason is read whole, not cut at 80 columns.
fn status_lines(app: &App, width: u16) -> (Vec<String>, Style, String) {
    let (text, style) = status_text(app);
    let right = status_right(app);
    let room = (width as usize)
        .saturating_sub(super::text::width(&right) + 3)
        .max(1);
    let mut lines = super::text::wrap_filling(text.trim_end(), room, 16);
    if lines.len() > STATUS_ROWS {
        let rest = lines.split_off(STATUS_ROWS - 1).join(" ");
        lines.push(super::text::fit(&rest, room));
    }
    (lines, style, right)
}

/// The frame of the screen now: the status area has as many rows as its message needs (1 to 3).
/// `update` hit-tests and pages with it, so that it agrees with what is drawn.
pub fn chrome(app: &App, area: Rect) -> layout::Chrome {
    let (lines, _, _) = status_lines(app, area.width);
    layout::frame(
        area,
        app.banner_lines().len() as u16,
        lines.len().max(1) as u16,
    )
}

/// The status area: the message, wrapped; progress on the right of its first row.
fn status(app: &App, frame: &mut Frame, area: Rect) {
    let (lines, style, right) = status_lines(app, area.width);
    let w = area.width as usize;
    let right_w = super::text::width(&right);
    let left_w = w.saturating_sub(right_w + 2);
    let rows: Vec<Line> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let left = super::text::pad(&format!(" {l}"), left_w);
            if i == 0 {
                Line::from(vec![
                    Span::styled(left, style),
                    Span::styled(format!(" {right} "), bold()),
                ])
            } else {
                Line::from(Span::styled(left, style))
            }
        })
        .collect();
    put_lines(frame, area, &rows);
}

/// The values of a checklist's scale as keys: `0-2`, or `1` for a one-level scale.
pub fn scale_range(c: &crate::checklist::Checklist) -> Option<String> {
    let low = c.scale.iter().map(|l| l.value).min()?;
    let high = c.scale.iter().map(|l| l.value).max()?;
    Some(if low == high {
        low.to_string()
    } else {
        format!("{low}-{high}")
    })
}

/// Hints that are on the key bar whatever else must go: how to leave (quit, back, cancel, close)
/// and the help, where every other key is.
fn essential(msg: &crate::i18n::Msg) -> bool {
    [
        &m::HINT_HELP,
        &m::HINT_QUIT,
        &m::HINT_BACK,
        &m::HINT_CANCEL,
        &m::HINT_CLOSE,
        &crate::messages::from_text::HINT_BACK,
    ]
    .iter()
    .any(|e| e.id == msg.id)
}

/// The key-hint line, built from the key table for the current scope. When they do not all fit, the
/// essential ones (leaving, help) stay and the others are kept in table order as far as room goes.
fn hints(app: &App, frame: &mut Frame, area: Rect) {
    let max = area.width as usize;
    let all: Vec<(String, &str, usize, bool)> = keymap::hints(app.scope(), |a| app.key_works(a))
        .map(|(key, msg)| {
            let label = msg.get(app.lang);
            // The digits that rate: the scale's own range (`0-2` for three levels), not all ten.
            let key = match (&app.doc, msg.id == m::HINT_RATE.id) {
                (Some(doc), true) => scale_range(&doc.session.checklist).unwrap_or(key),
                _ => key,
            };
            let w = super::text::width(&key) + 1 + super::text::width(label) + 2;
            (key, label, w, essential(msg))
        })
        .collect();
    let room = max.saturating_sub(1);
    let mut keep = vec![false; all.len()];
    let mut used = 0;
    for pass in [true, false] {
        for (i, (_, _, w, ess)) in all.iter().enumerate() {
            if *ess != pass || keep[i] {
                continue;
            }
            if used + w > room {
                // Past the first one that does not fit, the others wait (table order is priority).
                if !pass {
                    break;
                }
                continue;
            }
            used += w;
            keep[i] = true;
        }
    }
    let mut spans = vec![Span::raw(" ")];
    for (i, (key, label, _, _)) in all.into_iter().enumerate() {
        if keep[i] {
            spans.push(Span::styled(key, reversed()));
            spans.push(Span::raw(format!(" {label}  ")));
        }
    }
    put_lines(frame, area, &[Line::from(spans)]);
}
