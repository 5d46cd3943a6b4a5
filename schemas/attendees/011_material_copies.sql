-- Materials of sessions, from events' SessionMaterialAdded/Removed: an
-- engagement may name one as its content. A removed material stays known
-- (it was shown; an engagement recorded later still counts), as a cancelled
-- session does.
CREATE TABLE material_copies (
    material_id UUID PRIMARY KEY,
    session_id UUID NOT NULL,
    event_id UUID NOT NULL,
    removed_at TIMESTAMP WITH TIME ZONE,
    copied_at TIMESTAMP WITH TIME ZONE NOT NULL
);
