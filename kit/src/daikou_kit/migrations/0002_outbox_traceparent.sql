-- The W3C trace context of the span that wrote a message, published with it (NULL when tracing is off).
ALTER TABLE outbox ADD COLUMN traceparent text;
