//! What a key, a click or a resize means to the app, independent of which key produced it: the
//! message of the Elm pattern. (Not `session::Action`, which is a corrective measure.)

use crossterm::event::KeyEvent;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    // Moving.
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    PrevGroup,
    NextGroup,
    NextUnrated,
    // Rating. `RateDigit` stands in the key table for "the digit that was pressed".
    RateDigit,
    Rate(i64),
    NotApplicable,
    ClearRating,
    // Editing an item.
    EditManifestation,
    PickSources,
    AddAction,
    FocusActions,
    EditAction,
    EditDue,
    ToggleDone,
    DropAction,
    DeleteAction,
    MoveActionUp,
    MoveActionDown,
    ActionDetail,
    Undo,
    Redo,
    /// Take over a session another zicha held, once that one has let it go.
    TakeOver,
    // Finding.
    Search,
    NextMatch,
    PrevMatch,
    /// The next filter of the item list (problems, unrated, overdue actions, then all).
    CycleFilter,
    NoFilter,
    // Screens.
    Causes,
    EditCause,
    ToggleLang,
    Help,
    Back,
    Quit,
    // Home.
    Open,
    New,
    NewFrom,
    Export,
    Mark,
    Compare,
    Trend,
    NewChecklist,
    Unit,
    /// On the Unit screen: ask for a roster file.
    Roster,
    // Popups and forms.
    Submit,
    Cancel,
    NextField,
    PrevField,
    Left,
    Right,
    Toggle,
    Input(KeyEvent),
    /// A bracketed paste into a text field, line ends already made `\n`: inserted as one edit.
    Paste(String),
    // Mouse and terminal.
    Click {
        col: u16,
        row: u16,
    },
    ScrollUp,
    ScrollDown,
    Resize {
        width: u16,
        height: u16,
    },
}

impl Message {
    /// Messages that change the session: refused on a read-only session, and kept out of its key
    /// bar and help.
    pub fn edits(&self) -> bool {
        matches!(
            self,
            Message::Rate(_)
                | Message::RateDigit
                | Message::NotApplicable
                | Message::ClearRating
                | Message::EditManifestation
                | Message::PickSources
                | Message::AddAction
                | Message::EditAction
                | Message::EditDue
                | Message::ToggleDone
                | Message::DropAction
                | Message::DeleteAction
                | Message::MoveActionUp
                | Message::MoveActionDown
                | Message::ActionDetail
                | Message::Undo
                | Message::Redo
                | Message::EditCause
        )
    }
}
