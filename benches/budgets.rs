//! In-process benchmarks for the budgets of SPEC §8. Whole-process figures: `scripts/bench.sh`.

use criterion::{Criterion, criterion_group, criterion_main};

fn bundled_parse(c: &mut Criterion) {
    c.bench_function("parse bundled checklists", |b| {
        b.iter(zicha::checklist::bundled::all)
    });
}

criterion_group!(benches, bundled_parse);
criterion_main!(benches);
