-- What each notice was made of (the customer's name, the order number, the link and the kind's
-- values), to render it again in the language it is read in. NULL for notices made before.
ALTER TABLE notifications ADD COLUMN content jsonb;
