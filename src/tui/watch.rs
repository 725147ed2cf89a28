//! Watching the disk while zicha sits idle: another process's new or changed sessions appear on
//! Home, a read-only view follows the writer's saves, and once the writer is gone `t` takes over.
//! `tui::run` calls [`crate::tui::update::tick`] about once a second when no key arrives.

/// A file's identity and size: an atomic save (a new inode) or any write changes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileStamp {
    modified: Option<std::time::SystemTime>,
    len: u64,
    inode: u64,
}

impl FileStamp {
    pub fn of(path: &std::path::Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(FileStamp {
            modified: meta.modified().ok(),
            len: meta.len(),
            inode,
        })
    }
}

use ratatui::layout::Rect;

use super::app::{App, Doc, Focus, SaveState, Screen};
use super::layout::{self, Chrome};
use super::message::Message;
use crate::error::Error;
use crate::messages::home as hm;

/// The most rows the read-only explanation takes under the title.
const BANNER_ROWS: usize = 3;

impl App {
    /// Looks at the disk; returns whether anything shown changed. Cheap when nothing did: one
    /// `stat` of the sessions dir on Home; a `stat` and a lock probe for a read-only view.
    pub fn watch(&mut self) -> bool {
        if self.doc.is_none() {
            return self.screen == Screen::Home && self.watch_home();
        }
        self.watch_doc()
    }

    fn watch_home(&mut self) -> bool {
        if self.sessions_dir_stamp() == self.home.stamp {
            return false;
        }
        if let Err(e) = self.load_home() {
            self.notice = Some(e.render(self.lang));
        }
        true
    }

    fn watch_doc(&mut self) -> bool {
        let store = self.store.clone();
        let Some(doc) = self.doc.as_mut() else {
            return false;
        };
        if !doc.held_elsewhere() {
            return false;
        }
        let id = doc.session.id.clone();
        let mut changed = false;
        let free = store.lock_is_free(&id);
        if free != doc.lock_free {
            doc.lock_free = free;
            changed = true;
            // "Still open there" from an earlier `t` is no longer true.
            self.notice = None;
        }
        let stamp = FileStamp::of(&store.session_path(&id));
        if stamp != doc.stamp {
            doc.stamp = stamp;
            match store.load(&id) {
                Ok(loaded) => {
                    self.replace_session(loaded.session, loaded.format);
                    changed = true;
                }
                // Gone or unreadable for now: what is shown stays; the next change is read again.
                Err(e) => {
                    self.notice = Some(e.render(self.lang));
                    changed = true;
                }
            }
        }
        changed
    }

    /// Shows the writer's newer copy of the open session, keeping the item and field in view.
    fn replace_session(&mut self, session: crate::session::Session, format: u32) {
        let Some(doc) = self.doc.as_mut() else { return };
        doc.reload(session, format);
        let items = doc.items();
        self.sel = self.sel.min(items.saturating_sub(1));
        if let Focus::Actions(i) = self.focus {
            let n = doc
                .session
                .answers
                .get(self.sel)
                .map_or(0, |a| a.actions.len());
            self.focus = if n == 0 {
                Focus::Items
            } else {
                Focus::Actions(i.min(n - 1))
            };
        }
    }

    /// `t` on a read-only view: takes the lock if the other zicha has let it go, re-reads the file
    /// (the writer's last save) and becomes the writer. Still held: says so, nothing changes.
    pub fn take_over(&mut self) {
        let store = self.store.clone();
        let Some(id) = self
            .doc
            .as_ref()
            .filter(|d| d.held_elsewhere())
            .map(|d| d.session.id.clone())
        else {
            return;
        };
        match store.lock(&id) {
            Ok(lock) => {
                let stamp = FileStamp::of(&store.session_path(&id));
                match store.load(&id) {
                    Ok(loaded) => {
                        let save = if crate::files::is_read_only(&store.session_path(&id)) {
                            SaveState::ReadOnlyFile
                        } else {
                            SaveState::Clean
                        };
                        let writer = save == SaveState::Clean;
                        self.replace_session(loaded.session, loaded.format);
                        if let Some(doc) = self.doc.as_mut() {
                            doc.stamp = stamp;
                            doc.lock_free = false;
                            doc.save = save;
                            if writer {
                                doc.set_lock(lock);
                            }
                        }
                        self.notice(&hm::TOOK_OVER);
                    }
                    Err(e) => self.notice = Some(e.render(self.lang)),
                }
            }
            Err(Error::Locked { pid, .. }) => {
                if let Some(doc) = self.doc.as_mut() {
                    doc.save = SaveState::ReadOnly { pid };
                    doc.lock_free = false;
                }
                self.notice(&hm::STILL_HELD);
            }
            Err(e) => self.notice = Some(e.render(self.lang)),
        }
    }

    /// Whether a key's message does anything now: on a read-only view no editing key does, and `t`
    /// only once the other zicha has let the session go. The key bar and help show only these.
    pub fn key_works(&self, action: &Message) -> bool {
        let doc = self.doc.as_ref();
        match action {
            Message::TakeOver => doc.is_some_and(|d| d.held_elsewhere() && d.lock_free),
            a if a.edits() => !doc.is_some_and(Doc::read_only),
            _ => true,
        }
    }

    /// The explanation shown in full under the title of a read-only view (fill and causes screens).
    pub fn banner(&self) -> Option<String> {
        let doc = self.doc.as_ref()?;
        if !matches!(self.screen, Screen::Fill | Screen::Causes) || !doc.read_only() {
            return None;
        }
        let why = self.read_only_message()?;
        Some(match (&doc.save, doc.lock_free) {
            (SaveState::ReadOnly { .. }, true) => hm::READ_ONLY_FREE
                .fmt(self.lang, &[("id", &doc.session.id)])
                .to_string(),
            (SaveState::ReadOnly { .. }, false) => {
                format!("{why}{}", hm::READ_ONLY_FOLLOWS.get(self.lang))
            }
            _ => why,
        })
    }

    /// The banner wrapped to the screen's width (at most `BANNER_ROWS` rows).
    pub fn banner_lines(&self) -> Vec<String> {
        let Some(text) = self.banner() else {
            return Vec::new();
        };
        let w = (self.size.0 as usize).saturating_sub(2).max(1);
        let mut lines = super::text::wrap(&text, w);
        lines.truncate(BANNER_ROWS);
        lines
    }

    /// The frame of the screen as drawn now (with the banner's rows), for `view` and for hit-testing.
    pub fn chrome(&self) -> Chrome {
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        layout::frame(area, self.banner_lines().len() as u16, self.status_rows)
    }
}
