//! The overlays: one popup at a time over any screen (a text field, the sources picker, the
//! new-session form, the export form). Their state lives here, apart from the screens under them.

use ratatui_textarea::{CursorMove, TextArea};

use super::editor::Editor;

use crate::report::export::Format;
use crate::session::Session;

/// What a one-line or multi-line text popup edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    Manifestation {
        item: usize,
    },
    Cause {
        index: usize,
    },
    /// The session's preface, first on the causes screen.
    Preface,
    /// `index` is `None` until the first character creates the action.
    ActionText {
        item: usize,
        index: Option<usize>,
    },
    Due {
        item: usize,
        index: usize,
    },
    DropReason {
        item: usize,
        index: usize,
    },
    /// The day an action was done, asked when it is marked done.
    DoneOn {
        item: usize,
        index: usize,
    },
    /// One field of an action's ledger (the detail form, one field after another).
    Detail {
        item: usize,
        index: usize,
        field: DetailField,
    },
    /// Search from the item selected when `/` was pressed (restored on `Esc`).
    Search {
        from: usize,
    },
    /// The roster file of the Unit screen.
    Roster,
}

/// The ledger fields of an action, in the order the detail form asks for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailField {
    Owner,
    Target,
    Progress,
    Outcome,
    Evidence,
    VerifiedBy,
    VerifiedOn,
}

impl DetailField {
    pub const ALL: [DetailField; 7] = [
        DetailField::Owner,
        DetailField::Target,
        DetailField::Progress,
        DetailField::Outcome,
        DetailField::Evidence,
        DetailField::VerifiedBy,
        DetailField::VerifiedOn,
    ];

    pub fn next(self) -> Option<DetailField> {
        let i = Self::ALL.iter().position(|f| *f == self)?;
        Self::ALL.get(i + 1).copied()
    }

    /// The field's current text in `action` (the progress field always starts empty: it adds).
    pub fn text_of(self, action: &crate::session::Action) -> String {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        match self {
            DetailField::Owner => opt(&action.owner),
            DetailField::Target => opt(&action.target),
            DetailField::Progress => String::new(),
            DetailField::Outcome => opt(&action.outcome),
            DetailField::Evidence => action.evidence.join("; "),
            DetailField::VerifiedBy => opt(&action.verified_by),
            DetailField::VerifiedOn => action
                .verified_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }
}

impl TextKind {
    pub fn multiline(self) -> bool {
        matches!(
            self,
            TextKind::Manifestation { .. } | TextKind::Cause { .. } | TextKind::Preface
        )
    }
}

pub struct TextEdit {
    pub kind: TextKind,
    pub area: Editor,
    /// An inline error (a bad due date); the typed text stays.
    pub error: Option<String>,
    /// The text when the field was opened, for `Esc` on a one-line field (typing is saved live).
    pub original: String,
}

impl TextEdit {
    pub fn new(kind: TextKind, text: &str) -> TextEdit {
        TextEdit {
            kind,
            area: Editor::new(text),
            error: None,
            original: text.to_string(),
        }
    }

    pub fn text(&self) -> String {
        self.area.text()
    }
}

/// The new-session form: checklist, label, respondent name, unit.
pub struct NewForm {
    pub checklist: usize,
    pub fields: [TextArea<'static>; 3],
    /// 0 = the checklist chooser, 1..=3 the text fields.
    pub focus: usize,
    pub error: Option<String>,
}

/// The export popup: a format chooser, the file name and the folder, and the full path they make,
/// shown before anything is written. The session is a copy taken when the popup opened, so that
/// what is written is what was on screen.
pub struct ExportForm {
    pub session: Session,
    pub format: Format,
    pub name: TextArea<'static>,
    pub dir: TextArea<'static>,
    /// 0 = the format chooser, 1 = the file name, 2 = the folder.
    pub focus: usize,
    pub error: Option<String>,
    /// The path exists and the user was told so: the next `Enter` replaces it.
    pub confirm: bool,
    /// The typed folder did not exist and the user was told so: the next `Enter` creates it, if the
    /// folder is still this one.
    pub make_dir: Option<std::path::PathBuf>,
}

impl ExportForm {
    pub fn name_text(&self) -> String {
        self.name.lines().join("")
    }

    pub fn dir_text(&self) -> String {
        self.dir.lines().join("")
    }

    /// The folder as typed, `~` expanded; empty is the current directory.
    pub fn folder(&self) -> std::path::PathBuf {
        super::reports::expand_home(self.dir_text().trim())
    }

    /// Where the export goes: the name in the folder (a name that is a path of its own, absolute or
    /// from `~`, stands alone), made absolute so the popup shows exactly where.
    pub fn target(&self) -> std::path::PathBuf {
        let name = self.name_text();
        let name = name.trim();
        let path = if name.starts_with('~') {
            super::reports::expand_home(name)
        } else {
            self.folder().join(name)
        };
        std::path::absolute(&path).unwrap_or(path)
    }

    /// The target as text (what the popup shows and the tests read).
    pub fn path_text(&self) -> String {
        self.target().display().to_string()
    }
}

// One popup at a time lives in the app; its size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Popup {
    Text(TextEdit),
    Sources { cursor: usize },
    NewSession(NewForm),
    Export(ExportForm),
}

/// A one-line text field for forms (`Enter` never reaches it: it submits the form).
pub fn line_field(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![text.to_string()]);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.move_cursor(CursorMove::End);
    area
}

/// A fresh new-session form, preselecting `checklist`, with the settings' name and unit filled in.
pub fn new_form(app: &super::app::App, checklist: usize) -> NewForm {
    let name = app.default_name.as_deref().unwrap_or("");
    let unit = app.default_unit.as_deref().unwrap_or("");
    NewForm {
        checklist,
        fields: [line_field(""), line_field(name), line_field(unit)],
        focus: 1,
        error: None,
    }
}
