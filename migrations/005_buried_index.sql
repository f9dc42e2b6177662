-- deepcards collection, schema 5: the buried items of a day, found without scanning the items, so
-- that `status` can leave them out of "due now" (a bury hides an item until the next study day)
-- and still read its counts from the items_topic covering index.
CREATE INDEX items_buried ON items (buried_until) WHERE buried_until IS NOT NULL;
