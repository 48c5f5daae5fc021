-- When each recorded source change was written, so that a report can say "sources changed at 06:12" (DESIGN.md,
-- "Freshness, told honestly"). The statement's own clock: a writing transaction commits right after its last
-- statement, usually within milliseconds. Writers pay one more 8-byte column in the insert they already make once
-- per table per transaction (measured in BENCHMARKS.md, (d)).
ALTER TABLE app.source_changes ADD COLUMN changed_at timestamptz NOT NULL DEFAULT clock_timestamp();
