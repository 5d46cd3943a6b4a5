/// Wiring of a worker process; filled in by the messaging issue.
public enum WorkerHost {}
