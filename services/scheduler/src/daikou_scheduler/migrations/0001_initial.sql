-- The scheduler service's first schema.
SELECT 1;
