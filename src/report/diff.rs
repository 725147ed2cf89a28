//! The diff of two sessions of one checklist (SPEC §6): which items improved or got worse, which
//! promised actions were done, which are overdue. Pure: two sessions and "today" in, a [`Diff`] out.
//! Every rendering reads that one value: [`lines`] (text, and what a TUI Compare screen shows),
//! [`render_text`], [`render_markdown`] and [`render_json`] (the contract of SPEC §7).
//!
//! Matching rules:
//! - Items are matched by id. An item only in B is *added*, only in A *removed* (the embedded checklists
//!   differ). Groups follow B's checklist order; groups only A has come after them.
//! - Actions are matched within one item by their text, compared after trimming and collapsing runs of
//!   whitespace; several actions with the same text pair up in order. An action in B with no partner is
//!   *new*; an open action of A with no partner in B was removed and counts as *dropped*.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use super::layout::{Align, columns, md_inline};
use crate::checklist::{Checklist, Group, Item, Text};
use crate::i18n::{Lang, Msg};
use crate::messages::compare as m;
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
            label: s.label.clone().filter(|l| !l.trim().is_empty()),
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

    fn of(before: Rating, after: Rating) -> Change {
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

/// What happened to one action between A and B. Actions that stayed done or stayed dropped are news
/// to nobody and are left out of the diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionChange {
    /// Open (or dropped) in A, done in B.
    Done,
    /// In both, open in B.
    StillOpen,
    /// Only in B, whatever its status.
    New,
    /// Dropped in B with a note, or an open action of A that B no longer has.
    Dropped,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActionDiff {
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
}

impl Counts {
    fn count_item(&mut self, item: &ItemDiff) {
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
    }

    fn count_action(&mut self, action: &ActionDiff) {
        match action.change {
            ActionChange::Done => self.actions_done += 1,
            ActionChange::StillOpen => self.actions_open += 1,
            ActionChange::New => self.actions_new += 1,
            ActionChange::Dropped => self.actions_dropped += 1,
        }
        if action.overdue {
            self.actions_overdue += 1;
        }
    }

    fn add(&mut self, o: &Counts) {
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
            today,
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
            today,
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

/// What picking sessions to compare needs to know of each: enough to order them and match checklists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionKey {
    pub created: DateTime<FixedOffset>,
    pub id: String,
    pub checklist: String,
}

impl SessionKey {
    pub fn of(s: &Session) -> Self {
        SessionKey {
            created: s.created,
            id: s.id.clone(),
            checklist: s.checklist.id.clone(),
        }
    }

    fn order(&self) -> (DateTime<FixedOffset>, &str) {
        (self.created, &self.id)
    }
}

/// The session to compare `s` with: the latest of the same checklist created before it (ties on
/// `created` broken by id), as `zicha diff B` and the TUI's compare key pick it.
pub fn previous_of<'a>(all: &'a [SessionKey], s: &SessionKey) -> Option<&'a SessionKey> {
    all.iter()
        .filter(|x| x.checklist == s.checklist && x.order() < s.order())
        .max_by(|x, y| x.order().cmp(&y.order()))
}

/// The latest session of all (by `created`, then id), as `zicha diff` without arguments picks it.
pub fn latest(all: &[SessionKey]) -> Option<&SessionKey> {
    all.iter().max_by(|x, y| x.order().cmp(&y.order()))
}

/// Item id → its answer, for every item of the session's checklist.
fn index(s: &Session) -> HashMap<&str, &Answer> {
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

fn empty_group(group: &Group) -> GroupDiff {
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

fn add_opt(sum: Option<i64>, v: Option<i64>) -> Option<i64> {
    match (sum, v) {
        (None, v) => v,
        (s, None) => s,
        (Some(s), Some(v)) => Some(s.saturating_add(v)),
    }
}

fn push_item(
    group: &mut GroupDiff,
    item: &Item,
    before: Option<&Answer>,
    after: Option<&Answer>,
    a_list: &Checklist,
    b_list: &Checklist,
    today: NaiveDate,
) {
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
    });
    let no_actions: &[Action] = &[];
    let a_actions = before.map_or(no_actions, |a| a.actions.as_slice());
    let b_actions = after.map_or(no_actions, |a| a.actions.as_slice());
    match_actions(group, item, a_actions, b_actions, today);
}

/// Whitespace-insensitive text used to pair actions: "精简 会议 " and "精简 会议" are the same measure.
fn action_key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn match_actions(
    group: &mut GroupDiff,
    item: &Item,
    a_actions: &[Action],
    b_actions: &[Action],
    today: NaiveDate,
) {
    let mut unmatched: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (i, act) in a_actions.iter().enumerate() {
        unmatched
            .entry(action_key(&act.text))
            .or_default()
            .push_back(i);
    }
    let mut paired: HashSet<usize> = HashSet::new();
    for act in b_actions {
        let partner = unmatched
            .get_mut(&action_key(&act.text))
            .and_then(VecDeque::pop_front)
            .map(|i| {
                paired.insert(i);
                &a_actions[i]
            });
        let change = match (partner.map(|p| p.status), act.status) {
            (None, _) => Some(ActionChange::New),
            (Some(ActionStatus::Done), ActionStatus::Done) => None,
            (Some(_), ActionStatus::Done) => Some(ActionChange::Done),
            (Some(ActionStatus::Dropped), ActionStatus::Dropped) => None,
            (Some(_), ActionStatus::Dropped) => Some(ActionChange::Dropped),
            (Some(_), ActionStatus::Open) => Some(ActionChange::StillOpen),
        };
        if let Some(change) = change {
            group.actions.push(ActionDiff {
                item: item.id.clone(),
                item_text: item.text.clone(),
                text: act.text.clone(),
                due: act.due,
                status: Some(act.status),
                done_on: act.done_on,
                note: act.note.clone(),
                change,
                overdue: act.is_overdue(today),
            });
        }
    }
    for (i, act) in a_actions.iter().enumerate() {
        if !paired.contains(&i) && act.is_open() {
            group.actions.push(ActionDiff {
                item: item.id.clone(),
                item_text: item.text.clone(),
                text: act.text.clone(),
                due: act.due,
                status: None,
                done_on: None,
                note: String::new(),
                change: ActionChange::Dropped,
                overdue: false,
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lines: the text report, and what a TUI Compare screen shows (one styled line each).

/// What a line is, so that a screen can style it (a heading bold, worse red, better green).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Heading,
    Summary,
    Better,
    Worse,
    Plain,
    Blank,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub text: String,
}

impl Line {
    fn new(kind: LineKind, text: impl Into<String>) -> Self {
        Line {
            kind,
            text: text.into(),
        }
    }

    fn blank() -> Self {
        Line::new(LineKind::Blank, "")
    }
}

/// The arrow of plain text: `→` is East-Asian ambiguous width and would break columns in CJK terminals.
const ARROW: &str = "->";

/// The diff as lines: who is compared, a summary to read aloud, the per-group table, then the detail.
/// The text format is these lines joined; a TUI screen can show them as they are, styled by kind.
pub fn lines(d: &Diff, lang: Lang) -> Vec<Line> {
    let mut out = vec![
        Line::new(
            LineKind::Title,
            m::DIFF_TITLE.fmt(lang, &[("a", &d.a.name()), ("b", &d.b.name())]),
        ),
        Line::new(LineKind::Plain, session_line(lang, "A", &d.a)),
        Line::new(LineKind::Plain, session_line(lang, "B", &d.b)),
        Line::new(LineKind::Plain, checklist_line(lang, &d.checklist)),
        Line::blank(),
    ];
    out.extend(
        summary_sentences(d, lang)
            .into_iter()
            .map(|s| Line::new(LineKind::Summary, s)),
    );

    if d.groups.len() > 1 || d.overall.changed() {
        out.push(Line::blank());
        out.extend(group_table(d, lang));
    }

    for section in detail_sections(d, lang) {
        out.push(Line::blank());
        out.push(Line::new(
            LineKind::Heading,
            m::SECTION.fmt(
                lang,
                &[("title", &section.title), ("n", &section.lines.len())],
            ),
        ));
        out.extend(
            section
                .lines
                .into_iter()
                .map(|t| Line::new(section.kind, format!("  {t}"))),
        );
    }
    out
}

/// The text format: [`lines`] joined, one per row.
pub fn render_text(d: &Diff, lang: Lang) -> String {
    let mut s = String::new();
    for line in lines(d, lang) {
        s.push_str(&line.text);
        s.push('\n');
    }
    s
}

fn session_line(lang: Lang, tag: &str, s: &SessionRef) -> String {
    let mut parts = vec![
        tag.to_string(),
        s.created.format("%Y-%m-%d").to_string(),
        s.id.clone(),
    ];
    if let Some(l) = &s.label {
        parts.push(m::QUOTED.fmt(lang, &[("text", l)]));
    }
    format!("  {}", parts.join("  "))
}

fn checklist_line(lang: Lang, c: &ChecklistRef) -> String {
    let version = if c.version_a == c.version_b {
        m::VERSION.fmt(lang, &[("v", &c.version_b)])
    } else {
        m::VERSIONS.fmt(lang, &[("a", &c.version_a), ("b", &c.version_b)])
    };
    m::CHECKLIST_LINE.fmt(
        lang,
        &[
            ("title", &c.title.get(lang)),
            ("id", &c.id),
            ("version", &version),
        ],
    )
}

/// Joins the non-zero clauses into one sentence, or `None` if all are zero.
fn clauses(lang: Lang, parts: &[(usize, &Msg)]) -> Option<String> {
    let said: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, msg)| msg.fmt(lang, &[("n", n)]))
        .collect();
    (!said.is_empty()).then(|| {
        format!(
            "{}{}",
            said.join(m::LIST_SEP.get(lang)),
            m::SENTENCE_END.get(lang)
        )
    })
}

fn score_text(lang: Lang, v: Option<i64>) -> String {
    v.map_or_else(|| m::NO_SCORE.get(lang).to_string(), |v| v.to_string())
}

/// A few sentences that tell the story: ratings, score, actions.
pub fn summary_sentences(d: &Diff, lang: Lang) -> Vec<String> {
    let c = &d.overall;
    let mut out = Vec::new();
    if !c.changed() {
        out.push(m::NOTHING_CHANGED.get(lang).to_string());
    }
    let rated = c.improved + c.worsened + c.unchanged;
    if rated > 0 || c.changed() {
        let msg = if c.unrated_both > 0 {
            &m::SUM_RATINGS_UNRATED
        } else {
            &m::SUM_RATINGS
        };
        out.push(msg.fmt(
            lang,
            &[
                ("improved", &c.improved),
                ("worsened", &c.worsened),
                ("unchanged", &c.unchanged),
                ("unrated", &c.unrated_both),
            ],
        ));
    }
    if let Some(s) = clauses(
        lang,
        &[
            (c.newly_rated, &m::SUM_NEWLY_RATED),
            (c.no_longer_rated, &m::SUM_NO_LONGER_RATED),
            (c.now_not_applicable, &m::SUM_NOW_NA),
            (c.now_applicable, &m::SUM_NOW_APPLICABLE),
            (c.manifestation_changed, &m::SUM_MANIFESTATION),
            (c.added, &m::SUM_ADDED),
            (c.removed, &m::SUM_REMOVED),
        ],
    ) {
        out.push(s);
    }
    if d.score_before.is_some() || d.score_after.is_some() {
        out.push(m::SUM_SCORE.fmt(
            lang,
            &[
                ("before", &score_text(lang, d.score_before)),
                ("after", &score_text(lang, d.score_after)),
                ("arrow", &ARROW),
            ],
        ));
    }
    match clauses(
        lang,
        &[
            (c.actions_done, &m::SUM_ACTIONS_DONE),
            (c.actions_open, &m::SUM_ACTIONS_OPEN),
            (c.actions_overdue, &m::SUM_ACTIONS_OVERDUE),
            (c.actions_new, &m::SUM_ACTIONS_NEW),
            (c.actions_dropped, &m::SUM_ACTIONS_DROPPED),
        ],
    ) {
        Some(s) => out.push(m::SUM_ACTIONS.fmt(lang, &[("list", &s)])),
        None => out.push(m::SUM_NO_ACTIONS.get(lang).to_string()),
    }
    out
}

fn group_table(d: &Diff, lang: Lang) -> Vec<Line> {
    let header = vec![
        m::COL_GROUP.get(lang).to_string(),
        m::COL_SCORE.get(lang).to_string(),
        m::COL_IMPROVED.get(lang).to_string(),
        m::COL_WORSENED.get(lang).to_string(),
        m::COL_UNCHANGED.get(lang).to_string(),
        m::COL_OTHER.get(lang).to_string(),
        m::COL_ACTIONS_DONE.get(lang).to_string(),
        m::COL_ACTIONS_OVERDUE.get(lang).to_string(),
    ];
    let row = |title: &str, c: &Counts, before: Option<i64>, after: Option<i64>| {
        vec![
            title.to_string(),
            format!(
                "{} {ARROW} {}",
                score_text(lang, before),
                score_text(lang, after)
            ),
            c.improved.to_string(),
            c.worsened.to_string(),
            c.unchanged.to_string(),
            other_count(c).to_string(),
            c.actions_done.to_string(),
            c.actions_overdue.to_string(),
        ]
    };
    let mut rows = vec![header];
    for g in &d.groups {
        rows.push(row(
            g.title.get(lang),
            &g.counts,
            g.score_before,
            g.score_after,
        ));
    }
    rows.push(row(
        m::TOTAL.get(lang),
        &d.overall,
        d.score_before,
        d.score_after,
    ));
    let mut align = vec![Align::Left];
    align.extend([Align::Right; 7]);
    let last = rows.len() - 1;
    columns(&rows, &align, "  ")
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let kind = if i == 0 {
                LineKind::Heading
            } else if i == last {
                LineKind::Summary
            } else {
                let g = &d.groups[i - 1];
                match g.score_after.unwrap_or(0).cmp(&g.score_before.unwrap_or(0)) {
                    std::cmp::Ordering::Less => LineKind::Better,
                    std::cmp::Ordering::Greater => LineKind::Worse,
                    std::cmp::Ordering::Equal => LineKind::Plain,
                }
            };
            Line::new(kind, text)
        })
        .collect()
}

/// Rating moves that are neither better, worse nor the same: newly / no longer rated, "not
/// applicable" moves, added and removed items.
fn other_count(c: &Counts) -> usize {
    c.newly_rated
        + c.no_longer_rated
        + c.now_not_applicable
        + c.now_applicable
        + c.added
        + c.removed
}

struct Section {
    title: String,
    kind: LineKind,
    lines: Vec<String>,
}

fn rating_text(lang: Lang, r: Rating, label: Option<&Text>) -> String {
    match (r, label) {
        (Rating::Value(v), Some(l)) => format!("{v} {}", l.get(lang)),
        (Rating::Value(v), None) => v.to_string(),
        (Rating::NotApplicable, _) => m::NOT_APPLICABLE.get(lang).to_string(),
        (Rating::Unrated, _) => m::UNRATED.get(lang).to_string(),
    }
}

fn item_move(lang: Lang, i: &ItemDiff, arrow: &str) -> String {
    format!(
        "{} {arrow} {}",
        rating_text(lang, i.before, i.before_label.as_ref()),
        rating_text(lang, i.after, i.after_label.as_ref())
    )
}

fn item_name(lang: Lang, g: &GroupDiff, i: &ItemDiff) -> String {
    m::ITEM_IN_GROUP.fmt(
        lang,
        &[
            ("id", &i.id),
            ("text", &i.text.get(lang)),
            ("group", &g.title.get(lang)),
        ],
    )
}

fn action_detail(lang: Lang, a: &ActionDiff) -> String {
    let mut extra = Vec::new();
    if let Some(due) = a.due {
        extra.push(m::DUE.fmt(lang, &[("date", &due)]));
    }
    if a.overdue {
        extra.push(m::OVERDUE.get(lang).to_string());
    }
    match (a.status, a.done_on) {
        (Some(ActionStatus::Done), Some(on)) => extra.push(m::DONE_ON.fmt(lang, &[("date", &on)])),
        (Some(ActionStatus::Done), None) => extra.push(m::DONE.get(lang).to_string()),
        (Some(ActionStatus::Dropped), _) if !a.note.trim().is_empty() => {
            extra.push(m::DROPPED_BECAUSE.fmt(lang, &[("note", &a.note.trim())]))
        }
        (Some(ActionStatus::Dropped), _) => extra.push(m::DROPPED.get(lang).to_string()),
        (None, _) => extra.push(m::REMOVED_FROM_B.get(lang).to_string()),
        (Some(ActionStatus::Open), _) => {}
    }
    let text = one_line(&a.text);
    if extra.is_empty() {
        text
    } else {
        format!(
            "{text}{}",
            m::PARENS.fmt(lang, &[("list", &extra.join(m::LIST_SEP.get(lang)))])
        )
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which actions a detail section lists.
type ActionFilter = fn(&ActionDiff) -> bool;

/// The item-by-item detail, one section per kind of change, empty sections left out.
fn detail_sections(d: &Diff, lang: Lang) -> Vec<Section> {
    let item_sections: [(Change, &Msg, LineKind); 8] = [
        (Change::Worsened, &m::SEC_WORSENED, LineKind::Worse),
        (Change::Improved, &m::SEC_IMPROVED, LineKind::Better),
        (Change::NewlyRated, &m::SEC_NEWLY_RATED, LineKind::Plain),
        (
            Change::NoLongerRated,
            &m::SEC_NO_LONGER_RATED,
            LineKind::Plain,
        ),
        (Change::NowNotApplicable, &m::SEC_NOW_NA, LineKind::Plain),
        (
            Change::NowApplicable,
            &m::SEC_NOW_APPLICABLE,
            LineKind::Plain,
        ),
        (Change::Added, &m::SEC_ADDED, LineKind::Plain),
        (Change::Removed, &m::SEC_REMOVED, LineKind::Plain),
    ];
    let mut out = Vec::new();
    for (change, title, kind) in item_sections {
        let lines: Vec<String> = d
            .items()
            .filter(|(_, i)| i.change == change)
            .map(|(g, i)| match change {
                Change::Added | Change::Removed => item_name(lang, g, i),
                _ => m::DETAIL_LINE.fmt(
                    lang,
                    &[
                        ("item", &item_name(lang, g, i)),
                        ("detail", &item_move(lang, i, ARROW)),
                    ],
                ),
            })
            .collect();
        out.push(Section {
            title: title.get(lang).to_string(),
            kind,
            lines,
        });
    }
    out.push(Section {
        title: m::SEC_MANIFESTATION.get(lang).to_string(),
        kind: LineKind::Plain,
        lines: d
            .items()
            .filter(|(_, i)| i.manifestation_changed)
            .map(|(g, i)| item_name(lang, g, i))
            .collect(),
    });
    let action_sections: [(&Msg, LineKind, ActionFilter); 5] = [
        (&m::SEC_ACTIONS_OVERDUE, LineKind::Worse, |a| a.overdue),
        (&m::SEC_ACTIONS_DONE, LineKind::Better, |a| {
            a.change == ActionChange::Done
        }),
        (&m::SEC_ACTIONS_OPEN, LineKind::Plain, |a| {
            a.change == ActionChange::StillOpen
        }),
        (&m::SEC_ACTIONS_NEW, LineKind::Plain, |a| {
            a.change == ActionChange::New
        }),
        (&m::SEC_ACTIONS_DROPPED, LineKind::Plain, |a| {
            a.change == ActionChange::Dropped
        }),
    ];
    for (title, kind, keep) in action_sections {
        out.push(Section {
            title: title.get(lang).to_string(),
            kind,
            lines: d
                .actions()
                .filter(|(_, a)| keep(a))
                .map(|(_, a)| {
                    m::DETAIL_LINE.fmt(
                        lang,
                        &[
                            (
                                "item",
                                &m::ITEM_REF.fmt(
                                    lang,
                                    &[("id", &a.item), ("text", &a.item_text.get(lang))],
                                ),
                            ),
                            ("detail", &action_detail(lang, a)),
                        ],
                    )
                })
                .collect(),
        });
    }
    out.retain(|s| !s.lines.is_empty());
    out
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// The diff as Markdown: the same summary, a table per group, the detail as lists.
pub fn render_markdown(d: &Diff, lang: Lang) -> String {
    let mut s = String::new();
    let arrow = "→";
    s.push_str(&format!(
        "# {}\n\n",
        md_inline(&m::DIFF_TITLE.fmt(lang, &[("a", &d.a.name()), ("b", &d.b.name())]))
    ));
    for (tag, r) in [("A", &d.a), ("B", &d.b)] {
        s.push_str(&format!(
            "- {tag}: `{}` {}{}\n",
            r.id,
            r.created.format("%Y-%m-%d"),
            r.label
                .as_ref()
                .map(|l| format!(" {}", md_inline(&m::QUOTED.fmt(lang, &[("text", l)]))))
                .unwrap_or_default()
        ));
    }
    s.push_str(&format!(
        "- {}\n\n",
        md_inline(&checklist_line(lang, &d.checklist))
    ));
    s.push_str(&format!("## {}\n\n", m::MD_SUMMARY.get(lang)));
    for sentence in summary_sentences(d, lang) {
        s.push_str(&md_inline(&sentence.replace(ARROW, arrow)));
        s.push_str("\n\n");
    }
    s.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
        m::COL_GROUP.get(lang),
        m::COL_SCORE.get(lang),
        m::COL_IMPROVED.get(lang),
        m::COL_WORSENED.get(lang),
        m::COL_UNCHANGED.get(lang),
        m::COL_OTHER.get(lang),
        m::COL_ACTIONS_DONE.get(lang),
        m::COL_ACTIONS_OVERDUE.get(lang),
    ));
    s.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    let md_row = |title: &str, c: &Counts, before: Option<i64>, after: Option<i64>| {
        format!(
            "| {} | {} {arrow} {} | {} | {} | {} | {} | {} | {} |\n",
            title,
            score_text(lang, before),
            score_text(lang, after),
            c.improved,
            c.worsened,
            c.unchanged,
            other_count(c),
            c.actions_done,
            c.actions_overdue
        )
    };
    for g in &d.groups {
        s.push_str(&md_row(
            &md_inline(g.title.get(lang)),
            &g.counts,
            g.score_before,
            g.score_after,
        ));
    }
    s.push_str(&md_row(
        &format!("**{}**", m::TOTAL.get(lang)),
        &d.overall,
        d.score_before,
        d.score_after,
    ));
    let sections = detail_sections(d, lang);
    if !sections.is_empty() {
        s.push_str(&format!("\n## {}\n", m::MD_DETAIL.get(lang)));
    }
    for section in sections {
        s.push_str(&format!(
            "\n### {}\n\n",
            md_inline(&m::SECTION.fmt(
                lang,
                &[("title", &section.title), ("n", &section.lines.len())]
            ))
        ));
        for line in section.lines {
            s.push_str(&format!("- {}\n", md_inline(&line.replace(ARROW, arrow))));
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// JSON (SPEC §7 contract; fields may be added, none renamed)

#[derive(Serialize)]
struct JsonDiff<'a> {
    a: &'a str,
    b: &'a str,
    checklist: &'a str,
    today: NaiveDate,
    summary: JsonSummary,
    groups: Vec<JsonGroup<'a>>,
    items: Vec<JsonItem<'a>>,
    actions: Vec<JsonAction<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    improved: usize,
    worsened: usize,
    unchanged: usize,
    newly_rated: usize,
    no_longer_rated: usize,
    added: usize,
    removed: usize,
    actions_done: usize,
    actions_open: usize,
    actions_overdue: usize,
    actions_new: usize,
    actions_dropped: usize,
    not_applicable_changed: usize,
    manifestation_changed: usize,
    score_before: Option<i64>,
    score_after: Option<i64>,
}

impl JsonSummary {
    /// Folds the "not applicable" moves into newly / no longer rated, as [`Change::json_name`] does,
    /// so that the summary counts agree with the items' `change` fields.
    fn of(c: &Counts, before: Option<i64>, after: Option<i64>) -> Self {
        JsonSummary {
            improved: c.improved,
            worsened: c.worsened,
            unchanged: c.unchanged,
            newly_rated: c.newly_rated + c.now_applicable,
            no_longer_rated: c.no_longer_rated + c.now_not_applicable,
            added: c.added,
            removed: c.removed,
            actions_done: c.actions_done,
            actions_open: c.actions_open,
            actions_overdue: c.actions_overdue,
            actions_new: c.actions_new,
            actions_dropped: c.actions_dropped,
            not_applicable_changed: c.now_not_applicable + c.now_applicable,
            manifestation_changed: c.manifestation_changed,
            score_before: before,
            score_after: after,
        }
    }
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    group: &'a str,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    item: &'a str,
    group: &'a str,
    before: Rating,
    after: Rating,
    change: &'static str,
    manifestation_changed: bool,
    not_applicable_changed: bool,
}

#[derive(Serialize)]
struct JsonAction<'a> {
    item: &'a str,
    group: &'a str,
    text: &'a str,
    due: Option<NaiveDate>,
    /// B's status, or null when B no longer has the action.
    status: Option<ActionStatus>,
    done_on: Option<NaiveDate>,
    note: &'a str,
    change: &'static str,
    overdue: bool,
}

/// The diff as the JSON of SPEC §7, pretty-printed, ending in a newline.
pub fn render_json(d: &Diff) -> String {
    let doc = JsonDiff {
        a: &d.a.id,
        b: &d.b.id,
        checklist: &d.checklist.id,
        today: d.today,
        summary: JsonSummary::of(&d.overall, d.score_before, d.score_after),
        groups: d
            .groups
            .iter()
            .map(|g| JsonGroup {
                group: &g.id,
                summary: JsonSummary::of(&g.counts, g.score_before, g.score_after),
            })
            .collect(),
        items: d
            .items()
            .map(|(g, i)| JsonItem {
                item: &i.id,
                group: &g.id,
                before: i.before,
                after: i.after,
                change: i.change.json_name(),
                manifestation_changed: i.manifestation_changed,
                not_applicable_changed: matches!(
                    i.change,
                    Change::NowApplicable | Change::NowNotApplicable
                ),
            })
            .collect(),
        actions: d
            .actions()
            .map(|(g, a)| JsonAction {
                item: &a.item,
                group: &g.id,
                text: &a.text,
                due: a.due,
                status: a.status,
                done_on: a.done_on,
                note: &a.note,
                change: match a.change {
                    ActionChange::Done => "done",
                    ActionChange::StillOpen => "open",
                    ActionChange::New => "new",
                    ActionChange::Dropped => "dropped",
                },
                overdue: a.overdue,
            })
            .collect(),
    };
    // Serializing plain structs of strings, numbers and dates cannot fail.
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::*;
    use proptest::prelude::*;

    fn change_of(d: &Diff, item: &str) -> Change {
        d.items().find(|(_, i)| i.id == item).unwrap().1.change
    }

    #[test]
    fn story_counts_what_a_reader_expects() {
        let d = diff(&story_a(), &story_b(), today());
        assert_eq!(change_of(&d, "f1"), Change::Improved);
        assert_eq!(change_of(&d, "f3"), Change::Improved);
        assert_eq!(change_of(&d, "b1"), Change::Worsened);
        assert_eq!(change_of(&d, "h1"), Change::NowApplicable);
        assert_eq!(change_of(&d, "h2"), Change::NewlyRated);
        assert_eq!(change_of(&d, "f2"), Change::Unchanged);
        let c = d.overall;
        assert_eq!((c.improved, c.worsened, c.unchanged), (2, 1, 20));
        assert_eq!(c.manifestation_changed, 1);
        assert_eq!(c.actions_done, 1, "精简会议 was done");
        assert_eq!(c.actions_open, 2, "下基层 and 办公用房 are still open");
        assert_eq!(c.actions_overdue, 1, "办公用房 was due 2026-05-01");
        assert_eq!(c.actions_new, 1);
        assert_eq!(c.actions_dropped, 1);
        assert_eq!((d.score_before, d.score_after), (Some(12), Some(11)));
        assert!(d.changed());
        let formalism = &d.groups[0];
        assert_eq!(
            (formalism.score_before, formalism.score_after),
            (Some(9), Some(5))
        );
    }

    #[test]
    fn actions_match_by_text_ignoring_spacing_and_pair_duplicates_in_order() {
        let mut a = Session::new(
            "a".into(),
            small_checklist(&["x1"]),
            at("2026-01-01T00:00:00Z"),
        );
        let mut b = a.clone();
        b.id = "b".into();
        a.answers[0].actions = vec![
            action("  写 报告", "2026-01-10", ActionStatus::Open),
            action("写 报告", "2026-01-10", ActionStatus::Open),
            action("开会", "2026-01-10", ActionStatus::Open),
        ];
        b.answers[0].actions = vec![
            action("写  报告 ", "2026-01-10", ActionStatus::Done),
            action("写 报告", "2026-12-10", ActionStatus::Open),
            action("新的", "2027-01-10", ActionStatus::Open),
        ];
        let d = diff(&a, &b, today());
        let kinds: Vec<ActionChange> = d.actions().map(|(_, a)| a.change).collect();
        assert_eq!(
            kinds,
            vec![
                ActionChange::Done,
                ActionChange::StillOpen,
                ActionChange::New,
                ActionChange::Dropped
            ]
        );
        let dropped = d.actions().last().unwrap().1;
        assert_eq!(dropped.text, "开会");
        assert_eq!(
            dropped.status, None,
            "removed from B, not dropped with a note"
        );
    }

    #[test]
    fn items_of_a_changed_checklist_are_added_and_removed() {
        let a = Session::new(
            "a".into(),
            small_checklist(&["x1", "x2", "y1"]),
            at("2026-01-01T00:00:00Z"),
        );
        let mut b = Session::new(
            "b".into(),
            small_checklist(&["x1", "x3"]),
            at("2026-02-01T00:00:00Z"),
        );
        b.checklist.version = 2;
        let d = diff(&a, &b, today());
        assert_eq!(change_of(&d, "x3"), Change::Added);
        assert_eq!(change_of(&d, "x2"), Change::Removed);
        assert_eq!(change_of(&d, "y1"), Change::Removed);
        assert_eq!(
            d.groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
            ["x", "y"],
            "a group only A has comes after B's groups"
        );
        assert!(
            render_text(&d, Lang::En).contains("version 1 -> 2")
                || render_text(&d, Lang::En).contains("version 1 → 2")
        );
    }

    #[test]
    fn an_item_without_an_answer_is_unrated_not_removed() {
        let a = Session::new(
            "a".into(),
            small_checklist(&["x1", "x2"]),
            at("2026-01-01T00:00:00Z"),
        );
        let mut b = a.clone();
        b.answers.retain(|ans| ans.item != "x2");
        assert_eq!(change_of(&diff(&a, &b, today()), "x2"), Change::Unchanged);
        assert_eq!(change_of(&diff(&b, &a, today()), "x2"), Change::Unchanged);
    }

    #[test]
    fn json_follows_the_contract() {
        let d = diff(&story_a(), &story_b(), today());
        let v: serde_json::Value = serde_json::from_str(&render_json(&d)).unwrap();
        assert_eq!(v["a"], "20260301-four-winds-25");
        assert_eq!(v["b"], "20261120-four-winds-25");
        for key in [
            "improved",
            "worsened",
            "unchanged",
            "newly_rated",
            "no_longer_rated",
            "added",
            "removed",
            "actions_done",
            "actions_open",
            "actions_overdue",
            "actions_new",
            "actions_dropped",
        ] {
            assert!(v["summary"][key].is_u64(), "summary.{key}");
        }
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), 25);
        let h1 = items.iter().find(|i| i["item"] == "h1").unwrap();
        assert_eq!(h1["before"], "na");
        assert_eq!(h1["after"], 1);
        assert_eq!(h1["change"], "newly_rated");
        assert_eq!(h1["not_applicable_changed"], true);
        assert_eq!(h1["group"], "hedonism");
        let h2 = items.iter().find(|i| i["item"] == "h2").unwrap();
        assert_eq!(h2["before"], serde_json::Value::Null);
        // The summary agrees with the items' change fields.
        for change in [
            "improved",
            "worsened",
            "unchanged",
            "newly_rated",
            "no_longer_rated",
        ] {
            let n = items.iter().filter(|i| i["change"] == change).count();
            assert_eq!(v["summary"][change], n, "{change}");
        }
    }

    #[test]
    fn text_reads_aloud_in_both_languages() {
        let d = diff(&story_a(), &story_b(), today());
        let en = render_text(&d, Lang::En);
        assert!(en.contains("Ratings: 2 better, 1 worse, 20 the same."));
        assert!(
            en.contains("Actions: 1 done since then, 2 still open, 1 overdue, 1 new, 1 dropped.")
        );
        let zh = render_text(&d, Lang::Zh);
        assert!(zh.contains("评分:2 项好转,1 项变差,20 项不变。"));
    }

    #[test]
    fn a_session_against_itself_says_nothing_changed() {
        let a = story_a();
        let d = diff(&a, &a, today());
        assert!(render_text(&d, Lang::En).contains("Nothing changed"));
        assert!(render_text(&d, Lang::Zh).contains("没有变化"));
    }

    #[test]
    fn snapshots_of_every_format_and_language() {
        let d = diff(&story_a(), &story_b(), today());
        insta::assert_snapshot!("diff_text_zh", render_text(&d, Lang::Zh));
        insta::assert_snapshot!("diff_text_en", render_text(&d, Lang::En));
        insta::assert_snapshot!("diff_md_zh", render_markdown(&d, Lang::Zh));
        insta::assert_snapshot!("diff_md_en", render_markdown(&d, Lang::En));
        insta::assert_snapshot!("diff_json", render_json(&d));
    }

    // ---- properties

    const ITEMS: [&str; 6] = ["x1", "x2", "x3", "y1", "y2", "y3"];

    fn arb_rating() -> impl Strategy<Value = Rating> {
        prop_oneof![
            Just(Rating::Unrated),
            Just(Rating::NotApplicable),
            (0i64..=4).prop_map(Rating::Value),
        ]
    }

    fn arb_action() -> impl Strategy<Value = Action> {
        (0usize..3, 0usize..3, 0u64..90).prop_map(|(t, st, d)| Action {
            text: ["精简会议", "下基层", " 精简会议 "][t].into(),
            due: day("2026-10-01").checked_add_days(chrono::Days::new(d)),
            status: [
                ActionStatus::Open,
                ActionStatus::Done,
                ActionStatus::Dropped,
            ][st],
            ..Action::default()
        })
    }

    fn arb_session(id: &'static str) -> impl Strategy<Value = Session> {
        (
            proptest::collection::vec(any::<bool>(), ITEMS.len()),
            proptest::collection::vec(
                (
                    arb_rating(),
                    0usize..3,
                    proptest::collection::vec(arb_action(), 0..3),
                ),
                ITEMS.len(),
            ),
        )
            .prop_map(move |(present, answers)| {
                let items: Vec<&str> = ITEMS
                    .iter()
                    .zip(&present)
                    .filter(|(_, p)| **p)
                    .map(|(i, _)| *i)
                    .collect();
                let mut s = Session::new(
                    id.into(),
                    small_checklist(&items),
                    at("2026-01-01T00:00:00Z"),
                );
                for (item, (rating, note, actions)) in ITEMS.iter().zip(answers) {
                    if let Some(a) = s.answer_mut(item) {
                        a.rating = rating;
                        a.manifestation = ["", "多", "少"][note].into();
                        a.actions = actions;
                    }
                }
                s
            })
    }

    proptest! {
        #[test]
        fn diff_of_a_session_with_itself_reports_nothing_changed(a in arb_session("a")) {
            let d = diff(&a, &a, today());
            prop_assert!(!d.changed());
            prop_assert!(d.items().all(|(_, i)| i.change == Change::Unchanged && !i.manifestation_changed));
            prop_assert!(d.actions().all(|(_, x)| x.change == ActionChange::StillOpen));
        }

        #[test]
        fn diff_both_ways_mirror_each_other(a in arb_session("a"), b in arb_session("b")) {
            let ab = diff(&a, &b, today());
            let ba = diff(&b, &a, today());
            let back: HashMap<&str, &ItemDiff> = ba.items().map(|(_, i)| (i.id.as_str(), i)).collect();
            prop_assert_eq!(ab.items().count(), back.len());
            for (_, i) in ab.items() {
                let j = back[i.id.as_str()];
                prop_assert_eq!(i.change, j.change.mirrored(), "item {}", i.id);
                prop_assert_eq!(i.manifestation_changed, j.manifestation_changed);
                prop_assert_eq!((i.before, i.after), (j.after, j.before));
            }
            let (x, y) = (ab.overall, ba.overall);
            prop_assert_eq!((x.improved, x.worsened), (y.worsened, y.improved));
            prop_assert_eq!((x.newly_rated, x.no_longer_rated), (y.no_longer_rated, y.newly_rated));
            prop_assert_eq!((x.now_applicable, x.now_not_applicable), (y.now_not_applicable, y.now_applicable));
            prop_assert_eq!((x.added, x.removed), (y.removed, y.added));
            prop_assert_eq!(x.unchanged, y.unchanged);
            prop_assert_eq!((ab.score_before, ab.score_after), (ba.score_after, ba.score_before));
        }
    }
}
