/// A handler threw in a batch run without savepoints: the batch runs again
/// with one savepoint per message (see `MessageProcessor.process`).
struct NeedsSavepoints: Error {}
