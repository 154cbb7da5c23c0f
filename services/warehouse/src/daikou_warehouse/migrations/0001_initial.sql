-- The warehouse service's first schema.
SELECT 1;
