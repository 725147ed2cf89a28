//! Renders the TUI into ratatui's `TestBackend` and returns the screen as text, for snapshots.
//! Also feeds keys through the real key table. Shared by the TUI test files.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use unicode_width::UnicodeWidthStr;
use zicha::tui::app::{App, Popup, Screen};
use zicha::tui::message::Message;
use zicha::tui::{keymap, update, view};

/// Draws the app and returns the screen as text; wide characters are checked not to be cut.
pub fn render(app: &mut App, w: u16, h: u16) -> String {
    update::update(
        app,
        Message::Resize {
            width: w,
            height: h,
        },
    );
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let frame = terminal.draw(|f| view::view(app, f)).unwrap();
    let buffer = frame.buffer.clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            let cell = &buffer[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = cell.symbol();
            skip = sym.width().saturating_sub(1);
            line.push_str(sym);
        }
        assert!(
            line.width() <= w as usize,
            "row {y} is wider than the screen: {line:?}"
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if matches!(
        app.popup,
        Some(Popup::Text(_) | Popup::NewSession(_) | Popup::Export(_))
    ) || app.screen == Screen::FromText
    {
        let p = terminal.backend_mut().get_cursor_position().unwrap();
        out.push_str(&format!("[cursor at {},{}]\n", p.x, p.y));
    }
    out
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn send(app: &mut App, event: Event) {
    if let Some(action) = keymap::action_for(app.scope(), &event) {
        update::update(app, action);
    }
}

/// Types `keys` one character at a time through the key table (`\n` Enter, `\x1b` Esc, `\t` Tab,
/// `\x08` Backspace, `>` / `<` Right / Left).
pub fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            '\x08' => KeyCode::Backspace,
            '>' => KeyCode::Right,
            '<' => KeyCode::Left,
            c => KeyCode::Char(c),
        };
        send(app, key(code));
    }
}

/// The bundled checklists, as the TUI starts with them.
#[allow(dead_code)]
pub fn checklists() -> Vec<zicha::checklist::Checklist> {
    zicha::checklist::bundled::all()
        .into_iter()
        .map(|(_, c)| c.unwrap())
        .collect()
}

/// The bundled `four-winds-25`.
#[allow(dead_code)]
pub fn four_winds() -> zicha::checklist::Checklist {
    checklists()
        .into_iter()
        .find(|c| c.id == "four-winds-25")
        .unwrap()
}
