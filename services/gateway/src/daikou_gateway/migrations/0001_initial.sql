-- The gateway service's first schema.
SELECT 1;
