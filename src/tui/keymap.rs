//! The one key table: dispatch reads it and the help screen prints it, so they cannot disagree.
//!
//! A binding belongs to a [`Scope`] (the screen or popup it works in). Keys not in the table reach
//! text fields as [`Message::Input`]; everything else is ignored. Only key presses count.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::message::Message;
use crate::i18n::Msg;
use crate::messages::tui as m;

mod table;
use Scope as S;
pub use table::{BINDINGS, Binding, Key};

/// Where a binding works. `Global` applies on every screen but not inside text fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Global,
    Home,
    Fill,
    Actions,
    Causes,
    Help,
    /// The multi-line editors (manifestation, cause).
    Editor,
    /// One-line fields (action text, due date, drop reason, search).
    Line,
    Sources,
    Form,
    /// The export popup (format chooser and path).
    Export,
    Compare,
    Trend,
    /// The "new checklist from text" screen: a paste area and the id field.
    FromText,
    Unit,
}

impl Scope {
    pub fn title(self) -> &'static Msg {
        match self {
            Scope::Global => &m::SCOPE_GLOBAL,
            Scope::Home => &m::SCOPE_HOME,
            Scope::Fill => &m::SCOPE_FILL,
            Scope::Actions => &m::SCOPE_ACTIONS,
            Scope::Causes => &m::SCOPE_CAUSES,
            Scope::Help => &m::SCOPE_HELP,
            Scope::Editor => &m::SCOPE_EDITOR,
            Scope::Line => &m::SCOPE_LINE,
            Scope::Sources => &m::SCOPE_SOURCES,
            Scope::Form => &m::SCOPE_FORM,
            Scope::Export => &m::SCOPE_EXPORT,
            Scope::Compare => &m::SCOPE_COMPARE,
            Scope::Trend => &m::SCOPE_TREND,
            Scope::FromText => &crate::messages::from_text::SCOPE,
            Scope::Unit => &m::SCOPE_UNIT,
        }
    }

    /// Scopes where printable keys are text, so global single-letter keys must not fire.
    fn takes_text(self) -> bool {
        matches!(
            self,
            Scope::Editor | Scope::Line | Scope::Form | Scope::Export | Scope::FromText
        )
    }

    /// Popups: only their own keys (and Ctrl-C) work until they close.
    fn is_popup(self) -> bool {
        self.takes_text() || self == Scope::Sources
    }
}

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    let has_ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    if ev.modifiers.contains(KeyModifiers::ALT) || has_ctrl != key.ctrl {
        return false;
    }
    match (key.code, ev.code) {
        // Terminals report Ctrl-R as 'r' with CONTROL; a few report 'R'. Letters compare exactly
        // otherwise, because `n` and `N` are different keys here.
        (KeyCode::Char(a), KeyCode::Char(b)) if key.ctrl => a.eq_ignore_ascii_case(&b),
        (a, b) => a == b,
    }
}

/// The binding of a key in a scope (its own bindings first, then the global ones).
pub fn lookup(scope: Scope, ev: &KeyEvent) -> Option<&'static Binding> {
    let own = BINDINGS
        .iter()
        .find(|b| b.scope == scope && b.keys.iter().any(|k| matches(k, ev)));
    own.or_else(|| {
        if scope.is_popup() {
            // In popups only Ctrl-C is global: in text fields letters are text.
            return BINDINGS.iter().find(|b| {
                b.scope == S::Global
                    && b.action == Message::Quit
                    && b.keys.iter().any(|k| matches(k, ev))
            });
        }
        BINDINGS
            .iter()
            .find(|b| b.scope == S::Global && b.keys.iter().any(|k| matches(k, ev)))
    })
}

/// Turns a terminal event into an action for `scope`; `None` for events that mean nothing there.
pub fn action_for(scope: Scope, event: &Event) -> Option<Message> {
    match event {
        Event::Key(ev) => {
            // Only presses: releases (and repeats, reported by some terminals) must not act twice.
            if ev.kind == KeyEventKind::Release {
                return None;
            }
            match lookup(scope, ev) {
                Some(binding) if binding.action == Message::RateDigit => match ev.code {
                    KeyCode::Char(c) => c.to_digit(10).map(|d| Message::Rate(i64::from(d))),
                    _ => None,
                },
                Some(binding) => Some(binding.action.clone()),
                None if scope.takes_text() => Some(Message::Input(*ev)),
                None => None,
            }
        }
        Event::Mouse(me) => match me.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Message::Click {
                col: me.column,
                row: me.row,
            }),
            MouseEventKind::ScrollUp => Some(Message::ScrollUp),
            MouseEventKind::ScrollDown => Some(Message::ScrollDown),
            _ => None,
        },
        Event::Paste(text) if scope.takes_text() => Some(Message::Paste(text.clone())),
        Event::Resize(width, height) => Some(Message::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// Turns one terminal event into the key events the user meant:
/// - Alt+letter is Esc then the letter, on every screen and in the editors too (terminals send Alt+x
///   as ESC x, so an Esc pressed quickly before another key arrives as one Alt key: `Esc j` in a note
///   closes the editor and moves down, rather than doing nothing). The editor's Emacs-style Alt keys
///   give way; Ctrl+Left / Ctrl+Right move by words;
/// - a bracketed paste goes to a text field whole, as one insert (to the from-text screen with its
///   line ends as sent, which it reads itself) (a newline is a new line in the
///   multi-line editor and a space in one-line fields, where Enter would submit); elsewhere it is
///   ignored rather than read as a storm of commands.
pub fn expand(scope: Scope, event: Event) -> Vec<Event> {
    match event {
        Event::Key(ev)
            if ev.modifiers == KeyModifiers::ALT && matches!(ev.code, KeyCode::Char(_)) =>
        {
            let esc = KeyEvent::new_with_kind(KeyCode::Esc, KeyModifiers::NONE, ev.kind);
            let letter = KeyEvent::new_with_kind(ev.code, KeyModifiers::NONE, ev.kind);
            vec![Event::Key(esc), Event::Key(letter)]
        }
        // The from-text screen takes a paste as one insert: a circular is read once, not per character.
        Event::Paste(text) if scope == Scope::FromText => vec![Event::Paste(text)],
        // Terminals send pasted line ends as CR, CRLF or LF.
        Event::Paste(text) if scope.takes_text() => {
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            let text = if scope == Scope::Editor {
                text
            } else {
                text.replace(['\n', '\t'], " ")
            };
            vec![Event::Paste(text)]
        }
        Event::Paste(_) => Vec::new(),
        other => vec![other],
    }
}

/// The name of a key as the help screen shows it (ASCII only: arrows are ambiguous-width symbols).
pub fn key_name(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) if key.ctrl => c.to_ascii_uppercase().to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        other => format!("{other:?}"),
    };
    if key.ctrl {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

/// All keys of a binding, as shown in the help: `k / Up`.
pub fn keys_label(binding: &Binding) -> String {
    match binding.label {
        Some(l) => l.to_string(),
        None => binding
            .keys
            .iter()
            .map(key_name)
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

/// The key hints of a scope, in table order: its own, then the global ones (not in popups); only
/// the bindings whose message `works` (a read-only view offers no editing keys).
pub fn hints(
    scope: Scope,
    works: impl Fn(&Message) -> bool,
) -> impl Iterator<Item = (String, &'static Msg)> {
    let own = BINDINGS.iter().filter(move |b| b.scope == scope);
    let global = BINDINGS
        .iter()
        .filter(move |b| b.scope == S::Global && !scope.is_popup());
    own.chain(global)
        .filter(move |b| works(&b.action))
        .filter_map(|b| {
            let first = match b.label {
                Some(l) => l.to_string(),
                None => b.keys.first().map(key_name)?,
            };
            b.hint.map(|h| (first, h))
        })
}
