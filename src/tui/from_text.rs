//! The "new checklist from text" screen's state: the pasted circular, the id being typed, and the
//! outline read from the text after every change (the live preview). Saving writes the checklist the
//! way `zicha checklists from-text` does, through the same function.

use chrono::NaiveDate;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::checklist::Checklist;
use crate::checklist::Registry;
use crate::checklist::from_text::{self, Options, Origin, Outline};
use crate::checklist::save::{Target, check_id, comments, write_checklist};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::messages::from_text as m;
use crate::session::Store;

/// Which field has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FromTextFocus {
    Text,
    Id,
}

pub struct FromTextForm {
    pub text: TextArea<'static>,
    pub id: TextArea<'static>,
    pub focus: FromTextFocus,
    /// What the text reads as now; re-read after each change of the text.
    pub outline: Outline,
    /// First line of the preview shown; clamped when drawn.
    pub scroll: usize,
    /// Why the last save failed (shown under the id field).
    pub error: Option<String>,
}

impl Default for FromTextForm {
    fn default() -> Self {
        Self::new()
    }
}

impl FromTextForm {
    pub fn new() -> Self {
        let mut text = TextArea::default();
        // Chinese has no spaces to break at: fall back to breaking between characters.
        text.set_wrap_mode(WrapMode::WordOrGlyph);
        text.set_cursor_line_style(ratatui::style::Style::default());
        let mut id = TextArea::default();
        id.set_cursor_line_style(ratatui::style::Style::default());
        FromTextForm {
            text,
            id,
            focus: FromTextFocus::Text,
            outline: Outline::default(),
            scroll: 0,
            error: None,
        }
    }

    pub fn text_string(&self) -> String {
        self.text.lines().join("\n")
    }

    pub fn id_string(&self) -> String {
        self.id.lines().join("").trim().to_string()
    }

    /// A bracketed paste, inserted in one go (and read once), whatever its line ends. Into the id field
    /// only its first line goes: an id has no line breaks.
    pub fn paste(&mut self, pasted: &str) {
        let text = paste_line_ends(pasted);
        match self.focus {
            FromTextFocus::Text => {
                self.text.insert_str(&text);
                self.changed();
            }
            FromTextFocus::Id => {
                let first = text.lines().next().unwrap_or_default().trim();
                self.id.insert_str(first);
            }
        }
        self.error = None;
    }

    /// A key typed into the focused field. Enter in the id field is not a line break (it saves,
    /// handled by the caller).
    pub fn input(&mut self, key: crossterm::event::KeyEvent) {
        match self.focus {
            FromTextFocus::Text => {
                if self.text.input(key) {
                    self.changed();
                }
            }
            FromTextFocus::Id => {
                if key.code != crossterm::event::KeyCode::Enter {
                    self.id.input(key);
                }
            }
        }
        self.error = None;
    }

    pub fn next_field(&mut self) {
        self.focus = match self.focus {
            FromTextFocus::Text => FromTextFocus::Id,
            FromTextFocus::Id => FromTextFocus::Text,
        };
        if self.focus == FromTextFocus::Id {
            self.id.move_cursor(CursorMove::End);
        }
    }

    fn changed(&mut self) {
        self.outline = from_text::parse(&self.text_string(), false);
    }

    /// The preview: the summary and the warnings first (what needs a look), then every group with its
    /// items, one line each. `true` marks a warning.
    pub fn preview(&self, lang: Lang) -> Vec<(String, bool)> {
        if self.outline.is_empty() {
            return vec![(m::PREVIEW_EMPTY.get(lang).to_string(), false)];
        }
        let id = self.id_string();
        let title = from_text::title_of(&self.outline, None, &id);
        let mut out: Vec<(String, bool)> = from_text::summary(&self.outline, title, lang)
            .into_iter()
            .map(|l| (l, false))
            .collect();
        if !self.outline.warnings.is_empty() {
            let count = self.outline.warnings.len();
            out.push((m::WARNINGS.fmt(lang, &[("count", &count)]), true));
            out.extend(self.outline.warnings.iter().map(|w| (w.render(lang), true)));
        }
        for (g, group) in self.outline.groups.iter().enumerate() {
            out.push((String::new(), false));
            let heading = group.title.as_deref().unwrap_or(title);
            out.push((format!("g{} {heading}", g + 1), false));
            for (i, item) in group.items.iter().enumerate() {
                out.push((format!("  g{}-{} {}", g + 1, i + 1, item.text), false));
                out.extend(item.hint.iter().map(|h| (format!("      {h}"), false)));
            }
        }
        out
    }

    /// Writes the checklist to `<data dir>/checklists/ID.ron` (never over an existing file) and
    /// returns it; `None` with [`Self::error`] set when it cannot. `like` gives the scale, finding
    /// sources and cause prompts.
    pub fn save(
        &mut self,
        store: &Store,
        like: &Checklist,
        today: NaiveDate,
        lang: Lang,
    ) -> Option<Checklist> {
        let id = self.id_string();
        let problem = if self.outline.is_empty() {
            Some(m::NOTHING_TO_SAVE.get(lang).to_string())
        } else if id.is_empty() {
            self.focus = FromTextFocus::Id;
            Some(m::NEED_ID.get(lang).to_string())
        } else {
            None
        };
        if let Some(p) = problem {
            self.error = Some(p);
            return None;
        }
        match self.write(store, like, today, lang, &id) {
            Ok(c) => Some(c),
            Err(e) => {
                self.focus = FromTextFocus::Id;
                // A problem with the id is about the field being typed: no file name in front of it.
                self.error = Some(match &e {
                    Error::Checklist(problems) => problems
                        .iter()
                        .map(|p| p.kind.render(lang))
                        .collect::<Vec<_>>()
                        .join(" "),
                    other => other.render(lang),
                });
                None
            }
        }
    }

    fn write(
        &self,
        store: &Store,
        like: &Checklist,
        today: NaiveDate,
        lang: Lang,
        id: &str,
    ) -> Result<Checklist> {
        check_id(id, m::FIELD_ID.get(lang))?;
        let options = Options {
            id: id.to_string(),
            title: None,
            like,
            origin: Origin::Pasted,
            date: today,
        };
        let checklist = from_text::to_checklist(&self.outline, &options)
            .ok_or_else(|| Error::NothingNumbered(String::new()))?;
        let registry = Registry::load(&store.checklists_dir(), &[]);
        write_checklist(
            store,
            &registry,
            &checklist,
            &comments(&Origin::Pasted, today),
            Target::DataDir,
            false,
        )?;
        Ok(checklist)
    }
}

/// A paste with `\n` line ends. Terminals turn each LF of the clipboard into CR, so text copied on
/// Windows (CRLF) arrives as CR CR: when every run of CRs has even length, each pair was one line end.
pub fn paste_line_ends(pasted: &str) -> String {
    if !pasted.contains('\n') && pasted.contains("\r\r") {
        let mut runs = pasted.split(|c| c != '\r').filter(|r| !r.is_empty());
        if runs.all(|r| r.len() % 2 == 0) {
            return pasted.replace("\r\r", "\n");
        }
    }
    pasted.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::paste_line_ends;

    #[test]
    fn line_ends_of_a_terminal_paste() {
        assert_eq!(paste_line_ends("a\r\nb\nc"), "a\nb\nc");
        assert_eq!(paste_line_ends("a\rb\r\rc"), "a\nb\n\nc");
        // CRLF turned into CR CR by the terminal, a blank line included.
        assert_eq!(paste_line_ends("a\r\rb\r\r\r\rc"), "a\nb\n\nc");
    }
}
