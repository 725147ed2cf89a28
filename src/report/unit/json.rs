//! The unit summary as JSON (SPEC §10): a contract for scripts; fields may be added, none renamed.

use serde_json::{Map, Value, json};

use super::model::Unit;

pub fn to_json(u: &Unit) -> Value {
    let respondents: Vec<Value> = u
        .respondents
        .iter()
        .map(|m| {
            json!({
                "name": m.respondent.name,
                "unit": m.respondent.unit,
                "session": m.session,
                "label": m.label,
                "rated": m.rated(),
                "items": m.answers.len(),
                "flagged": m.flagged(),
                "open_actions": m.open_actions,
                "overdue_actions": m.overdue.len(),
            })
        })
        .collect();
    let items: Vec<Value> = u
        .items
        .iter()
        .map(|i| {
            let ratings: Map<String, Value> = i
                .ratings
                .iter()
                .map(|(v, n)| (v.to_string(), json!(n)))
                .collect();
            let who: Vec<Value> = i
                .who
                .iter()
                .map(|&w| json!(u.respondents[w].respondent.name))
                .collect();
            let who_sessions: Vec<&str> = i
                .who
                .iter()
                .map(|&w| u.respondents[w].session.as_str())
                .collect();
            json!({
                "item": i.id,
                "group": i.group,
                "flagged": i.flagged,
                "ratings": ratings,
                "na": i.na,
                "unrated": i.unrated,
                "mean": i.mean,
                "who": who,
                "who_sessions": who_sessions,
            })
        })
        .collect();
    let groups: Vec<Value> = u
        .groups
        .iter()
        .map(|g| json!({"group": g.id, "mean": g.mean}))
        .collect();
    let overdue: Vec<Value> = u
        .overdue()
        .map(|(i, o)| {
            let m = &u.respondents[i];
            json!({
                "name": m.respondent.name,
                "unit": m.respondent.unit,
                "session": m.session,
                "item": o.item,
                "text": o.text,
                "due": o.due.to_string(),
                "owner": o.owner,
            })
        })
        .collect();
    json!({
        "checklist": u.checklist,
        "label": u.label,
        "unit": u.unit,
        "respondents": respondents,
        "missing": u.missing,
        "items": items,
        "groups": groups,
        "overdue": overdue,
    })
}

pub fn render_json(u: &Unit) -> String {
    let mut s = serde_json::to_string_pretty(&to_json(u)).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
