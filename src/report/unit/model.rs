//! The unit summary as a value: the latest session of each respondent of one checklist, who is
//! missing from a roster, every item ranked by how many flagged it, and the overdue measures.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::roster::Roster;
use crate::checklist::{Checklist, Text};
use crate::session::{Rating, Respondent, Session, Summary};

/// How many notes the text, Markdown and TUI show under an item.
pub const NOTES_SHOWN: usize = 3;

/// A checklist as the unit summary needs it: scale, groups and item texts. Members who used the same
/// checklist share one (see [`Forms`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub checklist: String,
    pub title: Text,
    /// The scale's values and labels, lowest first.
    pub levels: Vec<(i64, Text)>,
    pub groups: Vec<FormGroup>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormGroup {
    pub id: String,
    pub title: Text,
    pub items: Vec<(String, Text)>,
}

impl Form {
    pub fn of(c: &Checklist) -> Form {
        let mut levels: Vec<(i64, Text)> =
            c.scale.iter().map(|l| (l.value, l.label.clone())).collect();
        levels.sort_by_key(|(v, _)| *v);
        Form {
            checklist: c.id.clone(),
            title: c.title.clone(),
            levels,
            groups: c
                .groups
                .iter()
                .map(|g| FormGroup {
                    id: g.id.clone(),
                    title: g.title.clone(),
                    items: g
                        .items
                        .iter()
                        .map(|i| (i.id.clone(), i.text.clone()))
                        .collect(),
                })
                .collect(),
        }
    }

    pub fn lowest(&self) -> Option<i64> {
        self.levels.first().map(|(v, _)| *v)
    }

    /// Above the lowest level: a problem this respondent found in themselves.
    pub fn flags(&self, rating: Rating) -> bool {
        matches!((rating, self.lowest()), (Rating::Value(v), Some(low)) if v > low)
    }

    pub fn level_label(&self, value: i64) -> Option<&Text> {
        self.levels
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, t)| t)
    }

    fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.groups
            .iter()
            .flat_map(|g| g.items.iter().map(|(id, _)| id.as_str()))
    }
}

/// One shared [`Form`] per distinct checklist: 300 members of one checklist hold one copy of its texts.
#[derive(Default)]
pub struct Forms(Vec<Arc<Form>>);

impl Forms {
    pub fn get(&mut self, c: &Checklist) -> Arc<Form> {
        let form = Form::of(c);
        if let Some(same) = self.0.iter().find(|f| ***f == form) {
            return Arc::clone(same);
        }
        let form = Arc::new(form);
        self.0.push(Arc::clone(&form));
        form
    }
}

/// What the summary keeps of one member's latest session: small, so that the reader can drop each
/// session as soon as it is reduced.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub respondent: Respondent,
    pub session: String,
    pub label: Option<String>,
    pub created: DateTime<FixedOffset>,
    pub form: Arc<Form>,
    /// One per item of `form`, in its order.
    pub answers: Vec<MemberAnswer>,
    pub open_actions: usize,
    pub overdue: Vec<Overdue>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct MemberAnswer {
    pub rating: Rating,
    pub manifestation: String,
    /// Texts of the item's open actions.
    pub open_actions: Vec<String>,
}

/// An open measure past its due date.
#[derive(Clone, Debug, PartialEq)]
pub struct Overdue {
    pub item: String,
    pub text: String,
    pub due: NaiveDate,
    pub owner: Option<String>,
}

impl Member {
    pub fn of(s: &Session, today: NaiveDate, forms: &mut Forms) -> Member {
        let form = forms.get(&s.checklist);
        let by_id: HashMap<&str, &crate::session::Answer> =
            s.answers.iter().map(|a| (a.item.as_str(), a)).collect();
        let answers = form
            .item_ids()
            .map(|id| match by_id.get(id) {
                Some(a) => MemberAnswer {
                    rating: a.rating,
                    manifestation: a.manifestation.trim().to_string(),
                    open_actions: a
                        .actions
                        .iter()
                        .filter(|x| x.is_open())
                        .map(|x| x.text.clone())
                        .collect(),
                },
                None => MemberAnswer::default(),
            })
            .collect();
        let mut overdue = Vec::new();
        let mut open = 0;
        for a in &s.answers {
            for act in &a.actions {
                if act.is_open() {
                    open += 1;
                }
                if let (true, Some(due)) = (act.is_overdue(today), act.due) {
                    overdue.push(Overdue {
                        item: a.item.clone(),
                        text: act.text.clone(),
                        due,
                        owner: act.owner.clone().filter(|o| !o.trim().is_empty()),
                    });
                }
            }
        }
        overdue.sort_by_key(|o| o.due);
        Member {
            respondent: s.respondent(),
            session: s.id.clone(),
            label: s.label.clone().filter(|l| !l.trim().is_empty()),
            created: s.created,
            form,
            answers,
            open_actions: open,
            overdue,
        }
    }

    /// This member's answer to `item` (matched by id).
    pub fn answer(&self, item: &str) -> Option<&MemberAnswer> {
        self.form
            .item_ids()
            .position(|id| id == item)
            .and_then(|p| self.answers.get(p))
    }

    pub fn rated(&self) -> usize {
        self.answers.iter().filter(|a| a.rating.is_rated()).count()
    }

    /// How many of this member's answers are above the lowest level.
    pub fn flagged(&self) -> usize {
        self.answers
            .iter()
            .filter(|a| self.form.flags(a.rating))
            .count()
    }
}

/// What to take: one checklist, and a label and a unit when given (compared trimmed).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub checklist: String,
    pub label: Option<String>,
    pub unit: Option<String>,
}

impl Filter {
    fn label(&self) -> Option<&str> {
        self.label
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
    }

    fn unit(&self) -> Option<&str> {
        self.unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }

    pub fn accepts(&self, s: &Summary) -> bool {
        s.checklist == self.checklist
            && self
                .label()
                .is_none_or(|l| s.label.as_deref().map(str::trim) == Some(l))
            && self
                .unit()
                .is_none_or(|u| s.respondent().unit.as_deref() == Some(u))
    }
}

/// The latest session (by created, then id) of each respondent among `summaries` that `filter`
/// accepts, ordered by unit then name. Two people of one name in different units are two respondents.
pub fn latest_per_respondent(summaries: Vec<Summary>, filter: &Filter) -> Vec<Summary> {
    let mut latest: HashMap<Respondent, Summary> = HashMap::new();
    for s in summaries.into_iter().filter(|s| filter.accepts(s)) {
        let key = s.respondent();
        match latest.get(&key) {
            Some(have) if (have.created, &have.id) >= (s.created, &s.id) => {}
            _ => {
                latest.insert(key, s);
            }
        }
    }
    let mut out: Vec<Summary> = latest.into_values().collect();
    out.sort_by(|a, b| {
        let (ra, rb) = (a.respondent(), b.respondent());
        (&ra.unit, &ra.name, &a.id).cmp(&(&rb.unit, &rb.name, &b.id))
    });
    out
}

/// The unit summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub checklist: String,
    pub title: Text,
    pub label: Option<String>,
    pub unit: Option<String>,
    pub today: NaiveDate,
    pub respondents: Vec<Member>,
    /// How a respondent is called in lists: the name, with the unit where two share a name.
    pub names: Vec<String>,
    /// Names on the roster, when one was given.
    pub roster_size: Option<usize>,
    pub missing: Vec<String>,
    /// Respondents (indices) who answer to no one on the roster, when one was given.
    pub not_on_roster: Vec<usize>,
    /// Ranked: most flagged first, then checklist order.
    pub items: Vec<ItemRow>,
    pub groups: Vec<GroupRow>,
    /// The scale of the newest member's checklist, lowest first.
    pub levels: Vec<(i64, Text)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ItemRow {
    pub id: String,
    /// Position in checklist order, from 1.
    pub number: usize,
    pub group: String,
    pub group_title: Text,
    pub text: Text,
    pub flagged: usize,
    pub ratings: BTreeMap<i64, usize>,
    pub na: usize,
    pub unrated: usize,
    pub mean: Option<f64>,
    /// Indices into `respondents` of those who flagged it.
    pub who: Vec<usize>,
    /// Every respondent's rating of it, in `respondents` order (the appendix matrix).
    pub cells: Vec<Rating>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    pub id: String,
    pub title: Text,
    /// The mean of every value given to the group's items.
    pub mean: Option<f64>,
}

impl Unit {
    /// Notes of those who flagged `item`, as (respondent index, note), non-empty ones only.
    pub fn notes<'a>(&'a self, item: &'a ItemRow) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        item.who.iter().filter_map(move |&w| {
            let m = self.respondents.get(w)?;
            let a = m.answer(&item.id)?;
            (!a.manifestation.is_empty()).then_some((w, a.manifestation.as_str()))
        })
    }

    /// Every overdue measure, person by person, the earliest due first.
    pub fn overdue(&self) -> impl Iterator<Item = (usize, &Overdue)> {
        self.respondents
            .iter()
            .enumerate()
            .flat_map(|(i, m)| m.overdue.iter().map(move |o| (i, o)))
    }

    pub fn overdue_count(&self) -> usize {
        self.respondents.iter().map(|m| m.overdue.len()).sum()
    }

    pub fn open_count(&self) -> usize {
        self.respondents.iter().map(|m| m.open_actions).sum()
    }

    /// The item's text in the newest checklist that has it.
    pub fn item_text(&self, id: &str) -> Option<&Text> {
        self.items.iter().find(|i| i.id == id).map(|i| &i.text)
    }

    pub fn flagged_items(&self) -> impl Iterator<Item = &ItemRow> {
        self.items.iter().filter(|i| i.flagged > 0)
    }
}

/// Builds the summary of `members` (one per respondent, e.g. from [`latest_per_respondent`]) with
/// the roster's missing names. Linear in members × items.
pub fn build(
    filter: &Filter,
    members: Vec<Member>,
    roster: Option<&Roster>,
    today: NaiveDate,
) -> Unit {
    let mut members = members;
    members.sort_by(|a, b| {
        (&a.respondent.unit, &a.respondent.name, &a.session).cmp(&(
            &b.respondent.unit,
            &b.respondent.name,
            &b.session,
        ))
    });
    let newest = members
        .iter()
        .max_by(|a, b| (a.created, &a.session).cmp(&(b.created, &b.session)))
        .map(|m| Arc::clone(&m.form));

    // Items: the newest checklist's order first, then what only older ones had.
    let mut forms: Vec<Arc<Form>> = Vec::new();
    if let Some(f) = &newest {
        forms.push(Arc::clone(f));
    }
    for m in &members {
        if !forms.iter().any(|f| Arc::ptr_eq(f, &m.form)) {
            forms.push(Arc::clone(&m.form));
        }
    }
    let n = members.len();
    let mut items: Vec<ItemRow> = Vec::new();
    let mut item_at: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<(String, Text, i64, usize)> = Vec::new();
    let mut group_at: HashMap<String, usize> = HashMap::new();
    let mut slots_of: Vec<(Arc<Form>, Vec<usize>)> = Vec::new();
    for form in &forms {
        let mut slots = Vec::new();
        for g in &form.groups {
            if !group_at.contains_key(&g.id) {
                group_at.insert(g.id.clone(), groups.len());
                groups.push((g.id.clone(), g.title.clone(), 0, 0));
            }
            for (id, text) in &g.items {
                let at = *item_at.entry(id.clone()).or_insert_with(|| {
                    items.push(ItemRow {
                        id: id.clone(),
                        number: items.len() + 1,
                        group: g.id.clone(),
                        group_title: g.title.clone(),
                        text: text.clone(),
                        flagged: 0,
                        ratings: BTreeMap::new(),
                        na: 0,
                        unrated: 0,
                        mean: None,
                        who: Vec::new(),
                        cells: vec![Rating::Unrated; n],
                    });
                    items.len() - 1
                });
                slots.push(at);
            }
        }
        slots_of.push((Arc::clone(form), slots));
    }
    let mut sums = vec![(0i128, 0usize); items.len()];
    for (mi, m) in members.iter().enumerate() {
        let Some((_, slots)) = slots_of.iter().find(|(f, _)| Arc::ptr_eq(f, &m.form)) else {
            continue;
        };
        for (&at, answer) in slots.iter().zip(&m.answers) {
            let row = &mut items[at];
            row.cells[mi] = answer.rating;
            if m.form.flags(answer.rating) {
                row.flagged += 1;
                row.who.push(mi);
            }
            if let Rating::Value(v) = answer.rating {
                *row.ratings.entry(v).or_insert(0) += 1;
                sums[at].0 += i128::from(v);
                sums[at].1 += 1;
            }
        }
    }
    for (row, (sum, count)) in items.iter_mut().zip(&sums) {
        row.na = row
            .cells
            .iter()
            .filter(|r| **r == Rating::NotApplicable)
            .count();
        row.unrated = row.cells.iter().filter(|r| **r == Rating::Unrated).count();
        row.mean = mean(*sum, *count);
    }
    let mut group_sums: HashMap<&str, (i128, usize)> = HashMap::new();
    for (row, (sum, count)) in items.iter().zip(&sums) {
        let e = group_sums.entry(row.group.as_str()).or_insert((0, 0));
        e.0 += sum;
        e.1 += count;
    }
    let groups = groups
        .iter()
        .map(|(id, title, _, _)| {
            let (sum, count) = group_sums.get(id.as_str()).copied().unwrap_or((0, 0));
            GroupRow {
                id: id.clone(),
                title: title.clone(),
                mean: mean(sum, count),
            }
        })
        .collect();
    items.sort_by(|a, b| b.flagged.cmp(&a.flagged).then(a.number.cmp(&b.number)));

    let names = display_names(&members);
    let (roster_size, missing, not_on_roster) = match roster {
        Some(r) => (
            Some(r.entries.len()),
            r.missing(&members),
            r.not_on(&members),
        ),
        None => (None, Vec::new(), Vec::new()),
    };
    Unit {
        checklist: filter.checklist.clone(),
        title: newest
            .as_ref()
            .map_or_else(|| Text::same(filter.checklist.clone()), |f| f.title.clone()),
        label: filter.label.clone().filter(|l| !l.trim().is_empty()),
        unit: filter.unit.clone().filter(|u| !u.trim().is_empty()),
        today,
        levels: newest.map(|f| f.levels.clone()).unwrap_or_default(),
        respondents: members,
        names,
        roster_size,
        missing,
        not_on_roster,
        items,
        groups,
    }
}

fn mean(sum: i128, count: usize) -> Option<f64> {
    (count > 0).then(|| sum as f64 / count as f64)
}

/// The name of each member, with the unit added where a name is shared; "-" for a session with no
/// name (the local user's own).
fn display_names(members: &[Member]) -> Vec<String> {
    let mut count: HashMap<Option<&str>, usize> = HashMap::new();
    for m in members {
        *count.entry(m.respondent.name.as_deref()).or_insert(0) += 1;
    }
    members
        .iter()
        .map(|m| {
            let shared = count
                .get(&m.respondent.name.as_deref())
                .copied()
                .unwrap_or(0)
                > 1;
            match (&m.respondent.name, &m.respondent.unit) {
                (Some(n), Some(u)) if shared => format!("{n} ({u})"),
                (Some(n), _) => n.clone(),
                (None, Some(u)) => format!("- ({u})"),
                (None, None) => "-".to_string(),
            }
        })
        .collect()
}
