//! A session: one person's pass through one checklist, with the checklist embedded as it was.
//!
//! Pure data and the edits on it. No files, no clock: callers pass "now" and "today".

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::checklist::Checklist;

/// The session file format this build writes. Older ones are migrated on read (see `store::migrate`).
pub const FORMAT: u32 = 1;

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

/// A corrective measure (整改措施).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Action {
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
}

impl Action {
    pub fn is_open(&self) -> bool {
        self.status == ActionStatus::Open
    }

    /// Open and past its due date on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due.is_some_and(|d| d < today)
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
    pub created: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
    pub checklist: Checklist,
    /// One answer per checklist item, in checklist order (kept so by [`Session::normalize`]).
    pub answers: Vec<Answer>,
    #[serde(default)]
    pub causes: Vec<CauseAnswer>,
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
    pub fn new(id: String, checklist: Checklist, now: DateTime<FixedOffset>) -> Self {
        let mut s = Session {
            format: FORMAT,
            id,
            label: None,
            name: None,
            unit: None,
            created: now,
            updated: now,
            checklist,
            answers: Vec::new(),
            causes: Vec::new(),
            position: None,
        };
        s.normalize();
        s
    }

    /// Puts one answer per item in checklist order and one cause answer per prompt, keeping what exists.
    /// Answers for items the checklist does not have are dropped: callers validate first (see
    /// [`Session::problems`]) when they must refuse such input instead.
    pub fn normalize(&mut self) {
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
    }

    /// Things in a session that do not fit its own checklist (for import and damaged-file checks),
    /// each with the path of its field; rendered in the user's language by [`SessionProblem::render`].
    pub fn problems(&self) -> Vec<SessionProblem> {
        use SessionProblemKind as K;
        let mut out = Vec::new();
        let mut push = |path: String, kind| out.push(SessionProblem { path, kind });
        if !crate::checklist::is_valid_id(&self.id) {
            push("id".into(), K::BadId(self.id.clone()));
        }
        for p in crate::checklist::validate("", &self.checklist) {
            let path = match p.at {
                crate::checklist::Location::Field(f) if !f.is_empty() => format!("checklist.{f}"),
                _ => "checklist".into(),
            };
            push(path, K::Checklist(p.kind));
        }
        let ids: std::collections::HashSet<&str> =
            self.checklist.items().map(|(_, i)| i.id.as_str()).collect();
        let mut seen = std::collections::HashSet::new();
        for (i, a) in self.answers.iter().enumerate() {
            if !ids.contains(a.item.as_str()) {
                push(format!("answers[{i}].item"), K::NoSuchItem(a.item.clone()));
            }
            if !seen.insert(a.item.as_str()) {
                push(
                    format!("answers[{i}].item"),
                    K::AnsweredTwice(a.item.clone()),
                );
            }
            if let Rating::Value(v) = a.rating
                && self.checklist.level(v).is_none()
            {
                push(format!("answers[{i}].rating"), K::OffScale(v));
            }
            for src in &a.sources {
                if self.checklist.finding_source(src).is_none() {
                    push(
                        format!("answers[{i}].sources"),
                        K::NoSuchSource(src.clone()),
                    );
                }
            }
        }
        for (i, c) in self.causes.iter().enumerate() {
            if self.checklist.cause(&c.prompt).is_none() {
                push(
                    format!("causes[{i}].prompt"),
                    K::NoSuchCause(c.prompt.clone()),
                );
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

    /// A title for lists: the label if set, else the id.
    pub fn display_label(&self) -> &str {
        self.label
            .as_deref()
            .filter(|l| !l.is_empty())
            .unwrap_or(&self.id)
    }
}

/// Something in a session that does not fit its own checklist, at a field path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionProblem {
    pub path: String,
    pub kind: SessionProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionProblemKind {
    BadId(String),
    /// A problem of the embedded checklist.
    Checklist(crate::checklist::ProblemKind),
    NoSuchItem(String),
    AnsweredTwice(String),
    OffScale(i64),
    NoSuchSource(String),
    NoSuchCause(String),
    UpdatedBeforeCreated {
        updated: String,
        created: String,
    },
    DoneWithoutDate,
}

impl SessionProblem {
    /// `path: what is wrong`, in `lang`, with texts from the file shown as one visible line.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        use crate::messages::errors as m;
        use SessionProblemKind as K;
        let shown = |s: &str| crate::sanitize::line(s).into_owned();
        let what = match &self.kind {
            K::BadId(id) => m::SESSION_BAD_ID.fmt(lang, &[("id", &shown(id))]),
            K::Checklist(kind) => kind.render(lang),
            K::NoSuchItem(id) => m::NO_SUCH_ITEM.fmt(lang, &[("id", &shown(id))]),
            K::AnsweredTwice(id) => m::ANSWERED_TWICE.fmt(lang, &[("id", &shown(id))]),
            K::OffScale(v) => m::OFF_SCALE.fmt(lang, &[("value", v)]),
            K::NoSuchSource(id) => m::NO_SUCH_SOURCE.fmt(lang, &[("id", &shown(id))]),
            K::NoSuchCause(id) => m::NO_SUCH_CAUSE.fmt(lang, &[("id", &shown(id))]),
            K::UpdatedBeforeCreated { updated, created } => {
                m::UPDATED_BEFORE_CREATED.fmt(lang, &[("updated", updated), ("created", created)])
            }
            K::DoneWithoutDate => m::DONE_WITHOUT_DATE.fmt(lang, &[]),
        };
        format!("{}: {what}", self.path)
    }
}
