//! What the home screen shows of each session, from the store's summary index
//! (`session::index`), so that start-up does not parse every file.

use chrono::NaiveDate;

use super::app::HomeSession;
use crate::error::Result;
use crate::i18n::Lang;
use crate::session::Store;
use crate::session::index::Entry;

/// The readable sessions, and each damaged file's id with its error.
pub type Listing = (Vec<HomeSession>, Vec<(String, String)>);

/// Every session for the home screen, and the damaged files with their error in `lang`.
pub fn load(store: &Store, lang: Lang, today: NaiveDate) -> Result<Listing> {
    let mut sessions = Vec::new();
    let mut damaged = Vec::new();
    for entry in store.summaries()? {
        match entry {
            Entry::Ok(s) => sessions.push(HomeSession {
                progress: s.progress(today),
                // Shown as one line each: control and bidi characters from the file made visible.
                label: crate::sanitize::line(s.display_label()).into_owned(),
                id: s.id,
                checklist: s.checklist,
                checklist_title: crate::checklist::Text::new(
                    crate::sanitize::line(&s.checklist_title.zh),
                    crate::sanitize::line(&s.checklist_title.en),
                ),
                created: s.created,
                updated: s.updated,
            }),
            Entry::Damaged { id, error, .. } => damaged.push((id, error.render(lang))),
        }
    }
    Ok((sessions, damaged))
}
