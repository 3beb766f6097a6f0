//! Benchmarks only: see `benches/`. (`cargo bench -p thingkit-bench`)
