//! The one state of the TUI: which screen is up, the open session and its history, popups, status.
//!
//! `update` changes it, `view` only reads it. Saving lives here because every change goes through
//! [`App::persist`]: a durable write after each change, its outcome shown in the status line.

use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, NaiveDate};

pub use super::home::{BrokenChecklist, Home, HomeRow};
use super::keymap::Scope;
pub use super::popup::{
    DetailField, ExportForm, NewForm, Popup, TextEdit, TextKind, line_field, new_form,
};
pub use super::watch::FileStamp;
use crate::checklist::Checklist;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::report::diff::Diff;
use crate::report::export::Format;
use crate::report::trend::Trend;
use crate::session::edit::{Edit, History};
use crate::session::store::SessionLock;
use crate::session::{Field, Position, Session, Store};

/// The smallest terminal the layout is made for (SPEC §4).
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Which screen is up, with the state only that screen has: a Compare screen cannot exist without
/// its diff, nor help without the screen it returns to. Popups are apart (`App::popup`).
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    Home,
    Fill,
    Causes,
    /// `back` is the screen under the help (kept whole, so a Compare screen comes back as it was).
    Help {
        back: Box<Screen>,
        scroll: u16,
    },
    Compare(CompareView),
    Trend(TrendView),
    /// A new checklist from a circular's pasted text (`App::from_text` holds the form, kept after
    /// `Esc` so that the pasted text is not lost).
    FromText,
    Unit(UnitView),
}

/// The outcome of the last save, shown in the status line.
#[derive(Clone, Debug)]
pub enum SaveState {
    /// Nothing changed since the session was opened.
    Clean,
    Saved,
    /// The save failed; everything is still in memory and the next change retries. The error is
    /// kept as the error and rendered when drawn, so it follows a language switch.
    Failed(Rc<Error>),
    /// Another zicha (process `pid`, if known) holds the session: view only, never written.
    ReadOnly {
        pid: Option<u32>,
    },
    /// The user made the session file read-only (`chmod a-w`): view only, never replaced.
    ReadOnlyFile,
    /// The data dir is on a read-only file system (the lock file cannot be made): view only.
    ReadOnlyFs,
}

impl PartialEq for SaveState {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (SaveState::Clean, SaveState::Clean) | (SaveState::Saved, SaveState::Saved) => true,
            (SaveState::Failed(a), SaveState::Failed(b)) => a.to_string() == b.to_string(),
            (SaveState::ReadOnly { pid: a }, SaveState::ReadOnly { pid: b }) => a == b,
            (SaveState::ReadOnlyFile, SaveState::ReadOnlyFile)
            | (SaveState::ReadOnlyFs, SaveState::ReadOnlyFs) => true,
            _ => false,
        }
    }
}

/// One row of the fill screen's item list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    Group(usize),
    Item { item: usize, group: usize },
}

/// The session open for filling in.
pub struct Doc {
    pub session: Session,
    /// The format the file had on disk, so that the store keeps a `.bak` when it upgrades it.
    pub format: u32,
    pub history: History,
    pub save: SaveState,
    _lock: Option<SessionLock>,
    pub rows: Vec<Row>,
    /// Row index of each item.
    pub item_rows: Vec<usize>,
    /// Group index of each item.
    pub item_group: Vec<usize>,
    /// The session this one was carried forward from, if readable: the fill screen shows each
    /// item's previous rating and note as a reference (re-examine, don't copy).
    pub previous: Option<Box<Session>>,
    /// What the session file looked like when it was read (a read-only view reloads when it changes).
    pub stamp: Option<FileStamp>,
    /// Read-only because another zicha held the lock, and that lock is now free: `t` takes over.
    pub lock_free: bool,
}

impl Doc {
    pub fn new(session: Session, format: u32, lock: Option<SessionLock>, save: SaveState) -> Doc {
        let mut rows = Vec::new();
        let mut item_rows = Vec::new();
        let mut item_group = Vec::new();
        for (g, group) in session.checklist.groups.iter().enumerate() {
            rows.push(Row::Group(g));
            for _ in &group.items {
                item_rows.push(rows.len());
                item_group.push(g);
                rows.push(Row::Item {
                    item: item_rows.len() - 1,
                    group: g,
                });
            }
        }
        Doc {
            session,
            format,
            history: History::default(),
            save,
            _lock: lock,
            rows,
            item_rows,
            item_group,
            previous: None,
            stamp: None,
            lock_free: false,
        }
    }

    /// Last time's answer for item `i` of this session (matched by item id), if there was one.
    pub fn previous_answer(&self, i: usize) -> Option<(&Session, &crate::session::Answer)> {
        let prev = self.previous.as_deref()?;
        let item = &self.session.answers.get(i)?.item;
        Some((prev, prev.answer(item)?))
    }

    pub fn read_only(&self) -> bool {
        matches!(
            self.save,
            SaveState::ReadOnly { .. } | SaveState::ReadOnlyFile | SaveState::ReadOnlyFs
        )
    }

    /// Replaces the session with a newer copy of the same file (a read-only view following the
    /// writer): the rows are the checklist's, which a session never changes; the history starts over.
    pub fn reload(&mut self, session: Session, format: u32) {
        let previous = self.previous.take();
        let (stamp, lock_free, save) = (self.stamp.take(), self.lock_free, self.save.clone());
        let lock = self._lock.take();
        *self = Doc::new(session, format, lock, save);
        self.previous = previous;
        self.stamp = stamp;
        self.lock_free = lock_free;
    }

    /// Holds the session's lock from now on: this view has become the writer.
    pub fn set_lock(&mut self, lock: SessionLock) {
        self._lock = Some(lock);
    }

    /// Read-only because another zicha holds (or held) the lock, not because of the file's mode.
    pub fn held_elsewhere(&self) -> bool {
        matches!(self.save, SaveState::ReadOnly { .. })
    }

    pub fn items(&self) -> usize {
        self.item_rows.len()
    }

    pub fn item(&self, i: usize) -> Option<&crate::checklist::Item> {
        self.session.checklist.items().nth(i).map(|(_, item)| item)
    }
}

/// Where focus is on the fill screen: the item list, or one of the selected item's actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Items,
    Actions(usize),
}

/// The Compare screen: the diff of two sessions, rendered in the current language when drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareView {
    pub diff: Diff,
    /// First line shown; clamped to the text when drawn.
    pub scroll: usize,
}

/// The Trend screen: one checklist over its sessions; `scroll` moves the table of items that moved.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendView {
    pub trend: Trend,
    pub scroll: usize,
}

/// The Unit screen: the latest session of each respondent of one checklist (`zicha unit`), the
/// items ranked by flagged count; `who` is true while the selected item's respondents are shown.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitView {
    pub unit: crate::report::unit::Unit,
    pub sel: usize,
    pub who: bool,
    pub scroll: usize,
    /// The roster given for this view, if any.
    pub roster: Option<PathBuf>,
}

pub struct App {
    pub lang: Lang,
    /// The time of the event being handled. The event loop reads the clock once per event and sets
    /// it (see `tui::run`); nothing in the TUI reads the clock itself, so a TUI left open past
    /// midnight dates what is done by the new day.
    pub now: DateTime<FixedOffset>,
    /// Always a real store: tests give the app one in a temp dir.
    pub store: Store,
    pub checklists: Vec<Checklist>,
    /// The "new checklist from text" form; kept after `Esc` so that the pasted text is not lost.
    pub from_text: Option<super::from_text::FromTextForm>,
    pub screen: Screen,
    pub home: Home,
    /// The first frame's session list came straight from the index, its files not checked yet:
    /// `App::check_home` checks them right after that frame is drawn (see `App::load_home_quick`).
    pub unverified: Option<crate::session::index::Unverified>,
    pub doc: Option<Doc>,
    /// The directory the export popup offers (empty: the current directory, as a bare file name).
    /// After an export it is where that one went, so a series of exports lands together.
    pub export_dir: PathBuf,
    /// The export folder of the settings (or zicha's default, see `config::default_export_dir`):
    /// created (0700) when an export is written into it and it does not exist yet. Any other
    /// folder must exist.
    pub export_home: Option<PathBuf>,
    /// User checklist files that could not be loaded, listed on Home with their problems.
    pub broken: Vec<BrokenChecklist>,
    /// The session last opened: Home selects it when it comes back (a new one included).
    pub last_opened: Option<String>,
    /// The format the export popup offers first: the last one used.
    pub export_format: Format,
    /// Selected item on the fill screen (index into the answers).
    pub sel: usize,
    pub focus: Focus,
    pub cause_sel: usize,
    pub popup: Option<Popup>,
    pub last_search: String,
    /// Which items the fill screen's list shows (`None`: all), see `tui::itemlist`.
    pub filter: Option<super::itemlist::Filter>,
    /// The first row of the fill screen's list as last drawn: kept while the selection is in view,
    /// so that a click does not scroll the list under the pointer (`itemlist::scroll`).
    pub list_top: usize,
    /// `NO_COLOR` is set: the screen is drawn without colours (bold and reverse only).
    pub no_color: bool,
    /// Rows of the status area in the frame the user saw when the current message came (set by
    /// `update`), so that a click or a page is measured against what is on screen.
    pub status_rows: u16,
    /// The action a first Delete asked to delete: a second Delete on it deletes it.
    pub pending_delete: Option<(usize, usize)>,
    /// A message for the last key ("no match", "wrote FILE"), cleared by the next key.
    pub notice: Option<String>,
    /// The terminal size, for mouse hit-testing with the same layout `view` uses.
    pub size: (u16, u16),
    pub quit: bool,
    /// Respondent's name and unit the new-session form starts with (the settings file's).
    pub default_name: Option<String>,
    pub default_unit: Option<String>,
    /// How boxes are drawn (the settings file's `borders`; ASCII until told otherwise).
    pub borders: crate::config::Borders,
    /// Set by the event loop: write when the input queue is empty rather than after every key, and
    /// write a position-only change at most once per [`POSITION_EVERY`].
    pub defer_saves: bool,
    unsaved: bool,
    /// A position-only change waits to be written until then (never a rating or text: those set
    /// `unsaved`, and their write carries the position along).
    position_due: Option<Instant>,
}

/// How long a position-only change (moving between items) may wait before it is written: a kill may
/// lose the last second of moving, never a rating or a text (SPEC §3, issue 16).
pub const POSITION_EVERY: Duration = Duration::from_secs(1);

impl App {
    pub fn new(
        lang: Lang,
        now: DateTime<FixedOffset>,
        store: Store,
        checklists: Vec<Checklist>,
    ) -> App {
        App {
            lang,
            now,
            store,
            checklists,
            from_text: None,
            screen: Screen::Home,
            home: Home::default(),
            unverified: None,
            doc: None,
            export_dir: PathBuf::new(),
            export_home: None,
            broken: Vec::new(),
            last_opened: None,
            borders: crate::config::Borders::Ascii,
            default_name: None,
            default_unit: None,
            export_format: Format::Md,
            sel: 0,
            focus: Focus::Items,
            cause_sel: 0,
            popup: None,
            last_search: String::new(),
            filter: None,
            list_top: 0,
            no_color: false,
            status_rows: 1,
            pending_delete: None,
            notice: None,
            size: (MIN_WIDTH, MIN_HEIGHT),
            quit: false,
            defer_saves: false,
            unsaved: false,
            position_due: None,
        }
    }

    /// Which key bindings apply now.
    pub fn scope(&self) -> Scope {
        match &self.popup {
            Some(Popup::Text(t)) if t.kind.multiline() => Scope::Editor,
            Some(Popup::Text(_)) => Scope::Line,
            Some(Popup::Sources { .. }) => Scope::Sources,
            Some(Popup::NewSession(_)) => Scope::Form,
            Some(Popup::Export(_)) => Scope::Export,
            None => match &self.screen {
                Screen::Home => Scope::Home,
                Screen::Fill if matches!(self.focus, Focus::Actions(_)) => Scope::Actions,
                Screen::Fill => Scope::Fill,
                Screen::Causes => Scope::Causes,
                Screen::Help { .. } => Scope::Help,
                Screen::Compare(_) => Scope::Compare,
                Screen::Trend(_) => Scope::Trend,
                Screen::FromText => Scope::FromText,
                Screen::Unit(_) => Scope::Unit,
            },
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Opens a session from the store for filling in: takes the one-writer lock, or opens read-only.
    pub fn open_session(&mut self, id: &str) -> Result<()> {
        let store = &self.store;
        let read_only_file = crate::files::is_read_only(&store.session_path(id));
        let (lock, save) = match store.lock(id) {
            // A file the user made read-only is shown, never replaced (a save would make it 0600).
            Ok(_) if read_only_file => (None, SaveState::ReadOnlyFile),
            Ok(lock) => (Some(lock), SaveState::Clean),
            Err(Error::Locked { pid, .. }) => (None, SaveState::ReadOnly { pid }),
            // No lock file can be made on a read-only file system: nothing could be saved either.
            Err(Error::Io { source, .. })
                if source.kind() == std::io::ErrorKind::ReadOnlyFilesystem =>
            {
                (None, SaveState::ReadOnlyFs)
            }
            Err(e) => return Err(e),
        };
        // Load after locking, so that what is shown is what no one else is changing. The stamp is
        // taken first: a save in between only makes a read-only view read the file once more.
        let stamp = FileStamp::of(&store.session_path(id));
        let loaded = store.load(id)?;
        // A previous session that is gone or damaged only means no reference is shown.
        let previous = loaded
            .session
            .from
            .as_deref()
            .and_then(|from| store.load(from).ok())
            .map(|l| Box::new(l.session));
        self.show_session(loaded.session, loaded.format, lock, save);
        if let Some(doc) = self.doc.as_mut() {
            doc.previous = previous;
            doc.stamp = stamp;
        }
        self.last_opened = Some(id.to_string());
        Ok(())
    }

    /// Puts a session on the fill screen, resuming at its saved position.
    pub fn show_session(
        &mut self,
        session: Session,
        format: u32,
        lock: Option<SessionLock>,
        save: SaveState,
    ) {
        let doc = Doc::new(session, format, lock, save);
        let position = doc.session.position.clone();
        self.doc = Some(doc);
        self.sel = 0;
        self.focus = Focus::Items;
        self.cause_sel = 0;
        self.popup = None;
        self.filter = None;
        self.list_top = 0;
        self.screen = Screen::Fill;
        if let Some(p) = position {
            self.resume(&p);
        }
    }

    fn resume(&mut self, p: &Position) {
        let Some(doc) = &self.doc else { return };
        if let Some(i) = doc.session.answers.iter().position(|a| a.item == p.item) {
            self.sel = i;
        }
        let sel = self.sel;
        match &p.field {
            // Never back inside the editor: the first keys after reopening are navigation, and would
            // otherwise land in the note (the item is selected; `m` opens its manifestation).
            Field::Rating | Field::Sources | Field::Manifestation => {}
            Field::Action(i) => {
                if *i < doc.session.answers[sel].actions.len() {
                    self.focus = Focus::Actions(*i);
                }
            }
            Field::Cause(id) => {
                if let Some(ci) = doc.session.causes.iter().position(|c| &c.prompt == id) {
                    // Row 0 of the causes screen is the preface.
                    self.cause_sel = ci + 1;
                    self.screen = Screen::Causes;
                }
            }
        }
    }

    /// Where the user is, in the session's own terms (saved so that reopening resumes there).
    pub fn position(&self) -> Option<Position> {
        let doc = self.doc.as_ref()?;
        let item = doc.session.answers.get(self.sel)?.item.clone();
        let field = match (&self.popup, &self.screen, self.focus) {
            // On the preface (row 0) the position is the item, as on the fill screen.
            (_, Screen::Causes, _) if self.cause_sel == 0 => Field::Rating,
            (_, Screen::Causes, _) => {
                Field::Cause(doc.session.causes.get(self.cause_sel - 1)?.prompt.clone())
            }
            (Some(Popup::Text(t)), _, _) => match t.kind {
                TextKind::Manifestation { .. } => Field::Manifestation,
                TextKind::ActionText { index: Some(i), .. }
                | TextKind::Due { index: i, .. }
                | TextKind::DropReason { index: i, .. }
                | TextKind::DoneOn { index: i, .. }
                | TextKind::Detail { index: i, .. } => Field::Action(i),
                _ => Field::Rating,
            },
            (Some(Popup::Sources { .. }), _, _) => Field::Sources,
            (_, _, Focus::Actions(i)) => Field::Action(i),
            _ => Field::Rating,
        };
        Some(Position { item, field })
    }

    /// Applies an edit as one undo step and saves.
    pub fn edit(&mut self, edit: Edit) {
        self.change(|doc| doc.history.apply(&mut doc.session, edit));
    }

    /// Applies an edit typed into a field (coalesced into one undo step) and saves.
    pub fn edit_typing(&mut self, edit: Edit) {
        self.change(|doc| doc.history.apply_typing(&mut doc.session, edit));
    }

    fn change(&mut self, f: impl FnOnce(&mut Doc) -> bool) {
        let Some(doc) = self.doc.as_mut() else { return };
        if doc.read_only() {
            return;
        }
        if f(doc) {
            self.persist(true);
        }
    }

    /// Records the position and writes the session durably. `changed` is false when only the position
    /// moved: that does not touch `updated`, and does not upgrade a file in an older format.
    pub fn persist(&mut self, changed: bool) {
        let position = self.position();
        let now = changed.then_some(self.now);
        let Some(doc) = self.doc.as_mut() else { return };
        if doc.read_only() {
            return;
        }
        let moved = doc.session.position != position;
        doc.session.position = position;
        if !changed && (!moved || doc.format < crate::session::model::FORMAT) {
            return;
        }
        if let Some(now) = now {
            doc.session.updated = now.max(doc.session.created);
        }
        if !self.defer_saves {
            self.unsaved = true;
            self.flush();
        } else if changed {
            self.unsaved = true;
        } else if self.position_due.is_none() {
            // Moving is coalesced: one durable write a second at most, whatever the key rate.
            self.position_due = Some(Instant::now() + POSITION_EVERY);
        }
    }

    /// Called by the event loop when no input is queued: writes a change at once, a position-only
    /// change once its second is up. Returns when to call again for a position still waiting.
    pub fn flush_due(&mut self) -> Option<Instant> {
        match self.position_due {
            _ if self.unsaved => self.flush(),
            Some(due) if Instant::now() >= due => self.flush(),
            _ => {}
        }
        self.position_due
    }

    /// Writes the session if a change is waiting. The event loop defers saves while more input is
    /// already queued (a paste, fast typing) and flushes as soon as the queue is empty, so a crash
    /// loses at most the keys still in flight.
    pub fn flush(&mut self) {
        if !self.unsaved && self.position_due.is_none() {
            return;
        }
        self.unsaved = false;
        self.position_due = None;
        let Some(doc) = self.doc.as_mut() else { return };
        match self.store.save(&doc.session, doc.format) {
            Ok(()) => {
                doc.format = crate::session::model::FORMAT;
                doc.save = SaveState::Saved;
            }
            Err(e) => {
                doc.save = SaveState::Failed(Rc::new(e));
                // Not retried by itself: the next change tries again, as SPEC §3 says.
            }
        }
    }

    pub fn notice(&mut self, msg: &crate::i18n::Msg) {
        self.notice = Some(msg.get(self.lang).to_string());
    }

    pub fn checklist_title(&self, i: usize) -> String {
        self.checklists
            .get(i)
            .map(|c| c.title.get(self.lang).to_string())
            .unwrap_or_default()
    }

    /// "Open in another zicha (process N)": rendered when drawn, so it follows a language switch.
    pub fn read_only_message(&self) -> Option<String> {
        let doc = self.doc.as_ref()?;
        match doc.save {
            SaveState::ReadOnly { pid } => Some(
                Error::Locked {
                    id: doc.session.id.clone(),
                    pid,
                }
                .render(self.lang),
            ),
            SaveState::ReadOnlyFile => Some(
                Error::ReadOnlySession {
                    id: doc.session.id.clone(),
                    path: self.store.session_path(&doc.session.id),
                }
                .render(self.lang),
            ),
            SaveState::ReadOnlyFs => Some(crate::messages::home::READ_ONLY_FS.fmt(
                self.lang,
                &[("id", &doc.session.id), ("path", &self.shown_path())],
            )),
            _ => None,
        }
    }

    /// What an editing key on a read-only view says: why this session cannot be changed (another
    /// zicha, the file's mode, a read-only file system) and what to do.
    pub fn read_only_refusal(&self) -> String {
        use crate::messages::home as hm;
        match self.doc.as_ref().map(|d| &d.save) {
            Some(SaveState::ReadOnlyFile) => hm::READ_ONLY_FILE_NO_EDIT
                .fmt(self.lang, &[("path", &self.shown_path())])
                .to_string(),
            Some(SaveState::ReadOnlyFs) => hm::READ_ONLY_FS_NO_EDIT.get(self.lang).to_string(),
            _ => crate::messages::tui::READ_ONLY_NO_EDIT
                .get(self.lang)
                .to_string(),
        }
    }

    /// The open session's file, for a message (control characters made visible).
    fn shown_path(&self) -> String {
        let id = self
            .doc
            .as_ref()
            .map(|d| d.session.id.as_str())
            .unwrap_or_default();
        crate::sanitize::line(&self.store.session_path(id).display().to_string()).into_owned()
    }
}
