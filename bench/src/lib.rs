//! What the benchmarks in `benches/` share. (`cargo bench -p thingkit-bench --bench model|script`)

use std::time::{Duration, Instant};

/// Median time per call of `f` over 25 batches filling about `budget`: the figure the ratio
/// tables print, measured for every row in the same run.
pub fn median(budget: Duration, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    f();
    let one = start.elapsed().max(Duration::from_nanos(100));
    let per_batch = ((budget.as_nanos() / 25) / one.as_nanos()).clamp(1, 10_000) as u32;
    let mut samples: Vec<Duration> = (0..25)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            t.elapsed() / per_batch
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}
