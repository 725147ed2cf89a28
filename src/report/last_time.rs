//! How the previous session's measures were carried out (上次整改措施落实情况): the section a written
//! review opens with when its session was carried forward (`from`). The model only; the Markdown
//! export renders it, and the docx export can render the same model.
//!
//! Every action of the previous session is accounted for, in its checklist order:
//! - settled there (done or dropped): as it was settled, with date or reason;
//! - open there: as it stands now in this session (matched by id): done on a date, still open,
//!   overdue, dropped with the reason, or not carried (deleted, or its item left the checklist).
//!
//! A **repeat** (反弹) is an item this session rates above the lowest level although the previous
//! session had a measure for it that was done: the problem came back. Repeats are named first.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::checklist::{Checklist, Item};
use crate::session::{Action, ActionStatus, Answer, Rating, Session};

/// Where one of last time's measures stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    Done(Option<NaiveDate>),
    Open,
    /// Open and past its due date.
    Overdue(NaiveDate),
    /// Dropped, with the reason given (possibly empty).
    Dropped(String),
    /// Open last time and not in this session: deleted, or its item is no longer in the checklist.
    NotCarried,
}

/// One of last time's measures.
#[derive(Clone, Debug)]
pub struct Measure<'a> {
    /// The item in the previous session's checklist.
    pub item: &'a Item,
    /// The action as it stands: this session's copy if carried, else the previous session's.
    pub action: &'a Action,
    pub state: State,
}

/// An item that came back after its measure was done.
#[derive(Clone, Debug)]
pub struct Repeat<'a> {
    pub item: &'a Item,
    /// This session's rating (above the lowest level).
    pub rating: Rating,
    /// The measures of the previous session that were done for it.
    pub done: Vec<&'a Action>,
}

/// The section's content.
#[derive(Clone, Debug)]
pub struct LastTime<'a> {
    pub previous: &'a Session,
    pub repeats: Vec<Repeat<'a>>,
    pub measures: Vec<Measure<'a>>,
}

impl LastTime<'_> {
    /// How many measures are in each state: (done, open, overdue, dropped, not carried).
    pub fn counts(&self) -> [usize; 5] {
        let mut c = [0; 5];
        for m in &self.measures {
            let i = match m.state {
                State::Done(_) => 0,
                State::Open => 1,
                State::Overdue(_) => 2,
                State::Dropped(_) => 3,
                State::NotCarried => 4,
            };
            c[i] += 1;
        }
        c
    }
}

/// True when `after` rates the item above the lowest level of `checklist` although `before` had a
/// measure for it that was done, and that measure is not itself part of `after` (a session is no
/// repeat of itself): a repeat (反弹). Shared with `diff`.
pub fn is_repeat(checklist: &Checklist, before: &Answer, after: &Answer) -> bool {
    super::export::is_problem(checklist, after.rating)
        && before.actions.iter().any(|a| {
            a.status == ActionStatus::Done
                && !after.actions.iter().any(|b| {
                    if a.id.is_empty() || b.id.is_empty() {
                        a.text.split_whitespace().eq(b.text.split_whitespace())
                    } else {
                        b.id == a.id
                    }
                })
        })
}

/// The section for `session` given `previous`, the session it was carried forward from, as of
/// `date` (which decides what is overdue).
pub fn last_time<'a>(session: &'a Session, previous: &'a Session, date: NaiveDate) -> LastTime<'a> {
    let now: HashMap<&str, &Action> = session
        .answers
        .iter()
        .flat_map(|a| &a.actions)
        .map(|a| (a.id.as_str(), a))
        .collect();
    let before: HashMap<&str, &Answer> = previous
        .answers
        .iter()
        .map(|a| (a.item.as_str(), a))
        .collect();
    let mut measures = Vec::new();
    let mut repeats = Vec::new();
    for (_, item) in previous.checklist.items() {
        let Some(answer) = before.get(item.id.as_str()) else {
            continue;
        };
        for old in &answer.actions {
            let (action, state) = match old.status {
                ActionStatus::Done => (old, State::Done(old.done_on)),
                ActionStatus::Dropped => (old, State::Dropped(old.note.trim().to_string())),
                ActionStatus::Open => match now.get(old.id.as_str()) {
                    None => (old, State::NotCarried),
                    Some(cur) => (*cur, state_now(cur, date)),
                },
            };
            measures.push(Measure {
                item,
                action,
                state,
            });
        }
        if let Some(after) = session.answer(&item.id)
            && is_repeat(&session.checklist, answer, after)
        {
            repeats.push(Repeat {
                item,
                rating: after.rating,
                done: answer
                    .actions
                    .iter()
                    .filter(|a| a.status == ActionStatus::Done)
                    .collect(),
            });
        }
    }
    LastTime {
        previous,
        repeats,
        measures,
    }
}

fn state_now(action: &Action, date: NaiveDate) -> State {
    match action.status {
        ActionStatus::Done => State::Done(action.done_on),
        ActionStatus::Dropped => State::Dropped(action.note.trim().to_string()),
        ActionStatus::Open => match action.due {
            Some(due) if action.is_overdue(date) => State::Overdue(due),
            _ => State::Open,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{action, day, four_winds};

    #[test]
    fn every_measure_of_last_time_is_accounted_for_and_repeats_found() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00+08:00").unwrap();
        let mut q1 = Session::new("q1".into(), four_winds(), at);
        let f3 = q1.answer_mut("f3").unwrap();
        f3.actions
            .push(action("合并例会", "2026-04-30", ActionStatus::Done));
        f3.actions
            .push(action("压缩时长", "2026-05-31", ActionStatus::Open));
        q1.answer_mut("b1").unwrap().actions.extend([
            action("下基层", "2026-05-01", ActionStatus::Open),
            action("少听汇报", "2026-05-01", ActionStatus::Open),
        ]);
        q1.answer_mut("e1").unwrap().actions.push(Action {
            note: " 合并 ".into(),
            ..action("取消仪式", "2026-05-01", ActionStatus::Dropped)
        });
        q1.assign_action_ids();
        let mut q2 = Session::new("q2".into(), four_winds(), at);
        q2.carry_from(&q1);
        // 压缩时长 is done now, 下基层 stays open and overdue, 少听汇报 was deleted.
        let f3 = q2.answer_mut("f3").unwrap();
        f3.actions[0].status = ActionStatus::Done;
        f3.actions[0].done_on = Some(day("2026-05-20"));
        f3.rating = Rating::Value(3);
        q2.answer_mut("b1").unwrap().actions.truncate(1);
        let lt = last_time(&q2, &q1, day("2026-06-01"));
        let states: Vec<(&str, &State)> = lt
            .measures
            .iter()
            .map(|m| (m.action.text.as_str(), &m.state))
            .collect();
        assert_eq!(
            states,
            [
                ("合并例会", &State::Done(Some(day("2026-06-20")))),
                ("压缩时长", &State::Done(Some(day("2026-05-20")))),
                ("下基层", &State::Overdue(day("2026-05-01"))),
                ("少听汇报", &State::NotCarried),
                ("取消仪式", &State::Dropped("合并".into())),
            ]
        );
        assert_eq!(lt.counts(), [2, 0, 1, 1, 1]);
        assert_eq!(lt.repeats.len(), 1);
        assert_eq!(lt.repeats[0].item.id, "f3");
        assert_eq!(lt.repeats[0].done[0].text, "合并例会");
    }
}
