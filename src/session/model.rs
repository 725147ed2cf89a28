//! A session: one person's pass through one checklist, with the checklist embedded as it was.
//!
//! Pure data and the edits on it. No files, no clock: callers pass "now" and "today".

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::checklist::Checklist;

/// The session file format this build writes. Older ones are migrated on read (see `store::migrate`).
///
/// Format 2 added `from`, action ids and the ledger fields of an action (owner, target, progress,
/// outcome, evidence, verification). A format-1 file reads as format 2 with those empty; its actions
/// get deterministic ids (`<session id>-<n>` in checklist order) from [`Session::normalize`].
pub const FORMAT: u32 = 2;

/// How far an item applies: a scale value, "not applicable", or not rated yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Rating {
    #[default]
    Unrated,
    NotApplicable,
    Value(i64),
}

impl Rating {
    pub fn value(self) -> Option<i64> {
        match self {
            Rating::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_rated(self) -> bool {
        !matches!(self, Rating::Unrated)
    }
}

/// Serialized as an integer, `"na"`, or null/`None`: the JSON contract of SPEC §7.
impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Rating::Unrated => s.serialize_none(),
            Rating::NotApplicable => s.serialize_str("na"),
            Rating::Value(v) => s.serialize_i64(*v),
        }
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Rating;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"a scale value, "na" or null"#)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Rating, E> {
                Ok(Rating::Value(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Rating, E> {
                i64::try_from(v)
                    .map(Rating::Value)
                    .map_err(|_| E::custom("rating out of range"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rating, E> {
                if v == "na" {
                    Ok(Rating::NotApplicable)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
            fn visit_none<E: de::Error>(self) -> Result<Rating, E> {
                Ok(Rating::Unrated)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Rating, E> {
                Ok(Rating::Unrated)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Rating, D::Error> {
                d.deserialize_any(V)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    #[default]
    Open,
    Done,
    Dropped,
}

/// A corrective measure (整改措施), with the fields of a rectification ledger (整改台账).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Stable identity, unique within a series of sessions and kept when the action is carried
    /// forward. Empty only before [`Session::normalize`] gives it one.
    #[serde(default)]
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub status: ActionStatus,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
    /// Why it was dropped, or any remark.
    #[serde(default)]
    pub note: String,
    /// 责任人.
    #[serde(default)]
    pub owner: Option<String>,
    /// 整改目标/标准.
    #[serde(default)]
    pub target: Option<String>,
    /// Dated notes on how it is going.
    #[serde(default)]
    pub progress: Vec<ProgressNote>,
    /// 整改成效.
    #[serde(default)]
    pub outcome: Option<String>,
    /// 佐证材料: paths or links, as text.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// 销号: when and by whom the measure was verified as done.
    #[serde(default)]
    pub verified_on: Option<NaiveDate>,
    #[serde(default)]
    pub verified_by: Option<String>,
}

/// One dated note in an action's progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressNote {
    pub on: NaiveDate,
    #[serde(default)]
    pub text: String,
}

impl Action {
    pub fn is_open(&self) -> bool {
        self.status == ActionStatus::Open
    }

    /// Open and past its due date on `today` (see [`past_due`]).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && past_due(self.due, today)
    }

    /// The same measure carried into a new session: identity, text, due date and ledger fields kept.
    pub fn carried(&self) -> Action {
        self.clone()
    }

    /// Done means status done plus the day it was done.
    pub fn mark_done(&mut self, today: NaiveDate) {
        self.status = ActionStatus::Done;
        self.done_on = Some(today);
    }

    /// Open again: no done date is kept for an action that is not done.
    pub fn reopen(&mut self) {
        self.status = ActionStatus::Open;
        self.done_on = None;
    }

    /// Open becomes done on `today`; done or dropped becomes open again.
    pub fn toggle_done(&mut self, today: NaiveDate) {
        if self.is_open() {
            self.mark_done(today);
        } else {
            self.reopen();
        }
    }

    /// Dropped means status dropped plus the reason, kept in the note.
    pub fn drop_for(&mut self, reason: &str) {
        self.status = ActionStatus::Dropped;
        self.done_on = None;
        self.note = reason.trim().to_string();
    }
}

/// The one rule for "overdue": a due date before `today` (due today is not late yet). Whether the
/// action is still open is the caller's half of the rule (see [`Action::is_overdue`]).
pub fn past_due(due: Option<NaiveDate>, today: NaiveDate) -> bool {
    due.is_some_and(|d| d < today)
}

/// The one rule for a session's label: a label that is empty or only spaces is no label.
pub fn label_of(label: Option<&str>) -> Option<&str> {
    label.filter(|l| !l.trim().is_empty())
}

/// What names a session in lists and reports: its label (see [`label_of`]), else its id.
pub fn display_name<'a>(label: Option<&'a str>, id: &'a str) -> &'a str {
    label_of(label).unwrap_or(id)
}

/// Who a session is about: its (name, unit), trimmed, empty ones as `None`. No name is the local
/// user. Every comparison of respondents (diff, trend, Home, list) goes through [`Respondent::new`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Respondent {
    pub name: Option<String>,
    pub unit: Option<String>,
}

impl Respondent {
    pub fn new(name: Option<&str>, unit: Option<&str>) -> Respondent {
        let clean = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(String::from);
        Respondent {
            name: clean(name),
            unit: clean(unit),
        }
    }

    /// "张三 (办公室)", "张三", "(办公室)", or `None` for the local user with no unit.
    pub fn display(&self) -> Option<String> {
        self.display_in(crate::i18n::Lang::En)
    }

    /// [`Respondent::display`] with the language's brackets: "张三（办公室）" in Chinese.
    pub fn display_in(&self, lang: crate::i18n::Lang) -> Option<String> {
        let (open, close) = match lang {
            crate::i18n::Lang::Zh => ("（", "）"),
            crate::i18n::Lang::En => (" (", ")"),
        };
        match (&self.name, &self.unit) {
            (Some(n), Some(u)) => Some(format!("{n}{open}{u}{close}")),
            (Some(n), None) => Some(n.clone()),
            (None, Some(u)) => Some(format!("{}{u}{close}", open.trim_start())),
            (None, None) => None,
        }
    }
}

/// What the session holds for one item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub item: String,
    #[serde(default)]
    pub rating: Rating,
    #[serde(default)]
    pub manifestation: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub actions: Vec<Action>,
}

impl Answer {
    pub fn new(item: impl Into<String>) -> Self {
        Answer {
            item: item.into(),
            rating: Rating::Unrated,
            manifestation: String::new(),
            sources: Vec::new(),
            actions: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.rating.is_rated()
            && self.manifestation.is_empty()
            && self.sources.is_empty()
            && self.actions.is_empty()
    }
}

/// The answer of an item a session has no answer for (only in sessions built by hand, not
/// normalized: the store keeps one answer per item): unrated and empty. Reports fall back to it.
pub static NO_ANSWER: Answer = Answer {
    item: String::new(),
    rating: Rating::Unrated,
    manifestation: String::new(),
    sources: Vec::new(),
    actions: Vec::new(),
};

/// The user's text for one cause-analysis prompt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CauseAnswer {
    pub prompt: String,
    #[serde(default)]
    pub text: String,
}

/// Which part of an item the user was in, so that reopening resumes there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    #[default]
    Rating,
    Manifestation,
    Sources,
    Action(usize),
    Cause(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub item: String,
    #[serde(default)]
    pub field: Field,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub format: u32,
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    /// The session this one was carried forward from (`zicha new --from`).
    #[serde(default)]
    pub from: Option<String>,
    pub created: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
    #[serde(deserialize_with = "super::fastparse::checklist_field")]
    pub checklist: Checklist,
    /// One answer per checklist item, in checklist order (kept so by [`Session::normalize`]).
    pub answers: Vec<Answer>,
    #[serde(default)]
    pub causes: Vec<CauseAnswer>,
    /// Free text that opens the written review (前言 / 基本情况); empty when there is none. Not
    /// written when empty, so sessions without one keep their bytes (no format change).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub preface: String,
    #[serde(default)]
    pub position: Option<Position>,
}

/// Counts shown in lists and summaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Progress {
    pub rated: usize,
    pub items: usize,
    pub open_actions: usize,
    pub overdue_actions: usize,
}

impl Session {
    /// The same session whatever its id and wherever its viewer's cursor was: what "handed in
    /// twice" means. Opening a session and moving around saves `position` and nothing else, and a
    /// copy taken in under `--rename` has another id.
    pub fn same_content(&self, other: &Session) -> bool {
        let mut a = self.clone();
        a.id.clone_from(&other.id);
        a.position.clone_from(&other.position);
        a == *other
    }

    pub fn new(id: String, checklist: Checklist, now: DateTime<FixedOffset>) -> Self {
        let mut s = Session {
            format: FORMAT,
            id,
            label: None,
            name: None,
            unit: None,
            from: None,
            created: now,
            updated: now,
            checklist,
            answers: Vec::new(),
            causes: Vec::new(),
            preface: String::new(),
            position: None,
        };
        s.normalize();
        s
    }

    /// Puts one answer per item in checklist order and one cause answer per prompt, keeping what exists.
    /// Answers for items the checklist does not have are dropped: callers validate first (see
    /// [`Session::problems`]) when they must refuse such input instead.
    pub fn normalize(&mut self) {
        if self.is_normal() {
            // What every file zicha wrote holds: nothing to move (issue 16, reading 1,000 files).
            self.assign_action_ids();
            return;
        }
        let mut old: std::collections::HashMap<String, Answer> = self
            .answers
            .drain(..)
            .map(|a| (a.item.clone(), a))
            .collect();
        self.answers = self
            .checklist
            .items()
            .map(|(_, item)| {
                old.remove(&item.id)
                    .unwrap_or_else(|| Answer::new(item.id.clone()))
            })
            .collect();
        let mut old_causes: std::collections::HashMap<String, CauseAnswer> = self
            .causes
            .drain(..)
            .map(|c| (c.prompt.clone(), c))
            .collect();
        self.causes = self
            .checklist
            .causes
            .iter()
            .map(|p| {
                old_causes.remove(&p.id).unwrap_or_else(|| CauseAnswer {
                    prompt: p.id.clone(),
                    text: String::new(),
                })
            })
            .collect();
        self.assign_action_ids();
    }

    /// One answer per item in checklist order and one cause answer per prompt in order, ids
    /// unique: what [`Session::normalize`] makes.
    fn is_normal(&self) -> bool {
        fn unique<'a>(ids: impl Iterator<Item = &'a str>) -> bool {
            let mut ids: Vec<&str> = ids.collect();
            ids.sort_unstable();
            ids.windows(2).all(|w| w[0] != w[1])
        }
        self.answers.len() == self.checklist.item_count()
            && self
                .checklist
                .items()
                .zip(&self.answers)
                .all(|((_, item), a)| item.id == a.item)
            && self.causes.len() == self.checklist.causes.len()
            && self
                .checklist
                .causes
                .iter()
                .zip(&self.causes)
                .all(|(p, c)| p.id == c.prompt)
            && unique(self.answers.iter().map(|a| a.item.as_str()))
            && unique(self.causes.iter().map(|c| c.prompt.as_str()))
    }

    /// Gives every action without an id a fresh one, `<session id>-<n>`, numbering on from the
    /// highest such id already present: deterministic for a given file, so a format-1 session gets
    /// the same ids each time it is read until it is saved with them.
    pub fn assign_action_ids(&mut self) {
        let actions = || self.answers.iter().flat_map(|a| &a.actions);
        if !actions().any(|a| a.id.trim().is_empty()) {
            // Every action has one (any file zicha wrote): no set of ids to build.
            return;
        }
        let mut next = self.max_own_action_number() + 1;
        let prefix = format!("{}-", self.id);
        let mut taken: std::collections::HashSet<String> = self
            .answers
            .iter()
            .flat_map(|a| &a.actions)
            .map(|a| a.id.clone())
            .collect();
        for act in self.answers.iter_mut().flat_map(|a| &mut a.actions) {
            if act.id.trim().is_empty() {
                let mut id = format!("{prefix}{next}");
                while taken.contains(&id) {
                    next += 1;
                    id = format!("{prefix}{next}");
                }
                next += 1;
                taken.insert(id.clone());
                act.id = id;
            }
        }
    }

    fn max_own_action_number(&self) -> u64 {
        let prefix = format!("{}-", self.id);
        self.answers
            .iter()
            .flat_map(|a| &a.actions)
            .filter_map(|a| a.id.strip_prefix(&prefix)?.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
    }

    /// A fresh action id for this session, unused by any of its actions.
    pub fn new_action_id(&self) -> String {
        format!("{}-{}", self.id, self.max_own_action_number() + 1)
    }

    /// Who this session is about.
    pub fn respondent(&self) -> Respondent {
        Respondent::new(self.name.as_deref(), self.unit.as_deref())
    }

    /// Makes this (new) session the continuation of `prev`: records `from`, takes name and unit
    /// where this session has none, and carries every open action of each item this checklist
    /// still has (items matched by id), with identity and fields. Ratings, notes, sources and causes
    /// are not copied. Open actions of items this checklist no longer has stay behind (see
    /// [`Session::uncarriable`]).
    pub fn carry_from(&mut self, prev: &Session) {
        self.from = Some(prev.id.clone());
        let r = prev.respondent();
        if Respondent::new(self.name.as_deref(), None).name.is_none() {
            self.name = r.name;
        }
        if Respondent::new(None, self.unit.as_deref()).unit.is_none() {
            self.unit = r.unit;
        }
        for a in &prev.answers {
            let Some(mine) = self.answer_mut(&a.item) else {
                continue;
            };
            for act in a.actions.iter().filter(|x| x.is_open()) {
                if !mine.actions.iter().any(|m| m.id == act.id) {
                    mine.actions.push(act.carried());
                }
            }
        }
        self.assign_action_ids();
    }

    /// The open actions of this session that a session of `checklist` cannot carry because it has
    /// no item of that id any more, as (item id, action text).
    pub fn uncarriable(&self, checklist: &Checklist) -> Vec<(String, String)> {
        let ids: std::collections::HashSet<&str> =
            checklist.items().map(|(_, i)| i.id.as_str()).collect();
        self.answers
            .iter()
            .filter(|a| !ids.contains(a.item.as_str()))
            .flat_map(|a| {
                a.actions
                    .iter()
                    .filter(|x| x.is_open())
                    .map(|x| (a.item.clone(), x.text.clone()))
            })
            .collect()
    }

    /// Things in a session that do not fit its own checklist (for import and damaged-file checks).
    pub fn problems(&self) -> Vec<crate::error::SessionProblem> {
        self.problems_with(true)
    }

    /// [`Session::problems`] but for those of the embedded checklist itself: for a checklist known
    /// to be valid (one parsed from the same bytes before and checked then).
    pub fn problems_but_checklist(&self) -> Vec<crate::error::SessionProblem> {
        self.problems_with(false)
    }

    fn problems_with(&self, checklist: bool) -> Vec<crate::error::SessionProblem> {
        use crate::error::SessionProblem as P;
        let mut out = Vec::new();
        if !crate::checklist::is_valid_id(&self.id) {
            out.push(P::BadId(self.id.clone()));
        }
        if checklist {
            for p in crate::checklist::validate("", &self.checklist) {
                out.push(P::Checklist(p));
            }
        }
        let ids: std::collections::HashSet<&str> =
            self.checklist.items().map(|(_, i)| i.id.as_str()).collect();
        let mut seen = std::collections::HashSet::new();
        let mut action_ids = std::collections::HashSet::new();
        for (i, a) in self.answers.iter().enumerate() {
            if !ids.contains(a.item.as_str()) {
                out.push(P::UnknownItem(i, a.item.clone()));
            }
            if !seen.insert(a.item.as_str()) {
                out.push(P::AnsweredTwice(i, a.item.clone()));
            }
            if let Rating::Value(v) = a.rating
                && self.checklist.level(v).is_none()
            {
                out.push(P::OffScale(i, v));
            }
            for (j, act) in a.actions.iter().enumerate() {
                if !act.id.is_empty() && !action_ids.insert(act.id.as_str()) {
                    out.push(P::DuplicateActionId(i, j, act.id.clone()));
                }
            }
            for s in &a.sources {
                if self.checklist.finding_source(s).is_none() {
                    out.push(P::UnknownSource(i, s.clone()));
                }
            }
        }
        for (i, c) in self.causes.iter().enumerate() {
            if self.checklist.cause(&c.prompt).is_none() {
                out.push(P::UnknownCause(i, c.prompt.clone()));
            }
        }
        out
    }

    pub fn answer(&self, item_id: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.item == item_id)
    }

    pub fn answer_mut(&mut self, item_id: &str) -> Option<&mut Answer> {
        self.answers.iter_mut().find(|a| a.item == item_id)
    }

    pub fn progress(&self, today: NaiveDate) -> Progress {
        let mut p = Progress {
            items: self.checklist.item_count(),
            ..Progress::default()
        };
        for a in &self.answers {
            if a.rating.is_rated() {
                p.rated += 1;
            }
            for act in &a.actions {
                if act.is_open() {
                    p.open_actions += 1;
                }
                if act.is_overdue(today) {
                    p.overdue_actions += 1;
                }
            }
        }
        p
    }

    /// A title for lists: the label if set, else the id (see [`display_name`]).
    pub fn display_label(&self) -> &str {
        display_name(self.label.as_deref(), &self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn done_is_status_done_plus_the_date_and_reopening_clears_it() {
        let mut a = Action::default();
        a.toggle_done(day("2026-11-23"));
        assert_eq!(a.status, ActionStatus::Done);
        assert_eq!(a.done_on, Some(day("2026-11-23")));
        a.toggle_done(day("2026-11-24"));
        assert_eq!((a.status, a.done_on), (ActionStatus::Open, None));
    }

    #[test]
    fn dropped_is_status_dropped_plus_a_reason_and_no_done_date() {
        let mut a = Action::default();
        a.mark_done(day("2026-11-23"));
        a.drop_for("  covered by another measure ");
        assert_eq!(a.status, ActionStatus::Dropped);
        assert_eq!(a.done_on, None);
        assert_eq!(a.note, "covered by another measure");
    }

    #[test]
    fn overdue_means_open_and_due_before_today() {
        let today = day("2026-11-23");
        let mut a = Action {
            due: Some(day("2026-11-22")),
            ..Action::default()
        };
        assert!(a.is_overdue(today));
        assert!(!past_due(Some(today), today), "due today is not late yet");
        assert!(!past_due(None, today), "no due date is never overdue");
        a.mark_done(today);
        assert!(!a.is_overdue(today), "a done action is not overdue");
    }

    #[test]
    fn a_blank_label_is_no_label_and_the_id_names_the_session() {
        assert_eq!(display_name(Some("2026年第一季度"), "x"), "2026年第一季度");
        assert_eq!(display_name(Some("   "), "20261123-x"), "20261123-x");
        assert_eq!(display_name(Some(""), "20261123-x"), "20261123-x");
        assert_eq!(display_name(None, "20261123-x"), "20261123-x");
        assert_eq!(
            label_of(Some(" \u{3000}")),
            None,
            "a full-width space is blank too"
        );
    }
}

#[cfg(test)]
mod series_tests {
    use super::*;

    fn four_winds() -> Checklist {
        crate::checklist::bundled::all()
            .into_iter()
            .find_map(|(_, c)| c.ok().filter(|c| c.id == "four-winds-25"))
            .unwrap()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn act(text: &str, status: ActionStatus) -> Action {
        Action {
            text: text.into(),
            status,
            ..Action::default()
        }
    }

    #[test]
    fn respondents_compare_trimmed_and_empty_is_none() {
        assert_eq!(
            Respondent::new(Some(" 张三 "), Some("")),
            Respondent::new(Some("张三"), None)
        );
        assert_eq!(Respondent::new(Some("  "), None), Respondent::default());
        assert_ne!(
            Respondent::new(Some("张三"), Some("办公室")),
            Respondent::new(Some("张三"), Some("财务处"))
        );
    }

    #[test]
    fn carrying_to_a_newer_version_matches_items_by_id_and_names_what_stays_behind() {
        let mut q1 = Session::new("q1".into(), four_winds(), at("2026-03-01T09:00:00+08:00"));
        q1.name = Some(" 张三".into());
        q1.answer_mut("f3").unwrap().rating = Rating::Value(3);
        q1.answer_mut("f3").unwrap().actions.extend([
            act("合并例会", ActionStatus::Open),
            act("精简文件", ActionStatus::Done),
        ]);
        q1.answer_mut("b6")
            .unwrap()
            .actions
            .push(act("少讲排场", ActionStatus::Open));
        q1.assign_action_ids();
        let mut newer = four_winds();
        newer.version = 2;
        newer.groups[1].items.retain(|i| i.id != "b6");
        assert_eq!(
            q1.uncarriable(&newer),
            [("b6".to_string(), "少讲排场".to_string())]
        );
        let mut q2 = Session::new("q2".into(), newer, at("2026-06-01T09:00:00+08:00"));
        q2.carry_from(&q1);
        assert_eq!(q2.from.as_deref(), Some("q1"));
        assert_eq!(q2.name.as_deref(), Some("张三"));
        let f3 = q2.answer("f3").unwrap();
        assert_eq!(f3.rating, Rating::Unrated);
        assert_eq!(f3.actions.len(), 1);
        assert_eq!(f3.actions[0].id, "q1-1");
        assert_eq!(q2.new_action_id(), "q2-1");
        assert!(q2.problems().is_empty());
    }

    #[test]
    fn ids_are_given_in_checklist_order_and_never_collide() {
        let mut s = Session::new("s".into(), four_winds(), at("2026-03-01T09:00:00+08:00"));
        s.answer_mut("b1")
            .unwrap()
            .actions
            .push(act("x", ActionStatus::Open));
        s.answer_mut("f1").unwrap().actions.extend([
            Action {
                id: "s-2".into(),
                ..act("y", ActionStatus::Open)
            },
            act("z", ActionStatus::Open),
        ]);
        s.assign_action_ids();
        let ids: Vec<&str> = s
            .answers
            .iter()
            .flat_map(|a| &a.actions)
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(ids, ["s-2", "s-3", "s-4"]);
        s.answer_mut("f1").unwrap().actions[1].id = "s-2".into();
        assert!(
            s.problems()
                .iter()
                .any(|p| p.render(crate::i18n::Lang::En).contains("actions[1].id"))
        );
    }
}
