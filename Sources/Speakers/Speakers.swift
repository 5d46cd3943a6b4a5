// The Speakers bounded context.
