-- The orders service's first schema.
SELECT 1;
