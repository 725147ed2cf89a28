//! The diff as JSON (SPEC §7 contract; fields may be added, none renamed).

use chrono::NaiveDate;
use serde::Serialize;

use crate::session::{ActionStatus, Rating};

use super::model::*;

#[derive(Serialize)]
pub(super) struct JsonDiff<'a> {
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
pub(super) struct JsonSummary {
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
    actions_dropped_before: usize,
    repeats: usize,
    not_applicable_changed: usize,
    manifestation_changed: usize,
    score_before: Option<i64>,
    score_after: Option<i64>,
}

impl JsonSummary {
    /// Folds the "not applicable" moves into newly / no longer rated, as [`Change::json_name`] does,
    /// so that the summary counts agree with the items' `change` fields.
    pub(super) fn of(c: &Counts, before: Option<i64>, after: Option<i64>) -> Self {
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
            actions_dropped_before: c.actions_dropped_before,
            repeats: c.repeats,
            not_applicable_changed: c.not_applicable_changed,
            manifestation_changed: c.manifestation_changed,
            score_before: before,
            score_after: after,
        }
    }
}

#[derive(Serialize)]
pub(super) struct JsonGroup<'a> {
    group: &'a str,
    summary: JsonSummary,
}

#[derive(Serialize)]
pub(super) struct JsonItem<'a> {
    item: &'a str,
    group: &'a str,
    before: Rating,
    after: Rating,
    change: &'static str,
    manifestation_changed: bool,
    not_applicable_changed: bool,
    repeat: bool,
}

#[derive(Serialize)]
pub(super) struct JsonAction<'a> {
    id: &'a str,
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
    /// A's status, or null when the action is new in B.
    before: Option<ActionStatus>,
    /// B's status (the same as `status`), or null when B no longer has it.
    after: Option<ActionStatus>,
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
                not_applicable_changed: i.not_applicable_changed(),
                repeat: i.repeat,
            })
            .collect(),
        actions: d
            .actions()
            .map(|(g, a)| JsonAction {
                id: &a.id,
                item: &a.item,
                group: &g.id,
                text: &a.text,
                due: a.due,
                status: a.status,
                done_on: a.done_on,
                note: &a.note,
                change: a.change.json_name(),
                overdue: a.overdue,
                before: a.before,
                after: a.status,
            })
            .collect(),
    };
    // Serializing plain structs of strings, numbers and dates cannot fail.
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
