// The Attendees bounded context.
