//! The trend as JSON (SPEC §7 contract; fields may be added, none renamed).

use serde::Serialize;

use super::model::*;
use crate::session::{Rating, Respondent};

#[derive(Serialize)]
pub(super) struct JsonTrend<'a> {
    checklist: &'a str,
    sessions: Vec<JsonSession<'a>>,
    groups: Vec<JsonGroup<'a>>,
    items: Vec<JsonItem<'a>>,
    open_actions: &'a [usize],
    overdue_actions: &'a [usize],
    total: &'a [Option<i64>],
    total_sessions: usize,
    respondent: Option<&'a Respondent>,
}

#[derive(Serialize)]
pub(super) struct JsonSession<'a> {
    id: &'a str,
    label: Option<&'a str>,
    created: String,
}

#[derive(Serialize)]
pub(super) struct JsonGroup<'a> {
    group: &'a str,
    scores: &'a [Option<i64>],
}

#[derive(Serialize)]
pub(super) struct JsonItem<'a> {
    item: &'a str,
    group: &'a str,
    ratings: &'a [Rating],
}

/// The trend as the JSON of SPEC §7, pretty-printed, ending in a newline.
pub fn render_json(t: &Trend) -> String {
    let doc = JsonTrend {
        respondent: t.respondent.as_ref(),
        checklist: &t.checklist,
        sessions: t
            .sessions
            .iter()
            .map(|s| JsonSession {
                id: &s.id,
                label: s.label.as_deref(),
                created: s.created.to_rfc3339(),
            })
            .collect(),
        groups: t
            .groups
            .iter()
            .map(|g| JsonGroup {
                group: &g.id,
                scores: &g.scores,
            })
            .collect(),
        items: t
            .items
            .iter()
            .map(|i| JsonItem {
                item: &i.id,
                group: &i.group,
                ratings: &i.ratings,
            })
            .collect(),
        open_actions: &t.open_actions,
        overdue_actions: &t.overdue_actions,
        total: &t.total,
        total_sessions: t.total_sessions,
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
