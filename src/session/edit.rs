//! Edits on a session, and the undo / redo history built from them.
//!
//! Every edit *sets* one field to a value, so its inverse is simply "set it back": applying an edit
//! returns that inverse, and the history is two stacks of inverses. Pure: no files, no clock.

use super::model::{Action, Rating, Session};

/// One change to one field of a session. Item and cause indices are positions in
/// `session.answers` / `session.causes` (checklist order, kept by `Session::normalize`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Rating {
        item: usize,
        rating: Rating,
    },
    Manifestation {
        item: usize,
        text: String,
    },
    Sources {
        item: usize,
        sources: Vec<String>,
    },
    /// Sets one action of an item; the others are not copied.
    Action {
        item: usize,
        index: usize,
        action: Action,
    },
    /// Inserts an action at `index` (the end: a new one).
    AddAction {
        item: usize,
        index: usize,
        action: Action,
    },
    RemoveAction {
        item: usize,
        index: usize,
    },
    Cause {
        index: usize,
        text: String,
    },
    /// The preface that opens the written review.
    Preface {
        text: String,
    },
    /// Two edits as one undo step, `first` then `then` (the inverse of a removal folded into a
    /// stretch of typing, see [`History::apply_typing`]).
    Both {
        first: Box<Edit>,
        then: Box<Edit>,
    },
}

/// Which field an edit touches: typing into the same field coalesces into one undo step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Rating(usize),
    Manifestation(usize),
    Sources(usize),
    Actions(usize),
    Cause(usize),
    Preface,
}

impl Target {
    /// The answer index an edit belongs to, or `None` for a cause text or the preface.
    pub fn item(self) -> Option<usize> {
        match self {
            Target::Rating(i)
            | Target::Manifestation(i)
            | Target::Sources(i)
            | Target::Actions(i) => Some(i),
            Target::Cause(_) | Target::Preface => None,
        }
    }
}

impl Edit {
    pub fn target(&self) -> Target {
        match self {
            Edit::Rating { item, .. } => Target::Rating(*item),
            Edit::Manifestation { item, .. } => Target::Manifestation(*item),
            Edit::Sources { item, .. } => Target::Sources(*item),
            Edit::Action { item, .. }
            | Edit::AddAction { item, .. }
            | Edit::RemoveAction { item, .. } => Target::Actions(*item),
            Edit::Cause { index, .. } => Target::Cause(*index),
            Edit::Preface { .. } => Target::Preface,
            Edit::Both { first, .. } => first.target(),
        }
    }

    /// Adds or removes an action, so that the indices of later ones move.
    fn moves_indices(&self) -> bool {
        match self {
            Edit::AddAction { .. } | Edit::RemoveAction { .. } => true,
            Edit::Both { first, then } => first.moves_indices() || then.moves_indices(),
            _ => false,
        }
    }

    /// Applies the edit and returns its inverse, or `None` if it changed nothing (or the index is out
    /// of range, which a caller holding a stale index must not turn into a panic).
    pub fn apply(self, session: &mut Session) -> Option<Edit> {
        fn swap<T: PartialEq>(slot: &mut T, new: T) -> Option<T> {
            if *slot == new {
                None
            } else {
                Some(std::mem::replace(slot, new))
            }
        }
        match self {
            Edit::Rating { item, rating } => {
                let a = session.answers.get_mut(item)?;
                swap(&mut a.rating, rating).map(|rating| Edit::Rating { item, rating })
            }
            Edit::Manifestation { item, text } => {
                let a = session.answers.get_mut(item)?;
                swap(&mut a.manifestation, text).map(|text| Edit::Manifestation { item, text })
            }
            Edit::Sources { item, sources } => {
                let a = session.answers.get_mut(item)?;
                swap(&mut a.sources, sources).map(|sources| Edit::Sources { item, sources })
            }
            Edit::Action {
                item,
                index,
                action,
            } => {
                let slot = session.answers.get_mut(item)?.actions.get_mut(index)?;
                swap(slot, action).map(|action| Edit::Action {
                    item,
                    index,
                    action,
                })
            }
            Edit::AddAction {
                item,
                index,
                action,
            } => {
                let list = &mut session.answers.get_mut(item)?.actions;
                if index > list.len() {
                    return None;
                }
                list.insert(index, action);
                Some(Edit::RemoveAction { item, index })
            }
            Edit::RemoveAction { item, index } => {
                let list = &mut session.answers.get_mut(item)?.actions;
                if index >= list.len() {
                    return None;
                }
                let action = list.remove(index);
                Some(Edit::AddAction {
                    item,
                    index,
                    action,
                })
            }
            Edit::Both { first, then } => match (first.apply(session), then.apply(session)) {
                (Some(undo_first), Some(undo_then)) => Some(Edit::Both {
                    first: Box::new(undo_then),
                    then: Box::new(undo_first),
                }),
                (one, other) => one.or(other),
            },
            Edit::Cause { index, text } => {
                let c = session.causes.get_mut(index)?;
                swap(&mut c.text, text).map(|text| Edit::Cause { index, text })
            }
            Edit::Preface { text } => {
                swap(&mut session.preface, text).map(|text| Edit::Preface { text })
            }
        }
    }
}

/// The undo and redo stacks of one open session.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// The field being typed into: further edits of it join the step already on the undo stack.
    group: Option<Target>,
}

/// How many steps are kept; older ones fall off (the file on disk is the durable record).
const LIMIT: usize = 1000;

impl History {
    /// Applies `edit` as one undo step. Returns whether anything changed.
    pub fn apply(&mut self, session: &mut Session, edit: Edit) -> bool {
        self.group = None;
        self.push(session, edit)
    }

    /// Applies `edit`, merging it with the previous step if that was typing into the same field, so
    /// that one `u` undoes a whole stretch of typing rather than one character.
    pub fn apply_typing(&mut self, session: &mut Session, edit: Edit) -> bool {
        let target = edit.target();
        if self.group == Some(target) && !self.undo.is_empty() {
            // The inverse already on the stack restores the field as it was before the typing began,
            // unless this edit moved the indices that inverse names: then its own inverse runs first.
            let Some(inverse) = edit.apply(session) else {
                return false;
            };
            if inverse.moves_indices()
                && let Some(top) = self.undo.pop()
            {
                self.undo.push(Edit::Both {
                    first: Box::new(inverse),
                    then: Box::new(top),
                });
            }
            self.redo.clear();
            return true;
        }
        let changed = self.push(session, edit);
        if changed {
            self.group = Some(target);
        }
        changed
    }

    /// Ends a stretch of typing: the next edit starts a new undo step.
    pub fn end_typing(&mut self) {
        self.group = None;
    }

    fn push(&mut self, session: &mut Session, edit: Edit) -> bool {
        match edit.apply(session) {
            Some(inverse) => {
                self.undo.push(inverse);
                if self.undo.len() > LIMIT {
                    self.undo.remove(0);
                }
                self.redo.clear();
                true
            }
            None => false,
        }
    }

    /// Undoes the last step; returns the field it touched.
    pub fn undo(&mut self, session: &mut Session) -> Option<Target> {
        self.group = None;
        let edit = self.undo.pop()?;
        let target = edit.target();
        if let Some(inverse) = edit.apply(session) {
            self.redo.push(inverse);
        }
        Some(target)
    }

    /// Redoes the last undone step; returns the field it touched.
    pub fn redo(&mut self, session: &mut Session) -> Option<Target> {
        self.group = None;
        let edit = self.redo.pop()?;
        let target = edit.target();
        if let Some(inverse) = edit.apply(session) {
            self.undo.push(inverse);
        }
        Some(target)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::bundled;

    fn session() -> Session {
        let checklist = bundled::all().into_iter().next().unwrap().1.unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap();
        Session::new("s".into(), checklist, now)
    }

    #[test]
    fn undo_and_redo_restore_each_step() {
        let mut s = session();
        let mut h = History::default();
        assert!(h.apply(
            &mut s,
            Edit::Rating {
                item: 0,
                rating: Rating::Value(2)
            }
        ));
        assert!(h.apply(
            &mut s,
            Edit::Rating {
                item: 1,
                rating: Rating::NotApplicable
            }
        ));
        assert_eq!(h.undo(&mut s), Some(Target::Rating(1)));
        assert_eq!(s.answers[1].rating, Rating::Unrated);
        assert_eq!(s.answers[0].rating, Rating::Value(2));
        assert_eq!(h.undo(&mut s), Some(Target::Rating(0)));
        assert_eq!(s.answers[0].rating, Rating::Unrated);
        assert_eq!(h.undo(&mut s), None);
        assert_eq!(h.redo(&mut s), Some(Target::Rating(0)));
        assert_eq!(s.answers[0].rating, Rating::Value(2));
        assert!(h.can_redo());
    }

    #[test]
    fn the_preface_is_typed_and_undone_like_any_field() {
        let mut s = session();
        let mut h = History::default();
        for text in ["根据", "根据安排"] {
            h.apply_typing(&mut s, Edit::Preface { text: text.into() });
        }
        h.end_typing();
        assert_eq!(s.preface, "根据安排");
        assert_eq!(h.undo(&mut s), Some(Target::Preface));
        assert_eq!(s.preface, "");
        assert_eq!(h.redo(&mut s), Some(Target::Preface));
        assert_eq!(s.preface, "根据安排");
    }

    #[test]
    fn typing_into_one_field_is_one_undo_step() {
        let mut s = session();
        let mut h = History::default();
        for text in ["文", "文山", "文山会"] {
            h.apply_typing(
                &mut s,
                Edit::Manifestation {
                    item: 2,
                    text: text.into(),
                },
            );
        }
        h.end_typing();
        h.apply_typing(
            &mut s,
            Edit::Manifestation {
                item: 2,
                text: "文山会海".into(),
            },
        );
        assert_eq!(h.undo(&mut s), Some(Target::Manifestation(2)));
        assert_eq!(s.answers[2].manifestation, "文山会");
        h.undo(&mut s);
        assert_eq!(s.answers[2].manifestation, "");
        h.redo(&mut s);
        assert_eq!(s.answers[2].manifestation, "文山会");
    }

    #[test]
    fn a_no_op_edit_records_nothing_and_a_new_edit_clears_redo() {
        let mut s = session();
        let mut h = History::default();
        assert!(!h.apply(
            &mut s,
            Edit::Rating {
                item: 0,
                rating: Rating::Unrated
            }
        ));
        assert!(!h.can_undo());
        h.apply(
            &mut s,
            Edit::Cause {
                index: 0,
                text: "x".into(),
            },
        );
        h.undo(&mut s);
        h.apply(
            &mut s,
            Edit::Sources {
                item: 0,
                sources: vec!["self".into()],
            },
        );
        assert!(!h.can_redo());
    }

    #[test]
    fn a_stale_index_changes_nothing() {
        let mut s = session();
        let before = s.clone();
        assert_eq!(
            Edit::Rating {
                item: 999,
                rating: Rating::Value(1)
            }
            .apply(&mut s),
            None
        );
        assert_eq!(s, before);
    }

    fn measure(text: &str) -> Action {
        Action {
            text: text.into(),
            ..Action::default()
        }
    }

    #[test]
    fn one_action_is_changed_and_undone_without_touching_the_others() {
        let mut s = session();
        s.answers[0].actions = vec![measure("a"), measure("b")];
        let mut h = History::default();
        let mut done = measure("b");
        done.status = super::super::ActionStatus::Done;
        assert!(h.apply(
            &mut s,
            Edit::Action {
                item: 0,
                index: 1,
                action: done.clone()
            }
        ));
        assert_eq!(s.answers[0].actions, vec![measure("a"), done]);
        h.undo(&mut s);
        assert_eq!(s.answers[0].actions, vec![measure("a"), measure("b")]);
    }

    #[test]
    fn an_action_emptied_and_removed_while_typing_comes_back_whole_with_one_undo() {
        let mut s = session();
        s.answers[0].actions = vec![measure("a"), measure("b"), measure("c")];
        let mut h = History::default();
        let set = |text: &str| Edit::Action {
            item: 0,
            index: 1,
            action: measure(text),
        };
        // Typing erases "b", then the empty action is removed in the same step.
        assert!(h.apply_typing(&mut s, set("")));
        assert!(h.apply_typing(&mut s, Edit::RemoveAction { item: 0, index: 1 }));
        assert_eq!(s.answers[0].actions, vec![measure("a"), measure("c")]);
        h.undo(&mut s);
        assert_eq!(
            s.answers[0].actions,
            vec![measure("a"), measure("b"), measure("c")],
            "the undo puts b back in its place, and c is untouched"
        );
        h.redo(&mut s);
        assert_eq!(s.answers[0].actions, vec![measure("a"), measure("c")]);
    }

    #[test]
    fn a_new_action_typed_then_undone_is_gone() {
        let mut s = session();
        let mut h = History::default();
        let add = Edit::AddAction {
            item: 0,
            index: 0,
            action: measure("写"),
        };
        assert!(h.apply_typing(&mut s, add));
        let more = Edit::Action {
            item: 0,
            index: 0,
            action: measure("写报告"),
        };
        assert!(h.apply_typing(&mut s, more));
        h.undo(&mut s);
        assert!(s.answers[0].actions.is_empty());
    }
}
