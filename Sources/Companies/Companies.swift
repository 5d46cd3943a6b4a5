// The Companies bounded context.
