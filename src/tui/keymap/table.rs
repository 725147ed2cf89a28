//! The key table itself: every binding of every scope, in the order the help screen lists them.
//! `keymap` looks keys up in it; nothing else decides what a key does.

use crossterm::event::KeyCode;

use super::Scope;
use crate::i18n::Msg;
use crate::messages::from_text as ft;
use crate::messages::home as hm;
use crate::messages::tui as m;
use crate::tui::message::Message;

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
    BackTab, Backspace, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
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
    // Listed on the help screen; the hint line keeps room for "? help" at 80 columns.
    b(S::Home, &[k('N')], Message::NewFrom, &m::KEY_NEW_FROM),
    b(S::Home, &[k('e')], Message::Export, &m::KEY_EXPORT).hint(&m::HINT_EXPORT),
    b(S::Home, &[k('v'), k(' ')], Message::Mark, &m::KEY_MARK).hint(&m::HINT_MARK),
    b(S::Home, &[k('c')], Message::Compare, &m::KEY_COMPARE).hint(&m::HINT_COMPARE),
    b(S::Home, &[k('t')], Message::Trend, &m::KEY_TREND).hint(&m::HINT_TREND),
    b(S::Home, &[k('p')], Message::NewChecklist, &ft::KEY_OPEN),
    // Listed on the help screen; the hint line keeps room for "? help" at 80 columns.
    b(S::Home, &[k('u')], Message::Unit, &m::KEY_UNIT),
    b(S::Home, &[k('q'), code(Esc)], Message::Quit, &m::KEY_QUIT).hint(&m::HINT_QUIT),
    b(S::Unit, &[code(Up), k('k')], Message::Up, &m::KEY_PREV_ITEM),
    b(
        S::Unit,
        &[code(Down), k('j')],
        Message::Down,
        &m::KEY_NEXT_ITEM,
    ),
    b(S::Unit, &[code(PageUp)], Message::PageUp, &m::KEY_PAGE_UP),
    b(
        S::Unit,
        &[code(PageDown)],
        Message::PageDown,
        &m::KEY_PAGE_DOWN,
    ),
    b(S::Unit, &[k('g'), code(Home)], Message::First, &m::KEY_TOP),
    b(S::Unit, &[k('G'), code(End)], Message::Last, &m::KEY_BOTTOM),
    b(S::Unit, &[code(Enter)], Message::Open, &m::KEY_UNIT_WHO).hint(&m::HINT_UNIT_WHO),
    b(S::Unit, &[k('r')], Message::Roster, &m::KEY_UNIT_ROSTER).hint(&m::HINT_UNIT_ROSTER),
    b(
        S::Unit,
        &[k('q'), code(Esc)],
        Message::Back,
        &m::KEY_BACK_HOME,
    )
    .hint(&m::HINT_BACK),
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
    b(S::Fill, &[k('f')], Message::CycleFilter, &m::KEY_FILTER).hint(&m::HINT_FILTER),
    b(S::Fill, &[k('F')], Message::NoFilter, &m::KEY_NO_FILTER),
    b(S::Fill, &[k('C')], Message::Causes, &m::KEY_CAUSES).hint(&m::HINT_CAUSES),
    b(S::Fill, &[k('e')], Message::Export, &m::KEY_EXPORT),
    // Only on a read-only view whose writer has closed the session (see `App::key_works`).
    b(S::Fill, &[k('t')], Message::TakeOver, &hm::KEY_TAKE_OVER).hint(&hm::HINT_TAKE_OVER),
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
        &[k('i')],
        Message::ActionDetail,
        &m::KEY_ACTION_DETAIL,
    ),
    b(
        S::Actions,
        &[code(Delete), k('X')],
        Message::DeleteAction,
        &m::KEY_DELETE_ACTION,
    ),
    b(
        S::Actions,
        &[k('K')],
        Message::MoveActionUp,
        &m::KEY_MOVE_ACTION_UP,
    ),
    b(
        S::Actions,
        &[k('J')],
        Message::MoveActionDown,
        &m::KEY_MOVE_ACTION_DOWN,
    ),
    b(
        S::Actions,
        &[k('a')],
        Message::AddAction,
        &m::KEY_ADD_ACTION,
    )
    .hint(&m::HINT_ADD_ACTION),
    b(S::Actions, &[k('u')], Message::Undo, &m::KEY_UNDO).hint(&m::HINT_UNDO),
    b(S::Actions, &[ctrl('r')], Message::Redo, &m::KEY_REDO),
    b(S::Actions, &[k('t')], Message::TakeOver, &hm::KEY_TAKE_OVER).hint(&hm::HINT_TAKE_OVER),
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
    b(S::Causes, &[k('t')], Message::TakeOver, &hm::KEY_TAKE_OVER).hint(&hm::HINT_TAKE_OVER),
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
    b(S::FromText, &[ctrl('s')], Message::Submit, &ft::KEY_SAVE).hint(&ft::HINT_SAVE),
    b(
        S::FromText,
        &[code(Tab), code(BackTab)],
        Message::NextField,
        &ft::KEY_FIELD,
    )
    .hint(&ft::HINT_FIELD),
    b(
        S::FromText,
        &[code(PageUp)],
        Message::PageUp,
        &ft::KEY_PREVIEW_UP,
    ),
    b(
        S::FromText,
        &[code(PageDown)],
        Message::PageDown,
        &ft::KEY_PREVIEW_DOWN,
    )
    .hint(&ft::HINT_PREVIEW),
    b(S::FromText, &[code(Esc)], Message::Cancel, &ft::KEY_CANCEL).hint(&ft::HINT_BACK),
];
