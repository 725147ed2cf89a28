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
        }
    }

    /// Scopes where printable keys are text, so global single-letter keys must not fire.
    fn takes_text(self) -> bool {
        matches!(
            self,
            Scope::Editor | Scope::Line | Scope::Form | Scope::Export
        )
    }

    /// Popups: only their own keys (and Ctrl-C) work until they close.
    fn is_popup(self) -> bool {
        self.takes_text() || self == Scope::Sources
    }
}

/// A key with the modifiers that matter (Shift is part of the character for letters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    /// Shown instead of the key names when a list of keys reads badly (the ten digits).
    pub label: Option<&'static str>,
    pub action: Message,
    pub help: &'static Msg,
    /// A short name for the key-hint line at the bottom of the screen; `None` keeps it out of there.
    pub hint: Option<&'static Msg>,
}

impl Binding {
    const fn hint(mut self, short: &'static Msg) -> Binding {
        self.hint = Some(short);
        self
    }
}

const fn b(scope: Scope, keys: &'static [Key], action: Message, help: &'static Msg) -> Binding {
    Binding {
        scope,
        keys,
        label: None,
        action,
        help,
        hint: None,
    }
}

const DIGITS: &[Key] = &[
    k('0'),
    k('1'),
    k('2'),
    k('3'),
    k('4'),
    k('5'),
    k('6'),
    k('7'),
    k('8'),
    k('9'),
];

use KeyCode::{
    BackTab, Backspace, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};
use Scope as S;

/// Every key of every screen, in the order the help screen lists them.
pub const BINDINGS: &[Binding] = &[
    b(S::Global, &[k('?')], Message::Help, &m::KEY_HELP).hint(&m::HINT_HELP),
    b(S::Global, &[k('L')], Message::ToggleLang, &m::KEY_LANG).hint(&m::HINT_LANG),
    b(S::Global, &[ctrl('c')], Message::Quit, &m::KEY_QUIT_NOW),
    b(S::Home, &[code(Up), k('k')], Message::Up, &m::KEY_PREV_ROW),
    b(
        S::Home,
        &[code(Down), k('j')],
        Message::Down,
        &m::KEY_NEXT_ROW,
    ),
    b(S::Home, &[code(PageUp)], Message::PageUp, &m::KEY_PAGE_UP),
    b(
        S::Home,
        &[code(PageDown)],
        Message::PageDown,
        &m::KEY_PAGE_DOWN,
    ),
    b(
        S::Home,
        &[k('g'), code(Home)],
        Message::First,
        &m::KEY_FIRST,
    ),
    b(S::Home, &[k('G'), code(End)], Message::Last, &m::KEY_LAST),
    b(S::Home, &[code(Enter)], Message::Open, &m::KEY_OPEN).hint(&m::HINT_OPEN),
    b(S::Home, &[k('n')], Message::New, &m::KEY_NEW).hint(&m::HINT_NEW),
    b(S::Home, &[k('e')], Message::Export, &m::KEY_EXPORT).hint(&m::HINT_EXPORT),
    b(S::Home, &[k('v'), k(' ')], Message::Mark, &m::KEY_MARK).hint(&m::HINT_MARK),
    b(S::Home, &[k('c')], Message::Compare, &m::KEY_COMPARE).hint(&m::HINT_COMPARE),
    b(S::Home, &[k('t')], Message::Trend, &m::KEY_TREND).hint(&m::HINT_TREND),
    b(S::Home, &[k('q'), code(Esc)], Message::Quit, &m::KEY_QUIT).hint(&m::HINT_QUIT),
    b(S::Fill, &[code(Up), k('k')], Message::Up, &m::KEY_PREV_ITEM),
    b(
        S::Fill,
        &[code(Down), k('j')],
        Message::Down,
        &m::KEY_NEXT_ITEM,
    ),
    b(S::Fill, &[code(PageUp)], Message::PageUp, &m::KEY_PAGE_UP),
    b(
        S::Fill,
        &[code(PageDown)],
        Message::PageDown,
        &m::KEY_PAGE_DOWN,
    ),
    b(
        S::Fill,
        &[k('g'), code(Home)],
        Message::First,
        &m::KEY_FIRST_ITEM,
    ),
    b(
        S::Fill,
        &[k('G'), code(End)],
        Message::Last,
        &m::KEY_LAST_ITEM,
    ),
    b(S::Fill, &[k('[')], Message::PrevGroup, &m::KEY_PREV_GROUP),
    b(S::Fill, &[k(']')], Message::NextGroup, &m::KEY_NEXT_GROUP),
    b(
        S::Fill,
        &[code(Tab)],
        Message::NextUnrated,
        &m::KEY_NEXT_UNRATED,
    )
    .hint(&m::HINT_NEXT_UNRATED),
    Binding {
        scope: S::Fill,
        keys: DIGITS,
        label: Some("0-9"),
        action: Message::RateDigit,
        help: &m::KEY_RATE,
        hint: Some(&m::HINT_RATE),
    },
    b(S::Fill, &[k('-')], Message::NotApplicable, &m::KEY_NA),
    b(
        S::Fill,
        &[code(Backspace)],
        Message::ClearRating,
        &m::KEY_CLEAR,
    ),
    b(
        S::Fill,
        &[k('m')],
        Message::EditManifestation,
        &m::KEY_MANIFESTATION,
    )
    .hint(&m::HINT_MANIFESTATION),
    b(S::Fill, &[k('s')], Message::PickSources, &m::KEY_SOURCES).hint(&m::HINT_SOURCES),
    b(S::Fill, &[k('a')], Message::AddAction, &m::KEY_ADD_ACTION).hint(&m::HINT_ADD_ACTION),
    b(
        S::Fill,
        &[code(Enter), code(Right), k('l')],
        Message::FocusActions,
        &m::KEY_FOCUS_ACTIONS,
    )
    .hint(&m::HINT_ACTIONS),
    b(S::Fill, &[k('u')], Message::Undo, &m::KEY_UNDO).hint(&m::HINT_UNDO),
    b(S::Fill, &[ctrl('r')], Message::Redo, &m::KEY_REDO),
    b(S::Fill, &[k('/')], Message::Search, &m::KEY_SEARCH).hint(&m::HINT_SEARCH),
    b(S::Fill, &[k('n')], Message::NextMatch, &m::KEY_NEXT_MATCH),
    b(S::Fill, &[k('N')], Message::PrevMatch, &m::KEY_PREV_MATCH),
    b(S::Fill, &[k('C')], Message::Causes, &m::KEY_CAUSES).hint(&m::HINT_CAUSES),
    b(S::Fill, &[k('e')], Message::Export, &m::KEY_EXPORT),
    b(
        S::Fill,
        &[k('q'), code(Esc)],
        Message::Back,
        &m::KEY_BACK_HOME,
    )
    .hint(&m::HINT_BACK),
    b(
        S::Actions,
        &[code(Up), k('k')],
        Message::Up,
        &m::KEY_PREV_ACTION,
    ),
    b(
        S::Actions,
        &[code(Down), k('j')],
        Message::Down,
        &m::KEY_NEXT_ACTION,
    ),
    b(
        S::Actions,
        &[code(Enter)],
        Message::EditAction,
        &m::KEY_EDIT_ACTION,
    )
    .hint(&m::HINT_EDIT),
    b(S::Actions, &[k('d')], Message::EditDue, &m::KEY_EDIT_DUE).hint(&m::HINT_DUE),
    b(S::Actions, &[k('x')], Message::ToggleDone, &m::KEY_DONE).hint(&m::HINT_DONE),
    b(S::Actions, &[k('D')], Message::DropAction, &m::KEY_DROP).hint(&m::HINT_DROP),
    b(
        S::Actions,
        &[k('a')],
        Message::AddAction,
        &m::KEY_ADD_ACTION,
    )
    .hint(&m::HINT_ADD_ACTION),
    b(S::Actions, &[k('u')], Message::Undo, &m::KEY_UNDO).hint(&m::HINT_UNDO),
    b(S::Actions, &[ctrl('r')], Message::Redo, &m::KEY_REDO),
    b(
        S::Actions,
        &[code(Esc), code(Left), k('h'), k('q')],
        Message::Back,
        &m::KEY_BACK_ITEMS,
    )
    .hint(&m::HINT_BACK),
    b(
        S::Causes,
        &[code(Up), k('k')],
        Message::Up,
        &m::KEY_PREV_CAUSE,
    ),
    b(
        S::Causes,
        &[code(Down), k('j')],
        Message::Down,
        &m::KEY_NEXT_CAUSE,
    ),
    b(
        S::Causes,
        &[code(Enter), k('m')],
        Message::EditCause,
        &m::KEY_EDIT_CAUSE,
    )
    .hint(&m::HINT_EDIT),
    b(S::Causes, &[k('u')], Message::Undo, &m::KEY_UNDO).hint(&m::HINT_UNDO),
    b(S::Causes, &[ctrl('r')], Message::Redo, &m::KEY_REDO),
    b(
        S::Causes,
        &[k('q'), code(Esc), k('C')],
        Message::Back,
        &m::KEY_BACK_FILL,
    )
    .hint(&m::HINT_BACK),
    b(S::Help, &[code(Up), k('k')], Message::Up, &m::KEY_SCROLL_UP),
    b(
        S::Help,
        &[code(Down), k('j')],
        Message::Down,
        &m::KEY_SCROLL_DOWN,
    ),
    b(S::Help, &[code(PageUp)], Message::PageUp, &m::KEY_PAGE_UP),
    b(
        S::Help,
        &[code(PageDown)],
        Message::PageDown,
        &m::KEY_PAGE_DOWN,
    ),
    b(S::Help, &[k('q'), code(Esc)], Message::Back, &m::KEY_BACK).hint(&m::HINT_BACK),
    b(
        S::Compare,
        &[code(Up), k('k')],
        Message::Up,
        &m::KEY_SCROLL_UP,
    ),
    b(
        S::Compare,
        &[code(Down), k('j')],
        Message::Down,
        &m::KEY_SCROLL_DOWN,
    )
    .hint(&m::HINT_SCROLL),
    b(
        S::Compare,
        &[code(PageUp)],
        Message::PageUp,
        &m::KEY_PAGE_UP,
    ),
    b(
        S::Compare,
        &[code(PageDown)],
        Message::PageDown,
        &m::KEY_PAGE_DOWN,
    ),
    b(
        S::Compare,
        &[k('g'), code(Home)],
        Message::First,
        &m::KEY_TOP,
    ),
    b(
        S::Compare,
        &[k('G'), code(End)],
        Message::Last,
        &m::KEY_BOTTOM,
    ),
    b(
        S::Compare,
        &[k('q'), code(Esc)],
        Message::Back,
        &m::KEY_BACK_HOME,
    )
    .hint(&m::HINT_BACK),
    b(
        S::Trend,
        &[code(Up), k('k')],
        Message::Up,
        &m::KEY_SCROLL_UP,
    ),
    b(
        S::Trend,
        &[code(Down), k('j')],
        Message::Down,
        &m::KEY_SCROLL_DOWN,
    )
    .hint(&m::HINT_SCROLL),
    b(S::Trend, &[code(PageUp)], Message::PageUp, &m::KEY_PAGE_UP),
    b(
        S::Trend,
        &[code(PageDown)],
        Message::PageDown,
        &m::KEY_PAGE_DOWN,
    ),
    b(S::Trend, &[k('g'), code(Home)], Message::First, &m::KEY_TOP),
    b(
        S::Trend,
        &[k('G'), code(End)],
        Message::Last,
        &m::KEY_BOTTOM,
    ),
    b(
        S::Trend,
        &[k('q'), code(Esc)],
        Message::Back,
        &m::KEY_BACK_HOME,
    )
    .hint(&m::HINT_BACK),
    b(
        S::Editor,
        &[code(Esc)],
        Message::Submit,
        &m::KEY_EDITOR_DONE,
    )
    .hint(&m::HINT_DONE_EDITING),
    b(S::Line, &[code(Enter)], Message::Submit, &m::KEY_LINE_OK).hint(&m::HINT_OK),
    b(S::Line, &[code(Esc)], Message::Cancel, &m::KEY_LINE_CANCEL).hint(&m::HINT_CANCEL),
    b(
        S::Sources,
        &[code(Up), k('k')],
        Message::Up,
        &m::KEY_PREV_ROW,
    ),
    b(
        S::Sources,
        &[code(Down), k('j')],
        Message::Down,
        &m::KEY_NEXT_ROW,
    ),
    b(
        S::Sources,
        &[k(' '), k('x')],
        Message::Toggle,
        &m::KEY_TOGGLE_SOURCE,
    )
    .hint(&m::HINT_TOGGLE),
    b(
        S::Sources,
        &[code(Enter), code(Esc), k('q')],
        Message::Back,
        &m::KEY_CLOSE,
    )
    .hint(&m::HINT_CLOSE),
    b(
        S::Form,
        &[code(Tab), code(Down)],
        Message::NextField,
        &m::KEY_NEXT_FIELD,
    )
    .hint(&m::HINT_NEXT_FIELD),
    b(
        S::Form,
        &[code(BackTab), code(Up)],
        Message::PrevField,
        &m::KEY_PREV_FIELD,
    ),
    b(S::Form, &[code(Left)], Message::Left, &m::KEY_FORM_LEFT),
    b(S::Form, &[code(Right)], Message::Right, &m::KEY_FORM_RIGHT),
    b(S::Form, &[code(Enter)], Message::Submit, &m::KEY_CREATE).hint(&m::HINT_CREATE),
    b(S::Form, &[code(Esc)], Message::Cancel, &m::KEY_LINE_CANCEL).hint(&m::HINT_CANCEL),
    b(
        S::Export,
        &[code(Tab), code(Down)],
        Message::NextField,
        &m::KEY_NEXT_FIELD,
    ),
    b(
        S::Export,
        &[code(BackTab), code(Up)],
        Message::PrevField,
        &m::KEY_PREV_FIELD,
    ),
    b(S::Export, &[code(Left)], Message::Left, &m::KEY_EXPORT_LEFT),
    b(
        S::Export,
        &[code(Right)],
        Message::Right,
        &m::KEY_EXPORT_RIGHT,
    )
    .hint(&m::HINT_FORMAT),
    b(
        S::Export,
        &[code(Enter)],
        Message::Submit,
        &m::KEY_EXPORT_WRITE,
    )
    .hint(&m::HINT_WRITE),
    b(
        S::Export,
        &[code(Esc)],
        Message::Cancel,
        &m::KEY_LINE_CANCEL,
    )
    .hint(&m::HINT_CANCEL),
];

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
                Some(binding) => Some(binding.action),
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
        Event::Resize(width, height) => Some(Message::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// Turns one terminal event into the key events the user meant:
/// - outside text fields, Alt+letter is Esc then the letter (terminals send Alt+x as ESC x, so an Esc
///   pressed quickly before another key arrives as one Alt key);
/// - a bracketed paste is typed into a text field character by character (a newline is a new line in
///   the multi-line editor and a space in one-line fields, where Enter would submit); elsewhere it is
///   ignored rather than read as a storm of commands.
pub fn expand(scope: Scope, event: Event) -> Vec<Event> {
    let key = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    match event {
        Event::Key(ev)
            if !scope.takes_text()
                && ev.modifiers == KeyModifiers::ALT
                && matches!(ev.code, KeyCode::Char(_)) =>
        {
            let esc = KeyEvent::new_with_kind(KeyCode::Esc, KeyModifiers::NONE, ev.kind);
            let letter = KeyEvent::new_with_kind(ev.code, KeyModifiers::NONE, ev.kind);
            vec![Event::Key(esc), Event::Key(letter)]
        }
        // Terminals send pasted line ends as CR, CRLF or LF.
        Event::Paste(text) if scope.takes_text() => text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .map(|c| match c {
                '\n' if scope == Scope::Editor => key(KeyCode::Enter),
                '\n' | '\t' => key(KeyCode::Char(' ')),
                c => key(KeyCode::Char(c)),
            })
            .collect(),
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

/// The key hints of a scope, in table order: its own, then the global ones (not in popups).
pub fn hints(scope: Scope) -> impl Iterator<Item = (String, &'static Msg)> {
    let own = BINDINGS.iter().filter(move |b| b.scope == scope);
    let global = BINDINGS
        .iter()
        .filter(move |b| b.scope == S::Global && !scope.is_popup());
    own.chain(global).filter_map(|b| {
        let first = match b.label {
            Some(l) => l.to_string(),
            None => b.keys.first().map(key_name)?,
        };
        b.hint.map(|h| (first, h))
    })
}
