-- A package id chosen by the client makes recording the same package twice a no-op.
ALTER TABLE wh_arrivals ADD COLUMN package_id uuid;
CREATE INDEX wh_arrivals_package ON wh_arrivals (package_id) WHERE package_id IS NOT NULL;

-- Insertion order breaks ties between records made at the same instant.
ALTER TABLE wh_arrivals ADD COLUMN seq bigserial;
ALTER TABLE wh_inspections ADD COLUMN seq bigserial;
ALTER TABLE wh_cases ADD COLUMN seq bigserial;
