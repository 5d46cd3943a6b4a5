// The Partners bounded context.
