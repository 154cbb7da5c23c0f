-- The payments service's first schema.
SELECT 1;
