-- The messaging service's first schema.
SELECT 1;
