public import Logging
public import ServiceLifecycle
import Tracing

#if OTLP
    import OTel
#endif

/// Span export: swift-otel's OTLP/HTTP exporter, when `OTEL_EXPORTER_OTLP_ENDPOINT`
/// is set and the build has the `OTLP` trait. Off by default: without the
/// variable nothing is bootstrapped and the kernel's tracer stays the
/// `NoOpTracer` (no spans, the incoming `traceparent` passed on unchanged).
/// The other `OTEL_*` variables (`OTEL_SERVICE_NAME`, `OTEL_TRACES_SAMPLER`,
/// `OTEL_EXPORTER_OTLP_HEADERS`, ...) are read by swift-otel.
public enum TracingExport {
    /// Turns export on; its value is the collector's URL (e.g. http://127.0.0.1:4318).
    public static let endpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT"
    /// How to build a `batbern` that can export.
    public static let buildCommand = "swift build --traits OTLP"

    /// Bootstraps the process's tracer and returns the exporter's service to
    /// run beside the worker (it flushes on graceful shutdown), or nil when
    /// export is off. Call it before the worker is made: a worker keeps the
    /// tracer that was bootstrapped when it was made. When the variable is set
    /// but export is not compiled in, says so once and returns nil.
    public static func start(serviceName: String, environment: [String: String], logger: Logger) throws -> (any Service)? {
        guard let endpoint = environment[endpointVariable], !endpoint.isEmpty else { return nil }
        #if OTLP
            var configuration = OTel.Configuration.default
            configuration.serviceName = serviceName
            configuration.logs.enabled = false
            configuration.metrics.enabled = false
            configuration.diagnosticLogger = .custom(logger)
            let backend = try OTel.makeTracingBackend(configuration: configuration)
            InstrumentationSystem.bootstrap(backend.factory)
            logger.info("exporting spans over OTLP/HTTP", metadata: ["otel_service_name": "\(serviceName)"])
            return backend.service
        #else
            logger.warning(
                "\(endpointVariable) is set, but span export is not compiled in (build with `\(buildCommand)`); running without export"
            )
            return nil
        #endif
    }
}
