//! The diff as a value: what changed between two sessions, item by item and action by action.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::checklist::{Checklist, Group, Item, Text};
use crate::session::model::label_of;
use crate::session::{Action, ActionStatus, Answer, Rating, Session};

/// What two sessions differ in, grouped as B's checklist is.
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    pub a: SessionRef,
    pub b: SessionRef,
    pub checklist: ChecklistRef,
    /// The day "overdue" was judged on.
    pub today: NaiveDate,
    pub groups: Vec<GroupDiff>,
    pub overall: Counts,
    pub score_before: Option<i64>,
    pub score_after: Option<i64>,
}

/// Enough of a session to name it in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SessionRef {
    pub id: String,
    pub label: Option<String>,
    pub created: DateTime<FixedOffset>,
}

impl SessionRef {
    pub fn of(s: &Session) -> Self {
        SessionRef {
            id: s.id.clone(),
            label: label_of(s.label.as_deref()).map(str::to_string),
            created: s.created,
        }
    }

    /// The label if there is one, else the id.
    pub fn name(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChecklistRef {
    pub id: String,
    pub title: Text,
    pub version_a: u32,
    pub version_b: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupDiff {
    pub id: String,
    pub title: Text,
    pub items: Vec<ItemDiff>,
    pub actions: Vec<ActionDiff>,
    pub counts: Counts,
    /// Sum of the rated values in A / in B; `None` when nothing in the group is rated.
    pub score_before: Option<i64>,
    pub score_after: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ItemDiff {
    pub id: String,
    pub text: Text,
    pub before: Rating,
    pub after: Rating,
    /// The scale labels of `before` (A's scale) and `after` (B's scale), when they are values.
    pub before_label: Option<Text>,
    pub after_label: Option<Text>,
    pub change: Change,
    /// The manifestation text differs (ignoring surrounding whitespace); false for added and removed items.
    pub manifestation_changed: bool,
    /// Rated above the lowest level in B although A had a measure for it that was done (反弹).
    pub repeat: bool,
}

impl ItemDiff {
    /// Moved to or from "not applicable", from a value or from unrated alike (the JSON's
    /// `not_applicable_changed`).
    pub fn not_applicable_changed(&self) -> bool {
        (self.before == Rating::NotApplicable) != (self.after == Rating::NotApplicable)
    }
}

/// How one item's rating moved from A to B. The kinds are disjoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// The value went down: less serious.
    Improved,
    Worsened,
    Unchanged,
    /// Unrated in A, rated (a value or not applicable) in B.
    NewlyRated,
    /// Rated in A, unrated in B.
    NoLongerRated,
    /// A value in A, "not applicable" in B.
    NowNotApplicable,
    /// "Not applicable" in A, a value in B.
    NowApplicable,
    Added,
    Removed,
}

impl Change {
    /// What the same pair of sessions shows when read the other way round.
    pub fn mirrored(self) -> Change {
        match self {
            Change::Improved => Change::Worsened,
            Change::Worsened => Change::Improved,
            Change::Unchanged => Change::Unchanged,
            Change::NewlyRated => Change::NoLongerRated,
            Change::NoLongerRated => Change::NewlyRated,
            Change::NowNotApplicable => Change::NowApplicable,
            Change::NowApplicable => Change::NowNotApplicable,
            Change::Added => Change::Removed,
            Change::Removed => Change::Added,
        }
    }

    /// The name in the JSON contract (SPEC §7), which has no kinds of its own for "not applicable"
    /// moves: leaving the scale for "not applicable" reads as no longer rated, coming back as newly
    /// rated, and the item carries `"not_applicable_changed": true`.
    pub fn json_name(self) -> &'static str {
        match self {
            Change::Improved => "improved",
            Change::Worsened => "worsened",
            Change::Unchanged => "unchanged",
            Change::NewlyRated | Change::NowApplicable => "newly_rated",
            Change::NoLongerRated | Change::NowNotApplicable => "no_longer_rated",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }

    pub(super) fn of(before: Rating, after: Rating) -> Change {
        match (before, after) {
            (Rating::Value(a), Rating::Value(b)) if b < a => Change::Improved,
            (Rating::Value(a), Rating::Value(b)) if b > a => Change::Worsened,
            (Rating::Unrated, Rating::Unrated)
            | (Rating::NotApplicable, Rating::NotApplicable)
            | (Rating::Value(_), Rating::Value(_)) => Change::Unchanged,
            (Rating::Unrated, _) => Change::NewlyRated,
            (_, Rating::Unrated) => Change::NoLongerRated,
            (Rating::Value(_), Rating::NotApplicable) => Change::NowNotApplicable,
            (Rating::NotApplicable, Rating::Value(_)) => Change::NowApplicable,
        }
    }
}

/// What happened to one action between A and B (SPEC §10's `change`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionChange {
    /// Open (or dropped) in A, done in B.
    Done,
    /// In both, open in B and not past its due date.
    StillOpen,
    /// In both, open in B and past its due date.
    Overdue,
    /// Only in B, whatever its status.
    New,
    /// Dropped in B, or an open action of A that B no longer has: dropped *since A*.
    Dropped,
    /// Settled in A (done or dropped) and left so: kept behind by `new --from`, or still settled in
    /// B. News to nobody, so not counted in the summary; listed so that an action dropped in A is
    /// named as dropped *in A*, never as dropped in B.
    Carried,
}

impl ActionChange {
    /// The name in the JSON contract (SPEC §10).
    pub fn json_name(self) -> &'static str {
        match self {
            ActionChange::Done => "done",
            ActionChange::StillOpen => "still_open",
            ActionChange::Overdue => "overdue",
            ActionChange::New => "new",
            ActionChange::Dropped => "dropped",
            ActionChange::Carried => "carried",
        }
    }

    fn of(before: Option<ActionStatus>, after: Option<ActionStatus>, overdue: bool) -> Self {
        use ActionStatus::{Done, Dropped, Open};
        match (before, after) {
            (None, _) => ActionChange::New,
            (Some(Open | Dropped), Some(Done)) => ActionChange::Done,
            (Some(Done | Dropped), None)
            | (Some(Done), Some(Done))
            | (Some(Dropped), Some(Dropped)) => ActionChange::Carried,
            (Some(_), Some(Open)) if overdue => ActionChange::Overdue,
            (Some(_), Some(Open)) => ActionChange::StillOpen,
            (Some(Open | Done), Some(Dropped)) | (Some(Open), None) => ActionChange::Dropped,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActionDiff {
    /// The action's id (B's, or A's when B no longer has it).
    pub id: String,
    /// A's status; `None` when the action is new in B.
    pub before: Option<ActionStatus>,
    pub item: String,
    pub item_text: Text,
    pub text: String,
    pub due: Option<NaiveDate>,
    /// B's status; `None` when B no longer has the action.
    pub status: Option<ActionStatus>,
    pub done_on: Option<NaiveDate>,
    pub note: String,
    pub change: ActionChange,
    /// Open in B and past its due date on `today`.
    pub overdue: bool,
}

/// Counts of every kind of change, for a group or for the whole diff.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub improved: usize,
    pub worsened: usize,
    pub unchanged: usize,
    /// Of the unchanged, those unrated in both sessions.
    pub unrated_both: usize,
    pub newly_rated: usize,
    pub no_longer_rated: usize,
    pub now_not_applicable: usize,
    pub now_applicable: usize,
    pub manifestation_changed: usize,
    pub added: usize,
    pub removed: usize,
    pub actions_done: usize,
    pub actions_open: usize,
    pub actions_overdue: usize,
    pub actions_new: usize,
    pub actions_dropped: usize,
    /// Dropped already in A (and so not carried): named as such, not counted as dropped since A.
    pub actions_dropped_before: usize,
    /// Items rated a problem again in B although their measure was done in A (反弹).
    pub repeats: usize,
    /// Items moved to or from "not applicable" ([`ItemDiff::not_applicable_changed`]).
    pub not_applicable_changed: usize,
}

impl Counts {
    pub(super) fn count_item(&mut self, item: &ItemDiff) {
        if item.repeat {
            self.repeats += 1;
        }
        match item.change {
            Change::Improved => self.improved += 1,
            Change::Worsened => self.worsened += 1,
            Change::Unchanged => {
                self.unchanged += 1;
                if item.after == Rating::Unrated {
                    self.unrated_both += 1;
                }
            }
            Change::NewlyRated => self.newly_rated += 1,
            Change::NoLongerRated => self.no_longer_rated += 1,
            Change::NowNotApplicable => self.now_not_applicable += 1,
            Change::NowApplicable => self.now_applicable += 1,
            Change::Added => self.added += 1,
            Change::Removed => self.removed += 1,
        }
        if item.manifestation_changed {
            self.manifestation_changed += 1;
        }
        if item.not_applicable_changed() {
            self.not_applicable_changed += 1;
        }
    }

    pub(super) fn count_action(&mut self, action: &ActionDiff) {
        match action.change {
            ActionChange::Done => self.actions_done += 1,
            // "Still open" counts the overdue ones too; `actions_overdue` counts every overdue row.
            ActionChange::StillOpen | ActionChange::Overdue => self.actions_open += 1,
            ActionChange::New => self.actions_new += 1,
            ActionChange::Dropped => self.actions_dropped += 1,
            ActionChange::Carried => {
                if action.before == Some(ActionStatus::Dropped) {
                    self.actions_dropped_before += 1;
                }
            }
        }
        if action.overdue {
            self.actions_overdue += 1;
        }
    }

    pub(super) fn add(&mut self, o: &Counts) {
        self.improved += o.improved;
        self.worsened += o.worsened;
        self.unchanged += o.unchanged;
        self.unrated_both += o.unrated_both;
        self.newly_rated += o.newly_rated;
        self.no_longer_rated += o.no_longer_rated;
        self.now_not_applicable += o.now_not_applicable;
        self.now_applicable += o.now_applicable;
        self.manifestation_changed += o.manifestation_changed;
        self.added += o.added;
        self.removed += o.removed;
        self.actions_done += o.actions_done;
        self.actions_open += o.actions_open;
        self.actions_overdue += o.actions_overdue;
        self.actions_new += o.actions_new;
        self.actions_dropped += o.actions_dropped;
        self.actions_dropped_before += o.actions_dropped_before;
        self.repeats += o.repeats;
        self.not_applicable_changed += o.not_applicable_changed;
    }

    /// Anything moved between A and B. Open and overdue actions are states, not changes, so a session
    /// compared with itself has changed nothing even if it has overdue actions.
    pub fn changed(&self) -> bool {
        self.improved
            + self.worsened
            + self.newly_rated
            + self.no_longer_rated
            + self.now_not_applicable
            + self.now_applicable
            + self.manifestation_changed
            + self.added
            + self.removed
            + self.actions_done
            + self.actions_new
            + self.actions_dropped
            + self.repeats
            > 0
    }
}

impl Diff {
    pub fn changed(&self) -> bool {
        self.overall.changed()
    }

    /// Every item, in report order.
    pub fn items(&self) -> impl Iterator<Item = (&GroupDiff, &ItemDiff)> {
        self.groups
            .iter()
            .flat_map(|g| g.items.iter().map(move |i| (g, i)))
    }

    pub fn actions(&self) -> impl Iterator<Item = (&GroupDiff, &ActionDiff)> {
        self.groups
            .iter()
            .flat_map(|g| g.actions.iter().map(move |a| (g, a)))
    }
}

/// Compares session `a` (earlier) with `b` (later). Both should be of the same checklist; the caller
/// checks that and says so to the user, this function simply matches items by id.
pub fn diff(a: &Session, b: &Session, today: NaiveDate) -> Diff {
    // Carried forward from A: ids are the whole truth. Otherwise (sessions made apart, or from a
    // format-1 past) actions left unmatched by id may still pair by their text.
    let by_text = b.from.as_deref() != Some(a.id.as_str());
    let a_items = index(a);
    let b_items = index(b);
    let mut groups: Vec<GroupDiff> = Vec::new();
    let mut group_at: HashMap<&str, usize> = HashMap::new();

    for group in &b.checklist.groups {
        group_at.insert(&group.id, groups.len());
        groups.push(empty_group(group));
    }
    // Items of B in B's order: matched or added.
    for (group, item) in b.checklist.items() {
        let Some(&g) = group_at.get(group.id.as_str()) else {
            continue;
        };
        let after = b_items.get(item.id.as_str()).copied();
        let before = a_items.get(item.id.as_str()).copied();
        push_item(
            &mut groups[g],
            item,
            before,
            after,
            &a.checklist,
            &b.checklist,
            Pairing { today, by_text },
        );
    }
    // Items only A has: removed, in A's group (appended after B's groups if B lacks that group).
    for (group, item) in a.checklist.items() {
        if b_items.contains_key(item.id.as_str()) {
            continue;
        }
        let g = match group_at.get(group.id.as_str()) {
            Some(&g) => g,
            None => {
                group_at.insert(&group.id, groups.len());
                groups.push(empty_group(group));
                groups.len() - 1
            }
        };
        let before = a_items.get(item.id.as_str()).copied();
        push_item(
            &mut groups[g],
            item,
            before,
            None,
            &a.checklist,
            &b.checklist,
            Pairing { today, by_text },
        );
    }

    let mut overall = Counts::default();
    let (mut before_sum, mut after_sum) = (None, None);
    for g in &mut groups {
        let mut counts = Counts::default();
        g.items.iter().for_each(|i| counts.count_item(i));
        g.actions.iter().for_each(|a| counts.count_action(a));
        g.counts = counts;
        overall.add(&counts);
        before_sum = add_opt(before_sum, g.score_before);
        after_sum = add_opt(after_sum, g.score_after);
    }
    Diff {
        a: SessionRef::of(a),
        b: SessionRef::of(b),
        checklist: ChecklistRef {
            id: b.checklist.id.clone(),
            title: b.checklist.title.clone(),
            version_a: a.checklist.version,
            version_b: b.checklist.version,
        },
        today,
        groups,
        overall,
        score_before: before_sum,
        score_after: after_sum,
    }
}

/// Item id → its answer, for every item of the session's checklist.
pub(super) fn index(s: &Session) -> HashMap<&str, &Answer> {
    let by_id: HashMap<&str, &Answer> = s.answers.iter().map(|a| (a.item.as_str(), a)).collect();
    s.checklist
        .items()
        .map(|(_, i)| {
            let answer = by_id
                .get(i.id.as_str())
                .copied()
                .unwrap_or(&crate::session::model::NO_ANSWER);
            (i.id.as_str(), answer)
        })
        .collect()
}

pub(super) fn empty_group(group: &Group) -> GroupDiff {
    GroupDiff {
        id: group.id.clone(),
        title: group.title.clone(),
        items: Vec::new(),
        actions: Vec::new(),
        counts: Counts::default(),
        score_before: None,
        score_after: None,
    }
}

pub(super) fn add_opt(sum: Option<i64>, v: Option<i64>) -> Option<i64> {
    match (sum, v) {
        (None, v) => v,
        (s, None) => s,
        (Some(s), Some(v)) => Some(s.saturating_add(v)),
    }
}

/// How actions are paired: "overdue" is judged on `today`; `by_text` lets actions left unmatched by
/// id pair by their text (see [`match_actions`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Pairing {
    pub today: NaiveDate,
    pub by_text: bool,
}

pub(super) fn push_item(
    group: &mut GroupDiff,
    item: &Item,
    before: Option<&Answer>,
    after: Option<&Answer>,
    a_list: &Checklist,
    b_list: &Checklist,
    pairing: Pairing,
) {
    let Pairing { today, by_text } = pairing;
    let before_rating = before.map_or(Rating::Unrated, |a| a.rating);
    let after_rating = after.map_or(Rating::Unrated, |a| a.rating);
    let change = match (before, after) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ => Change::of(before_rating, after_rating),
    };
    let manifestation_changed = match (before, after) {
        (Some(x), Some(y)) => x.manifestation.trim() != y.manifestation.trim(),
        _ => false,
    };
    group.score_before = add_opt(group.score_before, before_rating.value());
    group.score_after = add_opt(group.score_after, after_rating.value());
    let label = |list: &Checklist, r: Rating| {
        r.value()
            .and_then(|v| list.level(v))
            .map(|l| l.label.clone())
    };
    group.items.push(ItemDiff {
        id: item.id.clone(),
        text: item.text.clone(),
        before: before_rating,
        after: after_rating,
        before_label: label(a_list, before_rating),
        after_label: label(b_list, after_rating),
        change,
        manifestation_changed,
        repeat: matches!((before, after), (Some(x), Some(y)) if crate::report::last_time::is_repeat(b_list, x, y)),
    });
    let no_actions: &[Action] = &[];
    let a_actions = before.map_or(no_actions, |a| a.actions.as_slice());
    let b_actions = after.map_or(no_actions, |a| a.actions.as_slice());
    match_actions(group, item, a_actions, b_actions, today, by_text);
}

/// Whitespace-insensitive text used to pair actions: "精简 会议 " and "精简 会议" are the same measure.
pub(super) fn action_key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pairs the actions of one item: by id first; then, for what is left, by text (see [`action_key`])
/// where `by_text` allows it or either side of a pair has no id. Every action of B is listed, and
/// every action of A that B does not have.
pub(super) fn match_actions(
    group: &mut GroupDiff,
    item: &Item,
    a_actions: &[Action],
    b_actions: &[Action],
    today: NaiveDate,
    by_text: bool,
) {
    let a_by_id: HashMap<&str, usize> = a_actions
        .iter()
        .enumerate()
        .filter(|(_, x)| !x.id.is_empty())
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    let mut paired: HashSet<usize> = HashSet::new();
    let mut partner: Vec<Option<usize>> = b_actions
        .iter()
        .map(|x| {
            let i = *a_by_id.get(x.id.as_str()).filter(|_| !x.id.is_empty())?;
            paired.insert(i).then_some(i)
        })
        .collect();
    let mut unmatched: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (i, act) in a_actions.iter().enumerate() {
        if !paired.contains(&i) {
            unmatched
                .entry(action_key(&act.text))
                .or_default()
                .push_back(i);
        }
    }
    for (j, act) in b_actions.iter().enumerate() {
        if partner[j].is_some() {
            continue;
        }
        let Some(queue) = unmatched.get_mut(&action_key(&act.text)) else {
            continue;
        };
        let allowed = |i: &usize| by_text || act.id.is_empty() || a_actions[*i].id.is_empty();
        if let Some(k) = queue.iter().position(allowed)
            && let Some(i) = queue.remove(k)
        {
            paired.insert(i);
            partner[j] = Some(i);
        }
    }
    for (act, p) in b_actions.iter().zip(&partner) {
        let before = p.map(|i| a_actions[i].status);
        let overdue = act.is_overdue(today);
        group.actions.push(ActionDiff {
            id: act.id.clone(),
            before,
            item: item.id.clone(),
            item_text: item.text.clone(),
            text: act.text.clone(),
            due: act.due,
            status: Some(act.status),
            done_on: act.done_on,
            note: act.note.clone(),
            change: ActionChange::of(before, Some(act.status), overdue),
            overdue,
        });
    }
    for (i, act) in a_actions.iter().enumerate() {
        if !paired.contains(&i) {
            group.actions.push(ActionDiff {
                id: act.id.clone(),
                before: Some(act.status),
                item: item.id.clone(),
                item_text: item.text.clone(),
                text: act.text.clone(),
                due: act.due,
                status: None,
                done_on: act.done_on,
                note: act.note.clone(),
                change: ActionChange::of(Some(act.status), None, false),
                overdue: false,
            });
        }
    }
}
