-- The language a customer reads the service's e-mails in (chosen at registration, changeable).
ALTER TABLE accounts ADD COLUMN language text NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'en'));
