//! Writes N generated sessions of a bundled checklist into a data dir, for the trend benchmark
//! (`scripts/bench.sh`) and for trying `zicha diff` / `zicha trend` by hand.
//!
//! Deterministic: the same N gives byte-identical files (a fixed-seed generator, fixed dates), so
//! timings can be compared across runs and machines.
//!
//! Usage: `cargo run --release --example gen_sessions -- DATA_DIR N [CHECKLIST] [PEOPLE]`
//!
//! With PEOPLE, session i belongs to member `i % PEOPLE` (name `成员<k>`, one of three units), so
//! that `zicha unit` has that many respondents; without it every session is the local user's.

use std::process::ExitCode;

use chrono::{DateTime, Duration};
use zicha::session::{Action, ActionStatus, Rating, Session, Store};

/// A small linear congruential generator: enough for varied ratings, and reproducible.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_sessions DATA_DIR N [CHECKLIST] [PEOPLE]");
        return ExitCode::from(2);
    };
    let want = args.get(2).map_or("four-winds-25", String::as_str);
    let people = args
        .get(3)
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|p| *p > 0);
    let Some(checklist) = zicha::checklist::bundled::all()
        .into_iter()
        .find_map(|(_, c)| c.ok().filter(|c| c.id == want))
    else {
        eprintln!("no bundled checklist {want}");
        return ExitCode::from(1);
    };
    let store = Store::at(dir);
    if let Err(e) = store.ensure() {
        eprintln!("{}", e.render(zicha::i18n::Lang::En));
        return ExitCode::from(1);
    }
    let Ok(start) = DateTime::parse_from_rfc3339("2016-01-04T09:00:00+08:00") else {
        return ExitCode::from(1);
    };
    let values: Vec<i64> = checklist.scale.iter().map(|l| l.value).collect();
    let mut rng = Lcg(0x5eed);
    for i in 0..n {
        // One session a day, so that 10,000 sessions still have distinct, ordered dates.
        let created = start + Duration::days(i as i64);
        let id = format!("{}-{}-{i:05}", created.format("%Y%m%d"), checklist.id);
        let mut s = Session::new(id, checklist.clone(), created);
        s.label = Some(format!("gen {i}"));
        if let Some(p) = people {
            let k = i % p;
            s.name = Some(format!("成员{k:04}"));
            s.unit = Some(format!("第{}支部", k % 3 + 1));
        }
        for answer in &mut s.answers {
            answer.rating = match rng.next(10) {
                0 => Rating::Unrated,
                1 => Rating::NotApplicable,
                _ => Rating::Value(values[rng.next(values.len() as u64) as usize]),
            };
            if rng.next(4) == 0 {
                answer.manifestation = format!("会议偏多,第 {i} 次记录。Meetings again, note {i}.");
                let due = created.date_naive() + Duration::days(rng.next(60) as i64);
                let done = rng.next(2) != 0;
                answer.actions.push(Action {
                    text: "精简会议 / fewer meetings".into(),
                    due: Some(due),
                    status: if done {
                        ActionStatus::Done
                    } else {
                        ActionStatus::Open
                    },
                    // A done action has the day it was done (import refuses one without).
                    done_on: done.then_some(due),
                    ..Action::default()
                });
            }
        }
        let path = store.session_path(&s.id);
        let written = zicha::session::store::to_ron(&s).and_then(|text| {
            std::fs::write(&path, text).map_err(|e| zicha::error::Error::io(&path, e))
        });
        if let Err(e) = written {
            eprintln!("{}", e.render(zicha::i18n::Lang::En));
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
