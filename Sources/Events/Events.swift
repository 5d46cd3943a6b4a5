// The Events bounded context.
