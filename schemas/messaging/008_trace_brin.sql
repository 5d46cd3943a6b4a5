-- The trace's look-ups by correlation id on the two busiest tables use BRIN
-- indexes instead of B-trees: correlation ids are version 7 UUIDs (time
-- first) and rows arrive in time order, so a block range's min/max narrows a
-- look-up to the few ranges of the flow's minutes, while a write costs next
-- to nothing (a B-tree insert per row cost batbern-bench about a tenth of its
-- throughput). Ranges not summarised yet (the newest) are always read.
DROP INDEX inbox_correlation;
DROP INDEX outbox_correlation;
CREATE INDEX inbox_correlation ON inbox USING brin (correlation_id uuid_minmax_ops) WITH (pages_per_range = 32, autosummarize = on);
CREATE INDEX outbox_correlation ON outbox USING brin (correlation_id uuid_minmax_ops) WITH (pages_per_range = 32, autosummarize = on);
